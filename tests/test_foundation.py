"""The foundation through the dispatcher: menu, help, language, errors, admin gate."""

from __future__ import annotations

import pytest
from aiogram import Dispatcher, Router
from aiogram.filters import Command
from aiogram.fsm.state import State
from aiogram.types import Message
from sqlalchemy import select

from storage.models import AuditEntry, User
from tests.conftest import ADMIN_ID
from tests.harness import Harness

DELEGATE = 501


async def test_start_shows_the_menu_in_english(harness: Harness) -> None:
    await harness.send(DELEGATE, "/start")
    text = harness.text(DELEGATE)
    assert "IP Commercialization" in text or harness.seminar.title.get("en") in text
    buttons = harness.buttons(DELEGATE)
    for label in ("Registration", "Programme", "Logistics", "Surveys", "My data", "Language"):
        assert any(label in b for b in buttons), (label, buttons)
    async with harness.session() as session:
        user = await session.get(User, DELEGATE)
    assert user is not None and user.language == "en"
    assert user.first_seen <= user.last_seen


async def test_start_speaks_russian_to_a_russian_telegram(harness: Harness) -> None:
    await harness.send(DELEGATE, "/start", language_code="ru")
    assert any("Регистрация" in b for b in harness.buttons(DELEGATE))


async def test_other_languages_fall_back_to_english(harness: Harness) -> None:
    await harness.send(DELEGATE, "/start", language_code="de")
    assert any("Registration" in b for b in harness.buttons(DELEGATE))


async def test_language_switch_is_stored_and_sticks(harness: Harness) -> None:
    await harness.send(DELEGATE, "/language")
    assert "language" in harness.text(DELEGATE).lower()
    await harness.press(DELEGATE, "Русский")
    # The menu that was below the language window is redrawn in Russian at once.
    async with harness.session() as session:
        user = await session.get(User, DELEGATE)
    assert user is not None and user.language == "ru" and user.language_chosen
    # An English Telegram client does not override the choice.
    await harness.send(DELEGATE, "/start", language_code="en")
    assert any("Регистрация" in b for b in harness.buttons(DELEGATE))
    await harness.send(DELEGATE, "/help", language_code="en")
    assert "сменить язык" in harness.text(DELEGATE)


async def test_language_from_the_menu_returns_to_the_menu(harness: Harness) -> None:
    await harness.send(DELEGATE, "/start")
    await harness.press(DELEGATE, "Language")
    await harness.press(DELEGATE, "Русский")
    assert any("Программа" in b for b in harness.buttons(DELEGATE))


async def test_help_lists_the_commands(harness: Harness) -> None:
    await harness.send(DELEGATE, "/help")
    text = harness.text(DELEGATE)
    from handlers.commands import PUBLIC_COMMANDS

    for command in (*PUBLIC_COMMANDS, "mydata", "forget"):
        assert f"/{command} — " in text, command


async def test_commands_are_published_per_language(harness: Harness) -> None:
    from core.i18n import I18n
    from handlers.commands import set_bot_commands

    await set_bot_commands(harness.bot, I18n())
    english = [c["command"] for c in harness.fake.commands()]
    russian = harness.fake.commands(language_code="ru")
    assert english[:3] == ["start", "help", "language"]
    assert [c["command"] for c in russian] == english
    assert russian[0]["description"] == "Главное меню"


MENU_ENTRIES = ("Registration", "Programme", "Logistics", "Surveys", "My data", "Language")


@pytest.mark.parametrize("entry", MENU_ENTRIES)
async def test_every_menu_entry_opens_and_leads_back(harness: Harness, entry: str) -> None:
    await harness.send(DELEGATE, "/start")
    menu = harness.fake.last_message(DELEGATE)["message_id"]
    await harness.press(DELEGATE, entry)
    texts = [m.get("text", "") for m in harness.fake.messages(DELEGATE)]
    assert not any("went wrong" in t for t in texts)
    buttons = harness.buttons(DELEGATE)
    assert harness.fake.last_message(DELEGATE)["message_id"] >= menu
    assert any(
        b in ("⬅️ Back", "✖️ Cancel") or "Back" in b or "menu" in b.lower() for b in buttons
    ), buttons


async def test_typed_text_at_the_menu_is_answered_and_the_menu_stays(harness: Harness) -> None:
    await harness.send(DELEGATE, "/start")
    await harness.send(DELEGATE, "where is the venue?")
    texts = [m.get("text", "") for m in harness.fake.messages(DELEGATE)]
    assert any("Did this help?" in t for t in texts), texts
    # The menu is shown again below the answer.
    assert any("Registration" in b for b in harness.buttons(DELEGATE))


