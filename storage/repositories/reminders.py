"""Scheduled reminders: the rows the scheduler fires when they are due.

Repositories flush; the caller commits. `take` is one statement, so of several
schedulers racing for a due reminder one wins.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.base import utcnow
from storage.models.delivery import (
    ReminderState,
    ScheduledReminder,
)


class ReminderRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, reminder_id: int) -> ScheduledReminder | None:
        return await self.session.get(ScheduledReminder, reminder_id)

    async def all(self) -> list[ScheduledReminder]:
        rows = await self.session.scalars(
            select(ScheduledReminder).order_by(ScheduledReminder.due_at, ScheduledReminder.id)
        )
        return list(rows.all())

    async def by_key(self) -> dict[str, ScheduledReminder]:
        return {r.key: r for r in await self.all()}

    async def due(self, now: datetime) -> list[ScheduledReminder]:
        rows = await self.session.scalars(
            select(ScheduledReminder)
            .where(
                ScheduledReminder.state == ReminderState.SCHEDULED,
                ScheduledReminder.due_at <= now,
            )
            .order_by(ScheduledReminder.due_at, ScheduledReminder.id)
        )
        return list(rows.all())

    async def upcoming(self, now: datetime) -> list[ScheduledReminder]:
        rows = await self.session.scalars(
            select(ScheduledReminder)
            .where(
                ScheduledReminder.state == ReminderState.SCHEDULED,
                ScheduledReminder.due_at > now,
            )
            .order_by(ScheduledReminder.due_at)
        )
        return list(rows.all())

    async def take(self, reminder_id: int, state: str, note: str | None = None) -> bool:
        """Move a scheduled reminder to `state` if it still is scheduled (one taker wins)."""
        values: dict[str, Any] = {"state": state, "fired_at": utcnow(), "updated_at": utcnow()}
        if note is not None:
            values["note"] = note
        result = await self.session.execute(
            update(ScheduledReminder)
            .where(
                ScheduledReminder.id == reminder_id,
                ScheduledReminder.state == ReminderState.SCHEDULED,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))
