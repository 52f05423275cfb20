"""An in-process Bot API (no network) and a driver that feeds updates like users would.

`InProcessSession` answers every Bot API method from memory with realistic result
objects, validated by aiogram exactly as real responses are, so a benchmark measures
the bot's own work: middlewares, handlers, dialogs, database.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncGenerator
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import InlineKeyboardMarkup

from ui.patches import response_type

BOT_USER = {"id": 42, "is_bot": True, "first_name": "Bench", "username": "bench_bot"}
MESSAGE_METHODS = {
    "sendMessage",
    "editMessageText",
    "sendDocument",
    "sendPhoto",
    "sendLocation",
    "sendVenue",
    "editMessageReplyMarkup",
    "editMessageCaption",
    "copyMessage",
}


class InProcessSession(BaseSession):
    def __init__(self) -> None:
        super().__init__()
        self.message_ids = itertools.count(1000)
        self.calls = 0
        self.markups: dict[int, InlineKeyboardMarkup] = {}
        self.texts: dict[int, str] = {}
        self.last_message_id: dict[int, int] = {}

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        self.calls += 1
        name = method.__api_method__
        result: Any = True
        if name == "getMe":
            result = BOT_USER
        elif name in MESSAGE_METHODS:
            chat_id = int(getattr(method, "chat_id", 0) or 0)
            text = getattr(method, "text", None) or getattr(method, "caption", None) or "…"
            markup = getattr(method, "reply_markup", None)
            if isinstance(markup, InlineKeyboardMarkup):
                self.markups[chat_id] = markup
            self.texts[chat_id] = str(text)
            message_id = getattr(method, "message_id", None) or next(self.message_ids)
            if isinstance(markup, InlineKeyboardMarkup):
                self.last_message_id[chat_id] = message_id
            result = {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": BOT_USER,
                "text": str(text)[:4096],
            }
            if name == "copyMessage":
                result = {"message_id": message_id}
        response = response_type(method.__returning__).model_validate(
            {"ok": True, "result": result}, context={"bot": bot}
        )
        return response.result  # type: ignore[return-value]

    async def close(self) -> None:
        return None

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        yield b""


class Driver:
    """Makes updates of simulated users and feeds them to a dispatcher, timing each."""

    def __init__(
        self, dp: Dispatcher, bot: Bot, session: InProcessSession, concurrency: int = 32
    ) -> None:
        self.dp = dp
        # As many updates at once as one bot process handles (bot.runner.UPDATE_CONCURRENCY).
        self.slots = asyncio.Semaphore(concurrency)
        self.bot = bot
        self.session = session
        self.update_ids = itertools.count(1)
        self.latencies: list[float] = []
        # Per simulated user: how far into a multi-step scenario they are.
        self.progress: dict[int, int] = {}
        self.session_factory: Any = None  # set by whoever built the bot, for set-ups
        self.queries = 0  # SQL statements, counted by whoever built the bot

    def _user(self, user_id: int, lang: str) -> dict[str, Any]:
        return {
            "id": user_id,
            "is_bot": False,
            "first_name": f"User{user_id}",
            "language_code": lang,
        }

    async def feed(self, update: dict[str, Any]) -> None:
        async with self.slots:
            started = time.perf_counter()
            await self.dp.feed_raw_update(self.bot, update)
            self.latencies.append(time.perf_counter() - started)

    async def message(self, user_id: int, text: str, lang: str = "en") -> None:
        message: dict[str, Any] = {
            "message_id": next(self.session.message_ids),
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private"},
            "from": self._user(user_id, lang),
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
            ]
        await self.feed({"update_id": next(self.update_ids), "message": message})

    async def press(self, user_id: int, button_text: str, lang: str = "en") -> None:
        markup = self.session.markups.get(user_id)
        if markup is None:
            raise AssertionError(f"user {user_id}: no keyboard to press {button_text!r}")
        buttons = [b for row in markup.inline_keyboard for b in row]
        button = next((b for b in buttons if button_text in b.text), None)
        if button is None or button.callback_data is None:
            raise AssertionError(f"user {user_id}: no button {button_text!r} in {buttons}")
        callback = {
            "id": str(next(self.update_ids)),
            "from": self._user(user_id, lang),
            "chat_instance": str(user_id),
            "data": button.callback_data,
            "message": {
                "message_id": self.session.last_message_id.get(user_id, 1),
                "date": int(time.time()),
                "chat": {"id": user_id, "type": "private"},
                "from": BOT_USER,
                "text": self.session.texts.get(user_id, "…"),
            },
        }
        await self.feed({"update_id": next(self.update_ids), "callback_query": callback})

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return 0.0
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]
