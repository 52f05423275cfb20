"""Switching the interface language."""

from __future__ import annotations

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Select
from sqlalchemy.ext.asyncio import AsyncSession

from core.i18n import I18n
from storage.models import User
from storage.repositories.users import UserRepo


async def on_language_selected(
    callback: CallbackQuery, _widget: Select[str], manager: DialogManager, lang: str
) -> None:
    """Store the chosen language and redraw everything in it from now on."""
    data = manager.middleware_data
    i18n: I18n = data["i18n"]
    if lang not in i18n.languages:
        return
    session: AsyncSession = data["session"]
    user: User = data["user"]
    await UserRepo(session).set_language(user, lang)
    await session.commit()
    data["lang"] = lang
    data["l10n"] = i18n.get(lang)
    await callback.answer(data["l10n"]("language-changed"))
    await manager.done()
