"""What every sheet provider uses to read the database: rows of a SELECT fetched
in chunks (`_stream`) and the row count for the progress (`_count`).
"""

from __future__ import annotations

from typing import Any

from services.exports.base import ExportContext, Rows

STREAM_CHUNK = 500


async def _count(context: ExportContext, statement: Any) -> int:
    return int(await context.session.scalar(statement) or 0)


async def _stream(context: ExportContext, statement: Any) -> Rows:
    """Rows of a SELECT, fetched in chunks."""
    result = await context.session.stream(statement.execution_options(yield_per=STREAM_CHUNK))
    async for rows in result.partitions(STREAM_CHUNK):  # one await per chunk, not per row
        for row in rows:
            yield tuple(row)
