"""Audience filters on a fixture, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.event import Event, load_event
from core.settings import DEFAULT_EVENT_FILE
from storage.models import StaffRole, User, utcnow
from storage.models.surveys import SurveyCompletion
from storage.repositories.audience import Audience, recipients
from tests.delivery_helpers import add_registration, add_users

SEMINAR: Event = load_event(DEFAULT_EVENT_FILE)
DAY1, DAY2 = date(2027, 9, 14), date(2027, 9, 15)
OVERSEER, ORGANISER = 900, 901

# user id: (status, role, economy, funding, attended days, language)
PEOPLE = {
    1: ("approved", "delegate", "CHL", "funded", [DAY1, DAY2], "en"),
    2: ("approved", "speaker", "JPN", "none", [DAY1], "ru"),
    3: ("approved", "delegate", "PER", "funded", [], "en"),
    4: ("submitted", "delegate", "CHL", "none", [], "ru"),
    5: ("waitlisted", "observer", "MEX", "waitlisted", [], "en"),
    6: ("rejected", "delegate", "CHL", "none", [], "en"),
    7: ("withdrawn", "delegate", "PER", "funded", [], "en"),
    8: ("draft", None, None, "none", [], "en"),
    10: ("approved", "delegate", "CHL", "none", [DAY2], "en"),  # blocked the bot
}
NO_REGISTRATION = [9]  # wrote to the bot, never registered


async def _fixture(factory: async_sessionmaker[AsyncSession]) -> None:
    await add_users(factory, [p for p, v in PEOPLE.items() if v[5] == "en"] + NO_REGISTRATION)
    await add_users(factory, [p for p, v in PEOPLE.items() if v[5] == "ru"], language="ru")
    await add_users(factory, [OVERSEER, ORGANISER])
    async with factory() as session:
        for uid, (status, role, economy, funding, days, _) in PEOPLE.items():
            await add_registration(
                session,
                uid,
                status=status,
                role=role,
                economy=economy,
                funding=funding,
                attended=days,
            )
        session.add(StaffRole(user_id=ORGANISER, role="organiser"))
        # The feedback survey is anonymous: user 1 has completed it.
        session.add(SurveyCompletion(survey_id="feedback", user_id=1, completed_on=DAY2))
        await session.execute(update(User).where(User.id == 10).values(blocked_at=utcnow()))
        await session.commit()


async def test_every_filter(session_factory: async_sessionmaker[AsyncSession]) -> None:
    await _fixture(session_factory)
    expected = {
        Audience("all"): [1, 2, 3, 4, 5, 6, 7, 8, 9, OVERSEER, ORGANISER],
        Audience("status", "approved"): [1, 2, 3],
        Audience("status", "submitted"): [4],
        Audience("status", "draft"): [8],
        Audience("registered"): [1, 2, 3, 4, 5],
        Audience("approved"): [1, 2, 3],
        Audience("role", "delegate"): [1, 3],
        Audience("role", "speaker"): [2],
        Audience("delegates"): [1, 3],
        Audience("speakers"): [2],
        Audience("economy", "CHL"): [1],
        Audience("economy", "PER"): [3],
        Audience("language", "ru"): [2, 4],
        Audience("language", "en"): [1, 3, 5, 6, 7, 8, 9, OVERSEER, ORGANISER],
        Audience("funded"): [1, 3],
        Audience("attended"): [1, 2],
        Audience("attended", DAY1.isoformat()): [1, 2],
        Audience("attended", DAY2.isoformat()): [1],
        Audience("non_respondents", "feedback"): [2],
        Audience("attended", unless_answered="feedback"): [2],
        Audience("unfinished"): [8, 9],
        Audience("organisers"): [OVERSEER, ORGANISER],
        Audience("overseers"): [OVERSEER],
    }
    async with session_factory() as session:
        for audience, ids in expected.items():
            got = await recipients(session, SEMINAR, audience, admin_ids=[OVERSEER])
            assert got == sorted(ids), audience
        # The stored form round-trips.
        stored = Audience("attended", DAY1.isoformat(), "feedback").to_dict()
        assert Audience.from_dict(stored) == Audience("attended", DAY1.isoformat(), "feedback")
