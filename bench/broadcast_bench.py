"""Broadcast benchmark: the delivery engine against a rate-limited, faulty fake Bot API.

    .venv/bin/python bench/broadcast_bench.py                  # 10,000 recipients (~6 min)
    .venv/bin/python bench/broadcast_bench.py --recipients 2000

The fake Bot API (tests/fakebot/, in a process of its own, as Telegram is not in ours)
accepts at most `--limit` messages per second (a token bucket; above it: 429
retry_after=1), answers 5 % of sendMessage calls with an injected 429 (retry_after=1) and
every message to 2 % of the recipients with 403 (blocked). Each answer takes a round trip
of `--rtt` (default 50 ms: half before the server decides, half on the way back), as
from a server near Telegram's. The engine runs with `BROADCAST_RATE = --rate` (default:
the limit) on a SQLite database in a temporary folder (or `--database-url`).

Printed: achieved rate (requests Telegram accepted: delivered + blocked, per second of
the broadcast) / limit (goal >= 0.95), lost recipients (neither delivered nor blocked;
goal 0) and duplicates (a recipient who got the message twice; goal 0).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiohttp import web
from pydantic import SecretStr
from sqlalchemy import func, insert, select

from bot.delivery import DeliveryEngine
from bot.engine_bot import engine_bot
from core.event import load_event
from core.i18n import I18n
from core.settings import DEFAULT_EVENT_FILE, Settings
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.models import User, utcnow
from storage.models.delivery import Delivery
from storage.repositories.audience import Audience
from storage.repositories.broadcasts import BroadcastRepo
from tests.fakebot import FakeBotAPI, FakeTelegramError
from tests.harness import TOKEN

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

FIRST_USER = 1_000_000


class FaultyFake(FakeBotAPI):
    """The fake Bot API with a share of sendMessage calls answered 429 at random."""

    def __init__(self, p429: float, seed: int, rtt: float = 0.0) -> None:
        super().__init__()
        self.p429 = p429
        self.random = random.Random(seed)
        self.injected = 0
        self.one_way = rtt / 2
        self.set_latency(self.one_way)  # on the way in: before the server decides

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        response = await super()._handle_api(request)
        if self.one_way:
            await asyncio.sleep(self.one_way)  # and on the way back
        return response

    def _check_faults(self, lowered: str, params: dict[str, Any]) -> None:
        if lowered == "sendmessage" and self.random.random() < self.p429:
            self.injected += 1
            raise FakeTelegramError(429, "Too Many Requests: retry after 1", {"retry_after": 1})
        super()._check_faults(lowered, params)


SendLog = list[tuple[int, int, float]]
"""(chat id, HTTP status, time) of every sendMessage the fake answered."""


def serve_fake(conn: Connection, args: argparse.Namespace, blocked: set[int]) -> None:
    """The fake Bot API's process: serve until told, then send back what it answered."""
    fake = FaultyFake(args.p429, args.seed, args.rtt)
    fake.start_in_thread()
    fake.set_rate_limit(args.limit)
    for chat in blocked:
        fake.block_user(chat)
    conn.send(fake.base_url)
    conn.recv()
    calls: SendLog = [
        (int(c.params["chat_id"]), c.status, c.time)
        for c in fake.calls_of("sendMessage")
        if c.status is not None
    ]
    conn.send((calls, fake.injected))
    fake.stop_thread()


