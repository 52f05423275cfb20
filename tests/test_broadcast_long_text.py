"""Long formatted broadcasts through the fake Bot API (issue #15, item 2).

An organiser composes a text near the limit in bold, with `&`, `<`, links and emoji; it
must reach every recipient with the formatting intact and no "can't parse entities". A
longer stored text (a reminder's) is split into messages that are each valid HTML.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.event import load_event
from core.settings import DEFAULT_EVENT_FILE
from core.telegram_text import utf16_len
from storage.models.delivery import Broadcast, Delivery
from tests.conftest import ADMIN_ID
from tests.delivery_helpers import add_users, broadcast, make_engine
from tests.fakebot import FakeBotAPI
from tests.fakebot import parse_html as telegram_parse
from tests.harness import Harness, running_bot
from tests.test_telegram_text import merged, styles

RECIPIENTS = [601, 602, 603]
LINK = "https://example.org/programme?day=1&room=2"


@pytest.fixture
async def bot(fake_api: FakeBotAPI, sqlite_url: str) -> AsyncIterator[Harness]:
    async with running_bot(
        fake_api,
        sqlite_url,
        admin_ids=[ADMIN_ID],
        with_scheduler=True,
        settings_overrides={"broadcast_rate": 200},
    ) as h:
        await h.send(ADMIN_ID, "/start")
        for user in RECIPIENTS:
            await h.send(user, "/start")
        yield h


def bold_text(length: int, with_links: bool = True) -> tuple[str, list[dict[str, Any]]]:
    """A text of exactly `length` UTF-16 units, all bold, with `&`, `<`, emoji and links,
    and the entities a Telegram app sends with it."""
    text = ""
    links: list[dict[str, Any]] = []
    while utf16_len(text) < length - 60:
        text += "Dear colleagues & friends, <3 R&D a<b 🎉👨‍👩‍👧 会议 مرحبا "
        if with_links:
            start = utf16_len(text)
            text += "the programme"
            links.append({"type": "text_link", "offset": start, "length": 13, "url": LINK})
        text += "\n"
    text += "x" * (length - utf16_len(text))
    assert utf16_len(text) == length
    return text, [{"type": "bold", "offset": 0, "length": length}, *links]


async def compose_and_send(h: Harness, text: str, entities: list[dict[str, Any]]) -> None:
    await h.send(ADMIN_ID, "/broadcast")
    await h.press(ADMIN_ID, "New broadcast")
    await h.press(ADMIN_ID, "One text for all")
    await h.send(ADMIN_ID, text, extra={"entities": entities})
    assert "photo or a document" in h.text(ADMIN_ID), h.text(ADMIN_ID)
    await h.press(ADMIN_ID, "Skip")
    await h.press(ADMIN_ID, "Skip")
    await h.press(ADMIN_ID, "Everyone")
    assert "Messages per recipient: 1" in h.text(ADMIN_ID)
    await h.press(ADMIN_ID, "Send now")
    await h.press(ADMIN_ID, "Yes, send")
    assert h.delivery is not None
    assert await h.delivery.engine.drain(within=30)


def last_id(fake: FakeBotAPI, chat: int) -> int:
    return max((m["message_id"] for m in fake.messages(chat)), default=0)


def since(fake: FakeBotAPI, chat: int, after_id: int) -> list[dict[str, Any]]:
    """The bot's messages in the chat after message `after_id`."""
    return [m for m in fake.messages(chat) if m["message_id"] > after_id]


def received(fake: FakeBotAPI, chat: int, after_id: int) -> tuple[str, list[Any]]:
    """The text and formatting a recipient got, all the parts put together."""
    text = ""
    runs: list[Any] = []
    for message in since(fake, chat, after_id):
        text += message["text"]
        runs += styles(message["text"], message.get("entities", []))
    return text, merged(runs)


async def all_sent(session_factory: Any) -> list[str]:
    async with session_factory() as session:
        return list((await session.scalars(select(Delivery.state))).all())


@pytest.mark.parametrize(
    "length, with_links",
    [(4000, True), (3960, False)],
    ids=["4000-bold-links-emoji", "3960-bold-<3 R&D"],
)
async def test_a_long_bold_broadcast_reaches_everyone(
    bot: Harness, length: int, with_links: bool
) -> None:
    h = bot
    text, entities = bold_text(length, with_links)
    before = {user: last_id(h.fake, user) for user in RECIPIENTS}
    await compose_and_send(h, text, entities)

    failed = [c for c in h.fake.calls_of("sendMessage") if not c.ok]
    assert failed == []
    expected = merged(styles(text, entities))
    for user in RECIPIENTS:
        got_text, got_styles = received(h.fake, user, before[user])
        assert got_text == text
        assert got_styles == expected
    states = await all_sent(h.resources.session_factory)
    assert len(states) == len(RECIPIENTS) + 1 and set(states) == {"sent"}  # and the overseer
    async with h.session() as session:
        row = (await session.scalars(select(Broadcast))).one()
    assert row.state == "done"


async def test_the_composer_counts_as_telegram_does(bot: Harness) -> None:
    """4,100 UTF-16 units of emoji are 2,050 characters: over the limit all the same."""
    h = bot
    await h.send(ADMIN_ID, "/broadcast")
    await h.press(ADMIN_ID, "New broadcast")
    await h.press(ADMIN_ID, "One text for all")
    await h.send(ADMIN_ID, "🎉" * 2050)
    assert any(
        "up to 4,000 characters" in m.get("text", "") and "Please send" in m.get("text", "")
        for m in h.fake.messages(ADMIN_ID)
    )
    assert h.text(ADMIN_ID).startswith("Send the text")  # asked again


