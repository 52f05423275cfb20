"""The completion report's numbers, frozen before personal data are erased.

On the retention date (`services/retention.py`) the registrations, tickets and
named survey responses go; the completion report and `/stats` must still show the same
numbers. So, in the erasure's transaction, the functions that compute those numbers are
run once more and their results stored as JSON in `report_snapshots`:

- `services.stats.participation_stats` (participation by status, economy, gender,
  sector, role, funding; attendance per day),
- `services.survey_results.response_rate` and `question_results` per survey and language,
- the report's helpdesk summary per language.

From then on those functions answer from the snapshot (`load`), so every screen and the
report keep their numbers without a second code path. The dataclasses are turned into
JSON and back by pydantic's `TypeAdapter` (dates, nested dataclasses, tuples).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.report import Helpdesk
from services.stats import ParticipationStats
from services.survey_results import QuestionResult, ResponseRate
from storage.models.retention import ReportSnapshot

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from core.event import Event
    from core.i18n import I18n

_CACHE_KEY = "report_snapshot"
"""`session.info` key of the snapshot's JSON (one query per session)."""


@dataclass
class FrozenSurvey:
    rate: ResponseRate
    questions: list[QuestionResult]


@dataclass
class Frozen:
    stats: ParticipationStats
    surveys: dict[str, dict[str, FrozenSurvey]] = field(default_factory=dict)
    """Language -> survey id -> its response rate and results (texts in that language)."""
    helpdesk: dict[str, Helpdesk] = field(default_factory=dict)
    """Language -> the report's helpdesk summary."""

    def survey(self, survey_id: str, lang: str) -> FrozenSurvey | None:
        by_id = self.surveys.get(lang) or self.surveys.get("en") or {}
        return by_id.get(survey_id)

    def help(self, lang: str) -> Helpdesk | None:
        return self.helpdesk.get(lang) or self.helpdesk.get("en")


@functools.cache
def _adapter() -> TypeAdapter[Frozen]:
    from pydantic import TypeAdapter

    return TypeAdapter(Frozen)


async def load(session: AsyncSession) -> Frozen | None:
    """The latest snapshot, or None while the live data are still there."""
    data = session.info.get(_CACHE_KEY)
    if data is None:
        data = await session.scalar(
            select(ReportSnapshot.data).order_by(ReportSnapshot.id.desc()).limit(1)
        )
        if data is None:
            return None
        session.info[_CACHE_KEY] = data
    return _adapter().validate_python(data)  # a fresh copy: callers may change it


async def freeze(
    session: AsyncSession, seminar: Event, i18n: I18n, languages: list[str] | None = None
) -> dict[str, Any]:
    """Compute every aggregate and store it (flushes; the caller commits). Returns the
    JSON stored. Run again, it stores the same numbers (read from the last snapshot)."""
    from services.report import helpdesk_summary
    from services.stats import participation_stats
    from services.survey_results import question_results, response_rate

    frozen = Frozen(stats=await participation_stats(session, seminar))
    for lang in languages or list(i18n.languages):
        frozen.surveys[lang] = {
            survey.id: FrozenSurvey(
                rate=await response_rate(session, seminar, survey.id, lang),
                questions=await question_results(session, seminar, survey.id, lang),
            )
            for survey in seminar.surveys
        }
        frozen.helpdesk[lang] = await helpdesk_summary(session, seminar, i18n.get(lang))
    data: dict[str, Any] = _adapter().dump_python(frozen, mode="json")
    session.add(ReportSnapshot(data=data))
    await session.flush()
    session.info[_CACHE_KEY] = data
    return data
