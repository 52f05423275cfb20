"""Two replicas in webhook mode on PostgreSQL + Redis, fed by one test driver."""

from __future__ import annotations

import asyncio
import signal
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from core.event import Event, load_event
from core.settings import DEFAULT_EVENT_FILE
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.models import utcnow
from storage.models.delivery import Delivery, ScheduledReminder
from storage.models.runtime import Replica
from tests.delivery_helpers import add_users, broadcast
from tests.e2e import WebhookProcess
from tests.fakebot import FakeBotAPI

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.redis]
USER = 3131
SEMINAR: Event = load_event(DEFAULT_EVENT_FILE)


async def wait_until(predicate, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


async def replica_pair(
    fake: FakeBotAPI, pg_database: str, redis_url: str, tmp_path: Path
) -> tuple[WebhookProcess, WebhookProcess]:
    """Two webhook replicas (not started) on the database and an emptied Redis database."""
    from redis.asyncio import Redis

    redis_db_url = redis_url  # the test Redis database, emptied here
    redis = Redis.from_url(redis_db_url)
    await redis.flushdb()
    await redis.aclose()
    env = {
        "DATABASE_URL": pg_database,
        "REDIS_URL": redis_db_url,
        "LEADER_LEASE_SECONDS": "3",
        "LEADER_RETRY_SECONDS": "0.5",
    }
    return WebhookProcess(fake, tmp_path / "a", **env), WebhookProcess(fake, tmp_path / "b", **env)


def leaders(*replicas: WebhookProcess) -> list[WebhookProcess]:
    return [r for r in replicas if "this process is the scheduler leader" in r.output()]


async def test_two_replicas_handle_each_update_once_and_share_state(
    fake_api: FakeBotAPI, pg_database: str, redis_url: str, tmp_path: Path
) -> None:
    a, b = await replica_pair(fake_api, pg_database, redis_url, tmp_path)
    try:
        await a.start_async()
        await b.start_async()

        # The same update delivered to both replicas at once is handled once: the one that
        # meets the other's claim answers 503 until it is done, then 200.
        help_update = fake_api.enqueue_message(USER, "/help")
        statuses = await asyncio.gather(
            *(
                fake_api.deliver_webhook([r.url + "/telegram"], help_update, r.secret)
                for r in (a, b)
            )
        )
        assert [s[-1] for s in statuses] == [200, 200]
        helps = [c for c in fake_api.calls_of("sendMessage") if "/language" in c.params["text"]]
        assert len(helps) == 1

        # One user's dialog, its updates split across the replicas, stays consistent.
        assert await a.post(fake_api.enqueue_message(USER, "/start")) == 200
        assert await b.post(fake_api.enqueue_message(USER, "/language")) == 200
        assert "Choose your language" in fake_api.last_message(USER)["text"]
        assert await a.post(fake_api.press(USER, "Русский")) == 200
        assert await b.post(fake_api.enqueue_message(USER, "/start")) == 200
        assert "Выберите нужный раздел" in fake_api.last_message(USER)["text"]

        # Many updates of one user at once, alternating replicas: each handled once, in turn.
        burst = [fake_api.enqueue_message(USER, "/help") for _ in range(6)]
        results = await asyncio.gather(*((a if i % 2 else b).post(u) for i, u in enumerate(burst)))
        assert results == [200] * 6
        russian_helps = [
            c for c in fake_api.calls_of("sendMessage") if "сменить язык" in c.params["text"]
        ]
        assert len(russian_helps) == 6
        assert await a.post(fake_api.enqueue_message(USER, "/start")) == 200
        assert await b.post(fake_api.press(USER, "Язык")) == 200
        assert "Выберите язык" in fake_api.last_message(USER)["text"]

        # Exactly one scheduler leader; when it dies the other takes over.
        await wait_until(lambda: len(leaders(a, b)) == 1, 30, "a leader")
        leader = leaders(a, b)[0]
        follower = b if leader is a else a
        leader.stop_nowait(signal.SIGKILL)
        await wait_until(lambda: leaders(follower) == [follower], 30, "the takeover")
    except BaseException:
        print("--- replica a ---\n", a.output(), "\n--- replica b ---\n", b.output())
        raise
    finally:
        a.kill()
        b.kill()


RECIPIENTS = range(700_001, 700_301)


def texts_to(fake: FakeBotAPI, text: str) -> Counter[int]:
    """How many times each chat got a message containing `text`."""
    return Counter(
        int(c.params["chat_id"])
        for c in fake.calls_of("sendMessage")
        if c.status == 200 and text in str(c.params.get("text", ""))
    )


async def add_reminder(session_factory: Any, key: str, text: str) -> None:
    async with session_factory() as session:
        session.add(
            ScheduledReminder(
                key=key,
                due_at=utcnow() - timedelta(minutes=1),
                texts={"en": text},
                audience="all",
            )
        )
        await session.commit()


async def test_replicas_share_a_broadcast_and_fire_each_reminder_once(
    fake_api: FakeBotAPI, pg_database: str, redis_url: str, tmp_path: Path
) -> None:
    """One broadcast sent by both replicas, each recipient once, within one shared rate
    limit; a reminder fired by the leader, and after the leader is killed the next one
    fired by the other replica, each once."""
    engine = create_engine(pg_database)
    await upgrade(engine)
    factory = create_session_factory(engine)
    await add_users(factory, RECIPIENTS)
    await add_reminder(factory, "custom:first", "Reminder one")  # overdue at start
    # Telegram's own limit, above BROADCAST_RATE (25/s): two replicas sending at 25/s
    # each (not sharing the limit) would be refused with 429s.
    fake_api.set_rate_limit(30)
    a, b = await replica_pair(fake_api, pg_database, redis_url, tmp_path)
    try:
        await asyncio.gather(a.start_async(), b.start_async())
        await wait_until(
            lambda: len(texts_to(fake_api, "Reminder one")) == len(RECIPIENTS), 60, "reminder one"
        )

        bid, count = await broadcast(factory, SEMINAR, {"en": "Shared news"})
        assert count == len(RECIPIENTS)
        await wait_until(
            lambda: len(texts_to(fake_api, "Shared news")) == len(RECIPIENTS), 90, "the broadcast"
        )
        async with factory() as session:
            owners = Counter(
                (
                    await session.scalars(
                        select(Delivery.claimed_by).where(Delivery.broadcast_id == bid)
                    )
                ).all()
            )
            replica_ids = set((await session.scalars(select(Replica.id))).all())
        assert set(owners) == replica_ids and len(owners) == 2, owners  # both sent a share

        # The leader dies; the other replica takes over the scheduler and fires the next
        # reminder; the first is not sent again.
        await wait_until(lambda: len(leaders(a, b)) == 1, 30, "a leader")
        leader = leaders(a, b)[0]
        follower = b if leader is a else a
        leader.stop_nowait(signal.SIGKILL)
        await add_reminder(factory, "custom:second", "Reminder two")
        await wait_until(lambda: leaders(follower) == [follower], 30, "the takeover")
        await wait_until(
            lambda: len(texts_to(fake_api, "Reminder two")) == len(RECIPIENTS), 90, "reminder two"
        )
        await asyncio.sleep(1)
        for text in ("Reminder one", "Shared news", "Reminder two"):
            got = texts_to(fake_api, text)
            assert sorted(got) == list(RECIPIENTS) and set(got.values()) == {1}, text
        limited = [c for c in fake_api.calls_of("sendMessage") if c.status == 429]
        assert not limited  # the replicas kept to one shared rate
    except BaseException:
        print("--- replica a ---\n", a.output(), "\n--- replica b ---\n", b.output())
        raise
    finally:
        a.kill()
        b.kill()
        await engine.dispose()
