"""Data of the organisers' registration queue and check-in windows (user data escaped)."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from dialogs.registration.getters import take_error
from services import registration as svc
from services.roles import Role, role_of
from storage.models.registration import Funding, Registration, RegistrationStatus
from storage.repositories.registrations import RegistrationRepo
from ui.context import (
    Ctx,
    economy_name,
    esc,
    fmt_date,
    funding_text,
    person,
    shorten,
    status_text,
    summary_lines,
)

S = RegistrationStatus
FILTERS = (S.SUBMITTED, S.WAITLISTED, S.APPROVED, S.REJECTED, S.WITHDRAWN)
FUNDING_MARK = {
    Funding.FUNDED: "💰",
    Funding.ALTERNATE: "🅰️",
    Funding.WAITLISTED: "⏳",
    Funding.NONE: "",
}


def _label(ctx: Ctx, reg: Registration) -> str:
    name = reg.full_name or ctx.l10n("registration-no-name")
    code = reg.economy or "—"
    mark = FUNDING_MARK.get(Funding(reg.funding), "") if reg.funding in set(Funding) else ""
    star = "⭐" if reg.focal_point else ""
    travel = ""
    if svc.has_travel_stage(ctx.seminar) and svc.travel_open(reg):
        travel = f" · ✈️{svc.travel_completeness(ctx.seminar, reg)}"
    return shorten(f"{star}{mark} {name} · {code}{travel}".strip(), 60)


async def list_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    repo = RegistrationRepo(ctx.session)
    current = dialog_manager.dialog_data.get("flt", S.SUBMITTED)
    counts = await repo.count_by_status()
    filters = [
        (
            ("• " if status == current else "")
            + ctx.l10n(f"registration-filter-{status}", count=counts.get(status, 0)),
            status,
        )
        for status in FILTERS
    ]
    regs = await repo.with_status(current)
    letters = len(await repo.pending_letters())
    error = take_error(dialog_manager, ctx)
    lines = [error, ""] if error else []
    lines.append(
        ctx.l10n(
            "registration-queue-title",
            drafts=counts.get(S.DRAFT, 0),
            shown=ctx.l10n(f"registration-filter-{current}", count=len(regs)),
        )
    )
    if not regs:
        lines.append(ctx.l10n("registration-queue-empty"))
    return {
        "body": "\n".join(lines),
        "filters": filters,
        "regs": [(_label(ctx, r), str(r.id)) for r in regs],
        "letters_label": ctx.l10n("registration-queue-letters", count=letters),
    }


async def detail_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    reg = await RegistrationRepo(ctx.session).get(int(dialog_manager.dialog_data.get("rid", 0)))
    error = take_error(dialog_manager, ctx)
    if reg is None:
        return {
            "body": (error + "\n\n" if error else "") + ctx.l10n("registration-queue-gone"),
            "exists": False,
            **{
                k: False
                for k in ("approve", "waitlist", "reject", "promote", "has_role", "can_erase")
            },
            "focal_label": "",
        }
    lines = [error, ""] if error else []
    lines.append(f"<b>{person(ctx.seminar, reg, ctx.lang, ctx.l10n)}</b>")
    lines.append(ctx.l10n("registration-status-line", status=status_text(reg, ctx.l10n)))
    funding = funding_text(reg, ctx.l10n)
    if funding:
        lines.append(funding)
    if reg.focal_point:
        lines.append(ctx.l10n("registration-focal-point"))
    if reg.submitted_at is not None:
        when = reg.submitted_at.astimezone(ctx.seminar.tz)
        lines.append(
            ctx.l10n(
                "registration-submitted-at", at=f"{fmt_date(when.date(), ctx.lang)} {when:%H:%M}"
            )
        )
    lines.append(ctx.l10n("registration-telegram-id", id=str(reg.user_id)))
    if svc.has_travel_stage(ctx.seminar) and svc.travel_open(reg):
        done = svc.travel_completeness(ctx.seminar, reg)
        lines.append(ctx.l10n("registration-queue-travel", given=done.given, total=done.total))
    lines += ["", summary_lines(ctx.seminar, reg, ctx.lang, ctx.l10n)]
    history = await RegistrationRepo(ctx.session).history(reg.id)
    if history:
        last = history[-1]
        if last.reason:
            lines += ["", ctx.l10n("registration-decision-reason", reason=esc(last.reason))]
    place_free = (
        reg.status == S.WAITLISTED
        and reg.funding == Funding.WAITLISTED
        and bool(reg.economy)
        and await svc.free_place(ctx.session, ctx.seminar, reg.economy or "") is not None
    )
    return {
        "body": "\n".join(lines),
        "exists": True,
        "approve": reg.status in svc.ALLOWED["approve"],
        "waitlist": reg.status in svc.ALLOWED["waitlist"],
        "reject": reg.status in svc.ALLOWED["reject"],
        "promote": place_free,
        "has_role": ctx.seminar.registration.field("role") is not None,
        "can_erase": reg.user_id != ctx.user.id
        and await role_of(ctx.user.id, ctx.session, ctx.settings) == Role.OVERSEER,
        "focal_label": ctx.l10n(
            "registration-focal-off" if reg.focal_point else "registration-focal-on"
        ),
    }


async def erase_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    reg = await RegistrationRepo(ctx.session).get(int(dialog_manager.dialog_data.get("rid", 0)))
    if reg is None:
        return {"body": ctx.l10n("registration-queue-gone"), "exists": False}
    who = person(ctx.seminar, reg, ctx.lang, ctx.l10n)
    return {"body": ctx.l10n("registration-erase-person-confirm", who=who), "exists": True}


async def reason_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    error = take_error(dialog_manager, ctx)
    act = dialog_manager.dialog_data.get("act", "reject")
    return {
        "body": (error + "\n\n" if error else "") + ctx.l10n(f"registration-reason-{act}"),
    }


async def role_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    field = ctx.seminar.registration.field("role")
    options = [(o.label.get(ctx.lang), o.value) for o in field.options] if field else []
    return {"roles": options}


async def quotas_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    quotas = ctx.seminar.quotas
    lines = [ctx.l10n("registration-quotas-title")]
    for line in await svc.quota_overview(ctx.session, ctx.seminar):
        lines.append(
            ctx.l10n(
                "registration-quota-line",
                economy=esc(economy_name(ctx.seminar, line.economy, ctx.lang, ctx.l10n)),
                funded=line.funded,
                funded_max=quotas.funded_per_economy,
                alternates=line.alternates,
                alternates_max=quotas.alternates_per_economy,
                waiting=line.waitlisted,
                women=line.women,
                women_target=quotas.women_nomination_target,
            )
        )
    return {"body": "\n".join(lines)}


async def letters_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    repo = RegistrationRepo(ctx.session)
    items = []
    for letter in await repo.pending_letters():
        reg = await repo.get(letter.registration_id)
        if reg is not None:
            items.append((_label(ctx, reg), str(letter.id)))
    body = ctx.l10n("registration-letters-title" if items else "registration-letters-empty")
    return {"body": body, "letters": items}


async def letter_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    from storage.models.registration import InvitationLetter

    ctx = Ctx.from_manager(dialog_manager)
    letter = await ctx.session.get(InvitationLetter, int(dialog_manager.dialog_data.get("lid", 0)))
    reg = await RegistrationRepo(ctx.session).get(letter.registration_id) if letter else None
    if letter is None or reg is None:
        return {"body": ctx.l10n("registration-queue-gone"), "pending": False}
    body = ctx.l10n(
        "registration-staff-letter",
        who=person(ctx.seminar, reg, ctx.lang, ctx.l10n),
        citizenship=esc(letter.citizenship),
        passport=esc(letter.passport_number),
    )
    body += "\n" + ctx.l10n(f"registration-letter-status-{letter.status}")
    return {"body": body, "pending": letter.status == "requested"}


async def checkin_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    today = svc.event_today(ctx.seminar)
    days = ctx.seminar.dates.days()
    repo = RegistrationRepo(ctx.session)
    approved = (await repo.count_by_status()).get(S.APPROVED, 0)
    lines = [ctx.l10n("registration-checkin-title")]
    if today in days:
        lines.append(
            ctx.l10n(
                "registration-checkin-today",
                day=fmt_date(today, ctx.lang),
                present=await repo.present_count(today),
                approved=approved,
            )
        )
    else:
        lines.append(ctx.l10n("registration-checkin-not-today", day=fmt_date(today, ctx.lang)))
    for day in days:
        if day != today:
            lines.append(
                ctx.l10n(
                    "registration-checkin-day",
                    day=fmt_date(day, ctx.lang),
                    present=await repo.present_count(day),
                )
            )
    lines += ["", ctx.l10n("registration-checkin-howto")]
    return {
        "body": "\n".join(lines),
        "days": [("📍 " + fmt_date(d, ctx.lang), d.isoformat()) for d in days],
        "event_day": today in days,
    }
