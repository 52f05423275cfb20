"""Sessions delegates follow, the reminders before them, and changes of the agenda: the
data only (the messages are `services/programme.py`).

For the session reminders (`services.programme.queue_session_reminders` calls these):

- `due_session_reminders(session, seminar, now, minutes_before)` -> `[(user_id, session_id)]`:
  followed sessions starting within `minutes_before` minutes of `now` whose reminder has
  not been sent yet. Read-only.
- `claim_session_reminders(session, seminar, pairs)` -> the pairs this caller may send:
  records them as sent (one row per user, session and start time, so a moved session is
  reminded again and two processes never both send). The caller commits.

Agenda changes: `agenda_data(seminar)` describes every session; `apply_agenda_changes`
compares it with the stored snapshot and returns the changes *this process* claimed (a
compare-and-set per session, so followers hear of a change once even with several
processes starting together); `services.programme.notify_programme_changes` tells the
followers.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import utcnow
from storage.models.logistics import AgendaSnapshot, SessionFollow, SessionReminder

if TYPE_CHECKING:
    from core.event import Event

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- follows


class FollowRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def follow(self, user_id: int, session_id: str) -> bool:
        """Follow a session; False if already followed."""
        if await self.is_following(user_id, session_id):
            return False
        self.session.add(SessionFollow(user_id=user_id, session_id=session_id))
        await self.session.flush()
        return True

    async def unfollow(self, user_id: int, session_id: str) -> bool:
        result = await self.session.execute(
            delete(SessionFollow).where(
                SessionFollow.user_id == user_id, SessionFollow.session_id == session_id
            )
        )
        return bool(getattr(result, "rowcount", 0))

    async def is_following(self, user_id: int, session_id: str) -> bool:
        return await self.session.get(SessionFollow, (user_id, session_id)) is not None

    async def followed(self, user_id: int) -> set[str]:
        result = await self.session.scalars(
            select(SessionFollow.session_id).where(SessionFollow.user_id == user_id)
        )
        return set(result.all())

    async def followers(self, session_ids: Iterable[str]) -> dict[str, list[int]]:
        """Session id -> the users following it."""
        ids = list(session_ids)
        if not ids:
            return {}
        rows = await self.session.execute(
            select(SessionFollow.session_id, SessionFollow.user_id)
            .where(SessionFollow.session_id.in_(ids))
            .order_by(SessionFollow.user_id)
        )
        out: dict[str, list[int]] = {}
        for session_id, user_id in rows.all():
            out.setdefault(session_id, []).append(user_id)
        return out


# --------------------------------------------------------------------------- reminders


def _upcoming(seminar: Event, now: datetime, minutes_before: int) -> dict[str, datetime]:
    """Sessions starting in (now, now + minutes_before], with their start (UTC)."""
    horizon = now + timedelta(minutes=minutes_before)
    out: dict[str, datetime] = {}
    for day, item in seminar.iter_sessions():
        start = seminar.session_start(day, item).astimezone(UTC)
        if now < start <= horizon:
            out[item.id] = start
    return out


async def due_session_reminders(
    session: AsyncSession, seminar: Event, now: datetime, minutes_before: int
) -> list[tuple[int, str]]:
    """(user_id, session_id) of followed sessions starting within `minutes_before` minutes
    of `now` (aware) whose reminder has not been sent yet, ordered by start then user."""
    upcoming = _upcoming(seminar, now, minutes_before)
    if not upcoming:
        return []
    follows = await FollowRepo(session).followers(upcoming)
    sent_rows = await session.execute(
        select(
            SessionReminder.user_id, SessionReminder.session_id, SessionReminder.starts_at
        ).where(SessionReminder.session_id.in_(list(upcoming)))
    )
    sent = {(u, s, at.astimezone(UTC)) for u, s, at in sent_rows.all()}
    due: list[tuple[int, str]] = []
    for session_id, start in sorted(upcoming.items(), key=lambda kv: (kv[1], kv[0])):
        for user_id in follows.get(session_id, []):
            if (user_id, session_id, start) not in sent:
                due.append((user_id, session_id))
    return due


async def claim_session_reminders(
    session: AsyncSession, seminar: Event, pairs: Sequence[tuple[int, str]]
) -> list[tuple[int, str]]:
    """Record reminders as sent; returns those this caller claimed (the caller commits).

    A pair already recorded (by another process, or a previous run) is left out.
    """
    claimed: list[tuple[int, str]] = []
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    for user_id, session_id in pairs:
        day = seminar.day_of_session(session_id)
        item = seminar.find_session(session_id)
        if day is None or item is None:
            continue
        starts_at = seminar.session_start(day, item).astimezone(UTC)
        values = {
            "user_id": user_id,
            "session_id": session_id,
            "starts_at": starts_at,
            "sent_at": utcnow(),
        }
        stmt: Any
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            stmt = pg_insert(SessionReminder).values(**values).on_conflict_do_nothing()
        else:
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert

            stmt = sqlite_insert(SessionReminder).values(**values).on_conflict_do_nothing()
        result = await session.execute(stmt)
        if getattr(result, "rowcount", 0):
            claimed.append((user_id, session_id))
    return claimed


# --------------------------------------------------------------------------- agenda changes


def session_data(seminar: Event, session_id: str) -> dict[str, Any] | None:
    day = seminar.day_of_session(session_id)
    item = seminar.find_session(session_id)
    if day is None or item is None:
        return None
    return {
        "date": day.date.isoformat(),
        "start": item.start.strftime("%H:%M"),
        "end": item.end.strftime("%H:%M"),
        "room": item.room,
        "title": dict(item.title.root),
        "speakers": list(item.speakers),
        "kind": item.kind,
    }


def agenda_data(seminar: Event) -> dict[str, dict[str, Any]]:
    """Every session of the agenda as plain data (what followers care about)."""
    out: dict[str, dict[str, Any]] = {}
    for _, item in seminar.iter_sessions():
        data = session_data(seminar, item.id)
        if data is not None:
            out[item.id] = data
    return out


def fingerprint(data: dict[str, Any] | None) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class SessionChange:
    session_id: str
    kind: str
    """`changed`, `removed` or `added`."""
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    fields: list[str] = field(default_factory=list)
    """What changed: `time`, `room`, `title`, `speakers`."""


def _changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    fields: list[str] = []
    if (before.get("date"), before.get("start"), before.get("end")) != (
        after.get("date"),
        after.get("start"),
        after.get("end"),
    ):
        fields.append("time")
    for key in ("room", "title", "speakers"):
        if before.get(key) != after.get(key):
            fields.append(key)
    return fields


def diff_agenda(
    before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]
) -> list[SessionChange]:
    """Sessions changed, removed or added between two `agenda_data` snapshots."""
    changes: list[SessionChange] = []
    for session_id, old in before.items():
        new = after.get(session_id)
        if new is None:
            changes.append(SessionChange(session_id, "removed", old, None))
        else:
            fields = _changed_fields(old, new)
            if fields:
                changes.append(SessionChange(session_id, "changed", old, new, fields))
    for session_id, new in after.items():
        if session_id not in before:
            changes.append(SessionChange(session_id, "added", None, new))
    return changes


async def apply_agenda_changes(session: AsyncSession, seminar: Event) -> list[SessionChange]:
    """Bring the stored snapshot up to the event file; the changes this caller claimed.

    The first run only stores the snapshot. Later runs return sessions whose time, room,
    title or speakers changed and sessions removed from the file (each claimed with a
    compare-and-set, so a change is announced once). The caller commits.
    """
    current = agenda_data(seminar)
    rows = {row.session_id: row for row in (await session.scalars(select(AgendaSnapshot))).all()}
    now = utcnow()
    changes: list[SessionChange] = []
    for session_id, data in current.items():
        row = rows.get(session_id)
        new_print = fingerprint(data)
        if row is None:
            await _insert_snapshot(session, session_id, new_print, data)
            continue
        if row.fingerprint == new_print and not row.removed:
            continue
        before = dict(row.data)
        result = await session.execute(
            update(AgendaSnapshot)
            .where(
                AgendaSnapshot.session_id == session_id,
                AgendaSnapshot.fingerprint == row.fingerprint,
            )
            .values(fingerprint=new_print, data=data, removed=False, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0) and not row.removed:
            fields = _changed_fields(before, data)
            if fields:
                changes.append(SessionChange(session_id, "changed", before, data, fields))
    for session_id, row in rows.items():
        if session_id in current or row.removed:
            continue
        result = await session.execute(
            update(AgendaSnapshot)
            .where(AgendaSnapshot.session_id == session_id, AgendaSnapshot.removed.is_(False))
            .values(removed=True, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0):
            changes.append(SessionChange(session_id, "removed", dict(row.data), None))
    return changes


async def _insert_snapshot(
    session: AsyncSession, session_id: str, print_: str, data: dict[str, Any]
) -> None:
    values = {
        "session_id": session_id,
        "fingerprint": print_,
        "data": data,
        "removed": False,
        "updated_at": utcnow(),
    }
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        await session.execute(pg_insert(AgendaSnapshot).values(**values).on_conflict_do_nothing())
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        await session.execute(
            sqlite_insert(AgendaSnapshot).values(**values).on_conflict_do_nothing()
        )
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        await session.execute(insert(AgendaSnapshot).values(**values))
