"""Writing an export: sheets from the providers into XLSX or a ZIP of CSV files, split
to size (the framework's types are in `base.py`, the sheets in `providers.py` and the
`*_sheets.py` it lists, the file formats in `writers.py`)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from services.exports.base import (
    DEFAULT_PART_LIMIT,
    ExportContext,
    ExportResult,
    Format,
    MultiProvider,
    PartWriter,
    Progress,
    Provider,
    Sheet,
    build_sheets,
    estimate_bytes,
)
from services.exports.providers import WORKBOOK
from services.exports.writers import open_writer

PROGRESS_EVERY_ROWS = 1000
YIELD_EVERY_ROWS = 200


async def write_export(
    context: ExportContext,
    sheets: Sequence[Sheet],
    fmt: Format,
    folder: Path,
    basename: str,
    *,
    max_part_bytes: int | None = DEFAULT_PART_LIMIT,
    progress: Progress | None = None,
) -> ExportResult:
    """Write `sheets` into `folder/basename.<ext>` (or `basename-partN.<ext>` when split)."""
    started = time.monotonic()
    suffix = ".xlsx" if fmt == "xlsx" else ".zip"
    total = 0
    for sheet in sheets:
        if sheet.count is not None:
            total += await sheet.count()
    result = ExportResult(files=[])
    paths: list[Path] = []

    def next_part() -> PartWriter:
        path = folder / f"{basename}-part{len(paths) + 1}{suffix}"
        paths.append(path)
        return open_writer(fmt, path)

    def sheet_cost(writer: PartWriter, sheet: Sheet) -> int:
        return writer.sheet_bytes + estimate_bytes(sheet.headers, writer.cell_overhead)

    def too_big(size: int) -> bool:
        return max_part_bytes is not None and part_bytes + size > max_part_bytes

    cell = context.cell
    writer = next_part()
    part_bytes = writer.container_bytes
    part_empty = True  # nothing in this part yet: whatever comes goes in
    done = 0
    try:
        for sheet in sheets:
            if not part_empty and too_big(sheet_cost(writer, sheet)):
                await asyncio.to_thread(writer.close)
                writer = next_part()
                part_bytes = writer.container_bytes
            writer.start_sheet(sheet.key, sheet.title, sheet.headers)
            part_bytes += sheet_cost(writer, sheet)
            part_empty = False
            written_here = 0
            result.rows[sheet.key] = 0
            async for row in sheet.rows():
                cells = [v if v is None or type(v) is int else cell(v) for v in row]
                size = estimate_bytes(cells, writer.cell_overhead) if max_part_bytes else 0
                if written_here and too_big(size):  # the rest of the sheet in a new part
                    await asyncio.to_thread(writer.close)
                    writer = next_part()
                    writer.start_sheet(sheet.key, sheet.title, sheet.headers)
                    part_bytes = writer.container_bytes + sheet_cost(writer, sheet)
                    written_here = 0
                writer.write_row(cells)
                part_bytes += size
                written_here += 1
                result.rows[sheet.key] += 1
                done += 1
                if done % YIELD_EVERY_ROWS == 0:
                    await asyncio.sleep(0)  # let other updates run between chunks
                if progress is not None and done % PROGRESS_EVERY_ROWS == 0:
                    await progress(done, max(total, done))
    except BaseException:
        # A failed export (a provider's error, a cancelled task) still closes its
        # file: XlsxWriter's temporary files would stay open otherwise.
        with contextlib.suppress(Exception):
            writer.close()
        raise
    await asyncio.to_thread(writer.close)
    if progress is not None:
        await progress(done, max(total, done))
    if len(paths) == 1:
        single = folder / f"{basename}{suffix}"
        paths[0].rename(single)
        paths[0] = single
    result.files = paths
    result.seconds = time.monotonic() - started
    return result


async def run_export(
    context: ExportContext,
    fmt: Format,
    folder: Path,
    basename: str,
    *,
    providers: Iterable[Provider | MultiProvider] | None = None,
    max_part_bytes: int | None = DEFAULT_PART_LIMIT,
    progress: Progress | None = None,
) -> ExportResult:
    """The whole workbook (every provider of `WORKBOOK`, or the `providers` given)."""
    sheets = await build_sheets(context, WORKBOOK if providers is None else providers)
    return await write_export(
        context,
        sheets,
        fmt,
        folder,
        basename,
        max_part_bytes=max_part_bytes,
        progress=progress,
    )
