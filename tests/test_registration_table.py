"""The registrations table of the dashboard (storage/repositories/registration_table.py,
services/registration_table.py) on SQLite and PostgreSQL: filters, a search that takes
`%` and `_` literally, sorting with empty values last, paging."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.event import load_event
from core.i18n import I18n
from core.settings import DEFAULT_EVENT_FILE
from services.registration_table import TableQuery, registration_page
from tests.test_console_fixture import seeded


async def test_filters_search_sort_and_pages(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await seeded(session_factory)
    seminar = load_event(DEFAULT_EVENT_FILE)
    l10n = I18n().get("en")

    async def names(**query: object) -> tuple[list[str], int]:
        async with session_factory() as session:
            page = await registration_page(
                session,
                seminar,
                TableQuery(**query),
                "en",
                l10n,  # type: ignore[arg-type]
            )
        return [row.name for row in page.rows], page.total

    assert (await names())[1] == 11  # no draft
    assert await names(status="draft") == (["Ken Sato"], 1)
    assert await names(economy="CHL", gender="female", sort="name") == (
        ["Ana Soto", "Maria Rojas"],
        2,
    )
    assert await names(funding="alternate") == (["Alex Quispe"], 1)
    assert await names(search="SOTO") == (["Ana Soto"], 1)  # any case (ASCII)
    assert await names(search="%") == ([], 0)  # literally, not a wildcard
    assert await names(search="_") == ([], 0)
    first, total = await names(sort="submitted_at", descending=True, size=4, page=1)
    second, _ = await names(sort="submitted_at", descending=True, size=4, page=2)
    third, _ = await names(sort="submitted_at", descending=True, size=4, page=3)
    assert total == 11 and len(first + second + third) == 11
    assert len(set(first + second + third)) == 11
    assert first[0] == "Wipo Expert"  # the latest submission
    assert (await names(page=99))[0] == []
