"""Telegram HTML measured and split the way Telegram counts it.

Telegram limits a message to 4096 characters (1024 for a caption) *after* entity parsing,
counted in UTF-16 code units. A text stored as HTML (`message.html_text` of what an
organiser typed, a reminder, a programme page) is longer than what Telegram counts, so
measuring or cutting the HTML is wrong both ways: a text under the limit gets split, and
the cut lands inside `<b>…</b>` ("Can't find end tag") or inside `&amp;`.

Here a text is parsed into (plain text, entities with UTF-16 offsets), measured and split
on the plain text, the entities are sliced per part, and each part is rendered again with
aiogram's own renderer (`aiogram.utils.text_decorations.HtmlDecoration.unparse`, which
works with UTF-16 offsets and closes every tag it opens), so every tag open across a cut
is closed at the end of one part and reopened at the start of the next.

Why the parser is hand-written: it follows Telegram's own (tdlib's `parse_html`), which is
not what `html.parser` does — that accepts `a<b` as a tag with an attribute `<b`, comments
and doctypes, decodes every HTML5 named entity (`&nbsp;`) where Telegram knows only
`lt gt amp quot` and numeric ones and keeps any other `&` as a literal, so it would count
and re-render a different text than Telegram shows. Neither aiogram nor a maintained
package parses Telegram's HTML dialect (aiogram only renders it). The renderer is
aiogram's, with two fixes in a subclass: link addresses are escaped, and a `pre` with a
language is written `<code class="language-x">` as Telegram reads it.
"""

from __future__ import annotations

import html
import logging
import unicodedata
from collections.abc import Sequence

from aiogram.types import MessageEntity
from aiogram.utils.text_decorations import HtmlDecoration

log = logging.getLogger(__name__)

MAX_MESSAGE = 4096
"""UTF-16 code units of a message's text after entity parsing."""
MAX_CAPTION = 1024
"""UTF-16 code units of a media caption after entity parsing."""

_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
    "a": "text_link",
    "tg-emoji": "custom_emoji",
    "blockquote": "blockquote",
}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACES = " \t\r\n\v\f"


class TelegramHTMLError(ValueError):
    """The text is not HTML that Telegram accepts (the message says where)."""


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


# --------------------------------------------------------------------------- parsing


def _entity(text: str, pos: int) -> tuple[str, int] | None:
    """tdlib's decode_html_entity: (character, position after it) or None."""
    n = len(text)
    end = pos + 1
    if end < n and text[end] == "#":
        end += 1
        code = 0
        hexa = end < n and text[end] == "x"
        end += hexa
        digits = "0123456789abcdefABCDEF" if hexa else "0123456789"
        while end < n and text[end] in digits:
            code = code * (16 if hexa else 10) + int(text[end], 16 if hexa else 10)
            end += 1
            if code >= 0x10FFFF:
                return None
        if code == 0 or 0xD800 <= code <= 0xDFFF:
            return None
        char = chr(code)
    else:
        while end < n and text[end].isascii() and text[end].isalpha():
            end += 1
        named = _NAMED.get(text[pos + 1 : end])
        if named is None:
            return None
        char = named
    if end < n and text[end] == ";":
        end += 1
    return char, end


