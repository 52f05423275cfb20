"""Run Alembic migrations from code (on start, in tests, from the CLI).

The bot upgrades its database on every start. When the database is already at the
latest revisions (the usual case), that is one query against `alembic_version`, and
Alembic itself (with Mako and the migration scripts) is not even imported.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*$", re.MULTILINE)


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@cache
def script_heads() -> frozenset[str]:
    """The head revisions of the migration scripts, read from their `revision` and
    `down_revision` lines (as Alembic would find them, without importing it)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        values = dict(_ASSIGNMENT.findall(path.read_text(encoding="utf-8")))
        if "revision" not in values:
            continue
        revisions.add(ast.literal_eval(values["revision"]))
        down = ast.literal_eval(values.get("down_revision", "None"))
        parents.update([down] if isinstance(down, str) else (down or ()))
    return frozenset(revisions - parents)


async def current_revisions(engine: AsyncEngine) -> frozenset[str] | None:
    """The revisions the database is at, or None when it has no `alembic_version`."""
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(text("SELECT version_num FROM alembic_version"))
            return frozenset(str(row[0]) for row in rows)
    except Exception:  # no such table (a new database): Alembic will tell the rest
        return None


# Replicas starting together must not migrate at the same time (PostgreSQL advisory lock,
# held until the migration transaction ends).
MIGRATION_LOCK_KEY = 0x5E31_0001


def _upgrade(connection: Connection, revision: str) -> None:
    from alembic import command

    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
    command.upgrade(alembic_config(connection), revision)


def _downgrade(connection: Connection, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(connection), revision)


async def upgrade(engine: AsyncEngine, revision: str = "heads") -> None:
    """Bring the database schema up to `revision` (all heads by default)."""
    if revision == "heads" and await current_revisions(engine) == script_heads():
        return  # up to date
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade, revision)


async def downgrade(engine: AsyncEngine, revision: str = "base") -> None:
    async with engine.begin() as connection:
        await connection.run_sync(_downgrade, revision)
