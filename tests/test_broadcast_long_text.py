"""Long formatted broadcasts through the fake Bot API (issue #15, item 2).

An organiser composes a text near the limit in bold, with `&`, `<`, links and emoji; it
must reach every recipient with the formatting intact and no "can't parse entities". A
longer stored text (a reminder's) is split into messages that are each valid HTML.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.event import load_event
from bot.settings import DEFAULT_EVENT_FILE
from bot.telegram_text import utf16_len
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


def received(fake: FakeBotAPI, chat: int, since: int) -> tuple[str, list[Any]]:
    """The text and formatting a recipient got, all the parts put together."""
    text = ""
    runs: list[Any] = []
    for message in fake.messages(chat)[since:]:
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
    before = {user: len(h.fake.messages(user)) for user in RECIPIENTS}
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
