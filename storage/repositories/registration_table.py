"""Registrations as a table: filtered, searched, sorted and paged in the database.

The organisers' dashboard lists thousands of registrations a page at a time; the chat's
queue (`RegistrationRepo.with_status`) shows one status at a time and needs none of this.
Only the columns of the table are read (not the answers' JSON).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.registration import Registration, RegistrationStatus

SORTABLE = {
    "id": Registration.id,
    "status": Registration.status,
    "economy": Registration.economy,
    "name": Registration.full_name,
    "organisation": Registration.organisation,
    "role": Registration.role,
    "gender": Registration.gender,
    "funding": Registration.funding,
    "submitted_at": Registration.submitted_at,
    "travel": Registration.travel_missing,
}
MAX_PAGE_SIZE = 200


@dataclass
class TableQuery:
    """What the table shows: empty filters mean "any"; drafts only when asked for."""

    status: str = ""
    economy: str = ""
    funding: str = ""
    gender: str = ""
    search: str = ""
    sort: str = "submitted_at"
    descending: bool = False
    page: int = 1
    size: int = 50


@dataclass
class TableRow:
    id: int
    user_id: int
    status: str
    economy: str | None
    full_name: str | None
    organisation: str | None
    role: str | None
    gender: str | None
    funding: str
    funding_requested: bool
    focal_point: bool
    submitted_at: datetime | None
    travel_missing: int


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filtered(query: TableQuery, statement: Any) -> Any:
    """`statement` (a Select of any columns) with the table's filters."""
    if query.status:
        statement = statement.where(Registration.status == query.status)
    else:
        statement = statement.where(Registration.status != RegistrationStatus.DRAFT)
    if query.economy:
        statement = statement.where(Registration.economy == query.economy)
    if query.funding:
        statement = statement.where(Registration.funding == query.funding)
    if query.gender:
        statement = statement.where(Registration.gender == query.gender)
    if query.search.strip():
        statement = statement.where(
            Registration.full_name.ilike(_like(query.search.strip()), escape="\\")
        )
    return statement


async def registration_table(
    session: AsyncSession, query: TableQuery
) -> tuple[list[TableRow], int]:
    """One page of the table and the number of rows matching the filters."""
    total = await session.scalar(_filtered(query, select(func.count()).select_from(Registration)))
    column = SORTABLE.get(query.sort, Registration.submitted_at)
    order = column.desc() if query.descending else column.asc()
    size = max(1, min(query.size, MAX_PAGE_SIZE))
    page = max(1, query.page)
    columns = select(
        Registration.id,
        Registration.user_id,
        Registration.status,
        Registration.economy,
        Registration.full_name,
        Registration.organisation,
        Registration.role,
        Registration.gender,
        Registration.funding,
        Registration.funding_requested,
        Registration.focal_point,
        Registration.submitted_at,
        Registration.travel_missing,
    )
    statement = _filtered(query, columns)
    statement = (
        statement.order_by(column.is_(None), order, Registration.id)
        .offset((page - 1) * size)
        .limit(size)
    )
    rows = [TableRow(*row) for row in (await session.execute(statement)).all()]
    return rows, int(total or 0)
