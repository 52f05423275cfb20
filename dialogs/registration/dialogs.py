"""The registration wizard: consent, then one window per field (by the field's type, in the
event file's order), then the summary with an Edit button per field and Confirm. The same
windows walk the travel details (stage 2) in "travel" mode, ending on their summary."""

from __future__ import annotations

import operator

from aiogram import F, Router
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import (
    Button,
    Cancel,
    Column,
    Group,
    Multiselect,
    RequestContact,
    Row,
    ScrollingGroup,
    Select,
    SwitchTo,
)
from aiogram_dialog.widgets.markup.reply_keyboard import ReplyKeyboardFactory
from aiogram_dialog.widgets.text import Format

from dialogs.registration import answers as a
from dialogs.registration import handlers as h
from dialogs.registration.calendar import EventCalendar
from dialogs.registration.getters import consent_getter, done_getter, field_getter, summary_getter
from services.registration import TRAVEL_CALLBACK
from ui.filters import Magic
from ui.states import RegistrationSG
from ui.widgets import L, paged_select

ITEM = operator.itemgetter(1)


def _nav() -> Row:
    """Skip (optional fields), Back, and Save-and-exit (only in the first pass)."""
    return Row(
        Button(L("registration-back"), id="back", on_click=h.on_back),
        Button(L("registration-skip"), id="skip", on_click=h.on_skip, when="optional"),
        Button(L("registration-exit"), id="exit", on_click=h.on_save_and_exit, when="wizard"),
    )


def _field_window(state: object, *widgets: object, **kwargs: object) -> Window:
    return Window(Format("{body}"), *widgets, _nav(), state=state, getter=field_getter, **kwargs)  # type: ignore[arg-type]


def registration_dialog() -> Dialog:
    return Dialog(
        Window(
            L("registration-consent"),
            Row(
                Button(L("registration-accept"), id="yes", on_click=h.on_accept),
                SwitchTo(L("registration-decline"), id="no", state=RegistrationSG.declined),
            ),
            Cancel(L("registration-close")),
            state=RegistrationSG.consent,
            getter=consent_getter,
        ),
        Window(
            L("registration-declined"),
            SwitchTo(L("registration-read-again"), id="again", state=RegistrationSG.consent),
            Cancel(L("registration-to-menu")),
            state=RegistrationSG.declined,
        ),
        _field_window(
            RegistrationSG.text,
            Button(Format("✅ {tg_name}"), id="tgname", on_click=a.on_profile_name, when="tg_name"),
            MessageInput(a.on_text),
        ),
        Window(
            Format("{body}"),
            RequestContact(L("registration-share-phone")),
            Button(L("registration-skip"), id="skip", on_click=h.on_skip, when="optional"),
            Row(
                Button(L("registration-back"), id="back", on_click=h.on_back),
                Button(
                    L("registration-exit"), id="exit", on_click=h.on_save_and_exit, when="wizard"
                ),
            ),
            MessageInput(a.on_phone),
            markup_factory=ReplyKeyboardFactory(
                resize_keyboard=True,
                one_time_keyboard=True,
                input_field_placeholder=Format("{placeholder}"),
            ),
            state=RegistrationSG.phone,
            getter=field_getter,
        ),
        _field_window(
            RegistrationSG.choice,
            Column(
                Select(
                    Format("{item[0]}"),
                    id="ch",
                    item_id_getter=ITEM,
                    items="options",
                    on_click=a.on_choice,
                )
            ),
            Button(
                L("registration-have-code"),
                id="code",
                on_click=a.on_invite_button,
                when="can_invite",
            ),
            MessageInput(a.on_choice_text),
        ),
        Window(
            Format("{invite_body}"),
            Button(L("registration-back"), id="back", on_click=a.on_invite_back),
            MessageInput(a.on_invite_text),
            state=RegistrationSG.invite,
            getter=field_getter,
        ),
        _field_window(
            RegistrationSG.boolean,
            Row(
                Button(L("registration-yes"), id="y", on_click=a.on_yes),
                Button(L("registration-no"), id="n", on_click=a.on_no),
            ),
            MessageInput(a.on_boolean_text),
        ),
        _field_window(
            RegistrationSG.date,
            EventCalendar(id="cal", on_click=a.on_date),
            MessageInput(a.on_date_text),
        ),
        _field_window(
            RegistrationSG.economy,
            paged_select(
                "{item[0]}",
                id="eco",
                items="economies",
                item_id=ITEM,
                on_click=a.on_economy,
                width=2,
                height=4,
            ),
            Row(
                Button(
                    L("registration-economy-international"), id="intl", on_click=a.on_economy_intl
                ),
                Button(L("registration-economy-other"), id="oth", on_click=a.on_economy_other),
                when="not_searching",
            ),
            Button(
                L("registration-economy-all"), id="all", on_click=a.on_economy_all, when="searching"
            ),
            MessageInput(a.on_economy_text),
        ),
        _field_window(
            RegistrationSG.multi,
            ScrollingGroup(
                Multiselect(
                    Format("✅ {item[0]}"),
                    Format("▫️ {item[0]}"),
                    id="ms",
                    item_id_getter=ITEM,
                    items="options",
                ),
                id="mss",
                width=1,
                height=6,
                hide_on_single_page=True,
            ),
            Button(L("registration-done-button"), id="done", on_click=a.on_multi_done),
            MessageInput(a.on_buttons_only),
        ),
        Window(
            Format("{body}"),
            Group(
                Select(
                    Format("{item[0]}"),
                    id="ed",
                    item_id_getter=ITEM,
                    items="fields",
                    on_click=h.on_edit,
                ),
                width=2,
            ),
            Button(L("registration-confirm"), id="ok", on_click=h.on_confirm, when="wizard"),
            Button(L("registration-exit"), id="exit", on_click=h.on_save_and_exit, when="wizard"),
            Button(
                L("registration-profile-done"),
                id="pdone",
                on_click=h.on_profile_done,
                when="profile",
            ),
            state=RegistrationSG.summary,
            getter=summary_getter,
        ),
        Window(
            Format("{body}"),
            Button(L("registration-my-profile"), id="prof", on_click=h.on_to_profile),
            Button(L("menu-programme"), id="prog", on_click=h.on_to_programme, when="follow"),
            Button(L("registration-to-menu"), id="menu", on_click=h.on_to_menu),
            state=RegistrationSG.done,
            getter=done_getter,
        ),
        on_start=h.on_wizard_start,
    )


def travel_link_router() -> Router:
    """The ✈️ Travel details button under the approval message (a plain message)."""
    router = Router(name="travel-link")
    router.callback_query.register(h.on_travel_link, Magic(F.data == TRAVEL_CALLBACK))
    return router
