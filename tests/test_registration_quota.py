"""Quotas, the waitlist and status changes, on SQLite and PostgreSQL (storage level), and
the waitlist as a delegate meets it (through the dispatcher)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.event import Event, load_event
from core.settings import DEFAULT_EVENT_FILE
from services import registration as svc
from storage.models import AuditEntry, User, utcnow
from storage.models.registration import (
    Funding,
    Registration,
    RegistrationChange,
    RegistrationStatus,
)
from storage.repositories.registrations import approved_user_ids, get_by_user
from tests.harness import Harness
from tests.test_registration_wizard import register

S = RegistrationStatus
ORGANISER = 1000


@pytest.fixture(scope="module")
def seminar() -> Event:
    return load_event(DEFAULT_EVENT_FILE)


async def make(
    session: AsyncSession,
    seminar: Event,
    user_id: int,
    economy: str = "CHL",
    *,
    funding: bool = True,
    role: str = "delegate",
    gender: str = "female",
    submit: bool = True,
) -> Registration:
    """A registration with the answers that matter for quotas (straight through the service)."""
    if await session.get(User, user_id) is None:
        session.add(User(id=user_id, first_name=f"U{user_id}", language="en"))
        await session.commit()
    reg = await svc.accept_consent(session, user_id, seminar.privacy.version)
    answers: dict[str, Any] = {
        "full_name": f"Delegate {user_id}",
        "economy": economy,
        "role": role,
        "gender": gender,
        "funding_requested": funding,
    }
    for key, value in answers.items():
        await svc.save_answer(session, reg, key, value)
    if submit:
        await svc.submit(session, seminar, reg)
    return reg


async def test_funded_places_then_alternate_then_waitlist(
    session_factory: async_sessionmaker[AsyncSession], seminar: Event
) -> None:
    async with session_factory() as session:
        regs = [await make(session, seminar, 10 + i) for i in range(5)]
        other = await make(session, seminar, 30, "RUS")  # not travel-eligible
        self_funded = await make(session, seminar, 31, funding=False)
        assert [(r.status, r.funding) for r in regs] == [
            (S.SUBMITTED, Funding.FUNDED),
            (S.SUBMITTED, Funding.FUNDED),
            (S.SUBMITTED, Funding.ALTERNATE),
            (S.WAITLISTED, Funding.WAITLISTED),
            (S.WAITLISTED, Funding.WAITLISTED),
        ]
        assert (other.status, other.funding) == (S.SUBMITTED, Funding.NONE)
        assert (self_funded.status, self_funded.funding) == (S.SUBMITTED, Funding.NONE)
        history = (
            await session.scalars(
                select(RegistrationChange)
                .where(RegistrationChange.registration_id == regs[3].id)
                .order_by(RegistrationChange.id)
            )
        ).all()
        assert [(c.from_status, c.to_status, c.reason) for c in history] == [
            ("draft", "submitted", None),
            ("submitted", "waitlisted", "quota"),
        ]
        overview = {line.economy: line for line in await svc.quota_overview(session, seminar)}
        chile = overview["CHL"]
        assert (chile.funded, chile.alternates, chile.waitlisted, chile.women) == (2, 1, 2, 6)


async def test_a_freed_place_goes_to_the_first_waitlisted_after_confirmation(
    session_factory: async_sessionmaker[AsyncSession], seminar: Event
) -> None:
    async with session_factory() as session:
        regs = [await make(session, seminar, 10 + i, "PE") for i in range(4)]
        assert await svc.first_waitlisted(session, seminar, "PE") is None  # nothing is free
        outcome = await svc.withdraw(session, regs[0])
        assert outcome.changed and outcome.freed == "PE"
        assert (regs[0].status, regs[0].funding) == (S.WITHDRAWN, Funding.NONE)
        # A newcomer does not jump the queue.
        late = await make(session, seminar, 20, "PE")
        assert late.status == S.WAITLISTED
        first = await svc.first_waitlisted(session, seminar, "PE")
        assert first is not None and first.id == regs[3].id
        promoted = await svc.decide(session, seminar, regs[3], "promote", ORGANISER)
        assert promoted.changed
        assert (regs[3].status, regs[3].funding) == (S.APPROVED, Funding.FUNDED)
        assert regs[3].checkin_token
        with pytest.raises(svc.NoPlace):
            await svc.decide(session, seminar, late, "promote", ORGANISER)
        audit = (await session.scalars(select(AuditEntry.action))).all()
        assert audit == ["registration.promote"]


async def test_organiser_decisions_and_their_history(
    session_factory: async_sessionmaker[AsyncSession], seminar: Event
) -> None:
    async with session_factory() as session:
        a, b, c = [await make(session, seminar, 40 + i, "MEX") for i in range(3)]
        approved = await svc.decide(session, seminar, a, "approve", ORGANISER)
        assert approved.changed and a.status == S.APPROVED and a.checkin_token
        assert await approved_user_ids(session) == [40]
        # Waitlisting a funded delegate frees the place; approving them later: no funding.
        wl = await svc.decide(session, seminar, b, "waitlist", ORGANISER, "late nomination")
        assert wl.freed == "MEX" and (b.status, b.funding) == (S.WAITLISTED, Funding.WAITLISTED)
        back = await svc.decide(session, seminar, b, "approve", ORGANISER)
        assert back.changed and (b.status, b.funding) == (S.APPROVED, Funding.NONE)
        rejected = await svc.decide(session, seminar, c, "reject", ORGANISER, "duplicate")
        assert rejected.freed == "MEX" and (c.status, c.funding) == (S.REJECTED, Funding.NONE)
        # A decision that no longer applies changes nothing.
        again = await svc.decide(session, seminar, c, "waitlist", ORGANISER)
        assert not again.changed
        changes = (
            await session.scalars(
                select(RegistrationChange)
                .where(RegistrationChange.registration_id == b.id)
                .order_by(RegistrationChange.id)
            )
        ).all()
        assert [(x.to_status, x.actor_id, x.reason) for x in changes] == [
            ("submitted", 41, None),
            ("waitlisted", ORGANISER, "late nomination"),
            ("approved", ORGANISER, None),
        ]
        actions = (await session.scalars(select(AuditEntry.action).order_by(AuditEntry.id))).all()
        assert actions == [
            "registration.approve",
            "registration.waitlist",
            "registration.approve",
            "registration.reject",
        ]
        await svc.set_focal_point(session, a, True, ORGANISER)
        await svc.set_focal_point(session, b, True, ORGANISER)  # one focal point per economy
        await session.refresh(a)
        assert (a.focal_point, b.focal_point) == (False, True)


async def test_double_submit_and_concurrent_submissions(
    session_factory: async_sessionmaker[AsyncSession], seminar: Event
) -> None:
    async with session_factory() as session:
        reg = await make(session, seminar, 50, "THA")
        again = await svc.submit(session, seminar, reg)
        assert not again.changed
        count = await session.scalar(
            select(func.count())
            .select_from(RegistrationChange)
            .where(RegistrationChange.registration_id == reg.id)
        )
        assert count == 1
        drafts = [await make(session, seminar, 60 + i, "INA", submit=False) for i in range(6)]

    async def submit(user_id: int) -> None:
        async with session_factory() as own:
            mine = await get_by_user(own, user_id)
            assert mine is not None
            await svc.submit(own, seminar, mine)

    await asyncio.gather(*(submit(d.user_id) for d in drafts))
    async with session_factory() as session:
        rows = (
            await session.scalars(select(Registration).where(Registration.economy == "INA"))
        ).all()
    fundings = sorted(r.funding for r in rows)
    assert fundings.count(Funding.FUNDED) == 2
    assert fundings.count(Funding.ALTERNATE) == 1
    assert fundings.count(Funding.WAITLISTED) == 3


async def test_erasing_keeps_only_anonymous_counts(
    session_factory: async_sessionmaker[AsyncSession], seminar: Event
) -> None:
    from datetime import date

    from services.personal_data import erase_personal_data

    async with session_factory() as session:
        reg = await make(session, seminar, 70, "VN")
        await svc.decide(session, seminar, reg, "approve", ORGANISER)
        await svc.check_in(session, reg, date(2027, 9, 14), "badge", ORGANISER)
        await erase_personal_data(session, 70)
        await session.commit()
        assert await session.get(User, 70) is None
        assert await session.scalar(select(func.count()).select_from(Registration)) == 0
        counts = await svc.erased_counts(session)
    assert counts[("economy", "VN")] == 1
    assert counts[("gender", "female")] == 1
    assert counts[("status", "approved")] == 1
    assert counts[("attended_day", "2027-09-14")] == 1
    assert counts[("registrations", "erased")] == 1


def test_form_rules(seminar: Event) -> None:
    fields = {f.id: f for f in seminar.registration.fields}
    delegate_chile = {"economy": "CHL", "role": "delegate"}
    assert svc.field_visible(seminar, fields["funding_requested"], delegate_chile)
    assert not svc.field_visible(
        seminar, fields["funding_requested"], {**delegate_chile, "economy": "AUS"}
    )
    assert not svc.field_visible(
        seminar, fields["funding_requested"], {**delegate_chile, "role": "speaker"}
    )
    assert svc.next_field(seminar, {}) is not None
    assert svc.parse_email(" Ana@Example.ORG ") == "Ana@example.org"
    with pytest.raises(svc.InputError):
        svc.parse_email("ana@@example")
    assert svc.parse_phone("8 (495) 123-45-67".replace("8 (", "+7 (")) == "+7 495 123-45-67"
    with pytest.raises(svc.InputError):
        svc.parse_phone("+7 123")
    with pytest.raises(svc.InputError) as too_long:
        svc.parse_text(fields["full_name"], "x" * 500)
    assert too_long.value.key == "registration-error-too-long"
    assert svc.parse_text(fields["dietary"], "  <b>halal</b> 🍗 ") == "<b>halal</b> 🍗"
    assert svc.parse_date_text("13.09.2027").isoformat() == "2027-09-13"
    assert svc.date_window(seminar)[0].isoformat() == "2027-08-15"
    found = svc.search_economies(seminar, "korea", "en", {})
    assert found == [("Republic of Korea", "ROK")]
    assert [c for _, c in svc.search_economies(seminar, "китай", "ru", {})] == ["PRC", "HKC", "CT"]
    assert utcnow().tzinfo is not None


async def test_a_delegate_beyond_the_quota_is_told_plainly(
    harness: Harness, seminar: Event
) -> None:
    async with harness.session() as session:
        for i in range(3):
            await make(session, seminar, 80 + i, "CHL")
    reg = await register(harness, 501)
    assert (reg.status, reg.funding) == (S.WAITLISTED, Funding.WAITLISTED)
    text = harness.text(501)
    assert "on the waitlist" in text and "2 funded places" in text and "already taken" in text
