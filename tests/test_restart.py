"""A dialog halfway through survives a restart, with state in the database or in Redis."""

from __future__ import annotations

import pytest

from tests.fakebot import FakeBotAPI
from tests.harness import running_bot

USER = 2024


async def restart_in_the_middle(fake: FakeBotAPI, db_url: str, redis_url: str | None) -> None:
    async with running_bot(fake, db_url, redis_url=redis_url) as first:
        await first.send(USER, "/language")
        assert "Choose your language" in first.text(USER)
    async with running_bot(fake, db_url, redis_url=redis_url) as second:
        await second.press(USER, "Русский")  # the window from before the restart
        answers = [c.params.get("text") for c in fake.calls_of("answerCallbackQuery") if c.ok]
        assert answers[-1] == "Язык: русский."
        await second.send(USER, "/start")
        assert "Выберите нужный раздел" in second.text(USER)


async def test_dialog_state_in_the_database(fake_api: FakeBotAPI, db_url: str) -> None:
    await restart_in_the_middle(fake_api, db_url, None)


@pytest.mark.redis
async def test_dialog_state_in_redis(fake_api: FakeBotAPI, sqlite_url: str, redis_url: str) -> None:
    from redis.asyncio import Redis

    url = redis_url.rsplit("/", 1)[0] + "/6"
    client = Redis.from_url(url)
    await client.flushdb()
    try:
        await restart_in_the_middle(fake_api, sqlite_url, url)
        assert any(b"aiogd" in key for key in await client.keys("*"))
    finally:
        await client.flushdb()
        await client.aclose()
