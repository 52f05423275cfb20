"""The main menu: the first screen of every delegate."""

from __future__ import annotations

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Row, Start

from dialogs.menu.getters import menu_getter
from dialogs.menu.handlers import on_menu_text
from dialogs.registration.handlers import on_menu_registration
from ui.states import LanguageSG, LogisticsSG, MainSG, ProfileSG, ProgrammeSG, SurveysSG
from ui.widgets import L


def menu_dialog() -> Dialog:
    return Dialog(
        Window(
            L("menu-title"),
            Button(L("menu-registration"), id="reg", on_click=on_menu_registration),
            Row(
                Start(L("menu-programme"), id="prog", state=ProgrammeSG.main),
                Start(L("menu-logistics"), id="logi", state=LogisticsSG.topics),
            ),
            Row(
                Start(L("menu-surveys"), id="surv", state=SurveysSG.list),
                Start(L("menu-mydata"), id="me", state=ProfileSG.view),
            ),
            Start(L("menu-language"), id="lang", state=LanguageSG.choose),
            MessageInput(on_menu_text),
            state=MainSG.menu,
            getter=menu_getter,
        ),
    )
