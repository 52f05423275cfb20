"""Several processes: who may run beside whom, and one scheduler leader at a time."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.leader import PostgresLeadership, RedisLeadership, run_leadership
from bot.replicas import ReplicaConflict, ReplicaRegistry, unsafe_reason
from core.settings import Settings
from storage.db import create_engine
from storage.models.runtime import Replica
from tests.harness import WEBHOOK_SECRET


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


WEBHOOK = {
    "mode": "webhook",
    "webhook_secret": SecretStr(WEBHOOK_SECRET),
    "webhook_register": False,
}


def test_unsafe_configurations_are_named() -> None:
    assert "polling" in (unsafe_reason(settings()) or "")
    sqlite = settings(**WEBHOOK, redis_url="redis://x")
    assert "PostgreSQL" in (unsafe_reason(sqlite) or "")
    no_redis = settings(**WEBHOOK, database_url="postgresql+asyncpg://u@h/db")
    assert "REDIS_URL" in (unsafe_reason(no_redis) or "")
    ok = settings(**WEBHOOK, database_url="postgresql+asyncpg://u@h/db", redis_url="redis://x")
    assert unsafe_reason(ok) is None


async def test_a_second_polling_process_is_refused(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    first = ReplicaRegistry(session_factory, settings())
    await first.register()
    try:
        second = ReplicaRegistry(session_factory, settings())
        with pytest.raises(ReplicaConflict, match="polling mode allows one process"):
            await second.register()
    finally:
        await first.unregister()
    # Once the first has left, a new process starts.
    third = ReplicaRegistry(session_factory, settings())
    await third.register()
    await third.unregister()


async def test_a_crashed_process_does_not_block_a_restart(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    ghost = ReplicaRegistry(session_factory, settings())
    await ghost.register()
    assert ghost._task is not None
    ghost._task.cancel()  # it "crashes": no goodbye
    async with session_factory.begin() as session:  # its pid is not alive on this host
        await session.execute(update(Replica).values(pid=2**22 + 12345))
    restarted = ReplicaRegistry(session_factory, settings())
    await restarted.register()
    await restarted.unregister()


@pytest.mark.postgres
async def test_replicas_share_postgres_with_redis(pg_database: str) -> None:
    engine = create_engine(pg_database)
    try:
        from storage.migrate import upgrade

        await upgrade(engine)
        factory = async_sessionmaker(engine, expire_on_commit=False)
        config = settings(**WEBHOOK, database_url=pg_database, redis_url="redis://127.0.0.1:1")
        a, b = ReplicaRegistry(factory, config), ReplicaRegistry(factory, config)
        await a.register()
        await b.register()
        assert [r.id for r in await a.others()] == [b.id]
        await a.unregister()
        await b.unregister()
    finally:
        await engine.dispose()


@pytest.fixture
async def redis_client(redis_url: str) -> AsyncIterator[object]:
    from redis.asyncio import Redis

    client = Redis.from_url(redis_url)
    await client.delete("test:leader")
    try:
        yield client
    finally:
        await client.delete("test:leader")
        await client.aclose()


@pytest.mark.redis
async def test_redis_leadership_is_exclusive_and_expires(redis_client: object) -> None:
    a = RedisLeadership(redis_client, key="test:leader", lease=0.5)
    b = RedisLeadership(redis_client, key="test:leader", lease=0.5)
    assert await a.acquire()
    assert not await b.acquire()
    assert await a.renew()
    assert not await b.renew()
    await asyncio.sleep(0.7)  # a stalled without renewing: the lease runs out
    assert await b.acquire()
    assert not await a.renew()  # lost: b holds it now
    await a.release()  # a stepping down gives back nothing that is b's
    assert await b.renew()
    await b.release()
    assert await a.acquire()
    await a.release()


@pytest.mark.postgres
async def test_postgres_leadership_moves_when_the_leader_disconnects(pg_database: str) -> None:
    engines: list[AsyncEngine] = [create_engine(pg_database), create_engine(pg_database)]
    try:
        a, b = PostgresLeadership(engines[0]), PostgresLeadership(engines[1])
        assert await a.acquire()
        assert not await b.acquire()
        assert await a.renew()
        assert a.connection is not None
        await a.connection.invalidate()  # the leader's process dies: its connection closes
        for _ in range(50):
            if await b.acquire():
                break
            await asyncio.sleep(0.1)
        else:
            pytest.fail("the lock did not move to the other replica")
        await b.release()
    finally:
        for engine in engines:
            await engine.dispose()


async def test_run_leadership_elects_and_steps_down() -> None:
    events: list[str] = []

    class Flaky:
        def __init__(self) -> None:
            self.renewals = 0

        async def acquire(self) -> bool:
            return True

        async def renew(self) -> bool:
            self.renewals += 1
            return self.renewals < 2

        async def release(self) -> None:
            events.append("released")

    async def elected() -> None:
        events.append("elected")

    async def lost() -> None:
        events.append("lost")

    task = asyncio.create_task(run_leadership(Flaky(), elected, lost, retry_every=0.01))
    while events.count("elected") < 2:
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert events[:3] == ["elected", "lost", "elected"]
    assert events[-2:] == ["lost", "released"]
    assert os.getpid() > 0
