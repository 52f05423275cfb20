"""The two stages of the registration: the nomination (stage 1, what organisers need to
decide) and the travel details (stage 2: dates, flight, hotel, dietary and accessibility
needs), asked once the registration is approved.

Which field belongs to which stage is the event file's (`stage:` per field, defaults in
`core/event/registration_form.py: default_stage`). Here are the rules built on it: the
fields of a stage that are asked given the answers so far, when the travel stage is open,
what is still missing (a skipped optional field counts as answered), how complete it is
(for the queue, `/stats` and the export), the cut-off date after which a delegate can no
longer change travel details, and `registrations.travel_missing`, the stored count that
the reminder audience `travel_missing` reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event, RegistrationField, Stage
from services.registration.form import S, field_visible
from storage.models.registration import Registration

NOMINATION: Stage = "nomination"
TRAVEL: Stage = "travel"

TRAVEL_CALLBACK = "travel-details"
"""Callback data of the ✈️ Travel details button under the approval message: it opens the
travel stage in one tap (`dialogs/registration` handles it)."""


def stage_fields(seminar: Event, stage: Stage, answers: dict[str, Any]) -> list[RegistrationField]:
    """The fields of `stage` the form asks, given the answers so far, in file order."""
    return [
        f
        for f in seminar.registration.fields
        if f.field_stage == stage and field_visible(seminar, f, answers)
    ]


def next_stage_field(
    seminar: Event, stage: Stage, answers: dict[str, Any]
) -> RegistrationField | None:
    """The first field of `stage` asked but not answered yet (None: the stage is complete)."""
    return next((f for f in stage_fields(seminar, stage, answers) if f.id not in answers), None)


def previous_stage_field(
    seminar: Event, stage: Stage, answers: dict[str, Any], current: str
) -> RegistrationField | None:
    """The field before `current` within its stage (None: `current` is the stage's first)."""
    fields = stage_fields(seminar, stage, answers)
    order = [f.id for f in seminar.registration.fields]
    position = order.index(current) if current in order else len(order)
    earlier = [f for f in fields if order.index(f.id) < position]
    return earlier[-1] if earlier else None


def has_travel_stage(seminar: Event) -> bool:
    return bool(seminar.registration.stage_fields(TRAVEL))


def travel_open(registration: Registration | None) -> bool:
    """Whether the delegate may give travel details: approved, or a submitted registration
    that asks for no funding (a self-funded delegate books their own travel)."""
    if registration is None:
        return False
    return travel_open_for(registration.status, bool(registration.funding_requested))


def travel_open_for(status: str, funding_requested: bool) -> bool:
    """`travel_open` from a registration's status and funding request (exports, lists)."""
    return status == S.APPROVED or (status == S.SUBMITTED and not funding_requested)


def travel_missing(seminar: Event, registration: Registration) -> list[RegistrationField]:
    """The travel fields asked and not answered yet (a skipped optional field is answered)."""
    answers = registration.answers or {}
    return [f for f in stage_fields(seminar, TRAVEL, answers) if f.id not in answers]


@dataclass(frozen=True)
class Completeness:
    """How many travel details a delegate has given, of how many asked."""

    given: int
    total: int

    @property
    def complete(self) -> bool:
        return self.given >= self.total

    def __str__(self) -> str:
        return f"{self.given}/{self.total}"


def travel_completeness(seminar: Event, registration: Registration) -> Completeness:
    return answers_completeness(seminar, registration.answers or {})


def answers_completeness(seminar: Event, answers: dict[str, Any]) -> Completeness:
    """The travel details given of those asked, from the answers alone."""
    fields = stage_fields(seminar, TRAVEL, answers)
    return Completeness(sum(1 for f in fields if f.id in answers), len(fields))


def travel_edit_until(seminar: Event) -> date:
    """The last day (event time) a delegate may change travel details."""
    setting = seminar.registration.travel_edit_until
    if isinstance(setting, date):
        return setting
    return seminar.dates.start - timedelta(days=setting)


def travel_refusal(seminar: Event, registration: Registration | None, today: date) -> str | None:
    """Why this delegate cannot change travel details today: a message key of
    registration.ftl (`registration-travel-closed` takes the cut-off as `date`), or None
    when they can."""
    if not travel_open(registration):
        return "registration-travel-not-open"
    if today > travel_edit_until(seminar):
        return "registration-travel-closed"
    return None


def _stored_missing(seminar: Event, registration: Registration) -> int | None:
    if registration.status != S.APPROVED:
        return None
    return len(travel_missing(seminar, registration))


def refresh_travel_missing(seminar: Event, registration: Registration) -> None:
    """Keep `registrations.travel_missing` in line with the answers; the caller commits."""
    value = _stored_missing(seminar, registration)
    if registration.travel_missing != value:
        registration.travel_missing = value


async def refresh_all_travel_missing(session: AsyncSession, seminar: Event) -> int:
    """Recount `travel_missing` of every registration (the event file may have changed);
    returns how many rows changed. Flushes; the caller commits."""
    changed = 0
    for registration in (await session.scalars(select(Registration))).all():
        value = _stored_missing(seminar, registration)
        if registration.travel_missing != value:
            registration.travel_missing = value
            changed += 1
    await session.flush()
    return changed