def parse_html(text: str) -> tuple[str, list[MessageEntity]]:
    """Telegram's reading of an HTML text: the plain text and its entities (UTF-16).

    Raises `TelegramHTMLError` where Telegram would answer "can't parse entities".
    """
    n = len(text)
    out: list[str] = []
    u16 = 0
    entities: list[MessageEntity] = []
    stack: list[tuple[str, str, int]] = []  # (tag, argument, UTF-16 offset of its start)
    i = 0

    def at(k: int) -> str:
        return text[k] if k < n else ""

    def space(ch: str) -> bool:
        return ch == "" or ch in _SPACES

    while i < n:
        c = text[i]
        if c == "&" and (decoded := _entity(text, i)) is not None:
            char, i = decoded
            out.append(char)
            u16 += utf16_len(char)
            continue
        if c != "<":
            out.append(c)
            u16 += 2 if ord(c) > 0xFFFF else 1
            i += 1
            continue
        begin = i
        i += 1
        if at(i) != "/":
            while not space(at(i)) and at(i) != ">":
                i += 1
            tag = text[begin + 1 : i].lower()
            if at(i) == "" or tag not in _TAGS:
                raise TelegramHTMLError(f'unsupported or unclosed start tag "{tag}" at {begin}')
            argument = ""
            while at(i) != ">":
                while at(i) != "" and space(at(i)):
                    i += 1
                if at(i) == ">":
                    break
                name_begin = i
                while not space(at(i)) and at(i) not in "=>":
                    i += 1
                name = text[name_begin:i].lower()
                while at(i) != "" and space(at(i)):
                    i += 1
                if not name:
                    raise TelegramHTMLError(f'empty attribute name in the tag "{tag}" at {begin}')
                if at(i) != "=":
                    if tag == "blockquote" and name == "expandable":  # a flag
                        argument = "1"
                        continue
                    raise TelegramHTMLError(f'expected "=" in the tag "{tag}" at {begin}')
                i += 1
                while at(i) != "" and space(at(i)):
                    i += 1
                if at(i) in ("'", '"'):
                    quote, chars = at(i), []
                    i += 1
                    while at(i) not in (quote, ""):
                        if at(i) == "&" and (decoded := _entity(text, i)) is not None:
                            chars.append(decoded[0])
                            i = decoded[1]
                            continue
                        chars.append(at(i))
                        i += 1
                    i += at(i) == quote
                    value = "".join(chars)
                else:
                    value_begin = i
                    while at(i) != "" and ((at(i).isascii() and at(i).isalnum()) or at(i) in ".-"):
                        i += 1
                    value = text[value_begin:i].lower()
                    if not space(at(i)) and at(i) != ">":
                        raise TelegramHTMLError(f"bad attribute value at {value_begin}")
                if at(i) == "":
                    raise TelegramHTMLError(f'unclosed start tag "{tag}" at {begin}')
                if tag == "a" and name == "href":
                    argument = value
                elif tag == "code" and name == "class" and value.startswith("language-"):
                    argument = value[len("language-") :]
                elif tag == "span" and name == "class" and value.startswith("tg-"):
                    argument = value[len("tg-") :]
                elif tag == "tg-emoji" and name == "emoji-id":
                    argument = value
                elif tag == "blockquote" and name == "expandable":
                    argument = "1"
            if tag == "span" and argument != "spoiler":
                raise TelegramHTMLError(f'tag "span" must have class "tg-spoiler" at {begin}')
            stack.append((tag, argument, u16))
            i += 1
            continue
        if not stack:
            raise TelegramHTMLError(f"unexpected end tag at {begin}")
        while not space(at(i)) and at(i) != ">":
            i += 1
        end_name = text[begin + 2 : i].lower()
        while at(i) != "" and space(at(i)):
            i += 1
        if at(i) != ">":
            raise TelegramHTMLError(f"unclosed end tag at {begin}")
        tag, argument, start = stack.pop()
        if end_name and end_name != tag:
            raise TelegramHTMLError(f'end tag "{end_name}" where "{tag}" is open, at {begin}')
        i += 1
        length = u16 - start
        if length <= 0 or (tag == "a" and not argument):
            continue
        kind = _TAGS[tag]
        extra: dict[str, str] = {}
        if tag == "a":
            extra["url"] = argument
        elif tag == "tg-emoji":
            extra["custom_emoji_id"] = argument
        elif tag == "blockquote" and argument:
            kind = "expandable_blockquote"
        elif tag == "code" and argument:
            extra["language"] = argument
        elif tag == "pre":
            # <pre><code class="language-x">…</code></pre> is one pre entity with a language
            for inner in entities:
                if (inner.type, inner.offset, inner.length) == ("code", start, length):
                    if inner.language:
                        extra["language"] = inner.language
                    entities.remove(inner)
                    break
        entities.append(
            MessageEntity(
                type=kind,
                offset=start,
                length=length,
                url=extra.get("url"),
                language=extra.get("language"),
                custom_emoji_id=extra.get("custom_emoji_id"),
            )
        )
    if stack:
        raise TelegramHTMLError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return "".join(out), _ordered(entities)


