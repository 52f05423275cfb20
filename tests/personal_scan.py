"""Checks that nothing about a person is left in any table (for /forget and erasure)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Base


def cells(row: Any) -> list[str]:
    return [str(value) for value in row if value is not None]


def contains(cell: str, needle: str) -> bool:
    """`needle` in `cell`; a number only as a whole number (not inside a timestamp)."""
    if needle.isdigit():
        return re.search(rf"(?<!\d){needle}(?!\d)", cell) is not None
    return needle in cell


async def assert_nowhere(session: AsyncSession, needles: Iterable[str]) -> None:
    """Fails naming the table and cell if any stored value contains any of `needles`."""
    needles = list(needles)
    for table in Base.metadata.sorted_tables:
        for row in (await session.execute(select(table))).all():
            for cell in cells(row):
                for needle in needles:
                    assert not contains(cell, needle), (table.name, needle, cell[:200])
