"""Survey results: response rates, per-question aggregates, free-text answers, charts.

Plain functions returning plain data (dataclasses, dicts, lists), shared by the
organisers' "Survey results" screens, the exports and the completion report. Texts
(question texts, option labels, session titles) are given in the language asked for.
Charts are PNG bytes drawn with matplotlib (imported only when a chart is drawn).
After the retention date's erasure, rates and results come from the snapshot taken
before it (`services/snapshot.py`).
"""

from __future__ import annotations

import io
import statistics
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event, Question, Survey
from services.surveys import has_value, visible_questions
from storage.models.registration import Registration
from storage.models.surveys import SurveyResponse
from storage.repositories.surveys import (
    SurveyRepo,
    audience,
    completed_user_ids,
    economy_owner,
    submitted_owners,
    user_owner,
)

# --------------------------------------------------------------------------- data


@dataclass
class Count:
    value: str | int | bool
    label: str
    count: int
    percent: float
    """Of the respondents who answered the question (a multi question can exceed 100 in sum)."""


@dataclass
class SessionRating:
    session_id: str
    title: str
    day: str
    """ISO date of the session."""
    rated: int
    skipped: int
    mean: float | None
    median: float | None
    counts: list[Count] = field(default_factory=list)


@dataclass
class QuestionResult:
    id: str
    type: str
    text: str
    answered: int
    """Responses with an answer to this question."""
    skipped: int
    """Responses to which the question was shown but left unanswered."""
    counts: list[Count] = field(default_factory=list)
    mean: float | None = None
    median: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    min_label: str | None = None
    max_label: str | None = None
    sessions: list[SessionRating] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


@dataclass
class EconomyRate:
    code: str
    name: str
    audience: int
    """Delegates of the economy in the survey's audience."""
    responded: int
    """People who submitted; for a per-economy survey 1 if the economy submitted."""
    percent: float
    status: Literal["submitted", "in_progress", "not_started"] | None = None
    """Per-economy surveys only."""


@dataclass
class ResponseRate:
    survey_id: str
    unit: Literal["people", "economies"]
    audience: int
    responded: int
    percent: float
    in_progress: int
    submitted: int
    """Every submitted response (also from people who have left the audience since)."""
    per_economy: list[EconomyRate] = field(default_factory=list)


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _survey(seminar: Event, survey_id: str) -> Survey:
    survey = seminar.find_survey(survey_id)
    if survey is None:
        raise KeyError(f"no survey '{survey_id}' in the event file")
    return survey


# --------------------------------------------------------------------------- queries


@dataclass
class FrozenSurvey:
    """A survey's response rate and results as frozen in the retention snapshot."""

    rate: ResponseRate
    questions: list[QuestionResult]


async def _frozen(session: AsyncSession, survey_id: str, lang: str) -> FrozenSurvey | None:
    """The survey's results frozen before personal data were erased, or None (live data):
    see `services/snapshot.py`."""
    from services import snapshot

    frozen = await snapshot.load(session)
    if frozen is None:
        return None
    found = (snapshot.in_language(frozen, "surveys", lang) or {}).get(survey_id)
    if found is None:
        return None
    from pydantic import TypeAdapter

    return TypeAdapter(FrozenSurvey).validate_python(found)


async def submitted_answers(
    session: AsyncSession, seminar: Event, survey_id: str
) -> list[dict[str, Any]]:
    """The answers of every submitted response (anonymous ones in random-id order)."""
    survey = _survey(seminar, survey_id)
    repo = SurveyRepo(session)
    if survey.anonymous:
        return await repo.anonymous_answers(survey.id)
    return [dict(r.answers) for r in await repo.responses(survey.id)]


async def response_rows(
    session: AsyncSession, seminar: Event, survey_id: str
) -> list[dict[str, Any]]:
    """One row per submitted response for exports: `answers` plus, when not anonymous,
    `economy`, `user_id`, `respondent` (full name) and `submitted_at`. Anonymous rows
    carry the answers only (nothing that could re-identify the respondent)."""
    survey = _survey(seminar, survey_id)
    if survey.anonymous:
        return [{"answers": a} for a in await submitted_answers(session, seminar, survey_id)]
    names: dict[int | None, str | None] = {
        uid: full_name
        for uid, full_name in (
            await session.execute(select(Registration.user_id, Registration.full_name))
        ).all()
    }
    rows = []
    for response in await SurveyRepo(session).responses(survey.id):
        rows.append(
            {
                "economy": response.economy,
                "user_id": response.user_id,
                "respondent": names.get(response.user_id),
                "submitted_at": response.submitted_at,
                "answers": dict(response.answers),
            }
        )
    return rows


