"""Latency at Telegram's ceiling, memory after load, and a soak: the bot beside a bare bot.

    .venv/bin/python -m bench.latency [--rate 30] [--seconds 60] [--users 300]
        [--broadcast 500] [--postgres URL] [--quick] [--soak [--soak-seconds 600]]

Each bot runs as its own process (`python -m bot`, and `bench.bare_bot`: a bare aiogram +
aiogram-dialog bot), long polling a fake Bot API (tests/fakebot/) served from this
process. For each bot, in order:

1. end-to-end run: 50 users × 12 updates, each user sending its next update when the
   previous one was answered; then 2 s idle and its RSS (budget: ≤ the bare bot's + 60 MB);
2. open loop at `--rate` updates/s for `--seconds`: updates arrive at fixed times whether
   or not the bot keeps up, from `--users` users with a realistic mix — `/start`,
   registration steps (whatever field the form asks), survey answers, FAQ questions typed
   at the menu, button presses — while a broadcast to `--broadcast` other users runs
   (started at the beginning of the run; the bare bot has none);
3. the same at 3× the rate.

Latency: from the moment an update is queued in the fake to the bot's first message call
in that chat (sendMessage, editMessageText, ...): p50/p95/p99 in ms. Budgets (issue #20):
p95 ≤ 50 ms, p99 ≤ 150 ms at the rate, p95 ≤ 250 ms at 3×, and no backlog (updates still
unanswered 1 s after the last arrival). Each is also printed as a ratio to the bare bot's
figure under the same arrivals. An arrival finds each user idle (300 users, one update
every 10 s each at 30/s); if its user still waits, the next idle user takes it.

RSS is sampled every second during each open-loop run; `--soak` runs the bot alone
(SQLite) for `--soak-seconds` at `--rate` and checks it stays flat: the mean RSS of the
last fifth against the mean of the first fifth after a warm-up fifth (budget: growth
≤ 5 %). Without `--soak`, the open-loop run at the rate gives the same figure over its
shorter span ("short soak").

`--quick` (for `bench.run_all --quick`): 15 s per open-loop run, 250 recipients, no
PostgreSQL run at 3×.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.footprint import rss_mb  # noqa: E402
from bench.results import record  # noqa: E402
from bench.throughput import (  # noqa: E402
    FAQ_QUESTIONS,
    ORGANISER,
    REGISTRATION_ANSWERS,
    asked_field,
    bench_event_file,
    fresh_postgres,
)
from tests.fakebot import FakeBotAPI  # noqa: E402
from tests.harness import TOKEN  # noqa: E402

P95_MS, P99_MS, P95_3X_MS = 50.0, 150.0, 250.0
RSS_MB, SOAK_GROWTH = 60.0, 0.05
REPLY_METHODS = {
    "sendmessage",
    "editmessagetext",
    "editmessagereplymarkup",
    "editmessagecaption",
    "sendphoto",
    "senddocument",
    "copymessage",
    "sendlocation",
    "sendvenue",
}
BROADCAST_TEXT = "Latency benchmark: <b>broadcast</b>"
FIRST_USER = 7_000_001
FIRST_RECIPIENT = 8_000_001
GIVE_UP_S = 15.0  # an update unanswered this long is counted as lost and its user freed
GROUPS = ("registration", "survey", "faq", "button", "start")


class TimedFake(FakeBotAPI):
    """The fake Bot API that notes when each waiting user gets the bot's reply."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting: dict[int, tuple[float, str]] = {}  # user -> (queued at, kind)
        self.done: list[tuple[str, float]] = []  # (kind, seconds)

    def _record(self, method: str, params: dict[str, Any], token: str) -> Any:
        call = super()._record(method, params, token)
        if method.lower() in REPLY_METHODS:
            try:
                chat = int(params.get("chat_id", 0))
            except (TypeError, ValueError):
                return call
            queued = self.waiting.pop(chat, None)
            if queued is not None:
                self.done.append((queued[1], time.monotonic() - queued[0]))
        return call

    def send(self, user: int, kind: str, action: tuple[str, str]) -> None:
        with self._lock:
            self.waiting[user] = (time.monotonic(), kind)
            if action[0] == "type":
                self.enqueue_message(user, action[1], first_name=f"U{user}")
            else:
                self.press(user, action[1])

    def forget_calls(self) -> None:
        """Drop the call log (the soak would keep hundreds of thousands)."""
        with self._lock:
            self._calls.clear()
            self._mark = 0


