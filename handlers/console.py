"""The overseer's console: /admins, /stats, /export, /export csv, /report, /audit.

Organisers may see statistics, the report draft and the audit log; only overseers manage
roles (/admins) and export personal data (/export). Anyone else gets the unknown-command
answer and the attempt is logged (handlers.fallback via STAFF_COMMANDS).
"""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, FSInputFile, Message
from aiogram_dialog import DialogManager
from sqlalchemy.ext.asyncio import AsyncSession

from bot.retention import RetentionExport
from core.event import Event
from core.i18n import Translator
from core.settings import Settings
from services.exports import (
    DEFAULT_PART_LIMIT,
    ExportContext,
    ExportResult,
    Format,
    export_basename,
    run_export,
)
from services.roles import Role, StaffOnly
from storage.models import utcnow
from storage.repositories.audit import AuditRepo
from ui.filters import IsCommand
from ui.states import AdminAuditSG, AdminRolesSG, AdminStatsSG

log = logging.getLogger(__name__)

STAFF_COMMANDS = frozenset({"admins", "stats", "export", "report", "audit"})
OVERSEER_COMMANDS = frozenset({"admins", "export"})
"""Of STAFF_COMMANDS, those only an overseer may run."""

PROGRESS_INTERVAL = 2.0
"""Seconds between two edits of a progress message (edits count against the rate limit)."""
UPLOAD_TIMEOUT = 300
PART_LIMIT = DEFAULT_PART_LIMIT
"""Export files are split so that none passes Telegram's 50 MB (see services.exports)."""


class ProgressMessage:
    """A message edited now and then while a long job runs; never fails the job."""

    def __init__(self, bot: Bot, message: Message, l10n: Translator, key: str) -> None:
        self.bot = bot
        self.message = message
        self.l10n = l10n
        self.key = key
        self._last = time.monotonic()

    @classmethod
    async def send(
        cls, bot: Bot, chat_id: int, l10n: Translator, first: str, key: str
    ) -> ProgressMessage:
        """Send `first`; later edits show `key` with percent, done and total."""
        message = await bot.send_message(chat_id, l10n(first))
        return cls(bot, message, l10n, key)

    async def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last < PROGRESS_INTERVAL:
            return
        self._last = now
        percent = min(99, round(100 * done / total)) if total else 0
        await self.edit(self.l10n(self.key, percent=percent, done=done, total=total))

    async def edit(self, text: str) -> None:
        try:
            await self.bot.edit_message_text(
                text, chat_id=self.message.chat.id, message_id=self.message.message_id
            )
        except TelegramAPIError as exc:
            log.info("progress message not updated: %s", exc)


async def send_export(
    bot: Bot,
    chat_id: int,
    actor_id: int,
    fmt: Format,
    *,
    session: AsyncSession,
    seminar: Event,
    settings: Settings,
    l10n: Translator,
) -> ExportResult:
    """Build the export, send it (split if needed), log it in the audit log."""
    progress = await ProgressMessage.send(
        bot, chat_id, l10n, "console-export-started", "console-export-progress"
    )
    context = ExportContext(session, seminar, l10n, admin_ids=settings.admin_ids)
    basename = export_basename(seminar, utcnow())
    with tempfile.TemporaryDirectory(prefix="seminar-export-") as folder:
        try:
            result = await run_export(
                context,
                fmt,
                Path(folder),
                basename,
                max_part_bytes=PART_LIMIT,
                progress=progress,
            )
        except Exception:
            await progress.edit(l10n("console-export-failed"))
            raise
        parts = len(result.files)
        for number, path in enumerate(result.files, start=1):
            caption = l10n(
                "console-export-caption",
                format=fmt.upper(),
                part=number,
                parts=parts,
                rows=result.total_rows,
            )
            await bot.send_document(
                chat_id,
                FSInputFile(path, filename=path.name),
                caption=caption,
                request_timeout=UPLOAD_TIMEOUT,
            )
    AuditRepo(session).add(
        actor_id,
        "export",
        fmt,
        f"rows={result.total_rows} files={parts} "
        + " ".join(f"{k}={n}" for k, n in result.rows.items()),
    )
    await session.commit()
    await progress.edit(
        l10n(
            "console-export-done",
            rows=result.total_rows,
            files=parts,
            seconds=f"{result.seconds:.1f}",
        )
    )
    return result


async def send_report(
    bot: Bot,
    chat_id: int,
    actor_id: int,
    *,
    session: AsyncSession,
    seminar: Event,
    l10n: Translator,
) -> None:
    """Build the completion-report draft, send it, log it in the audit log."""
    from services.report import build_report

    progress = await ProgressMessage.send(
        bot, chat_id, l10n, "console-report-progress", "console-report-progress"
    )
    now = utcnow()
    local = now.astimezone(seminar.tz)
    with tempfile.TemporaryDirectory(prefix="seminar-report-") as folder:
        path = Path(folder) / f"{seminar.id}-report-draft-{local:%Y-%m-%d}.docx"
        try:
            summary = await build_report(session, seminar, l10n, path, now)
        except Exception:
            await progress.edit(l10n("console-report-failed"))
            raise
        await bot.send_document(
            chat_id,
            FSInputFile(path, filename=path.name),
            caption=l10n("console-report-caption"),
            request_timeout=UPLOAD_TIMEOUT,
        )
    AuditRepo(session).add(
        actor_id, "report", "docx", f"sections={len(summary.sections)} charts={summary.charts}"
    )
    await session.commit()
    await progress.edit(l10n("console-report-done"))


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
