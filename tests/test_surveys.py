"""Surveys through the dispatcher, as a delegate and an organiser would use them.

The example event's two instruments: the best-practice questionnaire (one response per
economy, before the seminar) and the anonymous feedback survey (after it). A settable
clock (`dp["clock"]`) puts the bot inside or outside each survey's window.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from aiogram import Dispatcher
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import User
from storage.models.registration import Attendance, Registration
from storage.models.surveys import SurveyAnonymousResponse, SurveyCompletion, SurveyResponse
from tests.conftest import ADMIN_ID
from tests.fakebot import FakeBotAPI
from tests.harness import Harness, running_bot

# The example event: the best-practice questionnaire is open from 2027-04-17 10:00 to
# 2027-07-31 18:00 (Moscow); the feedback survey from 2027-09-16 15:45 (the end of the last
# session) to 2027-10-07 15:45.
BEST_PRACTICE_OPEN = datetime(2027, 5, 1, 9, 0, tzinfo=UTC)
FEEDBACK_OPEN = datetime(2027, 9, 17, 9, 0, tzinfo=UTC)

DELEGATE = 501
COLLEAGUE = 502
FOCAL = 503


# --------------------------------------------------------------------------- helpers


class Clock:
    """`dp["clock"]`: the survey engine's idea of now."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def with_clock(clock: Clock) -> Any:
    def customize(dp: Dispatcher) -> None:
        dp["clock"] = clock

    return customize


async def register(
    session: AsyncSession,
    user_id: int,
    *,
    economy: str | None = "CHL",
    status: str = "approved",
    full_name: str | None = None,
    focal_point: bool = False,
    attended: bool = False,
    role: str = "delegate",
    language: str = "en",
) -> Registration:
    """A user with a registration (and a day of attendance); committed."""
    if await session.get(User, user_id) is None:
        session.add(User(id=user_id, first_name=f"User{user_id}", language=language))
        await session.flush()
    registration = Registration(
        user_id=user_id,
        status=status,
        answers={},
        full_name=full_name or f"Delegate {user_id}",
        economy=economy,
        role=role,
        focal_point=focal_point,
        consent_version="1",
    )
    session.add(registration)
    await session.flush()
    if attended:
        session.add(
            Attendance(registration_id=registration.id, day=date(2027, 9, 14), method="badge")
        )
    await session.commit()
    return registration


@pytest.fixture
def clock() -> Clock:
    return Clock(FEEDBACK_OPEN)


@pytest.fixture
async def bot(fake_api: FakeBotAPI, sqlite_url: str, clock: Clock) -> AsyncIterator[Harness]:
    async with running_bot(
        fake_api, sqlite_url, admin_ids=[ADMIN_ID], customize=with_clock(clock)
    ) as h:
        yield h


async def open_survey(h: Harness, user: int, title: str) -> None:
    await h.send(user, "/start")
    await h.press(user, "Surveys")
    await h.press(user, title)


async def response_of(h: Harness, survey_id: str, owner: str) -> SurveyResponse | None:
    async with h.session() as session:
        return await session.scalar(
            select(SurveyResponse).where(
                SurveyResponse.survey_id == survey_id, SurveyResponse.owner == owner
            )
        )


def alerts(h: Harness) -> list[str]:
    return [str(a.get("text", "")) for a in h.fake.answered_callbacks().values()]


def button_data(h: Harness, user: int, text: str) -> tuple[int, str]:
    """(message id, callback data) of a button of the latest keyboard (to tap it again)."""
    message = [m for m in h.fake.messages(user) if m.get("reply_markup")][-1]
    for row in message["reply_markup"]["inline_keyboard"]:
        for button in row:
            if text in button["text"]:
                return message["message_id"], button["callback_data"]
    raise AssertionError(f"no button {text!r}")


