"""The delivery engine against the fake Bot API: pace, 429 pauses, 403, retries, restarts."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.limiter import RateLimiter
from core.event import Event, load_event
from core.settings import DEFAULT_EVENT_FILE
from core.telegram_text import split_html
from storage.models import User
from storage.models.delivery import Broadcast, Delivery
from storage.repositories.audience import Audience
from storage.repositories.broadcasts import BroadcastRepo
from tests.conftest import ADMIN_ID
from tests.delivery_helpers import add_users, broadcast, delivered, make_engine
from tests.fakebot import FakeBotAPI
from tests.harness import running_bot

SEMINAR: Event = load_event(DEFAULT_EVENT_FILE)


class Recorder(BaseRequestMiddleware):
    """On the engine's bot: when each request started, when each 429 was answered."""

    def __init__(self) -> None:
        self.starts: list[float] = []
        self.limited: list[float] = []

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        self.starts.append(time.monotonic())
        try:
            return await make_request(bot, method)
        except TelegramRetryAfter:
            self.limited.append(time.monotonic())
            raise


@pytest.fixture
async def users(session_factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[list[int]]:
    ids = list(range(10_001, 10_301))
    await add_users(session_factory, ids)
    yield ids


async def _states(session_factory: async_sessionmaker[AsyncSession], bid: int) -> dict[int, str]:
    async with session_factory() as session:
        rows = await session.execute(
            select(Delivery.user_id, Delivery.state).where(Delivery.broadcast_id == bid)
        )
        return {user_id: state for user_id, state in rows.all()}


async def test_429s_pause_everything_and_everyone_gets_it_once(
    fake_api: FakeBotAPI, session_factory: async_sessionmaker[AsyncSession], users: list[int]
) -> None:
    bid, count = await broadcast(session_factory, SEMINAR, {"en": "Hello <b>all</b> &amp; co"})
    assert count == 300
    engine = make_engine(fake_api, session_factory, rate=150)
    recorder = Recorder()
    engine.bot.session.middleware(recorder)

    async def inject() -> None:
        for threshold in (40, 120, 200):
            while len(delivered(fake_api)) < threshold:
                await asyncio.sleep(0.01)
            fake_api.fail_next("sendMessage", status=429, retry_after=1)

    injector = asyncio.create_task(inject())
    await engine.start()
    try:
        assert await engine.drain(within=30)
    finally:
        await engine.close()
    await injector

    sends = fake_api.calls_of("sendMessage")
    got = delivered(fake_api)
    assert set(got) == set(users) and set(got.values()) == {1}  # all, once each
    assert len([c for c in sends if c.status == 429]) == 3
    assert len(recorder.limited) == 3
    for answered in recorder.limited:  # no request started during a pause
        assert not [t for t in recorder.starts if answered < t < answered + 0.99]
    assert set((await _states(session_factory, bid)).values()) == {"sent"}
    async with session_factory() as session:
        done = await session.get(Broadcast, bid)
        assert done is not None and done.state == "done" and done.finished_at is not None


async def test_global_rate_and_one_message_per_second_per_chat(
    fake_api: FakeBotAPI, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await add_users(session_factory, range(1, 31))
    # A text and the venue pin: two messages to each chat.
    await broadcast(session_factory, SEMINAR, {"en": "See you tomorrow"}, venue=True)
    fake_api.set_rate_limit(20)  # the fake answers 429 above this pace
    engine = make_engine(fake_api, session_factory, seminar=SEMINAR, rate=20)
    started = time.monotonic()
    await engine.start()
    try:
        assert await engine.drain(within=30)
    finally:
        await engine.close()
    elapsed = time.monotonic() - started
    assert not [c for c in fake_api.calls if c.status == 429]
    assert elapsed >= 60 / 20 - 0.5  # 60 messages at 20/s
    for chat in range(1, 31):
        text = [c for c in fake_api.calls_of("sendMessage") if c.params["chat_id"] == chat]
        venue = [c for c in fake_api.calls_of("sendVenue") if c.params["chat_id"] == chat]
        assert len(text) == len(venue) == 1
        assert venue[0].time - text[0].time >= 0.95


async def test_blocked_users_are_marked_and_skipped_until_they_write(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    async with running_bot(fake_api, sqlite_url, admin_ids=[ADMIN_ID]) as h:
        factory = h.resources.session_factory
        await add_users(factory, range(1, 11))
        for chat in (3, 7):
            fake_api.block_user(chat)
        first, _ = await broadcast(factory, h.seminar, {"en": "one"})
        engine = make_engine(fake_api, factory)
        await engine.start()
        try:
            assert await engine.drain(within=20)
            states = await _states(factory, first)
            assert [u for u, s in states.items() if s == "blocked"] == [3, 7]
            async with factory() as session:
                blocked = await session.scalars(select(User.id).where(User.blocked_at.is_not(None)))
                assert sorted(blocked.all()) == [3, 7]

            second, count = await broadcast(factory, h.seminar, {"en": "two"})
            assert count == 8
            engine.wake()
            assert await engine.drain(within=20)
            assert 3 not in await _states(factory, second)
            tries_to_3 = [c for c in fake_api.calls_of("sendMessage") if c.params["chat_id"] == 3]
            assert len(tries_to_3) == 1  # 403 is not retried, and 3 was skipped next time

            # User 3 unblocks the bot and writes: later broadcasts reach them again.
            fake_api.unblock_user(3)
            await h.send(3, "/start")
            async with factory() as session:
                user = await session.get(User, 3)
                assert user is not None and user.blocked_at is None
            _, count = await broadcast(factory, h.seminar, {"en": "three"})
            assert count == 9
        finally:
            await engine.close()


async def test_server_errors_are_retried_with_backoff_then_fail(
    fake_api: FakeBotAPI, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await add_users(session_factory, [1, 2])
    fake_api.fail_next("sendMessage", status=502, count=2)
    bid, _ = await broadcast(session_factory, SEMINAR, {"en": "retry me"})
    engine = make_engine(fake_api, session_factory, max_attempts=3)
    await engine.start()
    try:
        assert await engine.drain(within=20)
        assert set((await _states(session_factory, bid)).values()) == {"sent"}

        fake_api.fail_next("sendMessage", status=500, count=6)  # 2 users x 3 tries
        failing, _ = await broadcast(session_factory, SEMINAR, {"en": "doomed"})
        engine.wake()
        assert await engine.drain(within=20)
    finally:
        await engine.close()
    async with session_factory() as session:
        rows = (
            await session.scalars(select(Delivery).where(Delivery.broadcast_id == failing))
        ).all()
    assert {r.state for r in rows} == {"failed"}
    assert {r.attempts for r in rows} == {3}
    assert all("Internal Server Error" in (r.error or "") for r in rows)
    # A bad request (here: broken HTML) fails at once, without retries.
    await add_users(session_factory, [3])
    async with session_factory() as session:
        repo = BroadcastRepo(session)
        bad = repo.create(texts={"en": "a < b"}, audience=Audience("language", "en"))
        await repo.start(bad, SEMINAR, user_ids=[3])
        await session.commit()
        bad_id = bad.id
    engine = make_engine(fake_api, session_factory)
    await engine.start()
    try:
        assert await engine.drain(within=20)
    finally:
        await engine.close()
    assert (await _states(session_factory, bad_id)) == {3: "failed"}
    async with session_factory() as session:
        row = await session.scalar(select(Delivery).where(Delivery.broadcast_id == bad_id))
    assert row is not None and row.attempts == 1 and "parse" in (row.error or "")


async def test_a_restart_resumes_from_the_rows(
    fake_api: FakeBotAPI, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """Rows left `sending` by a crash are sent again; rows already sent are not."""
    await add_users(session_factory, range(1, 21))
    bid, _ = await broadcast(session_factory, SEMINAR, {"en": "resume"})
    async with session_factory() as session:
        repo = BroadcastRepo(session)
        claimed = await repo.claim(bid, 5, time_now())
        for row in claimed[:3]:  # these three went out before the crash
            await repo.record_sent(row.id, 1, None)
        await session.commit()
    engine = make_engine(fake_api, session_factory)
    await engine.start()
    try:
        assert await engine.drain(within=20)
    finally:
        await engine.close()
    got = delivered(fake_api)
    assert sorted(got) == list(range(4, 21)) and set(got.values()) == {1}
    assert set((await _states(session_factory, bid)).values()) == {"sent"}


def time_now() -> object:
    from storage.models import utcnow

    return utcnow()


async def test_dialog_replies_take_the_budget_first() -> None:
    limiter = RateLimiter(10)
    for _ in range(5):
        limiter.note(42)  # five replies sent at once, into debt
    assert limiter.chat_ready_in(42) > 0.9
    started = time.monotonic()
    await limiter.acquire(7)  # the broadcast waits until the debt is paid: 6 tokens at 10/s
    assert time.monotonic() - started >= 0.55


async def test_a_429_seen_by_the_engine_pauses_the_dialogs_too(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    async with running_bot(fake_api, sqlite_url, admin_ids=[ADMIN_ID], with_scheduler=True) as h:
        await add_users(h.resources.session_factory, range(1, 41))
        fake_api.fail_next("sendMessage", status=429, retry_after=2)
        await broadcast(h.resources.session_factory, h.seminar, {"en": "hi"})
        h.delivery.wake()
        await fake_api.wait_for(lambda c: c.status == 429, since=0)
        started = time.monotonic()
        await h.send(ADMIN_ID, "/help")  # a reply waits for the same pause
        assert time.monotonic() - started >= 1.0
        assert "/start" in h.text(ADMIN_ID)
        assert await h.delivery.engine.drain(within=20)
        assert set(delivered(fake_api).values()) == {1}


def test_long_texts_are_split_on_paragraphs() -> None:
    text = "\n\n".join(f"<b>Day {i}</b>\n" + "x" * 900 for i in range(10))
    pieces = split_html(text)
    assert all(len(p) <= 4096 for p in pieces) and len(pieces) >= 3
    assert "".join(pieces) == text


async def test_broadcasts_take_turns(
    fake_api: FakeBotAPI, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """A short reminder created during a long broadcast does not wait for its end."""
    await add_users(session_factory, range(1, 201))
    long_id, _ = await broadcast(session_factory, SEMINAR, {"en": "long"})
    engine = make_engine(fake_api, session_factory, rate=50)
    await engine.start()
    try:
        await fake_api.wait_for(lambda c: c.params.get("text") == "long", since=0)
        async with session_factory() as session:
            repo = BroadcastRepo(session)
            short = repo.create(texts={"en": "short"}, audience=Audience("all"))
            await repo.start(short, SEMINAR, user_ids=[1, 2, 3])
            await session.commit()
        engine.wake()
        assert await engine.drain(within=30)
    finally:
        await engine.close()
    texts = [c.params.get("text") for c in fake_api.calls_of("sendMessage") if c.ok]
    assert texts.count("long") == 200 and texts.count("short") == 3
    assert max(i for i, t in enumerate(texts) if t == "short") < 150
    assert long_id
