"""Outer middlewares on `dp.update`, in this order: database session → user → language."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.i18n import I18n, pick_language
from storage.repositories.users import UserCache, UserRepo

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
    """Loads (or creates) the `User` row of whoever sent the update.

    With a `UserCache` (one process, no replicas), a user seen recently is not read
    again: an update that changes nothing in the row costs no SQL here.
    """

    def __init__(self, i18n: I18n, cache: UserCache | None = None) -> None:
        self.i18n = i18n
        self.cache = cache

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        if tg_user is not None and not tg_user.is_bot:
            session: AsyncSession = data["session"]
            language = pick_language(tg_user.language_code, self.i18n.languages)
            token = self.cache.token(tg_user.id) if self.cache is not None else None
            repo = UserRepo(session)
            user, changed = await repo.touch(tg_user, language, self.cache)
            changed = repo.unblock(user) or changed
            # End the transaction now (writing any change): the connection goes back to
            # the pool instead of being held while the update is handled.
            if changed or session.in_transaction():
                await session.commit()
            if self.cache is not None and token is not None:
                self.cache.put(user, token)  # kept only if nothing wrote the row meanwhile
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
