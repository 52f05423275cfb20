"""Graceful shutdown: know which updates are in flight and let them finish."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

log = logging.getLogger(__name__)


class InFlight(BaseMiddleware):
    """Outermost update middleware counting updates being handled."""

    def __init__(self) -> None:
        self.count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        self.count += 1
        self._idle.clear()
        try:
            return await handler(event, data)
        finally:
            self.count -= 1
            if self.count == 0:
                self._idle.set()

    async def drain(self, seconds: float) -> bool:
        """Wait until no update is being handled; False if `seconds` passed first."""
        if self.count:
            log.info("waiting for %d update(s) in flight", self.count)
        try:
            await asyncio.wait_for(self._idle.wait(), seconds)
        except TimeoutError:
            log.warning("%d update(s) still in flight after %.0f s", self.count, seconds)
            return False
        return True
