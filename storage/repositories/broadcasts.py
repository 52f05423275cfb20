"""Broadcasts and their deliveries (reminders: reminders.py, materials: materials.py).

Repositories flush; the caller commits. The delivery engine's claims and outcomes are
single statements that are safe with several senders (a row is claimed by one only).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event
from storage.models import User
from storage.models.base import utcnow
from storage.models.delivery import (
    Broadcast,
    BroadcastKind,
    BroadcastState,
    Delivery,
    DeliveryState,
)
from storage.repositories.audience import Audience, recipients
from storage.repositories.users import users_written

INSERT_CHUNK = 1000
DELIVERIES = cast(Table, Delivery.__table__)
"""The engine's hot path writes with Core statements (no ORM bookkeeping per row)."""
FINAL_DELIVERY_STATES = (
    DeliveryState.SENT,
    DeliveryState.BLOCKED,
    DeliveryState.FAILED,
    DeliveryState.CANCELLED,
)


@dataclass
class Counts:
    """Deliveries of one broadcast by outcome."""

    total: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    cancelled: int = 0
    pending: int = 0  # pending or being sent

    @property
    def done(self) -> int:
        return self.sent + self.blocked + self.failed + self.cancelled


@dataclass
class Claimed:
    """A delivery the engine has claimed, with what it needs to send it."""

    id: int
    broadcast_id: int
    user_id: int
    step: int
    attempts: int
    language: str


class BroadcastRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # ------------------------------------------------------------------ broadcasts

    def create(
        self,
        *,
        texts: dict[str, str],
        audience: Audience | dict[str, Any],
        kind: str = BroadcastKind.BROADCAST,
        title: str = "",
        media_kind: str | None = None,
        media_file_id: str | None = None,
        button_text: str | None = None,
        button_url: str | None = None,
        survey_id: str | None = None,
        markup: dict[str, Any] | None = None,
        venue: bool = False,
        created_by: int | None = None,
        scheduled_at: datetime | None = None,
    ) -> Broadcast:
        if isinstance(audience, Audience):
            audience = audience.to_dict()
        broadcast = Broadcast(
            kind=kind,
            title=title[:128],
            texts=dict(texts),
            media_kind=media_kind,
            media_file_id=media_file_id,
            button_text=button_text,
            button_url=button_url,
            survey_id=survey_id,
            markup=markup,
            venue=venue,
            audience=dict(audience),
            state=BroadcastState.SCHEDULED if scheduled_at else BroadcastState.SENDING,
            scheduled_at=scheduled_at,
            created_by=created_by,
            created_at=utcnow(),
            total=0,
        )
        self.session.add(broadcast)
        return broadcast

    async def get(self, broadcast_id: int) -> Broadcast | None:
        return await self.session.get(Broadcast, broadcast_id)

    async def start(
        self,
        broadcast: Broadcast,
        seminar: Event,
        *,
        admin_ids: Iterable[int] = (),
        user_ids: Iterable[int] | None = None,
    ) -> int:
        """Create the delivery rows (one per recipient) and mark the broadcast sending.

        `user_ids` overrides the audience (e.g. the followers of one session). Returns
        the number of recipients.
        """
        await self.session.flush()
        if user_ids is None:
            ids = await recipients(self.session, seminar, broadcast.audience, admin_ids=admin_ids)
        else:
            wanted = sorted(set(user_ids))
            ids = []
            for i in range(0, len(wanted), INSERT_CHUNK):
                chunk = wanted[i : i + INSERT_CHUNK]
                active = await self.session.scalars(
                    select(User.id).where(User.id.in_(chunk), User.blocked_at.is_(None))
                )
                ids.extend(sorted(active.all()))
        for i in range(0, len(ids), INSERT_CHUNK):
            rows = [
                {
                    "broadcast_id": broadcast.id,
                    "user_id": uid,
                    "state": DeliveryState.PENDING,
                    "attempts": 0,
                    "step": 0,
                }
                for uid in ids[i : i + INSERT_CHUNK]
            ]
            await self.session.execute(insert(Delivery), rows)
        broadcast.state = BroadcastState.SENDING
        broadcast.total = len(ids)
        broadcast.started_at = utcnow()
        if not ids:
            broadcast.state = BroadcastState.DONE
            broadcast.finished_at = broadcast.started_at
        return len(ids)

    async def counts(self, broadcast_id: int) -> Counts:
        rows = await self.session.execute(
            select(Delivery.state, func.count())
            .where(Delivery.broadcast_id == broadcast_id)
            .group_by(Delivery.state)
        )
        counts = Counts()
        for state, n in rows.all():
            counts.total += n
            if state in (DeliveryState.PENDING, DeliveryState.SENDING):
                counts.pending += n
            elif state == DeliveryState.SENT:
                counts.sent += n
            elif state == DeliveryState.BLOCKED:
                counts.blocked += n
            elif state == DeliveryState.FAILED:
                counts.failed += n
            elif state == DeliveryState.CANCELLED:
                counts.cancelled += n
        return counts

    async def cancel(self, broadcast: Broadcast) -> int:
        """Stop a scheduled or running broadcast; returns the deliveries not sent."""
        if broadcast.state not in (BroadcastState.SCHEDULED, BroadcastState.SENDING):
            return 0
        result = await self.session.execute(
            update(Delivery)
            .where(Delivery.broadcast_id == broadcast.id, Delivery.state == DeliveryState.PENDING)
            .values(state=DeliveryState.CANCELLED)
            .execution_options(synchronize_session=False)
        )
        broadcast.state = BroadcastState.CANCELLED
        broadcast.finished_at = utcnow()
        return int(getattr(result, "rowcount", 0) or 0)

    async def recent(self, limit: int = 10, kinds: Sequence[str] | None = None) -> list[Broadcast]:
        query = select(Broadcast).order_by(Broadcast.id.desc()).limit(limit)
        if kinds:
            query = query.where(Broadcast.kind.in_(list(kinds)))
        return list((await self.session.scalars(query)).all())

    async def failures(self, broadcast_id: int, limit: int = 20) -> list[Delivery]:
        rows = await self.session.scalars(
            select(Delivery)
            .where(
                Delivery.broadcast_id == broadcast_id,
                Delivery.state.in_([DeliveryState.FAILED, DeliveryState.BLOCKED]),
            )
            .order_by(Delivery.id)
            .limit(limit)
        )
        return list(rows.all())

    async def due_scheduled(self, now: datetime) -> list[Broadcast]:
        rows = await self.session.scalars(
            select(Broadcast)
            .where(Broadcast.state == BroadcastState.SCHEDULED, Broadcast.scheduled_at <= now)
            .order_by(Broadcast.scheduled_at, Broadcast.id)
        )
        return list(rows.all())

    async def next_scheduled_at(self) -> datetime | None:
        value: datetime | None = await self.session.scalar(
            select(func.min(Broadcast.scheduled_at)).where(
                Broadcast.state == BroadcastState.SCHEDULED
            )
        )
        return value

    async def take_scheduled(self, broadcast_id: int, state: str) -> bool:
        """Move a scheduled broadcast to `state` if it still is scheduled (one taker wins)."""
        result = await self.session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id, Broadcast.state == BroadcastState.SCHEDULED)
            .values(state=state)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))

    # ------------------------------------------------------------------ the engine

    async def active_ids(self) -> list[int]:
        rows = await self.session.scalars(
            select(Broadcast.id)
            .where(Broadcast.state == BroadcastState.SENDING)
            .order_by(Broadcast.id)
        )
        return list(rows.all())

    async def reset_claims(self, *, owner: str | None = None, keep: Iterable[str] = ()) -> int:
        """Claimed rows whose outcome is unknown: back to pending, or cancelled if their
        broadcast was cancelled meanwhile. Returns how many.

        `owner`: only the claims of that process (it is stopping); otherwise every claim
        except those of the live processes in `keep` (a crashed replica's claims).
        """
        claimed = DELIVERIES.c.state == DeliveryState.SENDING
        if owner is not None:
            claimed = claimed & (DELIVERIES.c.claimed_by == owner)
        else:
            live = list(keep)
            if live:
                claimed = claimed & (
                    DELIVERIES.c.claimed_by.is_(None) | DELIVERIES.c.claimed_by.not_in(live)
                )
        stopped = select(Broadcast.id).where(Broadcast.state != BroadcastState.SENDING)
        await self.session.execute(
            update(DELIVERIES)
            .where(claimed, DELIVERIES.c.broadcast_id.in_(stopped))
            .values(state=DeliveryState.CANCELLED, claimed_by=None)
        )
        result = await self.session.execute(
            update(DELIVERIES).where(claimed).values(state=DeliveryState.PENDING, claimed_by=None)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def release(self, delivery_ids: Iterable[int]) -> None:
        """Claimed rows that were not sent after all: back to pending (or cancelled)."""
        ids = list(delivery_ids)
        if not ids:
            return
        stopped = select(Broadcast.id).where(Broadcast.state != BroadcastState.SENDING)
        mine = DELIVERIES.c.id.in_(ids) & (DELIVERIES.c.state == DeliveryState.SENDING)
        await self.session.execute(
            update(DELIVERIES)
            .where(mine, DELIVERIES.c.broadcast_id.in_(stopped))
            .values(state=DeliveryState.CANCELLED, claimed_by=None)
        )
        await self.session.execute(
            update(DELIVERIES).where(mine).values(state=DeliveryState.PENDING, claimed_by=None)
        )

    async def claim(
        self, broadcast_id: int, limit: int, now: datetime, owner: str | None = None
    ) -> list[Claimed]:
        """Claim up to `limit` pending deliveries of a broadcast that are due now.

        One statement: `WITH claimable AS MATERIALIZED (SELECT … FOR UPDATE SKIP LOCKED)
        UPDATE … WHERE id IN claimable RETURNING`.
        On PostgreSQL concurrent senders (replicas) skip each other's rows instead of
        waiting for them; the `state = pending` condition is checked again under the row
        lock, so a row is never claimed twice. SQLite has one writer at a time anyway
        (and no FOR UPDATE: SQLAlchemy leaves it out there).
        """
        candidates = (
            select(DELIVERIES.c.id)
            .where(
                DELIVERIES.c.broadcast_id == broadcast_id,
                DELIVERIES.c.state == DeliveryState.PENDING,
                or_(DELIVERIES.c.next_attempt_at.is_(None), DELIVERIES.c.next_attempt_at <= now),
            )
            .order_by(DELIVERIES.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
            # Evaluated once: PostgreSQL may run a plain `IN (SELECT … LIMIT n)` subquery
            # again for each row it scans, and so claim more than `limit` rows.
            .cte("claimable")
            .prefix_with("MATERIALIZED", dialect="postgresql")
        )
        result = await self.session.execute(
            update(DELIVERIES)
            .where(
                DELIVERIES.c.id.in_(select(candidates.c.id)),
                DELIVERIES.c.state == DeliveryState.PENDING,
            )
            .values(state=DeliveryState.SENDING, claimed_at=now, claimed_by=owner)
            .returning(
                DELIVERIES.c.id, DELIVERIES.c.user_id, DELIVERIES.c.step, DELIVERIES.c.attempts
            )
        )
        claimed = result.all()
        if not claimed:
            return []
        languages = dict(
            (
                await self.session.execute(
                    select(User.id, User.language).where(User.id.in_([c[1] for c in claimed]))
                )
            ).all()
        )
        rows = [
            Claimed(
                id=c[0],
                broadcast_id=broadcast_id,
                user_id=c[1],
                step=c[2],
                attempts=c[3],
                language=languages.get(c[1]) or "en",
            )
            for c in claimed
        ]
        rows.sort(key=lambda c: c.id)
        return rows

    async def next_retry_at(self, broadcast_id: int) -> datetime | None:
        value: datetime | None = await self.session.scalar(
            select(func.min(Delivery.next_attempt_at)).where(
                Delivery.broadcast_id == broadcast_id, Delivery.state == DeliveryState.PENDING
            )
        )
        return value

    async def has_unfinished(self, broadcast_id: int) -> bool:
        found = await self.session.scalar(
            select(Delivery.id)
            .where(
                Delivery.broadcast_id == broadcast_id,
                Delivery.state.in_([DeliveryState.PENDING, DeliveryState.SENDING]),
            )
            .limit(1)
        )
        return found is not None

    async def record_step(self, delivery_id: int, step: int, message_id: int | None) -> None:
        values: dict[str, Any] = {"step": step}
        if message_id is not None and step == 1:
            values["message_id"] = message_id
        await self.session.execute(
            update(DELIVERIES).where(DELIVERIES.c.id == delivery_id).values(**values)
        )

    async def record_sent(self, delivery_id: int, step: int, message_id: int | None) -> None:
        values: dict[str, Any] = {
            "state": DeliveryState.SENT,
            "step": step,
            "sent_at": utcnow(),
            "error": None,
        }
        if message_id is not None and step <= 1:
            values["message_id"] = message_id
        await self.session.execute(
            update(DELIVERIES).where(DELIVERIES.c.id == delivery_id).values(**values)
        )

    async def record_blocked(self, delivery_id: int, user_id: int, error: str) -> None:
        now = utcnow()
        await self.session.execute(
            update(DELIVERIES)
            .where(DELIVERIES.c.id == delivery_id)
            .values(state=DeliveryState.BLOCKED, error=error[:256])
        )
        users = cast(Table, User.__table__)
        await self.session.execute(
            update(users)
            .where(users.c.id == user_id, users.c.blocked_at.is_(None))
            .values(blocked_at=now)
        )
        users_written(self.session, user_id)

    async def record_failed(self, delivery_id: int, error: str, *, attempts: int) -> None:
        await self.session.execute(
            update(DELIVERIES)
            .where(DELIVERIES.c.id == delivery_id)
            .values(state=DeliveryState.FAILED, error=error[:256], attempts=attempts)
        )

    async def record_retry(
        self, delivery_id: int, *, attempts: int, at: datetime | None, error: str | None
    ) -> None:
        """Back to pending: after a 429 (`attempts` unchanged) or a transient error."""
        await self.session.execute(
            update(DELIVERIES)
            .where(DELIVERIES.c.id == delivery_id)
            .values(
                state=DeliveryState.PENDING,
                attempts=attempts,
                next_attempt_at=at,
                error=None if error is None else error[:256],
            )
        )

    async def finish(self, broadcast_id: int) -> bool:
        """Mark a sending broadcast done if nothing is left to send; True if it was."""
        if await self.has_unfinished(broadcast_id):
            return False
        result = await self.session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id, Broadcast.state == BroadcastState.SENDING)
            .values(state=BroadcastState.DONE, finished_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))


def backoff(attempts: int, base: float = 1.0, cap: float = 60.0) -> timedelta:
    """Delay before the next try after `attempts` transient failures."""
    return timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))
