"""Exactly-once updates (bot/dedup.py): the real process killed with updates in hand, in
polling mode and in webhook mode, and updates Telegram delivers again."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e import BotProcess, WebhookProcess, fake_in_thread
from tests.fakebot import FakeBotAPI

pytestmark = pytest.mark.e2e
USERS = range(5101, 5106)
HELP = "/language — change language"
LEASE = "2"  # UPDATE_LEASE_SECONDS: a dead process's claims expire quickly


def replies(fake: FakeBotAPI, chat_id: int, text: str = HELP) -> int:
    """Messages with `text` that reached the chat (a request dropped on the way does not)."""
    return sum(
        1
        for c in fake.calls_of("sendMessage")
        if c.status == 200 and int(c.params["chat_id"]) == chat_id and text in c.params["text"]
    )


async def wait_until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


async def polling_killed_with_updates_in_hand(tmp_path: Path, **env: str) -> None:
    with fake_in_thread() as fake:
        bot = BotProcess(fake, tmp_path, UPDATE_LEASE_SECONDS=LEASE, **env)
        try:
            await asyncio.to_thread(bot.start)
            fake.hold("sendMessage")  # the replies wait: the updates stay in hand
            updates = [fake.enqueue_message(user, "/help") for user in USERS]
            last = max(u["update_id"] for u in updates)
            # The bot asked for the next batch past them: Telegram has them as delivered.
            await fake.wait_for(
                lambda c: c.method == "getUpdates" and int(c.params.get("offset") or 0) > last,
                30,
            )
            await wait_until(lambda: fake.held("sendMessage") == len(USERS), 30, "the replies")
            bot.kill()
            fake.release_held(drop=True)  # none of them reached a chat
            assert fake.pending_updates() == []
            assert all(replies(fake, user) == 0 for user in USERS)

            await asyncio.to_thread(bot.start)
            for user in USERS:
                await fake.wait_for_text(user, HELP, timeout=30)

            # Telegram serves one of them again: no second reply.
            fake.redeliver(updates[0])
            # Skipped as done, or (when it came while the first run was still completing
            # it in the ledger) as in hand.
            await wait_until(
                lambda: (
                    "already handled" in bot.output() or "already being handled" in bot.output()
                ),
                30,
                "the re-delivery",
            )
            fake.enqueue_message(USERS[0], "/start")  # one more update of that user, after
            await fake.wait_for_text(USERS[0], "Choose what you need", timeout=30)
            await asyncio.sleep(1.0)
            assert [replies(fake, user) for user in USERS] == [1] * len(USERS)
            assert bot.stop() == 0
        except BaseException:
            print(bot.output())
            raise
        finally:
            bot.kill()


async def test_polling_killed_with_updates_in_hand_answers_each_once_after_restart(
    db_url: str, tmp_path: Path
) -> None:
    await polling_killed_with_updates_in_hand(tmp_path, DATABASE_URL=db_url)


@pytest.mark.redis
async def test_polling_with_the_ledger_in_redis(
    sqlite_url: str, redis_url: str, tmp_path: Path
) -> None:
    from redis.asyncio import Redis

    client = Redis.from_url(redis_url)
    await client.flushdb()
    try:
        await polling_killed_with_updates_in_hand(
            tmp_path, DATABASE_URL=sqlite_url, REDIS_URL=redis_url
        )
        assert await client.hlen("seminar-bot:update:inbox") == 0  # all handled
    finally:
        await client.flushdb()
        await client.aclose()


async def test_webhook_killed_mid_update_is_answered_once_on_telegrams_retry(
    fake_api: FakeBotAPI, db_url: str, tmp_path: Path
) -> None:
    """One webhook process (ledger in the database) killed while handling; Telegram's
    retry reaches it after the restart."""
    bot = WebhookProcess(fake_api, tmp_path, DATABASE_URL=db_url, UPDATE_LEASE_SECONDS=LEASE)
    url = bot.url + "/telegram"
    user = USERS[0]
    try:
        await bot.start_async()
        fake_api.hold("sendMessage")
        update = fake_api.enqueue_message(user, "/help")
        delivery = asyncio.create_task(fake_api.deliver_webhook([url], update, bot.secret))
        await wait_until(lambda: fake_api.held("sendMessage") == 1, 30, "the reply")
        bot.kill()
        fake_api.release_held(drop=True)
        restart = asyncio.create_task(bot.start_async())
        statuses = await delivery
        await restart
        assert statuses[0] == 0 and statuses[-1] == 200, statuses
        assert replies(fake_api, user) == 1
        # Delivered again: acknowledged, no second reply.
        assert await fake_api.deliver_webhook([url], update, bot.secret) == [200]
        assert replies(fake_api, user) == 1
    except BaseException:
        print(bot.output())
        raise
    finally:
        bot.kill()


@pytest.mark.postgres
@pytest.mark.redis
async def test_webhook_replica_killed_mid_update_the_other_answers_after_a_503(
    fake_api: FakeBotAPI, pg_database: str, redis_url: str, tmp_path: Path
) -> None:
    """Replica A dies handling /help; Telegram's retry reaches B, which meets A's live
    claim (503, Retry-After), and handles it on the next retry, once."""
    from redis.asyncio import Redis

    client = Redis.from_url(redis_url)
    await client.flushdb()
    await client.aclose()
    env = {"DATABASE_URL": pg_database, "REDIS_URL": redis_url, "UPDATE_LEASE_SECONDS": "3"}
    a = WebhookProcess(fake_api, tmp_path / "a", **env)
    b = WebhookProcess(fake_api, tmp_path / "b", **env)
    user = USERS[1]
    try:
        await asyncio.gather(a.start_async(), b.start_async())
        fake_api.hold("sendMessage")
        update = fake_api.enqueue_message(user, "/help")
        urls = [a.url + "/telegram", b.url + "/telegram"]
        delivery = asyncio.create_task(fake_api.deliver_webhook(urls, update, a.secret))
        await wait_until(lambda: fake_api.held("sendMessage") == 1, 30, "A's reply")
        a.stop_nowait(signal.SIGKILL)
        fake_api.release_held(drop=True)
        statuses = await delivery
        assert statuses[0] == 0 and 503 in statuses and statuses[-1] == 200, statuses
        assert replies(fake_api, user) == 1
        assert await fake_api.deliver_webhook(urls[1:], update, b.secret) == [200]
        assert replies(fake_api, user) == 1
    except BaseException:
        print("--- replica a ---\n", a.output(), "\n--- replica b ---\n", b.output())
        raise
    finally:
        a.kill()
        b.kill()


async def test_polling_a_re_delivered_update_gets_no_second_reply(
    db_url: str, tmp_path: Path
) -> None:
    """Telegram serves a message and a button press again: each answered once (the
    second answerCallbackQuery was an error logged by the bot)."""
    user = USERS[2]
    with fake_in_thread() as fake:
        bot = BotProcess(fake, tmp_path, DATABASE_URL=db_url)
        try:
            await asyncio.to_thread(bot.start)
            message = fake.enqueue_message(user, "/help")
            await fake.wait_for_text(user, HELP, timeout=30)
            fake.enqueue_message(user, "/start")
            await fake.wait_for_text(user, "Choose what you need", timeout=30)
            press = fake.press(user, "Language")
            await fake.wait_for_text(user, "Choose your language", timeout=30)

            fake.redeliver(message)
            fake.redeliver(press)
            fake.enqueue_message(user, "/help")  # after them: once it is answered, they were seen
            await wait_until(lambda: replies(fake, user) >= 2, 30, "the second /help")
            await asyncio.sleep(1.0)
            assert replies(fake, user) == 2  # the re-delivered one was not answered again
            answers = [c for c in fake.calls_of("answerCallbackQuery")]
            assert len(answers) == 1 and answers[0].ok
            assert bot.stop() == 0
        except BaseException:
            print(bot.output())
            raise
        finally:
            bot.kill()
