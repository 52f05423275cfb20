"""The survey engine's stored side: who may answer (`get_access`), saving an answer and
the position, submitting, the list of a user's surveys, and the survey answers in a
user's personal data (export and erasure). Loads and saves through
`storage.repositories.surveys` and commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session as OrmSession

from core.event import Event, Survey
from services.personal_data import register_personal_data
from services.surveys.rules import (
    REVIEW,
    Phase,
    Role,
    SurveyError,
    check_answer,
    first_problem,
    has_value,
    is_visible,
    phase,
    shown_answers,
    survey_window,
)
from storage.models import User
from storage.models.surveys import SurveyResponse
from storage.repositories.surveys import (
    REGISTERED_STATUSES,
    SurveyRepo,
    economy_owner,
    is_economy,
    own_response_and_standing,
    user_owner,
)

# --------------------------------------------------------------------------- access


@dataclass
class Access:
    """What one user can do with one survey now."""

    survey: Survey
    phase: Phase
    opens: datetime | None
    closes: datetime | None
    role: Role
    economy: str | None = None
    response: SurveyResponse | None = None
    completed: bool = False
    """Submitted (for a per-economy survey: by the economy's respondent)."""
    respondent_name: str | None = None
    """Who answers for the economy (observers see it); not escaped."""

    @property
    def answers(self) -> dict[str, Any]:
        return dict(self.response.answers) if self.response is not None else {}

    @property
    def editing_submitted(self) -> bool:
        return self.completed and self.survey.editable and not self.survey.anonymous

    @property
    def can_answer(self) -> bool:
        if self.phase != "open" or self.role != "respondent":
            return False
        return not self.completed or self.editing_submitted

    @property
    def can_read(self) -> bool:
        """Submitted answers this user may read (their own, or their economy's)."""
        return (
            self.completed
            and not self.survey.anonymous
            and self.response is not None
            and self.role in ("respondent", "observer")
        )


async def _name_of(session: AsyncSession, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    repo = SurveyRepo(session)
    registration = await repo.registration(user_id)
    if registration is not None and registration.full_name:
        return registration.full_name
    user = await session.get(User, user_id)
    if user is None:
        return None
    return " ".join(p for p in (user.first_name, user.last_name) if p) or None


async def get_access(
    session: AsyncSession,
    seminar: Event,
    survey: Survey,
    user_id: int,
    now: datetime,
    *,
    start: bool = False,
) -> Access:
    """The user's standing with the survey; with `start`, create the draft (or claim the
    economy's response) when the user may answer. Commits what it creates."""
    opens, closes = survey_window(seminar, survey)
    current = phase(seminar, survey, now)
    repo = SurveyRepo(session)
    access = Access(survey, current, opens, closes, role="outsider")
    if survey.audience == "economy":
        registration = await repo.registration(user_id)
        if (
            registration is None
            or registration.status not in REGISTERED_STATUSES
            or not is_economy(seminar, registration.economy)
        ):
            return access
        assert registration.economy is not None
        economy = registration.economy
        access.economy = economy
        owner = economy_owner(economy)
        response = await repo.get(survey.id, owner)
        focal = await repo.focal_point(economy)
        respondent = focal.user_id if focal is not None else None
        if respondent is None and response is not None:
            respondent = response.user_id
        if respondent is None or respondent == user_id:
            access.role = "respondent"
            if start and current == "open":
                if response is None:
                    response = await repo.create(survey.id, owner, user_id, economy)
                    await session.commit()
                if response.user_id != user_id and (focal is not None or response.user_id is None):
                    # The focal point takes over a draft another delegate started.
                    response.user_id = user_id
                    await session.commit()
                if response.user_id != user_id:
                    # Someone else of the economy started it a moment earlier.
                    access.role = "observer"
                    respondent = response.user_id
        else:
            access.role = "observer"
        access.response = response
        access.completed = response is not None and response.submitted_at is not None
        if access.role == "observer":
            access.respondent_name = await _name_of(session, respondent)
        return access

    key = (survey.id, user_id)
    known = _known(session).get(key)
    if known is None:
        response, member, done = await own_response_and_standing(session, seminar, survey, user_id)
        done = member and survey.anonymous and done
        found = response if member and not done else None
        known = _remember(session, key, _Known(member, done, found))
    if not known.member:
        return access
    access.role = "respondent"
    if known.completed:
        access.completed = True
        return access
    response = known.response
    if response is None and start and current == "open":
        response = await repo.create(survey.id, user_owner(user_id), user_id, None)
        await session.commit()
        _remember(session, key, _Known(True, False, response))
    access.response = response
    access.completed = response is not None and response.submitted_at is not None
    return access


@dataclass
class _Known:
    """What `get_access` read about one user and one (not per-economy) survey."""

    member: bool
    completed: bool  # an anonymous survey they have submitted
    response: SurveyResponse | None


# A survey answer asks for the same user's access three times (to save the answer, to
# remember the position, to show the next question): the session keeps what the first
# read until it commits or rolls back anything. The survey functions below that commit
# only the response's answers and position put it back (`_commit_keeping`).
_KNOWN = "surveys.known"


def _known(session: AsyncSession) -> dict[tuple[str, int], _Known]:
    known: dict[tuple[str, int], _Known] = session.info.setdefault(_KNOWN, {})
    return known


def _remember(session: AsyncSession, key: tuple[str, int], known: _Known) -> _Known:
    _known(session)[key] = known
    return known


async def _commit_keeping(session: AsyncSession) -> None:
    """Commit a change of a response's answers or position, which changes nothing that
    `get_access` read: keep what it knows."""
    kept = dict(_known(session))
    await session.commit()
    _known(session).update(kept)


def _forget_known(session: OrmSession, *_: Any) -> None:
    session.info.pop(_KNOWN, None)


event.listen(OrmSession, "after_commit", _forget_known)
event.listen(OrmSession, "after_rollback", _forget_known)


def _refuse(access: Access) -> SurveyError:
    if access.role == "outsider":
        return SurveyError("surveys-not-for-you")
    if access.role == "observer":
        return SurveyError("surveys-error-not-respondent")
    if access.phase == "upcoming":
        return SurveyError("surveys-error-not-open", at=access.opens)
    if access.phase == "closed":
        return SurveyError("surveys-error-closed", at=access.closes)
    return SurveyError("surveys-error-already-submitted")


async def answerable(
    session: AsyncSession, seminar: Event, survey: Survey, user_id: int, now: datetime
) -> Access:
    """The access of a respondent who may answer now (draft created), or SurveyError."""
    access = await get_access(session, seminar, survey, user_id, now, start=True)
    if not access.can_answer or access.response is None:
        raise _refuse(access)
    return access


async def save_answer(
    session: AsyncSession,
    seminar: Event,
    survey: Survey,
    user_id: int,
    now: datetime,
    question_id: str,
    value: Any,
    *,
    position: str | None = None,
    final: bool = True,
) -> dict[str, Any]:
    """Check and store one answer at once (None = skipped); returns the answers.

    `final=False` stores a partial answer (multi toggles, a matrix being rated) without
    the min/required checks. `position` is where the respondent goes next.
    """
    access = await answerable(session, seminar, survey, user_id, now)
    question = survey.question(question_id)
    if question is None or not is_visible(survey, access.answers, question_id):
        raise SurveyError("surveys-error-stale")
    if value is None:
        if question.required and final:
            raise SurveyError("surveys-error-required")
    elif final:
        value = check_answer(seminar, question, value)
    if access.editing_submitted and final and question.required and not has_value(question, value):
        raise SurveyError("surveys-error-required")
    assert access.response is not None
    answers = access.answers
    answers[question_id] = value
    access.response.answers = answers
    if position is not None:
        access.response.position = position
    await _commit_keeping(session)
    return answers


async def move_to(
    session: AsyncSession,
    seminar: Event,
    survey: Survey,
    user_id: int,
    now: datetime,
    position: str,
) -> None:
    """Remember where the respondent is (to resume there); ignored when not answering."""
    access = await get_access(session, seminar, survey, user_id, now)
    if access.can_answer and access.response is not None and access.response.position != position:
        access.response.position = position
        await _commit_keeping(session)


@dataclass
class SubmitResult:
    status: Literal["submitted", "already", "saved", "incomplete"]
    question_id: str | None = None
    """The question to answer first when `incomplete`."""


async def submit(
    session: AsyncSession, seminar: Event, survey: Survey, user_id: int, now: datetime
) -> SubmitResult:
    """Submit once: a second call (a double tap) reports `already`; an editable survey
    already submitted reports `saved` (its answers were saved as they were given)."""
    access = await get_access(session, seminar, survey, user_id, now)
    if access.completed and not access.editing_submitted:
        return SubmitResult("already")
    if not access.can_answer or access.response is None:
        raise _refuse(access)
    answers = access.answers
    problem = first_problem(seminar, survey, answers)
    if problem is not None:
        return SubmitResult("incomplete", problem)
    final = shown_answers(survey, answers)
    response = access.response
    if access.editing_submitted:
        response.answers = final
        response.position = REVIEW
        await session.commit()
        return SubmitResult("saved")
    if survey.anonymous:
        repo = SurveyRepo(session)
        done = await repo.complete_anonymously(
            response, final, user_id, now.astimezone(seminar.tz).date()
        )
        await session.commit()
        return SubmitResult("submitted" if done else "already")
    response.answers = final
    response.position = REVIEW
    response.submitted_at = now
    await session.commit()
    return SubmitResult("submitted")


async def surveys_for(
    session: AsyncSession, seminar: Event, user_id: int, now: datetime
) -> list[Access]:
    """Every survey of the event this user may answer or read, in file order."""
    found: list[Access] = []
    for survey in seminar.surveys:
        access = await get_access(session, seminar, survey, user_id, now)
        if access.role != "outsider":
            found.append(access)
    return found


# --------------------------------------------------------------------------- personal data


async def collect_survey_data(session: AsyncSession, user_id: int) -> dict[str, Any]:
    """The user's own survey data for /mydata: the responses they answer (their own, or
    their economy's as its respondent) and which anonymous surveys they have completed
    (anonymous answers are not linked to anyone, so they are not part of it)."""
    repo = SurveyRepo(session)
    rows = await repo.user_rows(user_id)
    completions = await repo.user_completions(user_id)
    return {
        "surveys": {
            "responses": [
                {
                    "survey": r.survey_id,
                    "economy": r.economy,
                    "answers": dict(r.answers),
                    "started_at": r.started_at.isoformat(),
                    "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
                }
                for r in rows
            ],
            "anonymous_completed": [
                {"survey": c.survey_id, "on": c.completed_on.isoformat()} for c in completions
            ],
        }
    }


async def erase_survey_data(session: AsyncSession, user_id: int) -> None:
    """/forget: delete the user's own responses and completions; an economy's response
    stays the economy's, without its respondent. Flushes; the caller commits."""
    await SurveyRepo(session).erase_user(user_id)


register_personal_data(collect_survey_data, erase_survey_data)
