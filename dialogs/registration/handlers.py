"""The registration wizard's callbacks: consent, one handler per kind of answer, summary.

Every answer is stored at once (`svc.save_answer`), so the wizard resumes at the same
field after a restart or after the delegate left. Dialog data: `mode` ("wizard", or
"profile" when a registered delegate edits), `f` (the current field id), `edit` (came
from the summary), `err` / `err_args` (the last bad input, shown above the question),
`q` (economy search).
"""

from __future__ import annotations

import contextlib
import logging
from datetime import date
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode, StartMode
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, ManagedCalendar, ManagedMultiselect, Select

from core.economies import ECONOMY_INTERNATIONAL, ECONOMY_OTHER
from core.event import RegistrationField
from core.formatting import special_economies
from dialogs.registration.calendar import open_at
from services import notify
from services import registration as svc
from storage.models.registration import (
    Registration,
    RegistrationStatus,
)
from storage.repositories.registrations import get_by_user
from ui.context import Ctx
from ui.states import MainSG, ProfileSG, RegistrationSG

log = logging.getLogger(__name__)

S = RegistrationStatus

STATE_OF_TYPE = {
    "text": RegistrationSG.text,
    "email": RegistrationSG.text,
    "number": RegistrationSG.text,
    "phone": RegistrationSG.phone,
    "choice": RegistrationSG.choice,
    "boolean": RegistrationSG.boolean,
    "date": RegistrationSG.date,
    "economy": RegistrationSG.economy,
    "multi_choice": RegistrationSG.multi,
    "sessions": RegistrationSG.multi,
}
EDITABLE_STATUSES = (S.DRAFT, S.WITHDRAWN)
PROFILE_STATUSES = (S.SUBMITTED, S.APPROVED, S.WAITLISTED)


# --------------------------------------------------------------------------- entry points


def start_data_for(seminar: Any, registration: Registration | None) -> tuple[Any, dict[str, Any]]:
    """Where the wizard opens for this registration: consent, the next field or the summary."""
    if registration is None or registration.consent_version != seminar.privacy.version:
        return RegistrationSG.consent, {"mode": "wizard"}
    field = svc.next_field(seminar, registration.answers or {})
    if field is None:
        return RegistrationSG.summary, {"mode": "wizard"}
    return STATE_OF_TYPE[field.type], {"mode": "wizard", "f": field.id}


async def open_registration(manager: DialogManager, mode: StartMode = StartMode.NORMAL) -> None:
    """The menu's Registration entry: the wizard for a draft, else the profile."""
    ctx = Ctx.from_manager(manager)
    registration = await get_by_user(ctx.session, ctx.user.id)
    if registration is not None and registration.status not in (S.DRAFT,):
        await manager.start(ProfileSG.view, mode=mode)
        return
    state, data = start_data_for(ctx.seminar, registration)
    await manager.start(state, data=data, mode=mode)


async def on_menu_registration(
    _callback: CallbackQuery, _button: Button, manager: DialogManager
) -> None:
    await open_registration(manager)


async def on_wizard_start(start_data: Any, manager: DialogManager) -> None:
    data = start_data if isinstance(start_data, dict) else {}
    manager.dialog_data["mode"] = data.get("mode", "wizard")
    field_id = data.get("f")
    if field_id:
        ctx = Ctx.from_manager(manager)
        field = ctx.seminar.registration.field(field_id)
        registration = await get_by_user(ctx.session, ctx.user.id)
        if field is not None and registration is not None:
            await _prepare(manager, field, registration)


# --------------------------------------------------------------------------- navigation


async def _registration(manager: DialogManager) -> Registration | None:
    ctx = Ctx.from_manager(manager)
    return await get_by_user(ctx.session, ctx.user.id)


def _current_field(manager: DialogManager) -> RegistrationField | None:
    ctx = Ctx.from_manager(manager)
    field_id = manager.dialog_data.get("f")
    return ctx.seminar.registration.field(field_id) if field_id else None


def _clear_error(manager: DialogManager) -> None:
    manager.dialog_data.pop("err", None)
    manager.dialog_data.pop("err_args", None)


def set_error(manager: DialogManager, error: svc.InputError) -> None:
    """Show `error` above the same question; the answer so far is kept."""
    manager.dialog_data["err"] = error.key
    manager.dialog_data["err_args"] = {
        k: v for k, v in error.args_.items() if isinstance(v, str | int | float)
    }