def group_of(user: int) -> str:
    return GROUPS[(user - FIRST_USER) % len(GROUPS)]


def next_action(fake: TimedFake, user: int, bare: bool) -> tuple[str, tuple[str, str]]:
    """What the user does next, from what the bot shows them: (kind, (type|press, text))."""
    group = group_of(user)
    with fake._lock:
        buttons = fake.buttons(user)
        message = fake._latest_keyboard_message(user)
        shown = str(message.get("raw_text") or "") if message else ""
    if not buttons or group == "start":
        return "start", ("type", "/start")
    if bare:  # the bare bot's one dialog: typed answers and its one button
        if group in ("registration", "faq"):
            return group, ("type", "an answer")
        return "button", ("press", buttons[0])
    if group == "faq":
        return "faq", ("type", FAQ_QUESTIONS[user % len(FAQ_QUESTIONS)])
    if group == "button":
        return "button", ("press", "🧭" if any("🧭" in b for b in buttons) else "Back")
    if group == "survey":
        if "4" in buttons:
            return "survey", ("press", "4")
        for label in ("Delegate", "Start", "Seminar feedback", "Surveys"):
            if any(label in b for b in buttons):
                return "button", ("press", label)
        return "start", ("type", "/start")
    return registration_action(buttons, shown)


def registration_action(buttons: list[str], shown: str) -> tuple[str, tuple[str, str]]:
    """The next registration step: answer the field the wizard asks (as bench.throughput)."""
    asked = asked_field(shown)
    if asked is not None:
        if asked.type == "economy":
            if any("Chile" in b for b in buttons):
                return "registration", ("press", "Chile")
            return "registration", ("type", "chil")
        if asked.options:
            return "registration", ("press", asked.options[0].label.get("en"))
        if asked.type in REGISTRATION_ANSWERS:
            return "registration", ("type", REGISTRATION_ANSWERS[asked.type])
    for label in ("✅", "📝"):  # the consent, or the menu's Registration
        if any(b.startswith(label) for b in buttons):
            return "button", ("press", label)
    return "start", ("type", "/start")


