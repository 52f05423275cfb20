"""Broadcast pace: several broadcasts queued back to back while staff use the chat."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import Counter

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.limiter import RedisRateLimiter
from core.event import Event, load_event
from core.settings import DEFAULT_EVENT_FILE
from storage.models.delivery import Broadcast, Delivery
from tests.conftest import ADMIN_ID
from tests.delivery_helpers import add_users, broadcast, delivered, make_engine
from tests.fakebot import FakeBotAPI
from tests.harness import Harness, running_bot

SEMINAR: Event = load_event(DEFAULT_EVENT_FILE)
DEADLINE = 60
RECIPIENTS = list(range(30_001, 30_021))


async def _compose_and_send(h: Harness, text: str) -> None:
    await h.send(ADMIN_ID, "/broadcast")
    await h.press(ADMIN_ID, "New broadcast")
    await h.press(ADMIN_ID, "One text for all")
    await h.send(ADMIN_ID, text)
    await h.press(ADMIN_ID, "Skip")
    await h.press(ADMIN_ID, "Skip")
    await h.press(ADMIN_ID, "Everyone")
    await h.press(ADMIN_ID, "Send now")
    await h.press(ADMIN_ID, "Yes, send")


def _received(fake: FakeBotAPI, text: str) -> Counter[int]:
    return Counter(
        int(c.params["chat_id"])
        for c in fake.calls_of("sendMessage")
        if c.ok and c.params.get("text") == text
    )


async def test_broadcasts_queued_back_to_back_all_go_out_in_order(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    """Nine broadcasts composed one after the other while the organiser keeps using the
    chat: every one reaches everybody once, and they start in the order composed.

    The organiser is a recipient of each (and the chat of every progress message): a
    busy chat must neither hold up the other recipients nor wait forever for its turn."""
    texts = [f"News number {i}" for i in range(1, 10)]
    everyone = {ADMIN_ID, *RECIPIENTS}
    async with running_bot(fake_api, sqlite_url, admin_ids=[ADMIN_ID], with_scheduler=True) as h:
        await h.send(ADMIN_ID, "/start")
        await add_users(h.resources.session_factory, RECIPIENTS)
        busy = True
        helps = 0

        async def organiser_keeps_using_the_chat() -> None:
            nonlocal helps
            while busy:
                await h.send(ADMIN_ID, "/help")
                helps += 1
                await asyncio.sleep(0.1)

        for text in texts:
            await _compose_and_send(h, text)
        answers = [a.get("text", "") for a in fake_api.answered_callbacks().values()]
        assert sum("is on its way to 21 recipients" in a for a in answers) == len(texts)
        chatter = asyncio.create_task(organiser_keeps_using_the_chat())
        started = time.monotonic()
        try:
            while time.monotonic() - started < DEADLINE:
                if all(set(_received(fake_api, t)) == everyone for t in texts):
                    break
                await asyncio.sleep(0.2)
        finally:
            busy = False
            await chatter
        assert h.delivery is not None and await h.delivery.engine.drain(within=30)
        async with h.session() as session:
            states = Counter((await session.scalars(select(Delivery.state))).all())
            broadcasts = Counter((await session.scalars(select(Broadcast.state))).all())
    for text in texts:
        assert _received(fake_api, text) == Counter(dict.fromkeys(everyone, 1)), text
    assert states == {"sent": len(texts) * len(everyone)}
    assert broadcasts == {"done": len(texts)}
    first: dict[str, int] = {}
    for i, call in enumerate(fake_api.calls_of("sendMessage")):
        text = call.params.get("text")
        if call.ok and text in texts and text not in first:
            first[text] = i
    assert sorted(texts, key=first.__getitem__) == texts  # started in the order composed
    # Nobody waited for the organiser's busy chat: the other recipients' messages kept
    # going out (one a second per chat; nine broadcasts to the same people).
    times = sorted(
        c.time
        for c in fake_api.calls_of("sendMessage")
        if c.ok and c.params.get("text") in texts and int(c.params["chat_id"]) != ADMIN_ID
    )
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert max(gaps) < 5.0, max(gaps)
    # The organiser's own requests were answered all along.
    help_text = next(m["text"] for m in fake_api.messages(ADMIN_ID) if "/mydata" in m["text"])
    replies = [m for m in fake_api.messages(ADMIN_ID) if m.get("text") == help_text]
    assert helps > 20 and len(replies) >= helps


async def test_a_lower_limit_than_the_configured_rate_costs_a_few_429s_not_a_storm(
    fake_api: FakeBotAPI, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """BROADCAST_RATE 25/s against a Bot API that allows 5/s: the pace comes down after
    the first 429s instead of ending every pause in another burst at 25/s."""
    users = list(range(40_001, 40_022))
    await add_users(session_factory, users)
    await broadcast(session_factory, SEMINAR, {"en": "Limited news"})
    fake_api.set_rate_limit(5)
    engine = make_engine(fake_api, session_factory, rate=25)
    await engine.start()
    try:
        assert await engine.drain(within=60)
    finally:
        await engine.close()
    limited = [c for c in fake_api.calls_of("sendMessage") if c.status == 429]
    assert len(limited) <= 5, len(limited)
    assert delivered(fake_api) == Counter(dict.fromkeys(users, 1))  # all, once each
    assert engine.stats["slowed"] >= 1 and engine.limiter.current_rate() < 25


@pytest.mark.redis
async def test_replicas_share_the_adapted_pace_the_pause_and_each_chats_turn(
    redis_url: str,
) -> None:
    from redis.asyncio import Redis

    redis = Redis.from_url(redis_url)
    key = f"test-pace:{time.monotonic_ns()}"
    a = RedisRateLimiter(redis, 25, key=key)
    b = RedisRateLimiter(redis, 25, key=key)
    try:
        assert await b.shared_rate() == 25
        for _ in range(6):
            a.accepted()  # Telegram took 6 in the last second from replica a...
        await asyncio.sleep(0.2)
        assert await a.limited(a.clock(), 1.0)  # ...then said 429: the pace is cut
        assert await b.shared_rate() < 6  # for replica b too
        assert not await b.limited(b.clock() - 0.5, 1.0)  # sent before the cut: no 2nd cut
        started = time.monotonic()
        await b.take()  # and b waits out the pause a met
        assert time.monotonic() - started >= 0.9

        # One message a second per chat, across replicas; a reserved turn holds.
        assert await a.try_chat(7) == 0
        assert await b.try_chat(7) > 0.9
        assert 0.9 < await b.reserve_chat(7) <= 1.1
        a.note(7)  # a reply in a dialog of replica a does not push b's turn back
        await asyncio.sleep(0.05)
        assert 1.9 < await a.reserve_chat(7) <= 2.2
    finally:
        await redis.delete(*a.keys, f"{key}:chat:7")
        await redis.aclose()
