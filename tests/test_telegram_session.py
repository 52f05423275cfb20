"""RetryMiddleware: 429 pauses every send, 5xx/network errors back off, tries are bounded."""

from __future__ import annotations

import asyncio
import time

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter, TelegramServerError

from bot.telegram_session import FloodGate, RetryMiddleware, create_session
from tests.fakebot import FakeBotAPI
from tests.harness import TOKEN


def make_bot(fake: FakeBotAPI, retry: RetryMiddleware) -> Bot:
    return Bot(TOKEN, session=create_session(fake.base_url, retry))


async def test_429_pauses_all_sends_then_delivers(fake_api: FakeBotAPI) -> None:
    gate = FloodGate()
    bot = make_bot(fake_api, RetryMiddleware(gate))
    try:
        fake_api.fail_next("sendMessage", status=429, retry_after=1)
        started = time.monotonic()
        # Two sends at once: the 429 of one holds back the other too.
        first, second = await asyncio.gather(
            bot.send_message(1, "first"),
            bot.send_message(2, "second", disable_notification=True),
        )
        elapsed = time.monotonic() - started
    finally:
        await bot.session.close()
    assert first.text == "first" and second.text == "second"
    statuses = [c.status for c in fake_api.calls_of("sendMessage")]
    assert statuses.count(429) == 1 and statuses.count(200) == 2
    assert elapsed >= 1.0
    ok_times = [c.time for c in fake_api.calls_of("sendMessage") if c.status == 200]
    failed_at = next(c.time for c in fake_api.calls_of("sendMessage") if c.status == 429)
    # Whichever send went second, it went after the pause.
    assert max(ok_times) - failed_at >= 0.99


async def test_server_errors_are_retried_with_backoff(fake_api: FakeBotAPI) -> None:
    bot = make_bot(fake_api, RetryMiddleware(base_delay=0.05))
    try:
        fake_api.fail_next("sendMessage", status=502, count=2)
        message = await bot.send_message(1, "hello")
    finally:
        await bot.session.close()
    assert message.text == "hello"
    assert [c.status for c in fake_api.calls_of("sendMessage")] == [502, 502, 200]


async def test_gives_up_after_the_bounded_number_of_tries(fake_api: FakeBotAPI) -> None:
    bot = make_bot(fake_api, RetryMiddleware(max_tries=3, base_delay=0.01))
    try:
        fake_api.fail_next("sendMessage", status=500, count=10)
        with pytest.raises(TelegramServerError):
            await bot.send_message(1, "never")
    finally:
        await bot.session.close()
    assert len(fake_api.calls_of("sendMessage")) == 3


async def test_a_too_long_retry_after_is_not_waited_out(fake_api: FakeBotAPI) -> None:
    bot = make_bot(fake_api, RetryMiddleware(max_retry_after=5))
    try:
        fake_api.fail_next("sendMessage", status=429, retry_after=3600)
        with pytest.raises(TelegramRetryAfter):
            await bot.send_message(1, "later")
    finally:
        await bot.session.close()
    assert len(fake_api.calls_of("sendMessage")) == 1


async def test_403_is_not_retried(fake_api: FakeBotAPI) -> None:
    bot = make_bot(fake_api, RetryMiddleware())
    try:
        fake_api.block_user(9)
        with pytest.raises(TelegramForbiddenError):
            await bot.send_message(9, "blocked")
    finally:
        await bot.session.close()
    assert len(fake_api.calls_of("sendMessage")) == 1
