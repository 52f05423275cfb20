"""Shared pytest configuration: fixture modules used across the test suite."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakebot import FakeBotAPI
from tests.harness import Harness, running_bot

pytest_plugins = ["tests.db_fixtures"]

ADMIN_ID = 1000


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotAPI]:
    """A fake Bot API server on loopback, in the test's event loop."""
    fake = FakeBotAPI()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()
    assert not fake.server_errors, fake.server_errors


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"


@pytest.fixture
async def harness(fake_api: FakeBotAPI, sqlite_url: str) -> AsyncIterator[Harness]:
    """The bot on SQLite with overseer 1000 (see tests/harness.py)."""
    async with running_bot(fake_api, sqlite_url, admin_ids=[ADMIN_ID]) as h:
        yield h
