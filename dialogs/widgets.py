"""Widgets shared by the dialogs."""

from __future__ import annotations

from typing import Any

from aiogram_dialog.api.protocols import DialogManager
from aiogram_dialog.widgets.common import WhenCondition
from aiogram_dialog.widgets.text import Text

from bot.i18n import Translator


def translator(manager: DialogManager) -> Translator:
    """The translator the language middleware chose for this update."""
    l10n: Translator = manager.middleware_data["l10n"]
    return l10n


class L(Text):
    """A localized text: the Fluent message `key`, formatted with the window's data.

    Fluent does not escape HTML: getters escape whatever a user typed.
    """

    def __init__(self, key: str, when: WhenCondition = None, **fixed: Any) -> None:
        super().__init__(when=when)
        self.key = key
        self.fixed = fixed

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        return translator(manager)(self.key, **{**data, **self.fixed})
