"""The dashboard's entry points in Telegram: the chat menu button of each staff member.

A Web App menu button is set per chat (`setChatMenuButton` with `MenuButtonWebApp`),
so only staff have it: every overseer and organiser when the bot starts, an organiser
when the role is granted; a revoked organiser gets the default button back (the
dashboard refuses them anyway: the role is checked on every request). Only when
DASHBOARD_URL is set. The `/admin` menu's "📊 Dashboard" button is in `dialogs/admin`.
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import MenuButtonDefault, MenuButtonWebApp, WebAppInfo
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.i18n import I18n
from core.settings import Settings
from services import registration as svc
from storage.models import User

log = logging.getLogger(__name__)


async def set_menu_button(
    bot: Bot, session: AsyncSession, settings: Settings, i18n: I18n, user_id: int, *, staff: bool
) -> bool:
    """The dashboard button for a staff member, the default one for anyone else; False
    (logged) if Telegram refused (a user who never wrote to the bot, say)."""
    if not settings.dashboard_url:
        return False
    try:
        if staff:
            user = await session.get(User, user_id)
            l10n = i18n.get(user.language if user is not None else "en")
            button: MenuButtonWebApp | MenuButtonDefault = MenuButtonWebApp(
                text=l10n("dashboard-menu-button"),
                web_app=WebAppInfo(url=settings.dashboard_url),
            )
        else:
            button = MenuButtonDefault()
        await bot.set_chat_menu_button(chat_id=user_id, menu_button=button)
    except TelegramAPIError as exc:
        log.info("menu button of %s not set: %s", user_id, exc)
        return False
    return True


async def set_staff_menu_buttons(
    bot: Bot, session_factory: async_sessionmaker[AsyncSession], settings: Settings, i18n: I18n
) -> int:
    """Every staff member's menu button (at start); returns how many were set."""
    if not settings.dashboard_url:
        return 0
    done = 0
    async with session_factory() as session:
        for user_id in await svc.staff_ids(session, settings.admin_ids):
            done += await set_menu_button(bot, session, settings, i18n, user_id, staff=True)
    return done
