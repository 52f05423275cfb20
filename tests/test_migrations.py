"""Migrations upgrade and downgrade on SQLite and PostgreSQL, and match the models."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import event, inspect
from sqlalchemy.engine import Connection

from storage.db import create_engine
from storage.migrate import downgrade, upgrade
from storage.models import Base


def _diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names()) - {"alembic_version"}


async def test_upgrade_matches_models_and_downgrade_removes_everything(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        await upgrade(engine)
        async with engine.connect() as connection:
            assert await connection.run_sync(_diff) == []
            assert await connection.run_sync(_tables) == set(Base.metadata.tables)
        await downgrade(engine, "base")
        async with engine.connect() as connection:
            assert await connection.run_sync(_tables) == set()
        await upgrade(engine)  # and up again
        async with engine.connect() as connection:
            assert await connection.run_sync(_tables) == set(Base.metadata.tables)
    finally:
        await engine.dispose()


async def test_an_up_to_date_database_is_not_migrated_again(db_url: str) -> None:
    from alembic.script import ScriptDirectory

    from storage.migrate import alembic_config, current_revisions, script_heads

    assert script_heads() == set(ScriptDirectory.from_config(alembic_config()).get_heads())
    engine = create_engine(db_url)
    statements: list[str] = []
    try:
        assert await current_revisions(engine) is None  # a new database
        await upgrade(engine)
        assert await current_revisions(engine) == script_heads()
        event.listen(
            engine.sync_engine,
            "before_cursor_execute",
            lambda _c, _cur, statement, *_: statements.append(statement),
        )
        await upgrade(engine)  # on every start: one look at alembic_version
        assert statements == ["SELECT version_num FROM alembic_version"]
        await downgrade(engine, "0002_registration")
        assert await current_revisions(engine) == {"0002_registration"}
        await upgrade(engine)  # behind: migrated
        assert await current_revisions(engine) == script_heads()
    finally:
        await engine.dispose()
