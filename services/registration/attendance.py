"""At the event and for the visa: check-in, the venue code, invitation letters."""

from __future__ import annotations

import secrets
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import utcnow
from storage.models.registration import (
    Attendance,
    InvitationLetter,
    LetterStatus,
    Registration,
    VenueCode,
)
from storage.repositories.audit import AuditRepo
from storage.repositories.registrations import RegistrationRepo

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql, sqlite


def _insert(session: AsyncSession, table: Any) -> postgresql.Insert | sqlite.Insert:
    # The dialect's module is imported when used: a SQLite bot never loads PostgreSQL's.
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table)
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table)


async def check_in(
    session: AsyncSession, registration: Registration, day: date, method: str, by: int | None
) -> tuple[Attendance, bool]:
    """Mark the participant present on `day`; (row, False) if already present. Commits."""
    repo = RegistrationRepo(session)
    existing = await repo.attendance_on(registration.id, day)
    if existing is not None:
        return existing, False
    stmt = _insert(session, Attendance).values(
        registration_id=registration.id, day=day, at=utcnow(), method=method, by_user_id=by
    )
    await session.execute(stmt.on_conflict_do_nothing())
    await session.commit()
    row = await repo.attendance_on(registration.id, day)
    assert row is not None
    return row, row.method == method and row.by_user_id == by


async def venue_code(
    session: AsyncSession, day: date, actor_id: int | None, *, renew: bool = False
) -> str:
    """The venue check-in code of `day`, created on first use (or replaced); commits."""
    row = await session.get(VenueCode, day)
    if row is not None and not renew:
        return row.code
    code = secrets.token_urlsafe(9)
    if row is None:
        session.add(VenueCode(day=day, code=code, created_by=actor_id, created_at=utcnow()))
    else:
        row.code = code
        row.created_by = actor_id
        row.created_at = utcnow()
    if actor_id is not None:
        AuditRepo(session).add(
            actor_id, "checkin.venue_code", day.isoformat(), "renew" if renew else "new"
        )
    await session.commit()
    return code


# --------------------------------------------------------------------------- letters


async def request_letter(
    session: AsyncSession, registration: Registration, passport_number: str, citizenship: str
) -> InvitationLetter:
    """A new request (replacing a rejected one); commits."""
    letter = await RegistrationRepo(session).letter(registration.id)
    if letter is None:
        letter = InvitationLetter(registration_id=registration.id)
        session.add(letter)
    letter.status = LetterStatus.REQUESTED
    letter.passport_number = passport_number
    letter.citizenship = citizenship
    letter.requested_at = utcnow()
    letter.decided_at = None
    letter.decided_by = None
    letter.reason = None
    await session.commit()
    return letter


async def decide_letter(
    session: AsyncSession,
    letter: InvitationLetter,
    approve: bool,
    actor_id: int,
    reason: str | None = None,
) -> bool:
    """Approve (sent) or reject a requested letter; False if it was decided already. Commits
    (call it after the letter has been sent)."""
    await session.refresh(letter)
    if letter.status != LetterStatus.REQUESTED:
        return False
    letter.status = LetterStatus.SENT if approve else LetterStatus.REJECTED
    letter.decided_at = utcnow()
    letter.decided_by = actor_id
    letter.reason = reason
    AuditRepo(session).add(
        actor_id,
        "letter.approve" if approve else "letter.reject",
        f"registration:{letter.registration_id}",
        reason,
    )
    await session.commit()
    return True


# --------------------------------------------------------------------------- personal data
