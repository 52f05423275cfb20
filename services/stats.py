"""Participation statistics for /stats and the report: plain data, no formatting.

Three scopes are counted side by side:

* **registered**: applications in play (submitted, approved or waitlisted);
* **approved**: accepted participants;
* **attended**: registrations checked in on at least one day of the event.

Drafts, rejected and withdrawn registrations appear only in the count by status.
Gender is counted as given ("prefer not to say" is a value like any other); a registration
without a value is counted under `unknown`. Registrations erased at the person's request
survive only as anonymous counts per dimension (`erased`), reported apart. Once every
participant's data are erased on the retention date, the numbers come from the snapshot
taken just before (`services/snapshot.py`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event
from services.registration.stages import has_travel_stage
from storage.models.registration import (
    Attendance,
    ErasedCount,
    Funding,
    Registration,
    RegistrationStatus,
)

REGISTERED_STATUSES = frozenset(
    {
        RegistrationStatus.SUBMITTED.value,
        RegistrationStatus.APPROVED.value,
        RegistrationStatus.WAITLISTED.value,
    }
)
SCOPES = ("registered", "approved", "attended")
UNKNOWN = "unknown"
"""The key of registrations without a value for a breakdown (no economy, no gender...)."""
DIMENSIONS = ("gender", "economy", "sector", "role")


@dataclass
class EconomyStats:
    """One economy: applications, women nominated, attendance and funding."""

    code: str
    registered: int = 0
    approved: int = 0
    attended: int = 0
    women: int = 0
    """Women among the registered (nominated)."""
    women_approved: int = 0
    travel_eligible: bool = False
    # Funding of the registered applications (the five add up to `registered`).
    funded: int = 0
    """Funded places taken (the quota use)."""
    alternates: int = 0
    funding_waitlisted: int = 0
    """Asked for funding beyond the quota."""
    funding_pending: int = 0
    """Asked for funding, not decided yet."""
    self_funded: int = 0
    """Did not ask for funding."""


@dataclass
class DayAttendance:
    day: date
    total: int = 0
    by_gender: dict[str, int] = field(default_factory=dict)


@dataclass
class ParticipationStats:
    by_status: dict[str, int]
    """Every status, drafts included, zeros kept, in the order of RegistrationStatus."""
    totals: dict[str, int]
    """Scope (registered, approved, attended) -> number of registrations."""
    breakdowns: dict[str, dict[str, dict[str, int]]]
    """Dimension (gender, economy, sector, role) -> value -> scope -> count."""
    economies: list[EconomyStats]
    """Every economy of the event file (in its order), then unknown codes found."""
    attendance: list[DayAttendance]
    """One row per event day."""
    funded_per_economy: int
    alternates_per_economy: int
    women_target: int
    travel_complete: int = 0
    """Approved registrations whose travel details are all given (stage 2)."""
    travel_incomplete: int = 0
    """Approved registrations with travel details still missing."""
    erased: dict[str, dict[str, int]] = field(default_factory=dict)
    """Registrations erased at the person's request, kept as anonymous counts per dimension
    (`status`, `gender`, `economy`, `attended_day`...): not in the numbers above."""

    @property
    def erased_total(self) -> int:
        return sum(self.erased.get("registrations", {}).values())

    def breakdown(self, dimension: str, scope: str) -> dict[str, int]:
        """value -> count for one scope, values in display order."""
        return {value: counts.get(scope, 0) for value, counts in self.breakdowns[dimension].items()}

    @property
    def funding_totals(self) -> dict[str, int]:
        """Funding of the registered applications over all economies."""
        return {
            "funded": sum(e.funded for e in self.economies),
            "alternate": sum(e.alternates for e in self.economies),
            "waitlisted": sum(e.funding_waitlisted for e in self.economies),
            "pending": sum(e.funding_pending for e in self.economies),
            "self_funded": sum(e.self_funded for e in self.economies),
        }

    @property
    def women_target_met(self) -> tuple[int, int]:
        """(economies that nominated at least `women_target` women, economies that applied)."""
        applied = [e for e in self.economies if e.registered]
        met = [e for e in applied if e.women >= self.women_target]
        return len(met), len(applied)


def _field_values(seminar: Event, field_id: str) -> list[str]:
    item = seminar.registration.field(field_id)
    return [o.value for o in item.options] if item is not None else []


def _ordered(known: list[str], found: Counter[str] | set[str]) -> list[str]:
    """Known values first (in the event file's order), then the others found, unknown last."""
    extra = sorted(v for v in found if v not in known and v != UNKNOWN)
    tail = [UNKNOWN] if UNKNOWN in found else []
    return [*known, *extra, *tail]


async def participation_stats(session: AsyncSession, seminar: Event) -> ParticipationStats:
    """Count registrations by status, by gender, economy, sector and role, per day."""
    from services import snapshot

    frozen = await snapshot.load(session)
    if frozen is not None:  # personal data erased: the numbers frozen before
        from pydantic import TypeAdapter

        return TypeAdapter(ParticipationStats).validate_python(frozen["stats"])
    rows = (
        await session.execute(
            select(
                Registration.id,
                Registration.status,
                Registration.economy,
                Registration.sector,
                Registration.role,
                Registration.gender,
                Registration.funding,
                Registration.funding_requested,
            )
        )
    ).all()
    days_of: dict[int, set[date]] = defaultdict(set)
    for registration_id, day in (
        await session.execute(select(Attendance.registration_id, Attendance.day))
    ).all():
        days_of[registration_id].add(day)

    by_status: Counter[str] = Counter()
    counts: dict[str, dict[str, Counter[str]]] = {d: defaultdict(Counter) for d in DIMENSIONS}
    economies: dict[str, EconomyStats] = {
        e.code: EconomyStats(e.code, travel_eligible=seminar.is_travel_eligible(e.code))
        for e in seminar.economies
    }
    per_day: dict[date, DayAttendance] = {d: DayAttendance(d) for d in seminar.dates.days()}

    for registration_id, status, economy, sector, role, gender, funding, requested in rows:
        by_status[status] += 1
        scopes: list[str] = []
        if status in REGISTERED_STATUSES:
            scopes.append("registered")
        if status == RegistrationStatus.APPROVED:
            scopes.append("approved")
        attended_days = days_of.get(registration_id, set())
        if attended_days:
            scopes.append("attended")
        if not scopes:
            continue
        values = {
            "gender": gender or UNKNOWN,
            "economy": economy or UNKNOWN,
            "sector": sector or UNKNOWN,
            "role": role or UNKNOWN,
        }
        for dimension, value in values.items():
            counts[dimension][value].update(scopes)
        for day in attended_days:
            row = per_day.setdefault(day, DayAttendance(day))
            row.total += 1
            row.by_gender[values["gender"]] = row.by_gender.get(values["gender"], 0) + 1
        if economy is None:
            continue
        econ = economies.setdefault(
            economy, EconomyStats(economy, travel_eligible=seminar.is_travel_eligible(economy))
        )
        econ.attended += "attended" in scopes
        if "registered" in scopes:
            econ.registered += 1
            econ.women += gender == "female"
            if funding == Funding.FUNDED:
                econ.funded += 1
            elif funding == Funding.ALTERNATE:
                econ.alternates += 1
            elif funding == Funding.WAITLISTED:
                econ.funding_waitlisted += 1
            elif requested:
                econ.funding_pending += 1
            else:
                econ.self_funded += 1
        if "approved" in scopes:
            econ.approved += 1
            econ.women_approved += gender == "female"

    known = {
        "gender": _field_values(seminar, "gender") or ["female", "male", "prefer_not_to_say"],
        "economy": [e.code for e in seminar.economies],
        "sector": _field_values(seminar, "sector"),
        "role": _field_values(seminar, "role"),
    }
    breakdowns = {
        dimension: {
            value: {scope: counts[dimension][value][scope] for scope in SCOPES}
            for value in _ordered(known[dimension], set(counts[dimension]))
        }
        for dimension in DIMENSIONS
    }
    totals = {scope: sum(c[scope] for c in counts["gender"].values()) for scope in SCOPES}
    erased: dict[str, dict[str, int]] = defaultdict(dict)
    for dimension, value, count in (
        await session.execute(select(ErasedCount.dimension, ErasedCount.value, ErasedCount.count))
    ).all():
        erased[dimension][value] = count
    travel_complete = travel_incomplete = 0
    if has_travel_stage(seminar):  # the stored count kept current per registration (stages.py)
        missing = (Registration.travel_missing > 0).label("missing")
        for is_missing, count in (
            await session.execute(
                select(missing, func.count())
                .where(Registration.status == RegistrationStatus.APPROVED)
                .group_by(missing)
            )
        ).all():
            if is_missing:
                travel_incomplete += count
            else:
                travel_complete += count
    return ParticipationStats(
        travel_complete=travel_complete,
        travel_incomplete=travel_incomplete,
        by_status={s.value: by_status.get(s.value, 0) for s in RegistrationStatus}
        | {s: n for s, n in by_status.items() if s not in set(RegistrationStatus)},
        totals=totals,
        breakdowns=breakdowns,
        economies=list(economies.values()),
        attendance=[per_day[d] for d in sorted(per_day)],
        funded_per_economy=seminar.quotas.funded_per_economy,
        alternates_per_economy=seminar.quotas.alternates_per_economy,
        women_target=seminar.quotas.women_nomination_target,
        erased=dict(erased),
    )
