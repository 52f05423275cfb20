"""Edited messages: taken as the answer while the screen still waits for it, else explained.

Telegram sends an `edited_message` when a user fixes a typo in a message already sent.
`bot.typed_text.TypedTextMiddleware` turns it into a message marked `typed_edit`; this
router, the first of `handlers_router()`, decides what becomes of it:

- The edit is taken as the answer when it is an edit of the last message a dialog window
  read and that window still waits for the same answer (the input was refused: the
  dialog is at the same state with the same data). `RememberTypedInput`, an inner
  middleware of the dialogs' router, notes such a message in the dialog's data (key
  `PENDING`); it is saved with the dialog's context, which a refused input changes
  anyway (its error), so it costs no extra write.
- Any other edit gets a short reply saying how to change the answer (✏️ on the
  registration's or the survey's summary), so nobody believes an edit was read.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Router
from aiogram.enums import ChatType
from aiogram.filters import Filter
from aiogram.types import Message, TelegramObject
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.api.entities import Context

from core.i18n import Translator
from core.typed_text import EDIT_KEY
from ui.patches import open_dialog_context
from ui.states import MainSG, ProfileSG, RegistrationSG, SurveysSG

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]

PENDING = "_in"
"""dialog_data key: [message id, state] of a typed input the window refused."""
_VOLATILE = frozenset({PENDING, "err", "err_args"})


def _position(context: Context | None) -> str | None:
    """Where a dialog stands: its intent, state and data (minus errors shown)."""
    if context is None:
        return None
    data = {k: v for k, v in context.dialog_data.items() if k not in _VOLATILE}
    return json.dumps([context.id, context.state.state, data], sort_keys=True, default=str)


class RememberTypedInput(BaseMiddleware):
    """Inner middleware of the dialogs' router: a typed message after which the dialog
    stands where it stood (refused, same question) is remembered as pending."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if not isinstance(event, Message) or event.text is None:
            return await handler(event, data)
        before = _position(open_dialog_context(data))
        result = await handler(event, data)
        context: Context | None = open_dialog_context(data)
        # The main menu answers a typed question and stays: nothing was refused there.
        if context is not None and context.state.group is not MainSG:
            if before is not None and _position(context) == before:
                context.dialog_data[PENDING] = [event.message_id, context.state.state]
            else:
                context.dialog_data.pop(PENDING, None)
        return result


def waits_for(message: Message, context: Context | None) -> bool:
    """Is the open window still waiting for the answer this edited message gave?"""
    if context is None or (message.text or "").startswith("/"):
        return False
    return context.dialog_data.get(PENDING) == [message.message_id, context.state.state]


class NotTakenEdit(Filter):
    """An edited message that is not taken as an answer (in a group: never taken)."""

    async def __call__(self, message: Message, **data: Any) -> bool:
        if not data.get(EDIT_KEY):
            return False
        if message.chat.type != ChatType.PRIVATE:
            return True
        return not waits_for(message, open_dialog_context(data))


async def on_edit(
    message: Message, l10n: Translator, dialog_manager: DialogManager, **data: Any
) -> None:
    """Say how to change the answer (in a private chat; an edit in a group is dropped:
    a ticket answer edited in the helpdesk group must not be relayed again)."""
    if message.chat.type != ChatType.PRIVATE:
        return
    context: Context | None = open_dialog_context(data)
    group = context.state.group if context is not None else None
    if group in (RegistrationSG, ProfileSG):
        key = "edit-ignored-registration"
    elif group is SurveysSG:
        key = "edit-ignored-survey"
    else:
        key = "edit-ignored"
    await message.reply(l10n(key))
    if dialog_manager.has_context():  # the open window again, below the hint
        await dialog_manager.show(ShowMode.DELETE_AND_SEND)


async def on_raw_edit(message: Message, l10n: Translator) -> None:
    """Only without `TypedTextMiddleware` (which turns edits into messages); registered so
    that the bot asks Telegram for edited messages (`resolve_used_update_types`)."""
    await message.reply(l10n("edit-ignored"))


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(on_edit, NotTakenEdit())
    r.edited_message.register(on_raw_edit)
    return r
