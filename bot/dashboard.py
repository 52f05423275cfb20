"""Wiring of the organisers' dashboard (dashboard/, docs/dashboard.md) into the process.

When DASHBOARD_URL is set: in webhook mode its routes join the webhook server
(`mount_on`); in polling mode a small aiohttp server of its own listens on
DASHBOARD_HOST:DASHBOARD_PORT once the bot takes updates. Either way every staff
member's chat menu button opens it (set at start).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from bot.messenger import BotMessenger

if TYPE_CHECKING:
    from aiohttp import web

    from dashboard import Dashboard

# `bot.runner.Process` (not imported: the runner imports this module).
Process = Any

log = logging.getLogger(__name__)

SHUTDOWN_SECONDS = 10.0


def dashboard_for(process: Process) -> Dashboard:
    from dashboard import Dashboard

    return Dashboard(
        settings=process.settings,
        seminar=process.seminar,
        i18n=process.i18n,
        session_factory=process.resources.session_factory,
        messenger=BotMessenger(process.bot),
    )


def mount_on(app: web.Application, process: Process) -> None:
    """Webhook mode: the dashboard on the webhook server (if DASHBOARD_URL is set)."""
    if process.settings.dashboard_url:
        from dashboard import mount

        mount(app, dashboard_for(process))


def install(process: Process) -> None:
    """Menu buttons at start; in polling mode, the dashboard's own server."""
    if not process.settings.dashboard_url:
        return
    runner: web.AppRunner | None = None

    async def start(process: Process) -> None:
        nonlocal runner
        from ui.dashboard_button import set_staff_menu_buttons

        settings = process.settings
        if settings.mode != "webhook":
            from aiohttp import web

            from dashboard import create_app

            runner = web.AppRunner(
                create_app(dashboard_for(process)),
                handle_signals=False,
                shutdown_timeout=SHUTDOWN_SECONDS,
            )
            await runner.setup()
            await web.TCPSite(runner, settings.dashboard_host, settings.dashboard_port).start()
            log.info("dashboard on %s:%s", settings.dashboard_host, settings.dashboard_port)
        try:
            count = await set_staff_menu_buttons(
                process.bot, process.resources.session_factory, settings, process.i18n
            )
            log.info("dashboard menu button set for %s staff member(s)", count)
        except Exception:  # never keep the bot from starting
            log.exception("dashboard: the menu buttons were not set")

    async def stop(_process: Process) -> None:
        if runner is not None:
            await runner.cleanup()

    process.on_start.append(start)
    process.on_stop.append(stop)
