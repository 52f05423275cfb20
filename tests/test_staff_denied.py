"""Staff buttons and staff dialogs refused to non-staff, and audited like denied commands
(issue 15, item 6)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import delete, func, select

from storage.models import AuditEntry, StaffRole
from storage.models.delivery import Broadcast
from storage.models.logistics import FaqEntry, Ticket
from storage.models.registration import InvitationLetter
from tests.conftest import ADMIN_ID
from tests.fakebot import FakeBotAPI
from tests.harness import Harness, running_bot
from tests.test_registration_admin import latest
from tests.test_registration_wizard import register
from tests.test_typed_text import flushed
from ui.callbacks import PlaceCB

DELEGATE = 501
ORGANISER = 900
DENIED = "This is for organisers only."


async def denied_rows(h: Harness) -> list[tuple[Any, ...]]:
    async with h.session() as session:
        rows = (
            await session.scalars(
                select(AuditEntry).where(AuditEntry.action == "denied").order_by(AuditEntry.id)
            )
        ).all()
    return [(e.actor_id, e.target) for e in rows]


def last_alert(h: Harness) -> str:
    return str(list(h.fake.answered_callbacks().values())[-1].get("text", ""))


def button(message: dict[str, Any], label: str) -> str:
    rows = message["reply_markup"]["inline_keyboard"]
    return str(next(b["callback_data"] for row in rows for b in row if label in b["text"]))


@pytest.fixture
async def any_bot(
    fake_api: FakeBotAPI, db_url: str, request: pytest.FixtureRequest
) -> AsyncIterator[Harness]:
    """SQLite, and PostgreSQL with Redis as in production."""
    redis_url = request.getfixturevalue("redis_url") if db_url.startswith("postgresql") else None
    async with (
        flushed(redis_url),
        running_bot(fake_api, db_url, admin_ids=[ADMIN_ID], redis_url=redis_url) as h,
    ):
        yield h


async def test_forged_staff_buttons_are_refused_and_audited(any_bot: Harness) -> None:
    h = any_bot
    await h.send(ADMIN_ID, "/start")
    await register(h, DELEGATE)
    # The delegate asks for a letter: the organisers get "Approve and send" buttons.
    await h.send(DELEGATE, "/start")
    await h.press(DELEGATE, "My data")
    await h.press(DELEGATE, "Invitation letter")
    await h.press(DELEGATE, "Request a letter")
    await h.send(DELEGATE, "ab 123 4567")
    await h.send(DELEGATE, "Chile")
    request = latest(h, ADMIN_ID, "Invitation letter requested")
    # A question that becomes a ticket: the organisers get "Close"/"Add to FAQ" buttons.
    await h.send(DELEGATE, "Is there a playground for children nearby?")
    own = h.fake.last_message(DELEGATE)["message_id"]
    forged = [
        button(request, "Approve and send"),
        PlaceCB(registration=1).pack(),
        "bcx:1",
        "tk:c:1",
        "tk:f:1",
        "tk:l:0",
    ]
    for data in forged:
        await h.callback(DELEGATE, own, data)
        assert last_alert(h) == DENIED, data
    assert await denied_rows(h) == [
        (DELEGATE, "callback rl:"),
        (DELEGATE, "callback rp:"),
        (DELEGATE, "callback bcx:"),
        (DELEGATE, "callback tk:c"),
        (DELEGATE, "callback tk:f"),
        (DELEGATE, "callback tk:l"),
    ]
    # Nothing changed: no letter sent, the ticket still open, no FAQ entry.
    assert not h.fake.calls_of("sendDocument")
    async with h.session() as session:
        letter = (await session.scalars(select(InvitationLetter))).one()
        ticket = await session.get(Ticket, 1)
        faq = await session.scalar(select(func.count()).select_from(FaqEntry))
    assert letter.status == "requested"
    assert ticket is not None and ticket.status == "open"
    assert faq == 0
    # The same buttons from the overseer still work (the gate is only for non-staff).
    await h.callback(ADMIN_ID, request["message_id"], button(request, "Approve and send"))
    assert len([c for c in h.fake.calls_of("sendDocument") if c.ok]) == 1


async def test_a_staff_dialog_refuses_someone_who_lost_the_role(harness: Harness) -> None:
    h = harness
    async with h.session() as session:
        session.add(StaffRole(user_id=ORGANISER, role="organiser", added_by=ADMIN_ID))
        await session.commit()
    await h.send(ORGANISER, "/admin")
    admin_menu = h.fake.last_message(ORGANISER)
    await h.press(ORGANISER, "Broadcasts")
    await h.press(ORGANISER, "New broadcast")
    await h.press(ORGANISER, "One text for all")
    assert "Send the text" in h.text(ORGANISER)
    # The overseer takes the role away while the dialogs are open.
    async with h.session() as session:
        await session.execute(delete(StaffRole).where(StaffRole.user_id == ORGANISER))
        await session.commit()
    await h.send(ORGANISER, "Everyone come to hall B")
    assert any(DENIED in m.get("text", "") for m in h.fake.messages(ORGANISER))
    assert "Choose what you need" in h.text(ORGANISER)  # the delegates' menu instead
    # A button of the old admin menu message: refused too.
    await h.callback(ORGANISER, admin_menu["message_id"], button(admin_menu, "Broadcasts"))
    assert "Choose what you need" in h.text(ORGANISER)
    rows = await denied_rows(h)
    assert rows[0] == (ORGANISER, "dialog BroadcastSG:text")
    async with h.session() as session:
        assert (await session.scalars(select(Broadcast))).all() == []
