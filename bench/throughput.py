"""Update throughput in one process, with a fake Bot API session (no network).

    .venv/bin/python -m bench.throughput [--users 100] [--rounds 5] [--postgres URL]

Baselines measured in the same run: a bare aiogram handler that answers once, and a bare
aiogram-dialog dialog start (memory storage). Then the bot, wired as in production
(`build_dispatcher`), on SQLite and (with --postgres or TEST_POSTGRES_URL) PostgreSQL.
Each scenario: `users` simulated users at once, each sending `rounds` times its steps in
turn. Prints updates/s, the ratio to the bare aiogram-dialog baseline (budget: ≥ 0.60 for
every dialog step) and the p95 latency of one update.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.filters import CommandStart
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import Message
from aiogram_dialog import Dialog, DialogManager, StartMode, Window, setup_dialogs
from aiogram_dialog.widgets.kbd import Button
from aiogram_dialog.widgets.text import Const

from bench.inprocess import Driver, InProcessSession

TOKEN = "42:BENCHMARK-token-0000000000000000000000"
Step = Callable[[Driver, int], Awaitable[None]]


@dataclass
class Result:
    name: str
    updates: int
    seconds: float
    p95_ms: float

    @property
    def rate(self) -> float:
        return self.updates / self.seconds


async def measure(name: str, driver: Driver, step: Step, users: int, rounds: int) -> Result:
    """Warm up once per user, then time `rounds` steps of every user, users concurrently."""
    first_user = 10_000
    await asyncio.gather(*(step(driver, first_user + u) for u in range(users)))
    driver.latencies.clear()

    async def user_loop(user_id: int) -> None:
        for _ in range(rounds):
            await step(driver, user_id)

    started = time.perf_counter()
    await asyncio.gather(*(user_loop(first_user + u) for u in range(users)))
    elapsed = time.perf_counter() - started
    return Result(name, len(driver.latencies), elapsed, driver.percentile(0.95) * 1000)


def new_bot(session: InProcessSession) -> Bot:
    return Bot(TOKEN, session=session, default=DefaultBotProperties(parse_mode="HTML"))


async def bare_aiogram(users: int, rounds: int) -> Result:
    router = Router()

    @router.message()
    async def answer(message: Message) -> None:
        await message.answer("ok")

    dp = Dispatcher()
    dp.include_router(router)
    session = InProcessSession()
    driver = Driver(dp, new_bot(session), session)

    async def step(d: Driver, user: int) -> None:
        await d.message(user, "hello")

    return await measure("bare aiogram: answer once", driver, step, users, rounds)


class BareSG(StatesGroup):
    main = State()


async def bare_dialog(users: int, rounds: int) -> Result:
    router = Router()

    @router.message(CommandStart())
    async def start(message: Message, dialog_manager: DialogManager) -> None:
        await dialog_manager.start(BareSG.main, mode=StartMode.RESET_STACK)

    dialog = Dialog(Window(Const("Hello"), Button(Const("OK"), id="ok"), state=BareSG.main))
    dp = Dispatcher(storage=MemoryStorage())
    dp.include_routers(router, dialog)
    setup_dialogs(dp)
    session = InProcessSession()
    driver = Driver(dp, new_bot(session), session)

    async def step(d: Driver, user: int) -> None:
        await d.message(user, "/start")

    return await measure("bare aiogram-dialog: dialog start", driver, step, users, rounds)


async def build_bot(database_url: str) -> tuple[Driver, Callable[[], Awaitable[None]]]:
    """The bot exactly as `bot.runner` wires it, on a fresh database."""
    from bot.app import build_dispatcher, open_resources
    from bot.event import load_event
    from bot.i18n import I18n
    from bot.settings import Settings
    from storage.migrate import upgrade

    settings = Settings(_env_file=None, bot_token=TOKEN, database_url=database_url)  # type: ignore[call-arg, arg-type]
    resources = open_resources(settings)
    await upgrade(resources.engine)
    dp = build_dispatcher(
        settings=settings,
        seminar=load_event(settings.event_file),
        i18n=I18n(),
        session_factory=resources.session_factory,
        storage=resources.storage,
        events_isolation=resources.events_isolation,
    )
    session = InProcessSession()
    return Driver(dp, new_bot(session), session), resources.close


async def step_start(d: Driver, user: int) -> None:
    await d.message(user, "/start")


async def step_language(d: Driver, user: int) -> None:
    await d.message(user, "/language")
    await d.press(user, "English")


# Scenarios of the bot: (name, step). Features add theirs here.
SCENARIOS: list[tuple[str, Step]] = [
    ("/start (main menu)", step_start),
    ("/language + a button (dialog step)", step_language),
]


async def bot_scenarios(label: str, url: str, users: int, rounds: int) -> list[Result]:
    results = []
    for name, step in SCENARIOS:
        driver, close = await build_bot(url)
        try:
            results.append(await measure(f"{label}: {name}", driver, step, users, rounds))
        finally:
            await close()
    return results


async def fresh_postgres(server_url: str) -> tuple[str, Callable[[], Awaitable[None]]]:
    import uuid

    import asyncpg
    from sqlalchemy.engine import make_url

    server = make_url(server_url)
    admin = server.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"bench_{uuid.uuid4().hex[:12]}"
    connection = await asyncpg.connect(admin)
    await connection.execute(f'CREATE DATABASE "{name}"')
    await connection.close()

    async def drop() -> None:
        conn = await asyncpg.connect(admin)
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.close()

    return server.set(database=name).render_as_string(hide_password=False), drop


def print_table(results: list[Result], baseline: Result) -> None:
    print(f"{'scenario':62} {'upd/s':>8} {'÷ dialog':>9} {'p95 ms':>8}")
    for r in results:
        print(f"{r.name:62} {r.rate:8.0f} {r.rate / baseline.rate:9.2f} {r.p95_ms:8.1f}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--postgres", default=os.environ.get("TEST_POSTGRES_URL"))
    args = parser.parse_args()
    results = [await bare_aiogram(args.users, args.rounds)]
    baseline = await bare_dialog(args.users, args.rounds)
    results.append(baseline)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.sqlite3'}"
        results += await bot_scenarios("SQLite", url, args.users, args.rounds)
    if args.postgres:
        url, drop = await fresh_postgres(args.postgres)
        try:
            results += await bot_scenarios("PostgreSQL", url, args.users, args.rounds)
        finally:
            await drop()
    print_table(results, baseline)
    ratios = [r.rate / baseline.rate for r in results[2:]]
    if ratios:
        print(
            f"lowest ratio to the bare dialog: {min(ratios):.2f} (budget ≥ 0.60); "
            f"median {statistics.median(ratios):.2f}"
        )


if __name__ == "__main__":
    asyncio.run(main())
