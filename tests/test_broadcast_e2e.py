"""End to end: the real process is killed (SIGKILL) halfway through a broadcast and
restarted; every recipient gets the message exactly once, except at most one."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.event import load_event
from core.settings import DEFAULT_EVENT_FILE
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.models.delivery import Delivery
from tests.delivery_helpers import add_users, broadcast
from tests.e2e import BotProcess, fake_in_thread
from tests.fakebot import FakeBotAPI

pytestmark = pytest.mark.e2e
RECIPIENTS = list(range(20_001, 20_301))
TEXT = "Crash-proof news"


async def _prepare(url: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade(engine)
        factory = create_session_factory(engine)
        await add_users(factory, RECIPIENTS)
        await broadcast(factory, load_event(DEFAULT_EVENT_FILE), {"en": TEXT})
    finally:
        await engine.dispose()


async def _states(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        async with create_session_factory(engine)() as session:
            rows = await session.execute(
                select(Delivery.state, func.count()).group_by(Delivery.state)
            )
            return {state: n for state, n in rows.all()}
    finally:
        await engine.dispose()


def _received(fake: FakeBotAPI) -> Counter[int]:
    return Counter(
        int(c.params["chat_id"])
        for c in fake.calls_of("sendMessage")
        if c.ok and c.params.get("text") == TEXT
    )


def test_killed_mid_broadcast_and_restarted(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    asyncio.run(_prepare(url))
    with fake_in_thread() as fake:
        bot = BotProcess(fake, tmp_path, BROADCAST_RATE="50")
        try:
            bot.start()
            deadline = time.monotonic() + 60
            while sum(_received(fake).values()) < 100:
                assert time.monotonic() < deadline, bot.output()
                time.sleep(0.01)
            bot.kill()  # SIGKILL in the middle of the broadcast
            halfway = sum(_received(fake).values())
            assert halfway < len(RECIPIENTS)

            bot.start()
            deadline = time.monotonic() + 60
            while len(_received(fake)) < len(RECIPIENTS):
                assert time.monotonic() < deadline, bot.output()
                time.sleep(0.05)
            assert bot.stop() == 0
        except BaseException:
            print(bot.output())
            raise
        finally:
            bot.kill()
    received = _received(fake)
    assert set(received) == set(RECIPIENTS)  # nobody lost
    twice = [chat for chat, n in received.items() if n > 1]
    assert len(twice) <= 1 and max(received.values()) <= 2, twice  # at most the one in flight
    assert asyncio.run(_states(url)) == {"sent": len(RECIPIENTS)}


SLOW_RECIPIENTS = list(range(21_001, 21_031))
SLOW_TEXT = "Slow and steady"
KILLS = 10


async def _prepare_slow(url: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade(engine)
        factory = create_session_factory(engine)
        await add_users(factory, SLOW_RECIPIENTS)
        await broadcast(factory, load_event(DEFAULT_EVENT_FILE), {"en": SLOW_TEXT})
    finally:
        await engine.dispose()


def _slow_sends(fake: FakeBotAPI) -> list[int]:
    return [
        int(c.params["chat_id"])
        for c in fake.calls_of("sendMessage")
        if c.ok and c.params.get("text") == SLOW_TEXT
    ]


def test_killed_ten_times_at_two_messages_a_second_sends_at_most_one_twice_each_time(
    tmp_path: Path,
) -> None:
    """At 2 messages/s, with answers slower than the pace (0.6 s: the message is out, the
    answer still on its way), each SIGKILL re-sends at most the one message in flight."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    asyncio.run(_prepare_slow(url))
    duplicates: list[int] = []
    with fake_in_thread() as fake:
        fake.set_answer_delay(0.6)
        bot = BotProcess(fake, tmp_path, BROADCAST_RATE="2")
        try:
            for _ in range(KILLS):
                before = len(_slow_sends(fake))
                twice_before = sum(n - 1 for n in Counter(_slow_sends(fake)).values())
                bot.start()
                deadline = time.monotonic() + 60
                while len(_slow_sends(fake)) < before + 2:  # killed as the 2nd goes out
                    assert time.monotonic() < deadline, bot.output()
                    time.sleep(0.005)
                bot.kill()
                sends = _slow_sends(fake)
                # Sent again after the previous kill: its message in flight (claimed rows
                # are sent in order, so it went first).
                duplicates.append(sum(n - 1 for n in Counter(sends).values()) - twice_before)
            bot.start()
            deadline = time.monotonic() + 60
            while len(set(_slow_sends(fake))) < len(SLOW_RECIPIENTS):
                assert time.monotonic() < deadline, bot.output()
                time.sleep(0.05)
            assert bot.stop() == 0
        except BaseException:
            print(bot.output())
            raise
        finally:
            bot.kill()
    received = Counter(_slow_sends(fake))
    assert set(received) == set(SLOW_RECIPIENTS)  # nobody lost
    total = sum(n - 1 for n in received.values())
    duplicates.append(total - sum(duplicates))  # those of the last kill
    # Each kill: at most the one message in flight went out twice.
    assert total <= KILLS and max(received.values()) <= 2, (total, duplicates, received)
    assert max(duplicates, default=0) <= 1, duplicates
    assert asyncio.run(_states(url)) == {"sent": len(SLOW_RECIPIENTS)}
