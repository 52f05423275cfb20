"""The retention job of the leader's scheduler: notices 14 and 2 days before, then the
erasure (`services/retention.py`), each once.

`bot.scheduler.retention_job` is a module-level job with a fixed id (`JOB_RETENTION`), added by
`bot.scheduler.ReminderScheduler` on the elected process only; on start the scheduler
runs `fire_retention` once, so what came due while the bot was down is done then (a
notice whose moment has been overtaken by the next one is skipped quietly). The notices
go through the delivery engine (durable, once) with an export button
(`ui.documents.RetentionExport`, handled in `handlers/console.py`).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from core.i18n import I18n
from services import retention
from services.notices import notify_overseers
from ui.documents import RetentionExport

log = logging.getLogger(__name__)

JOB_RETENTION = "retention"
TICK_SECONDS = 60


def export_markup(i18n: I18n) -> dict[str, Any]:
    """The export button per language (the delivery engine's `markup` format)."""
    markups: dict[str, Any] = {}
    for lang in i18n.languages:
        button = InlineKeyboardButton(
            text=i18n.get(lang)("retention-export-button"), callback_data=RetentionExport().pack()
        )
        markup = InlineKeyboardMarkup(inline_keyboard=[[button]])
        markups[lang] = markup.model_dump(mode="json", exclude_none=True)
    return markups


async def fire_retention(runtime: Any, now: datetime | None = None) -> list[str]:
    """What came due (`notice-14`, `notice-2`, `erased`), each done once; returns it."""
    now = now or runtime.clock()
    seminar = runtime.seminar
    done: list[str] = []
    async with runtime.session_factory() as session:
        row = await retention.sync(session, seminar)
        await session.commit()
        if row is None or row.erased_at is not None:
            return done
        due = row.due_at
        day = retention.retention_day(seminar, due)
        for days in retention.NOTICE_DAYS:
            if now < retention.notice_moment(seminar, due, days):
                continue
            if not await retention.claim(session, seminar.id, f"notice_{days}_at", now):
                continue
            overtaken = now >= due or any(
                now >= retention.notice_moment(seminar, due, later)
                for later in retention.NOTICE_DAYS
                if later < days
            )
            if not overtaken:
                left = (due.astimezone(seminar.tz).date() - now.astimezone(seminar.tz).date()).days
                people = len(await retention.participants(session, runtime.admin_ids))
                await notify_overseers(
                    session,
                    runtime,
                    "retention-notice",
                    day,
                    markup=export_markup(runtime.i18n),
                    days=left,
                    date=day,
                    people=people,
                )
                done.append(f"notice-{days}")
            await session.commit()
    if now >= due:
        async with runtime.session_factory() as session:
            outcome = await retention.erase_expired(
                session, seminar, runtime.i18n, runtime.admin_ids, now
            )
        if outcome.state == "erased":
            log.info("retention: personal data erased (%s)", outcome.counts_text())
            async with runtime.session_factory() as session:
                await notify_overseers(
                    session,
                    runtime,
                    "retention-done-notice",
                    day,
                    date=day,
                    people=outcome.counts.get("people", 0),
                    registrations=outcome.counts.get("registrations", 0),
                    tickets=outcome.counts.get("tickets", 0),
                )
                await session.commit()
            done.append("erased")
    if done:
        runtime.wake()
    return done
