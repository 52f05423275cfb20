"""Webhook mode: an aiohttp server for Telegram, the load balancer and Prometheus.

- `POST WEBHOOK_PATH`: an update. Requests without the right
  `X-Telegram-Bot-Api-Secret-Token` get 401 and are not processed. The update is
  answered 200 only after it has been handled, so a crash never loses an update that
  Telegram believes delivered (it delivers it again; bot/dedup.py keeps that from
  running twice).
- `GET /healthz`: 200 when the database (and Redis, when used) answer, else 503.
- `GET /metrics`: Prometheus text format.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable

from aiogram import Bot, Dispatcher
from aiohttp import web
from pydantic import ValidationError

from bot.metrics import Metrics

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
HealthCheck = Callable[[], Awaitable[dict[str, bool]]]


def build_web_app(
    *,
    dp: Dispatcher,
    bot: Bot,
    path: str,
    secret: str,
    health: HealthCheck,
    metrics: Metrics,
    concurrency: int = 32,
) -> web.Application:
    expected = secret.encode()
    slots = asyncio.Semaphore(concurrency)

    async def on_update(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            log.warning("webhook request without the right secret from %s", request.remote)
            return web.json_response({"ok": False, "error": "unauthorized"}, status=401)
        try:
            update = await request.json(loads=json.loads)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return web.json_response({"ok": False, "error": "bad json"}, status=400)
        try:
            async with slots:
                await dp.feed_raw_update(bot, update)
        except ValidationError:
            return web.json_response({"ok": False, "error": "not an update"}, status=400)
        return web.json_response({"ok": True})

    async def on_health(_request: web.Request) -> web.Response:
        checks = await health()
        return web.json_response(checks, status=200 if all(checks.values()) else 503)

    async def on_metrics(_request: web.Request) -> web.Response:
        body = await metrics.render()
        return web.Response(body=body, headers={"Content-Type": "text/plain; version=0.0.4"})

    app = web.Application()
    app.router.add_post(path, on_update)
    app.router.add_get("/healthz", on_health)
    app.router.add_get("/metrics", on_metrics)
    return app