async def response_rate(
    session: AsyncSession, seminar: Event, survey_id: str, lang: str = "en"
) -> ResponseRate:
    """Response rate overall and per economy.

    Per-economy survey: economies that submitted out of the economies declared in the
    event file (or, if none are declared, those with registered delegates). Otherwise:
    people of the audience who submitted out of the audience.
    """
    frozen = await _frozen(session, survey_id, lang)
    if frozen is not None:
        return frozen.rate
    survey = _survey(seminar, survey_id)
    members = await audience(session, seminar, survey)
    drafts = await session.scalar(
        select(func.count())
        .select_from(SurveyResponse)
        .where(SurveyResponse.survey_id == survey.id, SurveyResponse.submitted_at.is_(None))
    )
    by_economy: dict[str, list[int]] = {}
    for uid, econ in members:
        if econ:
            by_economy.setdefault(econ, []).append(uid)

    def name(code: str) -> str:
        economy = seminar.economy(code)
        return economy.name.get(lang) if economy is not None else code

    if survey.audience == "economy":
        done = await submitted_owners(session, survey.id)
        started = set(
            (
                await session.scalars(
                    select(SurveyResponse.owner).where(SurveyResponse.survey_id == survey.id)
                )
            ).all()
        )
        codes = [e.code for e in seminar.economies] or sorted(by_economy)
        rows = []
        for code in codes:
            owner = economy_owner(code)
            submitted = owner in done
            status: Literal["submitted", "in_progress", "not_started"] = (
                "submitted" if submitted else "in_progress" if owner in started else "not_started"
            )
            rows.append(
                EconomyRate(
                    code=code,
                    name=name(code),
                    audience=len(by_economy.get(code, [])),
                    responded=int(submitted),
                    percent=100.0 if submitted else 0.0,
                    status=status,
                )
            )
        responded = sum(r.responded for r in rows)
        return ResponseRate(
            survey_id=survey.id,
            unit="economies",
            audience=len(codes),
            responded=responded,
            percent=_percent(responded, len(codes)),
            in_progress=int(drafts or 0),
            submitted=len(done),
            per_economy=rows,
        )

    if survey.anonymous:
        answered = await completed_user_ids(session, survey.id)
        submitted_total = len(answered)
    else:
        owners = await submitted_owners(session, survey.id)
        answered = {int(o[2:]) for o in owners if o.startswith("u:")}
        submitted_total = len(owners)
    member_ids = {uid for uid, _ in members}
    responded = len(member_ids & answered)
    rows = []
    for code in sorted(by_economy, key=name):
        ids = by_economy[code]
        done_here = sum(1 for uid in ids if uid in answered)
        rows.append(
            EconomyRate(
                code=code,
                name=name(code),
                audience=len(ids),
                responded=done_here,
                percent=_percent(done_here, len(ids)),
            )
        )
    return ResponseRate(
        survey_id=survey.id,
        unit="people",
        audience=len(member_ids),
        responded=responded,
        percent=_percent(responded, len(member_ids)),
        in_progress=int(drafts or 0),
        submitted=submitted_total,
        per_economy=rows,
    )


def aggregate(
    seminar: Event, survey: Survey, responses: list[dict[str, Any]], lang: str = "en"
) -> list[QuestionResult]:
    """Per-question aggregates of a list of answer dicts (pure, for fixtures too)."""
    visible = [{q.id for q in visible_questions(survey, a)} for a in responses]
    results = []
    for question in survey.questions:
        shown = [a for a, ids in zip(responses, visible, strict=True) if question.id in ids]
        values = [a.get(question.id) for a in shown if has_value(question, a.get(question.id))]
        result = QuestionResult(
            id=question.id,
            type=question.type,
            text=question.text.get(lang),
            answered=len(values),
            skipped=len(shown) - len(values),
            min_label=question.min_label.get(lang) if question.min_label else None,
            max_label=question.max_label.get(lang) if question.max_label else None,
        )
        _fill(seminar, question, values, result, lang)
        results.append(result)
    return results


def _scale_counts(points: list[int], ratings: list[int]) -> list[Count]:
    counter = Counter(ratings)
    return [Count(p, str(p), counter[p], _percent(counter[p], len(ratings))) for p in points]


def _fill(
    seminar: Event, question: Question, values: list[Any], result: QuestionResult, lang: str
) -> None:
    n = len(values)
    if question.type in ("single", "multi"):
        counter: Counter[str] = Counter()
        for value in values:
            counter.update(value if isinstance(value, list) else [value])
        result.counts = [
            Count(o.value, o.label.get(lang), counter[o.value], _percent(counter[o.value], n))
            for o in question.options
        ]
    elif question.type == "yes_no":
        yes = sum(1 for v in values if v is True)
        result.counts = [
            Count(True, "yes", yes, _percent(yes, n)),
            Count(False, "no", n - yes, _percent(n - yes, n)),
        ]
    elif question.type == "scale":
        ratings = [int(v) for v in values]
        result.counts = _scale_counts(question.scale_values(), ratings)
        if ratings:
            result.mean = _round(statistics.fmean(ratings))
            result.median = _round(float(statistics.median(ratings)))
    elif question.type == "number":
        numbers = [float(v) for v in values]
        if numbers:
            result.mean = _round(statistics.fmean(numbers))
            result.median = _round(float(statistics.median(numbers)))
            result.minimum, result.maximum = min(numbers), max(numbers)
    elif question.type == "text":
        result.texts = [str(v) for v in values]
    elif question.type == "session_matrix":
        points = question.scale_values()
        for day, session in seminar.sessions_for(question):
            ratings = [
                int(v[session.id])
                for v in values
                if isinstance(v, dict) and v.get(session.id) is not None
            ]
            result.sessions.append(
                SessionRating(
                    session_id=session.id,
                    title=session.title.get(lang),
                    day=day.date.isoformat(),
                    rated=len(ratings),
                    skipped=n - len(ratings),
                    mean=_round(statistics.fmean(ratings)) if ratings else None,
                    median=_round(float(statistics.median(ratings))) if ratings else None,
                    counts=_scale_counts(points, ratings),
                )
            )


