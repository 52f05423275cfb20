"""The programme outside its dialog: buttons under reminders, change notices and the
consultation invitation; `/consultation` for organisers; the change check at start-up."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode, StartMode
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.event import Event
from core.i18n import I18n
from services.consultation import CB_OPEN, CB_PROGRAMME
from services.programme_texts import CB_OPEN_SESSION
from storage.repositories.follows import notify_programme_changes
from ui.access import StaffOnly
from ui.filters import IsCommand, Magic
from ui.states import ConsultAdminSG, ConsultSG, MainSG, ProgrammeSG

log = logging.getLogger(__name__)

STAFF_COMMANDS = frozenset({"consultation"})


async def start_over_menu(
    manager: DialogManager, state: State, data: dict[str, Any] | None = None
) -> None:
    """Open a dialog from a plain button (under a reminder, a notice, an answer) as a new
    message, on top of a fresh main menu, so that Back leads to the menu."""
    await manager.start(MainSG.menu, mode=StartMode.RESET_STACK, show_mode=ShowMode.NO_UPDATE)
    await manager.start(state, data=data or {}, show_mode=ShowMode.SEND)


async def on_open_programme(callback: CallbackQuery, dialog_manager: DialogManager) -> None:
    await callback.answer()
    data = callback.data or ""
    start: dict[str, Any] = {}
    if data.startswith(CB_OPEN_SESSION):
        start = {"session": data[len(CB_OPEN_SESSION) :]}
    await start_over_menu(dialog_manager, ProgrammeSG.main, start)


async def on_open_consultation(callback: CallbackQuery, dialog_manager: DialogManager) -> None:
    await callback.answer()
    await start_over_menu(dialog_manager, ConsultSG.main)


async def cmd_consultation(message: Message, dialog_manager: DialogManager) -> None:
    """Organisers: the programme consultation."""
    await dialog_manager.start(ConsultAdminSG.main)


async def on_startup(
    bot: Bot,
    seminar: Event,
    i18n: I18n,
    session_factory: async_sessionmaker[AsyncSession],
    **_: Any,
) -> None:
    """Tell followers of sessions changed in the event file since the last start (once)."""
    try:
        await notify_programme_changes(bot, session_factory, seminar, i18n)
    except Exception:  # never keep the bot from starting
        log.exception("programme: the change check failed")


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(IsCommand())  # its message handlers are all commands
    r.callback_query.register(on_open_programme, Magic(F.data == CB_PROGRAMME))
    r.callback_query.register(on_open_programme, Magic(F.data.startswith(CB_OPEN_SESSION)))
    r.callback_query.register(on_open_consultation, Magic(F.data == CB_OPEN))
    r.message.register(cmd_consultation, Command("consultation"), StaffOnly())
    r.startup.register(on_startup)
    return r