async def test_a_long_stored_text_is_split_into_valid_messages(
    fake_api: FakeBotAPI, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """A reminder's text of 10,000 characters: three messages, every tag reopened."""
    talks = '<a href="https://example.org/?a=1&amp;b=2">talks</a>'
    quote = "Coffee &amp; posters, 会议 مرحبا 👨‍👩‍👧. " * 12
    paragraph = f"<b>Day {{n}}: <i>R&amp;D &lt;3 {talks}</i> 🎉</b>\n"
    paragraph += f"<blockquote>{quote}</blockquote>"
    source = "<b><i>" + "\n\n".join(paragraph.format(n=n) for n in range(20)) + "</i></b>"
    plain, entities = telegram_parse(source)
    assert utf16_len(plain) > 2 * 4096
    await add_users(session_factory, RECIPIENTS)
    await broadcast(session_factory, load_event(DEFAULT_EVENT_FILE), {"en": source})
    engine = make_engine(fake_api, session_factory)
    await engine.start()
    try:
        assert await engine.drain(within=30)
    finally:
        await engine.close()
    assert [c for c in fake_api.calls_of("sendMessage") if not c.ok] == []
    for user in RECIPIENTS:
        messages = fake_api.messages(user)
        assert len(messages) == 3
        assert all(m["text"].endswith("\n\n") or m is messages[-1] for m in messages)
        assert received(fake_api, user, 0) == (plain, merged(styles(plain, entities)))
    assert set(await all_sent(session_factory)) == {"sent"}


# --------------------------------------------------------------------------- other long texts

LONG_ANSWER = "Wi-Fi & <network> details: " + "the password is on your badge & at the desk. " * 140


def _long_faq_event(tmp_path: Path) -> Path:
    """The example event with a Wi-Fi answer longer than one message (6,300 characters)."""
    data = yaml.safe_load(DEFAULT_EVENT_FILE.read_text(encoding="utf-8"))
    entry = next(e for e in data["faq"]["entries"] if e["id"] == "wifi")
    entry["answer"]["en"] = LONG_ANSWER
    path = tmp_path / "event.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


async def test_a_long_faq_answer_comes_in_parts_and_its_window_is_shortened(
    fake_api: FakeBotAPI, sqlite_url: str, tmp_path: Path
) -> None:
    user = 701
    async with running_bot(fake_api, sqlite_url, event_file=_long_faq_event(tmp_path)) as h:
        await h.send(user, "/start")
        before = last_id(h.fake, user)
        await h.send(user, "wifi password?")
        assert [c for c in h.fake.calls if not c.ok and c.method != "getUpdates"] == []
        answer = since(h.fake, user, before)[:-1]  # the menu comes again last
        assert len(answer) == 2
        assert "".join(m["text"] for m in answer).count(LONG_ANSWER.strip()) == 1
        assert "Did this help?" in answer[-1]["text"] and answer[-1].get("reply_markup")
        assert not answer[0].get("reply_markup")

        await h.press(user, "Logistics & questions")
        await h.press(user, "Wi-Fi")
        window = h.text(user)
        assert window.startswith("💡 Is there Wi-Fi at the venue?") and window.endswith("…")
        assert utf16_len(window) <= 4096
        assert [c for c in h.fake.calls if not c.ok and c.method != "getUpdates"] == []


@pytest.mark.parametrize(
    "answer",
    ["Yes & no: <see below> " * 120, "🎉" * 3000],
    ids=["2,600-characters", "3,000-emoji"],
)
async def test_a_long_answer_to_a_ticket_reaches_the_delegate(
    harness: Harness, answer: str
) -> None:
    """Over 2,500 characters Fluent made the whole message "{???}"; 3,000 emoji are 6,000
    UTF-16 units: the answer comes in two messages."""
    delegate = 702
    await harness.send(delegate, "/start")
    await harness.send(delegate, "Is there a playground for children nearby?")
    before = last_id(harness.fake, delegate)
    await harness.send(ADMIN_ID, f"/reply 1 {answer}")
    got = since(harness.fake, delegate, before)
    assert [c for c in harness.fake.calls if not c.ok and c.method != "getUpdates"] == []
    text = "".join(m["text"] for m in got)
    assert "Answer from the organisers" in text and answer.strip() in text
    assert "Reply" in str(got[-1].get("reply_markup"))
    assert len(got) == (2 if answer.startswith("🎉") else 1)


async def test_a_long_session_description_is_shortened_in_its_window(
    fake_api: FakeBotAPI, sqlite_url: str, tmp_path: Path
) -> None:
    data = yaml.safe_load(DEFAULT_EVENT_FILE.read_text(encoding="utf-8"))
    sessions = [s for day in data["agenda"]["days"] for s in day["sessions"]]
    session = next(s for s in sessions if s["id"] == "s1-commercialization")
    session["description"] = {"en": "Case studies & <lessons> learnt. " * 200}
    path = tmp_path / "event.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    user = 703
    async with running_bot(fake_api, sqlite_url, event_file=path) as h:
        await h.send(user, "/start")
        await h.press(user, "📅 Programme")
        await h.press(user, "14")
        await h.press(user, "6")
        detail = h.text(user)
        assert detail.startswith("Session 1. IP commercialization") and detail.endswith("…")
        assert "Case studies & <lessons> learnt." in detail and utf16_len(detail) <= 4096
        assert [c for c in h.fake.calls if not c.ok and c.method != "getUpdates"] == []
