"""Switching the interface language."""

from __future__ import annotations

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Select
from sqlalchemy.ext.asyncio import AsyncSession

from core.i18n import I18n
from storage.models import User
from storage.repositories.users import UserRepo
from ui.context import Ctx


async def on_language_selected(
    callback: CallbackQuery, _widget: Select[str], manager: DialogManager, lang: str
) -> None:
    """Store the chosen language and redraw everything in it from now on."""
    ctx = Ctx.from_manager(manager)
    i18n: I18n = ctx.i18n
    if lang not in i18n.languages:
        return
    session: AsyncSession = ctx.session
    user: User = ctx.user
    await UserRepo(session).set_language(user, lang)
    await session.commit()
    ctx.data["lang"] = lang  # the rest of this update speaks the new language
    ctx.data["l10n"] = i18n.get(lang)
    await callback.answer(ctx.l10n("language-changed"))
    await manager.done()