async def run(args: argparse.Namespace) -> dict[str, Any]:
    seminar = load_event(DEFAULT_EVENT_FILE)
    rng = random.Random(args.seed + 1)
    ids = list(range(FIRST_USER, FIRST_USER + args.recipients))
    blocked = set(rng.sample(ids, round(args.recipients * args.p403)))
    here, there = multiprocessing.get_context("fork").Pipe()
    server = multiprocessing.get_context("fork").Process(
        target=serve_fake, args=(there, args, blocked), daemon=True
    )
    server.start()
    fake_url: str = here.recv()

    tmp = tempfile.TemporaryDirectory()
    url = args.database_url or f"sqlite+aiosqlite:///{tmp.name}/bench.sqlite3"
    db = create_engine(url)
    await upgrade(db)
    factory = create_session_factory(db)
    now = utcnow()
    async with factory() as session:
        for i in range(0, len(ids), 5000):
            await session.execute(
                insert(User),
                [
                    {
                        "id": u,
                        "first_name": "B",
                        "language": "en",
                        "first_seen": now,
                        "last_seen": now,
                    }
                    for u in ids[i : i + 5000]
                ],
            )
        repo = BroadcastRepo(session)
        row = repo.create(texts={"en": "Benchmark: <b>hello</b>"}, audience=Audience("all"))
        await repo.start(row, seminar)
        await session.commit()
        broadcast_id = row.id

    engine = DeliveryEngine(
        bot=engine_bot(
            Settings(
                bot_token=SecretStr(TOKEN),
                telegram_api_base=fake_url,
                _env_file=None,  # type: ignore[call-arg]
            )
        ),
        session_factory=factory,
        i18n=I18n(),
        seminar=seminar,
        rate=args.rate or args.limit,
    )
    started = time.monotonic()
    await engine.start()
    ok = await engine.drain(within=args.recipients / args.limit * 4 + 120)
    elapsed = time.monotonic() - started
    await engine.close()

    here.send("done")
    calls, injected = here.recv()
    server.join(30)
    first = min(t for _, _, t in calls)
    last = max(t for _, status, t in calls if status in (200, 403))
    span = max(last - first, 1e-9)
    delivered = Counter(chat for chat, status, _ in calls if status == 200)
    refused = {chat for chat, status, _ in calls if status == 403}
    accepted = sum(delivered.values()) + len([1 for _, status, _ in calls if status == 403])
    async with factory() as session:
        states = dict(
            (
                await session.execute(
                    select(Delivery.state, func.count())
                    .where(Delivery.broadcast_id == broadcast_id)
                    .group_by(Delivery.state)
                )
            ).all()
        )
    await db.dispose()
    tmp.cleanup()
    lost = [u for u in ids if u not in delivered and u not in refused]
    paused, pauses = pause_union(
        [t + args.rtt / 2 for _, status, t in calls if status == 429], first, last
    )
    # An upper bound for any sender that obeys those pauses: the limit whenever not paused,
    # plus one full bucket (a second's worth) at the end of each pause.
    ceiling = args.limit * (span - paused) + args.limit * pauses
    return {
        "finished": ok,
        "elapsed": elapsed,
        "span": span,
        "achieved": accepted / span,
        "delivered_per_s": sum(delivered.values()) / span,
        "limit": args.limit,
        "lost": len(lost),
        "duplicates": sum(n - 1 for n in delivered.values() if n > 1),
        "blocked": len(refused),
        "injected_429": injected,
        "limit_429": len([1 for _, status, _ in calls if status == 429]) - injected,
        "states": states,
        "engine": engine.stats,
        "paused": paused,
        "pauses": pauses,
        "ceiling": ceiling / span,
    }


def pause_union(answers: list[float], start: float, end: float) -> tuple[float, int]:
    """Seconds within [start, end] during which a 429 (retry after 1 s, answered at each
    of `answers`) forbade sending, and how many separate pauses that makes."""
    total, count = 0.0, 0
    current: tuple[float, float] | None = None
    for answered in sorted(answers):
        begin, finish = max(answered, start), min(answered + 1.0, end)
        if finish <= begin:
            continue
        if current is not None and begin <= current[1]:
            current = (current[0], max(current[1], finish))
            continue
        if current is not None:
            total += current[1] - current[0]
            count += 1
        current = (begin, finish)
    if current is not None:
        total += current[1] - current[0]
        count += 1
    return total, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--limit", type=float, default=30.0, help="the fake's messages/s")
    parser.add_argument("--rate", type=float, default=None, help="BROADCAST_RATE (= limit)")
    parser.add_argument(
        "--rtt", type=float, default=0.05, help="round trip to the fake, s (0: none)"
    )
    parser.add_argument("--p429", type=float, default=0.05)
    parser.add_argument("--p403", type=float, default=0.02)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    result = asyncio.run(run(args))
    print(f"recipients          {args.recipients}; round trip {args.rtt * 1000:.0f} ms")
    print(f"finished            {result['finished']} in {result['elapsed']:.1f} s")
    print(
        f"achieved rate       {result['achieved']:.2f} msg/s accepted "
        f"({result['delivered_per_s']:.2f}/s delivered) over {result['span']:.1f} s"
    )
    print(f"rate / limit        {result['achieved'] / result['limit']:.3f}  (goal >= 0.95)")
    print(
        f"429 pauses          {result['pauses']}, {result['paused']:.1f} s in all; at most "
        f"{result['ceiling']:.2f} msg/s = {result['ceiling'] / result['limit']:.3f} of the "
        f"limit for any sender obeying them; achieved / that bound: "
        f"{result['achieved'] / result['ceiling']:.3f}"
    )
    print(f"lost                {result['lost']}  (goal 0)")
    print(f"duplicates          {result['duplicates']}  (goal 0)")
    print(f"blocked (403)       {result['blocked']}")
    print(f"429 injected        {result['injected_429']}; from the limit {result['limit_429']}")
    print(f"delivery rows       {result['states']}")
    print(f"engine              {result['engine']}")
    if result["lost"] or result["duplicates"] or not result["finished"]:
        raise SystemExit(1)  # correctness goals; the rate is a figure to report


if __name__ == "__main__":
    main()