async def answer_feedback_until_review(h: Harness, user: int) -> None:
    """Every question type of the feedback survey, with a show_if, a skip, bad input."""
    await h.press(user, "Start")
    assert "Question 1 of 11" in h.text(user)  # outputs_use_details is hidden so far
    await h.press(user, "Delegate")  # single
    await h.press(user, "5")  # scale: usefulness
    await h.press(user, "4")  # scale: relevance
    # The per-session matrix: one session at a time, 1-5 and Skip.
    text = h.text(user)
    assert "Question 4 of 11" in text and "Session 1 of 12" in text
    assert "Keynote" in text
    await h.press(user, "5")
    assert "Session 2 of 12" in h.text(user)
    await h.press(user, "Skip session")
    await h.press(user, "4")
    assert "Session 4 of 12" in h.text(user)
    await h.press(user, "Skip the rest")
    await h.press(user, "4")  # speakers_quality
    await h.press(user, "5")  # organisation
    await h.press(user, "3")  # knowledge_gain
    # Free text: too long, then right.
    assert "Question 8 of 11" in h.text(user)
    await h.send(user, "x" * 1501)
    assert any("1501 characters" in m.get("text", "") for m in h.fake.messages(user))
    assert "Question 8 of 11" in h.text(user)
    await h.send(user, "IP audits <first> & valuation")
    # Multi choice: toggles, then Done; "policy" makes the details question appear.
    assert "Question 9 of 11" in h.text(user)
    await h.press(user, "Done")
    assert "at least one" in alerts(h)[-1]
    await h.press(user, "Share with colleagues")
    await h.press(user, "In policy making")
    assert "✅ In policy making" in h.buttons(user)
    await h.press(user, "Done")
    assert "Question 10 of 12" in h.text(user)
    assert "tell us more" in h.text(user)
    await h.send(user, "In our SME strategy")
    await h.send(user, "Regional workshops")  # further_activities
    assert "Skip" in " ".join(h.buttons(user))  # comments is optional
    await h.press(user, "Skip")


async def test_feedback_every_step_then_anonymous_submit_once(bot: Harness) -> None:
    async with bot.session() as session:
        await register(session, DELEGATE, attended=True)
    await open_survey(bot, DELEGATE, "Seminar feedback")
    intro = bot.text(DELEGATE)
    assert "anonymous" in intro and "7 October 2027, 15:45" in intro
    await answer_feedback_until_review(bot, DELEGATE)

    review = bot.text(DELEGATE)
    assert "page 1 of 2" in review
    assert "1. You took part as..." in review and "→ Delegate" in review
    assert "2 of 12 sessions rated" in review
    raw = bot.fake.last_message(DELEGATE)["raw_text"]
    await bot.press(DELEGATE, "▶️")
    page2 = bot.text(DELEGATE)
    assert (
        "IP audits <first> & valuation" in page2
        and "&lt;first&gt; &amp;" in (bot.fake.last_message(DELEGATE)["raw_text"])
    )
    assert "— skipped" in page2  # comments
    assert raw != bot.fake.last_message(DELEGATE)["raw_text"]

    # Edit an answer from the review, and come back to the review.
    await bot.press(DELEGATE, "◀️")
    await bot.press(DELEGATE, "✏️ 2")
    assert "Question 2 of 12" in bot.text(DELEGATE)
    assert "✅5" in bot.buttons(DELEGATE)
    await bot.press(DELEGATE, "2")
    assert "Check your answers" in bot.text(DELEGATE)
    response = await response_of(bot, "feedback", f"u:{DELEGATE}")
    assert response is not None and response.answers["usefulness"] == 2
    assert response.answers["sessions"] == {
        "d1-keynote": 5,
        "d1-questionnaire": None,
        "s1-commercialization": 4,
        **{k: None for k in list(response.answers["sessions"])[3:]},
    }

    # Submit; a second tap on the same button submits nothing more.
    message_id, data = button_data(bot, DELEGATE, "Submit")
    await bot.callback(DELEGATE, message_id, data)
    assert "submitted anonymously" in bot.text(DELEGATE)
    await bot.callback(DELEGATE, message_id, data)
    async with bot.session() as session:
        completions = (await session.scalars(select(SurveyCompletion))).all()
        anonymous = (await session.scalars(select(SurveyAnonymousResponse))).all()
        drafts = (await session.scalars(select(SurveyResponse))).all()
    assert [(c.survey_id, c.user_id, c.completed_on) for c in completions] == [
        ("feedback", DELEGATE, date(2027, 9, 17))
    ]
    assert len(anonymous) == 1 and drafts == []
    answers = anonymous[0].answers
    assert answers["role"] == "delegate" and answers["outputs_use"] == ["share", "policy"]
    assert answers["lessons_learned"] == "IP audits <first> & valuation"
    assert answers["comments"] is None
    assert str(DELEGATE) not in repr(answers)

    # Coming back: already submitted, nothing to start.
    await open_survey(bot, DELEGATE, "Seminar feedback")
    assert "already submitted" in bot.text(DELEGATE)
    assert not any("Start" in b or "Continue" in b for b in bot.buttons(DELEGATE))


