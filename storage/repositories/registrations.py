"""Registrations: look-ups by user, token and status; quota counts; attendance.

The read API other features use: `get_by_user(session, user_id)` and
`approved_user_ids(session)`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.registration import (
    Attendance,
    Funding,
    InvitationLetter,
    LetterStatus,
    Registration,
    RegistrationChange,
    RegistrationStatus,
    VenueCode,
)

_BY_USER = "registrations.by_user"  # the session's registrations found by user id
# Built once: building a statement costs more CPU than SQLAlchemy's compiled-SQL cache saves.
_SELECT_BY_USER = select(Registration).where(Registration.user_id == bindparam("user_id"))

# Statuses that hold a place (funded or not) in the seminar.
HOLDING = (RegistrationStatus.SUBMITTED, RegistrationStatus.APPROVED)


async def get_by_user(session: AsyncSession, user_id: int) -> Registration | None:
    """The registration of a Telegram user (any status, drafts included), or None.

    Found once per session: a dialog step reads it in its handler and again to show the
    next window. A later query would return the same object anyway (the session's
    identity map), so only a row deleted meanwhile needs a look: erasing one expunges it.
    """
    known: dict[int, Registration] = session.info.setdefault(_BY_USER, {})
    registration = known.get(user_id)
    if (
        registration is not None
        and registration in session
        and registration not in session.deleted
        and registration.user_id == user_id
    ):
        return registration
    registration = await session.scalar(_SELECT_BY_USER, {"user_id": user_id})
    if registration is None:
        known.pop(user_id, None)
    else:
        known[user_id] = registration
    return registration


async def approved_user_ids(session: AsyncSession) -> list[int]:
    """Telegram ids of every participant whose registration is approved."""
    rows = await session.scalars(
        select(Registration.user_id)
        .where(Registration.status == RegistrationStatus.APPROVED)
        .order_by(Registration.id)
    )
    return list(rows.all())


class RegistrationRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, registration_id: int) -> Registration | None:
        return await self.session.get(Registration, registration_id)

    async def by_user(self, user_id: int) -> Registration | None:
        return await get_by_user(self.session, user_id)

    async def by_token(self, token: str) -> Registration | None:
        result: Registration | None = await self.session.scalar(
            select(Registration).where(Registration.checkin_token == token)
        )
        return result

    async def with_status(self, *statuses: str, limit: int = 200) -> Sequence[Registration]:
        """Registrations in the given statuses, oldest submission first."""
        result = await self.session.scalars(
            select(Registration)
            .where(Registration.status.in_(statuses))
            .order_by(
                Registration.submitted_at.is_(None), Registration.submitted_at, Registration.id
            )
            .limit(limit)
        )
        return result.all()

    async def count_by_status(self) -> dict[str, int]:
        rows = await self.session.execute(
            select(Registration.status, func.count()).group_by(Registration.status)
        )
        return {status: count for status, count in rows.all()}

    async def places_held(self, economy: str, funding: Funding) -> int:
        """Submitted or approved registrations of `economy` holding a place of this kind."""
        count = await self.session.scalar(
            select(func.count())
            .select_from(Registration)
            .where(
                Registration.economy == economy,
                Registration.funding == funding,
                Registration.status.in_(HOLDING),
            )
        )
        return int(count or 0)

    async def waitlist(self, economy: str) -> Sequence[Registration]:
        """Waitlisted funded requests of `economy`, first come first."""
        result = await self.session.scalars(
            select(Registration)
            .where(
                Registration.economy == economy,
                Registration.status == RegistrationStatus.WAITLISTED,
                Registration.funding == Funding.WAITLISTED,
            )
            .order_by(Registration.submitted_at, Registration.id)
        )
        return result.all()

    async def women_registered(self, economy: str) -> int:
        count = await self.session.scalar(
            select(func.count())
            .select_from(Registration)
            .where(
                Registration.economy == economy,
                Registration.gender == "female",
                Registration.status.in_((*HOLDING, RegistrationStatus.WAITLISTED)),
            )
        )
        return int(count or 0)

    async def history(self, registration_id: int) -> Sequence[RegistrationChange]:
        result = await self.session.scalars(
            select(RegistrationChange)
            .where(RegistrationChange.registration_id == registration_id)
            .order_by(RegistrationChange.id)
        )
        return result.all()

    # ----------------------------------------------------------------- attendance

    async def attendance(self, registration_id: int) -> Sequence[Attendance]:
        result = await self.session.scalars(
            select(Attendance)
            .where(Attendance.registration_id == registration_id)
            .order_by(Attendance.day)
        )
        return result.all()

    async def attendance_on(self, registration_id: int, day: date) -> Attendance | None:
        result: Attendance | None = await self.session.scalar(
            select(Attendance).where(
                Attendance.registration_id == registration_id, Attendance.day == day
            )
        )
        return result

    async def present_count(self, day: date) -> int:
        count = await self.session.scalar(
            select(func.count()).select_from(Attendance).where(Attendance.day == day)
        )
        return int(count or 0)

    # ----------------------------------------------------------------- venue codes

    async def venue_code(self, day: date) -> VenueCode | None:
        return await self.session.get(VenueCode, day)

    async def day_of_venue_code(self, code: str) -> date | None:
        result: date | None = await self.session.scalar(
            select(VenueCode.day).where(VenueCode.code == code)
        )
        return result

    # ----------------------------------------------------------------- letters

    async def letter(self, registration_id: int) -> InvitationLetter | None:
        result: InvitationLetter | None = await self.session.scalar(
            select(InvitationLetter).where(InvitationLetter.registration_id == registration_id)
        )
        return result

    async def pending_letters(self) -> Sequence[InvitationLetter]:
        result = await self.session.scalars(
            select(InvitationLetter)
            .where(InvitationLetter.status == LetterStatus.REQUESTED)
            .order_by(InvitationLetter.requested_at, InvitationLetter.id)
        )
        return result.all()