async def _prepare(manager: DialogManager, field: RegistrationField, reg: Registration) -> None:
    """Load the current answer into the widgets of the field's window."""
    value = (reg.answers or {}).get(field.id)
    if field.type in ("multi_choice", "sessions"):
        multi: ManagedMultiselect[str] = manager.find("ms")  # type: ignore[assignment]
        await multi.reset_checked()
        for item in value if isinstance(value, list) else []:
            await multi.set_checked(str(item), True)
    elif field.type == "date":
        calendar: ManagedCalendar = manager.find("cal")  # type: ignore[assignment]
        ctx = Ctx.from_manager(manager)
        day = ctx.seminar.dates.start
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                day = date.fromisoformat(value)
        open_at(calendar.widget, manager, day)


async def goto_field(
    manager: DialogManager, field: RegistrationField, reg: Registration, *, edit: bool | None = None
) -> None:
    manager.dialog_data["f"] = field.id
    if edit is not None:
        manager.dialog_data["edit"] = edit
    manager.dialog_data.pop("q", None)
    _clear_error(manager)
    await _prepare(manager, field, reg)
    await manager.switch_to(STATE_OF_TYPE[field.type])


async def goto_summary(manager: DialogManager) -> None:
    manager.dialog_data.pop("f", None)
    manager.dialog_data["edit"] = False
    _clear_error(manager)
    await manager.switch_to(RegistrationSG.summary)


async def advance(manager: DialogManager, reg: Registration) -> None:
    """After an answer: the next unanswered field asked, else the summary."""
    ctx = Ctx.from_manager(manager)
    field = svc.next_field(ctx.seminar, reg.answers or {})
    if field is None:
        await goto_summary(manager)
    else:
        await goto_field(manager, field, reg)


async def store(manager: DialogManager, field: RegistrationField, value: Any) -> None:
    """Save one answer, tell organisers about edits of approved registrations, move on."""
    ctx = Ctx.from_manager(manager)
    reg = await get_by_user(ctx.session, ctx.user.id)
    if reg is None:  # erased meanwhile: start again from the consent
        await manager.start(
            RegistrationSG.consent, data={"mode": "wizard"}, mode=StartMode.RESET_STACK
        )
        return
    if manager.dialog_data.get("mode") == "profile" and svc.is_locked(field):
        set_error(manager, svc.InputError("registration-error-locked"))
        return
    changed = (reg.answers or {}).get(field.id, object()) != value
    await svc.save_answer(ctx.session, reg, field.id, value)
    if changed and reg.status == S.APPROVED:
        await notify.edited(ctx, reg, field)
    await advance(manager, reg)


async def on_back(_event: Any, _widget: Any, manager: DialogManager) -> None:
    """Back: to the summary when editing, else to the previous field (or the consent)."""
    _clear_error(manager)
    if manager.dialog_data.get("edit") or manager.dialog_data.get("mode") == "profile":
        await goto_summary(manager)
        return
    ctx = Ctx.from_manager(manager)
    reg = await _registration(manager)
    current = manager.dialog_data.get("f")
    previous = (
        svc.previous_field(ctx.seminar, reg.answers or {}, current) if reg and current else None
    )
    if previous is None or reg is None:
        await manager.switch_to(RegistrationSG.consent)
        return
    await goto_field(manager, previous, reg)