def _ordered(entities: Sequence[MessageEntity]) -> list[MessageEntity]:
    # Outer before inner: aiogram's unparse sorts by offset only (a stable sort).
    return sorted(entities, key=lambda e: (e.offset, -e.length))


def parsed_length(text: str) -> int:
    """UTF-16 length of the text Telegram shows for this HTML (of the text itself if it
    is not valid Telegram HTML)."""
    try:
        plain, _ = parse_html(text)
    except TelegramHTMLError:
        plain = text
    return utf16_len(plain)


# --------------------------------------------------------------------------- rendering


class _Decoration(HtmlDecoration):
    """aiogram's HTML renderer, with the link address escaped and `pre`'s language
    written as Telegram reads it."""

    def link(self, value: str, link: str) -> str:
        return f'<a href="{html.escape(link, quote=True)}">{value}</a>'

    def pre_language(self, value: str, language: str) -> str:
        lang = html.escape(language, quote=True)
        return f'<pre><code class="language-{lang}">{value}</code></pre>'

    def custom_emoji(self, value: str, custom_emoji_id: str) -> str:
        emoji_id = html.escape(custom_emoji_id, quote=True)
        return f'<tg-emoji emoji-id="{emoji_id}">{value}</tg-emoji>'


_decoration = _Decoration()


def render(text: str, entities: Sequence[MessageEntity]) -> str:
    """Telegram HTML for a plain text and its entities (UTF-16 offsets)."""
    return _decoration.unparse(text, _ordered(entities))


# --------------------------------------------------------------------------- splitting

_ZWJ = "\u200d"


def _continues(ch: str) -> bool:
    """A character that belongs to the one before it (an emoji modifier, a combining
    mark, a variation selector, a keycap or tag character)."""
    code = ord(ch)
    return (
        ch == _ZWJ
        or 0xFE00 <= code <= 0xFE0F
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F
        or code == 0x20E3
        or unicodedata.category(ch) in ("Mn", "Me", "Mc")
    )


def _regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def _can_cut(text: str, i: int, atoms: Sequence[tuple[int, int]]) -> bool:
    """Whether a part may end before `text[i]` without splitting a character cluster
    (an emoji sequence, a flag, a letter with its accents, CR LF) or a custom emoji."""
    if i <= 0 or i >= len(text):
        return True
    before, ch = text[i - 1], text[i]
    if _continues(ch) or before == _ZWJ or (before == "\r" and ch == "\n"):
        return False
    if _regional(before) and _regional(ch):
        run = 0
        k = i - 1
        while k >= 0 and _regional(text[k]):
            run += 1
            k -= 1
        if run % 2 == 1:  # `before` opens a flag that `ch` closes
            return False
    return not any(a < i < b for a, b in atoms)


