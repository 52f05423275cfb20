"""Data for the language window."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from core.i18n import I18n
from ui.context import Ctx

LANGUAGE_NAMES = {"en": "English", "ru": "Русский"}


async def language_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    i18n: I18n = ctx.i18n
    current: str = ctx.lang
    return {
        "languages": [
            (("✅ " if lang == current else "") + LANGUAGE_NAMES.get(lang, lang), lang)
            for lang in i18n.languages
        ]
    }
