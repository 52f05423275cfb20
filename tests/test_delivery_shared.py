"""Several senders on one database: claims, crashed replicas, one shared rate limit."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.limiter import RedisRateLimiter
from core.event import Event, load_event
from core.settings import DEFAULT_EVENT_FILE
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.models import utcnow
from storage.models.delivery import Delivery, DeliveryState
from storage.repositories.broadcasts import BroadcastRepo
from tests.delivery_helpers import add_users, broadcast, delivered, make_engine
from tests.fakebot import FakeBotAPI

SEMINAR: Event = load_event(DEFAULT_EVENT_FILE)


async def _owners(session_factory: async_sessionmaker[AsyncSession], bid: int) -> Counter[str]:
    async with session_factory() as session:
        rows = await session.scalars(
            select(Delivery.claimed_by).where(
                Delivery.broadcast_id == bid, Delivery.state == DeliveryState.SENT
            )
        )
        return Counter(str(owner) for owner in rows.all())


async def test_two_engines_share_a_broadcast_and_send_each_row_once(
    fake_api: FakeBotAPI, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await add_users(session_factory, range(1, 241))
    bid, count = await broadcast(session_factory, SEMINAR, {"en": "shared"})
    assert count == 240

    def alive(name: str):  # type: ignore[no-untyped-def]
        async def live_owners() -> list[str]:
            return [name]

        return live_owners

    # At 60/s a claim takes 120 rows: both replicas take turns at the rows.
    a = make_engine(fake_api, session_factory, rate=60, owner="a", live_owners=alive("b"))
    b = make_engine(fake_api, session_factory, rate=60, owner="b", live_owners=alive("a"))
    await asyncio.gather(a.start(), b.start())
    try:
        done = await asyncio.gather(a.drain(within=60), b.drain(within=60))
        assert done == [True, True]
    finally:
        await asyncio.gather(a.close(), b.close())
    got = delivered(fake_api)
    assert sorted(got) == list(range(1, 241)) and set(got.values()) == {1}
    owners = await _owners(session_factory, bid)
    assert set(owners) == {"a", "b"}, owners
    assert sum(owners.values()) == 240


async def test_claims_skip_rows_another_sender_holds(pg_database: str) -> None:
    """PostgreSQL: a claim does not wait for rows locked by another transaction, and
    never takes them (FOR UPDATE SKIP LOCKED)."""
    engine: AsyncEngine = create_engine(pg_database)
    try:
        await upgrade(engine)
        factory = create_session_factory(engine)
        await add_users(factory, range(1, 21))
        bid, _ = await broadcast(factory, SEMINAR, {"en": "locked"})
        async with factory() as first, factory() as second:
            mine = await BroadcastRepo(first).claim(bid, 5, utcnow(), "a")  # not committed
            started = time.monotonic()
            theirs = await asyncio.wait_for(
                BroadcastRepo(second).claim(bid, 50, utcnow(), "b"), timeout=10
            )
            waited = time.monotonic() - started
            await second.commit()
            await first.commit()
        assert len(mine) == 5 and len(theirs) == 15
        assert not {c.id for c in mine} & {c.id for c in theirs}
        assert waited < 5  # it skipped the locked rows instead of waiting for them
    finally:
        await engine.dispose()


async def test_the_claims_of_a_replica_that_died_are_sent_again(
    fake_api: FakeBotAPI, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await add_users(session_factory, range(1, 31))
    bid, _ = await broadcast(session_factory, SEMINAR, {"en": "orphans"})
    async with session_factory() as session:
        repo = BroadcastRepo(session)
        await repo.claim(bid, 10, utcnow(), "dead")  # crashed before sending
        await repo.claim(bid, 10, utcnow(), "alive")  # another replica, still running
        await session.commit()
    live = {"alive"}

    async def live_owners() -> set[str]:
        return set(live)

    engine = make_engine(fake_api, session_factory, owner="me", live_owners=live_owners)
    await engine.start()
    try:
        # The dead replica's rows and the free ones go out; the live replica's wait.
        for _ in range(100):
            if sum((await _owners(session_factory, bid)).values()) >= 20:
                break
            await asyncio.sleep(0.1)
        assert await _owners(session_factory, bid) == {"me": 20}
        assert len(delivered(fake_api)) == 20
        async with session_factory() as session:
            held = await session.scalars(
                select(Delivery.claimed_by).where(Delivery.state == DeliveryState.SENDING)
            )
            assert list(held.all()) == ["alive"] * 10
        # Then that replica dies too: its heartbeat goes stale, the sweep puts them back.
        live.clear()
        engine._swept = 0.0  # the next sweep now, not in SWEEP_SECONDS
        engine.wake()
        assert await engine.drain(within=30)
    finally:
        await engine.close()
    got = delivered(fake_api)
    assert sorted(got) == list(range(1, 31)) and set(got.values()) == {1}


async def test_a_stopping_engine_returns_only_its_own_claims(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await add_users(session_factory, range(1, 11))
    bid, _ = await broadcast(session_factory, SEMINAR, {"en": "x"})
    async with session_factory() as session:
        repo = BroadcastRepo(session)
        await repo.claim(bid, 3, utcnow(), "other")
        await repo.claim(bid, 3, utcnow(), "me")
        await session.commit()
        assert await repo.reset_claims(owner="me") == 3
        await session.commit()
        rows = (await session.execute(select(Delivery.state, Delivery.claimed_by))).all()
        states = Counter((state, owner) for state, owner in rows)
    assert states[(DeliveryState.SENDING, "other")] == 3
    assert states[(DeliveryState.PENDING, None)] == 7


@pytest.mark.redis
async def test_replicas_keep_to_one_shared_rate_and_pause_together(redis_url: str) -> None:
    from redis.asyncio import Redis

    redis = Redis.from_url(redis_url)
    key = f"test-rate:{time.monotonic_ns()}"
    try:
        a = RedisRateLimiter(redis, 20, key=key)
        b = RedisRateLimiter(redis, 20, key=key)
        started = time.monotonic()
        # 40 messages, 20 from each "replica", at 20/s together: at least 2 s from empty
        # (each alone would be done in about 1 s).
        await asyncio.gather(*(limiter.acquire() for limiter in [a, b] * 20))
        assert time.monotonic() - started >= 1.8

        await a.pause(1.0)  # a 429 seen by one replica...
        started = time.monotonic()
        await b.acquire()  # ...holds the other too
        assert time.monotonic() - started >= 0.9
    finally:
        await redis.delete(f"{key}:bucket", f"{key}:pause")
    key = f"{key}:notes"
    try:
        a = RedisRateLimiter(redis, 20, key=key)
        b = RedisRateLimiter(redis, 20, key=key)
        for _ in range(10):
            b.note(7)  # replies in dialogs of replica b take tokens without waiting...
        await asyncio.sleep(0.1)
        started = time.monotonic()
        await a.acquire()  # ...and replica a's broadcast waits until that debt is paid
        assert time.monotonic() - started >= 0.4
    finally:
        await redis.delete(f"{key}:bucket", f"{key}:pause")
        await redis.aclose()


async def test_a_schedule_change_on_another_replica_re_arms_the_leader_at_once(
    fake_api: FakeBotAPI,
    session_factory: async_sessionmaker[AsyncSession],
    redis_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without the bus the leader would see it at its next 30-second tick."""
    from redis.asyncio import Redis

    from bot.engine_bot import engine_bot
    from bot.scheduler import JOB_NEXT, DeliveryService
    from core.i18n import I18n
    from tests.delivery_helpers import fake_settings

    settings = fake_settings(fake_api)
    client = Redis.from_url(redis_url)

    def service(owner: str) -> DeliveryService:
        return DeliveryService(
            settings=settings,
            seminar=SEMINAR,
            i18n=I18n(),
            session_factory=session_factory,
            bot=engine_bot(settings),
            session_reminders=False,
            redis=client,
            owner=owner,
        )

    leader, other = service("leader"), service("other")
    await leader.start()  # engine, bus and the reminder clock, as when elected
    await other.engine.start()
    await other.start_bus()
    armed: asyncio.Queue[str] = asyncio.Queue()
    refresh = leader.scheduler.refresh

    async def counted() -> None:
        await refresh()
        armed.put_nowait("armed")

    monkeypatch.setattr(leader.scheduler, "refresh", counted)
    try:
        for bus in (leader.bus, other.bus):
            assert bus is not None
            await asyncio.wait_for(bus.subscribed.wait(), 10)

        def next_run() -> datetime | None:
            clock = leader.scheduler.scheduler
            job = clock.get_job(JOB_NEXT) if clock is not None else None
            return job.next_run_time if job is not None else None

        at = utcnow() + timedelta(hours=1)
        before = next_run()  # the event file's first reminder, or nothing
        assert before is None or before > at
        async with session_factory() as session:  # an organiser schedules, on the other replica
            BroadcastRepo(session).create(
                texts={"en": "later"}, audience={"kind": "all"}, scheduled_at=at
            )
            await session.commit()
        await other.refresh()
        assert await asyncio.wait_for(armed.get(), 10) == "armed"
        armed_at = next_run()
        assert armed_at is not None and abs((armed_at - at).total_seconds()) < 1
        await leader.refresh()  # its own change: re-armed once, not again by its message
        await asyncio.sleep(0.5)
        assert armed.qsize() == 1
    finally:
        await asyncio.gather(leader.stop(), other.stop())
        await client.aclose()
