"""aiogram FSM storage on SQLAlchemy (SQLite via aiosqlite, PostgreSQL via asyncpg).

One row of `fsm_records` per storage key holds both the state and the data (JSON text).
aiogram-dialog keeps its stacks and contexts here too, under keys with a *destiny*, so the
default key builder includes the destiny. Writes are real upserts (`INSERT ... ON CONFLICT
DO UPDATE`); a row whose state and data are both empty is deleted.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)
from sqlalchemy import Delete, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import FSMRecord, utcnow

_table = FSMRecord.metadata.tables[FSMRecord.__tablename__]


class SQLAlchemyStorage(BaseStorage):
    """FSM storage that keeps state and data in the `fsm_records` table.

    The storage does not own the engine behind `session_factory`: `close()` leaves it open,
    and whoever created the engine disposes of it.
    """

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        key_builder: KeyBuilder | None = None,
    ) -> None:
        self.session_factory = session_factory
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)

    def _key(self, key: StorageKey) -> str:
        """The primary key of the row that holds `key`'s state and data."""
        return self.key_builder.build(key)

    @staticmethod
    def _upsert(
        session: AsyncSession, key: str, **values: Any
    ) -> postgresql.Insert | sqlite.Insert:
        """`INSERT ... ON CONFLICT (key) DO UPDATE` that sets only the given columns."""
        values["updated_at"] = utcnow()
        dialect = session.get_bind().dialect.name
        stmt: postgresql.Insert | sqlite.Insert
        if dialect == "postgresql":
            stmt = postgresql.insert(_table).values(key=key, **values)
        elif dialect == "sqlite":
            stmt = sqlite.insert(_table).values(key=key, **values)
        else:  # pragma: no cover - only the two engines above are supported
            raise RuntimeError(f"SQLAlchemyStorage does not support the {dialect!r} dialect")
        return stmt.on_conflict_do_update(
            index_elements=[_table.c.key],
            set_={name: stmt.excluded[name] for name in values},
        )

    @staticmethod
    def _delete_if_empty(key: str) -> Delete:
        """Delete the row of `key` if it has neither a state nor data."""
        return delete(_table).where(
            _table.c.key == key,
            _table.c.state.is_(None),
            or_(_table.c.data.is_(None), _table.c.data == "{}"),
        )

    async def _write(self, key: str, column: str, value: str | None) -> None:
        """Set one column (`state` or `data`) of `key`'s row; `None` clears it."""
        async with self.session_factory.begin() as session:
            if value is None:
                await session.execute(
                    update(_table)
                    .where(_table.c.key == key)
                    .values({column: None, "updated_at": utcnow()})
                )
                await session.execute(self._delete_if_empty(key))
            else:
                await session.execute(self._upsert(session, key, **{column: value}))

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        """Set the state (a `State`, its string, or `None` to clear it); data is untouched."""
        value = state.state if isinstance(state, State) else state
        await self._write(self._key(key), "state", value)

    async def get_state(self, key: StorageKey) -> str | None:
        """The current state string, or `None`."""
        async with self.session_factory() as session:
            return await session.scalar(
                select(_table.c.state).where(_table.c.key == self._key(key))
            )

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        """Replace the data (empty data clears it); the state is untouched."""
        await self._write(self._key(key), "data", _dumps(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        """A fresh copy of the current data (`{}` if there is none)."""
        async with self.session_factory() as session:
            raw = await session.scalar(select(_table.c.data).where(_table.c.key == self._key(key)))
        return _loads(raw)

    async def update_data(self, key: StorageKey, data: Mapping[str, Any]) -> dict[str, Any]:
        """Merge `data` into the stored data (like `dict.update`) in one transaction.

        The transaction starts with an upsert that touches the row, which locks it on
        PostgreSQL and takes the write lock on SQLite, so concurrent updates of one key are
        serialized and none of their changes is lost.
        """
        row_key = self._key(key)
        async with self.session_factory.begin() as session:
            await session.execute(self._upsert(session, row_key))
            raw = await session.scalar(select(_table.c.data).where(_table.c.key == row_key))
            merged = _loads(raw)
            merged.update(data)
            await session.execute(
                update(_table)
                .where(_table.c.key == row_key)
                .values(data=_dumps(merged), updated_at=utcnow())
            )
            await session.execute(self._delete_if_empty(row_key))
        return merged.copy()

    async def close(self) -> None:
        """Nothing to release: the engine belongs to whoever created the session factory."""


def _dumps(data: Mapping[str, Any]) -> str | None:
    """JSON text of `data`, or `None` for empty data."""
    return json.dumps(dict(data), ensure_ascii=False) if data else None


def _loads(raw: str | None) -> dict[str, Any]:
    """The dict stored as JSON text (`{}` for none)."""
    if not raw:
        return {}
    loaded: dict[str, Any] = json.loads(raw)
    return loaded
