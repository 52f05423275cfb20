"""Data for the consultation windows (delegates and organisers)."""

from __future__ import annotations

from html import escape
from typing import Any

from aiogram_dialog import DialogManager
from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event
from core.i18n import Translator
from services import programme_texts as texts
from services.consultation import (
    APPROVE,
    ConsultationService,
    consultable,
    results_text,
    scope_title,
)
from storage.models import User
from storage.models.logistics import PROGRAMME_SCOPE, Consultation, ConsultationStatus
from storage.repositories.follows import agenda_data, diff_agenda
from ui.context import Ctx


def _data(manager: DialogManager) -> tuple[Event, str, Translator, AsyncSession, User]:
    ctx = Ctx.from_manager(manager)
    return ctx.seminar, ctx.lang, ctx.l10n, ctx.session, ctx.user


async def current(manager: DialogManager) -> Consultation | None:
    """The consultation of this dialog: the one it was started for, else the latest."""
    seminar, _, _, session, _ = _data(manager)
    service = ConsultationService(session, seminar)
    start = manager.start_data if isinstance(manager.start_data, dict) else {}
    if start.get("consultation"):
        return await service.get(int(start["consultation"]))
    return await service.latest()


def _mark(verdict: str | None) -> str:
    return {"approve": "✅", "comment": "💬"}.get(verdict or "", "▫️")


async def consult_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    seminar, lang, l10n, session, user = _data(dialog_manager)
    service = ConsultationService(session, seminar)
    consultation = await current(dialog_manager)
    if consultation is None or consultation.status != ConsultationStatus.OPEN:
        return {"body": l10n("programme-consult-closed"), "active": False, "sessions": []}
    if await service.respondent(user.id, consultation.audience) is None:
        return {"body": l10n("programme-consult-not-invited"), "active": False, "sessions": []}
    mine = {r.scope: r.verdict for r in await service.responses(consultation.id, user.id)}
    lines = [l10n("programme-consult-header")]
    ids: list[str] = []
    for i, (day, item) in enumerate(consultable(seminar), start=1):
        ids.append(item.id)
        lines.append(
            f"{i}. {_mark(mine.get(item.id))} {escape(texts.day_label(day.date, lang))} "
            f"{texts.hhmm(item.start)} {escape(item.title.get(lang))}"
        )
    lines.append("")
    overall = mine.get(PROGRAMME_SCOPE)
    lines.append(
        l10n(
            "programme-consult-overall",
            mark=_mark(overall),
            state=l10n(f"programme-consult-state-{overall or 'none'}"),
        )
    )
    return {
        "body": "\n".join(lines),
        "active": True,
        "sessions": [(str(i), sid) for i, sid in enumerate(ids, start=1)],
    }


async def consult_session_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    seminar, lang, l10n, session, user = _data(dialog_manager)
    scope = str(dialog_manager.dialog_data.get("scope", ""))
    item = seminar.find_session(scope)
    consultation = await current(dialog_manager)
    if item is None or consultation is None:
        return {"body": l10n("programme-session-gone")}
    service = ConsultationService(session, seminar)
    mine = {r.scope: r for r in await service.responses(consultation.id, user.id)}
    body = texts.session_block(seminar, l10n, lang, item)
    answer = mine.get(scope)
    if answer is not None and answer.verdict == APPROVE:
        body += "\n\n" + l10n("programme-consult-you-approved")
    elif answer is not None:
        body += "\n\n" + l10n(
            "programme-consult-you-commented", comment=escape(answer.comment or "")
        )
    return {"body": body}


async def comment_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    seminar, lang, l10n, _session, _user = _data(dialog_manager)
    scope = str(dialog_manager.dialog_data.get("scope", PROGRAMME_SCOPE))
    return {"scope": escape(scope_title(seminar, l10n, lang, scope))}


# --------------------------------------------------------------------------- organisers


async def admin_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    seminar, _lang, l10n, session, _user = _data(dialog_manager)
    service = ConsultationService(session, seminar)
    consultation = await service.latest()
    is_open = consultation is not None and consultation.status == ConsultationStatus.OPEN
    if consultation is None:
        status = l10n("programme-consult-admin-none")
    else:
        results = await service.by_economy(consultation)
        opened = consultation.opened_at.astimezone(seminar.tz).strftime("%d.%m.%Y %H:%M")
        status = l10n(
            f"programme-consult-admin-status-{consultation.status}",
            opened=opened,
            recipients=consultation.recipients,
            economies=len(results),
        )
    audience = l10n(f"programme-consult-audience-{seminar.programme.consultation.audience}")
    return {
        "status": status,
        "audience": audience,
        "can_open": not is_open,
        "is_open": is_open,
        "has_any": consultation is not None,
    }


async def confirm_open_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    seminar, _lang, l10n, session, _user = _data(dialog_manager)
    service = ConsultationService(session, seminar)
    recipients = await service.recipients()
    economies = {r.economy for r in recipients if r.economy}
    return {
        "recipients": len(recipients),
        "economies": len(economies),
        "sessions": len(consultable(seminar)),
        "audience": l10n(f"programme-consult-audience-{seminar.programme.consultation.audience}"),
        "any": bool(recipients),
    }


async def results_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    seminar, lang, l10n, session, _user = _data(dialog_manager)
    service = ConsultationService(session, seminar)
    consultation = await service.latest()
    if consultation is None:
        return {"body": l10n("programme-consult-admin-none")}
    invited = {r.economy for r in await service.recipients(consultation.audience) if r.economy}
    results = await service.by_economy(consultation)
    return {"body": results_text(seminar, l10n, lang, consultation, results, invited)}


async def confirm_close_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    seminar, _lang, _l10n, session, _user = _data(dialog_manager)
    service = ConsultationService(session, seminar)
    consultation = await service.latest()
    changes = (
        diff_agenda(dict(consultation.draft), agenda_data(seminar))
        if consultation is not None
        else []
    )
    return {
        "changes": len(changes),
        "participants": len(await service.participants()),
    }
