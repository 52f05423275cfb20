"""Know the other bot processes on this database, and refuse unsafe company.

Every process registers itself in `replicas` and refreshes a heartbeat. Several
processes are safe only in webhook mode, on PostgreSQL, with Redis for dialog state and
event isolation; otherwise a second process is refused with a clear message. A process
that crashed stops counting once its heartbeat is stale (or at once, on the same host,
when its pid is gone).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.settings import Settings
from storage.models.base import utcnow
from storage.models.runtime import Replica

log = logging.getLogger(__name__)

HEARTBEAT_EVERY = 10.0
STALE_AFTER = timedelta(seconds=35)


class ReplicaConflict(Exception):
    """Another process runs on this database and the setup cannot share it safely."""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def unsafe_reason(settings: Settings) -> str | None:
    """Why several processes of this configuration would corrupt each other, if they would."""
    if settings.mode != "webhook":
        return "polling mode allows one process only (Telegram refuses a second getUpdates)"
    if settings.is_sqlite:
        return "several processes need PostgreSQL (DATABASE_URL), not SQLite"
    if not settings.redis_url:
        return "several processes need REDIS_URL for dialog state and event isolation"
    return None


class ReplicaRegistry:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession], settings: Settings):
        self.session_factory = session_factory
        self.settings = settings
        self.id = str(uuid.uuid4())
        self.host = socket.gethostname()
        self._task: asyncio.Task[None] | None = None

    async def others(self) -> list[Replica]:
        """Other live processes on this database."""
        async with self.session_factory() as session:
            rows = (await session.scalars(select(Replica).where(Replica.id != self.id))).all()
        cutoff = utcnow() - STALE_AFTER
        return [
            r
            for r in rows
            if r.heartbeat_at >= cutoff and (r.host != self.host or _pid_alive(r.pid))
        ]

    async def register(self) -> None:
        """Join, or raise ReplicaConflict naming the other process and the reason."""
        others = await self.others()
        reason = unsafe_reason(self.settings)
        if others and reason:
            other = others[0]
            raise ReplicaConflict(
                f"another bot process is running on this database (pid {other.pid} on "
                f"{other.host}, mode {other.mode}); {reason}"
            )
        async with self.session_factory.begin() as session:
            await session.execute(
                delete(Replica).where(Replica.heartbeat_at < utcnow() - STALE_AFTER * 10)
            )
            session.add(
                Replica(id=self.id, host=self.host, pid=os.getpid(), mode=self.settings.mode)
            )
        self._task = asyncio.create_task(self._beat(), name="replica-heartbeat")
        if others:
            log.info("joined %d other replica(s)", len(others))

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_EVERY)
            try:
                async with self.session_factory.begin() as session:
                    await session.execute(
                        update(Replica).where(Replica.id == self.id).values(heartbeat_at=utcnow())
                    )
            except Exception:
                log.exception("replica heartbeat failed")

    async def unregister(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        async with self.session_factory.begin() as session:
            await session.execute(delete(Replica).where(Replica.id == self.id))