async def test_leaving_and_coming_back_resumes_at_the_same_question(bot: Harness) -> None:
    async with bot.session() as session:
        await register(session, DELEGATE, attended=True)
    await open_survey(bot, DELEGATE, "Seminar feedback")
    await bot.press(DELEGATE, "Start")
    await bot.press(DELEGATE, "Speaker")
    await bot.press(DELEGATE, "4")
    assert "Question 3 of 11" in bot.text(DELEGATE)
    await bot.press(DELEGATE, "Continue later")
    assert "saved" in alerts(bot)[-1]
    assert "✏️ Seminar feedback" in bot.buttons(DELEGATE)
    await bot.send(DELEGATE, "/start")
    await bot.press(DELEGATE, "Surveys")
    await bot.press(DELEGATE, "Seminar feedback")
    assert "answered 2 of 11" in bot.text(DELEGATE)
    await bot.press(DELEGATE, "Continue")
    assert "Question 3 of 11" in bot.text(DELEGATE)
    # Back shows the previous answer marked.
    await bot.press(DELEGATE, "Back")
    assert "Question 2 of 11" in bot.text(DELEGATE) and "✅4" in bot.buttons(DELEGATE)
    await bot.press(DELEGATE, "Back")
    await bot.press(DELEGATE, "Back")
    assert "Start" in " ".join(bot.buttons(DELEGATE)) or "Continue" in " ".join(
        bot.buttons(DELEGATE)
    )


async def test_resume_after_a_restart(fake_api: FakeBotAPI, sqlite_url: str) -> None:
    clock = Clock(FEEDBACK_OPEN)
    async with running_bot(fake_api, sqlite_url, customize=with_clock(clock)) as h:
        async with h.session() as session:
            await register(session, DELEGATE, attended=True)
        await open_survey(h, DELEGATE, "Seminar feedback")
        await h.press(DELEGATE, "Start")
        await h.press(DELEGATE, "Observer")
        assert "Question 2 of 11" in h.text(DELEGATE)
    async with running_bot(fake_api, sqlite_url, customize=with_clock(clock)) as h:
        # The open question's buttons still work after the restart.
        await h.press(DELEGATE, "3")
        assert "Question 3 of 11" in h.text(DELEGATE)
        response = await response_of(h, "feedback", f"u:{DELEGATE}")
        assert response is not None
        assert response.answers == {"role": "observer", "usefulness": 3}
        assert response.position == "relevance"


async def test_closed_and_not_yet_open(bot: Harness, clock: Clock) -> None:
    async with bot.session() as session:
        await register(session, DELEGATE, attended=True)
    clock.at = datetime(2027, 9, 16, 9, 0, tzinfo=UTC)
    await open_survey(bot, DELEGATE, "Seminar feedback")
    assert "opens on 16 September 2027, 15:45" in bot.text(DELEGATE)
    assert not any("Start" in b for b in bot.buttons(DELEGATE))

    clock.at = FEEDBACK_OPEN
    await bot.press(DELEGATE, "Surveys")
    await bot.press(DELEGATE, "Seminar feedback")
    await bot.press(DELEGATE, "Start")
    await bot.press(DELEGATE, "Delegate")
    # The survey closes while the question is on screen: the answer is refused politely.
    clock.at = datetime(2027, 10, 8, tzinfo=UTC)
    await bot.press(DELEGATE, "5")
    assert "closed on 7 October 2027, 15:45" in alerts(bot)[-1]
    response = await response_of(bot, "feedback", f"u:{DELEGATE}")
    assert response is not None and "usefulness" not in response.answers
    await open_survey(bot, DELEGATE, "Seminar feedback")
    assert "closed on 7 October 2027" in bot.text(DELEGATE)