@dataclass
class Run:
    """One open-loop run: latencies by kind, backlog, RSS samples."""

    label: str
    rate: float
    latencies: list[float] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)
    backlog: int = 0
    lost: int = 0
    rss: list[float] = field(default_factory=list)
    skipped: int = 0
    broadcast: int = 0  # messages of the broadcast sent during the run

    def pct(self, q: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def wait_reply(fake: TimedFake, user: int, timeout: float = GIVE_UP_S) -> bool:
    deadline = time.monotonic() + timeout
    while user in fake.waiting:
        if time.monotonic() > deadline:
            fake.waiting.pop(user, None)
            return False
        await asyncio.sleep(0.002)
    return True


async def end_to_end(fake: TimedFake, users: list[int], updates: int, bare: bool) -> int:
    """Each user sends `updates` updates, the next once the previous was answered."""
    lost = 0

    async def one(user: int) -> None:
        nonlocal lost
        for _ in range(updates):
            kind, action = next_action(fake, user, bare)
            fake.send(user, kind, action)
            if not await wait_reply(fake, user):
                lost += 1

    await asyncio.gather(*(one(u) for u in users))
    return lost


async def set_up(fake: TimedFake, users: list[int], bare: bool) -> None:
    """Untimed: bring each user to where their next update is of their group's kind (the
    registration wizard, the survey's ratings, the menu), as users of a running bot are."""
    slots = asyncio.Semaphore(20)
    wanted = {"survey": "survey", "registration": "registration"}

    async def one(user: int) -> None:
        async with slots:
            for _ in range(8):
                kind, action = next_action(fake, user, bare)
                if fake.buttons(user) and (bare or kind == wanted.get(group_of(user), kind)):
                    return
                fake.send(user, kind, action)
                await wait_reply(fake, user)

    await asyncio.gather(*(one(u) for u in users))
    fake.done.clear()


async def open_loop(
    fake: TimedFake,
    pid: int,
    label: str,
    users: list[int],
    rate: float,
    seconds: float,
    bare: bool,
    sample_every: float = 1.0,
) -> Run:
    run = Run(label, rate)
    fake.done.clear()
    order = list(users)
    position = 0
    arrivals = int(rate * seconds)
    started = time.monotonic()
    next_sample = started
    for k in range(arrivals):
        due = started + k / rate
        now = time.monotonic()
        if now >= next_sample:
            run.rss.append(rss_mb(pid))
            next_sample += sample_every
        if due > now:
            await asyncio.sleep(due - now)
        for old, (queued, _) in list(fake.waiting.items()):
            if time.monotonic() - queued > GIVE_UP_S:
                fake.waiting.pop(old, None)
                run.lost += 1
        for _ in range(len(order)):  # the next user not waiting for a reply
            user = order[position % len(order)]
            position += 1
            if user not in fake.waiting:
                kind, action = next_action(fake, user, bare)
                fake.send(user, kind, action)
                run.kinds[kind] += 1
                break
        else:
            run.skipped += 1
    await asyncio.sleep(1.0)
    run.backlog = len(fake.waiting)
    deadline = time.monotonic() + GIVE_UP_S
    while fake.waiting and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    run.lost += len(fake.waiting)
    fake.waiting.clear()
    run.latencies = [seconds for _, seconds in fake.done]
    run.broadcast = sum(
        1
        for call in fake.calls_of("sendMessage")
        if int(call.params.get("chat_id", 0)) >= FIRST_RECIPIENT
    )
    return run


# --------------------------------------------------------------------------- the bots


async def prepare_database(url: str, recipients: int, survey_users: list[int]) -> None:
    """Migrate; add broadcast recipients, and the survey users as attending delegates."""
    from datetime import date

    from sqlalchemy import insert

    from storage.db import create_engine, create_session_factory
    from storage.migrate import upgrade
    from storage.models import User, utcnow
    from storage.models.registration import Attendance, Registration

    engine = create_engine(url)
    await upgrade(engine)
    factory = create_session_factory(engine)
    now = utcnow()
    async with factory() as session:
        rows = [
            {"id": u, "first_name": "R", "language": "en", "first_seen": now, "last_seen": now}
            for u in [*range(FIRST_RECIPIENT, FIRST_RECIPIENT + recipients), *survey_users]
        ]
        await session.execute(insert(User), rows)
        for user in survey_users:
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
            session.add(
                Attendance(registration_id=registration.id, day=date(2027, 9, 14), method="badge")
            )
        await session.commit()
    await engine.dispose()


async def start_broadcast(url: str, recipients: int) -> None:
    from core.event import load_event
    from core.settings import DEFAULT_EVENT_FILE
    from storage.db import create_engine, create_session_factory
    from storage.repositories.audience import Audience
    from storage.repositories.broadcasts import BroadcastRepo

    engine = create_engine(url)
    factory = create_session_factory(engine)
    async with factory() as session:
        repo = BroadcastRepo(session)
        row = repo.create(texts={"en": BROADCAST_TEXT}, audience=Audience("all"))
        await repo.start(
            row,
            load_event(DEFAULT_EVENT_FILE),
            user_ids=range(FIRST_RECIPIENT, FIRST_RECIPIENT + recipients),
        )
        await session.commit()
    await engine.dispose()


async def delivery_states(url: str) -> dict[str, int]:
    from sqlalchemy import func, select

    from storage.db import create_engine
    from storage.models.delivery import Delivery

    engine = create_engine(url)
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(Delivery.state, func.count()).group_by(Delivery.state)
        )
        states = {str(state): int(count) for state, count in rows.all()}
    await engine.dispose()
    return states


