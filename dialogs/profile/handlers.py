"""My profile / My data: edit, withdraw, badge, invitation letter, download and erase."""

from __future__ import annotations

import contextlib
import logging
import re

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button

from dialogs.registration.handlers import (
    open_registration,
    set_error,
    travel_entry,
)
from services import notify
from services import registration as svc
from services.personal_data import erase_personal_data
from storage.models.registration import LetterStatus, Registration, RegistrationStatus
from storage.repositories.audit import AuditRepo
from storage.repositories.registrations import RegistrationRepo, get_by_user
from ui import callbacks, letters
from ui.context import Ctx, economy_name, esc
from ui.documents import send_personal_data
from ui.patches import forget_last_message
from ui.states import ProfileSG, RegistrationSG

log = logging.getLogger(__name__)
S = RegistrationStatus
PASSPORT_RE = re.compile(r"^[A-Z0-9]{5,20}$")


async def erase_person(
    ctx: Ctx, user_id: int, registration: Registration | None, *, erased_by: int | None = None
) -> None:
    """Erase everything stored about `user_id` (anonymous counts stay) and commit; a funded
    place it frees is offered to the waitlist. `erased_by`: the overseer who did it, for
    the audit (which names who erased, not whom)."""
    economy = None
    if registration is not None and svc.holds_place(registration):
        economy = registration.economy
    await erase_personal_data(ctx.session, user_id)
    if erased_by is not None:
        AuditRepo(ctx.session).add(erased_by, "personal_data.erase")
    await ctx.session.commit()
    await notify.offer_freed_place(ctx, economy, callbacks.offer_place)


async def erase_everything(ctx: Ctx) -> None:
    """`/forget`: erase the user's personal data and registration (anonymous counts stay)."""
    registration = await get_by_user(ctx.session, ctx.user.id)
    if registration is not None and registration.status not in (S.DRAFT, S.WITHDRAWN, S.REJECTED):
        await notify.tell_staff(
            ctx,
            lambda l10n, lang: (
                l10n(
                    "registration-staff-erased",
                    economy=esc(economy_name(ctx.seminar, registration.economy, lang, l10n)),
                ),
                None,
            ),
        )
    await erase_person(ctx, ctx.user.id, registration)


# --------------------------------------------------------------------------- view


async def on_edit(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await manager.start(RegistrationSG.summary, data={"mode": "profile"})


async def on_travel(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    """✈️ Travel details: the first one missing (or their summary); after the cut-off date,
    or when no longer open, a message says why."""
    entry = await travel_entry(Ctx.from_manager(manager))
    if isinstance(entry, svc.InputError):
        set_error(manager, entry)
        return
    state, data = entry
    await manager.start(state, data=data)


async def on_continue(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await open_registration(manager)


async def on_register_again(
    _callback: CallbackQuery, _button: Button, manager: DialogManager
) -> None:
    await manager.start(RegistrationSG.summary, data={"mode": "wizard"})


async def on_badge(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    registration = await get_by_user(ctx.session, ctx.user.id)
    if registration is None or registration.status != S.APPROVED:
        await callback.answer(ctx.l10n("registration-badge-none"), show_alert=True)
        return
    await notify.send_badge(
        ctx.messenger, ctx.user.id, ctx.seminar, registration, ctx.lang, ctx.l10n
    )
    manager.show_mode = ShowMode.DELETE_AND_SEND


async def on_mydata(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    await send_personal_data(ctx, ctx.user.id)
    manager.show_mode = ShowMode.DELETE_AND_SEND


# --------------------------------------------------------------------------- withdraw, forget


async def on_withdraw(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    registration = await get_by_user(ctx.session, ctx.user.id)
    if registration is None:
        await manager.switch_to(ProfileSG.view)
        return
    outcome = await svc.withdraw(ctx.session, registration)
    if outcome.changed:
        await callback.answer(ctx.l10n("registration-withdrawn"))
        await notify.withdrawn(ctx, registration)
        await notify.offer_freed_place(ctx, outcome.freed, callbacks.offer_place)
    await manager.switch_to(ProfileSG.view)


async def on_forget(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    """Erase, then leave no dialog state behind (it is personal data too)."""
    ctx = Ctx.from_manager(manager)
    text = ctx.l10n("registration-forgotten")
    stack = manager.current_stack()
    window_id = stack.last_message_id
    await erase_everything(ctx)
    # Before the reset, which saves the stack: a stack that keeps a message id is a row
    # (with the user's id in its key) written back after the erasure (ui/patches.py).
    forget_last_message(stack)
    await manager.reset_stack(remove_keyboard=False)
    if window_id is not None:
        with contextlib.suppress(*callbacks.SEND_ERRORS):
            await ctx.bot.delete_message(ctx.user.id, window_id)
    await callback.answer()
    await notify.send_text(ctx.messenger, ctx.user.id, text)


# --------------------------------------------------------------------------- letter


async def on_letter_request(
    callback: CallbackQuery, _button: Button, manager: DialogManager
) -> None:
    ctx = Ctx.from_manager(manager)
    path = letters.template_path(ctx)
    if path is None or not path.is_file():
        await callback.answer(ctx.l10n("registration-letter-unavailable"), show_alert=True)
        return
    manager.dialog_data.pop("err", None)
    await manager.switch_to(ProfileSG.passport)


async def on_passport(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    value = re.sub(r"[\s-]", "", (message.text or "")).upper()
    if not PASSPORT_RE.match(value):
        manager.dialog_data["err"] = "registration-error-passport"
        return
    manager.dialog_data.pop("err", None)
    manager.dialog_data["passport"] = value
    await manager.switch_to(ProfileSG.citizenship)


async def on_citizenship(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    value = svc.clean_text(message.text or "")
    if not value or len(value) > 100 or value.startswith("/"):
        manager.dialog_data["err"] = "registration-error-citizenship"
        return
    passport = manager.dialog_data.get("passport")
    registration = await get_by_user(ctx.session, ctx.user.id)
    if not passport or registration is None:
        await manager.switch_to(ProfileSG.view)
        return
    existing = await RegistrationRepo(ctx.session).letter(registration.id)
    if existing is not None and existing.status == LetterStatus.REQUESTED:
        await manager.switch_to(ProfileSG.letter)
        return
    manager.dialog_data.pop("err", None)
    manager.dialog_data.pop("passport", None)
    letter = await svc.request_letter(ctx.session, registration, passport, value)
    await notify.letter_requested(ctx, registration, letter, callbacks.letter_decision)
    await manager.switch_to(ProfileSG.letter)


async def on_letter_back(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    manager.dialog_data.pop("err", None)
    await manager.switch_to(ProfileSG.letter)


async def on_close(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await manager.done()
