"""Helpers shared by the survey windows: the clock, the current survey, answer texts."""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from aiogram.fsm.state import State
from aiogram_dialog import DialogManager
from babel.dates import format_datetime, get_timezone_location

from core.event import Event, Question, Survey
from core.i18n import Translator
from ui.context import Ctx
from ui.states import SurveysSG

STATE_OF_TYPE: dict[str, State] = {
    "single": SurveysSG.single,
    "multi": SurveysSG.multi,
    "scale": SurveysSG.scale,
    "yes_no": SurveysSG.yes_no,
    "text": SurveysSG.text,
    "number": SurveysSG.number,
    "session_matrix": SurveysSG.matrix,
}

REVIEW_PAGE = 6
"""Answers per page of the review screen (a phone screen)."""


def current_survey(manager: DialogManager) -> Survey | None:
    ctx = Ctx.from_manager(manager)
    survey_id = manager.dialog_data.get("s")
    return ctx.seminar.find_survey(survey_id) if survey_id else None


def current_question(manager: DialogManager) -> Question | None:
    survey = current_survey(manager)
    question_id = manager.dialog_data.get("q")
    if survey is None or not question_id:
        return None
    return survey.question(question_id)


def moment(seminar: Event, when: datetime, lang: str) -> str:
    """'7 October 2027, 17:30 (Moscow)' in the event's time zone."""
    tz = seminar.tz
    text = format_datetime(when.astimezone(tz), "d MMMM y, HH:mm", tzinfo=tz, locale=lang)
    city = get_timezone_location(tz, locale=lang, return_city=True)
    return f"{text} ({city})"


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def answer_text(
    seminar: Event,
    question: Question,
    value: Any,
    l10n: Translator,
    lang: str,
    *,
    limit: int = 90,
) -> str:
    """An answer as the respondent reads it (plain text, not escaped)."""
    if value is None:
        return l10n("surveys-answer-skipped")
    kind = question.type
    labels = {o.value: o.label.get(lang) for o in question.options}
    if kind == "single":
        return shorten(labels.get(value, str(value)), limit)
    if kind == "multi":
        if not value:
            return l10n("surveys-answer-none-chosen")
        return shorten(", ".join(labels.get(v, str(v)) for v in value), limit)
    if kind == "yes_no":
        return l10n("surveys-yes") if value else l10n("surveys-no")
    if kind == "scale":
        return f"{value} / {question.max}"
    if kind == "number":
        return f"{value:g}" if isinstance(value, float) else str(value)
    if kind == "session_matrix":
        total = len(seminar.sessions_for(question))
        rated = sum(1 for v in (value or {}).values() if v is not None)
        return l10n("surveys-answer-matrix", rated=rated, total=total)
    return shorten(str(value), limit)