async def test_audience_decides_who_sees_a_survey(bot: Harness) -> None:
    async with bot.session() as session:
        await register(session, DELEGATE, attended=False)
    await bot.send(DELEGATE, "/start")
    await bot.press(DELEGATE, "Surveys")
    # Registered but not checked in: only the per-economy questionnaire (closed by now).
    assert not any("feedback" in b for b in bot.buttons(DELEGATE))
    assert any("Best practices" in b for b in bot.buttons(DELEGATE))
    await bot.send(COLLEAGUE, "/start")
    await bot.press(COLLEAGUE, "Surveys")
    assert "no surveys for you" in bot.text(COLLEAGUE)
    await bot.press(COLLEAGUE, "Main menu")
    assert "Choose what you need" in bot.text(COLLEAGUE)


async def test_bad_input_and_old_buttons(bot: Harness) -> None:
    async with bot.session() as session:
        await register(session, DELEGATE, attended=True)
    await open_survey(bot, DELEGATE, "Seminar feedback")
    await bot.press(DELEGATE, "Start")
    # Text where a choice is expected: explained, same question again, nothing lost.
    await bot.send(DELEGATE, "I was there")
    texts = [m.get("text", "") for m in bot.fake.messages(DELEGATE)]
    assert "Please answer with the buttons under the question." in texts
    assert "Question 1 of 11" in bot.text(DELEGATE)
    # A typed label that names an answer exactly is taken.
    await bot.send(DELEGATE, "speaker")
    assert "Question 2 of 11" in bot.text(DELEGATE)
    old_id, old_data = button_data(bot, DELEGATE, "4")
    await bot.press(DELEGATE, "4")
    assert "Question 3 of 11" in bot.text(DELEGATE)
    # The previous question's button (same message, edited since): refused, not applied.
    await bot.callback(DELEGATE, old_id, old_data)
    assert "earlier question" in alerts(bot)[-1]
    assert "Question 3 of 11" in bot.text(DELEGATE)
    response = await response_of(bot, "feedback", f"u:{DELEGATE}")
    assert response is not None
    assert response.answers == {"role": "speaker", "usefulness": 4}
    # Forged data: an item that does not exist.
    await bot.callback(DELEGATE, old_id, old_data.rsplit(":", 1)[0] + ":zz.99")
    assert "Question 3 of 11" in bot.text(DELEGATE)


async def test_best_practice_numbers_yes_no_show_if_and_multi_limits(
    bot: Harness, clock: Clock
) -> None:
    clock.at = BEST_PRACTICE_OPEN
    async with bot.session() as session:
        await register(session, DELEGATE, economy="PE")
    await open_survey(bot, DELEGATE, "Best practices")
    assert "on behalf of <b>Peru</b>" in bot.fake.last_message(DELEGATE)["raw_text"]
    await bot.press(DELEGATE, "Start")
    await bot.send(DELEGATE, "Rospatent-like office")
    # yes/no with show_if: "No" hides the follow-up question.
    total_before = bot.text(DELEGATE).split(" of ")[1].split()[0]
    await bot.press(DELEGATE, "No")
    assert "Question 3 of" in bot.text(DELEGATE)
    assert "Describe one programme" in bot.text(DELEGATE)
    await bot.press(DELEGATE, "Back")
    await bot.press(DELEGATE, "Yes")
    assert "What kinds of support" in bot.text(DELEGATE)
    total_after = bot.text(DELEGATE).split(" of ")[1].split()[0]
    assert int(total_after) == int(total_before) + 1
    await bot.press(DELEGATE, "Grants")
    await bot.press(DELEGATE, "Done")
    await bot.press(DELEGATE, "Skip")  # support_best_practice (optional)
    await bot.press(DELEGATE, "Licensing")  # marketing_channels
    await bot.press(DELEGATE, "3")  # marketing_support
    # Multi with max 3: a fourth choice is refused.
    for label in ("Lack of financing", "Own rights infringed", "Leaks of trade secrets"):
        await bot.press(DELEGATE, label)
    chosen = [b for b in bot.buttons(DELEGATE) if b.startswith("✅")]
    assert len(chosen) == 3
    fourth = next(b for b in bot.buttons(DELEGATE) if b.startswith("▫️"))
    await bot.press(DELEGATE, fourth)
    assert "at most 3" in alerts(bot)[-1]
    assert len([b for b in bot.buttons(DELEGATE) if b.startswith("✅")]) == 3
    await bot.press(DELEGATE, "Done")
    await bot.press(DELEGATE, "Skip")  # risk_tools
    await bot.press(DELEGATE, "4")  # personnel_difficulty
    await bot.press(DELEGATE, "Online courses")
    await bot.press(DELEGATE, "Done")
    await bot.press(DELEGATE, "Yes")  # tto_exist -> tto_practice shown
    await bot.send(DELEGATE, "A university TTO licenses patents to SMEs")
    # A number: not a number, out of range, then right.
    assert "share (%)" in bot.text(DELEGATE)
    await bot.send(DELEGATE, "about a third")
    assert "Please type a number" in bot.fake.messages(DELEGATE)[-2]["text"]
    await bot.send(DELEGATE, "150")
    assert "from 0 to 100" in bot.fake.messages(DELEGATE)[-2]["text"]
    await bot.send(DELEGATE, "12,5%")
    response = await response_of(bot, "best_practice", "e:PE")
    assert response is not None and response.user_id == DELEGATE
    assert response.answers["abroad_share"] == 12.5
    assert response.answers["support_types"] == ["grants"]
    assert response.answers["innovation_risks"] == [v for v in response.answers["innovation_risks"]]
    assert len(response.answers["innovation_risks"]) == 3
    # Keep: an answered text question can be passed without retyping.
    await bot.press(DELEGATE, "Back")
    assert "Your answer: 12.5" in bot.text(DELEGATE)
    await bot.press(DELEGATE, "Keep answer")
    assert "support SMEs patenting abroad" in bot.text(DELEGATE)