def _cut(text: str, start: int, hard: int, atoms: Sequence[tuple[int, int]]) -> int:
    """Where the part that starts at `start` ends (at most `hard`): after a paragraph
    break, else a line break, else a space, in the part's second half; else as far as
    possible without splitting a character cluster."""
    window = text[start:hard]
    first = hard - len(window.lstrip())  # a part is more than whitespace
    if first >= hard:
        return hard
    lowest = max(first, start + (hard - start) // 2)  # not a tiny part for a nicer cut
    for sep in ("\n\n", "\n"):
        at = text.rfind(sep, lowest, hard)
        if at >= 0:
            return at + len(sep)
    for k in range(hard - 1, lowest - 1, -1):
        if text[k].isspace() and _can_cut(text, k + 1, atoms):
            return k + 1
    cut = hard
    while cut > start + 1 and not _can_cut(text, cut, atoms):
        cut -= 1
    return cut if _can_cut(text, cut, atoms) else hard


def _clip(entities: Sequence[MessageEntity], a: int, b: int) -> list[MessageEntity]:
    """The entities of the UTF-16 range [a, b), with offsets from `a`."""
    clipped = []
    for e in entities:
        lo, hi = max(e.offset, a), min(e.offset + e.length, b)
        if hi > lo:
            clipped.append(e.model_copy(update={"offset": lo - a, "length": hi - lo}))
    return _ordered(clipped)


def split_plain(
    text: str, entities: Sequence[MessageEntity], limit: int = MAX_MESSAGE
) -> list[tuple[str, list[MessageEntity]]]:
    """Cut a plain text with its entities into parts of at most `limit` UTF-16 units.

    The whitespace where a part ends stays at its end (Telegram trims it), so the parts
    put together give the text back; a part of only whitespace is left out.
    """
    offsets = [0]  # UTF-16 offset of every character (and of the end)
    for ch in text:
        offsets.append(offsets[-1] + (2 if ord(ch) > 0xFFFF else 1))
    if offsets[-1] <= limit:
        return [(text, list(entities))]
    index = {u: k for k, u in enumerate(offsets)}
    atoms = [
        (index.get(e.offset, 0), index.get(e.offset + e.length, len(text)))
        for e in entities
        if e.type == "custom_emoji"
    ]
    parts: list[tuple[str, list[MessageEntity]]] = []
    start = 0
    while start < len(text):
        hard = start
        while hard < len(text) and offsets[hard + 1] - offsets[start] <= limit:
            hard += 1
        hard = max(hard, start + 1)
        end = len(text) if hard == len(text) else _cut(text, start, hard, atoms)
        piece = text[start:end]
        if piece.strip():
            parts.append((piece, _clip(entities, offsets[start], offsets[end])))
        start = end
    return parts


def split_html(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Telegram HTML cut into messages of at most `limit` (UTF-16, after parsing).

    A text that fits comes back as it is. Otherwise every part is valid HTML on its own:
    the tags open across a cut are closed and reopened, and no `&amp;` is cut. Text that
    is not valid Telegram HTML is left as it is (cut like plain text if long): Telegram
    refuses it, and the delivery fails at once with Telegram's reason, where it can be
    seen, rather than showing tags to every recipient.
    """
    if utf16_len(text) <= limit:  # parsing only makes a text shorter
        return [text]
    try:
        plain, entities = parse_html(text)
    except TelegramHTMLError as exc:
        log.warning("not valid Telegram HTML (%s)", exc)
        return [piece for piece, _ in split_plain(text, [], limit)]
    if utf16_len(plain) <= limit:
        return [text]
    return [render(piece, ents) for piece, ents in split_plain(plain, entities, limit)]


def fit_html(text: str, limit: int = MAX_MESSAGE, ellipsis: str = "…") -> str:
    """The text, or as much of it as fits in one message followed by `ellipsis`, cut
    like `split_html` (no tag or `&amp;` cut in half): for a place that shows one
    message. A long text that is not valid Telegram HTML is shown escaped."""
    if utf16_len(text) <= limit:  # parsing only makes a text shorter
        return text
    try:
        plain, entities = parse_html(text)
    except TelegramHTMLError:
        plain, entities = text, []
        text = html.escape(text, quote=False)
    if utf16_len(plain) <= limit:
        return text
    piece, ents = split_plain(plain, entities, limit - utf16_len(ellipsis))[0]
    piece = piece.rstrip()
    return render(piece + ellipsis, _clip(ents, 0, utf16_len(piece)))
