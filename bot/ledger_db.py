"""The update ledger in the `processed_updates` table (SQLite or PostgreSQL), used when
there is no Redis: `INSERT ... ON CONFLICT DO NOTHING` claims, an `UPDATE` with the
lease in its `WHERE` takes over (bot/dedup.py tells the whole design).
"""

from __future__ import annotations

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
        await self._counted(1)
        return outcome

    async def _enqueue(self, batch: Sequence[tuple[int, str]]) -> set[int]:
        if not batch:
            return set()
        row = ProcessedUpdate
        now = utcnow()
        async with self.session_factory.begin() as session:
            insert = self._insert_for(session)
            result = await session.execute(
                insert(row)
                .values([self._row(update_id, now, payload) for update_id, payload in batch])
                .on_conflict_do_nothing(index_elements=["update_id"])
                .returning(row.update_id)
            )
            won = set(result.scalars().all())
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
