"""The update ledger in the `processed_updates` table (SQLite or PostgreSQL), used when
there is no Redis: `INSERT ... ON CONFLICT DO NOTHING` claims, an `UPDATE` with the
lease in its `WHERE` takes over (bot/dedup.py tells the whole design).

Claims are group-committed: the claims that arrive while one transaction is being written
(webhook requests that come together) go into the next one as one multi-row insert, and
each returns once its own claim is durable (issue #20: 1.4 commits per update on SQLite
in webhook mode before). An update seen before takes the one-by-one path with its lease
rules.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.ledger import LEASE, REMEMBER, Claim, Outcome, UpdateLedger
from storage.models.base import utcnow
from storage.models.runtime import ProcessedUpdate


def _remaining(lease_until: datetime | None, now: datetime) -> float:
    if lease_until is None:
        return 0.0
    return max(0.0, (lease_until - now).total_seconds())


class DatabaseLedger(UpdateLedger):
    """The ledger in `processed_updates` (SQLite or PostgreSQL)."""

    PURGE_EVERY = 1000

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], lease: timedelta = LEASE
    ) -> None:
        super().__init__(lease)
        self.session_factory = session_factory
        self._claims = 0
        self._insert: Any = None
        self._claim_queue: list[tuple[int, asyncio.Future[bool]]] = []
        self._claim_writer: asyncio.Task[None] | None = None

    def _insert_for(self, session: AsyncSession) -> Any:
        if self._insert is None:
            if session.get_bind().dialect.name == "postgresql":  # loaded when used
                from sqlalchemy.dialects.postgresql import insert
            else:
                from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
            self._insert = insert
        return self._insert

    async def _counted(self, n: int) -> None:
        before, self._claims = self._claims, self._claims + n
        if before // self.PURGE_EVERY != self._claims // self.PURGE_EVERY:
            await self.purge()

    def _row(self, update_id: int, now: datetime, payload: str | None) -> dict[str, Any]:
        return {
            "update_id": update_id,
            "done": False,
            "claimed_at": now,
            "owner": self.owner,
            "lease_until": now + self.lease,
            "payload": payload,
        }

    async def _claim(self, update_id: int) -> Outcome:
        won: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._claim_queue.append((update_id, won))
        if self._claim_writer is None or self._claim_writer.done():
            self._claim_writer = asyncio.create_task(self._write_claims())
        if await asyncio.shield(won):
            return Outcome(Claim.WON)
        return await self._claim_seen(update_id)

    async def _write_claims(self) -> None:
        """Insert the queued claims, one transaction per round (group commit)."""
        while self._claim_queue:
            batch, self._claim_queue = self._claim_queue, []
            ids = list(dict.fromkeys(update_id for update_id, _ in batch))
            try:
                inserted = await self._insert_new([(update_id, None) for update_id in ids])
            except Exception as exc:
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                        future.exception()  # retrieved by its waiter; no warning
                continue
            for update_id, future in batch:  # a repeated id: the first one inserted it
                first = update_id in inserted
                inserted.discard(update_id)
                if not future.done():
                    future.set_result(first)
            await self._counted(len(ids))

    async def _claim_seen(self, update_id: int) -> Outcome:
        """The claim of an update already in the ledger (or one the batch lost)."""
        row = ProcessedUpdate
        now = utcnow()
        async with self.session_factory.begin() as session:
            insert = self._insert_for(session)
            inserted = await session.execute(
                insert(row)
                .values(self._row(update_id, now, None))
                .on_conflict_do_nothing(index_elements=["update_id"])
            )
            if inserted.rowcount:  # type: ignore[attr-defined]
                outcome = Outcome(Claim.WON)
            else:  # seen before: done, someone's live claim, or a claim whose owner died
                taken = await session.execute(
                    update(row)
                    .where(
                        row.update_id == update_id,
                        row.done.is_(False),
                        (row.lease_until.is_(None))
                        | (row.lease_until < now)
                        | (row.owner == self.owner),
                    )
                    .values(owner=self.owner, lease_until=now + self.lease, claimed_at=now)
                )
                if taken.rowcount:  # type: ignore[attr-defined]
                    outcome = Outcome(Claim.WON)
                else:
                    found = (
                        await session.execute(
                            select(row.done, row.lease_until).where(row.update_id == update_id)
                        )
                    ).first()
                    if found is None or found.done:
                        outcome = Outcome(Claim.DONE)
                    else:
                        outcome = Outcome(Claim.BUSY, _remaining(found.lease_until, now))
        return outcome

    async def _insert_new(self, rows: Sequence[tuple[int, str | None]]) -> set[int]:
        """Claim the ids not in the ledger yet, in one transaction; returns those inserted."""
        now = utcnow()
        async with self.session_factory.begin() as session:
            insert = self._insert_for(session)
            result = await session.execute(
                insert(ProcessedUpdate)
                .values([self._row(update_id, now, payload) for update_id, payload in rows])
                .on_conflict_do_nothing(index_elements=["update_id"])
                .returning(ProcessedUpdate.update_id)
            )
            return set(result.scalars().all())

    async def _enqueue(self, batch: Sequence[tuple[int, str]]) -> set[int]:
        if not batch:
            return set()
        won = await self._insert_new(batch)
        await self._counted(len(batch))
        return won

    async def _renew(self, ids: Sequence[int]) -> None:
        row = ProcessedUpdate
        async with self.session_factory.begin() as session:
            await session.execute(
                update(row)
                .where(row.update_id.in_(ids), row.owner == self.owner, row.done.is_(False))
                .values(lease_until=utcnow() + self.lease)
            )

    async def _complete(self, ids: Sequence[int]) -> None:
        async with self.session_factory.begin() as session:
            await session.execute(
                update(ProcessedUpdate)
                .where(ProcessedUpdate.update_id.in_(ids))
                .values(done=True, claimed_at=utcnow(), lease_until=None, payload=None)
            )

    async def release(self, update_id: int) -> None:
        async with self.session_factory.begin() as session:
            await session.execute(
                delete(ProcessedUpdate).where(
                    ProcessedUpdate.update_id == update_id,
                    ProcessedUpdate.owner == self.owner,
                    ProcessedUpdate.done.is_(False),
                )
            )

    async def pending(self) -> list[tuple[int, str]]:
        row = ProcessedUpdate
        async with self.session_factory() as session:
            rows = await session.execute(
                select(row.update_id, row.payload)
                .where(row.done.is_(False), row.payload.is_not(None))
                .order_by(row.update_id)
            )
            return [(update_id, payload) for update_id, payload in rows if payload]

    async def purge(self) -> None:
        async with self.session_factory.begin() as session:
            await session.execute(
                delete(ProcessedUpdate).where(
                    ProcessedUpdate.done.is_(True),
                    ProcessedUpdate.claimed_at < utcnow() - REMEMBER,
                )
            )
