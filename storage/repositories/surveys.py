"""Survey responses: audience, drafts, submissions, completions and non-respondents.

Queries and flushes only; `services/surveys.py` holds the rules and commits.
Other features use `non_respondent_user_ids` (reminders: remind only those who have not
answered) and `has_answered`.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import bindparam, delete, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event, Survey
from storage.models import User
from storage.models.registration import Attendance, Registration, RegistrationStatus
from storage.models.surveys import SurveyAnonymousResponse, SurveyCompletion, SurveyResponse

# Registrations that count as "registered" (submitted and not turned down or withdrawn).
REGISTERED_STATUSES = (
    RegistrationStatus.SUBMITTED.value,
    RegistrationStatus.APPROVED.value,
    RegistrationStatus.WAITLISTED.value,
)


def user_owner(user_id: int) -> str:
    return f"u:{user_id}"


def economy_owner(code: str) -> str:
    return f"e:{code}"


def _survey(seminar: Event, survey: Survey | str) -> Survey:
    if isinstance(survey, Survey):
        return survey
    found = seminar.find_survey(survey)
    if found is None:
        raise KeyError(f"no survey '{survey}' in the event file")
    return found


def is_economy(seminar: Event, code: str | None) -> bool:
    """True for an economy code of the event (not 'intl' / 'other' or nothing)."""
    if not code:
        return False
    if seminar.economies:
        return seminar.economy(code) is not None
    return code.upper() == code


def _audience_query(seminar: Event, survey: Survey) -> Any:
    """SELECT user_id, economy of everyone the survey is for."""
    registered = Registration.status.in_(REGISTERED_STATUSES)
    if survey.audience == "all":
        return select(User.id, Registration.economy).outerjoin(
            Registration, Registration.user_id == User.id
        )
    query = select(Registration.user_id, Registration.economy)
    if survey.audience == "registered":
        return query.where(registered)
    if survey.audience == "approved":
        return query.where(Registration.status == RegistrationStatus.APPROVED.value)
    if survey.audience == "speakers":
        return query.where(registered, Registration.role == "speaker")
    if survey.audience == "economy":
        query = query.where(registered, Registration.economy.is_not(None))
        if seminar.economies:
            query = query.where(Registration.economy.in_([e.code for e in seminar.economies]))
        return query
    if survey.audience == "attended":
        attended = exists().where(Attendance.registration_id == Registration.id)
        return query.where(attended)
    raise ValueError(f"unknown audience {survey.audience!r}")


async def audience(
    session: AsyncSession, seminar: Event, survey: Survey | str
) -> list[tuple[int, str | None]]:
    """(user id, economy code) of everyone the survey is for, by user id."""
    rows = await session.execute(_audience_query(seminar, _survey(seminar, survey)))
    return sorted({(int(uid), econ) for uid, econ in rows.all()})


def _member(seminar: Event, survey: Survey, user_id: Any) -> Any:
    """EXISTS: the user is in the survey's audience (`user_id` may be a bind parameter)."""
    column = User.id if survey.audience == "all" else Registration.user_id
    return _audience_query(seminar, survey).where(column == user_id).exists()


def _completed(survey: Survey, user_id: Any) -> Any:
    """EXISTS: the user has completed the survey anonymously."""
    return exists().where(
        SurveyCompletion.survey_id == survey.id, SurveyCompletion.user_id == user_id
    )


# Building these statements costs about 1 ms of CPU each time (bench/throughput.py's
# survey answer reads its standing twice): they are built once per survey of an event,
# with the user as a bind parameter. Keyed by the objects' ids, with the objects kept to
# tell a reused id; a few events at most are ever loaded (tests load many: bounded).
_STATEMENTS: OrderedDict[tuple[str, int, int], tuple[Event, Survey, Any]] = OrderedDict()
_STATEMENTS_KEPT = 64
_USER: Any = bindparam("user_id")
_OWNER: Any = bindparam("owner")


