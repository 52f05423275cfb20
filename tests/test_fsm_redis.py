"""ErasableRedisStorage: an erasure deletes exactly the user's keys in Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram.fsm.storage.base import DefaultKeyBuilder, StorageKey
from redis.asyncio import Redis
from sqlalchemy.engine import make_url

from storage.fsm import forget_user
from storage.fsm_redis import ErasableRedisStorage

pytestmark = pytest.mark.redis
DB = make_url("sqlite+aiosqlite:///bot.sqlite3")


@pytest.fixture
async def client(redis_url: str) -> AsyncIterator[Redis]:
    """The test's own Redis database (TEST_REDIS_URL), empty before and after."""
    client = Redis.from_url(redis_url)
    await client.flushdb()
    yield client
    await client.flushdb()
    await client.aclose()


async def keys(client: Redis) -> set[str]:
    return {key.decode() async for key in client.scan_iter(match="*")}


@pytest.mark.parametrize("with_bot_id", [False, True])
async def test_forgetting_a_user_deletes_their_keys_only(
    client: Redis, redis_url: str, with_bot_id: bool
) -> None:
    builder = DefaultKeyBuilder(with_destiny=True, with_bot_id=with_bot_id)
    storage = ErasableRedisStorage.from_url(redis_url, key_builder=builder, database=DB)
    try:
        user, others = 7, (77, 17, 700, 8)
        for who in (user, *others):
            private = StorageKey(bot_id=42, chat_id=who, user_id=who)
            await storage.set_state(private, "Form:name")
            await storage.set_data(private, {"n": who})
            await storage.set_data(
                StorageKey(bot_id=42, chat_id=who, user_id=who, destiny="aiogd:stack:"),
                {"intents": ["x"]},
            )
            await storage.set_data(  # a group chat and a thread of it
                StorageKey(bot_id=42, chat_id=-100, user_id=who, thread_id=5), {"n": who}
            )
        # The lock of an update being handled now stays (its owner releases it).
        lock = builder.build(StorageKey(bot_id=42, chat_id=user, user_id=user), "lock")
        await client.set(lock, "token", ex=60)
        await forget_user(user, make_url("sqlite+aiosqlite:///another.sqlite3"))
        assert sum(f":{user}:" in key for key in await keys(client)) == 5
        await forget_user(user, DB)
        left = await keys(client)
        assert [key for key in left if f":{user}:" in key] == [lock]
        for who in others:  # 3 data keys and one state key each
            assert sum(f":{who}:" in key for key in left) == 4, who
    finally:
        await storage.close()
