"""Data of the registration windows. Everything typed by a user or taken from the event
file is escaped here: the texts are HTML."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from core.event import RegistrationField
from core.formatting import special_economies
from services import registration as svc
from storage.models.registration import Funding, RegistrationStatus
from storage.repositories.registrations import get_by_user
from ui.context import (
    Ctx,
    display,
    esc,
    fmt_date,
    retention_line,
    session_title,
    shorten,
    status_text,
    summary_lines,
)

BUTTON_LIMIT = 60
HINTS = {
    "text": "registration-hint-text",
    "email": "registration-hint-email",
    "number": "registration-hint-number",
    "phone": "registration-hint-phone",
    "choice": "registration-hint-choice",
    "boolean": "registration-hint-choice",
    "date": "registration-hint-date",
    "economy": "registration-hint-economy",
    "multi_choice": "registration-hint-multi",
    "sessions": "registration-hint-multi",
}


def take_error(manager: DialogManager, ctx: Ctx) -> str:
    """The last bad input's message (shown once, above the same question)."""
    key = manager.dialog_data.pop("err", None)
    raw_args = manager.dialog_data.pop("err_args", None) or {}
    if not key:
        return ""
    args = {k: esc(v) for k, v in raw_args.items()}
    return "⚠️ " + ctx.l10n(key, **args)


async def consent_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    privacy = ctx.seminar.privacy
    url = privacy.url or ""
    return {
        "notice": "\n\n".join(
            part
            for part in (
                esc(privacy.notice.get(ctx.lang)),
                retention_line(ctx.seminar, ctx.lang, ctx.l10n),
            )
            if part
        ),
        "version": esc(privacy.version),
        "url": esc(url),
        "has_url": bool(url),
        "event_title": esc(ctx.seminar.title.get(ctx.lang)),
    }


def _options(
    field: RegistrationField, lang: str, *, hide_invite: bool = True
) -> list[tuple[str, str]]:
    return [
        (shorten(o.label.get(lang), BUTTON_LIMIT), o.value)
        for o in field.options
        if not (hide_invite and o.value in field.by_invite_code)
    ]


async def field_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    data = dialog_manager.dialog_data
    reg = await get_by_user(ctx.session, ctx.user.id)
    answers = (reg.answers or {}) if reg else {}
    field = ctx.seminar.registration.field(data.get("f", ""))
    if field is None:  # the event file changed under an open dialog
        field = svc.next_field(ctx.seminar, answers) or ctx.seminar.registration.fields[0]
        data["f"] = field.id
    fields = svc.stage_fields(ctx.seminar, field.field_stage, answers)
    ids = [f.id for f in fields]
    step = ids.index(field.id) + 1 if field.id in ids else len(ids)
    lines = []
    error = take_error(dialog_manager, ctx)
    if error:
        lines += [error, ""]
    lines.append(
        ctx.l10n("registration-step", n=step, total=len(ids), label=esc(field.label.get(ctx.lang)))
    )
    prompt = field.prompt.get(ctx.lang) if field.prompt else field.label.get(ctx.lang)
    lines.append(esc(prompt))
    hint_key = HINTS[field.type]
    if field.type == "choice" and field.by_invite_code:
        hint_key = "registration-hint-role"
    user = ctx.event_from_user
    tg_name = ""
    if field.id == svc.NAME_FIELD and field.type == "text" and user is not None:
        tg_name = svc.clean_text(user.full_name)
        if tg_name:
            hint_key = "registration-hint-name"
    hint = ctx.l10n(hint_key)
    if not field.required:
        hint += " " + ctx.l10n("registration-hint-optional")
    lines += ["", f"<i>{hint}</i>"]
    current = answers.get(field.id)
    if field.id in answers and current is not None:
        shown = shorten(display(ctx.seminar, field, current, ctx.lang, ctx.l10n), 300)
        lines.append(ctx.l10n("registration-current", value=esc(shown)))
    editing = bool(data.get("edit")) or data.get("mode") == "profile"
    if data.get("mode") == "travel":
        lines.insert(0, ctx.l10n("registration-travel-title"))
    query = data.get("q") or ""
    if field.type == "economy" and query:
        economies = svc.search_economies(ctx.seminar, query, ctx.lang, special_economies(ctx.l10n))
        lines.append(ctx.l10n("registration-economy-matches", query=esc(query)))
    else:
        economies = svc.economy_items(ctx.seminar, ctx.lang)
    if field.type == "sessions":
        options = [
            (shorten(session_title(ctx.seminar, sid, ctx.lang), BUTTON_LIMIT), sid)
            for sid, _day in svc.session_items(ctx.seminar)
        ]
    else:
        options = _options(field, ctx.lang)
    return {
        "body": "\n".join(lines),
        "optional": not field.required,
        "can_invite": bool(field.by_invite_code),
        "options": options,
        "economies": economies,
        "searching": bool(query),
        "not_searching": not query,
        "wizard": not editing,
        "editing": editing,
        "invite_body": "\n".join(
            ([error, ""] if error else []) + [ctx.l10n("registration-invite-prompt")]
        ),
        "placeholder": ctx.l10n("registration-phone-placeholder"),
        "tg_name": shorten(tg_name, BUTTON_LIMIT) if tg_name else "",
    }


async def summary_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    """The answers of the stage walked, an ✏️ button each; Confirm (nomination) or Done."""
    ctx = Ctx.from_manager(dialog_manager)
    reg = await get_by_user(ctx.session, ctx.user.id)
    mode = dialog_manager.dialog_data.get("mode")
    travel = mode == "travel"
    profile = mode == "profile" or travel
    if reg is None:
        return {
            "body": ctx.l10n("registration-status-none"),
            "fields": [],
            "wizard": False,
            "profile": profile,
        }
    answers = reg.answers or {}
    stage = svc.TRAVEL if travel else svc.NOMINATION
    fields = svc.stage_fields(ctx.seminar, stage, answers)
    editable = [
        (shorten("✏️ " + f.label.get(ctx.lang), BUTTON_LIMIT), f.id)
        for f in fields
        if not (profile and svc.is_locked(f))
    ]
    if travel:
        head = ctx.l10n("registration-travel-summary")
    else:
        head = ctx.l10n("registration-summary-profile" if profile else "registration-summary")
    body = f"{head}\n\n{summary_lines(ctx.seminar, reg, ctx.lang, ctx.l10n, stage=stage)}"
    if travel:
        until = svc.travel_edit_until(ctx.seminar)
        body += "\n\n<i>" + ctx.l10n("registration-travel-until", date=fmt_date(until, ctx.lang))
        body += "</i>"
    elif profile and any(svc.is_locked(f) for f in fields):
        body += "\n\n<i>" + ctx.l10n("registration-summary-locked") + "</i>"
    error = take_error(dialog_manager, ctx)
    if error:
        body = f"{error}\n\n{body}"
    return {
        "body": body,
        "fields": editable,
        "wizard": not profile,
        "profile": profile,
    }


async def done_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    reg = await get_by_user(ctx.session, ctx.user.id)
    if reg is None:
        return {"body": ctx.l10n("registration-status-none"), "follow": False}
    if reg.status == RegistrationStatus.WAITLISTED:
        body = ctx.l10n("registration-done-waitlisted", quota=ctx.seminar.quotas.funded_per_economy)
    else:
        body = ctx.l10n("registration-done-submitted")
        if reg.funding in (Funding.FUNDED, Funding.ALTERNATE):
            body += "\n\n" + ctx.l10n(f"registration-funding-{reg.funding}")
    if svc.has_travel_stage(ctx.seminar):
        key = "registration-done-travel" if svc.travel_open(reg) else "registration-travel-later"
        body += "\n\n" + ctx.l10n(key)
    # Sessions of interest are followed in the programme (unless the form still asks them).
    follow = bool(ctx.seminar.agenda.days) and not any(
        f.type == "sessions" for f in ctx.seminar.registration.fields
    )
    if follow:
        body += "\n\n" + ctx.l10n("registration-done-follow")
    body += "\n\n" + ctx.l10n("registration-status-line", status=status_text(reg, ctx.l10n))
    return {"body": body, "follow": follow}
