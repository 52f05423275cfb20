"""/broadcast and /reminders (organisers), /materials (everyone), and the Stop button
under a broadcast's progress message."""

from __future__ import annotations

import contextlib
from typing import Any

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, StartMode
from sqlalchemy.ext.asyncio import AsyncSession

from core.i18n import Translator
from services.broadcast_texts import CANCEL_CALLBACK_PREFIX
from services.broadcasts import cancel_broadcast
from ui.access import StaffOnly
from ui.filters import IsCommand, Magic
from ui.states import BroadcastSG, MaterialsSG, RemindersSG

# Staff-only commands of this module: anyone else gets the unknown-command answer.
STAFF_COMMANDS = frozenset({"broadcast", "reminders"})


async def cmd_broadcast(message: Message, dialog_manager: DialogManager) -> None:
    """Broadcasts & reminders: compose, schedule, follow and cancel broadcasts."""
    await dialog_manager.start(BroadcastSG.hub, mode=StartMode.RESET_STACK)


async def cmd_reminders(message: Message, dialog_manager: DialogManager) -> None:
    """The reminder plan: list, add, edit, cancel, send now."""
    await dialog_manager.start(RemindersSG.list, mode=StartMode.RESET_STACK)


async def cmd_materials(message: Message, dialog_manager: DialogManager) -> None:
    """The published materials of the seminar (and publishing, for the overseer)."""
    await dialog_manager.start(MaterialsSG.list, mode=StartMode.RESET_STACK)


async def on_stop_button(
    callback: CallbackQuery, l10n: Translator, session: AsyncSession, **data: Any
) -> None:
    """⛔ under a progress message: cancel that broadcast at once."""
    raw = (callback.data or "")[len(CANCEL_CALLBACK_PREFIX) :]
    if not raw.isdigit():
        await callback.answer()
        return
    broadcast_id = int(raw)
    actor = callback.from_user.id if callback.from_user else None
    count = await cancel_broadcast(session, data.get("delivery"), broadcast_id, actor)
    if count is None:
        await callback.answer(l10n("broadcast-not-running"), show_alert=True)
        if isinstance(callback.message, Message):
            with contextlib.suppress(TelegramBadRequest):
                await callback.message.edit_reply_markup(reply_markup=None)
        return
    await callback.answer(l10n("broadcast-cancelled", id=broadcast_id, count=count))


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(IsCommand())  # its message handlers are all commands
    r.message.register(cmd_materials, Command("materials"))
    # StaffOnly reads the database: after the cheap filters, not on every update.
    r.message.register(cmd_broadcast, Command("broadcast"), StaffOnly())
    r.message.register(cmd_reminders, Command("reminders"), StaffOnly())
    r.callback_query.register(
        on_stop_button, Magic(F.data.startswith(CANCEL_CALLBACK_PREFIX)), StaffOnly()
    )
    return r
