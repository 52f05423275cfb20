"""The survey engine and results on SQLite and PostgreSQL: audiences, non-respondents,
one response per economy, anonymity (checked against the schema), aggregates on a known
fixture (exact numbers), response rates, charts and personal data."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.event import Event, EventFileError, load_event
from core.settings import DEFAULT_EVENT_FILE
from services import survey_results
from services import surveys as engine_
from services.personal_data import erase_personal_data
from services.surveys import SurveyError
from storage.models.surveys import SurveyAnonymousResponse, SurveyCompletion, SurveyResponse
from storage.repositories.surveys import has_answered, non_respondent_user_ids
from tests.test_surveys import BEST_PRACTICE_OPEN, FEEDBACK_OPEN, register

U1, U2, U3, U4, U5, U6, U7 = 11, 12, 13, 14, 15, 16, 17

FEEDBACK_1 = {
    "role": "delegate",
    "usefulness": 5,
    "relevance": 4,
    "sessions": {"d1-keynote": 5, "s1-commercialization": 4},
    "speakers_quality": 5,
    "organisation": 4,
    "knowledge_gain": 4,
    "lessons_learned": "A",
    "outputs_use": ["share", "policy"],
    "outputs_use_details": "D1",
    "further_activities": "F1",
    "comments": None,
}
FEEDBACK_2 = {
    "role": "speaker",
    "usefulness": 4,
    "relevance": 4,
    "sessions": {"d1-keynote": 3, "s1-commercialization": None},
    "speakers_quality": 4,
    "organisation": 5,
    "knowledge_gain": 3,
    "lessons_learned": "B",
    "outputs_use": ["share"],
    "further_activities": "F2",
    "comments": "C2",
}
FEEDBACK_3 = {
    "role": "delegate",
    "usefulness": 2,
    "relevance": 5,
    "sessions": None,
    "speakers_quality": 3,
    "organisation": 3,
    "knowledge_gain": 5,
    "lessons_learned": "C & <d>",
    "outputs_use": ["training"],
    "further_activities": "F3",
    "comments": None,
}


@pytest.fixture(scope="module")
def seminar() -> Event:
    return load_event(DEFAULT_EVENT_FILE)


async def answer(
    session: AsyncSession,
    seminar: Event,
    survey_id: str,
    user_id: int,
    answers: dict[str, Any],
    now: datetime,
    *,
    submit: bool = True,
) -> engine_.SubmitResult | None:
    """Give the answers one by one, as the dialog does, then submit."""
    survey = seminar.find_survey(survey_id)
    assert survey is not None
    for question_id, value in answers.items():
        await engine_.save_answer(session, seminar, survey, user_id, now, question_id, value)
    if not submit:
        return None
    return await engine_.submit(session, seminar, survey, user_id, now)


async def populate(session: AsyncSession, seminar: Event) -> None:
    """Five delegates who attended (CHL x3, PE x2), one registered abroad, one rejected;
    three feedback responses and a draft; Chile's questionnaire submitted, Peru's started."""
    await register(session, U1, economy="CHL", attended=True)
    await register(session, U2, economy="CHL", attended=True)
    await register(session, U3, economy="PE", attended=True)
    await register(session, U4, economy="PE", attended=True)
    await register(session, U5, economy="CHL", attended=True)
    await register(session, U6, economy="intl", status="submitted")
    await register(session, U7, economy="PE", status="rejected")
    for user, answers in ((U1, FEEDBACK_1), (U2, FEEDBACK_2), (U3, FEEDBACK_3)):
        result = await answer(session, seminar, "feedback", user, answers, FEEDBACK_OPEN)
        assert result is not None and result.status == "submitted"
    await answer(
        session, seminar, "feedback", U4, {"role": "observer"}, FEEDBACK_OPEN, submit=False
    )
    best = {
        "respondent_org": "IP office",
        "support_programmes": True,
        "support_types": ["grants", "vouchers"],
        "marketing_channels": "licensing",
        "marketing_support": 3,
        "innovation_risks": ["financing"],
        "personnel_difficulty": 4,
        "training_offers": ["online"],
        "tto_exist": False,
        "abroad_share": 12.5,
        "abroad_support": ["none"],
        "collaboration_forms": ["licensing"],
        "women_programmes": False,
        "women_barriers": ["finance"],
        "priority_topics": ["women-in-ip"],
    }
    survey = seminar.find_survey("best_practice")
    assert survey is not None
    options = {q.id: [o.value for o in q.options] for q in survey.questions}
    for key in ("innovation_risks", "training_offers"):
        best[key] = [options[key][0]]
    result = await answer(session, seminar, "best_practice", U1, best, BEST_PRACTICE_OPEN)
    assert result is not None and result.status == "submitted"
    await answer(
        session, seminar, "best_practice", U3, {"respondent_org": "x"}, BEST_PRACTICE_OPEN,
        submit=False,
    )  # fmt: skip


async def test_non_respondents_per_audience_and_per_economy(
    session_factory: async_sessionmaker[AsyncSession], seminar: Event
) -> None:
    async with session_factory() as session:
        await populate(session, seminar)
        # Feedback (attended): U4 has a draft only, U5 has not started.
        assert await non_respondent_user_ids(session, seminar, "feedback") == [U4, U5]
        # Best practice (one per economy): Chile submitted; Peru's delegates are reminded.
        # U6 (an international organisation) and U7 (rejected) are not in the audience.
        assert await non_respondent_user_ids(session, seminar, "best_practice") == [U3, U4]
        assert await has_answered(session, seminar, "best_practice", U5)  # Chile has
        assert not await has_answered(session, seminar, "best_practice", U3)
        assert await has_answered(session, seminar, "feedback", U1)
        assert not await has_answered(session, seminar, "feedback", U4)
        with pytest.raises(KeyError):
            await non_respondent_user_ids(session, seminar, "nope")


async def test_aggregates_on_a_known_fixture(
    session_factory: async_sessionmaker[AsyncSession], seminar: Event
) -> None:
    async with session_factory() as session:
        await populate(session, seminar)
        results = {
            r.id: r for r in await survey_results.question_results(session, seminar, "feedback")
        }
        rate = await survey_results.response_rate(session, seminar, "feedback")
        texts = await survey_results.free_text_answers(session, seminar, "feedback")
        best_rate = await survey_results.response_rate(session, seminar, "best_practice")
        rows = await survey_results.response_rows(session, seminar, "feedback")
        best_rows = await survey_results.response_rows(session, seminar, "best_practice")

    role = results["role"]
    assert (role.answered, role.skipped) == (3, 0)
    assert [(c.value, c.count, c.percent) for c in role.counts] == [
        ("delegate", 2, 66.7),
        ("speaker", 1, 33.3),
        ("observer", 0, 0.0),
    ]
    usefulness = results["usefulness"]
    assert (usefulness.mean, usefulness.median) == (3.67, 4.0)
    assert [(c.value, c.count, c.percent) for c in usefulness.counts] == [
        (1, 0, 0.0),
        (2, 1, 33.3),
        (3, 0, 0.0),
        (4, 1, 33.3),
        (5, 1, 33.3),
    ]
    assert (results["relevance"].mean, results["relevance"].median) == (4.33, 4.0)
    matrix = results["sessions"]
    assert (matrix.answered, matrix.skipped) == (2, 1)
    assert len(matrix.sessions) == 12
    keynote, questionnaire, commercialization = matrix.sessions[:3]
    assert (keynote.session_id, keynote.rated, keynote.mean, keynote.median) == (
        "d1-keynote",
        2,
        4.0,
        4.0,
    )
    assert [c.count for c in keynote.counts] == [0, 0, 1, 0, 1]
    assert (questionnaire.rated, questionnaire.mean) == (0, None)
    assert (commercialization.rated, commercialization.skipped, commercialization.mean) == (
        1,
        1,
        4.0,
    )
    outputs = results["outputs_use"]
    assert {c.value: (c.count, c.percent) for c in outputs.counts if c.count} == {
        "share": (2, 66.7),
        "policy": (1, 33.3),
        "training": (1, 33.3),
    }
    # Shown only to whoever chose policy, SME support or other.
    assert (results["outputs_use_details"].answered, results["outputs_use_details"].skipped) == (
        1,
        0,
    )
    assert (results["comments"].answered, results["comments"].skipped) == (1, 2)
    assert sorted(texts["lessons_learned"]) == ["A", "B", "C & <d>"]
    assert texts["comments"] == ["C2"]

    assert (rate.unit, rate.audience, rate.responded, rate.percent) == ("people", 5, 3, 60.0)
    assert (rate.in_progress, rate.submitted) == (1, 3)
    assert [(e.code, e.audience, e.responded, e.percent) for e in rate.per_economy] == [
        ("CHL", 3, 2, 66.7),
        ("PE", 2, 1, 50.0),
    ]
    assert (best_rate.unit, best_rate.audience, best_rate.responded) == ("economies", 21, 1)
    assert best_rate.percent == 4.8 and best_rate.in_progress == 1
    statuses = {e.code: e.status for e in best_rate.per_economy}
    assert (statuses["CHL"], statuses["PE"], statuses["AUS"]) == (
        "submitted",
        "in_progress",
        "not_started",
    )
    # Exports: anonymous rows carry the answers only; named rows say whose they are.
    assert len(rows) == 3 and all(set(row) == {"answers"} for row in rows)
    assert [(r["economy"], r["user_id"]) for r in best_rows] == [("CHL", U1)]
    assert best_rows[0]["answers"]["abroad_share"] == 12.5


async def test_anonymous_answers_cannot_be_joined_to_people(
    engine: AsyncEngine, session_factory: async_sessionmaker[AsyncSession], seminar: Event
) -> None:
    async with session_factory() as session:
        await populate(session, seminar)

    def describe(connection: Any) -> dict[str, Any]:
        inspector = sa.inspect(connection)
        out = {}
        for table in ("survey_anonymous_responses", "survey_completions"):
            out[table] = {
                "columns": {c["name"]: c["type"] for c in inspector.get_columns(table)},
                "foreign_keys": inspector.get_foreign_keys(table),
            }
        return out

    async with engine.connect() as connection:
        schema = await connection.run_sync(describe)
    answers = schema["survey_anonymous_responses"]
    completions = schema["survey_completions"]
    # The answers: a random id, the survey and the answers: no user, no time, no link.
    assert set(answers["columns"]) == {"id", "survey_id", "answers"}
    assert answers["foreign_keys"] == []
    # Who has completed: the user and the day only, nothing pointing at the answers.
    assert set(completions["columns"]) == {"survey_id", "user_id", "completed_on"}
    assert isinstance(completions["columns"]["completed_on"], sa.Date)
    assert not isinstance(completions["columns"]["completed_on"], sa.DateTime)
    assert [fk["referred_table"] for fk in completions["foreign_keys"]] == ["users"]
    assert set(answers["columns"]) & set(completions["columns"]) == {"survey_id"}

    async with session_factory() as session:
        anonymous = (await session.scalars(select(SurveyAnonymousResponse))).all()
        done = (await session.scalars(select(SurveyCompletion))).all()
        drafts = (
            await session.scalars(
                select(SurveyResponse).where(SurveyResponse.survey_id == "feedback")
            )
        ).all()
    assert len(anonymous) == 3 and len(done) == 3
    assert all(len(a.id) == 32 and int(a.id, 16) >= 0 for a in anonymous)
    assert len({a.id for a in anonymous}) == 3
    # Only the unfinished draft is still linked to a person.
    assert [(d.user_id, d.submitted_at) for d in drafts] == [(U4, None)]
    user_ids = {str(u) for u in (U1, U2, U3)}
    assert not any(u in repr(a.answers) for a in anonymous for u in user_ids)


async def test_one_response_per_economy_and_submit_once(
    session_factory: async_sessionmaker[AsyncSession], seminar: Event
) -> None:
    survey = seminar.find_survey("best_practice")
    assert survey is not None
    async with session_factory() as session:
        await register(session, U1, economy="VN")
        await register(session, U2, economy="VN")
        first = await engine_.answerable(session, seminar, survey, U1, BEST_PRACTICE_OPEN)
        assert first.role == "respondent" and first.economy == "VN"
        second = await engine_.get_access(session, seminar, survey, U2, BEST_PRACTICE_OPEN)
        assert second.role == "observer" and second.respondent_name == f"Delegate {U1}"
        with pytest.raises(SurveyError) as refused:
            await engine_.save_answer(
                session, seminar, survey, U2, BEST_PRACTICE_OPEN, "respondent_org", "x"
            )
        assert refused.value.key == "surveys-error-not-respondent"
        # Missing answers: submit points at the first one.
        result = await engine_.submit(session, seminar, survey, U1, BEST_PRACTICE_OPEN)
        assert (result.status, result.question_id) == ("incomplete", "respondent_org")
        rows = (await session.scalars(select(SurveyResponse))).all()
        assert [(r.owner, r.user_id) for r in rows] == [("e:VN", U1)]

    feedback = seminar.find_survey("feedback")
    assert feedback is not None
    async with session_factory() as session:
        await register(session, U3, economy="VN", attended=True)
        result = await answer(session, seminar, "feedback", U3, FEEDBACK_1, FEEDBACK_OPEN)
        assert result is not None and result.status == "submitted"
        again = await engine_.submit(session, seminar, feedback, U3, FEEDBACK_OPEN)
        assert again.status == "already"
        count = await session.scalar(
            sa.select(sa.func.count()).select_from(SurveyAnonymousResponse)
        )
        assert count == 1
        with pytest.raises(SurveyError):
            await engine_.save_answer(
                session, seminar, feedback, U3, FEEDBACK_OPEN, "usefulness", 1
            )


async def test_personal_data_of_a_respondent(
    session_factory: async_sessionmaker[AsyncSession], seminar: Event
) -> None:
    async with session_factory() as session:
        await populate(session, seminar)
        data = (await engine_.collect_survey_data(session, U1))["surveys"]
        assert [r["survey"] for r in data["responses"]] == ["best_practice"]
        assert data["responses"][0]["answers"]["respondent_org"] == "IP office"
        assert data["anonymous_completed"] == [{"survey": "feedback", "on": "2027-09-17"}]
        # /forget runs the registered eraser with the others, then deletes the user.
        await erase_personal_data(session, U1)
        await session.commit()
        assert await engine_.collect_survey_data(session, U1) == {
            "surveys": {"responses": [], "anonymous_completed": []}
        }
        assert await session.get(SurveyCompletion, ("feedback", U1)) is None
        # Chile's answers stay Chile's, without the person; anonymous answers stay too.
        chile = await session.scalar(select(SurveyResponse).where(SurveyResponse.owner == "e:CHL"))
        assert chile is not None and chile.user_id is None and chile.submitted_at is not None
        count = await session.scalar(
            sa.select(sa.func.count()).select_from(SurveyAnonymousResponse)
        )
        assert count == 3


def test_engine_visibility_progress_and_validation(seminar: Event) -> None:
    survey = seminar.find_survey("feedback")
    assert survey is not None
    answers: dict[str, Any] = {"role": "delegate"}
    ids = [q.id for q in engine_.visible_questions(survey, answers)]
    assert "outputs_use_details" not in ids and len(ids) == 11
    answers["outputs_use"] = ["share", "other"]
    assert engine_.progress(survey, answers, "outputs_use_details") == (10, 12)
    assert engine_.next_question(survey, answers, "outputs_use") == "outputs_use_details"
    assert engine_.previous_question(survey, answers, "further_activities") == (
        "outputs_use_details"
    )
    answers["outputs_use"] = ["share"]
    assert engine_.next_question(survey, answers, "outputs_use") == "further_activities"
    assert engine_.first_problem(seminar, survey, answers) == "usefulness"
    assert engine_.resume_point(survey, answers, None) == "usefulness"
    assert engine_.resume_point(survey, answers, "outputs_use_details") == "usefulness"

    number = seminar.find_survey("best_practice").question("abroad_share")  # type: ignore[union-attr]
    assert number is not None
    assert engine_.parse_number(number, " 12,5 % ") == 12.5
    assert engine_.parse_number(number, "40") == 40
    for bad, key in (("abc", "surveys-error-not-a-number"), ("101", "surveys-error-range")):
        with pytest.raises(SurveyError) as error:
            engine_.parse_number(number, bad)
        assert error.value.key == key
    text = survey.question("lessons_learned")
    assert text is not None
    with pytest.raises(SurveyError) as error:
        engine_.parse_text(text, "y" * 1501)
    assert error.value.args_ == {"limit": 1500, "length": 1501}
    multi = seminar.find_survey("best_practice").question("innovation_risks")  # type: ignore[union-attr]
    assert multi is not None and engine_.multi_bounds(multi) == (1, 3)
    values = [o.value for o in multi.options]
    chosen = engine_.toggle_option(multi, [], values[2])
    chosen = engine_.toggle_option(multi, chosen, values[0])
    assert chosen == [values[0], values[2]]
    chosen = engine_.toggle_option(multi, chosen, values[1])
    with pytest.raises(SurveyError):
        engine_.toggle_option(multi, chosen, values[3])
    assert engine_.toggle_option(multi, chosen, values[1]) == [values[0], values[2]]
    # Forged or stale values are refused.
    role = survey.question("role")
    assert role is not None
    for forged in ("admin", 3, None):
        with pytest.raises(SurveyError):
            engine_.check_answer(seminar, role, forged)
    matrix = survey.question("sessions")
    assert matrix is not None
    with pytest.raises(SurveyError):
        engine_.check_answer(seminar, matrix, {"d1-lunch": 3})
    assert engine_.phase(seminar, survey, datetime(2027, 9, 16, 12, 44, tzinfo=UTC)) == "upcoming"
    assert engine_.phase(seminar, survey, datetime(2027, 9, 16, 12, 45, tzinfo=UTC)) == "open"
    assert engine_.phase(seminar, survey, datetime(2027, 10, 7, 12, 45, tzinfo=UTC)) == "closed"


def test_charts_are_png_images(seminar: Event) -> None:
    survey = seminar.find_survey("feedback")
    assert survey is not None
    results = survey_results.aggregate(seminar, survey, [FEEDBACK_1, FEEDBACK_2, FEEDBACK_3])
    drawn = {r.id: survey_results.chart_png(r) for r in results}
    for question_id in ("role", "usefulness", "sessions", "outputs_use"):
        png = drawn[question_id]
        assert png is not None and png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 2000
    # Free text has no chart; nor has a question nobody answered.
    assert drawn["lessons_learned"] is None
    empty = survey_results.aggregate(seminar, survey, [])
    assert all(survey_results.chart_png(r) is None for r in empty)
    best = seminar.find_survey("best_practice")
    assert best is not None
    yes_no = survey_results.aggregate(seminar, best, [{"respondent_org": "x", "tto_exist": True}])
    chart = next(r for r in yes_no if r.id == "tto_exist")
    assert [(c.value, c.count) for c in chart.counts] == [(True, 1), (False, 0)]
    png = survey_results.chart_png(chart, yes="Да", no="Нет")
    assert png is not None and png.startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("mutate", "where", "expected"),
    [
        (
            lambda s: s[0]["questions"][4].update(options=s[0]["questions"][4]["options"][:1]),
            "surveys[0].questions[4].options",
            "expected at least 2 options, got 1 (survey 'best_practice', "
            "question 'marketing_channels')",
        ),
        (
            lambda s: s[1]["questions"][8].update(min=9),
            "surveys[1].questions[8].min",
            "(survey 'feedback', question 'outputs_use')",
        ),
        (
            lambda s: s[1]["questions"][9].update(show_if={"question": "outputs_use"}),
            "surveys[1].questions[9].show_if",
            "expected exactly one of 'equals: value' or 'in: [values]' (survey 'feedback', "
            "question 'outputs_use_details')",
        ),
        (
            lambda s: s[1]["questions"][2].update(show_if={"question": "comments", "equals": 1}),
            "surveys[1].questions[2].show_if.question",
            "survey 'feedback': question 'relevance': show_if refers to 'comments'",
        ),
        (
            lambda s: s[1].update(editable=True),
            "surveys[1].editable",
            "survey 'feedback': an anonymous survey cannot be editable",
        ),
    ],
    ids=["options", "multi-min", "show-if-shape", "show-if-later", "anonymous-editable"],
)
def test_a_bad_survey_definition_names_survey_question_and_problem(
    tmp_path: Path, mutate: Any, where: str, expected: str
) -> None:
    import yaml

    data = yaml.safe_load(DEFAULT_EVENT_FILE.read_text(encoding="utf-8"))
    mutate(data["surveys"])
    path = tmp_path / "event.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(EventFileError) as error:
        load_event(path)
    message = str(error.value)
    assert message.startswith(f"{path}: {where}: "), message
    assert expected in message, message


def test_results_do_not_load_matplotlib_until_a_chart_is_drawn() -> None:
    code = (
        "import sys, services.survey_results, services.surveys;print('matplotlib' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "False"
