"""The export's survey sheets: one per survey of the event file, with the
answers (labels for choices, one column per rated session); an anonymous
survey's sheet has no user key.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy import func, select

from core.event import Survey
from services.exports.base import ExportContext, Rows, Sheet
from services.exports.labels import Labels
from services.exports.streaming import _count, _stream
from storage.models.registration import Registration


def _survey_columns(context: ExportContext, survey: Survey) -> list[tuple[str, str | None]]:
    """(question id, session id or None) per answer column, in the survey's order."""
    columns: list[tuple[str, str | None]] = []
    for question in survey.questions:
        if question.type == "session_matrix":
            columns += [(question.id, s.id) for _, s in context.seminar.sessions_for(question)]
        else:
            columns.append((question.id, None))
    return columns


def _survey_headers(context: ExportContext, survey: Survey) -> list[str]:
    lang = context.lang
    headers = []
    for question_id, session_id in _survey_columns(context, survey):
        question = survey.question(question_id)
        assert question is not None
        if session_id is None:
            headers.append(question.text.get(lang))
        else:
            session = context.seminar.find_session(session_id)
            title = session.title.get(lang) if session is not None else session_id
            headers.append(context.l10n("console-col-session-rating", session=title))
    return headers


def _survey_values(survey: Survey, columns: Sequence[tuple[str, str | None]], lang: str) -> Any:
    """answers -> the cells of the answer columns (labels for choices)."""
    labels = {q.id: {o.value: o.label.get(lang) for o in q.options} for q in survey.questions}

    def values(answers: dict[str, Any]) -> list[Any]:
        out: list[Any] = []
        for question_id, session_id in columns:
            value = answers.get(question_id)
            if session_id is not None:
                out.append(value.get(session_id) if isinstance(value, dict) else None)
            elif isinstance(value, list):
                out.append([labels[question_id].get(str(v), v) for v in value])
            elif isinstance(value, str) and value in labels[question_id]:
                out.append(labels[question_id][value])
            else:
                out.append(value)
        return out

    return values


def survey_sheet(survey: Survey) -> Callable[[ExportContext], Awaitable[Sheet]]:
    """The submitted answers of one survey. An anonymous survey's sheet has no user key:
    no user id, name, economy or time, in the random order of its response ids."""

    async def provider(context: ExportContext) -> Sheet:
        from storage.models.surveys import SurveyAnonymousResponse, SurveyResponse

        labels = Labels(context.seminar, context.l10n)
        columns = _survey_columns(context, survey)
        values = _survey_values(survey, columns, context.lang)
        answers_headers = _survey_headers(context, survey)
        title = survey.title.get(context.lang)
        key = f"survey-{survey.id}"
        if survey.anonymous:
            statement: Any = (
                select(SurveyAnonymousResponse.answers)
                .where(SurveyAnonymousResponse.survey_id == survey.id)
                .order_by(SurveyAnonymousResponse.id)
            )

            async def anonymous_rows() -> Rows:
                number = 0
                async for (answers,) in _stream(context, statement):
                    number += 1
                    yield (number, *values(dict(answers or {})))

            return Sheet(
                key,
                title,
                [context.header("response"), *answers_headers],
                anonymous_rows,
                lambda: _count(
                    context,
                    select(func.count(SurveyAnonymousResponse.id)).where(
                        SurveyAnonymousResponse.survey_id == survey.id
                    ),
                ),
            )

        submitted = (
            SurveyResponse.survey_id == survey.id,
            SurveyResponse.submitted_at.is_not(None),
        )
        statement = (
            select(
                SurveyResponse.id,
                SurveyResponse.economy,
                SurveyResponse.user_id,
                Registration.full_name,
                SurveyResponse.submitted_at,
                SurveyResponse.answers,
            )
            .outerjoin(Registration, Registration.user_id == SurveyResponse.user_id)
            .where(*submitted)
            .order_by(SurveyResponse.economy, SurveyResponse.id)
        )

        async def rows() -> Rows:
            async for response_id, economy, user_id, name, at, answers in _stream(
                context, statement
            ):
                yield (
                    response_id,
                    economy,
                    labels.economy(economy),
                    name,
                    user_id,
                    at,
                    *values(dict(answers or {})),
                )

        return Sheet(
            key,
            title,
            [
                context.header("response"),
                context.header("economy-code"),
                context.header("economy"),
                context.header("respondent"),
                context.header("user-id"),
                context.header_at("submitted"),
                *answers_headers,
            ],
            rows,
            lambda: _count(context, select(func.count(SurveyResponse.id)).where(*submitted)),
        )

    provider.__name__ = f"survey_{survey.id}"
    return provider


async def surveys(context: ExportContext) -> list[Sheet]:
    """One sheet per survey of the event file: the questionnaire, the feedback, ..."""
    return [await survey_sheet(s)(context) for s in context.seminar.surveys]
