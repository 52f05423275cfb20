"""/admin: the admin menu, for organisers and overseers only."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message
from aiogram_dialog import DialogManager

from ui.access import StaffOnly
from ui.filters import IsCommand
from ui.states import AdminSG

# Staff-only commands of this module: anyone else gets the unknown-command answer.
STAFF_COMMANDS = frozenset({"admin"})


async def cmd_admin(message: Message, dialog_manager: DialogManager) -> None:
    """Open the admin menu."""
    await dialog_manager.start(AdminSG.menu)


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(IsCommand())  # its message handlers are all commands
    # The command filter first: StaffOnly queries the database, so only for /admin.
    r.message.register(cmd_admin, Command("admin"), StaffOnly())
    return r
