"""The life of one bot process after its configuration was checked.

open the database → migrate → join the replicas → build bot and dispatcher → take updates
(long polling, or the webhook server) and, once it does, the rest of the start: the command
list, background services (the delivery engine; the scheduler on the elected leader
only) → on SIGTERM/SIGINT: stop taking updates, let those in flight finish, stop the
services, leave the replicas, close the database.

Nothing left for after the first getUpdates is needed to answer an update: dialogs do
without the delivery service until it runs (the engine picks up what was stored meanwhile),
and the locales are parsed when first needed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from aiogram import Bot, Dispatcher
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods import GetUpdates, Response, TelegramMethod
from aiogram.methods.base import TelegramType
from sqlalchemy import text

from bot import startup_gc
from bot.app import Resources, build_dispatcher, create_bot
from bot.dedup import ledger_for
from bot.healthcheck import PollHeartbeat
from bot.leader import (
    AlwaysLeader,
    Leadership,
    PostgresLeadership,
    RedisLeadership,
    run_leadership,
)
from bot.ledger import UpdateLedger
from bot.replicas import ReplicaRegistry
from core.event import Event
from core.i18n import I18n
from core.settings import Settings
from handlers.commands import set_bot_commands

if TYPE_CHECKING:
    from bot.metrics import Metrics
    from bot.polling import Poller

log = logging.getLogger(__name__)

SHUTDOWN_GRACE_SECONDS = 25.0
# Updates handled at once by one process (polling tasks, webhook requests); see the
# connection pool in storage/db.py.
UPDATE_CONCURRENCY = 32


@dataclass
class Process:
    """What the running process holds; services read what they need from here."""

    settings: Settings
    seminar: Event
    i18n: I18n
    resources: Resources
    bot: Bot
    dp: Dispatcher
    replicas: ReplicaRegistry | None = None
    # Set once the process takes updates: its first getUpdates is sent, or the webhook
    # server listens.
    serving: asyncio.Event = field(default_factory=asyncio.Event)
    # Started once the process takes updates, stopped after the last update.
    on_start: list[Callable[[Process], Awaitable[None]]] = field(default_factory=list)
    on_stop: list[Callable[[Process], Awaitable[None]]] = field(default_factory=list)
    # Started when this process becomes the scheduler leader, stopped when it stops being one.
    on_elected: list[Callable[[Process], Awaitable[None]]] = field(default_factory=list)
    on_lost: list[Callable[[Process], Awaitable[None]]] = field(default_factory=list)
    background: list[asyncio.Task[Any]] = field(default_factory=list)
    # Polling mode: the loop taking updates (its `last_poll_ok` is the monotonic time of
    # the last successful getUpdates).
    poller: Poller | None = None


def leadership_for(settings: Settings, resources: Resources) -> Leadership:
    if resources.redis is not None:
        return RedisLeadership(resources.redis, lease=settings.leader_lease_seconds)
    if resources.engine.dialect.name == "postgresql":
        return PostgresLeadership(resources.engine)
    return AlwaysLeader()


async def health(process: Process) -> dict[str, bool]:
    checks: dict[str, bool] = {}
    try:
        async with process.resources.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        checks["database"] = True
    except Exception:
        checks["database"] = False
    redis = process.resources.redis
    if redis is not None:
        try:
            checks["redis"] = bool(await cast("Awaitable[bool]", redis.ping()))  # redis-py: async
        except Exception:
            checks["redis"] = False
    return checks


async def start_services(process: Process) -> None:
    """Background work of the process: its services (the delivery engine), then
    leadership (and through it the scheduler)."""
    for start in process.on_start:
        await start(process)

    async def elected() -> None:
        for start in process.on_elected:
            await start(process)

    async def lost() -> None:
        for stop in process.on_lost:
            await stop(process)

    leadership = leadership_for(process.settings, process.resources)
    process.background.append(
        asyncio.create_task(
            run_leadership(
                leadership, elected, lost, retry_every=process.settings.leader_retry_seconds
            ),
            name="leadership",
        )
    )


async def finish_start(process: Process) -> None:
    """The rest of the start, once the process takes updates (see the module's doc).

    A failure stops the process as SIGTERM does; `run` then raises it.
    """
    await process.serving.wait()
    startup_gc.release()
    try:
        await set_bot_commands(process.bot, process.i18n)
        await start_services(process)
    except Exception:
        log.exception("the start failed; stopping")
        signal.raise_signal(signal.SIGTERM)
        raise


async def stop_services(process: Process) -> None:
    for task in process.background:
        task.cancel()
    for task in process.background:
        with contextlib.suppress(asyncio.CancelledError):
            await task
    for stop in reversed(process.on_stop):
        try:
            await stop(process)
        except Exception:
            log.exception("stopping a service failed")


class FirstPoll(BaseRequestMiddleware):
    """Sets `polling` once the first getUpdates request has gone out.

    That is on the loop's next turn: aiohttp writes a request's body from a task it starts
    in this one (set at once, what waits for `polling` would run before the body is sent).
    """

    def __init__(self, polling: asyncio.Event) -> None:
        self.polling = polling

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if isinstance(method, GetUpdates) and not self.polling.is_set():
            asyncio.get_running_loop().call_soon(self.polling.set)
        return await make_request(bot, method)


async def serve_polling(process: Process) -> None:
    """Long polling through the update ledger's inbox (bot/polling.py, bot/dedup.py)."""
    from bot.polling import Poller

    dp, bot = process.dp, process.bot
    bot.session.middleware(FirstPoll(process.serving))
    bot.session.middleware(PollHeartbeat())  # the container's health check reads it
    await bot.delete_webhook(drop_pending_updates=False)
    log.info("polling as @%s", (await bot.me()).username)
    process.poller = Poller(
        dp,
        bot,
        dp["ledger"],
        concurrency=UPDATE_CONCURRENCY,
        allowed_updates=dp.resolve_used_update_types(),
        grace=SHUTDOWN_GRACE_SECONDS,
    )
    await process.poller.run()


async def serve_webhook(process: Process) -> None:
    from aiohttp import web  # the HTTP server: webhook mode only

    from bot.webhook import build_web_app

    settings, dp, bot = process.settings, process.dp, process.bot
    assert settings.webhook_secret is not None
    secret = settings.webhook_secret.get_secret_value()
    app = build_web_app(
        dp=dp,
        bot=bot,
        path=settings.webhook_path,
        secret=secret,
        health=lambda: health(process),
        metrics=dp["metrics"],
        concurrency=UPDATE_CONCURRENCY,
    )
    from bot.dashboard import mount_on

    mount_on(app, process)  # the organisers' dashboard, when DASHBOARD_URL is set
    runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=SHUTDOWN_GRACE_SECONDS)
    await runner.setup()
    site = web.TCPSite(runner, settings.webhook_host, settings.webhook_port)
    await site.start()
    if settings.webhook_register and settings.webhook_url:
        await bot.set_webhook(
            settings.webhook_url,
            secret_token=secret,
            allowed_updates=dp.resolve_used_update_types(),
        )
    where = f"{settings.webhook_host}:{settings.webhook_port}{settings.webhook_path}"
    log.info("webhook server on %s", where)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    process.serving.set()
    try:
        await stop.wait()
        log.info("stopping: no new updates; finishing those in flight")
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
        await runner.cleanup()  # stops listening, waits for running handlers


