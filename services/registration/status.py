"""Status changes with their history: submit, an organiser's decision, withdrawal, the
waitlist, and the staff roles (focal points, organisers).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event
from services.registration.answers import _drop_hidden
from services.registration.form import S
from services.registration.quotas import free_place, quota_lock
from services.registration.stages import refresh_travel_missing
from storage.models import StaffRole, utcnow
from storage.models.registration import Funding, Registration, RegistrationChange
from storage.repositories.audit import AuditRepo
from storage.repositories.registrations import RegistrationRepo


def _history(
    session: AsyncSession,
    registration: Registration,
    to: str,
    actor_id: int | None,
    reason: str | None = None,
    from_status: str | None = None,
) -> None:
    session.add(
        RegistrationChange(
            registration_id=registration.id,
            at=utcnow(),
            from_status=from_status if from_status is not None else registration.status,
            to_status=to,
            actor_id=actor_id,
            reason=reason,
        )
    )


def _set_status(
    session: AsyncSession,
    registration: Registration,
    to: str,
    actor_id: int | None,
    reason: str | None = None,
) -> None:
    _history(session, registration, to, actor_id, reason)
    registration.status = to
    registration.updated_at = utcnow()
    if to == S.APPROVED and registration.checkin_token is None:
        registration.checkin_token = secrets.token_urlsafe(16)


def holds_place(registration: Registration) -> bool:
    return registration.funding in (Funding.FUNDED, Funding.ALTERNATE) and registration.status in (
        S.SUBMITTED,
        S.APPROVED,
    )


@dataclass
class Outcome:
    """What a status change did: `freed` names the economy whose place it freed."""

    registration: Registration
    changed: bool
    freed: str | None = None


async def submit(session: AsyncSession, seminar: Event, registration: Registration) -> Outcome:
    """Submit a draft (or a withdrawn registration again): quotas decide funded requests.

    A second call (a double-tapped Confirm) changes nothing. Commits.
    """
    async with quota_lock(session, registration.economy):
        now = utcnow()
        claimed = await session.execute(
            update(Registration)
            .where(
                Registration.id == registration.id,
                Registration.status.in_((S.DRAFT, S.WITHDRAWN)),
            )
            .values(status=S.SUBMITTED, submitted_at=now, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            await session.rollback()
            await session.refresh(registration)
            return Outcome(registration, changed=False)
        previous = registration.status
        await session.refresh(registration)
        _drop_hidden(seminar, registration)
        _history(session, registration, S.SUBMITTED, registration.user_id, from_status=previous)
        economy = registration.economy
        registration.funding = Funding.NONE
        if registration.funding_requested and economy and seminar.is_travel_eligible(economy):
            waiting = await RegistrationRepo(session).waitlist(economy)
            place = None if waiting else await free_place(session, seminar, economy)
            if place is None:
                registration.funding = Funding.WAITLISTED
                _set_status(session, registration, S.WAITLISTED, None, "quota")
            else:
                registration.funding = place
        await session.commit()
    return Outcome(registration, changed=True)


ACTIONS = ("approve", "waitlist", "reject", "promote")
ALLOWED: dict[str, tuple[str, ...]] = {
    "approve": (S.SUBMITTED, S.WAITLISTED, S.REJECTED),
    "waitlist": (S.SUBMITTED, S.APPROVED),
    "reject": (S.SUBMITTED, S.WAITLISTED, S.APPROVED),
    "promote": (S.WAITLISTED,),
    "withdraw": (S.SUBMITTED, S.WAITLISTED, S.APPROVED),
}


class NoPlace(Exception):
    """`promote` found no free place for the economy."""


async def decide(
    session: AsyncSession,
    seminar: Event,
    registration: Registration,
    action: str,
    actor_id: int,
    reason: str | None = None,
) -> Outcome:
    """An organiser's decision (`approve`, `waitlist`, `reject`, `promote`), audited; commits.

    `approve` of a waitlisted funded request approves it without funding; `promote` gives
    it the free place (raises NoPlace if there is none).
    """
    async with quota_lock(session, registration.economy):
        await session.refresh(registration)
        if registration.status not in ALLOWED[action]:
            return Outcome(registration, changed=False)
        held = holds_place(registration)
        economy = registration.economy
        if action == "approve":
            if registration.funding == Funding.WAITLISTED:
                registration.funding = Funding.NONE
            _set_status(session, registration, S.APPROVED, actor_id, reason)
        elif action == "promote":
            if registration.funding != Funding.WAITLISTED or not economy:
                return Outcome(registration, changed=False)
            place = await free_place(session, seminar, economy)
            if place is None:
                raise NoPlace(economy)
            registration.funding = place
            _set_status(session, registration, S.APPROVED, actor_id, reason or "freed place")
        elif action == "waitlist":
            if held:
                registration.funding = Funding.WAITLISTED
            _set_status(session, registration, S.WAITLISTED, actor_id, reason)
        elif action == "reject":
            registration.funding = Funding.NONE
            _set_status(session, registration, S.REJECTED, actor_id, reason)
        AuditRepo(session).add(
            actor_id, f"registration.{action}", f"registration:{registration.id}", reason
        )
        freed = economy if held and not holds_place(registration) else None
        refresh_travel_missing(seminar, registration)
        await session.commit()
    return Outcome(registration, changed=True, freed=freed)


async def withdraw(session: AsyncSession, registration: Registration) -> Outcome:
    """The delegate withdraws: the place is freed. Commits."""
    async with quota_lock(session, registration.economy):
        await session.refresh(registration)
        if registration.status not in ALLOWED["withdraw"]:
            return Outcome(registration, changed=False)
        held = holds_place(registration)
        registration.funding = Funding.NONE
        _set_status(session, registration, S.WITHDRAWN, registration.user_id)
        registration.travel_missing = None  # no longer approved
        await session.commit()
    return Outcome(registration, changed=True, freed=registration.economy if held else None)


async def first_waitlisted(
    session: AsyncSession, seminar: Event, economy: str
) -> Registration | None:
    """The delegate a freed place of `economy` goes to, if a place is free."""
    waiting = await RegistrationRepo(session).waitlist(economy)
    if not waiting or await free_place(session, seminar, economy) is None:
        return None
    return waiting[0]


async def set_focal_point(
    session: AsyncSession, registration: Registration, value: bool, actor_id: int
) -> None:
    """Mark (or unmark) the focal point of the registration's economy: one per economy."""
    if value and registration.economy:
        await session.execute(
            update(Registration)
            .where(
                Registration.economy == registration.economy,
                Registration.id != registration.id,
                Registration.focal_point.is_(True),
            )
            .values(focal_point=False)
            .execution_options(synchronize_session="fetch")
        )
    registration.focal_point = value
    AuditRepo(session).add(
        actor_id, "registration.focal_point", f"registration:{registration.id}", str(value).lower()
    )
    await session.commit()


async def set_role(
    session: AsyncSession, registration: Registration, role: str, actor_id: int
) -> None:
    answers = dict(registration.answers or {})
    answers["role"] = role
    registration.answers = answers
    registration.role = role
    AuditRepo(session).add(actor_id, "registration.role", f"registration:{registration.id}", role)
    await session.commit()


# --------------------------------------------------------------------------- staff


async def staff_ids(session: AsyncSession, admin_ids: Iterable[int]) -> list[int]:
    """Overseers and organisers: who is told about new registrations and requests."""
    rows = await session.scalars(select(StaffRole.user_id).order_by(StaffRole.user_id))
    return list(dict.fromkeys([*admin_ids, *rows.all()]))


# --------------------------------------------------------------------------- check-in
