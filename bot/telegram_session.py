"""Bot API session: another server (`TELEGRAM_API_BASE`) and retries aiogram lacks.

aiogram raises on HTTP 429 and on 5xx/network errors without retrying. `RetryMiddleware`
honours `retry_after` by pausing *every* send of this process (Telegram's limits are per
bot), retries 5xx and network errors with exponential backoff, and gives up after a
bounded number of tries. `getUpdates` is left to the polling loop, which retries it for
ever with its own backoff (retrying here too would log each failure several times).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from typing import TYPE_CHECKING

from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import AnswerCallbackQuery, Response
from aiogram.methods.base import TelegramType

from ui.patches import KeptResponseTypesSession as Session

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.methods import TelegramMethod

log = logging.getLogger(__name__)


class FloodGate:
    """A process-wide pause: after a 429, nobody sends until `retry_after` has passed."""

    def __init__(self) -> None:
        self._paused_until = 0.0

    def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)

    @property
    def remaining(self) -> float:
        return max(0.0, self._paused_until - time.monotonic())

    async def wait(self) -> None:
        while (delay := self.remaining) > 0:  # noqa: ASYNC110 - a new 429 may extend the pause
            await asyncio.sleep(delay)


class RetryMiddleware(BaseRequestMiddleware):
    def __init__(
        self,
        gate: FloodGate | None = None,
        *,
        max_tries: int = 5,
        base_delay: float = 0.5,
        max_delay: float = 8.0,
        max_retry_after: float = 120.0,
    ) -> None:
        self.gate = gate or FloodGate()
        self.max_tries = max_tries
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.max_retry_after = max_retry_after

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        name = type(method).__name__
        if method.__api_method__ == "getUpdates":  # the polling loop retries it, for ever
            return await make_request(bot, method)
        for attempt in range(1, self.max_tries + 1):
            await self.gate.wait()
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                if attempt == self.max_tries or exc.retry_after > self.max_retry_after:
                    raise
                log.warning("%s: 429, pausing all sends for %s s", name, exc.retry_after)
                self.gate.pause(exc.retry_after)
            except (TelegramServerError, TelegramNetworkError) as exc:
                if attempt == self.max_tries:
                    raise
                delay = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
                log.warning("%s: %s, retry %d in %.1f s", name, exc, attempt, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover


class AnsweredCallbacks(BaseRequestMiddleware):
    """Remembers which callback queries this bot has answered: Telegram takes one answer
    per query, and aiogram-dialog answers every button press after its handler — a second
    answer (after a handler's own toast) is a wasted request refused with 400."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._ids: OrderedDict[str, None] = OrderedDict()

    def answered(self, query_id: str) -> bool:
        return query_id in self._ids

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if isinstance(method, AnswerCallbackQuery):
            self._ids[method.callback_query_id] = None
            while len(self._ids) > self.size:
                self._ids.popitem(last=False)
        return await make_request(bot, method)


def callback_answered(bot: Bot, query_id: str) -> bool:
    """True if `bot` already answered this callback query (see `AnsweredCallbacks`)."""
    for middleware in bot.session.middleware:
        if isinstance(middleware, AnsweredCallbacks):
            return middleware.answered(query_id)
    return False


def create_session(api_base: str | None, retry: RetryMiddleware | None = None) -> AiohttpSession:
    """An aiohttp session to Telegram (or to `api_base`) with the retry middleware."""
    if api_base:
        session = Session(api=TelegramAPIServer.from_base(api_base.rstrip("/")))
    else:
        session = Session()
    session.middleware(retry or RetryMiddleware())
    session.middleware(AnsweredCallbacks())
    return session
