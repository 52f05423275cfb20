"""Who receives a broadcast: audience filters over users, registrations and attendance.

An audience is a small JSON-able dict, stored with the broadcast:
`{"kind": "status", "value": "approved"}`. Kinds:

| kind | value | who |
|---|---|---|
| `all` | – | everyone who has written to the bot |
| `status` | a registration status | registrations in that status |
| `registered` | – | submitted, approved or waitlisted registrations |
| `approved` | – | approved registrations |
| `role` | a role (`delegate`, `speaker`, ...) | approved registrations with that role |
| `delegates`, `speakers` | – | the same for `delegate` / `speaker` (the reminder plan) |
| `economy` | an economy code | approved registrations of that economy |
| `language` | a language code | users speaking that language in the bot |
| `funded` | – | funded participants (not withdrawn or rejected) |
| `attended` | a day `YYYY-MM-DD`, or none for any day | checked in at the venue |
| `non_respondents` | a survey id | the survey's audience minus who has answered |
| `unfinished` | – | started the bot but have not submitted a registration (staff excluded) |
| `travel_missing` | – | approved, travel details still to give (the reminder plan) |
| `organisers` | – | organisers and overseers |
| `overseers` | – | the overseers (ADMIN_IDS) |

`unless_answered` (a survey id) keeps only those who have not answered that survey.
Users who blocked the bot (`users.blocked_at`) are never recipients.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, get_args

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event
from core.event.reminders import ReminderAudience
from storage.models import StaffRole, User
from storage.models.registration import (
    Attendance,
    Funding,
    Registration,
    RegistrationStatus,
)

COMPOSER_KINDS = (
    "all",
    "status",
    "role",
    "economy",
    "language",
    "funded",
    "attended",
    "non_respondents",
    "unfinished",
    "travel_missing",
)
"""The filters an organiser chooses from when composing a broadcast."""

KINDS_WITH_VALUE = frozenset({"status", "role", "economy", "language", "non_respondents"})
"""Kinds that need a value (`attended` takes an optional day)."""

PLAN_KINDS = frozenset(get_args(ReminderAudience))
"""The audiences of the event file's reminder plan (`ReminderAudience`)."""

REGISTERED = (
    RegistrationStatus.SUBMITTED,
    RegistrationStatus.APPROVED,
    RegistrationStatus.WAITLISTED,
)
STATUSES = tuple(RegistrationStatus)


@dataclass(frozen=True)
class Audience:
    kind: str
    value: str | None = None
    unless_answered: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind}
        if self.value is not None:
            data["value"] = self.value
        if self.unless_answered is not None:
            data["unless_answered"] = self.unless_answered
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Audience:
        data = data or {}
        return cls(
            kind=str(data.get("kind") or "all"),
            value=data.get("value"),
            unless_answered=data.get("unless_answered"),
        )


def _active_users() -> Select[Any]:
    return select(User.id).where(User.blocked_at.is_(None))


def _with_registration(*conditions: Any) -> Select[Any]:
    return _active_users().join(Registration, Registration.user_id == User.id).where(*conditions)


def _approved(*conditions: Any) -> Select[Any]:
    return _with_registration(Registration.status == RegistrationStatus.APPROVED, *conditions)


async def _staff_ids(session: AsyncSession, admin_ids: Iterable[int]) -> set[int]:
    rows = await session.scalars(select(StaffRole.user_id))
    return set(rows.all()) | set(admin_ids)


async def recipients(
    session: AsyncSession,
    seminar: Event,
    audience: Audience | dict[str, Any],
    *,
    admin_ids: Iterable[int] = (),
) -> list[int]:
    """The user ids of an audience, sorted; users who blocked the bot are left out."""
    if isinstance(audience, dict):
        audience = Audience.from_dict(audience)
    kind, value = audience.kind, audience.value
    query: Select[Any] | None = None
    ids: set[int] | None = None
    if kind == "all":
        query = _active_users()
    elif kind == "status":
        query = _with_registration(Registration.status == str(value))
    elif kind == "registered":
        query = _with_registration(Registration.status.in_([str(s) for s in REGISTERED]))
    elif kind == "approved":
        query = _approved()
    elif kind == "role":
        query = _approved(Registration.role == str(value))
    elif kind in ("delegates", "speakers"):
        query = _approved(Registration.role == kind[:-1])
    elif kind == "economy":
        query = _approved(Registration.economy == str(value))
    elif kind == "travel_missing":  # kept current by services/registration/stages.py
        query = _approved(Registration.travel_missing > 0)
    elif kind == "language":
        query = _active_users().where(User.language == str(value))
    elif kind == "funded":
        query = _with_registration(
            Registration.funding == Funding.FUNDED,
            Registration.status.notin_(
                [
                    RegistrationStatus.DRAFT,
                    RegistrationStatus.REJECTED,
                    RegistrationStatus.WITHDRAWN,
                ]
            ),
        )
    elif kind == "attended":
        attended = select(Attendance.registration_id)
        if value:
            attended = attended.where(Attendance.day == date.fromisoformat(str(value)))
        query = _with_registration(Registration.id.in_(attended))
    elif kind == "non_respondents":
        ids = await _non_respondents(session, seminar, str(value))
    elif kind == "unfinished":
        query = (
            _active_users()
            .outerjoin(Registration, Registration.user_id == User.id)
            .where(or_(Registration.id.is_(None), Registration.status == RegistrationStatus.DRAFT))
        )
        staff = await _staff_ids(session, admin_ids)
        if staff:
            query = query.where(User.id.notin_(staff))
    elif kind == "organisers":
        staff = await _staff_ids(session, admin_ids)
        query = _active_users().where(User.id.in_(staff or {-1}))
    elif kind == "overseers":
        query = _active_users().where(User.id.in_(set(admin_ids) or {-1}))
    else:
        raise ValueError(f"unknown audience kind {kind!r}")

    if query is not None:
        ids = set((await session.scalars(query.distinct())).all())
    assert ids is not None
    if ids and audience.unless_answered:
        ids &= set(await _non_respondents(session, seminar, audience.unless_answered))
    return sorted(ids)


async def _non_respondents(session: AsyncSession, seminar: Event, survey_id: str) -> set[int]:
    """Active users in the survey's audience who have not answered it."""
    from storage.repositories.surveys import non_respondent_user_ids

    ids = set(await non_respondent_user_ids(session, seminar, survey_id))
    if not ids:
        return set()
    active = await session.scalars(
        _active_users().where(and_(User.id.in_(ids), User.blocked_at.is_(None)))
    )
    return set(active.all())


async def count(
    session: AsyncSession,
    seminar: Event,
    audience: Audience | dict[str, Any],
    *,
    admin_ids: Iterable[int] = (),
) -> int:
    return len(await recipients(session, seminar, audience, admin_ids=admin_ids))
