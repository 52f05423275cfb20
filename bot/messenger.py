"""`core.messaging.Messenger` over aiogram's `Bot`: how services send messages.

Telegram's refusals are mapped to the core's errors: blocked, unknown chat and bad
request become `Undeliverable`, every other API error `MessagingError`. The
`MessengerMiddleware` puts one in every update's data as `messenger`, beside `bot`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNotFound,
)
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup, TelegramObject

from core.messaging import MessagingError, Undeliverable


@asynccontextmanager
async def _mapped() -> AsyncIterator[None]:
    try:
        yield
    except (TelegramForbiddenError, TelegramNotFound, TelegramBadRequest) as exc:
        raise Undeliverable(str(exc)) from exc
    except TelegramAPIError as exc:
        raise MessagingError(str(exc)) from exc


class BotMessenger:
    """Sends through one aiogram `Bot` (its default parse mode, HTML, applies)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(
        self, chat_id: int, text: str, *, markup: InlineKeyboardMarkup | None = None
    ) -> int:
        async with _mapped():
            message = await self.bot.send_message(chat_id, text, reply_markup=markup)
        return message.message_id

    async def send_photo(
        self, chat_id: int, photo: bytes, *, filename: str, caption: str | None = None
    ) -> int:
        async with _mapped():
            message = await self.bot.send_photo(
                chat_id, BufferedInputFile(photo, filename=filename), caption=caption
            )
        return message.message_id

    async def send_venue(
        self, chat_id: int, *, latitude: float, longitude: float, title: str, address: str
    ) -> int:
        async with _mapped():
            message = await self.bot.send_venue(
                chat_id, latitude=latitude, longitude=longitude, title=title, address=address
            )
        return message.message_id

    async def deep_link(self, payload: str) -> str:
        async with _mapped():
            me = await self.bot.me()
        return f"https://t.me/{me.username}?start={payload}"


class MessengerMiddleware(BaseMiddleware):
    """`data["messenger"]`: the update's bot as a `Messenger` (for services)."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        bot = data.get("bot")
        if isinstance(bot, Bot):
            data["messenger"] = BotMessenger(bot)
        return await handler(event, data)
