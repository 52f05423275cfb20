"""Two replicas in webhook mode on PostgreSQL + Redis, fed by one test driver."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

import pytest

from tests.e2e import WebhookProcess
from tests.fakebot import FakeBotAPI

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.redis]
USER = 3131


async def wait_until(predicate, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def leaders(*replicas: WebhookProcess) -> list[WebhookProcess]:
    return [r for r in replicas if "this process is the scheduler leader" in r.output()]


async def test_two_replicas_handle_each_update_once_and_share_state(
    fake_api: FakeBotAPI, pg_database: str, redis_url: str, tmp_path: Path
) -> None:
    from redis.asyncio import Redis

    redis_db = redis_url.rsplit("/", 1)[0] + "/5"
    redis = Redis.from_url(redis_db)
    await redis.flushdb()
    await redis.aclose()
    env = {
        "DATABASE_URL": pg_database,
        "REDIS_URL": redis_db,
        "LEADER_LEASE_SECONDS": "3",
        "LEADER_RETRY_SECONDS": "0.5",
    }
    a = WebhookProcess(fake_api, tmp_path / "a", **env)
    b = WebhookProcess(fake_api, tmp_path / "b", **env)
    try:
        await a.start_async()
        await b.start_async()

        # The same update delivered to both replicas at once is handled once.
        help_update = fake_api.enqueue_message(USER, "/help")
        statuses = await asyncio.gather(a.post(help_update), b.post(help_update))
        assert statuses == [200, 200]
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