async def question_results(
    session: AsyncSession, seminar: Event, survey_id: str, lang: str = "en"
) -> list[QuestionResult]:
    frozen = await _frozen(session, survey_id, lang)
    if frozen is not None:
        return frozen.questions
    survey = _survey(seminar, survey_id)
    answers = await submitted_answers(session, seminar, survey_id)
    return aggregate(seminar, survey, answers, lang)


async def free_text_answers(
    session: AsyncSession, seminar: Event, survey_id: str
) -> dict[str, list[str]]:
    """Question id -> every non-empty free-text answer (text questions only), in order."""
    frozen = await _frozen(session, survey_id, "en")
    if frozen is not None:
        return {q.id: list(q.texts) for q in frozen.questions if q.type == "text"}
    survey = _survey(seminar, survey_id)
    answers = await submitted_answers(session, seminar, survey_id)
    out: dict[str, list[str]] = {}
    for question in survey.questions:
        if question.type == "text":
            out[question.id] = [
                a[question.id]
                for a in answers
                if isinstance(a.get(question.id), str) and a[question.id].strip()
            ]
    return out


async def submitted_economies(session: AsyncSession, survey_id: str) -> list[str]:
    """Economy codes whose per-economy response is submitted."""
    return sorted(o[2:] for o in await submitted_owners(session, survey_id) if o.startswith("e:"))


async def user_has_submitted(session: AsyncSession, survey_id: str, user_id: int) -> bool:
    return user_owner(user_id) in await submitted_owners(session, survey_id)


# --------------------------------------------------------------------------- charts

CHART_COLOR = "#2b6cb0"


def _wrap(text: str, width: int = 60) -> str:
    return "\n".join(textwrap.wrap(text, width)[:3])


def chart_png(
    result: QuestionResult,
    *,
    yes: str = "Yes",
    no: str = "No",
    mean: str = "mean",
    median: str = "median",
) -> bytes | None:
    """A PNG bar chart of one question's result, or None for questions without one
    (free text, numbers) or without answers. Uses the Agg canvas, no pyplot."""
    if result.type in ("text", "number") or result.answered == 0:
        return None
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if result.type == "session_matrix":
        rows = [s for s in result.sessions if s.mean is not None]
        if not rows:
            return None
        labels = [_wrap(s.title, 45) for s in rows]
        values = [float(s.mean or 0) for s in rows]
        figure = Figure(figsize=(7.5, max(2.5, 0.55 * len(rows) + 1.2)), dpi=100)
        ax = figure.add_subplot()
        bars = ax.barh(range(len(rows)), values, color=CHART_COLOR)
        ax.set_yticks(range(len(rows)), labels, fontsize=7)
        ax.invert_yaxis()
        ax.set_xlim(0, max(5.0, max(values)))
        notes = [f"{v:.2f} (n={s.rated})" for v, s in zip(values, rows, strict=True)]
        ax.bar_label(bars, labels=notes, fontsize=7, padding=2)
    else:
        if result.type == "yes_no":
            labels = [yes if c.value is True else no for c in result.counts]
        else:
            labels = [_wrap(c.label, 30) for c in result.counts]
        values = [float(c.count) for c in result.counts]
        horizontal = result.type in ("single", "multi")
        if horizontal:
            figure = Figure(figsize=(7.5, max(2.5, 0.5 * len(values) + 1.2)), dpi=100)
            ax = figure.add_subplot()
            bars = ax.barh(range(len(values)), values, color=CHART_COLOR)
            ax.set_yticks(range(len(values)), labels, fontsize=8)
            ax.invert_yaxis()
        else:
            figure = Figure(figsize=(6.0, 3.6), dpi=100)
            ax = figure.add_subplot()
            bars = ax.bar(range(len(values)), values, color=CHART_COLOR)
            ax.set_xticks(range(len(values)), labels)
        notes = [f"{c.count} ({c.percent:g}%)" for c in result.counts]
        ax.bar_label(bars, labels=notes, fontsize=8, padding=2)
    subtitle = f"n = {result.answered}"
    if result.mean is not None:
        subtitle += f", {mean} {result.mean:g}, {median} {result.median:g}"
    ax.set_title(_wrap(result.text) + "\n" + subtitle, fontsize=9)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    figure.tight_layout()
    FigureCanvasAgg(figure)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
