"""The registration wizard's callbacks: consent, one handler per kind of answer, summary.

Every answer is stored at once (`svc.save_answer`), so the wizard resumes at the same
field after a restart or after the delegate left. The wizard walks one stage of the form
(`services/registration/stages.py`): the nomination ("wizard" and "profile" modes) or,
once open, the travel details ("travel" mode). Dialog data: `mode` ("wizard"; "profile"
when a registered delegate edits the nomination; "travel" for travel details), `f` (the
current field id), `edit` (came from the summary), `err` / `err_args` (the last bad input,
shown above the question), `q` (economy search).
"""

from __future__ import annotations

import contextlib
import logging
from datetime import date
from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, ShowMode, StartMode
from aiogram_dialog.widgets.kbd import Button, ManagedCalendar, ManagedMultiselect, Select

from core.event import RegistrationField, Stage
from dialogs.registration.calendar import open_at
from services import notify
from services import registration as svc
from storage.models.registration import (
    Registration,
    RegistrationStatus,
)
from storage.repositories.registrations import get_by_user
from ui.context import Ctx, fmt_date
from ui.states import MainSG, ProfileSG, ProgrammeSG, RegistrationSG

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


def stage_of(manager: DialogManager) -> Stage:
    """The stage the wizard walks: travel details in "travel" mode, else the nomination."""
    return svc.TRAVEL if manager.dialog_data.get("mode") == "travel" else svc.NOMINATION


def start_data_for(seminar: Any, registration: Registration | None) -> tuple[Any, dict[str, Any]]:
    """Where the wizard opens for this registration: consent, the next field or the summary."""
    if registration is None or registration.consent_version != seminar.privacy.version:
        return RegistrationSG.consent, {"mode": "wizard"}
    field = svc.next_stage_field(seminar, svc.NOMINATION, registration.answers or {})
    if field is None:
        return RegistrationSG.summary, {"mode": "wizard"}
    return STATE_OF_TYPE[field.type], {"mode": "wizard", "f": field.id}


def travel_start_for(seminar: Any, registration: Registration) -> tuple[Any, dict[str, Any]]:
    """Where travel details open: the first one missing, else their summary."""
    field = svc.next_stage_field(seminar, svc.TRAVEL, registration.answers or {})
    if field is None:
        return RegistrationSG.summary, {"mode": "travel"}
    return STATE_OF_TYPE[field.type], {"mode": "travel", "f": field.id}


def travel_refusal(ctx: Ctx, registration: Registration | None) -> svc.InputError | None:
    """Why this delegate cannot change travel details now (None: they can)."""
    key = svc.travel_refusal(ctx.seminar, registration, svc.event_today(ctx.seminar))
    if key is None:
        return None
    return svc.InputError(key, date=fmt_date(svc.travel_edit_until(ctx.seminar), ctx.lang))


async def travel_entry(ctx: Ctx) -> tuple[Any, dict[str, Any]] | svc.InputError:
    """Where ✈️ Travel details opens for the user (`travel_start_for`), or why it does not."""
    registration = await get_by_user(ctx.session, ctx.user.id)
    refusal = travel_refusal(ctx, registration)
    if refusal is not None or registration is None:
        return refusal or svc.InputError("registration-travel-not-open")
    return travel_start_for(ctx.seminar, registration)


async def on_travel_link(callback: CallbackQuery, dialog_manager: DialogManager) -> None:
    """✈️ Travel details under the approval message: the travel stage on a fresh stack, in
    a new message (the approval stays readable above), or an alert saying why not."""
    ctx = Ctx.from_manager(dialog_manager)
    entry = await travel_entry(ctx)
    if isinstance(entry, svc.InputError):
        await callback.answer(ctx.l10n(entry.key, **entry.args_), show_alert=True)
        return
    await callback.answer()
    state, data = entry
    await dialog_manager.start(
        state, data=data, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND
    )


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
    """After an answer: the next unanswered field of the stage, else the summary."""
    ctx = Ctx.from_manager(manager)
    field = svc.next_stage_field(ctx.seminar, stage_of(manager), reg.answers or {})
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
    if field.field_stage == svc.TRAVEL and reg.status != S.DRAFT:
        refusal = travel_refusal(ctx, reg)
        if refusal is not None:  # past the cut-off (or no longer approved): nothing stored
            set_error(manager, refusal)
            return
    changed = (reg.answers or {}).get(field.id, object()) != value
    await svc.save_answer(ctx.session, reg, field.id, value, seminar=ctx.seminar)
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
    stage = stage_of(manager)
    previous = (
        svc.previous_stage_field(ctx.seminar, stage, reg.answers or {}, current)
        if reg and current
        else None
    )
    if previous is None or reg is None:
        if stage == svc.TRAVEL:
            await goto_summary(manager)
        else:
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


# --------------------------------------------------------------------------- summary


async def on_edit(
    _callback: CallbackQuery, _widget: Select[str], manager: DialogManager, field_id: str
) -> None:
    ctx = Ctx.from_manager(manager)
    field = ctx.seminar.registration.field(field_id)
    reg = await _registration(manager)
    if field is None or reg is None or not svc.field_visible(ctx.seminar, field, reg.answers or {}):
        return
    if field.field_stage != stage_of(manager):  # a stale button of the other stage
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
    missing = svc.next_stage_field(ctx.seminar, svc.NOMINATION, reg.answers or {})
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


async def on_to_programme(
    _callback: CallbackQuery, _button: Button, manager: DialogManager
) -> None:
    await manager.start(ProgrammeSG.main, mode=StartMode.RESET_STACK)


async def on_to_menu(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await manager.start(MainSG.menu, mode=StartMode.RESET_STACK)


async def on_declined_menu(
    _callback: CallbackQuery, _button: Button, manager: DialogManager
) -> None:
    manager.show_mode = ShowMode.EDIT
    await manager.done()
