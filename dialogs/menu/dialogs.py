"""The main menu: the first screen of every delegate."""

from __future__ import annotations

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Row, Start

from dialogs.menu.getters import menu_getter
from dialogs.menu.handlers import on_menu_text, on_not_ready
from dialogs.states import LanguageSG, MainSG
from dialogs.widgets import L


def menu_dialog() -> Dialog:
    return Dialog(
        Window(
            L("menu-title"),
            Button(L("menu-registration"), id="reg", on_click=on_not_ready),
            Row(
                Button(L("menu-programme"), id="prog", on_click=on_not_ready),
                Button(L("menu-logistics"), id="logi", on_click=on_not_ready),
            ),
            Row(
                Button(L("menu-surveys"), id="surv", on_click=on_not_ready),
                Button(L("menu-mydata"), id="me", on_click=on_not_ready),
            ),
            Start(L("menu-language"), id="lang", state=LanguageSG.choose),
            MessageInput(on_menu_text),
            state=MainSG.menu,
            getter=menu_getter,
        ),
    )