async def test_unknown_command(harness: Harness) -> None:
    await harness.send(DELEGATE, "/frobnicate")
    assert "/help" in harness.text(DELEGATE)


async def test_admin_menu_is_for_admins_only(harness: Harness) -> None:
    await harness.send(DELEGATE, "/frobnicate")
    unknown = harness.text(DELEGATE)
    await harness.send(DELEGATE, "/admin")
    assert harness.text(DELEGATE) == unknown
    async with harness.session() as session:
        denied = (await session.scalars(select(AuditEntry))).all()
    assert [(e.actor_id, e.action, e.target) for e in denied] == [(DELEGATE, "denied", "/admin")]

    await harness.send(ADMIN_ID, "/admin")
    assert "Organisers" in harness.text(ADMIN_ID)
    assert any("Registrations" in b for b in harness.buttons(ADMIN_ID))


async def test_stale_button_gets_a_fresh_menu(harness: Harness) -> None:
    await harness.send(DELEGATE, "/start")
    old = harness.fake.last_message(DELEGATE)
    # A button of a dialog this process never started (an old message after a redeploy).
    await harness.callback(DELEGATE, old["message_id"], "abcdefghij\x1dreg")
    answers = list(harness.fake.answered_callbacks().values())
    assert answers and "earlier screen" in answers[-1]["text"]
    assert any("Registration" in b for b in harness.buttons(DELEGATE))


async def test_unexpected_error_is_apologised_for_and_logged(
    fake_api: object, sqlite_url: str, caplog: object
) -> None:
    import logging

    import pytest

    from tests.fakebot import FakeBotAPI
    from tests.harness import running_bot

    async def boom(message: Message) -> None:
        raise RuntimeError("kaboom")

    def add_failing_handler(dp: Dispatcher) -> None:
        router = Router(name="boom")
        router.message.register(boom, Command("boom"))
        dp.include_router(router)
        dp.sub_routers.insert(0, dp.sub_routers.pop())  # before the fallback router

    assert isinstance(fake_api, FakeBotAPI)
    assert isinstance(caplog, pytest.LogCaptureFixture)
    with caplog.at_level(logging.ERROR):
        async with running_bot(fake_api, sqlite_url, customize=add_failing_handler) as h:
            await h.send(DELEGATE, "/boom")
            assert "went wrong" in h.text(DELEGATE)
            await h.send(DELEGATE, "/start")  # still running
            assert any("Registration" in b for b in h.buttons(DELEGATE))
    assert any("kaboom" in r.getMessage() and "update" in r.getMessage() for r in caplog.records)


def test_dialog_intent_ids_started_in_one_second_do_not_collide() -> None:
    """aiogram-dialog's own ids repeat once in a hundred within a second (a window opened
    right after the menu could overwrite the menu's context); ui.patches replaces them."""
    from aiogram_dialog.api.entities.stack import Stack, new_id

    from ui.patches import install_dialog_ids

    install_dialog_ids()
    ids = [new_id() for _ in range(5000)] + [Stack().id for _ in range(100)]
    assert len(set(ids)) == len(ids)
    assert max(len(i) for i in ids) <= 6  # callback data keeps its room
    contexts = Stack()
    first = contexts.push(State("a"), None)
    second = contexts.push(State("b"), None)
    assert first.id != second.id


async def test_no_filter_or_handler_of_the_bot_runs_in_a_thread(harness: Harness) -> None:
    """aiogram calls a synchronous filter or handler (a bare `F...` magic filter too)
    through `asyncio.to_thread`: a thread round trip per check on every update that passes.
    The bot's own are all awaitable (`ui.filters.Magic` wraps magic filters); only
    aiogram-dialog's background-update handler keeps its `State("*")`, and it is unused."""
    in_threads: list[str] = []

    def walk(router: Router) -> None:
        for name, observer in router.observers.items():
            if name == "aiogd_update":
                continue
            checks = list(observer._handler.filters or [])  # the router's own filters
            for handler in observer.handlers:
                checks += [handler, *(handler.filters or [])]
            in_threads.extend(
                f"{router.name} {name}: {c.callback!r}" for c in checks if not c.awaitable
            )
        for sub in router.sub_routers:
            walk(sub)

    walk(harness.dp)
    assert in_threads == []
