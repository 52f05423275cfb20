"""Registration outside the dialogs: check-in deep links (`/start checkin-<token>` from a
badge, `/start venue-<code>` from the venue's QR), `/mydata`, `/forget`, `/cancel` in the
wizard, and organisers' one-tap decisions on letters and freed places."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram_dialog import DialogManager, StartMode

from services import notify
from services import registration as svc
from services.bulk_decisions import decide_and_tell
from services.roles import role_of
from storage.models.registration import InvitationLetter, RegistrationStatus
from storage.repositories.audit import AuditRepo
from storage.repositories.registrations import RegistrationRepo, get_by_user
from ui import callbacks, letters
from ui.access import StaffOnly
from ui.context import Ctx, fmt_date, person
from ui.documents import send_personal_data
from ui.filters import IsCommand
from ui.patches import open_dialog_context
from ui.states import MainSG, ProfileSG, RegistrationSG

log = logging.getLogger(__name__)

# No staff-only commands here (the check-in link answers everyone, differently).
STAFF_COMMANDS: frozenset[str] = frozenset()

CHECKIN_ARGS = r"^checkin-([A-Za-z0-9_-]{8,48})$"
VENUE_ARGS = r"^venue-([A-Za-z0-9_-]{4,32})$"


def _in_groups(*groups: type) -> Any:
    """A filter: the user's open dialog is in one of these state groups."""

    async def check(_event: TelegramObject, **data: Any) -> bool:
        context = open_dialog_context(data)
        return context is not None and context.state.group in groups

    return check


async def cmd_checkin(message: Message, command: CommandObject, **data: Any) -> None:
    """A badge was scanned: staff mark the participant present today."""
    ctx = Ctx.from_data(data)
    token = (command.args or "").removeprefix("checkin-")
    repo = RegistrationRepo(ctx.session)
    reg = await repo.by_token(token)
    role = await role_of(ctx.user.id, ctx.session, ctx.settings)
    if role is None:
        own = reg is not None and reg.user_id == ctx.user.id
        await message.answer(
            ctx.l10n("registration-checkin-own" if own else "registration-checkin-staff-only")
        )
        return
    if reg is None:
        await message.answer(ctx.l10n("registration-checkin-unknown"))
        return
    who = person(ctx.seminar, reg, ctx.lang, ctx.l10n)
    if reg.status != RegistrationStatus.APPROVED:
        await message.answer(
            ctx.l10n(
                "registration-checkin-not-approved",
                who=who,
                status=ctx.l10n(f"registration-status-{reg.status}"),
            )
        )
        return
    today = svc.event_today(ctx.seminar)
    if today not in ctx.seminar.dates.days():
        await message.answer(
            ctx.l10n("registration-checkin-no-event", day=fmt_date(today, ctx.lang))
        )
        return
    attendance, new = await svc.check_in(ctx.session, reg, today, "badge", ctx.user.id)
    if not new:
        at = attendance.at.astimezone(ctx.seminar.tz)
        await message.answer(ctx.l10n("registration-checkin-already", who=who, at=f"{at:%H:%M}"))
        return
    AuditRepo(ctx.session).add(
        ctx.user.id, "checkin.badge", f"registration:{reg.id}", today.isoformat()
    )
    await ctx.session.commit()
    await message.answer(
        ctx.l10n("registration-checkin-done", who=who, day=fmt_date(today, ctx.lang))
    )
    lang = await notify.language_of(ctx.session, reg.user_id)
    await notify.send_text(
        ctx.messenger,
        reg.user_id,
        ctx.i18n.get(lang)("registration-checkin-welcome", day=fmt_date(today, lang)),
    )


