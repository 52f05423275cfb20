"""Every typed text normalised once, before any filter or handler reads it.

Telegram delivers what the user's keyboard produced: no-break and ideographic spaces,
line and paragraph separators, zero-width characters, control characters. Read raw, a
text of only such characters looked like something (`"\\u200b".split()` is not empty) or
like nothing at all (`"\\u3000".split()` is `[]`, and indexing it crashed the staff
gate). `TypedTextMiddleware` (an outer middleware on `dp.update`, the first after the
update ledger) replaces the update's message — text and caption, of new and edited
messages — with a normalised copy (aiogram objects are frozen pydantic models:
`model_copy`):

- Unicode spaces (category Zs) and tabs become a plain space; line breaks of any kind
  (`\\r\\n`, `\\r`, `\\x0b`, `\\x0c`, `\\x1c`–`\\x1e`, `\\x85`, U+2028, U+2029) become `\\n`;
- other control characters (Cc) and invisible format characters (Cf: zero-width space,
  word joiner, byte order mark, bidi controls, soft hyphen) are removed — except a
  zero-width (non-)joiner between two visible characters (emoji sequences such as 👨‍👩‍👧,
  Persian and Indic words) and the tag characters of flag emoji;
- the result is stripped. A text of nothing but such characters becomes `""` (still a
  text message, so the screen where the user is answers with its own "please type …");
  a caption becomes None.

The invisible tail aiogram-dialog appends to the text of its reply-keyboard buttons
(zero-width characters encoding the button's callback data) is kept as it is.

Entities (bold, links, commands) are moved to the new offsets (UTF-16 code units, as
Telegram counts them), so `message.html_text` stays right. Hand-written: the rules are a
few lines over `unicodedata`, and no library maps message entities along with the text.

An edited message is normalised the same way and then handed on as a new message with
`typed_edit=True` in the handler data (see `handlers/edits.py`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Message, MessageEntity, TelegramObject, Update
from aiogram_dialog.utils import CB_SEP, split_reply_callback

from core.typed_text import EDIT_KEY
from core.typed_text import normalise_with_entities as _normalise_with_entities

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


def _reply_button_tail(text: str) -> str:
    """The invisible tail by which aiogram-dialog recognises a tap on one of its reply
    keyboard buttons ("" if none): kept as it is."""
    visible, data = split_reply_callback(text)
    if visible is None or not data or CB_SEP not in data:
        return ""
    return text[len(visible) :]


def normalise_with_entities(
    text: str, entities: list[MessageEntity] | None
) -> tuple[str, list[MessageEntity] | None]:
    """The normalised text and its entities at their new offsets (empty ones dropped);
    the invisible tail of a reply-keyboard button of aiogram-dialog kept as it is."""
    if text.isprintable() and text[:1] != " " and text[-1:] != " ":
        return text, entities  # most texts: nothing to do
    try:
        tail = _reply_button_tail(text)
    except (ValueError, UnicodeDecodeError):  # invisible characters typed, not a button
        tail = ""
    return _normalise_with_entities(text, entities, tail)


def normalise_message(message: Message) -> Message:
    """A copy of `message` with its text or caption normalised (the same object if
    nothing changes)."""
    changes: dict[str, Any] = {}
    if message.text is not None:
        text, entities = normalise_with_entities(message.text, message.entities)
        if text != message.text:
            changes.update(text=text, entities=entities)
    if message.caption is not None:
        caption, entities = normalise_with_entities(message.caption, message.caption_entities)
        if caption != message.caption:
            changes.update(caption=caption or None, caption_entities=entities if caption else None)
    return message.model_copy(update=changes) if changes else message


class TypedTextMiddleware(BaseMiddleware):
    """Normalises the message of an update (new or edited) before anything reads it; an
    edited message continues as a message, marked with `typed_edit` in the data."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        if event.message is not None:
            message = normalise_message(event.message)
            if message is not event.message:
                event = event.model_copy(update={"message": message})
                data["event_update"] = event
        elif event.edited_message is not None:
            message = normalise_message(event.edited_message)
            event = event.model_copy(update={"message": message, "edited_message": None})
            data["event_update"] = event
            data[EDIT_KEY] = True
        return await handler(event, data)
