"""Database fixtures: a fresh, empty database per test on SQLite and on PostgreSQL.

Registered by `pytest_plugins` in `tests/conftest.py`.

* `pg_url`, `redis_url` (session): the servers from `TEST_POSTGRES_URL` / `TEST_REDIS_URL`
  (start them with `eval "$(scripts/services.sh start)"`). Unset: the test is skipped, or
  fails when `REQUIRE_SERVICES=1`.
* `db_url`: parametrized over `sqlite` (a file in `tmp_path`) and `postgres` (a uniquely
  named database created on the `pg_url` server and dropped after the test).
* `engine`: an engine on `db_url` with the schema created by `prepare_schema`.
* `session_factory`: an `async_sessionmaker` bound to `engine`.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade


def _service_url(env_name: str, what: str) -> str:
    """The URL in `env_name`; skip (or fail with `REQUIRE_SERVICES=1`) when it is unset."""
    url = os.environ.get(env_name, "").strip()
    if url:
        return url
    message = f'{env_name} is not set: start {what} with `eval "$(scripts/services.sh start)"`'
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"{message} (REQUIRE_SERVICES=1 forbids skipping)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def pg_url() -> str:
    """SQLAlchemy URL of the test PostgreSQL server's `seminar_test` database."""
    return _service_url("TEST_POSTGRES_URL", "PostgreSQL")


@pytest.fixture(scope="session")
def redis_url() -> str:
    """URL of the test Redis server."""
    return _service_url("TEST_REDIS_URL", "Redis")


async def prepare_schema(engine: AsyncEngine) -> None:
    """Create the schema in an empty database with the Alembic migrations, as on start."""
    await upgrade(engine)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """URL of a fresh, empty database for one test."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
        return

    async with fresh_pg_database(request.getfixturevalue("pg_url")) as url:
        yield url


@asynccontextmanager
async def fresh_pg_database(server: str) -> AsyncIterator[str]:
    """A uniquely named, empty database on the server, dropped afterwards."""
    server_url = make_url(server)
    admin_dsn = server_url.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"test_{uuid.uuid4().hex}"
    connection = await asyncpg.connect(admin_dsn)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    try:
        yield server_url.set(database=name).render_as_string(hide_password=False)
    finally:
        connection = await asyncpg.connect(admin_dsn)
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()


@pytest.fixture
async def pg_database(pg_url: str) -> AsyncIterator[str]:
    """A fresh PostgreSQL database (PostgreSQL only)."""
    async with fresh_pg_database(pg_url) as url:
        yield url


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on `db_url` with the schema in place; disposed after the test."""
    engine = create_engine(db_url)
    try:
        await prepare_schema(engine)
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions on the test database."""
    return create_session_factory(engine)
