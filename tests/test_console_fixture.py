"""A known set of registrations for the console's tests, and the statistics on it.

`seed(session)` writes twelve registrations (every status, three genders, funded,
alternate and self-funded, two travel-eligible economies, an international organisation),
their status history, attendance over the three days and a few audit entries. The
expected numbers are worked out by hand in the comments below and asserted exactly.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.event import Event, load_event
from core.settings import DEFAULT_EVENT_FILE
from services.stats import participation_stats
from storage.models import AuditEntry, StaffRole, User
from storage.models.registration import Attendance, Registration, RegistrationChange

OVERSEER = 1000
ORGANISER = 2000
D1, D2, D3 = date(2027, 9, 14), date(2027, 9, 15), date(2027, 9, 16)
T0 = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)

FORMULAS = [
    '=HYPERLINK("http://example.invalid/x","click")',
    "+1-555-0100",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "\0=1+1",
]
"""Cell payloads a spreadsheet would run as formulas: every one must come out neutralised."""

# (user id, status, economy, gender, sector, role, funding, requested, days attended, name)
PEOPLE: list[
    tuple[
        int, str, str | None, str | None, str | None, str | None, str, bool, tuple[date, ...], str
    ]
] = [
    (
        101,
        "approved",
        "CHL",
        "female",
        "government",
        "delegate",
        "funded",
        True,
        (D1, D2, D3),
        "Ana Soto",
    ),
    (
        102,
        "approved",
        "CHL",
        "male",
        "ip-office",
        "delegate",
        "funded",
        True,
        (D1, D2),
        "Luis Vera",
    ),
    (
        103,
        "waitlisted",
        "CHL",
        "female",
        "research",
        "delegate",
        "waitlisted",
        True,
        (),
        "Maria Rojas",
    ),
    (
        104,
        "approved",
        "PE",
        "prefer_not_to_say",
        "ngo",
        "delegate",
        "alternate",
        True,
        (D1,),
        "Alex Quispe",
    ),
    (105, "submitted", "PE", "male", "business", "delegate", "none", True, (), "Jorge Diaz"),
    (
        106,
        "approved",
        "AUS",
        "female",
        "government",
        "speaker",
        "none",
        False,
        (D1, D2),
        "Kate Brown",
    ),
    (107, "rejected", "AUS", "male", "business", "delegate", "none", False, (), "Tom Green"),
    (
        108,
        "approved",
        "RUS",
        "female",
        "ip-office",
        "organiser",
        "none",
        False,
        (D1, D2, D3),
        "Анна Иванова",
    ),
    (109, "withdrawn", "RUS", "male", "research", "delegate", "none", False, (), "Иван Петров"),
    (110, "draft", "JPN", None, None, None, "none", False, (), "Ken Sato"),
    (111, "approved", "USA", "male", "international", "observer", "none", False, (), "John Smith"),
    (
        112,
        "approved",
        "intl",
        "female",
        "international",
        "speaker",
        "none",
        False,
        (D2,),
        "Wipo Expert",
    ),
]

EXPECTED_STATUS = {
    "draft": 1,
    "submitted": 1,
    "approved": 7,
    "waitlisted": 1,
    "rejected": 1,
    "withdrawn": 1,
}
EXPECTED_TOTALS = {"registered": 9, "approved": 7, "attended": 6}
# gender -> (registered, approved, attended); "prefer not to say" is counted like any value.
EXPECTED_GENDER = {
    "female": (5, 4, 4),
    "male": (3, 2, 1),
    "prefer_not_to_say": (1, 1, 1),
}
# day -> (total, female, male, prefer not to say)
EXPECTED_DAYS = {D1: (5, 3, 1, 1), D2: (5, 4, 1, 0), D3: (2, 2, 0, 0)}
# economy -> (registered, approved, attended, women, funded, alternates, over quota,
#             undecided, self-funded)
EXPECTED_ECONOMIES = {
    "CHL": (3, 2, 2, 2, 2, 0, 1, 0, 0),
    "PE": (2, 1, 1, 0, 0, 1, 0, 1, 0),
    "AUS": (1, 1, 1, 1, 0, 0, 0, 0, 1),
    "RUS": (1, 1, 1, 1, 0, 0, 0, 0, 1),
    "USA": (1, 1, 0, 0, 0, 0, 0, 0, 1),
    "intl": (1, 1, 1, 1, 0, 0, 0, 0, 1),
}


def answers_of(person: tuple[Any, ...]) -> dict[str, Any]:
    uid, _status, economy, gender, sector, role, _funding, requested, _days, name = person
    answers: dict[str, Any] = {
        "full_name": name,
        "economy": economy,
        "organisation": f"Org {uid}",
        "job_title": "Expert",
        "sector": sector,
        "role": role,
        "gender": gender,
        "email": f"user{uid}@example.org",
        "funding_requested": requested,
        "hotel_needed": uid % 2 == 0,
        "arrival_date": "2027-09-13",
    }
    if uid == 101:  # every formula payload lands in a text answer of the first delegate
        answers["organisation"] = FORMULAS[0]
        answers["phone"] = FORMULAS[1]
        answers["dietary"] = FORMULAS[2]
        answers["job_title"] = FORMULAS[3]
        answers["flight"] = FORMULAS[4]
        answers["accessibility"] = FORMULAS[5]
    if uid == 102:
        answers["dietary"] = FORMULAS[6]
    return {k: v for k, v in answers.items() if v is not None}


@cache
def example_event() -> Event:
    return load_event(DEFAULT_EVENT_FILE)


@pytest.fixture
def seminar() -> Event:
    return example_event()


async def seed(session: AsyncSession) -> None:
    """Write the fixture (users, registrations, history, attendance, roles, audit)."""
    session.add_all(
        [
            User(id=OVERSEER, first_name="Olga", last_name="Overseer", language="en"),
            User(id=ORGANISER, first_name="Oscar", username="oscar_org", language="en"),
        ]
    )
    for i, person in enumerate(PEOPLE):
        uid, status, economy, gender, sector, role, funding, requested, days, name = person
        session.add(User(id=uid, first_name=name.split()[0], language="en"))
        await session.flush()
        answers = answers_of(person)
        reg = Registration(
            user_id=uid,
            status=status,
            answers=answers,
            full_name=name,
            economy=economy,
            organisation=answers["organisation"],
            sector=sector,
            role=role,
            gender=gender,
            email=answers["email"],
            funding_requested=requested,
            funding=funding,
            consent_version="1",
            consent_at=T0 + timedelta(hours=i),
            created_at=T0 + timedelta(hours=i),
            submitted_at=None if status == "draft" else T0 + timedelta(hours=i, minutes=30),
        )
        session.add(reg)
        await session.flush()
        changes = [] if status == "draft" else [("draft", "submitted", uid)]
        if status not in ("draft", "submitted"):
            changes.append(("submitted", status, OVERSEER if status != "withdrawn" else uid))
        for k, (old, new, actor) in enumerate(changes):
            session.add(
                RegistrationChange(
                    registration_id=reg.id,
                    at=T0 + timedelta(days=k + 1, hours=i),
                    from_status=old,
                    to_status=new,
                    actor_id=actor,
                    reason="quota" if new == "waitlisted" else None,
                )
            )
        for day in days:
            session.add(
                Attendance(
                    registration_id=reg.id,
                    day=day,
                    at=datetime(day.year, day.month, day.day, 6, 10 + i, tzinfo=UTC),
                    method="badge",
                    by_user_id=ORGANISER,
                )
            )
    session.add(StaffRole(user_id=ORGANISER, role="organiser", added_by=OVERSEER, added_at=T0))
    session.add(
        AuditEntry(
            at=T0,
            actor_id=OVERSEER,
            action="role.grant",
            target=str(ORGANISER),
            details="organiser",
        )
    )
    await session.commit()


# The questionnaire: Chile and Peru submitted, Russia has a draft.
QUESTIONNAIRE = {
    "CHL": {
        "respondent_org": "INAPI",
        "support_programmes": True,
        "support_types": ["grants", "vouchers"],
        "support_best_practice": "=cmd|' /C calc'!A0",
        "personnel_difficulty": 4,
        "abroad_share": 30,
        "women_programmes": True,
        "women_programmes_details": "Mentoring for women inventors",
    },
    "PE": {
        "respondent_org": "INDECOPI",
        "support_programmes": False,
        "personnel_difficulty": 2,
        "abroad_share": 10,
        "women_programmes": False,
    },
}
# The anonymous feedback: three responses (no user key anywhere).
FEEDBACK = [
    {
        "role": "delegate",
        "usefulness": 5,
        "relevance": 4,
        "sessions": {"d1-keynote": 5, "s1-commercialization": 4},
        "lessons_learned": "IP audits pay off",
        "outputs_use": ["share", "policy"],
        "further_activities": "More workshops",
    },
    {
        "role": "speaker",
        "usefulness": 4,
        "relevance": 4,
        "sessions": {"d1-keynote": 3},
        "lessons_learned": "=1+1",
        "outputs_use": ["share"],
        "further_activities": "A follow-up seminar",
    },
    {
        "role": "delegate",
        "usefulness": 3,
        "relevance": 5,
        "sessions": {},
        "lessons_learned": "Women in IP matter",
        "outputs_use": ["training"],
        "further_activities": "Online course",
    },
]
FEEDBACK_BY = (101, 102, 106)
# Typed questions: FAQ entry id (None: no match) and the tickets handed to a person.
QUERIES = ["venue", "venue", "venue", "accommodation", None, None]


async def seed_surveys_and_helpdesk(session: AsyncSession) -> None:
    from storage.models.delivery import Broadcast, Delivery
    from storage.models.logistics import FaqQuery, Ticket
    from storage.models.surveys import (
        SurveyAnonymousResponse,
        SurveyCompletion,
        SurveyResponse,
    )

    for code, answers in QUESTIONNAIRE.items():
        uid = 101 if code == "CHL" else 104
        session.add(
            SurveyResponse(
                survey_id="best_practice",
                owner=f"e:{code}",
                user_id=uid,
                economy=code,
                answers=answers,
                submitted_at=T0 + timedelta(days=3),
            )
        )
    session.add(
        SurveyResponse(
            survey_id="best_practice", owner="e:RUS", user_id=108, economy="RUS", answers={}
        )
    )
    for i, answers in enumerate(FEEDBACK):
        session.add(SurveyAnonymousResponse(id=f"{i:032x}", survey_id="feedback", answers=answers))
    for uid in FEEDBACK_BY:
        session.add(SurveyCompletion(survey_id="feedback", user_id=uid, completed_on=D3))
    for i, faq_id in enumerate(QUERIES):
        session.add(
            FaqQuery(
                user_id=101 + i,
                text=f"question {i}",
                lang="en",
                faq_id=faq_id,
                outcome="answered" if faq_id else "no_match",
            )
        )
    session.add_all(
        [
            Ticket(user_id=105, status="open", question="Visa for PE?", lang="en"),
            Ticket(user_id=106, status="answered", question="Parking?", lang="en"),
        ]
    )
    broadcast = Broadcast(
        kind="broadcast",
        title="Welcome",
        texts={"en": "Welcome!"},
        audience={"kind": "approved"},
        state="done",
        created_by=OVERSEER,
        total=3,
    )
    session.add(broadcast)
    await session.flush()
    for uid, state in ((101, "sent"), (102, "sent"), (104, "blocked")):
        error = "Forbidden: bot was blocked by the user" if state == "blocked" else None
        session.add(Delivery(broadcast_id=broadcast.id, user_id=uid, state=state, error=error))
    await session.commit()


async def seeded(factory: async_sessionmaker[AsyncSession], *, surveys: bool = False) -> None:
    async with factory() as session:
        await seed(session)
        if surveys:
            await seed_surveys_and_helpdesk(session)


# --------------------------------------------------------------------------- the statistics


async def test_statistics_on_the_known_fixture(
    session_factory: async_sessionmaker[AsyncSession], seminar: Event
) -> None:
    await seeded(session_factory)
    async with session_factory() as session:
        stats = await participation_stats(session, seminar)

    assert stats.by_status == EXPECTED_STATUS
    assert stats.totals == EXPECTED_TOTALS
    gender = stats.breakdowns["gender"]
    form = seminar.registration.field("gender")
    assert form is not None
    assert list(gender) == [o.value for o in form.options]  # the form's order, zeros kept
    assert {
        v: (c["registered"], c["approved"], c["attended"])
        for v, c in gender.items()
        if any(c.values())
    } == EXPECTED_GENDER
    assert {k: v for k, v in stats.breakdown("gender", "approved").items() if v} == {
        "female": 4,
        "male": 2,
        "prefer_not_to_say": 1,
    }
    assert {
        d.day: (
            d.total,
            d.by_gender.get("female", 0),
            d.by_gender.get("male", 0),
            d.by_gender.get("prefer_not_to_say", 0),
        )
        for d in stats.attendance
    } == EXPECTED_DAYS

    economies = {e.code: e for e in stats.economies}
    assert [e.code for e in stats.economies][:21] == [e.code for e in seminar.economies]
    assert stats.economies[-1].code == "intl"  # codes outside the file come last
    for code, expected in EXPECTED_ECONOMIES.items():
        e = economies[code]
        got = (
            e.registered,
            e.approved,
            e.attended,
            e.women,
            e.funded,
            e.alternates,
            e.funding_waitlisted,
            e.funding_pending,
            e.self_funded,
        )
        assert got == expected, code
    assert economies["CHL"].travel_eligible and economies["PE"].travel_eligible
    assert not economies["AUS"].travel_eligible
    assert economies["JPN"].registered == 0  # a draft is not an application

    assert stats.funding_totals == {
        "funded": 2,
        "alternate": 1,
        "waitlisted": 1,
        "pending": 1,
        "self_funded": 4,
    }
    assert stats.women_target_met == (4, 6)  # CHL, AUS, RUS, intl of six economies
    sectors = stats.breakdown("sector", "registered")
    sector_form = seminar.registration.field("sector")
    assert sector_form is not None
    options = [o.value for o in sector_form.options]
    assert list(sectors)[: len(options)] == options  # the form's order, other values after
    assert {k: v for k, v in sectors.items() if v} == {
        "government": 2,
        "ip-office": 2,
        "ngo": 1,
        "research": 1,
        "business": 1,
        "international": 2,
    }
    assert {k: v for k, v in stats.breakdown("role", "registered").items() if v} == {
        "delegate": 5,
        "speaker": 2,
        "observer": 1,
        "organiser": 1,
    }


async def test_erased_registrations_are_reported_apart(
    session_factory: async_sessionmaker[AsyncSession], seminar: Event
) -> None:
    from storage.models.registration import ErasedCount

    await seeded(session_factory)
    async with session_factory() as session:
        for dimension, value, count in (
            ("registrations", "erased", 2),
            ("status", "approved", 2),
            ("gender", "female", 1),
            ("gender", "prefer_not_to_say", 1),
        ):
            session.add(ErasedCount(dimension=dimension, value=value, count=count))
        await session.commit()
        stats = await participation_stats(session, seminar)
    assert stats.erased_total == 2
    assert stats.erased["gender"] == {"female": 1, "prefer_not_to_say": 1}
    assert stats.totals == EXPECTED_TOTALS  # the tables count the registrations kept
