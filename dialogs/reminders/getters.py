"""Data for the reminder windows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram_dialog import DialogManager

from dialogs.broadcast.common import (
    TEXT_LIMIT,
    admin_ids,
    describe_audience,
    esc,
    example_moment,
    language_name,
    short,
    show_moment,
)
from storage.models.delivery import ReminderState, ScheduledReminder
from storage.repositories.audience import PLAN_KINDS, Audience, recipients
from storage.repositories.broadcasts import BroadcastRepo
from storage.repositories.reminders import ReminderRepo
from ui.context import Ctx

ICONS = {"scheduled": "🕒", "sent": "✅", "missed": "⚠️", "cancelled": "✖️"}
PLAN_ORDER = (
    "approved",
    "registered",
    "delegates",
    "speakers",
    "funded",
    "travel_missing",
    "attended",
    "organisers",
    "all",
)


def title_of(row: ScheduledReminder, l10n: Any) -> str:
    return esc(row.plan_id) if row.plan_id else l10n("reminders-custom")


async def list_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    seminar = ctx.seminar
    l10n = ctx.l10n
    rows = await ReminderRepo(ctx.session).all()
    items = []
    for row in rows:
        local = row.due_at.astimezone(seminar.tz)
        name = row.plan_id or l10n("reminders-custom")
        items.append((str(row.id), f"{ICONS.get(row.state, '•')} {local:%m-%d %H:%M} {name}"))
    return {"items": items, "any": bool(rows), "empty": not rows, "tz": seminar.timezone}


async def detail_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    seminar = ctx.seminar
    l10n = ctx.l10n
    lang = ctx.lang
    session = ctx.session
    row = await ReminderRepo(session).get(int(dialog_manager.dialog_data.get("rid") or 0))
    if row is None:
        return {
            "title": "—",
            "state": "—",
            "when": "—",
            "tz": seminar.timezone,
            "audience": "—",
            "include": "—",
            "note": "",
            "text": "",
            "scheduled": False,
        }
    await session.refresh(row)
    texts = row.texts or {}
    text = short(texts.get(lang) or texts.get("en") or next(iter(texts.values()), ""))
    note = esc(row.note or "")
    if row.broadcast_id:
        counts = await BroadcastRepo(session).counts(row.broadcast_id)
        note = l10n(
            "reminders-sent-counts",
            sent=counts.sent,
            blocked=counts.blocked,
            failed=counts.failed,
            pending=counts.pending,
        )
    audience = Audience(row.audience, unless_answered=row.unless_answered)
    return {
        "title": title_of(row, l10n),
        "state": l10n(f"reminders-state-{row.state}"),
        "when": show_moment(seminar, row.due_at),
        "tz": seminar.timezone,
        "audience": describe_audience(seminar, l10n, lang, audience),
        "include": esc(", ".join(row.include or [])) or l10n("reminders-include-none"),
        "note": note,
        "text": text,
        "scheduled": row.state == ReminderState.SCHEDULED,
    }


async def text_lang_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    seminar = ctx.seminar
    l10n = ctx.l10n
    items = [(code, language_name(code)) for code in seminar.languages]
    items.append(("all", l10n("reminders-all-languages")))
    return {"langs": items}


async def text_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    which = dialog_manager.dialog_data.get("tl") or "all"
    return {"language": "none" if which == "all" else language_name(which), "limit": TEXT_LIMIT}


async def when_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    seminar = ctx.seminar
    return {"tz": seminar.timezone, "example": example_moment(seminar, ctx.now())}


async def send_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    seminar = ctx.seminar
    l10n = ctx.l10n
    session = ctx.session
    row = await ReminderRepo(session).get(int(dialog_manager.dialog_data.get("rid") or 0))
    if row is None:
        return {"title": "—", "count": 0}
    audience = Audience(row.audience, unless_answered=row.unless_answered)
    ids = await recipients(session, seminar, audience, admin_ids=admin_ids(dialog_manager))
    return {"title": title_of(row, l10n), "count": len(ids)}


async def audience_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    l10n = ctx.l10n
    kinds = [k for k in PLAN_ORDER if k in PLAN_KINDS]
    return {"kinds": [(k, l10n(f"reminders-aud-{k}")) for k in kinds]}


async def add_confirm_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    seminar = ctx.seminar
    l10n = ctx.l10n
    lang = ctx.lang
    data = dialog_manager.dialog_data
    due = datetime.fromisoformat(str(data.get("nw"))) if data.get("nw") else ctx.now()
    return {
        "when": show_moment(seminar, due),
        "tz": seminar.timezone,
        "audience": describe_audience(seminar, l10n, lang, Audience(str(data.get("na") or "all"))),
        "text": short(str(data.get("nt") or "")),
    }
