"""Webhook mode: an aiohttp server for Telegram, the load balancer and Prometheus.

- `POST WEBHOOK_PATH`: an update. Requests without the right
  `X-Telegram-Bot-Api-Secret-Token` get 401 and are not processed. The update is claimed
  in the update ledger (bot/dedup.py) and answered 200 only after it has been handled and
  marked done, so a crash never loses an update that Telegram believes delivered (it
  delivers it again). An update already done gets 200 at once; one that another process
  is handling (a live claim) gets 503 with `Retry-After`, so Telegram tries again once
  that claim is done or has expired; a handler that raised gets 500 (claim released, the
  retry runs it again). aiogram's `SimpleRequestHandler` answers before handling, hence
  this handler.
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
from aiogram.methods import TelegramMethod
from aiogram.types import Update
from aiohttp import web
from pydantic import ValidationError

from bot.dedup import retry_after_header
from bot.ledger import Claim, UpdateLedger
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
    ledger: UpdateLedger | None = None,
) -> web.Application:
    expected = secret.encode()
    slots = asyncio.Semaphore(concurrency)
    ledger = ledger if ledger is not None else dp.workflow_data.get("ledger")

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
            parsed = Update.model_validate(update, context={"bot": bot})
        except ValidationError:
            return web.json_response({"ok": False, "error": "not an update"}, status=400)
        if ledger is not None:
            outcome = await ledger.claim(parsed.update_id)
            if outcome.claim is Claim.DONE:
                log.info("update %s was already handled; acknowledged", parsed.update_id)
                return web.json_response({"ok": True})
            if outcome.claim is Claim.BUSY:
                log.info("update %s is being handled elsewhere; retry later", parsed.update_id)
                return web.json_response(
                    {"ok": False, "error": "being handled elsewhere"},
                    status=503,
                    headers={"Retry-After": retry_after_header(outcome)},
                )
        try:
            async with slots:
                response = await dp.feed_update(bot, parsed)
            if isinstance(response, TelegramMethod):
                await dp.silent_call_request(bot, response)
        except Exception:
            log.exception("handling update %s failed", parsed.update_id)
            if ledger is not None:
                await ledger.forget(parsed.update_id)
            return web.json_response({"ok": False, "error": "failed"}, status=500)
        except asyncio.CancelledError:  # the server stops: Telegram's retry handles it
            if ledger is not None:
                await asyncio.shield(ledger.forget(parsed.update_id))
            raise
        if ledger is not None:
            await ledger.complete(parsed.update_id)
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
