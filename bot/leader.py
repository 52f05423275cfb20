"""Exactly one scheduler at a time: leader election on an engine the bot already uses.

- Redis (`REDIS_URL`): redis-py's `Lock` (a key set with NX and an expiry, owned by a
  random token), renewed by its holder with `reacquire`; a lock that expired and was taken
  by another replica is lost (`LockNotOwnedError`), never renewed or released by mistake.
- PostgreSQL: a session-level advisory lock held on a dedicated connection (released by
  the server the moment the holder's connection dies).
- SQLite: one process only (see bot/replicas.py), so it always leads.

`run_leadership` calls `on_elected` when this process becomes leader and `on_lost` if it
stops being one; a dead leader is replaced within `LEASE` + `RETRY_EVERY` seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

if TYPE_CHECKING:
    from redis.asyncio.lock import Lock

log = logging.getLogger(__name__)

LEASE = 30.0
RETRY_EVERY = 10.0
ADVISORY_LOCK_KEY = 0x5E31_4A5B  # "seminar-bot scheduler"


class Leadership(Protocol):
    async def acquire(self) -> bool: ...
    async def renew(self) -> bool: ...
    async def release(self) -> None: ...


class AlwaysLeader:
    async def acquire(self) -> bool:
        return True

    async def renew(self) -> bool:
        return True

    async def release(self) -> None:
        return None


class RedisLeadership:
    def __init__(
        self, redis: Any, key: str = "seminar-bot:scheduler-leader", lease: float = LEASE
    ) -> None:
        self.redis = redis
        self.key = key
        self.lease = lease
        self.lock: Lock | None = None

    async def acquire(self) -> bool:
        from redis.asyncio.lock import Lock  # loaded only when Redis is configured

        # A new lock (and token) per campaign; the token is not thread-local, as the lock
        # lives on the event loop, whichever thread runs it.
        lock = Lock(self.redis, self.key, timeout=self.lease, blocking=False, thread_local=False)
        if not await lock.acquire():
            return False
        self.lock = lock
        return True

    async def renew(self) -> bool:
        from redis.exceptions import LockNotOwnedError

        if self.lock is None:
            return False
        try:
            return bool(await self.lock.reacquire())  # the lease starts again
        except LockNotOwnedError:  # it expired, and perhaps another replica holds it now
            self.lock = None
            return False

    async def release(self) -> None:
        from redis.exceptions import LockError

        lock, self.lock = self.lock, None
        if lock is not None:
            with contextlib.suppress(LockError):  # already expired: nothing to give back
                await lock.release()


class PostgresLeadership:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.connection: AsyncConnection | None = None

    async def acquire(self) -> bool:
        connection = await self.engine.connect()
        try:
            got = await connection.scalar(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY}
            )
            await connection.commit()
        except Exception:
            await connection.close()
            raise
        if got:
            self.connection = connection
            return True
        await connection.close()
        return False

    async def renew(self) -> bool:
        if self.connection is None:
            return False
        try:
            await self.connection.scalar(text("SELECT 1"))
            await self.connection.commit()
        except Exception:
            log.warning("lost the scheduler lock's connection")
            await self._drop()
            return False
        return True

    async def release(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(Exception):
                await self.connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY}
                )
                await self.connection.commit()
            await self._drop()

    async def _drop(self) -> None:
        """Close the connection for real: a pooled one would keep the lock alive."""
        if self.connection is not None:
            with contextlib.suppress(Exception):
                await self.connection.invalidate()
            with contextlib.suppress(Exception):
                await self.connection.close()
            self.connection = None


async def run_leadership(
    leadership: Leadership,
    on_elected: Callable[[], Awaitable[None]],
    on_lost: Callable[[], Awaitable[None]],
    *,
    retry_every: float = RETRY_EVERY,
) -> None:
    """Campaign forever (cancel the task to stop); release the lead when cancelled."""
    leading = False
    try:
        while True:
            try:
                if not leading and await leadership.acquire():
                    leading = True
                    log.info("this process is the scheduler leader")
                    await on_elected()
                elif leading and not await leadership.renew():
                    leading = False
                    log.warning("this process lost the scheduler lead")
                    await on_lost()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("leader election failed; retrying")
            await asyncio.sleep(retry_every)
    finally:
        if leading:
            with contextlib.suppress(Exception):
                await on_lost()
            with contextlib.suppress(Exception):
                await leadership.release()