async def test_one_response_per_economy_and_colleagues_can_read_it(
    bot: Harness, clock: Clock
) -> None:
    clock.at = BEST_PRACTICE_OPEN
    async with bot.session() as session:
        await register(session, DELEGATE, economy="CHL", full_name="Ana <Pérez> & Co")
        await register(session, COLLEAGUE, economy="CHL")
        await register(session, 777, economy="PE")
    # The first delegate of Chile who starts answers for Chile.
    await open_survey(bot, DELEGATE, "Best practices")
    await bot.press(DELEGATE, "Start")
    await bot.send(DELEGATE, "IP office of Chile")
    # A colleague sees who is answering, and cannot answer.
    await open_survey(bot, COLLEAGUE, "Best practices")
    raw = bot.fake.last_message(COLLEAGUE)["raw_text"]
    assert "<b>Ana &lt;Pérez&gt; &amp; Co</b> is answering on behalf of Chile" in raw
    assert not any(("Start" in b or "Read" in b) for b in bot.buttons(COLLEAGUE))
    await bot.press(COLLEAGUE, "Surveys")
    assert any(b.startswith("👁") and "Best practices" in b for b in bot.buttons(COLLEAGUE))
    # Another economy answers on its own.
    await open_survey(bot, 777, "Best practices")
    assert "on behalf of <b>Peru</b>" in bot.fake.last_message(777)["raw_text"]

    await answer_best_practice_minimally_from_second(bot, DELEGATE)
    await bot.press(DELEGATE, "Submit")
    assert "Thank you" in bot.text(DELEGATE)
    response = await response_of(bot, "best_practice", "e:CHL")
    assert response is not None and response.submitted_at is not None
    assert response.user_id == DELEGATE and response.economy == "CHL"

    # The colleague can now read the submitted answers, not change them.
    await open_survey(bot, COLLEAGUE, "Best practices")
    assert "has submitted the answers on behalf of Chile" in bot.text(COLLEAGUE)
    await bot.press(COLLEAGUE, "Read the answers")
    text = bot.text(COLLEAGUE)
    assert "IP office of Chile" in text and "Answered by" in text
    assert not any("✏️" in b or "Submit" in b for b in bot.buttons(COLLEAGUE))
    await bot.press(COLLEAGUE, "Back")
    assert "has submitted" in bot.text(COLLEAGUE)


async def answer_best_practice_minimally_from_second(h: Harness, user: int) -> None:
    """The rest of the questionnaire after the first (typed) question."""
    assert "Question 2 of" in h.text(user)
    steps = [
        "No", "Skip", "Licensing", "3", "Lack of financing", "Done", "Skip", "4",
        "Online courses", "Done", "No", "Skip", "No specific support", "Done",
        "Licensing to large companies", "Done", "Skip", "No", "Skip", "Access to finance",
        "Done", "Patenting abroad", "Done", "Skip",
    ]  # fmt: skip
    for label in steps:
        await h.press(user, label)
    assert "Check your answers" in h.text(user)


