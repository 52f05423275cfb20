"""The completion-report draft: a DOCX the overseer edits in Word.

`build_report()` gathers the numbers (async, from the database) and then writes the
document in a worker thread (python-docx and matplotlib are imported there, lazily):
event facts, participation with gender breakdown and a per-economy table, attendance per
day, the questionnaire's results per topic, the feedback analysis (scales with charts,
per-session ratings, free-text answers by question), helpdesk themes, and an empty
section of recommendations for the overseer to write.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event
from core.i18n import Translator
from services.report.data import (
    Helpdesk,
    ReportData,
    SurveySection,
    TopicResults,
    collect_report_data,
    helpdesk_summary,
)
from services.report.render import CHART_WIDTH_CM, ReportSummary, render_report

__all__ = [
    "CHART_WIDTH_CM",
    "Helpdesk",
    "ReportData",
    "ReportSummary",
    "SurveySection",
    "TopicResults",
    "build_report",
    "collect_report_data",
    "helpdesk_summary",
    "render_report",
]


async def build_report(
    session: AsyncSession, seminar: Event, l10n: Translator, path: Path, now: datetime
) -> ReportSummary:
    data = await collect_report_data(session, seminar, l10n, now)
    return await asyncio.to_thread(render_report, data, seminar, l10n, path)
