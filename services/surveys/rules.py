"""The survey engine's pure rules: phase of a survey, which questions are shown (with
`show_if`), progress and resume point, and how an answer is parsed and checked. They
work on the event file's `Survey`/`Question` and a dict of answers; no database.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from typing import Any, Literal

from core.event import AgendaDay, AgendaSession, Event, Question, Survey

REVIEW = "#review"
"""`SurveyResponse.position` of a respondent at the review screen (not a question id)."""

Phase = Literal["upcoming", "open", "closed"]
Role = Literal["respondent", "observer", "outsider"]


class SurveyError(Exception):
    """A refusal to show the user: `key` is a message of locales/*/surveys.ftl; `at`, a
    moment among the arguments, is shown as the message's `date`."""

    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


# --------------------------------------------------------------------------- time


def survey_window(seminar: Event, survey: Survey) -> tuple[datetime | None, datetime | None]:
    """When the survey opens and closes (aware, in the event's time zone), if it says."""
    opens = seminar.resolve(survey.opens)[0] if survey.opens is not None else None
    closes = seminar.resolve(survey.closes)[0] if survey.closes is not None else None
    return opens, closes


def phase(seminar: Event, survey: Survey, now: datetime) -> Phase:
    opens, closes = survey_window(seminar, survey)
    if opens is not None and now < opens:
        return "upcoming"
    if closes is not None and now >= closes:
        return "closed"
    return "open"


# --------------------------------------------------------------------------- questions


def has_value(question: Question, value: Any) -> bool:
    """True if `value` is an actual answer (not skipped, not empty)."""
    if value is None:
        return False
    if question.type == "multi":
        return isinstance(value, list) and len(value) > 0
    if question.type == "session_matrix":
        return isinstance(value, dict) and any(v is not None for v in value.values())
    if question.type == "text":
        return isinstance(value, str) and value.strip() != ""
    return True


def visible_questions(survey: Survey, answers: dict[str, Any]) -> list[Question]:
    """The questions asked given the answers so far (show_if of earlier questions)."""
    shown: list[Question] = []
    shown_ids: set[str] = set()
    for question in survey.questions:
        condition = question.show_if
        if condition is not None:
            target = condition.question
            value = answers.get(target)
            if target not in shown_ids or value is None or not condition.matches(value):
                continue
        shown.append(question)
        shown_ids.add(question.id)
    return shown


def is_visible(survey: Survey, answers: dict[str, Any], question_id: str) -> bool:
    return any(q.id == question_id for q in visible_questions(survey, answers))


def progress(survey: Survey, answers: dict[str, Any], question_id: str) -> tuple[int, int]:
    """(number of the question among those shown, how many are shown): "4 of 12"."""
    shown = [q.id for q in visible_questions(survey, answers)]
    if question_id not in shown:
        return 0, len(shown)
    return shown.index(question_id) + 1, len(shown)


def next_question(survey: Survey, answers: dict[str, Any], after: str | None) -> str | None:
    """The id of the next question shown after `after` (the first if None), or None."""
    shown = [q.id for q in visible_questions(survey, answers)]
    if after is None:
        return shown[0] if shown else None
    if after in shown:
        i = shown.index(after)
        return shown[i + 1] if i + 1 < len(shown) else None
    # `after` was hidden meanwhile: the first shown question that comes after it.
    order = [q.id for q in survey.questions]
    position = order.index(after) if after in order else -1
    return next((q for q in shown if order.index(q) > position), None)


def previous_question(survey: Survey, answers: dict[str, Any], before: str) -> str | None:
    shown = [q.id for q in visible_questions(survey, answers)]
    if before in shown:
        i = shown.index(before)
        return shown[i - 1] if i > 0 else None
    order = [q.id for q in survey.questions]
    position = order.index(before) if before in order else len(order)
    earlier = [q for q in shown if order.index(q) < position]
    return earlier[-1] if earlier else None


def first_unseen(survey: Survey, answers: dict[str, Any]) -> str | None:
    """The first shown question not answered or skipped yet."""
    return next((q.id for q in visible_questions(survey, answers) if q.id not in answers), None)


def first_problem(seminar: Event, survey: Survey, answers: dict[str, Any]) -> str | None:
    """The first shown question that is required and unanswered, or whose answer is no
    longer valid; None when the response can be submitted."""
    for question in visible_questions(survey, answers):
        value = answers.get(question.id)
        if not has_value(question, value):
            if question.required:
                return question.id
            continue
        try:
            check_answer(seminar, question, value)
        except SurveyError:
            return question.id
    return None


def resume_point(survey: Survey, answers: dict[str, Any], position: str | None) -> str:
    """Where a respondent coming back continues: their last place, else the first
    question not seen yet, else the review."""
    if position == REVIEW:
        return REVIEW
    if position is not None and is_visible(survey, answers, position):
        return position
    return first_unseen(survey, answers) or REVIEW


def shown_answers(survey: Survey, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers of the questions shown (answers to questions hidden since are dropped)."""
    return {q.id: answers.get(q.id) for q in visible_questions(survey, answers)}


def matrix_sessions(seminar: Event, question: Question) -> list[tuple[AgendaDay, AgendaSession]]:
    return seminar.sessions_for(question)


def matrix_start(seminar: Event, question: Question, value: Any) -> int:
    """Index of the first session not rated or skipped yet (0 if all were)."""
    done = value if isinstance(value, dict) else {}
    for i, (_, session) in enumerate(matrix_sessions(seminar, question)):
        if session.id not in done:
            return i
    return 0


# --------------------------------------------------------------------------- validation

_NUMBER_RE = re.compile(r"^[+-]?(\d{1,15}([.,]\d{1,6})?|[.,]\d{1,6})$")


def parse_text(question: Question, text: str | None) -> str:
    value = (text or "").strip()
    if not value:
        raise SurveyError("surveys-error-empty-text")
    limit = question.max_length or 4000
    if len(value) > limit:
        raise SurveyError("surveys-error-too-long", limit=limit, length=len(value))
    return value


def parse_number(question: Question, text: str | None) -> int | float:
    raw = (text or "").strip().replace("\u00a0", "").replace(" ", "").rstrip("%")
    if not _NUMBER_RE.match(raw):
        raise SurveyError("surveys-error-not-a-number")
    number = float(raw.replace(",", "."))
    value: int | float = int(number) if number.is_integer() else number
    _check_range(question, value)
    return value


def _check_range(question: Question, value: float) -> None:
    low, high = question.min, question.max
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            raise SurveyError("surveys-error-range", min=low, max=high)
        if low is not None:
            raise SurveyError("surveys-error-min", min=low)
        raise SurveyError("surveys-error-max", max=high)


def multi_bounds(question: Question) -> tuple[int, int]:
    """How many options a multi question accepts (a required one needs at least one)."""
    low = question.min or 0
    if question.required:
        low = max(low, 1)
    high = question.max if question.max is not None else len(question.options)
    return low, high


def toggle_option(question: Question, chosen: list[str], value: str) -> list[str]:
    """`chosen` with `value` switched on or off, in option order; refuses above max."""
    values = [o.value for o in question.options]
    if value not in values:
        raise SurveyError("surveys-error-stale")
    picked = set(chosen)
    if value in picked:
        picked.discard(value)
    else:
        _, high = multi_bounds(question)
        if len(picked) >= high:
            raise SurveyError("surveys-error-multi-max", max=high)
        picked.add(value)
    return [v for v in values if v in picked]


def check_answer(seminar: Event, question: Question, value: Any) -> Any:
    """The answer normalized, or SurveyError (also for a stale or forged value)."""
    kind = question.type
    if kind == "single":
        if value not in {o.value for o in question.options}:
            raise SurveyError("surveys-error-stale")
        return value
    if kind == "multi":
        values = [o.value for o in question.options]
        if not isinstance(value, list) or any(v not in values for v in value):
            raise SurveyError("surveys-error-stale")
        low, high = multi_bounds(question)
        if len(value) < low:
            raise SurveyError("surveys-error-multi-min", min=low)
        if len(value) > high:
            raise SurveyError("surveys-error-multi-max", max=high)
        return [v for v in values if v in value]
    if kind == "scale":
        if isinstance(value, bool) or value not in question.scale_values():
            raise SurveyError("surveys-error-stale")
        return value
    if kind == "yes_no":
        if not isinstance(value, bool):
            raise SurveyError("surveys-error-stale")
        return value
    if kind == "text":
        if not isinstance(value, str):
            raise SurveyError("surveys-error-stale")
        return parse_text(question, value)
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            raise SurveyError("surveys-error-not-a-number")
        _check_range(question, value)
        return value
    if kind == "session_matrix":
        sessions = {s.id for _, s in matrix_sessions(seminar, question)}
        points = question.scale_values()
        if not isinstance(value, dict):
            raise SurveyError("surveys-error-stale")
        for session_id, rating in value.items():
            if session_id not in sessions:
                raise SurveyError("surveys-error-stale")
            if rating is not None and (isinstance(rating, bool) or rating not in points):
                raise SurveyError("surveys-error-stale")
        if question.required and not has_value(question, value):
            raise SurveyError("surveys-error-matrix-empty")
        return dict(value)
    raise SurveyError("surveys-error-stale")
