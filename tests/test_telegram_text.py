"""The splitter of long Telegram HTML texts (core/telegram_text.py).

Every part must be accepted by the fake's strict parser (a port of Telegram's), fit the
limit as Telegram counts it (UTF-16 after parsing), and the parts together must give the
original text with the same formatting on every character.
"""

from __future__ import annotations

import html
import itertools
import random
from collections import Counter
from typing import Any

import pytest

from core.telegram_text import (
    MAX_MESSAGE,
    fit_html,
    parse_html,
    parsed_length,
    split_html,
    utf16_len,
)
from tests.fakebot import parse_html as telegram_parse

Style = tuple[str, str, str, str]


def _key(entity: dict[str, Any]) -> Style:
    return (
        entity["type"],
        str(entity.get("url") or ""),
        str(entity.get("language") or ""),
        str(entity.get("custom_emoji_id") or ""),
    )


def styles(text: str, entities: list[dict[str, Any]]) -> list[tuple[int, tuple[Style, ...]]]:
    """The formatting of `text` as runs: (UTF-16 length, the entities over it)."""
    events: dict[int, list[tuple[int, Style]]] = {0: [], utf16_len(text): []}
    for entity in entities:
        events.setdefault(entity["offset"], []).append((1, _key(entity)))
        events.setdefault(entity["offset"] + entity["length"], []).append((-1, _key(entity)))
    active: Counter[Style] = Counter()
    runs: list[tuple[int, tuple[Style, ...]]] = []
    points = sorted(events)
    for at, nxt in itertools.pairwise(points):
        for change, key in events[at]:
            active[key] += change
        runs.append((nxt - at, tuple(sorted(active.elements()))))
    return runs


def merged(runs: list[tuple[int, tuple[Style, ...]]]) -> list[tuple[int, tuple[Style, ...]]]:
    out: list[tuple[int, tuple[Style, ...]]] = []
    for length, style in runs:
        if out and out[-1][1] == style:
            out[-1] = (out[-1][0] + length, style)
        elif length:
            out.append((length, style))
    return out


def check_parts(source: str, parts: list[str], limit: int) -> None:
    """The properties every split must have."""
    plain, entities = telegram_parse(source)
    joined_text = ""
    joined_styles: list[tuple[int, tuple[Style, ...]]] = []
    for part in parts:
        text, ents = telegram_parse(part)  # raises on invalid HTML, a cut `&amp;` included
        assert utf16_len(text) <= limit, (utf16_len(text), part[:80])
        assert text.strip(), "an empty message"
        joined_text += text
        joined_styles += styles(text, ents)
    assert joined_text == plain
    # Every tag open across a cut was closed in one part and reopened in the next.
    assert merged(joined_styles) == merged(styles(plain, entities))


# --------------------------------------------------------------------------- the cases


def test_a_formatted_text_under_the_limit_is_one_message() -> None:
    """#15: 3,960 characters of bold with `<3 R&D` (as the composer escapes it)."""
    plain = ("<3 R&D " * 600)[:3960]
    source = f"<b>{html.escape(plain, quote=False)}</b>"
    assert len(source) > MAX_MESSAGE  # the HTML is longer than what Telegram counts
    assert parsed_length(source) == 3960
    assert split_html(source) == [source]


def test_no_entity_is_cut_in_half() -> None:
    """#15: a long text of `&` came as pieces starting `p;&&&`."""
    source = html.escape("&" * 9000, quote=False)
    parts = split_html(source)
    assert len(parts) == 3
    check_parts(source, parts, MAX_MESSAGE)
    assert all(part.startswith("&amp;") and part.endswith("&amp;") for part in parts)


def test_a_long_bold_text_is_closed_and_reopened() -> None:
    words = " ".join(f"R&D <{i}>" for i in range(500))
    source = f'<b>{html.escape(words)} <a href="https://example.org/?a=1&amp;b=2">link</a></b>'
    parts = split_html(source)
    assert len(parts) == 2
    assert all(p.startswith("<b>") and p.endswith("</b>") for p in parts)
    check_parts(source, parts, MAX_MESSAGE)


