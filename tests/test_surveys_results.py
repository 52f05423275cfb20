"""Survey results for organisers through the dispatcher: rates, answers by question,
charts (PNG in the chat), free-text answers, audit log, staff only."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import AuditEntry, StaffRole, User
from tests.conftest import ADMIN_ID
from tests.harness import Harness
from tests.test_surveys import DELEGATE, alerts, bot, clock  # noqa: F401 (fixtures)
from tests.test_surveys_storage import populate


async def test_results_for_organisers(bot: Harness) -> None:  # noqa: F811
    async with bot.session() as session:
        await populate(session, bot.seminar)
    await bot.send(ADMIN_ID, "/admin")
    await bot.press(ADMIN_ID, "Survey results")
    assert "Choose a survey" in bot.text(ADMIN_ID)
    assert "Seminar feedback · 3/5" in bot.buttons(ADMIN_ID)
    assert any(
        b.startswith("Best practices") and b.endswith("· 1/21") for b in bot.buttons(ADMIN_ID)
    )

    await bot.press(ADMIN_ID, "Best practices")
    text = bot.text(ADMIN_ID)
    assert "Responses: 1 of 21 economies (4.8%) · in progress: 1" in text
    assert "✅ Chile" in text and "✏️ Peru" in text and "▫️ Japan" in text
    await bot.press(ADMIN_ID, "Back")

    await bot.press(ADMIN_ID, "Seminar feedback")
    text = bot.text(ADMIN_ID)
    assert "Responses: 3 of 5 people in the audience (60%) · in progress: 1" in text
    assert "Anonymous" in text and "Chile: 2/3 (66.7%)" in text and "Peru: 1/2 (50%)" in text

    await bot.press(ADMIN_ID, "Answers by question")
    text = bot.text(ADMIN_ID)
    assert "Question 1 of 12" in text and "Delegate: 2 (66.7%)" in text
    await bot.press(ADMIN_ID, "▶️")
    text = bot.text(ADMIN_ID)
    assert "Question 2 of 12" in text and "Mean 3.67 · median 4" in text
    assert "Not useful" not in text and "2: 1 (33.3%)" in text
    await bot.press(ADMIN_ID, "▶️")
    await bot.press(ADMIN_ID, "▶️")
    text = bot.text(ADMIN_ID)
    assert "Answered: 2 · skipped: 1" in text
    assert "mean 4 · median 4 · n=2 · [1:0 2:0 3:1 4:0 5:1]" in text
    await bot.press(ADMIN_ID, "Back")

    mark = bot.fake.mark()
    await bot.press(ADMIN_ID, "Charts")
    photos = [c for c in bot.fake.calls[mark:] if c.method == "sendPhoto" and c.ok]
    # role, usefulness, relevance, sessions, speakers, organisation, knowledge, outputs_use
    assert len(photos) == 8
    assert photos[0].params["caption"].startswith("Question 1. You took part as")
    # The results window comes back below the charts.
    assert "Responses: 3 of 5" in bot.text(ADMIN_ID)

    mark = bot.fake.mark()
    await bot.press(ADMIN_ID, "Free-text answers")
    sent = [c.params["text"] for c in bot.fake.calls[mark:] if c.method == "sendMessage" and c.ok]
    lessons = next(t for t in sent if "main lessons" in t)
    assert "(3)" in lessons and "C &amp; &lt;d&gt;" in lessons
    assert any("Any other comments?" in t and "• C2" in t for t in sent)

    async with bot.session() as session:
        audit = (await session.scalars(select(AuditEntry).order_by(AuditEntry.id))).all()
    assert [(a.actor_id, a.action, a.target) for a in audit] == [
        (ADMIN_ID, "survey.results", "best_practice"),
        (ADMIN_ID, "survey.results", "feedback"),
        (ADMIN_ID, "survey.charts", "feedback"),
        (ADMIN_ID, "survey.free_text", "feedback"),
    ]


async def test_an_organiser_who_lost_the_role_is_refused(bot: Harness) -> None:  # noqa: F811
    organiser = 2000
    async with bot.session() as session:
        session.add(User(id=organiser, first_name="Org"))
        await session.flush()
        session.add(StaffRole(user_id=organiser, role="organiser", added_by=ADMIN_ID))
        await session.commit()
    await bot.send(organiser, "/admin")
    await bot.press(organiser, "Survey results")
    async with bot.session() as session:
        row = await session.get(StaffRole, organiser)
        await session.delete(row)
        await session.commit()
    await bot.press(organiser, "Seminar feedback")
    assert "organisers only" in alerts(bot)[-1]
    async with bot.session() as session:
        audit = (await session.scalars(select(AuditEntry))).all()
    assert not [a for a in audit if a.action.startswith("survey.")]
