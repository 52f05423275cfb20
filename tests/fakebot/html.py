"""Telegram's HTML parse mode, as the fake checks it (entities, strict `&`)."""

from __future__ import annotations

from typing import Any

from tests.fakebot.common import HTMLParseError

# --------------------------------------------------------------------------- HTML parsing

_SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
    }
)
_TAG_ENTITY = {
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
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HEX = frozenset("0123456789abcdefABCDEF")


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _is_space(ch: str) -> bool:
    # tdlib's is_space() also treats the terminating NUL (our "") as a space
    return ch == "" or ch in " \t\r\n\v\f"


def _decode_html_entity(text: str, pos: int) -> tuple[str, int] | None:
    """Port of tdlib's decode_html_entity: returns (character, new position) or None."""
    n = len(text)
    end = pos + 1
    if end < n and text[end] == "#":
        end += 1
        code = 0
        if end < n and text[end] == "x":
            end += 1
            while end < n and text[end] in _HEX:
                code = code * 16 + int(text[end], 16)
                end += 1
                if code >= 0x10FFFF:
                    return None
        else:
            while end < n and text[end].isascii() and text[end].isdigit():
                code = code * 10 + int(text[end])
                end += 1
                if code >= 0x10FFFF:
                    return None
        if code == 0 or 0xD800 <= code <= 0xDFFF:
            return None
        char = chr(code)
    else:
        while end < n and text[end].isascii() and text[end].isalpha():
            end += 1
        named = _NAMED_ENTITIES.get(text[pos + 1 : end])
        if named is None:
            return None
        char = named
    if end < n and text[end] == ";":
        end += 1
    return char, end


def parse_html(text: str, *, strict_ampersand: bool = True) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram-flavoured HTML the way the Bot API does (a port of tdlib's parse_html).

    Returns ``(plain_text, entities)`` with UTF-16 offsets, or raises :class:`HTMLParseError`
    with Telegram's wording (``Unsupported start tag "br" at byte offset 5`` ...).

    Real Telegram keeps an ``&`` that doesn't start a known entity as a literal character;
    with ``strict_ampersand`` (the default) such an ``&`` is rejected instead, which catches
    user-provided strings that were not passed through ``html.escape``.
    """
    n = len(text)

    def at(i: int) -> str:
        return text[i] if i < n else ""

    def boff(i: int) -> int:
        return len(text[:i].encode("utf-8"))

    out: list[str] = []
    u16 = 0
    entities: list[dict[str, Any]] = []
    # (tag, argument, utf16 offset where it started)
    stack: list[tuple[str, str, int]] = []
    i = 0
    while i < n:
        c = text[i]
        if c == "&":
            decoded = _decode_html_entity(text, i)
            if decoded is not None:
                char, i = decoded
                out.append(char)
                u16 += _utf16_len(char)
                continue
            if strict_ampersand:
                raise HTMLParseError(
                    f'Unescaped "&" at byte offset {boff(i)}; use "&amp;" for a literal ampersand'
                )
        if c != "<":
            out.append(c)
            u16 += _utf16_len(c)
            i += 1
            continue

        begin = i
        i += 1
        if at(i) != "/":
            # start tag
            while not _is_space(at(i)) and at(i) != ">":
                i += 1
            if at(i) == "":
                raise HTMLParseError(f"Unclosed start tag at byte offset {boff(begin)}")
            tag = text[begin + 1 : i].lower()
            if tag not in _SUPPORTED_TAGS:
                raise HTMLParseError(f'Unsupported start tag "{tag}" at byte offset {boff(begin)}')
            argument = ""
            while at(i) != ">":
                while at(i) != "" and _is_space(at(i)):
                    i += 1
                if at(i) == ">":
                    break
                attr_begin = i
                while not _is_space(at(i)) and at(i) not in ("=", ">"):
                    i += 1
                attr_name = text[attr_begin:i].lower()
                if not attr_name:
                    raise HTMLParseError(
                        f'Empty attribute name in the tag "{tag}" at byte offset {boff(begin)}'
                    )
                while at(i) != "" and _is_space(at(i)):
                    i += 1
                if at(i) != "=":
                    if tag == "blockquote" and attr_name == "expandable":
                        argument = "1"
                        continue
                    raise HTMLParseError(
                        "Expected equal sign in declaration of an attribute of the tag "
                        f'"{tag}" at byte offset {boff(begin)}'
                    )
                i += 1
                while at(i) != "" and _is_space(at(i)):
                    i += 1
                if at(i) == "":
                    raise HTMLParseError(f"Unclosed start tag at byte offset {boff(begin)}")
                if at(i) not in ("'", '"'):
                    token_begin = i
                    while at(i) != "" and ((at(i).isascii() and at(i).isalnum()) or at(i) in ".-"):
                        i += 1
                    value = text[token_begin:i].lower()
                    if not _is_space(at(i)) and at(i) != ">":
                        raise HTMLParseError(
                            f"Unexpected end of name token at byte offset {boff(token_begin)}"
                        )
                else:
                    quote = at(i)
                    i += 1
                    chars: list[str] = []
                    while at(i) != quote and at(i) != "":
                        if at(i) == "&":
                            decoded = _decode_html_entity(text, i)
                            if decoded is not None:
                                chars.append(decoded[0])
                                i = decoded[1]
                                continue
                        chars.append(at(i))
                        i += 1
                    if at(i) == quote:
                        i += 1
                    value = "".join(chars)
                if at(i) == "":
                    raise HTMLParseError(f"Unclosed start tag at byte offset {boff(begin)}")
                if tag == "a" and attr_name == "href":
                    argument = value
                elif tag == "code" and attr_name == "class" and value.startswith("language-"):
                    argument = value[len("language-") :]
                elif tag == "span" and attr_name == "class" and value.startswith("tg-"):
                    argument = value[len("tg-") :]
                elif tag == "tg-emoji" and attr_name == "emoji-id":
                    argument = value
                elif tag == "blockquote" and attr_name == "expandable":
                    argument = "1"
            if tag == "span" and argument != "spoiler":
                raise HTMLParseError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {boff(begin)}'
                )
            stack.append((tag, argument, u16))
            i += 1  # skip ">"
            continue

        # end tag
        if not stack:
            raise HTMLParseError(f"Unexpected end tag at byte offset {boff(begin)}")
        while not _is_space(at(i)) and at(i) != ">":
            i += 1
        end_name = text[begin + 2 : i].lower()
        while at(i) != "" and _is_space(at(i)):
            i += 1
        if at(i) != ">":
            raise HTMLParseError(f"Unclosed end tag at byte offset {boff(begin)}")
        tag, argument, start = stack.pop()
        if end_name and end_name != tag:
            raise HTMLParseError(
                f"Unmatched end tag at byte offset {boff(begin)}, "
                f'expected "</{tag}>", found "</{end_name}>"'
            )
        i += 1  # skip ">"
        length = u16 - start
        if length <= 0:
            continue
        entity: dict[str, Any] = {"offset": start, "length": length}
        if tag == "a":
            if not argument:
                continue
            entity.update(type="text_link", url=argument)
        elif tag == "blockquote":
            entity["type"] = "expandable_blockquote" if argument else "blockquote"
        elif tag == "tg-emoji":
            entity.update(type="custom_emoji", custom_emoji_id=argument)
        else:
            entity["type"] = _TAG_ENTITY[tag]
            if tag == "code" and argument:
                entity["language"] = argument
            if tag == "pre":
                # <pre><code class="language-x">...</code></pre> -> one pre entity with language
                for inner in entities:
                    if (
                        inner["type"] == "code"
                        and inner["offset"] == start
                        and inner["length"] == length
                    ):
                        if "language" in inner:
                            entity["language"] = inner["language"]
                        entities.remove(inner)
                        break
        entities.append(entity)

    if stack:
        raise HTMLParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities
