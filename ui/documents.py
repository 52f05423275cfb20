"""Documents sent to Telegram: exports and the report (with a progress message), and a
person's own data.

Shared by the commands (`handlers/console.py`: /export, /report, the retention notice's
button; `handlers/registration.py`: /mydata) and the dialogs' buttons
(`dialogs/admin_stats`, `dialogs/profile`): the documents themselves are built in
services/ (`services.exports`, `services.report`, `services.personal_data`); here they are
sent, split to Telegram's size limit, and logged in the audit log.
"""

from __future__ import annotations

import json
import logging
import tempfile
import time
from pathlib import Path

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.filters.callback_data import CallbackData
from aiogram.types import BufferedInputFile, FSInputFile, Message
from sqlalchemy.ext.asyncio import AsyncSession

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
from services.personal_data import collect_personal_data
from storage.models import utcnow
from storage.repositories.audit import AuditRepo
from ui.context import Ctx, retention_line

log = logging.getLogger(__name__)

PROGRESS_INTERVAL = 2.0
"""Seconds between two edits of a progress message (edits count against the rate limit)."""
UPLOAD_TIMEOUT = 300
PART_LIMIT = DEFAULT_PART_LIMIT
"""Export files are split so that none passes Telegram's 50 MB (see services.exports)."""


class RetentionExport(CallbackData, prefix="retx"):
    """The notice's button: the overseer's export, one tap away."""

    fmt: str = "xlsx"


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


async def send_personal_data(ctx: Ctx, chat_id: int) -> None:
    """`/mydata`: everything stored about the user as a JSON file."""
    document = await collect_personal_data(ctx.session, ctx.user.id)
    data = json.dumps(document, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    await ctx.bot.send_document(
        chat_id,
        BufferedInputFile(data, filename="my-data.json"),
        caption="\n".join(
            part
            for part in (
                ctx.l10n("registration-mydata-caption"),
                retention_line(ctx.seminar, ctx.lang, ctx.l10n),
            )
            if part
        ),
    )
