"""Organisers' decisions: approve, waitlist, reject (with an optional reason), offer a freed
place, focal point, role; invitation letters; venue check-in codes. Every action is
audited by the service in the same transaction; the delegate is told in their language."""

from __future__ import annotations

import asyncio
from datetime import date

from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Select

from dialogs.profile.handlers import erase_person
from services import notify
from services import registration as svc
from services.bulk_decisions import decide_and_tell
from services.roles import Role, role_of
from storage.models.registration import InvitationLetter
from storage.repositories.registrations import RegistrationRepo
from ui import callbacks, letters
from ui.context import Ctx, fmt_date
from ui.states import AdminRegSG

REASON_LIMIT = 500


async def _staff(manager: DialogManager, callback: CallbackQuery | None = None) -> Ctx | None:
    """The context if the user is still staff (a role can be taken away mid-dialog)."""
    ctx = Ctx.from_manager(manager)
    if await role_of(ctx.user.id, ctx.session, ctx.settings) is None:
        if callback is not None:
            await callback.answer(ctx.l10n("registration-staff-only"), show_alert=True)
        await manager.done()
        return None
    return ctx


async def on_filter(
    _callback: CallbackQuery, _widget: Select[str], manager: DialogManager, status: str
) -> None:
    manager.dialog_data["flt"] = status


async def on_open(
    _callback: CallbackQuery, _widget: Select[str], manager: DialogManager, item: str
) -> None:
    manager.dialog_data["rid"] = int(item)
    await manager.switch_to(AdminRegSG.detail)


async def _apply(
    manager: DialogManager,
    ctx: Ctx,
    action: str,
    reason: str | None,
    callback: CallbackQuery | None,
) -> None:
    reg = await RegistrationRepo(ctx.session).get(int(manager.dialog_data.get("rid", 0)))
    if reg is None:
        await manager.switch_to(AdminRegSG.detail)
        return
    try:
        outcome, _told = await decide_and_tell(
            ctx, reg, action, ctx.user.id, reason, callbacks.offer_place
        )
    except svc.NoPlace:
        manager.dialog_data["err"] = "registration-no-place"
        await manager.switch_to(AdminRegSG.detail)
        return
    if not outcome.changed:
        manager.dialog_data["err"] = "registration-queue-stale"
    else:
        if callback is not None:
            await callback.answer(ctx.l10n(f"registration-did-{action}"))
    await manager.switch_to(AdminRegSG.detail)


async def on_approve(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    if ctx := await _staff(manager, callback):
        await _apply(manager, ctx, "approve", None, callback)


async def on_promote(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    if ctx := await _staff(manager, callback):
        await _apply(manager, ctx, "promote", None, callback)


async def _ask_reason(manager: DialogManager, act: str) -> None:
    manager.dialog_data["act"] = act
    await manager.switch_to(AdminRegSG.reason)


async def on_waitlist(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await _ask_reason(manager, "waitlist")


async def on_reject(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await _ask_reason(manager, "reject")


async def on_letter_reject(
    _callback: CallbackQuery, _button: Button, manager: DialogManager
) -> None:
    await _ask_reason(manager, "letter_reject")


async def _decide_with(
    manager: DialogManager, reason: str | None, callback: CallbackQuery | None = None
) -> None:
    ctx = await _staff(manager, callback)
    if ctx is None:
        return
    act = manager.dialog_data.pop("act", None)
    if act == "letter_reject":
        letter = await ctx.session.get(InvitationLetter, int(manager.dialog_data.get("lid", 0)))
        if letter is not None:
            key = await letters.reject(ctx, letter, ctx.user.id, reason)
            if callback is not None:
                await callback.answer(ctx.l10n(key))
        await manager.switch_to(AdminRegSG.letters)
        return
    if act in ("waitlist", "reject"):
        await _apply(manager, ctx, act, reason, callback)
        return
    await manager.switch_to(AdminRegSG.detail)


async def on_reason_text(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    reason = svc.clean_text(message.text or "")
    if not reason or reason.startswith("/"):
        manager.dialog_data["err"] = "registration-error-type-text"
        return
    if len(reason) > REASON_LIMIT:
        manager.dialog_data["err"] = "registration-error-too-long"
        manager.dialog_data["err_args"] = {"max": REASON_LIMIT, "length": len(reason)}
        return
    await _decide_with(manager, reason)


async def on_no_reason(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await _decide_with(manager, None, callback)


async def on_reason_back(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    act = manager.dialog_data.pop("act", None)
    await manager.switch_to(AdminRegSG.letter if act == "letter_reject" else AdminRegSG.detail)


async def on_focal(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    ctx = await _staff(manager, callback)
    if ctx is None:
        return
    reg = await RegistrationRepo(ctx.session).get(int(manager.dialog_data.get("rid", 0)))
    if reg is not None:
        await svc.set_focal_point(ctx.session, reg, not reg.focal_point, ctx.user.id)


async def on_role(
    callback: CallbackQuery, _widget: Select[str], manager: DialogManager, role: str
) -> None:
    ctx = await _staff(manager, callback)
    if ctx is None:
        return
    field = ctx.seminar.registration.field("role")
    reg = await RegistrationRepo(ctx.session).get(int(manager.dialog_data.get("rid", 0)))
    if reg is not None and field is not None and field.option(role) is not None:
        await svc.set_role(ctx.session, reg, role, ctx.user.id)
    await manager.switch_to(AdminRegSG.detail)


async def on_erase(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    """The overseer erases one participant's personal data, as `/forget` would: the
    participant is told, a freed funded place is offered, the audit keeps who erased (not
    whom: that would be personal data again)."""
    ctx = Ctx.from_manager(manager)
    if await role_of(ctx.user.id, ctx.session, ctx.settings) != Role.OVERSEER:
        await callback.answer(ctx.l10n("registration-erase-person-overseer"), show_alert=True)
        await manager.switch_to(AdminRegSG.detail)
        return
    reg = await RegistrationRepo(ctx.session).get(int(manager.dialog_data.get("rid", 0)))
    if reg is None:  # erased meanwhile (by them or another tap)
        await manager.switch_to(AdminRegSG.erase)
        return
    user_id = reg.user_id
    if user_id == ctx.user.id:
        await callback.answer(ctx.l10n("registration-erase-person-own"), show_alert=True)
        return
    told = ctx.i18n.get(await notify.language_of(ctx.session, user_id))
    await erase_person(ctx, user_id, reg, erased_by=ctx.user.id)
    manager.dialog_data.pop("rid", None)
    await callback.answer(ctx.l10n("registration-erased-person"))
    await notify.send_text(ctx.messenger, user_id, told("registration-erased-by-organisers"))
    await manager.switch_to(AdminRegSG.list)


async def on_letter_open(
    _callback: CallbackQuery, _widget: Select[str], manager: DialogManager, item: str
) -> None:
    manager.dialog_data["lid"] = int(item)
    await manager.switch_to(AdminRegSG.letter)


async def on_letter_approve(
    callback: CallbackQuery, _button: Button, manager: DialogManager
) -> None:
    ctx = await _staff(manager, callback)
    if ctx is None:
        return
    letter = await ctx.session.get(InvitationLetter, int(manager.dialog_data.get("lid", 0)))
    if letter is not None:
        key = await letters.approve_and_send(ctx, letter, ctx.user.id)
        await callback.answer(ctx.l10n(key), show_alert=key == "registration-letter-failed")
    await manager.switch_to(AdminRegSG.letters)


# --------------------------------------------------------------------------- check-in


async def send_venue_qr(ctx: Ctx, day: date, *, renew: bool = False) -> None:
    code = await svc.venue_code(ctx.session, day, ctx.user.id, renew=renew)
    url = await ctx.messenger.deep_link(f"venue-{code}")
    caption = ctx.l10n("registration-venue-caption", day=fmt_date(day, ctx.lang), url=url)
    await ctx.bot.send_photo(
        ctx.user.id,
        BufferedInputFile(
            await asyncio.to_thread(notify.qr_png, url), filename=f"venue-{day.isoformat()}.png"
        ),
        caption=caption,
    )


async def on_day(
    callback: CallbackQuery, _widget: Select[str], manager: DialogManager, item: str
) -> None:
    ctx = await _staff(manager, callback)
    if ctx is None:
        return
    day = date.fromisoformat(item)
    if day not in ctx.seminar.dates.days():
        return
    await send_venue_qr(ctx, day)
    manager.show_mode = ShowMode.DELETE_AND_SEND


async def on_renew(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    ctx = await _staff(manager, callback)
    if ctx is None:
        return
    today = svc.event_today(ctx.seminar)
    if today not in ctx.seminar.dates.days():
        await callback.answer(ctx.l10n("registration-checkin-renew-not-today"), show_alert=True)
        return
    await send_venue_qr(ctx, today, renew=True)
    manager.show_mode = ShowMode.DELETE_AND_SEND