def _statement(kind: str, seminar: Event, survey: Survey) -> Any:
    key = (kind, id(seminar), id(survey))
    cached = _STATEMENTS.get(key)
    if cached is not None and cached[0] is seminar and cached[1] is survey:
        _STATEMENTS.move_to_end(key)
        return cached[2]
    member, completed = _member(seminar, survey, _USER), _completed(survey, _USER)
    if kind == "standing":
        statement = select(member, completed)
    else:
        statement = select(SurveyResponse, member, completed).where(
            SurveyResponse.survey_id == survey.id, SurveyResponse.owner == _OWNER
        )
    _STATEMENTS[key] = (seminar, survey, statement)
    while len(_STATEMENTS) > _STATEMENTS_KEPT:
        _STATEMENTS.popitem(last=False)
    return statement


async def standing(
    session: AsyncSession, seminar: Event, survey: Survey, user_id: int
) -> tuple[bool, bool]:
    """(in the audience, has completed it anonymously), in one query."""
    statement = _statement("standing", seminar, survey)
    row = (await session.execute(statement, {"user_id": user_id})).one()
    return bool(row[0]), bool(row[1])


async def own_response_and_standing(
    session: AsyncSession, seminar: Event, survey: Survey, user_id: int
) -> tuple[SurveyResponse | None, bool, bool]:
    """The user's own response (not an economy's), whether they are in the audience and
    whether they have completed it anonymously: one query when the response exists (every
    answer after the first), two when it does not."""
    statement = _statement("own", seminar, survey)
    parameters = {"user_id": user_id, "owner": user_owner(user_id)}
    row = (await session.execute(statement, parameters)).first()
    if row is None:
        return None, *await standing(session, seminar, survey, user_id)
    return row[0], bool(row[1]), bool(row[2])


async def submitted_owners(session: AsyncSession, survey_id: str) -> set[str]:
    rows = await session.scalars(
        select(SurveyResponse.owner).where(
            SurveyResponse.survey_id == survey_id, SurveyResponse.submitted_at.is_not(None)
        )
    )
    return set(rows.all())


async def completed_user_ids(session: AsyncSession, survey_id: str) -> set[int]:
    rows = await session.scalars(
        select(SurveyCompletion.user_id).where(SurveyCompletion.survey_id == survey_id)
    )
    return {int(u) for u in rows.all()}


async def respondent_user_ids(session: AsyncSession, seminar: Event, survey_id: str) -> set[int]:
    """Users who have submitted (for a per-economy survey: whoever submitted for it)."""
    survey = _survey(seminar, survey_id)
    if survey.anonymous:
        return await completed_user_ids(session, survey.id)
    rows = await session.scalars(
        select(SurveyResponse.user_id).where(
            SurveyResponse.survey_id == survey.id,
            SurveyResponse.submitted_at.is_not(None),
            SurveyResponse.user_id.is_not(None),
        )
    )
    return {int(u) for u in rows.all() if u is not None}


async def non_respondent_user_ids(
    session: AsyncSession, seminar: Event, survey_id: str
) -> list[int]:
    """Users in the survey's audience who have not submitted it, by user id.

    For a one-per-economy survey: every delegate of each economy that has not submitted.
    Raises KeyError for a survey id that is not in the event file.
    """
    survey = _survey(seminar, survey_id)
    members = await audience(session, seminar, survey)
    if survey.audience == "economy":
        done = await submitted_owners(session, survey.id)
        return sorted({uid for uid, econ in members if econ and economy_owner(econ) not in done})
    if survey.anonymous:
        answered = await completed_user_ids(session, survey.id)
    else:
        done = await submitted_owners(session, survey.id)
        answered = {uid for uid, _ in members if user_owner(uid) in done}
    return sorted({uid for uid, _ in members if uid not in answered})


async def has_answered(session: AsyncSession, seminar: Event, survey_id: str, user_id: int) -> bool:
    """True if the user has submitted the survey (or their economy has, for `economy`)."""
    survey = _survey(seminar, survey_id)
    if survey.anonymous:
        return await session.get(SurveyCompletion, (survey.id, user_id)) is not None
    if survey.audience == "economy":
        economy = await session.scalar(
            select(Registration.economy).where(Registration.user_id == user_id)
        )
        if economy is None:
            return False
        return economy_owner(economy) in await submitted_owners(session, survey.id)
    return user_owner(user_id) in await submitted_owners(session, survey.id)