async def cmd_venue(message: Message, command: CommandObject, **data: Any) -> None:
    """The venue's QR code of the day: an approved participant checks in."""
    ctx = Ctx.from_data(data)
    code = (command.args or "").removeprefix("venue-")
    repo = RegistrationRepo(ctx.session)
    day = await repo.day_of_venue_code(code)
    today = svc.event_today(ctx.seminar)
    if day is None:
        await message.answer(ctx.l10n("registration-venue-invalid"))
        return
    if day != today:
        await message.answer(ctx.l10n("registration-venue-other-day", day=fmt_date(day, ctx.lang)))
        return
    reg = await get_by_user(ctx.session, ctx.user.id)
    if reg is None or reg.status != RegistrationStatus.APPROVED:
        await message.answer(ctx.l10n("registration-venue-not-approved"))
        return
    _attendance, new = await svc.check_in(ctx.session, reg, today, "venue", None)
    key = "registration-checkin-welcome" if new else "registration-venue-already"
    await message.answer(ctx.l10n(key, day=fmt_date(today, ctx.lang)))


async def cmd_mydata(message: Message, **data: Any) -> None:
    ctx = Ctx.from_data(data)
    await send_personal_data(ctx, message.chat.id)


async def cmd_forget(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(ProfileSG.forget, mode=StartMode.RESET_STACK)


async def cmd_cancel(message: Message, dialog_manager: DialogManager, **data: Any) -> None:
    """Leave the wizard (or the letter request); what was entered stays as a draft."""
    ctx = Ctx.from_data(data)
    await message.answer(ctx.l10n("registration-cancelled"))
    await dialog_manager.start(MainSG.menu, mode=StartMode.RESET_STACK)


async def on_letter_decision(
    callback: CallbackQuery, callback_data: callbacks.LetterCB, **data: Any
) -> None:
    ctx = Ctx.from_data(data)
    letter = await ctx.session.get(InvitationLetter, callback_data.letter)
    if letter is None:
        await callback.answer(ctx.l10n("registration-letter-already"), show_alert=True)
        return
    if callback_data.ok:
        key = await letters.approve_and_send(ctx, letter, ctx.user.id)
    else:
        key = await letters.reject(ctx, letter, ctx.user.id, None)
    await callback.answer(ctx.l10n(key), show_alert=key == "registration-letter-failed")
    if key != "registration-letter-failed" and isinstance(callback.message, Message):
        with contextlib.suppress(*callbacks.SEND_ERRORS):
            await callback.message.edit_reply_markup(reply_markup=None)


async def on_offer_place(
    callback: CallbackQuery, callback_data: callbacks.PlaceCB, **data: Any
) -> None:
    ctx = Ctx.from_data(data)
    reg = await RegistrationRepo(ctx.session).get(callback_data.registration)
    if reg is None:
        await callback.answer(ctx.l10n("registration-queue-gone"), show_alert=True)
        return
    try:
        outcome, _told = await decide_and_tell(
            ctx, reg, "promote", ctx.user.id, None, callbacks.offer_place
        )
    except svc.NoPlace:
        await callback.answer(ctx.l10n("registration-no-place"), show_alert=True)
        return
    if not outcome.changed:
        await callback.answer(ctx.l10n("registration-queue-stale"), show_alert=True)
        return
    await callback.answer(ctx.l10n("registration-did-promote"))
    if isinstance(callback.message, Message):
        with contextlib.suppress(*callbacks.SEND_ERRORS):
            await callback.message.edit_reply_markup(reply_markup=None)


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(IsCommand())  # its message handlers are all commands
    r.message.register(cmd_checkin, CommandStart(deep_link=True, magic=F.args.regexp(CHECKIN_ARGS)))
    r.message.register(cmd_venue, CommandStart(deep_link=True, magic=F.args.regexp(VENUE_ARGS)))
    r.message.register(cmd_mydata, Command("mydata"))
    r.message.register(cmd_forget, Command("forget"))
    r.message.register(
        cmd_cancel,
        Command("cancel"),
        _in_groups(RegistrationSG, ProfileSG),
    )
    r.callback_query.register(on_letter_decision, callbacks.LetterCB.filter(), StaffOnly())
    r.callback_query.register(on_offer_place, callbacks.PlaceCB.filter(), StaffOnly())
    return r
