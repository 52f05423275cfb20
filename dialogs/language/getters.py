"""Data for the language window."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from core.i18n import I18n

LANGUAGE_NAMES = {"en": "English", "ru": "Русский"}


async def language_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n: I18n = dialog_manager.middleware_data["i18n"]
    current: str = dialog_manager.middleware_data["lang"]
    return {
        "languages": [
            (("✅ " if lang == current else "") + LANGUAGE_NAMES.get(lang, lang), lang)
            for lang in i18n.languages
        ]
    }
