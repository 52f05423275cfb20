"""PostgreSQL pool: a connection the server dropped while it sat in the pool is replaced
before a session gets it (pinged when idle), without a ping on every checkout."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from storage.db import create_engine, ping_when_idle

pytestmark = pytest.mark.postgres


@asynccontextmanager
async def one_connection_pool(pg_url: str, idle: float | None) -> AsyncIterator[AsyncEngine]:
    """A pool of one connection, pinged after `idle` seconds (None: as `create_engine`
    sets it up for the bot)."""
    if idle is None:
        engine = create_engine(pg_url, pool_size=1, max_overflow=0)
    else:
        engine = create_async_engine(pg_url, pool_size=1, max_overflow=0)
        ping_when_idle(engine, idle=idle)
    try:
        yield engine
    finally:
        await engine.dispose()


async def backend_pid(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def terminate(pg_url: str, pid: int) -> None:
    """What a server restart or an idle timeout does to a pooled connection."""
    url = make_url(pg_url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(url)
    try:
        assert await connection.fetchval("SELECT pg_terminate_backend($1)", pid)
    finally:
        await connection.close()


def count_pings(engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    pings: list[object] = []
    dialect = engine.sync_engine.dialect
    ping = dialect.do_ping

    def counted(dbapi_connection: object) -> bool:
        pings.append(dbapi_connection)
        return ping(dbapi_connection)

    monkeypatch.setattr(dialect, "do_ping", counted)
    return pings


async def test_a_connection_dropped_while_idle_is_replaced(pg_url: str) -> None:
    async with one_connection_pool(pg_url, idle=0.0) as engine:
        first = await backend_pid(engine)
        await terminate(pg_url, first)
        second = await backend_pid(engine)  # no error: the dead one was pinged and replaced
        assert second != first


async def test_without_the_ping_the_dropped_connection_fails_once(pg_url: str) -> None:
    """The counterpart: what the ping spares a user (and why the pool recovers anyway)."""
    async with one_connection_pool(pg_url, idle=3600.0) as engine:
        first = await backend_pid(engine)
        await terminate(pg_url, first)
        with pytest.raises(DBAPIError):
            await backend_pid(engine)
        assert await backend_pid(engine) != first  # the pool was refilled


async def test_a_connection_used_a_moment_ago_is_not_pinged(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with one_connection_pool(pg_url, idle=None) as engine:
        pings = count_pings(engine, monkeypatch)
        pids = {await backend_pid(engine) for _ in range(5)}
        assert len(pids) == 1 and pings == []


async def test_an_idle_connection_is_pinged_once(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with one_connection_pool(pg_url, idle=0.0) as engine:
        pings = count_pings(engine, monkeypatch)
        await backend_pid(engine)  # a new connection: nothing to ping
        await backend_pid(engine)
        assert len(pings) == 1