def test_emoji_count_twice() -> None:
    source = "😀" * 3000  # 3,000 characters, 6,000 UTF-16 units
    parts = split_html(source)
    assert [utf16_len(p) for p in parts] == [4096, 1904]
    check_parts(source, parts, MAX_MESSAGE)


def test_paragraphs_then_lines_then_spaces() -> None:
    paragraphs = ["\n".join(["word " * 100] * 3) for _ in range(6)]  # 1,502 characters each
    source = "\n\n".join(paragraphs)
    parts = split_html(source)
    assert [p.rstrip("\n") for p in parts] == ["\n\n".join(paragraphs[:2])] * 3
    one_paragraph = "\n".join(["word " * 100] * 12)
    parts = split_html(one_paragraph)
    assert parts[0].endswith("\n") and len(parts) == 2
    one_line = "word " * 1000
    parts = split_html(one_line)
    assert parts[0].endswith("word ") and "".join(parts) == one_line


def test_a_cut_does_not_split_an_emoji_sequence() -> None:
    family = "👨\u200d👩\u200d👧\u200d👦"  # 11 UTF-16 units
    for shift in range(12):
        source = "x" * (MAX_MESSAGE - shift) + family * 3
        parts = split_html(source)
        check_parts(source, parts, MAX_MESSAGE)
        assert sum(p.count(family) for p in parts) == 3, shift
    flags = "🇫🇷🇩🇪" * 10
    source = "y" * (MAX_MESSAGE - 3) + flags
    parts = split_html(source)
    assert sum(p.count("🇫🇷") for p in parts) == 10


def test_a_custom_emoji_is_not_cut() -> None:
    emoji = '<tg-emoji emoji-id="5368324170671202286">👍🏽</tg-emoji>'
    source = "z" * (MAX_MESSAGE - 3) + emoji + "z" * 10
    parts = split_html(source)
    check_parts(source, parts, MAX_MESSAGE)
    assert emoji in parts[1]


def test_pre_with_a_language_keeps_it() -> None:
    code = html.escape("if a < b && c:\n    pass\n" * 300)
    source = f'<pre><code class="language-python">{code}</code></pre>'
    parts = split_html(source)
    assert len(parts) == 2
    check_parts(source, parts, MAX_MESSAGE)
    for part in parts:
        _, entities = telegram_parse(part)
        assert [(e["type"], e.get("language")) for e in entities] == [("pre", "python")]


def test_invalid_html_is_left_for_telegram_to_refuse() -> None:
    assert split_html("a < b") == ["a < b"]
    source = "<b>unclosed " + "x " * 3000
    parts = split_html(source)
    assert "".join(parts) == source and all(utf16_len(p) <= MAX_MESSAGE for p in parts)
    shown = fit_html("a < b " * 1000, 100)  # for showing: escaped, then shortened
    text = telegram_parse(shown)[0]
    assert text.endswith("…") and ("a < b " * 1000).startswith(text[:-1]) and len(text) > 90


def test_fit_html_shortens_with_an_ellipsis() -> None:
    source = "<i>" + html.escape("R&D <x> " * 100) + "</i>"
    shown = fit_html(source, 100)
    text, entities = telegram_parse(shown)
    assert utf16_len(text) <= 100 and text.endswith("…") and entities[0]["type"] == "italic"
    assert fit_html("<b>short &amp; bold</b>", 100) == "<b>short &amp; bold</b>"


def test_the_parser_agrees_with_the_fake() -> None:
    source = (
        "<b>b<strong>s</strong></b><i>i<em>e</em></i><u>u<ins>n</ins></u><s>s<strike>t</strike>"
        '<del>d</del></s><a href="https://e.org/?q=&quot;x&quot;">a</a><code>c</code>'
        '<pre>p</pre><pre><code class="language-go">g</code></pre>'
        '<span class="tg-spoiler">sp</span><tg-spoiler>t</tg-spoiler>'
        "<blockquote>q</blockquote><blockquote expandable>x</blockquote>"
        '<tg-emoji emoji-id="1">👍</tg-emoji> &lt;&gt;&amp;&quot;&#60;&#x3c; R&D &nbsp;'
    )
    plain, entities = parse_html(source)
    expected_plain, expected = telegram_parse(source, strict_ampersand=False)
    assert plain == expected_plain
    assert sorted((*_key(e.model_dump()), e.offset, e.length) for e in entities) == sorted(
        (*_key(e), e["offset"], e["length"]) for e in expected
    )