class SurveyRepo:
    """Drafts and submissions of one session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, survey_id: str, owner: str) -> SurveyResponse | None:
        return await self.session.scalar(
            select(SurveyResponse).where(
                SurveyResponse.survey_id == survey_id, SurveyResponse.owner == owner
            )
        )

    async def create(
        self, survey_id: str, owner: str, user_id: int, economy: str | None
    ) -> SurveyResponse:
        """A new draft; if another update created it first, that one is returned."""
        response = SurveyResponse(
            survey_id=survey_id,
            owner=owner,
            user_id=user_id,
            economy=economy,
            answers={},
            position=None,
        )
        try:
            async with self.session.begin_nested():
                self.session.add(response)
                await self.session.flush()
        except IntegrityError:
            existing = await self.get(survey_id, owner)
            if existing is None:
                raise
            return existing
        return response

    async def focal_point(self, economy: str) -> Registration | None:
        """The registration an organiser marked as the economy's focal point (first one)."""
        return await self.session.scalar(
            select(Registration)
            .where(
                Registration.economy == economy,
                Registration.focal_point.is_(True),
                Registration.status.in_(REGISTERED_STATUSES),
            )
            .order_by(Registration.id)
            .limit(1)
        )

    async def registration(self, user_id: int) -> Registration | None:
        return await self.session.scalar(
            select(Registration).where(Registration.user_id == user_id)
        )

    async def is_completed(self, survey_id: str, user_id: int) -> bool:
        return await self.session.get(SurveyCompletion, (survey_id, user_id)) is not None

    async def complete_anonymously(
        self, response: SurveyResponse, answers: dict[str, Any], user_id: int, today: date
    ) -> bool:
        """Move a draft's answers to the anonymous table; False if already completed."""
        survey_id = response.survey_id
        try:
            async with self.session.begin_nested():
                self.session.add(
                    SurveyCompletion(survey_id=survey_id, user_id=user_id, completed_on=today)
                )
                await self.session.flush()
        except IntegrityError:
            await self.session.delete(response)
            return False
        self.session.add(
            SurveyAnonymousResponse(id=uuid.uuid4().hex, survey_id=survey_id, answers=answers)
        )
        await self.session.delete(response)
        await self.session.flush()
        return True

    async def responses(
        self, survey_id: str, *, submitted: bool = True
    ) -> Sequence[SurveyResponse]:
        query = select(SurveyResponse).where(SurveyResponse.survey_id == survey_id)
        if submitted:
            query = query.where(SurveyResponse.submitted_at.is_not(None))
        return (await self.session.scalars(query.order_by(SurveyResponse.id))).all()

    async def anonymous_answers(self, survey_id: str) -> list[dict[str, Any]]:
        """Answers of the anonymous responses, in the order of their random ids."""
        rows = await self.session.scalars(
            select(SurveyAnonymousResponse.answers)
            .where(SurveyAnonymousResponse.survey_id == survey_id)
            .order_by(SurveyAnonymousResponse.id)
        )
        return [dict(a) for a in rows.all()]

    async def user_rows(self, user_id: int) -> Sequence[SurveyResponse]:
        """Every response row this user answers (personal data)."""
        return (
            await self.session.scalars(
                select(SurveyResponse)
                .where(SurveyResponse.user_id == user_id)
                .order_by(SurveyResponse.id)
            )
        ).all()

    async def user_completions(self, user_id: int) -> Sequence[SurveyCompletion]:
        return (
            await self.session.scalars(
                select(SurveyCompletion).where(SurveyCompletion.user_id == user_id)
            )
        ).all()

    async def erase_user(self, user_id: int) -> int:
        """Delete the user's own responses and completions; an economy's response stays,
        without the respondent. Returns the number of rows deleted or detached."""
        own = await self.session.execute(
            delete(SurveyResponse).where(SurveyResponse.owner == user_owner(user_id))
        )
        detached = 0
        for row in await self.user_rows(user_id):
            row.user_id = None
            detached += 1
        done = await self.session.execute(
            delete(SurveyCompletion).where(SurveyCompletion.user_id == user_id)
        )
        await self.session.flush()
        return int(own.rowcount or 0) + detached + int(done.rowcount or 0)  # type: ignore[attr-defined]
