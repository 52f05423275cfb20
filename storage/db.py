"""Engine and session factory for SQLite (aiosqlite) and PostgreSQL (asyncpg)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

SQLITE_BUSY_TIMEOUT_MS = 10_000
# PostgreSQL: an update holds at most two connections at once (its session, and the FSM
# storage's short ones): the pool stays well above the number of updates handled at once
# (bot.runner.UPDATE_CONCURRENCY), or updates wait for each other's connections.
POOL_SIZE = 20
MAX_OVERFLOW = 40
# SQLite has one writer at a time, and each aiosqlite connection is a thread: 30 updates
# on 30 connections spend their time contending for the file lock and the GIL (a survey
# answer: 20-34 updates/s with 30 users at once on a 60-connection pool, 41-59 on 4-8
# connections; bench/throughput.py). Updates queue for a few connections instead; the
# FSM storage has its own (bot.app.open_resources), so that an update holding one never
# waits for another from the same pool.
SQLITE_POOL_SIZE = 8
# A pooled PostgreSQL connection idle for longer than this is pinged before it is handed
# out (a server restart or an idle-connection timeout leaves stale ones behind). Pinging
# at every checkout, as `pool_pre_ping` does, is one more round trip per session: about
# 1 ms of CPU, as much as the session's own query (bench/throughput.py); a connection
# used a moment ago is as good as a pinged one.
PING_AFTER_IDLE_S = 10.0


def writes_table(statement: str, table: str) -> bool:
    """True for an INSERT, UPDATE or DELETE of `table` (SQL as SQLAlchemy emits it).

    For caches that drop what a write may have changed (`before_cursor_execute`)."""
    head = statement[: len(table) + 16].lower()
    for verb in ("insert into ", "update ", "delete from "):
        if head.startswith(verb + table):
            rest = head[len(verb) + len(table) : len(verb) + len(table) + 1]
            return rest in ("", " ", "(", "\n")
    return False


def normalize_url(url: str) -> str:
    """Pick the async driver for plain `sqlite://` and `postgresql://` URLs."""
    parsed = make_url(url)
    driver = parsed.drivername
    if driver in {"sqlite", "sqlite+pysqlite"}:
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    elif driver in {"postgres", "postgresql", "postgresql+psycopg2", "postgresql+psycopg"}:
        parsed = parsed.set(drivername="postgresql+asyncpg")
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Create the async engine; for a SQLite file, create its folder and turn on WAL."""
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        database = parsed.database
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            kwargs.setdefault("pool_size", SQLITE_POOL_SIZE)
            kwargs.setdefault("max_overflow", 0)
        engine = create_async_engine(url, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_size", POOL_SIZE)
    kwargs.setdefault("max_overflow", MAX_OVERFLOW)
    engine = create_async_engine(url, **kwargs)
    if not kwargs.get("pool_pre_ping"):
        ping_when_idle(engine)
    return engine


def ping_when_idle(engine: AsyncEngine, idle: float = PING_AFTER_IDLE_S) -> None:
    """Ping a pooled connection before handing it out only if it sat unused for `idle`
    seconds; a dead one is replaced (the pool retries the checkout with a new one).

    A connection that breaks within `idle` seconds of its last use fails its statement
    instead; SQLAlchemy then drops the whole pool, so only that one transaction fails."""
    sync_engine = engine.sync_engine
    dialect = sync_engine.dialect

    def checkin(_dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info["idle_since"] = time.monotonic()

    def checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < idle:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise exc.DisconnectionError(f"stale pooled connection: {error}") from error

    event.listen(sync_engine, "checkin", checkin)
    event.listen(sync_engine, "checkout", checkout)


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
