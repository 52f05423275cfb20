"""The audit log: every admin action with who, when, what and the target."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry


class AuditRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(
        self,
        actor_id: int | None,
        action: str,
        target: str | int | None = None,
        details: str | None = None,
    ) -> AuditEntry:
        """Record an action; it is written with the caller's commit."""
        entry = AuditEntry(
            actor_id=actor_id,
            action=action,
            target=None if target is None else str(target),
            details=details,
        )
        self.session.add(entry)
        return entry

    async def latest(self, limit: int = 20) -> Sequence[AuditEntry]:
        result = await self.session.scalars(
            select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        )
        return result.all()
