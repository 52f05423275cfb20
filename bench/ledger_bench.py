"""What the exactly-once update ledger (bot/dedup.py) costs per update.

    .venv/bin/python -m bench.ledger_bench [--updates 2000] [--batch 20] [--postgres URL]
        [--redis URL]

For each store (SQLite; PostgreSQL with --postgres or TEST_POSTGRES_URL; Redis with
--redis or TEST_REDIS_URL — its database is emptied), `updates` updates go through the
ledger as each mode does, `batch` of them at once (the updates that arrive together):

- polling: the batch is queued in the inbox with its claims (one transaction), then each
  update is completed concurrently (completions written together: group commit);
- webhook: each update claimed and completed on its own, concurrently.

Printed: µs of ledger work per update (wall time / updates) and transactions per update,
beside the floor of a stored step's own write (one row updated and committed, same
database) for scale.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event, update

from bench.results import record
from bot.ledger import UpdateLedger
from bot.ledger_db import DatabaseLedger
from bot.ledger_redis import RedisLedger
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.models import User

PAYLOAD = (
    '{"update_id":1,"message":{"message_id":1,"date":1700000000,'
    '"chat":{"id":7,"type":"private"},"text":"hello"}}'
)


async def polling(ledger: UpdateLedger, ids: range, batch: int) -> None:
    for start in range(ids.start, ids.stop, batch):
        chunk = range(start, min(start + batch, ids.stop))
        won = await ledger.enqueue([(i, PAYLOAD) for i in chunk])
        assert len(won) == len(chunk)
        await asyncio.gather(*(ledger.complete(i) for i in chunk))


async def webhook(ledger: UpdateLedger, ids: range, batch: int) -> None:
    async def one(i: int) -> None:
        await ledger.claim(i)
        await ledger.complete(i)

    for start in range(ids.start, ids.stop, batch):
        await asyncio.gather(*(one(i) for i in range(start, min(start + batch, ids.stop))))


async def timed(work: Callable[[], Awaitable[None]]) -> float:
    started = time.perf_counter()
    await work()
    return time.perf_counter() - started


async def database(name: str, url: str, updates: int, batch: int) -> None:
    engine = create_engine(url)
    await upgrade(engine)
    factory = create_session_factory(engine)
    commits = 0

    def count(*_: object) -> None:
        nonlocal commits
        commits += 1

    event.listen(engine.sync_engine, "commit", count)
    async with factory() as session:
        session.add(User(id=1, first_name="bench", language="en"))
        await session.commit()

    async def floor() -> None:
        for _ in range(updates // 4):
            async with factory() as session:
                await session.execute(update(User).where(User.id == 1).values(first_name="x"))
                await session.commit()

    floor_us = await timed(floor) / (updates // 4) * 1e6
    ledger = DatabaseLedger(factory, lease=timedelta(seconds=20))
    base = int(time.time() * 1000) % 10**9 * 10**4  # fresh ids on a reused database
    for mode, run in (("polling", polling), ("webhook", webhook)):
        ids = range(base, base + updates)
        base += updates
        commits = 0
        seconds = await timed(lambda run=run, ids=ids: run(ledger, ids, batch))  # type: ignore[misc]
        print(
            f"{name:10} {mode:8} {seconds / updates * 1e6:7.0f} µs/update  "
            f"{commits / updates:4.2f} commits/update   (one stored row: {floor_us:.0f} µs)"
        )
        record(
            f"ledger: {name} {mode}, cost per update",
            f"{seconds / updates * 1e6:.0f} µs, {commits / updates:.2f} commits "
            f"(one stored row: {floor_us:.0f} µs)",
        )
    await ledger.aclose()
    await engine.dispose()


async def redis_store(url: str, updates: int, batch: int) -> None:
    from redis.asyncio import Redis

    client = Redis.from_url(url)
    await client.flushdb()
    ledger = RedisLedger(client, prefix="bench:update")
    for mode, run in (("polling", polling), ("webhook", webhook)):
        ids = range(1, updates + 1) if mode == "polling" else range(updates + 1, 2 * updates + 1)
        seconds = await timed(lambda run=run, ids=ids: run(ledger, ids, batch))  # type: ignore[misc]
        print(f"{'redis':10} {mode:8} {seconds / updates * 1e6:7.0f} µs/update")
        record(f"ledger: redis {mode}, cost per update", f"{seconds / updates * 1e6:.0f} µs")
    await ledger.aclose()
    await client.flushdb()
    await client.aclose()


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--postgres", default=os.environ.get("TEST_POSTGRES_URL"))
    parser.add_argument("--redis", default=os.environ.get("TEST_REDIS_URL"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.sqlite3'}"
        await database("sqlite", url, args.updates, args.batch)
    if args.postgres:  # a database of its own, dropped at the end
        from bench.throughput import fresh_postgres

        url, drop = await fresh_postgres(args.postgres)
        try:
            await database("postgresql", url, args.updates, args.batch)
        finally:
            await drop()
    if args.redis:
        await redis_store(args.redis, args.updates, args.batch)
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