# --------------------------------------------------------------------------- random texts

_WORDS = [
    "word",
    "R&D",
    "<3",
    "a<b",
    "x>y",
    '"quoted"',
    "😀",
    "👍🏽",
    "👨\u200d👩\u200d👧",
    "🇫🇷",
    "é",
    "e\u0301",
    "会议",
    "参加者の皆様",
    "مرحبا",
    "שלום",
    "Привет",
    "1️⃣",
]
_INLINE_TAGS = [
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "tg-spoiler",
    "a",
    "span",
    "code",
    "emoji",
]
_SEPARATORS = [" ", " ", " ", "\n", "\n\n", "\t", "\u00a0"]
_CLUSTERS = ["👍🏽", "👨\u200d👩\u200d👧", "🇫🇷", "e\u0301", "1️⃣"]


def _words(rng: random.Random, count: int) -> str:
    out = []
    for _ in range(count):
        word = rng.choice(_WORDS)
        if rng.random() < 0.05:
            word *= rng.randint(5, 40)  # a long word: cut anywhere
        out.append(html.escape(word, quote=False) + rng.choice(_SEPARATORS))
    return "".join(out)


def _inline(rng: random.Random, depth: int) -> str:
    pieces = []
    for _ in range(rng.randint(1, 5)):
        kind = rng.random()
        if depth >= 3 or kind < 0.45:
            pieces.append(_words(rng, rng.randint(1, 40)))
            continue
        inner = _inline(rng, depth + 1)
        tag = rng.choice(_INLINE_TAGS)
        if tag == "a":
            url = html.escape(f'https://example.org/{rng.randint(0, 9)}?a=1&b="{depth}"')
            pieces.append(f'<a href="{url}">{inner}</a>')
        elif tag == "span":
            pieces.append(f'<span class="tg-spoiler">{inner}</span>')
        elif tag == "code":
            pieces.append(f"<code>{_words(rng, rng.randint(1, 30))}</code>")
        elif tag == "emoji":
            pieces.append(f'<tg-emoji emoji-id="{rng.randint(1, 10**18)}">👍</tg-emoji>')
        else:
            pieces.append(f"<{tag}>{inner}</{tag}>")
    return "".join(pieces)


def _block(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.1:
        return f"<pre>{_words(rng, rng.randint(5, 200))}</pre>"
    if kind < 0.2:
        language = rng.choice(["python", "c++", "js"])
        code = _words(rng, rng.randint(5, 200))
        return f'<pre><code class="language-{language}">{code}</code></pre>'
    if kind < 0.3:
        flag = " expandable" if rng.random() < 0.5 else ""
        return f"<blockquote{flag}>{_inline(rng, 1)}</blockquote>"
    return _inline(rng, 0)


def random_text(rng: random.Random) -> str:
    return "\n\n".join(_block(rng) for _ in range(rng.randint(1, 8))).strip()


@pytest.mark.parametrize("seed", range(30))
def test_random_texts(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(5):
        source = random_text(rng)
        if not telegram_parse(source)[0].strip():
            continue
        limit = rng.choice([64, 200, 777, 1024, MAX_MESSAGE])
        parts = split_html(source, limit)
        check_parts(source, parts, limit)
        plain, _ = telegram_parse(source)
        for cluster in _CLUSTERS:  # no emoji sequence or accented letter cut in half
            assert sum(telegram_parse(p)[0].count(cluster) for p in parts) == plain.count(cluster)
        if utf16_len(plain) <= limit:
            assert parts == [source]
