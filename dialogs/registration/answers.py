"""The registration wizard's answer callbacks: one handler per kind of field (typed text,
phone, choice and invite code, yes/no, date, economy, multi-choice), each checking the
input through `services.registration` and storing it with `handlers.store`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, ManagedCalendar, ManagedMultiselect, Select

from core.economies import ECONOMY_INTERNATIONAL, ECONOMY_OTHER
from core.event import RegistrationField
from core.formatting import special_economies
from dialogs.registration.handlers import (
    _clear_error,
    _current_field,
    _registration,
    set_error,
    store,
)
from services import registration as svc
from ui.context import Ctx
from ui.states import RegistrationSG

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


async def on_profile_name(
    _callback: CallbackQuery, _button: Button, manager: DialogManager
) -> None:
    """One tap: the name of the Telegram profile, as offered by the name question."""
    field = _current_field(manager)
    if _wrong_window(manager, field, "text") or field is None or field.id != svc.NAME_FIELD:
        return
    ctx = Ctx.from_manager(manager)
    user = ctx.event_from_user
    try:
        value = svc.parse_text(field, user.full_name if user else "")
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
    if len(matches) == 1 and svc.valid_economy(ctx.seminar, matches[0][1]):
        assert field is not None  # one match: taken at once (shown in the summary, editable)
        await store(manager, field, matches[0][1])
        return
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
