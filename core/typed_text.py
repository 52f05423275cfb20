"""Typed text normalised: the pure rules behind `bot.typed_text.TypedTextMiddleware`.

What the middleware does to every typed text (see its module docstring): Unicode spaces
become plain spaces, line breaks `\\n`, invisible and control characters go, the text is
stripped, and message entities move to the new offsets. Here without any Telegram
machinery, so the handlers (which read `EDIT_KEY`) and the tests reach it from below the
runtime layer. Hand-written: the rules are a few lines over `unicodedata`, and no library
maps message entities along with the text.
"""

from __future__ import annotations

import unicodedata

from aiogram.types import MessageEntity

EDIT_KEY = "typed_edit"
"""Handler data: True when the message is an edit of an earlier one."""

_NEWLINES = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_JOINERS = frozenset("\u200c\u200d")


def _visible(ch: str) -> bool:
    return bool(ch) and unicodedata.category(ch)[0] not in "ZC"


def _mapped(text: str) -> list[str]:
    """What each character of `text` becomes ("" when removed); not yet stripped."""
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch.isprintable():  # neither a separator (but " ") nor "other": kept
            out.append(ch)
        elif ch in _NEWLINES:
            # \r\n is one line break.
            out.append("" if ch == "\n" and i > 0 and text[i - 1] == "\r" else "\n")
        elif ch == "\t":
            out.append(" ")
        else:
            category = unicodedata.category(ch)
            if category == "Zs":
                out.append(" ")
            elif category == "Cc":
                out.append("")
            elif category == "Cf":
                if ch in _JOINERS:
                    before = text[i - 1] if i > 0 else ""
                    after = text[i + 1] if i + 1 < len(text) else ""
                    out.append(ch if _visible(before) and _visible(after) else "")
                elif 0xE0020 <= ord(ch) <= 0xE007F:  # tags: subdivision flags 🏴󠁧󠁢󠁳󠁣󠁴󠁿
                    out.append(ch)
                else:
                    out.append("")
            else:
                out.append(ch)
    # Strip: drop what maps to nothing but spaces at either end.
    for order in (range(len(out)), range(len(out) - 1, -1, -1)):
        for i in order:
            if out[i].strip():
                break
            out[i] = ""
    return out


def normalise(text: str) -> str:
    """The text as every filter and handler reads it (see the module docstring)."""
    return "".join(_mapped(text))


def normalise_with_entities(
    text: str, entities: list[MessageEntity] | None, tail: str = ""
) -> tuple[str, list[MessageEntity] | None]:
    """The normalised text and its entities at their new offsets (empty ones dropped);
    `tail`, a suffix of `text` (the invisible data of a reply-keyboard button), is kept
    as it is."""
    if text.isprintable() and text[:1] != " " and text[-1:] != " ":
        return text, entities  # most texts: nothing to do
    pieces = _mapped(text[: len(text) - len(tail)]) + list(tail)
    if not entities:
        return "".join(pieces), entities
    # new_at[k]: the new UTF-16 offset of old UTF-16 offset k (at character boundaries).
    new_at: dict[int, int] = {}
    old = new = 0
    for ch, piece in zip(text, pieces, strict=True):
        new_at[old] = new
        units = 1 if ord(ch) < 0x10000 else 2
        old += units
        new += 0 if not piece else units if piece == ch else 1  # else: " " or "\n"
    new_at[old] = new
    moved: list[MessageEntity] = []
    for entity in entities:
        start = new_at.get(entity.offset)
        end = new_at.get(entity.offset + entity.length)
        if start is None or end is None or end <= start:
            continue
        moved.append(entity.model_copy(update={"offset": start, "length": end - start}))
    return "".join(pieces), moved or None