@dataclass
class Bot:
    label: str
    argv: list[str]
    env: dict[str, str]
    database_url: str | None = None  # None: the bare bot


async def measure_bot(
    spec: Bot, args: argparse.Namespace, rates: list[float]
) -> tuple[float, list[Run]]:
    """Start the bot against a fresh fake; the end-to-end run, then open-loop runs."""
    bare = spec.database_url is None
    users = list(range(FIRST_USER, FIRST_USER + args.users))
    if spec.database_url is not None:
        survey = [u for u in users if group_of(u) == "survey"]
        await prepare_database(spec.database_url, args.broadcast, survey)
    fake = TimedFake()
    fake.start_in_thread()
    env = {**spec.env, "TELEGRAM_API_BASE": fake.base_url}
    log = open(args.log, "a", encoding="utf-8") if args.log else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(spec.argv, env=env, cwd=ROOT, stdout=log, stderr=log)
    runs: list[Run] = []
    try:
        await asyncio.to_thread(fake.wait_polling_sync, 120)
        await asyncio.sleep(1.0)
        lost = await end_to_end(fake, users[:50], 12, bare)
        await asyncio.sleep(2.0)
        after_e2e = rss_mb(proc.pid)
        print(f"   {spec.label}: RSS after 50 users × 12 updates {after_e2e:.0f} MB (lost {lost})")
        await set_up(fake, users, bare)
        for rate in rates:
            if spec.database_url is not None and args.broadcast:
                await start_broadcast(spec.database_url, args.broadcast)
            fake.forget_calls()
            seconds = args.soak_seconds if args.soak else args.seconds
            run = await open_loop(fake, proc.pid, spec.label, users, rate, seconds, bare)
            runs.append(run)
            print_run(run)
            if spec.database_url is not None:
                print(f"   broadcast deliveries: {await delivery_states(spec.database_url)}")
            if proc.poll() is not None:
                raise SystemExit(f"{spec.label}: the bot exited with {proc.returncode}")
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        fake.stop_thread()
    return after_e2e, runs


def print_run(run: Run) -> None:
    mix = ", ".join(f"{k} {n}" for k, n in sorted(run.kinds.items()))
    print(
        f"   {run.label} at {run.rate:.0f}/s: {len(run.latencies)} replies, p50 {run.pct(0.5):.1f}"
        f" p95 {run.pct(0.95):.1f} p99 {run.pct(0.99):.1f} ms, backlog {run.backlog}, "
        f"lost {run.lost}, skipped {run.skipped}; broadcast sent {run.broadcast}; RSS {run.rss[0]:.0f} → {run.rss[-1]:.0f} MB;"
        f" mix: {mix}",
        flush=True,
    )


def growth(samples: list[float]) -> float:
    """Mean of the last fifth over the mean of the second fifth (the first is warm-up)."""
    fifth = max(1, len(samples) // 5)
    first = statistics.mean(samples[fifth : 2 * fifth])
    last = statistics.mean(samples[-fifth:])
    return last / first - 1


def base_env(tmp: str) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "BOT_TOKEN": TOKEN,
        "LOG_LEVEL": "WARNING",
        "EVENT_FILE": str(bench_event_file(Path(tmp))),
        "ADMIN_IDS": str(ORGANISER),
    }
    for name in ("REDIS_URL", "MODE", "DATABASE_URL"):
        env.pop(name, None)
    return env


def ms(value: float, bare: float) -> str:
    return f"{value:.0f} ms (×{value / bare:.1f} the bare bot's {bare:.0f} ms)"


