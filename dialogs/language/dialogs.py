"""Language choice (`/language`, or 🌐 in the menu)."""

from __future__ import annotations

import operator

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.kbd import Cancel, Column, Select
from aiogram_dialog.widgets.text import Format

from dialogs.language.getters import language_getter
from dialogs.language.handlers import on_language_selected
from ui.states import LanguageSG
from ui.widgets import L


def language_dialog() -> Dialog:
    return Dialog(
        Window(
            L("language-title"),
            Column(
                Select(
                    Format("{item[0]}"),
                    id="lng",
                    item_id_getter=operator.itemgetter(1),
                    items="languages",
                    on_click=on_language_selected,
                )
            ),
            Cancel(L("back")),
            state=LanguageSG.choose,
            getter=language_getter,
        ),
    )
