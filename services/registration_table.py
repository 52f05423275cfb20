"""Registrations for the organisers' dashboard: a page of the table with readable labels,
the filters' choices, and one registration with every answer and its history.

Plain data (dataclasses of strings and numbers) in the reader's language; the caller
shows it as text. Answers are rendered by the caller (the UI knows how a value reads).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event
from core.formatting import economy_name
from core.i18n import Translator
from services.registration import has_travel_stage
from storage.models.registration import Funding, Registration, RegistrationStatus
from storage.repositories.registration_table import (
    MAX_PAGE_SIZE,
    SORTABLE,
    TableQuery,
    TableRow,
    registration_table,
)
from storage.repositories.registrations import RegistrationRepo

__all__ = ["MAX_PAGE_SIZE", "SORTABLE", "TableQuery", "registration_page"]

STATUSES = tuple(s.value for s in RegistrationStatus)
FUNDINGS = tuple(f.value for f in Funding)


@dataclass
class Choice:
    value: str
    label: str


@dataclass
class Filters:
    statuses: list[Choice]
    economies: list[Choice]
    fundings: list[Choice]
    genders: list[Choice]


@dataclass
class Row:
    id: int
    status: str
    status_label: str
    economy: str
    economy_name: str
    name: str
    organisation: str
    role: str
    gender: str
    funding: str
    funding_label: str
    focal_point: bool
    submitted_at: str
    travel: str
    """Travel details of an approved delegate: "complete", "N missing", or "" (not asked)."""


@dataclass
class Page:
    rows: list[Row]
    total: int
    page: int
    size: int


@dataclass
class Change:
    at: str
    from_status: str
    to_status: str
    actor_id: int | None
    reason: str


@dataclass
class Detail:
    id: int
    user_id: int
    name: str
    status: str
    status_label: str
    funding_label: str
    economy_name: str
    focal_point: bool
    submitted_at: str
    history: list[Change] = field(default_factory=list)


def option_label(seminar: Event, field_id: str, value: str | None, lang: str) -> str:
    """The label of a choice answer (gender, role, sector) in `lang`, or the value itself."""
    if not value:
        return ""
    item = seminar.registration.field(field_id)
    option = item.option(value) if item is not None else None
    return option.label.get(lang) if option is not None else value


def local_time(seminar: Event, moment: datetime | None) -> str:
    return "" if moment is None else f"{moment.astimezone(seminar.tz):%Y-%m-%d %H:%M}"


def filters(seminar: Event, lang: str, l10n: Translator) -> Filters:
    gender = seminar.registration.field("gender")
    return Filters(
        statuses=[Choice(s, l10n(f"dashboard-status-{s}")) for s in STATUSES],
        economies=[
            Choice(e.code, economy_name(seminar, e.code, lang, l10n)) for e in seminar.economies
        ],
        fundings=[Choice(f, l10n(f"dashboard-funding-{f}")) for f in FUNDINGS],
        genders=[Choice(o.value, o.label.get(lang)) for o in gender.options] if gender else [],
    )


def _row(seminar: Event, row: TableRow, lang: str, l10n: Translator) -> Row:
    return Row(
        id=row.id,
        status=row.status,
        status_label=l10n(f"dashboard-status-{row.status}"),
        economy=row.economy or "",
        economy_name=economy_name(seminar, row.economy, lang, l10n),
        name=row.full_name or "",
        organisation=row.organisation or "",
        role=option_label(seminar, "role", row.role, lang),
        gender=option_label(seminar, "gender", row.gender, lang),
        funding=row.funding,
        funding_label=l10n(f"dashboard-funding-{row.funding}"),
        focal_point=row.focal_point,
        submitted_at=local_time(seminar, row.submitted_at),
        travel=_travel(seminar, row, l10n),
    )


def _travel(seminar: Event, row: TableRow, l10n: Translator) -> str:
    if row.status != RegistrationStatus.APPROVED or not has_travel_stage(seminar):
        return ""
    if not row.travel_missing:
        return l10n("dashboard-travel-complete")
    return l10n("dashboard-travel-missing", count=row.travel_missing)


async def registration_page(
    session: AsyncSession, seminar: Event, query: TableQuery, lang: str, l10n: Translator
) -> Page:
    """One page of the registrations table (drafts only when filtered for)."""
    rows, total = await registration_table(session, query)
    size = max(1, min(query.size, MAX_PAGE_SIZE))
    return Page(
        rows=[_row(seminar, r, lang, l10n) for r in rows],
        total=total,
        page=max(1, query.page),
        size=size,
    )


async def registration_detail(
    session: AsyncSession, seminar: Event, registration_id: int, lang: str, l10n: Translator
) -> tuple[Detail, Registration] | None:
    """The registration's header and status history (its answers: `Registration.answers`),
    or None when it does not exist (erased meanwhile)."""
    repo = RegistrationRepo(session)
    registration = await repo.get(registration_id)
    if registration is None:
        return None
    history = [
        Change(
            at=local_time(seminar, change.at),
            from_status=l10n(f"dashboard-status-{change.from_status}")
            if change.from_status
            else "",
            to_status=l10n(f"dashboard-status-{change.to_status}"),
            actor_id=change.actor_id,
            reason=change.reason or "",
        )
        for change in await repo.history(registration.id)
    ]
    detail = Detail(
        id=registration.id,
        user_id=registration.user_id,
        name=registration.full_name or "",
        status=registration.status,
        status_label=l10n(f"dashboard-status-{registration.status}"),
        funding_label=l10n(f"dashboard-funding-{registration.funding}"),
        economy_name=economy_name(seminar, registration.economy, lang, l10n),
        focal_point=registration.focal_point,
        submitted_at=local_time(seminar, registration.submitted_at),
        history=history,
    )
    return detail, registration


def as_dict(value: Any) -> Any:
    """A dataclass (or list of them) as JSON-ready data."""
    from dataclasses import asdict, is_dataclass

    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, list):
        return [as_dict(v) for v in value]
    return value
