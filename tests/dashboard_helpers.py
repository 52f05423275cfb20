"""The dashboard for tests: the bot (tests/harness.py) with DASHBOARD_URL set, the
dashboard's server on loopback, and initData signed as Telegram signs it."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiohttp import web

from bot.messenger import BotMessenger
from dashboard import Dashboard, create_app
from dashboard.auth import sign_init_data
from tests.fakebot import FakeBotAPI
from tests.harness import TOKEN, Harness, running_bot

DASHBOARD_URL = "https://dash.example.org/dashboard"
PREFIX = "/dashboard"


def init_data(
    user_id: int,
    *,
    age: float = 0.0,
    token: str = TOKEN,
    first_name: str = "Staff",
) -> str:
    """The initData Telegram would hand the Mini App of `user_id`, signed `age` s ago."""
    user = {"id": user_id, "first_name": first_name, "language_code": "en"}
    fields = {
        "auth_date": str(int(time.time() - age)),
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "user": json.dumps(user, separators=(",", ":")),
    }
    return sign_init_data(token, fields)


def auth(user_id: int, **kwargs: object) -> dict[str, str]:
    return {"Authorization": "tma " + init_data(user_id, **kwargs)}  # type: ignore[arg-type]


@dataclass
class Served:
    harness: Harness
    base: str
    """http://127.0.0.1:<port>/dashboard"""


@asynccontextmanager
async def served_dashboard(
    fake: FakeBotAPI, db_url: str, admin_ids: list[int]
) -> AsyncIterator[Served]:
    """The bot and its dashboard on a free loopback port."""
    async with running_bot(
        fake, db_url, admin_ids=admin_ids, settings_overrides={"dashboard_url": DASHBOARD_URL}
    ) as h:
        deps = Dashboard(
            settings=h.settings,
            seminar=h.seminar,
            i18n=h.dp["i18n"],
            session_factory=h.resources.session_factory,
            messenger=BotMessenger(h.bot),
        )
        runner = web.AppRunner(create_app(deps))
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        try:
            yield Served(h, f"http://127.0.0.1:{port}{PREFIX}")
        finally:
            await runner.cleanup()
