"""The overseer's console: /admins, /stats, /export, /export csv, /report, /audit.

Organisers may see statistics, the report draft and the audit log; only overseers manage
roles (/admins) and export personal data (/export). Anyone else gets the unknown-command
answer and the attempt is logged (handlers.fallback via STAFF_COMMANDS).
"""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event
from core.i18n import Translator
from core.settings import Settings
from services.exports import (
    Format,
)
from services.roles import Role
from ui.access import StaffOnly
from ui.documents import RetentionExport, send_export, send_report
from ui.filters import IsCommand
from ui.states import AdminAuditSG, AdminRolesSG, AdminStatsSG

log = logging.getLogger(__name__)

STAFF_COMMANDS = frozenset({"admins", "stats", "export", "report", "audit"})
OVERSEER_COMMANDS = frozenset({"admins", "export"})
"""Of STAFF_COMMANDS, those only an overseer may run."""

# --------------------------------------------------------------------------- commands


async def cmd_admins(message: Message, dialog_manager: DialogManager) -> None:
    """Overseers: add and remove organisers."""
    await dialog_manager.start(AdminRolesSG.list)


async def cmd_stats(message: Message, dialog_manager: DialogManager) -> None:
    """Participation statistics as tables, with charts on request."""
    await dialog_manager.start(AdminStatsSG.overview)


async def cmd_audit(message: Message, dialog_manager: DialogManager) -> None:
    """The latest entries of the audit log."""
    await dialog_manager.start(AdminAuditSG.list)


async def cmd_export(
    message: Message,
    command: CommandObject,
    bot: Bot,
    session: AsyncSession,
    seminar: Event,
    settings: Settings,
    l10n: Translator,
) -> None:
    """`/export` (XLSX) or `/export csv` (ZIP of CSV files)."""
    assert message.from_user is not None
    argument = (command.args or "xlsx").strip().lower()
    if argument not in ("xlsx", "csv"):
        await message.answer(l10n("console-export-usage"))
        return
    fmt: Format = "csv" if argument == "csv" else "xlsx"
    await send_export(
        bot,
        message.chat.id,
        message.from_user.id,
        fmt,
        session=session,
        seminar=seminar,
        settings=settings,
        l10n=l10n,
    )


async def cmd_report(
    message: Message, bot: Bot, session: AsyncSession, seminar: Event, l10n: Translator
) -> None:
    """The completion-report draft as a DOCX."""
    assert message.from_user is not None
    await send_report(
        bot, message.chat.id, message.from_user.id, session=session, seminar=seminar, l10n=l10n
    )


async def on_retention_export(
    callback: CallbackQuery,
    callback_data: RetentionExport,
    bot: Bot,
    session: AsyncSession,
    seminar: Event,
    settings: Settings,
    l10n: Translator,
) -> None:
    """The retention notice's button: the same export as `/export`."""
    await callback.answer()
    chat_id = callback.message.chat.id if callback.message is not None else callback.from_user.id
    fmt: Format = "csv" if callback_data.fmt == "csv" else "xlsx"
    await send_export(
        bot,
        chat_id,
        callback.from_user.id,
        fmt,
        session=session,
        seminar=seminar,
        settings=settings,
        l10n=l10n,
    )


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(IsCommand())  # its message handlers are all commands
    overseer = StaffOnly(Role.OVERSEER)
    staff = StaffOnly(Role.ORGANISER)
    r.message.register(cmd_admins, Command("admins"), overseer)
    r.message.register(cmd_export, Command("export"), overseer)
    r.message.register(cmd_stats, Command("stats"), staff)
    r.message.register(cmd_report, Command("report"), staff)
    r.message.register(cmd_audit, Command("audit"), staff)
    r.callback_query.register(on_retention_export, RetentionExport.filter(), overseer)
    return r
