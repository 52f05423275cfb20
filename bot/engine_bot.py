"""The delivery engine's own `Bot`: the same token and server as the dialogs' bot, without
its retry middleware (the engine decides itself what to do with a 429 or an error).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode

from bot.limiter import InteractiveTap
from bot.telegram_session import RetryMiddleware

if TYPE_CHECKING:
    from core.settings import Settings


def engine_bot(settings: Settings, like: Bot | None = None) -> Bot:
    """A bot for the engine: the same token and server, no retry middleware.

    The other request middlewares of `like` (e.g. metrics) are carried over.
    """
    base = settings.telegram_api_base
    if base:
        session = AiohttpSession(api=TelegramAPIServer.from_base(base.rstrip("/")))
    else:
        session = AiohttpSession()
    if like is not None:
        for middleware in like.session.middleware:
            if not isinstance(middleware, RetryMiddleware | InteractiveTap):
                session.middleware(middleware)
    return Bot(
        token=settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )
