"""Outer middlewares on `dp.update`, in this order: database session → user → language."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import I18n, pick_language
from storage.repositories.users import UserRepo

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class DbSessionMiddleware(BaseMiddleware):
    """One `AsyncSession` per update, closed when the update is handled."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self.session_factory = session_factory

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        async with self.session_factory() as session:
            data["session"] = session
            return await handler(event, data)


class UserMiddleware(BaseMiddleware):
    """Loads (or creates) the `User` row of whoever sent the update."""

    def __init__(self, i18n: I18n) -> None:
        self.i18n = i18n

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        if tg_user is not None and not tg_user.is_bot:
            session: AsyncSession = data["session"]
            language = pick_language(tg_user.language_code, self.i18n.languages)
            user, _changed = await UserRepo(session).touch(tg_user, language)
            if user.blocked_at is not None:  # they write again: broadcasts reach them again
                user.blocked_at = None
            # End the transaction now (writing any change): the connection goes back to
            # the pool instead of being held while the update is handled.
            await session.commit()
            data["user"] = user
        return await handler(event, data)


class LanguageMiddleware(BaseMiddleware):
    """Puts the user's `lang` and its `l10n` translator into the handler data."""

    def __init__(self, i18n: I18n) -> None:
        self.i18n = i18n

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user = data.get("user")
        if user is not None:
            lang = user.language
        else:
            tg_user: TgUser | None = data.get("event_from_user")
            lang = pick_language(tg_user.language_code if tg_user else None, self.i18n.languages)
        data["lang"] = lang
        data["l10n"] = self.i18n.get(lang)
        return await handler(event, data)