def webhook_extras(settings: Settings, resources: Resources) -> tuple[Metrics | None, UpdateLedger]:
    """Webhook mode collects metrics; both modes keep the update ledger (bot/dedup.py)."""
    ledger = ledger_for(resources.redis, resources.session_factory, settings.update_lease_seconds)
    if settings.mode != "webhook":
        return None, ledger
    from bot.metrics import Metrics  # Prometheus: webhook mode only

    return Metrics(), ledger


async def run(
    settings: Settings,
    seminar: Event,
    resources: Resources,
    replicas: ReplicaRegistry | None = None,
) -> None:
    """Run until a signal; `resources` are migrated and owned by the caller, as is the
    registration in `replicas`."""
    i18n = I18n()
    metrics, ledger = webhook_extras(settings, resources)
    bot = create_bot(settings, metrics=metrics)
    dp = build_dispatcher(
        settings=settings,
        seminar=seminar,
        i18n=i18n,
        session_factory=resources.session_factory,
        storage=resources.storage,
        events_isolation=resources.events_isolation,
        metrics=metrics,
        ledger=ledger,
    )
    process = Process(settings, seminar, i18n, resources, bot, dp, replicas)
    dp["process"] = process
    from bot.scheduler import install  # broadcasts and reminders: the engine and its clock

    install(process)  # the engine in every process, the scheduler on the elected leader
    from bot import dashboard

    dashboard.install(process)  # the organisers' dashboard, when DASHBOARD_URL is set
    starting = asyncio.create_task(finish_start(process), name="finish-start")
    try:
        try:
            if settings.mode == "webhook":
                await serve_webhook(process)
            else:
                await serve_polling(process)
        finally:
            starting.cancel()
            await asyncio.wait([starting])
            # No more updates come in; let those in flight finish their replies.
            await dp["in_flight"].drain(SHUTDOWN_GRACE_SECONDS)
            await stop_services(process)
            await ledger.aclose()
        if not starting.cancelled():
            starting.result()  # the start failed: its error
    finally:
        await bot.session.close()
