"""aiogram-dialog dialogs: one package per dialog, state groups in `states.py`."""

from __future__ import annotations

from aiogram import Router

from dialogs.admin.dialogs import admin_dialog
from dialogs.language.dialogs import language_dialog
from dialogs.menu.dialogs import menu_dialog


def dialogs_router() -> Router:
    """Every dialog of the bot, in one router."""
    router = Router(name="dialogs")
    router.include_routers(menu_dialog(), language_dialog(), admin_dialog())
    return router
