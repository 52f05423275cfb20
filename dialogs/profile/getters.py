"""Data of the My profile / My data windows (user data escaped here)."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from dialogs.registration.getters import take_error
from services import registration as svc
from storage.models.registration import LetterStatus, Registration, RegistrationStatus
from storage.repositories.registrations import RegistrationRepo, get_by_user
from ui.context import (
    Ctx,
    esc,
    fmt_date,
    funding_text,
    retention_line,
    status_text,
    summary_lines,
)

S = RegistrationStatus
ACTIVE = (S.SUBMITTED, S.APPROVED, S.WAITLISTED)


async def profile_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    reg = await get_by_user(ctx.session, ctx.user.id)
    error = take_error(dialog_manager, ctx)
    lines = [error, ""] if error else []
    status = reg.status if reg else None
    if reg is None or status == S.DRAFT:
        lines.append(
            ctx.l10n("registration-profile-none" if reg is None else "registration-profile-draft")
        )
    else:
        lines.append(ctx.l10n("registration-profile-title"))
        lines.append(ctx.l10n("registration-status-line", status=status_text(reg, ctx.l10n)))
        funding = funding_text(reg, ctx.l10n)
        if funding:
            lines.append(funding)
        if reg.focal_point:
            lines.append(ctx.l10n("registration-focal-point"))
        days = await RegistrationRepo(ctx.session).attendance(reg.id)
        if days:
            shown = ", ".join(fmt_date(a.day, ctx.lang) for a in days)
            lines.append(ctx.l10n("registration-attended", days=esc(shown)))
        travel = travel_lines(ctx, reg)
        if travel:
            lines += ["", travel]
        lines += ["", summary_lines(ctx.seminar, reg, ctx.lang, ctx.l10n)]
    lines += ["", f"<i>{ctx.l10n('registration-profile-privacy')}</i>"]
    retention = retention_line(ctx.seminar, ctx.lang, ctx.l10n)
    if retention:
        lines.append(f"<i>{retention}</i>")
    return {
        "body": "\n".join(lines),
        "unregistered": reg is None or status == S.DRAFT,
        "active": status in ACTIVE,
        "approved": status == S.APPROVED,
        "withdrawn": status == S.WITHDRAWN,
        "travel": reg is not None and svc.has_travel_stage(ctx.seminar) and svc.travel_open(reg),
    }


def travel_lines(ctx: Ctx, reg: Registration) -> str:
    """What of the travel details is still missing, and until when they can be changed."""
    if not svc.has_travel_stage(ctx.seminar) or reg.status not in ACTIVE:
        return ""
    if not svc.travel_open(reg):
        return ctx.l10n("registration-travel-later")
    missing = svc.travel_missing(ctx.seminar, reg)
    if missing:
        names = ", ".join(f.label.get(ctx.lang) for f in missing)
        text = ctx.l10n("registration-travel-missing", fields=esc(names))
    else:
        text = ctx.l10n("registration-travel-complete")
    until = svc.travel_edit_until(ctx.seminar)
    key = "registration-travel-until"
    if svc.event_today(ctx.seminar) > until:
        key = "registration-travel-closed"
    return text + "\n" + ctx.l10n(key, date=fmt_date(until, ctx.lang))


async def letter_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    reg = await get_by_user(ctx.session, ctx.user.id)
    letter = await RegistrationRepo(ctx.session).letter(reg.id) if reg else None
    error = take_error(dialog_manager, ctx)
    lines = [error, ""] if error else []
    if letter is None:
        lines.append(ctx.l10n("registration-letter-intro"))
    else:
        lines.append(ctx.l10n(f"registration-letter-status-{letter.status}"))
        if letter.reason:
            lines.append(ctx.l10n("registration-decision-reason", reason=esc(letter.reason)))
    can_request = (
        reg is not None
        and reg.status in ACTIVE
        and (letter is None or letter.status == LetterStatus.REJECTED)
    )
    return {"body": "\n".join(lines), "can_request": can_request}


async def input_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    error = take_error(dialog_manager, ctx)
    return {"error": (error + "\n\n") if error else ""}
