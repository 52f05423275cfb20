"""The export framework: sheets from providers, written as XLSX or as a ZIP of CSV files.

A **provider** is a function `(ExportContext) -> Sheet`; a `Sheet` has a key (its file
name inside a ZIP), a title and headers in the reader's language, and an async iterator
of rows. The workbook is the list of providers (`services.exports.providers.WORKBOOK`);
`services/exports/run.py` writes them (this module imports neither, so no cycle).

Rows are streamed from the database and written as they come (XlsxWriter's
constant-memory mode, or CSV into a ZIP entry, see `writers.py`), so memory stays flat
however many rows there are. Every text cell that a spreadsheet would read as a formula
is neutralised. When `max_part_bytes` is given
the output is split into several files so that none exceeds it: a part is closed before
the data written into it would pass `max_part_bytes` *uncompressed*, so its compressed
file is smaller whatever the compression achieves.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, Literal, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event
from core.i18n import Translator

Format = Literal["xlsx", "csv"]
FORMATS: tuple[Format, ...] = ("xlsx", "csv")
TELEGRAM_FILE_LIMIT = 50 * 1024 * 1024
DEFAULT_PART_LIMIT = 48 * 1024 * 1024
"""Below Telegram's 50 MB with room for the container's own overhead."""
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")
MAX_CELL_CHARS = 32_767
"""Excel's limit for one cell."""

Cell = str | int | float | datetime | date | None
Rows = AsyncIterator[Sequence[Any]]
Progress = Callable[[int, int], Awaitable[None]]
"""progress(rows written, rows expected in total)."""


def neutralise(text: str) -> str:
    """Prefix `'` to a text a spreadsheet would take for a formula (OWASP ASVS 1.2.10)."""
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


@dataclass
class ExportContext:
    """What providers need: the database, the event and the reader's language."""

    session: AsyncSession
    seminar: Event
    l10n: Translator
    admin_ids: Sequence[int] = ()

    @property
    def lang(self) -> str:
        return self.l10n.lang

    def header(self, key: str) -> str:
        return self.l10n(f"console-col-{key}")

    def header_at(self, key: str) -> str:
        """A date-and-time column: its header names the event's time zone."""
        return f"{self.header(key)} ({self.seminar.timezone})"

    def __post_init__(self) -> None:
        self._yes = self.l10n("console-yes")
        self._no = self.l10n("console-no")
        self._tz = self.seminar.tz

    def cell(self, value: Any) -> Cell:
        """A value as a spreadsheet cell: local times, yes/no, lists joined, text neutralised."""
        kind = type(value)
        if kind is str:  # the common case first: this runs for every cell
            if len(value) > MAX_CELL_CHARS:
                value = value[: MAX_CELL_CHARS - 1] + "…"
            return "'" + value if value.startswith(FORMULA_PREFIXES) else value
        if value is None or kind is int or kind is float:
            return value
        if kind is bool:
            return self._yes if value else self._no
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                value = value.astimezone(self._tz)
            return value.replace(tzinfo=None, microsecond=0)
        if isinstance(value, date | int | float):
            return value
        if isinstance(value, Enum):
            return self.cell(value.value)
        if isinstance(value, list | tuple | set):
            return self.cell("; ".join(str(v) for v in value if v is not None))
        if isinstance(value, dict):
            return self.cell(json.dumps(value, ensure_ascii=False, default=str))
        return self.cell(str(value))


@dataclass
class Sheet:
    key: str
    """ASCII id: the CSV file name, and the sheet's identity in tests."""
    title: str
    headers: list[str]
    rows: Callable[[], Rows]
    count: Callable[[], Awaitable[int]] | None = None
    """The number of rows, for the progress message (optional)."""


Provider = Callable[[ExportContext], Awaitable[Sheet | None]]
"""Builds one sheet, or None when it does not apply to this event."""
MultiProvider = Callable[[ExportContext], Awaitable[list[Sheet]]]
"""Builds several sheets (one per survey of the event, for instance)."""


class PartWriter(Protocol):
    """One output file being written."""

    cell_overhead: int
    """Bytes a cell costs beyond its text, for the size estimate."""
    container_bytes: int
    """What the file costs with no sheet in it (an upper bound)."""
    sheet_bytes: int
    """What one more sheet costs besides its cells (an upper bound)."""

    def start_sheet(self, key: str, title: str, headers: list[str]) -> None: ...

    def write_row(self, cells: Sequence[Cell]) -> None: ...

    def close(self) -> None: ...


@dataclass
class ExportResult:
    files: list[Path]
    rows: dict[str, int] = field(default_factory=dict)
    """Sheet key -> rows written (headers not counted)."""
    seconds: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def estimate_bytes(cells: Sequence[Cell], overhead: int) -> int:
    """Bytes the cells take once written (UTF-8 text, 24 for any other value), at most."""
    texts = [v for v in cells if type(v) is str]
    others = sum(1 for v in cells if v is not None and type(v) is not str)
    return overhead * len(cells) + 24 * others + len("".join(texts).encode())


async def build_sheets(
    context: ExportContext, providers: Iterable[Provider | MultiProvider]
) -> list[Sheet]:
    sheets: list[Sheet] = []
    for provider in providers:
        made = await provider(context)
        if isinstance(made, list):
            sheets.extend(made)
        elif made is not None:
            sheets.append(made)
    return sheets


def export_basename(seminar: Event, now: datetime) -> str:
    """`apec-ip-seminar-export-2027-09-20-1830` (the moment in the event's time zone)."""
    local = now.astimezone(seminar.tz)
    return f"{seminar.id}-export-{local:%Y-%m-%d-%H%M}"