def report(label: str, runs: list[Run], bare_runs: list[Run]) -> bool:
    ok = True
    for run, base in zip(runs, bare_runs, strict=False):
        times = f" ({run.rate / runs[0].rate:.0f}×)" if run is not runs[0] else ""
        at = f"{label} {run.rate:.0f} upd/s{times}"
        if run is runs[0]:
            checks = [("p95", run.pct(0.95), base.pct(0.95), P95_MS)]
            checks.append(("p99", run.pct(0.99), base.pct(0.99), P99_MS))
        else:
            checks = [("p95", run.pct(0.95), base.pct(0.95), P95_3X_MS)]
        record(f"latency: {at} p50", ms(run.pct(0.5), base.pct(0.5)))
        for name, value, bare, budget in checks:
            within = value <= budget
            ok = ok and within
            record(f"latency: {at} {name}", ms(value, bare), f"≤ {budget:.0f} ms", within)
        within = run.backlog == 0 and run.lost == 0
        ok = ok and within
        record(
            f"latency: {at} backlog",
            f"{run.backlog} (lost {run.lost}; bare {base.backlog})",
            "0",
            within,
        )
    return ok


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=30.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--broadcast", type=int, default=500)
    parser.add_argument("--postgres", default=os.environ.get("TEST_POSTGRES_URL"))
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--soak", action="store_true")
    parser.add_argument("--soak-seconds", type=float, default=600.0)
    parser.add_argument("--log", default=None, help="append the bots' output to this file")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.broadcast = min(args.seconds, 15.0), min(args.broadcast, 250)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        env = base_env(tmp)
        sqlite = f"sqlite+aiosqlite:///{tmp}/bot.sqlite3"
        bot_argv = [sys.executable, "-m", "bot"]
        if args.soak:
            spec = Bot("SQLite", bot_argv, {**env, "DATABASE_URL": sqlite}, sqlite)
            _, (run,) = await measure_bot(spec, args, [args.rate])
            rise = growth(run.rss)
            print(f"soak {args.soak_seconds:.0f} s at {args.rate:.0f}/s: RSS growth {rise:+.1%}")
            record(
                f"soak: RSS over {args.soak_seconds / 60:.0f} min at {args.rate:.0f} upd/s",
                f"{rise:+.1%} ({run.rss[len(run.rss) // 5]:.0f} → {run.rss[-1]:.0f} MB)",
                f"growth ≤ {SOAK_GROWTH:.0%}",
                rise <= SOAK_GROWTH,
            )
            return 0 if rise <= SOAK_GROWTH else 1
        rates = [args.rate, 3 * args.rate]
        bare_rss, bare_runs = await measure_bot(
            Bot("bare bot", [sys.executable, "-m", "bench.bare_bot"], env), args, rates
        )
        targets = [("SQLite", sqlite, rates)]
        if args.postgres:
            url, drop = await fresh_postgres(args.postgres)
            targets.append(("PostgreSQL", url, rates[:1] if args.quick else rates))
        else:
            drop = None
        try:
            for label, url, wanted in targets:
                spec = Bot(label, bot_argv, {**env, "DATABASE_URL": url}, url)
                rss, runs = await measure_bot(spec, args, wanted)
                ok = report(label, runs, bare_runs) and ok
                within = rss - bare_rss <= RSS_MB
                ok = ok and within
                record(
                    f"memory: {label} RSS after 50 users × 12 updates",
                    f"+{rss - bare_rss:.0f} MB ({rss:.0f} vs bare {bare_rss:.0f} MB)",
                    f"≤ +{RSS_MB:.0f} MB of the bare bot",
                    within,
                )
                if label == "SQLite":
                    rise = growth(runs[0].rss)
                    record(
                        f"soak (short): RSS over {args.seconds:.0f} s at {args.rate:.0f} upd/s",
                        f"{rise:+.1%} ({runs[0].rss[0]:.0f} → {runs[0].rss[-1]:.0f} MB; "
                        "10 min: --soak)",
                        f"growth ≤ {SOAK_GROWTH:.0%}",
                        rise <= SOAK_GROWTH,
                    )
        finally:
            if drop is not None:
                with contextlib.suppress(Exception):
                    await drop()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
