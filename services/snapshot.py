"""The completion report's numbers, frozen before personal data are erased.

On the retention date (`services/retention.py`) the registrations, tickets and
named survey responses go; the completion report and `/stats` must still show the same
numbers. So, in the erasure's transaction, the functions that compute those numbers are
run once more (`services/retention.py: freeze`) and their results stored as JSON in
`report_snapshots`:

- `stats`: `services.stats.participation_stats` (participation by status, economy,
  gender, sector, role, funding; attendance per day),
- `surveys`: language -> survey id -> `{"rate": response_rate, "questions":
  question_results}` (`services.survey_results`),
- `helpdesk`: language -> the report's helpdesk summary (`services.report`).

From then on those functions answer from the snapshot (`load`, then their own
`TypeAdapter` turns their part back into their dataclasses), so every screen and the
report keep their numbers without a second code path. This module knows only the JSON:
the modules that compute the numbers import it, not the other way round (no cycle).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.retention import ReportSnapshot

_CACHE_KEY = "report_snapshot"
"""`session.info` key of the snapshot's JSON (one query per session)."""


async def load(session: AsyncSession) -> dict[str, Any] | None:
    """The latest snapshot's JSON, or None while the live data are still there."""
    data = session.info.get(_CACHE_KEY)
    if data is None:
        data = await session.scalar(
            select(ReportSnapshot.data).order_by(ReportSnapshot.id.desc()).limit(1)
        )
        if data is None:
            return None
        session.info[_CACHE_KEY] = data
    return dict(data)


def in_language(frozen: dict[str, Any], part: str, lang: str) -> Any:
    """`frozen[part]` in `lang`, else in English, else None."""
    by_lang = frozen.get(part) or {}
    return by_lang.get(lang) or by_lang.get("en")


async def store(session: AsyncSession, data: dict[str, Any]) -> None:
    """Store a new snapshot (flushes; the caller commits)."""
    session.add(ReportSnapshot(data=data))
    await session.flush()
    session.info[_CACHE_KEY] = data
