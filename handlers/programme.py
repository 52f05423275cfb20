"""The programme outside its dialog: buttons under reminders, change notices and the
consultation invitation; `/consultation` for organisers (the change notices themselves are
sent at start-up: `bot.app.announce_programme_changes`)."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode, StartMode

from services.consultation import CB_OPEN, CB_PROGRAMME
from services.programme_texts import CB_OPEN_SESSION
from ui.access import StaffOnly
from ui.filters import IsCommand, Magic
from ui.states import ConsultAdminSG, ConsultSG, MainSG, ProgrammeSG

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


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(IsCommand())  # its message handlers are all commands
    r.callback_query.register(on_open_programme, Magic(F.data == CB_PROGRAMME))
    r.callback_query.register(on_open_programme, Magic(F.data.startswith(CB_OPEN_SESSION)))
    r.callback_query.register(on_open_consultation, Magic(F.data == CB_OPEN))
    r.message.register(cmd_consultation, Command("consultation"), StaffOnly())
    return r
