"""File writers of the export: an XLSX workbook and a ZIP of CSV files, both streamed.

The XLSX is XlsxWriter's (constant-memory mode) since it replaced a hand-written
SpreadsheetML writer. Side by side on `bench.export_bench` (10,000 participants + 10,000
survey responses = 56,015 rows), old and new run one after the other, three times, on the
shared 2-CPU machine (load average 2.6 to 5.7):

    (cd <checkout of bbc0a65> && .venv/bin/python -m bench.export_bench)
    .venv/bin/python -m bench.export_bench

    XLSX                 CPU         wall            peak RSS   file
    hand-written  cli    1.3-1.5 s   1.4-4.3 s        82 MB     3.4 MB
                  bot    1.3-1.4 s   1.6-2.9 s       220 MB
    XlsxWriter    cli    4.2-4.3 s   6.9-11.7 s       85 MB     2.7 MB
                  bot    4.1-4.3 s   8.3-14.1 s      223 MB

The CSV export of the same rows takes 1.1-1.2 s of CPU, so the XLSX writer's own share
went from about 0.2 s to about 3.1 s (3.5 µs per cell; openpyxl's write-only mode needs
about 12). That is inside the budget of 10 s and 300 MB whenever the export gets half a
CPU or more (the third run: 6.9 and 8.3 s); in the first two, other work on the machine
left it about a third of a CPU and the wall time passed 10 s. Memory is flat either way;
the file is a fifth smaller (deflate level 6 instead of 1).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from services.exports.base import Cell, Format, PartWriter, neutralise

COMPRESSION = 1
"""zlib level: 1 costs a quarter more bytes than 6 and saves a fifth of the export's CPU."""
SHEET_TITLE_MAX = 31
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")
# Characters XML 1.0 (and so XLSX) cannot hold; tab, LF and CR are allowed.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DATE_FORMAT = "yyyy-mm-dd"


def sheet_title(title: str, used: set[str]) -> str:
    """A valid, unique worksheet title (31 characters, none of []:*?/\\)."""
    base = _SHEET_TITLE_BAD.sub(" ", title).strip().strip("'") or "Sheet"
    candidate = base[:SHEET_TITLE_MAX]
    n = 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate = base[: SHEET_TITLE_MAX - len(suffix)] + suffix
        n += 1
    used.add(candidate.lower())
    return candidate


class XlsxWriter:
    """An XLSX workbook written by XlsxWriter in constant-memory mode, one sheet at a time.

    Constant-memory mode writes each row to a temporary file (in the output's folder) as
    soon as the next one starts, with inline strings (no shared-string table held in
    memory); the workbook is zipped on `close`. Nothing the user typed is interpreted:
    formulas, numbers and URLs stay text (and are neutralised upstream), XML-illegal
    characters are dropped, and a text that happens to look like XlsxWriter's own rich
    inline string (`<r>…</r>`, which this mode writes unescaped) is written as a rich
    string of plain runs, so that it is escaped like any other. The header row is bold
    and frozen; dates and times are real Excel values.
    """

    cell_overhead = 40  # <c r="AB12345" t="inlineStr"><is><t></t></is></c>, as before
    container_bytes = 8192  # compressed: theme, styles, docProps, workbook (about 5 kB)
    sheet_bytes = 2048  # the worksheet's frame, column widths, its names in the workbook

    def __init__(self, path: Path) -> None:
        import xlsxwriter  # loaded on the first export, not at start-up

        self.path = path
        self.book = xlsxwriter.Workbook(
            str(path),
            {
                "constant_memory": True,
                "tmpdir": str(path.parent),
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        self._bold = self.book.add_format({"bold": True})
        self._datetime = self.book.add_format({"num_format": DATETIME_FORMAT})
        self._date = self.book.add_format({"num_format": DATE_FORMAT})
        self._used: set[str] = set()
        self._sheet: Any = None
        self._row = 0

    def start_sheet(self, key: str, title: str, headers: list[str]) -> None:
        sheet = self._sheet = self.book.add_worksheet(sheet_title(title, self._used))
        sheet.freeze_panes(1, 0)
        for i, header in enumerate(headers):
            sheet.set_column(i, i, min(max(len(header) + 2, 10), 45))
            sheet.write_string(0, i, _xml_text(header), self._bold)
        self._row = 0

    def write_row(self, cells: Sequence[Cell]) -> None:
        self._row += 1
        row, sheet = self._row, self._sheet
        for i, value in enumerate(cells):
            if value is None:
                continue
            if isinstance(value, str):
                text = _xml_text(value)
                if text.startswith("<r>") and text.endswith("</r>"):
                    sheet.write_rich_string(row, i, text[:1], text[1:2], text[2:])
                else:
                    sheet.write_string(row, i, text)
            elif isinstance(value, int | float):
                sheet.write_number(row, i, value)
            elif isinstance(value, datetime):
                sheet.write_datetime(row, i, value, self._datetime)
            else:  # a date
                sheet.write_datetime(row, i, value, self._date)

    def close(self) -> None:
        self.book.close()  # adds a worksheet to a workbook that has none


class CsvZipWriter:
    """A ZIP with one CSV file per sheet, UTF-8 with BOM (Excel then reads Cyrillic)."""

    cell_overhead = 3  # separator and quotes
    container_bytes = 64  # end of central directory
    sheet_bytes = 256  # local header, central directory entry, data descriptor, BOM

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip = zipfile.ZipFile(
            path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESSION
        )
        self._entry: IO[bytes] | None = None
        self._text: io.TextIOWrapper | None = None
        self._writer: Any = None
        self._count = 0
        self._names: set[str] = set()

    def _close_entry(self) -> None:
        if self._text is not None:
            self._text.close()  # closes the ZIP entry too
            self._text = None
            self._entry = None

    def start_sheet(self, key: str, title: str, headers: list[str]) -> None:
        self._close_entry()
        self._count += 1
        name = f"{self._count:02d}-{key}.csv"
        self._names.add(name)
        self._entry = self.zip.open(name, "w", force_zip64=True)
        self._text = io.TextIOWrapper(self._entry, encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._text)
        self._writer.writerow(headers)

    def write_row(self, cells: Sequence[Cell]) -> None:
        self._writer.writerow([_csv_value(v) for v in cells])

    def close(self) -> None:
        self._close_entry()
        self.zip.close()


def _xml_text(text: str) -> str:
    """Drop what XML cannot hold, then neutralise again (`\x01=1` would become `=1`)."""
    if _XML_ILLEGAL.search(text) is None:
        return text
    return neutralise(_XML_ILLEGAL.sub("", text))


def _csv_value(value: Cell) -> str | int | float:
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(" ", "minutes")
    if isinstance(value, date):
        return value.isoformat()
    return value


def open_writer(fmt: Format, path: Path) -> PartWriter:
    if fmt == "xlsx":
        return XlsxWriter(path)
    if fmt == "csv":
        return CsvZipWriter(path)
    raise ValueError(f"unknown export format {fmt!r}")
