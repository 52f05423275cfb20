"""Update throughput in one process, with a fake Bot API session (no network).

    .venv/bin/python -m bench.throughput [--users 100] [--rounds 5] [--postgres URL]

Baselines measured in the same run: a bare aiogram handler that answers once, and a bare
aiogram-dialog dialog start (memory storage). Then the bot, wired as in production
(`build_dispatcher`), on SQLite and (with --postgres or TEST_POSTGRES_URL) PostgreSQL,
in four scenarios:

- `/start`: the main menu (a dialog start that resets the stack);
- registration step: the next answer of the registration wizard (typed or pressed);
- survey answer: the next rating of the feedback survey;
- FAQ question: a question typed at the main menu (answered, then the menu again).

Two more references, measured in the same run, show what the budget leaves room for:

- bare aiogram-dialog step: a typed answer moves a bare dialog to its next window;
- the floor of a stored step: the same bare step, plus what storing an answer costs at
  the least — one row read and updated through a SQLAlchemy session and committed, on
  the same database as the bot (SQLite, and PostgreSQL when given). No step that stores
  what a user entered can run faster than this on this stack; each bot scenario is also
  printed as a ratio to it.

Each scenario: `users` simulated users at once, each first set up (untimed: e.g. through
the consent of the registration), then one warm-up step, then `rounds` timed steps.
Prints updates/s, the ratio to the bare aiogram-dialog start and to the floor, the p95
latency of one update and the SQL statements per update. Budgets (issue #20): a step that
stores input (registration step, survey answer, FAQ question with its log, ticket message)
≥ 0.8 of the floor on its database; `/start` and a button-only step ≥ 0.6 of the bare
aiogram-dialog start. The exactly-once ledger sits in the polling loop and the webhook
handler, not in the dispatcher fed here: its cost per update is `bench.ledger_bench`'s.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import os
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.filters import CommandStart
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import Message
from aiogram_dialog import Dialog, DialogManager, StartMode, Window, setup_dialogs
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button
from aiogram_dialog.widgets.text import Const
from sqlalchemy import Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bench.inprocess import Driver, InProcessSession
from bench.results import record

TOKEN = "42:BENCHMARK-token-0000000000000000000000"
BUDGET_RATIO = 0.60
"""`/start` and button-only steps: share of the bare aiogram-dialog start."""
ORGANISER = 900_000_001
BUDGET_FLOOR = 0.80
"""Steps that store input: share of the floor of a stored step on the same database."""
Step = Callable[[Driver, int], Awaitable[None]]


@dataclass
class Result:
    name: str
    updates: int
    seconds: float
    p95_ms: float
    queries: float = float("nan")  # SQL statements per update
    floor: float | None = None  # updates/s of the floor on the same database

    @property
    def rate(self) -> float:
        return self.updates / self.seconds


@dataclass
class Scenario:
    name: str
    step: Step
    prepare: Step | None = None  # untimed set-up of one user
    first_user: int = 10_001  # users first_user, first_user + 1, ...
    max_steps: int = 10**9  # warm-up and timed steps one user can take
    stores: bool = True  # stores input (budget: share of the floor), else of the bare start
    between: Step | None = None  # untimed, before each timed round (users then in step)


async def measure(name: str, driver: Driver, scenario: Scenario, users: int, rounds: int) -> Result:
    """Set up every user, warm up with one step each, then time `rounds` steps of every
    user, users concurrently."""
    if rounds + 1 > scenario.max_steps:
        raise SystemExit(f"{scenario.name}: at most {scenario.max_steps - 1} rounds")
    ids = [scenario.first_user + u for u in range(users)]
    if scenario.prepare is not None:
        await asyncio.gather(*(scenario.prepare(driver, user) for user in ids))
    await asyncio.gather(*(scenario.step(driver, user) for user in ids))
    driver.latencies.clear()
    driver.queries = 0

    async def user_loop(user_id: int) -> None:
        for _ in range(rounds):
            await scenario.step(driver, user_id)

    if scenario.between is None:
        started = time.perf_counter()
        await asyncio.gather(*(user_loop(user) for user in ids))
        elapsed = time.perf_counter() - started
    else:  # rounds of all users at once, each after an untimed way back to the step
        elapsed = 0.0
        for _ in range(rounds):
            timed, queries = len(driver.latencies), driver.queries
            await asyncio.gather(*(scenario.between(driver, user) for user in ids))
            del driver.latencies[timed:]
            driver.queries = queries
            started = time.perf_counter()
            await asyncio.gather(*(scenario.step(driver, user) for user in ids))
            elapsed += time.perf_counter() - started
    updates = len(driver.latencies)
    return Result(name, updates, elapsed, driver.percentile(0.95) * 1000, driver.queries / updates)


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

    result = await measure("bare aiogram: answer once", driver, Scenario("", step), users, rounds)
    result.queries = 0
    return result


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

    result = await measure(
        "bare aiogram-dialog: dialog start", driver, Scenario("", step), users, rounds
    )
    result.queries = 0
    return result


class BareStepSG(StatesGroup):
    first = State()
    second = State()


class FloorBase(DeclarativeBase):
    pass


class FloorAnswer(FloorBase):
    """One stored answer per user: the least a step that stores an answer writes."""

    __tablename__ = "bench_floor_answers"
    user_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    answer: Mapped[str] = mapped_column(String, default="")


async def bare_step(users: int, rounds: int, database_url: str | None = None) -> Result:
    """A typed answer moves a bare dialog (memory storage) to its other window; with
    `database_url`, the handler first stores the answer: one row read, changed and
    committed through a SQLAlchemy session (the project's engine settings)."""
    from storage.db import create_engine, create_session_factory

    engine = create_engine(database_url) if database_url else None
    factory = create_session_factory(engine) if engine else None
    if engine is not None and factory is not None:
        async with engine.begin() as connection:
            await connection.run_sync(FloorBase.metadata.drop_all)
            await connection.run_sync(FloorBase.metadata.create_all)
        async with factory() as db:
            db.add_all(FloorAnswer(user_id=10_001 + u) for u in range(users))
            await db.commit()

    async def on_answer(message: Message, _widget: Any, manager: DialogManager) -> None:
        if factory is not None and message.from_user is not None:
            async with factory() as db:
                row = await db.get(FloorAnswer, message.from_user.id)
                if row is not None:  # a new value each time: the UPDATE is sent
                    row.answer = f"{message.text} ({message.message_id})"
                await db.commit()
        current = manager.current_context().state
        await manager.switch_to(
            BareStepSG.second if current == BareStepSG.first else BareStepSG.first
        )

    router = Router()

    @router.message(CommandStart())
    async def start(message: Message, dialog_manager: DialogManager) -> None:
        await dialog_manager.start(BareStepSG.first, mode=StartMode.RESET_STACK)

    dialog = Dialog(
        *(
            Window(Const(f"Question {state.state}"), MessageInput(on_answer), state=state)
            for state in (BareStepSG.first, BareStepSG.second)
        )
    )
    dp = Dispatcher(storage=MemoryStorage())
    dp.include_routers(router, dialog)
    setup_dialogs(dp)
    session = InProcessSession()
    driver = Driver(dp, new_bot(session), session)
    if engine is not None:
        count_queries(driver, engine)

    async def prepare(d: Driver, user: int) -> None:
        await d.message(user, "/start")

    async def step(d: Driver, user: int) -> None:
        await d.message(user, "an answer")

    name = "bare aiogram-dialog: step"
    if engine is not None:
        name = f"{engine.dialect.name}: bare step + one stored answer"
    try:
        result = await measure(name, driver, Scenario("", step, prepare), users, rounds)
    finally:
        if engine is not None:
            async with engine.begin() as connection:
                await connection.run_sync(FloorBase.metadata.drop_all)
            await engine.dispose()
    if engine is None:
        result.queries = 0
    return result


def count_queries(driver: Driver, engine: Any) -> None:
    from sqlalchemy import event

    def count(*_: Any) -> None:
        driver.queries += 1

    event.listen(engine.sync_engine, "before_cursor_execute", count)


def bench_event_file(folder: Path) -> Path:
    """The example event with the feedback survey open now (as during the seminar)."""
    from core.settings import DEFAULT_EVENT_FILE

    text = DEFAULT_EVENT_FILE.read_text(encoding="utf-8")
    old = 'opens: "end +0h"\n    closes: "end +21d"'
    if old not in text:
        raise SystemExit(f"{DEFAULT_EVENT_FILE}: the feedback survey's window has changed")
    path = folder / "event.yaml"
    path.write_text(
        text.replace(old, 'opens: "2020-01-01 10:00"\n    closes: "2099-01-01 10:00"'),
        encoding="utf-8",
    )
    return path


async def build_bot(database_url: str) -> tuple[Driver, Callable[[], Awaitable[None]]]:
    """The bot exactly as `bot.runner` wires it, on the given (migrated) database."""
    from bot import startup_gc
    from bot.app import build_dispatcher, open_resources
    from core.event import load_event
    from core.i18n import I18n
    from core.settings import Settings
    from storage.migrate import upgrade

    startup_gc.hold()  # as `python -m bot` does: no collection while it starts, ...
    settings = Settings(
        _env_file=None,
        bot_token=TOKEN,
        database_url=database_url,
        admin_ids=[ORGANISER],  # tickets go to an organiser, as in production
    )
    resources = open_resources(settings)
    await upgrade(resources.engine)
    folder = tempfile.TemporaryDirectory()
    dp = build_dispatcher(
        settings=settings,
        seminar=load_event(bench_event_file(Path(folder.name))),
        i18n=I18n(),
        session_factory=resources.session_factory,
        storage=resources.storage,
        events_isolation=resources.events_isolation,
    )
    session = InProcessSession()
    driver = Driver(dp, new_bot(session), session)
    driver.session_factory = resources.session_factory
    count_queries(driver, resources.engine)
    startup_gc.release()  # ... then what it built frozen, as once it takes updates

    async def close() -> None:
        await resources.close()
        folder.cleanup()

    return driver, close


# --------------------------------------------------------------------------- scenarios


async def step_start(d: Driver, user: int) -> None:
    await d.message(user, "/start")


REGISTRATION_ANSWERS = {
    "text": "Ana <b>María</b> O'Neil",
    "email": "ana.maria@example.org",
    "phone": "+56 2 2345 6789",
    "number": "3",
    "date": "2027-09-14",
}


def asked_field(text: str) -> Any:
    """The registration field whose prompt (or label) the window shows: the form of the
    event file, whatever its order (the longest prompt found wins)."""
    from core.event import load_event
    from core.settings import DEFAULT_EVENT_FILE

    global _FORM
    if _FORM is None:
        _FORM = list(load_event(DEFAULT_EVENT_FILE).registration.fields)
    shown = html.unescape(text)
    found = [
        (len(ask), field)
        for field in _FORM
        for ask in (field.prompt or field.label).root.values()
        if ask and ask in shown
    ]
    return max(found, key=lambda f: f[0])[1] if found else None


_FORM: list[Any] | None = None


async def prepare_registration(d: Driver, user: int) -> None:
    """Open the wizard and give consent: the next window asks the form's first field."""
    await d.message(user, "/start")
    await d.press(user, "📝")
    await d.press(user, "✅")


async def step_registration(d: Driver, user: int) -> None:
    """Answer whatever field the wizard asks now: typed fields with a valid value, a
    choice with its first option, an economy by a search then its button."""
    text = d.session.texts.get(user, "")
    field = asked_field(text)
    if field is None:
        raise AssertionError(f"user {user}: no registration field asked in {text[:200]!r}")
    if field.type == "economy":
        markup = d.session.markups.get(user)
        labels = [b.text for row in markup.inline_keyboard for b in row] if markup else []
        if any("Chile" in label for label in labels):
            await d.press(user, "Chile")
        else:
            await d.message(user, "chil")
    elif field.type in ("choice", "multi_choice", "boolean") and field.options:
        await d.press(user, field.options[0].label.get("en"))
    elif field.type == "boolean":
        await d.press(user, "Yes")
    elif field.type in REGISTRATION_ANSWERS:
        await d.message(user, REGISTRATION_ANSWERS[field.type])
    else:
        raise AssertionError(f"user {user}: no benchmark answer for a {field.type} field")


async def prepare_survey(d: Driver, user: int) -> None:
    """A registered delegate who attended opens the feedback survey and answers the first
    question (their role): each next question is a rating 1-5."""
    from sqlalchemy import select

    from storage.models import User
    from storage.models.registration import Attendance, Registration

    async with d.session_factory() as session:
        if await session.get(User, user) is None:
            session.add(User(id=user, first_name=f"User{user}", language="en"))
            await session.flush()
        registration = await session.scalar(
            select(Registration).where(Registration.user_id == user)
        )
        if registration is None:
            registration = Registration(
                user_id=user,
                status="approved",
                answers={},
                full_name=f"Delegate {user}",
                economy="CHL",
                role="delegate",
                consent_version="1",
            )
            session.add(registration)
            await session.flush()
        day = date(2027, 9, 14)
        attended = await session.scalar(
            select(Attendance.id).where(Attendance.registration_id == registration.id)
        )
        if attended is None:
            session.add(Attendance(registration_id=registration.id, day=day, method="badge"))
        await session.commit()
    await d.message(user, "/start")
    await d.press(user, "Surveys")
    await d.press(user, "Seminar feedback")
    await d.press(user, "Start")
    await d.press(user, "Delegate")


async def step_survey(d: Driver, user: int) -> None:
    await d.press(user, "4")


FAQ_QUESTIONS = [
    "where's the conference taking place",
    "what dates is the event",
    "is there wifi at the venue",
    "how do I get from the airport",
]


async def step_faq(d: Driver, user: int) -> None:
    await d.message(user, FAQ_QUESTIONS[user % len(FAQ_QUESTIONS)])


async def step_button(d: Driver, user: int) -> None:
    """A button-only step: the main menu's Logistics button, or Back from there."""
    markup = d.session.markups.get(user)
    labels = [b.text for row in markup.inline_keyboard for b in row] if markup else []
    await d.press(user, "🧭" if any("🧭" in label for label in labels) else "Back")


async def prepare_ticket(d: Driver, user: int) -> None:
    """At the window that takes a question for the organisers (a ticket)."""
    await d.message(user, "/start")
    await ticket_again(d, user)


async def ticket_again(d: Driver, user: int) -> None:
    await d.press(user, "🧭")
    await d.press(user, "✍️")


async def step_ticket(d: Driver, user: int) -> None:
    await d.message(user, f"Is there a shuttle from the hotel on day {user % 3 + 1}?")


async def ticket_between(d: Driver, user: int) -> None:
    """From the window that confirms the ticket back to the one that takes the next."""
    await d.press(user, "🏠")
    await ticket_again(d, user)


# Scenarios of the bot. Features add theirs here.
SCENARIOS: list[Scenario] = [
    Scenario("/start (main menu)", step_start, stores=False),
    Scenario("button press (menu ↔ logistics)", step_button, step_start, stores=False),
    Scenario(
        "registration step",
        step_registration,
        prepare_registration,
        first_user=5_000_001,
        max_steps=8,
    ),
    Scenario("survey answer", step_survey, prepare_survey, max_steps=14),
    Scenario("FAQ question (free text)", step_faq, step_start),
    Scenario(
        "ticket message", step_ticket, prepare_ticket, first_user=6_000_001, between=ticket_between
    ),
]


async def bot_scenarios(
    label: str,
    url: str,
    users: int,
    rounds: int,
    scenarios: list[Scenario] | None = None,
) -> list[Result]:
    results = []
    for scenario in scenarios or SCENARIOS:
        driver, close = await build_bot(url)
        try:
            results.append(
                await measure(f"{label}: {scenario.name}", driver, scenario, users, rounds)
            )
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
    print(
        f"{'scenario':52} {'upd/s':>7} {'÷ dialog':>9} {'÷ floor':>8} {'p95 ms':>8} {'SQL/upd':>8}"
    )
    for r in results:
        floor = f"{r.rate / r.floor:8.2f}" if r.floor else f"{'':8}"
        print(
            f"{r.name:52} {r.rate:7.0f} {r.rate / baseline.rate:9.2f} {floor} "
            f"{r.p95_ms:8.1f} {r.queries:8.1f}"
        )


async def with_floor(
    label: str, url: str, users: int, rounds: int, scenarios: list[Scenario] | None = None
) -> list[Result]:
    """The floor of a stored step on `url`, then the bot's scenarios, each with that floor."""
    floor = await bare_step(users, rounds, url)
    results = await bot_scenarios(label, url, users, rounds, scenarios)
    for r in results:
        r.floor = floor.rate
    return [floor, *results]


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--postgres", default=os.environ.get("TEST_POSTGRES_URL"))
    args = parser.parse_args()
    bare = await bare_aiogram(args.users, args.rounds)
    baseline = await bare_dialog(args.users, args.rounds)
    step = await bare_step(args.users, args.rounds)
    results = [bare, baseline, step]
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.sqlite3'}"
        results += await with_floor("SQLite", url, args.users, args.rounds)
    if args.postgres:
        url, drop = await fresh_postgres(args.postgres)
        try:
            results += await with_floor("PostgreSQL", url, args.users, args.rounds)
        finally:
            await drop()
    print(f"{args.users} users at once, {args.rounds} timed steps each")
    print_table(results, baseline)
    record(
        "throughput: bare aiogram-dialog start (baseline)",
        f"{baseline.rate:.0f} upd/s, p95 {baseline.p95_ms:.1f} ms",
    )
    ok = True
    kinds = {
        f"{label}: {sc.name}": sc.stores for label in ("SQLite", "PostgreSQL") for sc in SCENARIOS
    }
    for r in results:
        if r.floor is None:
            if r is not bare and r is not baseline:
                record(
                    f"throughput: {r.name} (reference)",
                    f"{r.rate:.0f} upd/s = {r.rate / baseline.rate:.2f} of the bare start, "
                    f"p95 {r.p95_ms:.0f} ms",
                )
            continue
        if kinds.get(r.name, True):
            ratio, budget, against = r.rate / r.floor, BUDGET_FLOOR, "of the floor"
        else:
            ratio, budget, against = r.rate / baseline.rate, BUDGET_RATIO, "of the bare start"
        within = ratio >= budget
        ok = ok and within
        record(
            f"throughput: {r.name}",
            f"{ratio:.2f} {against} ({r.rate:.0f} upd/s, p95 {r.p95_ms:.0f} ms, "
            f"{r.queries:.1f} SQL/upd)",
            f"≥ {budget:.2f} {against}",
            within,
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
