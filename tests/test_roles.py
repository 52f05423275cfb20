"""Roles: overseers add and remove organisers in the chat; every admin command and dialog is
refused (and logged) for whoever lacks the role, with or without a dialog open."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

import handlers
from storage.models import AuditEntry, StaffRole
from tests.conftest import ADMIN_ID
from tests.harness import Harness

DELEGATE = 501
NEWCOMER = 502


def all_staff_commands() -> list[str]:
    return sorted(handlers.staff_commands())


def overseer_only_commands() -> list[str]:
    """Commands whose handler is filtered by StaffOnly(Role.OVERSEER), in every router."""
    from aiogram.filters import Command

    from services.roles import Role
    from ui.access import StaffOnly

    out: set[str] = set()
    for router in handlers.handlers_router().chain_tail:
        for handler in router.message.handlers:
            filters = [f.callback for f in handler.filters or []]
            if any(isinstance(f, StaffOnly) and f.needed == Role.OVERSEER for f in filters):
                for f in filters:
                    if isinstance(f, Command):
                        out |= {c for c in f.commands if isinstance(c, str)}
    for module in handlers.STAFF_MODULES:
        out |= set(getattr(module, "OVERSEER_COMMANDS", ()))
    return sorted(out)


async def audit_rows(harness: Harness, action: str | None = None) -> list[tuple[Any, ...]]:
    async with harness.session() as session:
        query = select(AuditEntry).order_by(AuditEntry.id)
        if action is not None:
            query = query.where(AuditEntry.action == action)
        rows = (await session.scalars(query)).all()
    return [(e.actor_id, e.action, e.target, e.details) for e in rows]


def recent(harness: Harness, chat: int, n: int = 2) -> str:
    """The last `n` bot messages of the chat (an error, then the question again)."""
    return "\n".join(str(m.get("text", "")) for m in harness.fake.messages(chat)[-n:])


async def make_organiser(harness: Harness, user_id: int) -> None:
    async with harness.session() as session:
        session.add(StaffRole(user_id=user_id, role="organiser", added_by=ADMIN_ID))
        await session.commit()


async def test_overseer_adds_and_removes_an_organiser(harness: Harness) -> None:
    async def nina(text: str) -> None:
        await harness.send(NEWCOMER, text, first_name="Nina", username="nina_k")

    await nina("/start")
    await nina("/admin")
    assert "don't know this command" in harness.text(NEWCOMER)

    await harness.send(ADMIN_ID, "/admins")
    text = harness.text(ADMIN_ID)
    assert "Overseers" in text and f"({ADMIN_ID})" in text and "none yet" in text
    await harness.press(ADMIN_ID, "Add an organiser")
    assert "numeric Telegram ID" in harness.text(ADMIN_ID)

    # Bad input: a clear message and the same question again.
    for bad in ("abc", "12ab", "-5", "0"):
        await harness.send(ADMIN_ID, bad)
        assert "not a Telegram user ID" in recent(harness, ADMIN_ID)
        assert "numeric Telegram ID" in harness.text(ADMIN_ID)  # asked again
    await harness.send(ADMIN_ID, str(ADMIN_ID))
    assert "overseer already" in recent(harness, ADMIN_ID)
    await harness.send(ADMIN_ID, f" {NEWCOMER} ")
    assert "Make Nina (@nina_k, 502) an organiser?" in harness.text(ADMIN_ID)
    assert "not written" not in harness.text(ADMIN_ID)
    await harness.press(ADMIN_ID, "Yes")
    answers = list(harness.fake.answered_callbacks().values())
    assert answers[-1]["text"] == "Organiser added."
    assert "Nina (@nina_k, 502)" in " ".join(harness.buttons(ADMIN_ID))

    async with harness.session() as session:
        row = await session.get(StaffRole, NEWCOMER)
    assert row is not None and row.role == "organiser" and row.added_by == ADMIN_ID
    assert (ADMIN_ID, "role.grant", str(NEWCOMER), "organiser") in await audit_rows(harness)
    assert "You are now an organiser" in harness.text(NEWCOMER)  # told in their chat

    # The new organiser has the admin menu now, but not the roles.
    await nina("/admin")
    assert "Organisers' menu" in harness.text(NEWCOMER)
    await nina("/admins")
    assert "don't know this command" in harness.text(NEWCOMER)

    # Adding them again is refused; removing needs a confirmation.
    await harness.press(ADMIN_ID, "Add an organiser")
    await harness.send(ADMIN_ID, str(NEWCOMER))
    assert "organiser already" in recent(harness, ADMIN_ID)
    await harness.press(ADMIN_ID, "Back")
    await harness.press(ADMIN_ID, "Nina")
    assert "Organiser since" in harness.text(ADMIN_ID)
    await harness.press(ADMIN_ID, "Remove the organiser role")
    assert "Remove the organiser role of" in harness.text(ADMIN_ID)
    await harness.press(ADMIN_ID, "No")
    assert "Organiser since" in harness.text(ADMIN_ID)
    await harness.press(ADMIN_ID, "Remove the organiser role")
    await harness.press(ADMIN_ID, "Yes")
    assert "none yet" in harness.text(ADMIN_ID)
    async with harness.session() as session:
        assert await session.get(StaffRole, NEWCOMER) is None
    assert (ADMIN_ID, "role.revoke", str(NEWCOMER), "organiser") in await audit_rows(harness)
    assert "has been removed" in harness.text(NEWCOMER)
    await nina("/admin")
    assert "don't know this command" in harness.text(NEWCOMER)


async def test_an_organiser_added_by_a_forwarded_message(harness: Harness) -> None:
    await harness.send(ADMIN_ID, "/admins")
    await harness.press(ADMIN_ID, "Add an organiser")
    hidden = {"forward_origin": {"type": "hidden_user", "date": 0, "sender_user_name": "X"}}
    await harness.send(ADMIN_ID, "hello", extra=hidden)
    assert "privacy settings" in recent(harness, ADMIN_ID)
    origin = {
        "type": "user",
        "date": 0,
        "sender_user": {"id": 777001, "is_bot": False, "first_name": "Ivan"},
    }
    await harness.send(ADMIN_ID, "a message from Ivan", extra={"forward_origin": origin})
    text = harness.text(ADMIN_ID)
    assert "Make 777001 an organiser?" in text and "not written to the bot yet" in text
    await harness.press(ADMIN_ID, "Yes")
    async with harness.session() as session:
        assert await session.get(StaffRole, 777001) is not None
    # They have never written to the bot: the notice could not be delivered, nothing broke.
    assert "Add an organiser" in " ".join(harness.buttons(ADMIN_ID))


async def test_a_name_with_html_is_escaped(harness: Harness) -> None:
    await harness.send(NEWCOMER, "/start", first_name="<b>A&B</b>")
    await harness.send(ADMIN_ID, "/admins")
    await harness.press(ADMIN_ID, "Add an organiser")
    await harness.send(ADMIN_ID, str(NEWCOMER))
    assert "Make <b>A&B</b> (502) an organiser?" in harness.text(ADMIN_ID)
    await harness.press(ADMIN_ID, "Yes")
    await harness.press(ADMIN_ID, "A&B")
    assert "<b>A&B</b> (502)" in harness.text(ADMIN_ID)


# --------------------------------------------------------------------------- role checks


@pytest.mark.parametrize("menu_open", [False, True], ids=["no-dialog", "menu-open"])
async def test_a_delegate_gets_nothing_and_is_logged(harness: Harness, menu_open: bool) -> None:
    """Every staff command of every module: the unknown-command answer, an audit entry."""
    commands = all_staff_commands()
    await harness.send(DELEGATE, "/frobnicate")
    unknown = harness.text(DELEGATE)
    if menu_open:
        await harness.send(DELEGATE, "/start")
    for command in commands:
        sent = len(harness.fake.messages(DELEGATE))
        await harness.send(DELEGATE, f"/{command}")
        new = harness.fake.messages(DELEGATE)[sent:]
        assert [m.get("text") for m in new] == [unknown], command
    assert await audit_rows(harness, "denied") == [
        (DELEGATE, "denied", f"/{command}", None) for command in commands
    ]


async def test_an_organiser_cannot_run_overseer_commands(harness: Harness) -> None:
    organiser = 601
    commands = overseer_only_commands()
    await make_organiser(harness, organiser)
    await harness.send(organiser, "/admin")  # a dialog is open
    assert "Organisers' menu" in harness.text(organiser)
    for command in commands:
        await harness.send(organiser, f"/{command}")
        assert "don't know this command" in harness.text(organiser), command
    assert not [m for m in harness.fake.messages(organiser) if "document" in m]
    assert await audit_rows(harness, "denied") == [
        (organiser, "denied", f"/{command}", None) for command in commands
    ]


def test_the_console_commands_are_staff_commands() -> None:
    from handlers import console

    assert {"admins", "stats", "export", "report", "audit"} <= set(all_staff_commands())
    assert set(console.OVERSEER_COMMANDS) == {"admins", "export"}
    assert {"admins", "export"} <= set(overseer_only_commands())
    assert set(overseer_only_commands()) <= set(all_staff_commands())  # all gated


async def test_a_delegate_replaying_staff_buttons_gets_a_fresh_main_menu(
    harness: Harness,
) -> None:
    """Every button of the admin menu and of the console windows, replayed by a delegate
    (the same callback data, in their own chat), is a stale button: nothing admin happens."""
    datas: list[str] = []
    for command in ("/admin", "/admins", "/stats", "/audit"):
        await harness.send(ADMIN_ID, command)
        datas += [
            b["callback_data"]
            for row in harness.fake.keyboard(ADMIN_ID)
            for b in row
            if "callback_data" in b
        ]
    assert len(datas) >= 15
    await harness.send(DELEGATE, "/start")
    menu = harness.fake.last_message(DELEGATE)
    for data in datas:
        sent = len(harness.fake.messages(DELEGATE))
        await harness.callback(DELEGATE, menu["message_id"], data)
        answer = list(harness.fake.answered_callbacks().values())[-1]
        assert "earlier screen" in answer.get("text", ""), (data, answer)
        new = harness.fake.messages(DELEGATE)[sent:]
        assert all("document" not in m and "photo" not in m for m in new), data
        assert any("Registration" in b for b in harness.buttons(DELEGATE))
        menu = harness.fake.last_message(DELEGATE)
    assert await audit_rows(harness) == []  # no admin action happened