async def on_skip(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    field = _current_field(manager)
    if field is None:
        return
    if field.required:
        set_error(manager, svc.InputError("registration-error-required"))
        return
    await store(manager, field, None)


async def on_save_and_exit(
    callback: CallbackQuery, _button: Button, manager: DialogManager
) -> None:
    """Leave the wizard; what was entered stays as a draft."""
    ctx = Ctx.from_manager(manager)
    await callback.answer(ctx.l10n("registration-draft-saved"))
    await manager.done()


# --------------------------------------------------------------------------- consent


async def on_accept(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    reg = await svc.accept_consent(ctx.session, ctx.user.id, ctx.seminar.privacy.version)
    if reg.status not in EDITABLE_STATUSES:
        await manager.start(ProfileSG.view, mode=StartMode.RESET_STACK)
        return
    await advance(manager, reg)


async def on_to_summary(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await goto_summary(manager)


# --------------------------------------------------------------------------- typed answers


def _wrong_window(manager: DialogManager, field: RegistrationField | None, *types: str) -> bool:
    return field is None or field.type not in types


async def on_text(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    """Typed answer to a text, e-mail or number field."""
    field = _current_field(manager)
    if _wrong_window(manager, field, "text", "email", "number"):
        return
    assert field is not None
    if message.text is None:  # a photo, a sticker...; a blank text is "empty" below
        set_error(manager, svc.InputError("registration-error-type-text"))
        return
    try:
        value: Any
        if field.type == "email":
            value = svc.parse_email(message.text)
        elif field.type == "number":
            value = svc.parse_number(field, message.text)
        else:
            value = svc.parse_text(field, message.text)
    except svc.InputError as error:
        set_error(manager, error)
        return
    await store(manager, field, value)


async def on_phone(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    """A shared contact (the reply-keyboard button) or a typed number."""
    field = _current_field(manager)
    if _wrong_window(manager, field, "phone"):
        return
    assert field is not None
    raw: str | None = None
    if message.contact is not None:
        sender = message.from_user.id if message.from_user else None
        if message.contact.user_id is not None and message.contact.user_id != sender:
            set_error(manager, svc.InputError("registration-error-phone-not-yours"))
            return
        raw = message.contact.phone_number
    elif message.text:
        raw = message.text
    if raw is None:
        set_error(manager, svc.InputError("registration-error-phone"))
        return
    try:
        value = svc.parse_phone(raw)
    except svc.InputError as error:
        set_error(manager, error)
        return
    await store(manager, field, value)


async def on_choice(
    _callback: CallbackQuery, _widget: Select[str], manager: DialogManager, value: str
) -> None:
    field = _current_field(manager)
    if _wrong_window(manager, field, "choice"):
        return
    assert field is not None
    if field.option(value) is None or value in field.by_invite_code:
        set_error(manager, svc.InputError("registration-error-button"))
        return
    await store(manager, field, value)


async def on_choice_text(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    """Typed text where buttons are expected: an option's label, an invite code, or an error."""
    field = _current_field(manager)
    if _wrong_window(manager, field, "choice"):
        return
    assert field is not None
    ctx = Ctx.from_manager(manager)
    typed = svc.clean_text(message.text or "").lower()
    for option in field.options:
        if option.value in field.by_invite_code:
            continue
        if typed and typed in {label.lower() for label in option.label.root.values()}:
            await store(manager, field, option.value)
            return
    if field.by_invite_code and typed:
        role = ctx.seminar.role_for_invite_code(typed)
        if role is not None and role in field.by_invite_code:
            await store(manager, field, role)
            return
    set_error(manager, svc.InputError("registration-error-button"))


async def on_invite_button(
    _callback: CallbackQuery, _button: Button, manager: DialogManager
) -> None:
    _clear_error(manager)
    await manager.switch_to(RegistrationSG.invite)


async def on_invite_back(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    _clear_error(manager)
    await manager.switch_to(RegistrationSG.choice)


async def on_invite_text(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    field = _current_field(manager)
    if _wrong_window(manager, field, "choice"):
        return
    assert field is not None
    ctx = Ctx.from_manager(manager)
    role = ctx.seminar.role_for_invite_code(message.text or "")
    if role is None or role not in field.by_invite_code:
        set_error(manager, svc.InputError("registration-error-invite"))
        return
    await store(manager, field, role)


async def on_yes(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    field = _current_field(manager)
    if not _wrong_window(manager, field, "boolean"):
        assert field is not None
        await store(manager, field, True)


async def on_no(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    field = _current_field(manager)
    if not _wrong_window(manager, field, "boolean"):
        assert field is not None
        await store(manager, field, False)


async def on_boolean_text(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    field = _current_field(manager)
    if _wrong_window(manager, field, "boolean"):
        return
    assert field is not None
    try:
        value = svc.parse_boolean(message.text or "")
    except svc.InputError as error:
        set_error(manager, error)
        return
    await store(manager, field, value)


async def _store_date(manager: DialogManager, value: date) -> None:
    field = _current_field(manager)
    if _wrong_window(manager, field, "date"):
        return
    assert field is not None
    ctx = Ctx.from_manager(manager)
    reg = await _registration(manager)
    try:
        svc.check_date(ctx.seminar, field, value, (reg.answers or {}) if reg else {})
    except svc.InputError as error:
        set_error(manager, error)
        return
    await store(manager, field, value.isoformat())


async def on_date(
    _event: Any, _widget: ManagedCalendar, manager: DialogManager, value: date, /
) -> None:
    await _store_date(manager, value)


async def on_date_text(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    try:
        value = svc.parse_date_text(message.text or "")
    except svc.InputError as error:
        set_error(manager, error)
        return
    await _store_date(manager, value)


async def on_economy(
    _callback: CallbackQuery, _widget: Any, manager: DialogManager, code: str
) -> None:
    field = _current_field(manager)
    if _wrong_window(manager, field, "economy"):
        return
    assert field is not None
    ctx = Ctx.from_manager(manager)
    if not svc.valid_economy(ctx.seminar, code):
        set_error(manager, svc.InputError("registration-error-button"))
        return
    await store(manager, field, code)


async def on_economy_intl(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await on_economy(callback, None, manager, ECONOMY_INTERNATIONAL)


async def on_economy_other(
    callback: CallbackQuery, _button: Button, manager: DialogManager
) -> None:
    await on_economy(callback, None, manager, ECONOMY_OTHER)


async def on_economy_text(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    """Search as you type: the matches become the buttons."""
    field = _current_field(manager)
    if _wrong_window(manager, field, "economy"):
        return
    ctx = Ctx.from_manager(manager)
    query = svc.clean_text(message.text or "")[:40]
    if not query:
        key = "registration-error-type-text" if message.text is None else "registration-error-empty"
        set_error(manager, svc.InputError(key))
        return
    matches = svc.search_economies(ctx.seminar, query, ctx.lang, special_economies(ctx.l10n))
    _clear_error(manager)
    manager.dialog_data["q"] = query
    if not matches:
        set_error(manager, svc.InputError("registration-error-economy-none", query=query))
        manager.dialog_data.pop("q", None)


async def on_economy_all(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    manager.dialog_data.pop("q", None)
    _clear_error(manager)


async def on_multi_done(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    field = _current_field(manager)
    if _wrong_window(manager, field, "multi_choice", "sessions"):
        return
    assert field is not None
    multi: ManagedMultiselect[str] = manager.find("ms")  # type: ignore[assignment]
    ctx = Ctx.from_manager(manager)
    if field.type == "sessions":
        known = [s for s, _ in svc.session_items(ctx.seminar)]
    else:
        known = [o.value for o in field.options]
    checked = set(multi.get_checked())
    chosen = [item for item in known if item in checked]
    if not chosen and field.required:
        set_error(manager, svc.InputError("registration-error-pick-one"))
        return
    await store(manager, field, chosen or None)


async def on_buttons_only(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    set_error(manager, svc.InputError("registration-error-button"))


# --------------------------------------------------------------------------- summary


async def on_edit(
    _callback: CallbackQuery, _widget: Select[str], manager: DialogManager, field_id: str
) -> None:
    ctx = Ctx.from_manager(manager)
    field = ctx.seminar.registration.field(field_id)
    reg = await _registration(manager)
    if field is None or reg is None or not svc.field_visible(ctx.seminar, field, reg.answers or {}):
        return
    if manager.dialog_data.get("mode") == "profile" and svc.is_locked(field):
        return
    await goto_field(manager, field, reg, edit=True)


async def on_confirm(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    """Submit: one registration however often Confirm is tapped."""
    ctx = Ctx.from_manager(manager)
    reg = await _registration(manager)
    if reg is None:
        await manager.start(
            RegistrationSG.consent, data={"mode": "wizard"}, mode=StartMode.RESET_STACK
        )
        return
    missing = svc.next_field(ctx.seminar, reg.answers or {})
    if missing is not None:
        await goto_field(manager, missing, reg)
        return
    outcome = await svc.submit(ctx.session, ctx.seminar, reg)
    if outcome.changed:
        await notify.new_registration(ctx, outcome.registration)
    manager.dialog_data["result"] = outcome.registration.status
    await manager.switch_to(RegistrationSG.done)


async def on_profile_done(
    _callback: CallbackQuery, _button: Button, manager: DialogManager
) -> None:
    await manager.done()


async def on_to_profile(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await manager.start(ProfileSG.view, mode=StartMode.RESET_STACK)


async def on_to_menu(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await manager.start(MainSG.menu, mode=StartMode.RESET_STACK)


async def on_declined_menu(
    _callback: CallbackQuery, _button: Button, manager: DialogManager
) -> None:
    manager.show_mode = ShowMode.EDIT
    await manager.done()
