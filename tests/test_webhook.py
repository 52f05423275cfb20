"""Webhook mode in one process: the secret, acknowledgement after handling, dedup,
health and metrics."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select

from bot.runner import Process, health
from bot.webhook import SECRET_HEADER, build_web_app
from storage.models import User
from tests.fakebot import FakeBotAPI
from tests.harness import WEBHOOK_SECRET, Harness, running_bot

USER = 4242


@pytest.fixture
async def webhook(
    fake_api: FakeBotAPI, sqlite_url: str
) -> AsyncIterator[tuple[Harness, TestClient]]:  # type: ignore[type-arg]
    """The bot in webhook mode behind its aiohttp app, as `bot.runner` serves it."""
    async with running_bot(fake_api, sqlite_url, mode="webhook") as h:
        process = Process(h.settings, h.seminar, h.dp["i18n"], h.resources, h.bot, h.dp)
        app = build_web_app(
            dp=h.dp,
            bot=h.bot,
            path="/telegram",
            secret=WEBHOOK_SECRET,
            health=lambda: health(process),
            metrics=h.dp["metrics"],
        )
        async with TestClient(TestServer(app)) as client:
            yield h, client


async def users(h: Harness) -> int:
    async with h.session() as session:
        return int(await session.scalar(select(func.count()).select_from(User)) or 0)


async def test_requests_without_the_secret_are_refused_and_not_processed(
    webhook: tuple[Harness, TestClient],  # type: ignore[type-arg]
) -> None:
    h, client = webhook
    update = h.fake.enqueue_message(USER, "/start")
    for headers in ({}, {SECRET_HEADER: "wrong" * 8}):
        response = await client.post("/telegram", json=update, headers=headers)
        assert response.status == 401
    assert await users(h) == 0
    assert h.fake.calls_of("sendMessage") == []


async def test_an_update_is_answered_after_it_was_handled_and_only_once(
    webhook: tuple[Harness, TestClient],  # type: ignore[type-arg]
) -> None:
    h, client = webhook
    update = h.fake.enqueue_message(USER, "/help")
    response = await client.post("/telegram", json=update, headers={SECRET_HEADER: WEBHOOK_SECRET})
    assert response.status == 200
    # By the time the 200 arrives, the reply has been sent.
    assert len(h.fake.calls_of("sendMessage")) == 1
    again = await client.post("/telegram", json=update, headers={SECRET_HEADER: WEBHOOK_SECRET})
    assert again.status == 200
    assert len(h.fake.calls_of("sendMessage")) == 1


async def test_health_and_metrics(
    webhook: tuple[Harness, TestClient],  # type: ignore[type-arg]
) -> None:
    h, client = webhook
    update = h.fake.enqueue_message(USER, "/start")
    await client.post("/telegram", json=update, headers={SECRET_HEADER: WEBHOOK_SECRET})
    response = await client.get("/healthz")
    assert response.status == 200
    assert await response.json() == {"database": True}
    metrics = await (await client.get("/metrics")).text()
    assert 'seminar_updates_total{type="message"} 1.0' in metrics
    assert "seminar_update_seconds_count 1.0" in metrics
    assert 'seminar_messages_sent_total{method="sendMessage",outcome="ok"} 1.0' in metrics


async def test_health_reports_a_dead_database(
    webhook: tuple[Harness, TestClient],  # type: ignore[type-arg]
) -> None:
    h, client = webhook
    from sqlalchemy.ext.asyncio import create_async_engine

    await h.resources.engine.dispose()
    h.resources.engine = create_async_engine("postgresql+asyncpg://nobody@127.0.0.1:9/none")
    try:
        response = await client.get("/healthz")
        assert response.status == 503
        assert (await response.json())["database"] is False
    finally:
        await h.resources.engine.dispose()


async def test_container_healthcheck(
    webhook: tuple[Harness, TestClient],  # type: ignore[type-arg]
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    import asyncio
    import os
    import time

    from bot.healthcheck import HEARTBEAT_FILE, MAX_AGE_SECONDS, PollHeartbeat, main

    _h, client = webhook
    # Polling: healthy while the last successful getUpdates is recent (bot/healthcheck.py).
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MODE", "polling")
    assert main() == 1  # none yet
    PollHeartbeat().touch()
    assert main() == 0
    old = time.time() - MAX_AGE_SECONDS - 5
    os.utime(HEARTBEAT_FILE, (old, old))
    assert main() == 1  # stale: polling stuck or Telegram away
    PollHeartbeat().touch()
    PollHeartbeat()  # a new process: the file of the previous one does not count
    assert main() == 1
    monkeypatch.setenv("MODE", "webhook")
    monkeypatch.setenv("WEBHOOK_PORT", str(client.server.port))
    assert await asyncio.to_thread(main) == 0
    await client.server.close()
    assert await asyncio.to_thread(main) == 1


async def meets_a_live_claim(fake: FakeBotAPI, db_url: str, redis_url: str | None) -> None:
    """Another process holds the update (a live claim): 503 with Retry-After, nothing
    handled; once that claim expired (its process died) the retry is handled, once; once
    it is done, the retry is acknowledged without a reply."""
    import asyncio

    from bot.dedup import ledger_for
    from bot.ledger import Claim

    overrides = {"update_lease_seconds": 1.0}
    async with running_bot(
        fake, db_url, mode="webhook", redis_url=redis_url, settings_overrides=overrides
    ) as h:
        app = build_web_app(
            dp=h.dp,
            bot=h.bot,
            path="/telegram",
            secret=WEBHOOK_SECRET,
            health=lambda: health(
                Process(h.settings, h.seminar, h.dp["i18n"], h.resources, h.bot, h.dp)
            ),
            metrics=h.dp["metrics"],
        )
        other = ledger_for(h.resources.redis, h.resources.session_factory, 1.0)
        headers = {SECRET_HEADER: WEBHOOK_SECRET}
        async with TestClient(TestServer(app)) as client:
            died = h.fake.enqueue_message(USER, "/help")
            assert (await other.claim(died["update_id"])).claim is Claim.WON
            response = await client.post("/telegram", json=died, headers=headers)
            assert response.status == 503
            assert response.headers["Retry-After"] == "1"
            assert h.fake.calls_of("sendMessage") == []
            await other.aclose()  # its process dies: the claim is no longer renewed
            await asyncio.sleep(1.3)
            response = await client.post("/telegram", json=died, headers=headers)
            assert response.status == 200
            assert len(h.fake.calls_of("sendMessage")) == 1

            finished = h.fake.enqueue_message(USER + 1, "/help")
            assert (await other.claim(finished["update_id"])).claim is Claim.WON
            response = await client.post("/telegram", json=finished, headers=headers)
            assert response.status == 503
            await other.complete(finished["update_id"])
            response = await client.post("/telegram", json=finished, headers=headers)
            assert response.status == 200
            assert len(h.fake.calls_of("sendMessage")) == 1
            await other.aclose()


async def test_a_delivery_meeting_a_live_claim_gets_503_and_is_handled_on_a_retry(
    fake_api: FakeBotAPI, db_url: str
) -> None:
    await meets_a_live_claim(fake_api, db_url, None)


@pytest.mark.redis
async def test_a_live_claim_in_redis(fake_api: FakeBotAPI, sqlite_url: str, redis_url: str) -> None:
    from redis.asyncio import Redis

    client = Redis.from_url(redis_url)
    await client.flushdb()
    try:
        await meets_a_live_claim(fake_api, sqlite_url, redis_url)
    finally:
        await client.flushdb()
        await client.aclose()
