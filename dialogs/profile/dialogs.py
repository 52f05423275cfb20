"""My profile / My data: status and answers, edit, withdraw, badge, invitation letter,
download everything stored (/mydata) and erase it (/forget)."""

from __future__ import annotations

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Row, SwitchTo
from aiogram_dialog.widgets.text import Format

from dialogs.profile import handlers as h
from dialogs.profile.getters import input_getter, letter_getter, profile_getter
from ui.states import ProfileSG
from ui.widgets import L


def profile_dialog() -> Dialog:
    return Dialog(
        Window(
            Format("{body}"),
            Button(
                L("registration-continue"), id="cont", on_click=h.on_continue, when="unregistered"
            ),
            Button(L("registration-travel-button"), id="trv", on_click=h.on_travel, when="travel"),
            Button(L("registration-edit"), id="edit", on_click=h.on_edit, when="active"),
            Button(L("registration-badge"), id="badge", on_click=h.on_badge, when="approved"),
            SwitchTo(L("registration-letter"), id="let", state=ProfileSG.letter, when="active"),
            Button(
                L("registration-again"), id="again", on_click=h.on_register_again, when="withdrawn"
            ),
            SwitchTo(L("registration-withdraw"), id="wd", state=ProfileSG.withdraw, when="active"),
            Row(
                Button(L("registration-download"), id="dl", on_click=h.on_mydata),
                SwitchTo(L("registration-erase"), id="er", state=ProfileSG.forget),
            ),
            Button(L("registration-back"), id="close", on_click=h.on_close),
            state=ProfileSG.view,
            getter=profile_getter,
        ),
        Window(
            L("registration-withdraw-confirm"),
            Button(L("registration-withdraw-yes"), id="yes", on_click=h.on_withdraw),
            SwitchTo(L("registration-keep"), id="no", state=ProfileSG.view),
            state=ProfileSG.withdraw,
        ),
        Window(
            L("registration-forget-confirm"),
            Button(L("registration-forget-yes"), id="yes", on_click=h.on_forget),
            SwitchTo(L("registration-keep"), id="no", state=ProfileSG.view),
            state=ProfileSG.forget,
        ),
        Window(
            Format("{body}"),
            Button(
                L("registration-letter-request"),
                id="req",
                on_click=h.on_letter_request,
                when="can_request",
            ),
            SwitchTo(L("registration-back"), id="back", state=ProfileSG.view),
            state=ProfileSG.letter,
            getter=letter_getter,
        ),
        Window(
            L("registration-letter-passport"),
            Button(L("registration-back"), id="back", on_click=h.on_letter_back),
            MessageInput(h.on_passport),
            state=ProfileSG.passport,
            getter=input_getter,
        ),
        Window(
            L("registration-letter-citizenship"),
            Button(L("registration-back"), id="back", on_click=h.on_letter_back),
            MessageInput(h.on_citizenship),
            state=ProfileSG.citizenship,
            getter=input_getter,
        ),
    )
