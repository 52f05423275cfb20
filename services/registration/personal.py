"""The personal data of a registration: what is collected for a data request, how it is
erased (keeping anonymous counts), and the totals kept after erasure.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.personal_data import register_personal_data
from services.registration.attendance import _insert
from services.registration.form import S
from storage.models.registration import (
    Attendance,
    ErasedCount,
    InvitationLetter,
    Registration,
    RegistrationChange,
    VenueCode,
)
from storage.repositories.registrations import RegistrationRepo, get_by_user


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


async def collect_registration_data(session: AsyncSession, user_id: int) -> dict[str, Any]:
    registration = await get_by_user(session, user_id)
    if registration is None:
        return {"registration": None}
    repo = RegistrationRepo(session)
    columns = [c.key for c in Registration.__table__.columns]
    letter = await repo.letter(registration.id)
    return {
        "registration": {c: _iso(getattr(registration, c)) for c in columns},
        "registration_history": [
            {
                "at": _iso(change.at),
                "from": change.from_status,
                "to": change.to_status,
                "by_self": change.actor_id == user_id,
                "reason": change.reason,
            }
            for change in await repo.history(registration.id)
        ],
        "attendance": [
            {"day": _iso(a.day), "at": _iso(a.at), "method": a.method}
            for a in await repo.attendance(registration.id)
        ],
        "invitation_letter": None
        if letter is None
        else {
            "status": letter.status,
            "passport_number": letter.passport_number,
            "citizenship": letter.citizenship,
            "requested_at": _iso(letter.requested_at),
            "decided_at": _iso(letter.decided_at),
            "reason": letter.reason,
        },
    }


async def _count_erased(session: AsyncSession, dimension: str, value: str) -> None:
    stmt = _insert(session, ErasedCount).values(dimension=dimension, value=value[:64], count=1)
    await session.execute(
        stmt.on_conflict_do_update(
            index_elements=[ErasedCount.dimension, ErasedCount.value],
            set_={"count": ErasedCount.count + 1},
        )
    )


async def erase_registration_data(session: AsyncSession, user_id: int) -> None:
    """Delete the registration (history, attendance, letter) keeping anonymous counts, and
    drop the user's id from the rows about others (check-ins and decisions as staff)."""
    registration = await get_by_user(session, user_id)
    if registration is not None:
        if registration.status != S.DRAFT:
            await _count_erased(session, "registrations", "erased")
            for dimension in ("status", "economy", "gender", "role", "sector", "funding"):
                value = getattr(registration, dimension)
                if value:
                    await _count_erased(session, dimension, str(value))
            for attendance in await RegistrationRepo(session).attendance(registration.id):
                await _count_erased(session, "attended_day", attendance.day.isoformat())
        for model in (Attendance, RegistrationChange, InvitationLetter):
            await session.execute(delete(model).where(model.registration_id == registration.id))
        await session.execute(delete(Registration).where(Registration.id == registration.id))
        session.expunge(registration)
    await session.execute(
        update(Attendance).where(Attendance.by_user_id == user_id).values(by_user_id=None)
    )
    await session.execute(
        update(RegistrationChange)
        .where(RegistrationChange.actor_id == user_id)
        .values(actor_id=None)
    )
    await session.execute(
        update(InvitationLetter)
        .where(InvitationLetter.decided_by == user_id)
        .values(decided_by=None)
    )
    await session.execute(
        update(VenueCode).where(VenueCode.created_by == user_id).values(created_by=None)
    )


async def erased_counts(session: AsyncSession) -> dict[tuple[str, str], int]:
    """The anonymous counts kept from erased registrations."""
    rows = await session.execute(
        select(ErasedCount.dimension, ErasedCount.value, ErasedCount.count)
    )
    return {(d, v): c for d, v, c in rows.all()}


async def registration_totals(session: AsyncSession) -> int:
    count = await session.scalar(select(func.count()).select_from(Registration))
    return int(count or 0)


register_personal_data(collect_registration_data, erase_registration_data)
