"""Each update handled once, even when Telegram delivers it again or to two replicas.

A process *claims* an update id before handling it; a claim that is never completed
(the process died) expires after `CLAIM_TIMEOUT`, so Telegram's retry of an update that
was never answered is handled then. Completed ids are remembered for 25 hours, longer
than Telegram keeps undelivered updates. Redis holds them when `REDIS_URL` is set,
otherwise the `processed_updates` table.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, Protocol

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import TelegramObject, Update
from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models.base import utcnow
from storage.models.runtime import ProcessedUpdate

log = logging.getLogger(__name__)

CLAIM_TIMEOUT = timedelta(seconds=90)
REMEMBER = timedelta(hours=25)


class UpdateLedger(Protocol):
    async def claim(self, update_id: int) -> bool: ...
    async def complete(self, update_id: int) -> None: ...
    async def release(self, update_id: int) -> None: ...


class RedisLedger:
    def __init__(self, redis: Any, prefix: str = "seminar-bot:update") -> None:
        self.redis = redis
        self.prefix = prefix

    def _key(self, update_id: int) -> str:
        return f"{self.prefix}:{update_id}"

    async def claim(self, update_id: int) -> bool:
        ttl = int(CLAIM_TIMEOUT.total_seconds())
        return bool(await self.redis.set(self._key(update_id), "claimed", nx=True, ex=ttl))

    async def complete(self, update_id: int) -> None:
        await self.redis.set(self._key(update_id), "done", ex=int(REMEMBER.total_seconds()))

    async def release(self, update_id: int) -> None:
        await self.redis.delete(self._key(update_id))


class DatabaseLedger:
    """The same on SQLite or PostgreSQL, with an `INSERT ... ON CONFLICT DO NOTHING`."""

    PURGE_EVERY = 1000

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self.session_factory = session_factory
        self._claims = 0

    async def claim(self, update_id: int) -> bool:
        row = ProcessedUpdate
        now = utcnow()
        async with self.session_factory.begin() as session:
            dialect = session.get_bind().dialect.name
            if dialect == "postgresql":  # imported when used: a SQLite bot never loads it
                from sqlalchemy.dialects import postgresql as chosen
            else:
                from sqlalchemy.dialects import sqlite as chosen  # type: ignore[no-redef]
            insert = chosen.insert
            inserted = await session.execute(
                insert(row)
                .values(update_id=update_id, done=False, claimed_at=now)
                .on_conflict_do_nothing(index_elements=["update_id"])
            )
            won = bool(inserted.rowcount)  # type: ignore[attr-defined]
            if not won:  # take over a claim whose process died before finishing
                stolen = await session.execute(
                    update(row)
                    .where(
                        row.update_id == update_id,
                        row.done.is_(False),
                        row.claimed_at < now - CLAIM_TIMEOUT,
                    )
                    .values(claimed_at=now)
                )
                won = bool(stolen.rowcount)  # type: ignore[attr-defined]
        self._claims += 1
        if self._claims % self.PURGE_EVERY == 0:
            await self.purge()
        return won

    async def complete(self, update_id: int) -> None:
        async with self.session_factory.begin() as session:
            await session.execute(
                update(ProcessedUpdate)
                .where(ProcessedUpdate.update_id == update_id)
                .values(done=True)
            )

    async def release(self, update_id: int) -> None:
        async with self.session_factory.begin() as session:
            await session.execute(
                delete(ProcessedUpdate).where(ProcessedUpdate.update_id == update_id)
            )

    async def purge(self) -> None:
        async with self.session_factory.begin() as session:
            await session.execute(
                delete(ProcessedUpdate).where(ProcessedUpdate.claimed_at < utcnow() - REMEMBER)
            )


class DedupMiddleware(BaseMiddleware):
    """Outer update middleware: skip an update another delivery already claimed."""

    def __init__(self, ledger: UpdateLedger) -> None:
        self.ledger = ledger

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        assert isinstance(event, Update)
        if not await self.ledger.claim(event.update_id):
            log.info("update %s was already handled; skipped", event.update_id)
            return UNHANDLED
        try:
            result = await handler(event, data)
        except BaseException:
            await self.ledger.release(event.update_id)
            raise
        await self.ledger.complete(event.update_id)
        return result
