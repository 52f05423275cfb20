"""Prometheus metrics for `GET /metrics` (webhook mode; nothing is collected in polling).

- `seminar_updates_total{type}`: updates handled
- `seminar_update_seconds`: handler latency
- `seminar_messages_sent_total{method,outcome}`: Bot API sends by outcome
- `seminar_broadcast_queue_depth`: deliveries waiting to be sent (a provider is plugged in)
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiogram import BaseMiddleware
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter
from aiogram.methods.base import TelegramType
from aiogram.types import TelegramObject, Update
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.methods import Response, TelegramMethod


class Metrics:
    """One registry per process (and per test), so collectors never clash."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.updates = Counter(
            "seminar_updates", "Updates handled", ["type"], registry=self.registry
        )
        self.latency = Histogram(
            "seminar_update_seconds",
            "Time to handle one update",
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=self.registry,
        )
        self.sent = Counter(
            "seminar_messages_sent",
            "Bot API send calls by outcome",
            ["method", "outcome"],
            registry=self.registry,
        )
        self.queue_depth = Gauge(
            "seminar_broadcast_queue_depth",
            "Broadcast deliveries waiting to be sent",
            registry=self.registry,
        )
        self._queue_depth_provider: Callable[[], Awaitable[int]] | None = None

    def set_queue_depth_provider(self, provider: Callable[[], Awaitable[int]]) -> None:
        self._queue_depth_provider = provider

    async def render(self) -> bytes:
        if self._queue_depth_provider is not None:
            self.queue_depth.set(await self._queue_depth_provider())
        return generate_latest(self.registry)


class UpdateMetricsMiddleware(BaseMiddleware):
    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        started = time.perf_counter()
        try:
            return await handler(event, data)
        finally:
            kind = event.event_type if isinstance(event, Update) else type(event).__name__
            self.metrics.updates.labels(kind).inc()
            self.metrics.latency.observe(time.perf_counter() - started)


class SendMetricsMiddleware(BaseRequestMiddleware):
    """Counts every `send*`/`copy*`/`forward*` call by outcome."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        name = method.__api_method__
        if not name.startswith(("send", "copy", "forward")):
            return await make_request(bot, method)
        try:
            response = await make_request(bot, method)
        except TelegramRetryAfter:
            self.metrics.sent.labels(name, "retry_after").inc()
            raise
        except TelegramForbiddenError:
            self.metrics.sent.labels(name, "blocked").inc()
            raise
        except Exception:
            self.metrics.sent.labels(name, "error").inc()
            raise
        self.metrics.sent.labels(name, "ok").inc()
        return response
