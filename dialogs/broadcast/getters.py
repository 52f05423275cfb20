"""Data for the broadcast windows."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from dialogs.broadcast.common import (
    TEXT_LIMIT,
    admin_ids,
    describe_audience,
    esc,
    example_moment,
    format_day,
    language_name,
    short,
    show_moment,
)
from dialogs.broadcast.handlers import draft
from services.broadcast_texts import build_parts
from services.registration import has_travel_stage
from storage.models.delivery import BroadcastState
from storage.models.registration import RegistrationStatus
from storage.repositories.audience import COMPOSER_KINDS, recipients
from storage.repositories.broadcasts import BroadcastRepo
from ui.context import Ctx

STATE_ICONS = {
    "scheduled": "🕒",
    "sending": "🚀",
    "done": "✅",
    "cancelled": "✖️",
    "missed": "⚠️",
}


async def text_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    langs: list[str] = data.get("langs") or ["en"]
    index = min(int(data.get("li", 0)), len(langs) - 1)
    language = language_name(langs[index]) if data.get("each") else "none"
    return {"language": language, "limit": TEXT_LIMIT}


async def audience_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    l10n = ctx.l10n
    seminar = ctx.seminar
    offered = {
        "non_respondents": bool(seminar.surveys),
        "travel_missing": has_travel_stage(seminar),
    }
    kinds = [k for k in COMPOSER_KINDS if offered.get(k, True)]
    return {"kinds": [(k, l10n(f"broadcast-aud-{k}")) for k in kinds]}


async def value_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    seminar = ctx.seminar
    l10n = ctx.l10n
    lang = ctx.lang
    kind = dialog_manager.dialog_data.get("ak")
    items: list[tuple[str, str]] = []
    if kind == "status":
        items = [(s.value, l10n(f"broadcast-status-{s.value}")) for s in RegistrationStatus]
    elif kind == "role":
        field = seminar.registration.field("role")
        items = [(o.value, o.label.get(lang)) for o in (field.options if field else [])]
    elif kind == "economy":
        items = [(e.code, e.name.get(lang)) for e in seminar.economies]
    elif kind == "language":
        items = [(code, language_name(code)) for code in seminar.languages]
    elif kind == "attended":
        items = [(d.isoformat(), format_day(d, lang)) for d in seminar.dates.days()]
        items.append(("any", l10n("broadcast-any-day")))
    elif kind == "non_respondents":
        items = [(s.id, s.title.get(lang)) for s in seminar.surveys]
    return {"values": items, "has_values": bool(items), "no_values": not items}


async def preview_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    seminar = ctx.seminar
    l10n = ctx.l10n
    lang = ctx.lang
    broadcast = draft(dialog_manager)
    count = len(
        await recipients(
            ctx.session,
            seminar,
            broadcast.audience,
            admin_ids=admin_ids(dialog_manager),
        )
    )
    dialog_manager.dialog_data["count"] = count
    i18n = ctx.i18n
    messages = max(
        len(build_parts(broadcast, code, i18n, seminar)) for code in (broadcast.texts or ["en"])
    )
    if broadcast.media_kind:
        attachment = l10n(f"broadcast-{broadcast.media_kind}")
    else:
        attachment = l10n("broadcast-none")
    if broadcast.button_text and broadcast.button_url:
        button = f"{esc(broadcast.button_text)} → {esc(broadcast.button_url)}"
    else:
        button = l10n("broadcast-none")
    return {
        "audience": describe_audience(seminar, l10n, lang, broadcast.audience),
        "count": count,
        "languages": ", ".join(language_name(code) for code in broadcast.texts),
        "attachment": attachment,
        "button": button,
        "anybody": count > 0,
        "messages": messages,
    }


async def confirm_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"count": int(dialog_manager.dialog_data.get("count") or 0)}


async def when_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    seminar = ctx.seminar
    return {
        "tz": seminar.timezone,
        "example": example_moment(seminar, ctx.now()),
    }


def _label(broadcast: Any) -> str:
    icon = STATE_ICONS.get(broadcast.state, "•")
    title = (broadcast.title or "").strip() or broadcast.kind
    if len(title) > 28:
        title = title[:27] + "…"
    return f"#{broadcast.id} {icon} {title}"


async def list_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    rows = await BroadcastRepo(ctx.session).recent(12)
    return {
        "items": [(str(b.id), _label(b)) for b in rows],
        "empty": not rows,
        "any": bool(rows),
    }


async def detail_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    seminar = ctx.seminar
    l10n = ctx.l10n
    lang = ctx.lang
    repo = BroadcastRepo(ctx.session)
    broadcast_id = int(dialog_manager.dialog_data.get("bid") or 0)
    broadcast = await repo.get(broadcast_id)
    if broadcast is None:
        keys = ("kind", "state", "when", "audience", "sent", "blocked", "failed", "pending")
        return {
            **dict.fromkeys(keys, "—"),
            "id": broadcast_id,
            "cancelled": "—",
            "found": False,
            "cancellable": False,
            "text": "",
        }
    await repo.session.refresh(broadcast)
    counts = await repo.counts(broadcast_id)
    if broadcast.state == BroadcastState.SCHEDULED and broadcast.scheduled_at:
        when = l10n("broadcast-when-scheduled", when=show_moment(seminar, broadcast.scheduled_at))
    elif broadcast.started_at:
        when = l10n("broadcast-when-started", when=show_moment(seminar, broadcast.started_at))
    else:
        when = l10n("broadcast-when-none")
    texts = broadcast.texts or {}
    text = texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")
    failures = await repo.failures(broadcast_id, limit=5)
    failed = ", ".join(f"{f.user_id} ({esc(f.error or f.state)})" for f in failures)
    detail = short(text)
    if failed:
        detail += "\n\n" + l10n("broadcast-detail-failures", failures=failed)
    return {
        "found": True,
        "id": broadcast.id,
        "kind": l10n(f"broadcast-kind-{broadcast.kind}"),
        "state": l10n(f"broadcast-state-{broadcast.state}"),
        "when": when,
        "audience": describe_audience(seminar, l10n, lang, broadcast.audience),
        "sent": counts.sent,
        "blocked": counts.blocked,
        "failed": counts.failed,
        "pending": counts.pending,
        "cancelled": counts.cancelled,
        "text": detail,
        "cancellable": broadcast.state in (BroadcastState.SCHEDULED, BroadcastState.SENDING),
    }


async def cancel_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"id": int(dialog_manager.dialog_data.get("bid") or 0)}