async def test_the_focal_point_takes_over_and_may_edit_until_close(
    bot: Harness, clock: Clock
) -> None:
    clock.at = BEST_PRACTICE_OPEN
    async with bot.session() as session:
        await register(session, DELEGATE, economy="MEX")
        await register(session, FOCAL, economy="MEX", full_name="Focal Point MX")
    await open_survey(bot, DELEGATE, "Best practices")
    await bot.press(DELEGATE, "Start")
    await bot.send(DELEGATE, "Draft by a delegate")
    # An organiser marks the focal point: the draft is theirs from now on.
    async with bot.session() as session:
        registration = await session.scalar(
            select(Registration).where(Registration.user_id == FOCAL)
        )
        assert registration is not None
        registration.focal_point = True
        await session.commit()
    await open_survey(bot, FOCAL, "Best practices")
    assert "answered 1 of" in bot.text(FOCAL)
    await bot.press(FOCAL, "Continue")
    assert "Question 2 of" in bot.text(FOCAL)
    # The delegate's open question is refused now, and their screen says who answers.
    await bot.press(DELEGATE, "Yes")
    assert "A colleague is answering" in alerts(bot)[-1]
    await open_survey(bot, DELEGATE, "Best practices")
    assert "Focal Point MX" in bot.text(DELEGATE)

    await answer_best_practice_minimally_from_second(bot, FOCAL)
    await bot.press(FOCAL, "Submit")
    # Editable until it closes: change one answer, saved at once.
    await open_survey(bot, FOCAL, "Best practices")
    assert "change the answers until 31 July 2027, 18:00" in bot.text(FOCAL)
    await bot.press(FOCAL, "Change answers")
    assert "Check your answers" in bot.text(FOCAL)
    await bot.press(FOCAL, "✏️ 1")
    await bot.send(FOCAL, "Ministry of Economy")
    assert "Check your answers" in bot.text(FOCAL)
    await bot.press(FOCAL, "Done")
    response = await response_of(bot, "best_practice", "e:MEX")
    assert response is not None and response.user_id == FOCAL
    assert response.answers["respondent_org"] == "Ministry of Economy"
    assert response.submitted_at is not None
    # After the close: read only.
    clock.at = datetime(2027, 8, 1, tzinfo=UTC)
    await open_survey(bot, FOCAL, "Best practices")
    assert "closed on 31 July 2027" in bot.text(FOCAL)
    assert any("Read the answers" in b for b in bot.buttons(FOCAL))
    assert not any("Change" in b for b in bot.buttons(FOCAL))


async def test_russian_interface(bot: Harness) -> None:
    async with bot.session() as session:
        await register(session, DELEGATE, attended=True, language="ru")
    await bot.send(DELEGATE, "/start", language_code="ru")
    await bot.press(DELEGATE, "Опросы")
    await bot.press(DELEGATE, "Отзыв о семинаре")
    assert "анонимный" in bot.text(DELEGATE) and "7 октября 2027" in bot.text(DELEGATE)
    await bot.press(DELEGATE, "Начать")
    assert "Вопрос 1 из 11" in bot.text(DELEGATE)
    await bot.press(DELEGATE, "Делегат")
    assert "1 — Бесполезен" in bot.text(DELEGATE)


async def test_a_survey_button_in_another_message_opens_the_survey(bot: Harness) -> None:
    from dialogs.surveys.handlers import SurveyLink

    async with bot.session() as session:
        await register(session, DELEGATE, attended=True)
    await bot.send(DELEGATE, "/start")
    menu = bot.fake.last_message(DELEGATE)["message_id"]
    await bot.callback(DELEGATE, menu, SurveyLink(survey_id="feedback").pack())
    assert "Seminar feedback" in bot.text(DELEGATE)
    assert any("Start" in b for b in bot.buttons(DELEGATE))
    await bot.callback(DELEGATE, menu, SurveyLink(survey_id="gone").pack())
    assert "no longer available" in alerts(bot)[-1]
