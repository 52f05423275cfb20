"""aiogram FSM storage on SQLAlchemy (SQLite via aiosqlite, PostgreSQL via asyncpg).

One row of `fsm_records` per storage key holds both the state and the data (JSON text).
aiogram-dialog keeps its stacks and contexts here too, under keys with a *destiny*, so the
default key builder includes the destiny. Writes are real upserts (`INSERT ... ON CONFLICT
DO UPDATE`); a row whose state and data are both empty is deleted.

The erasure of a user's personal data (storage/services/personal_data.py) deletes their
rows; `forget_user` makes every storage of this process agree with it: no write of the
user's keys made before it lands after the erasure's delete, and no read made before the
erasure commits brings an old row back (see `SQLAlchemyStorage.forget`). Other storages
(Redis, storage/fsm_redis.py) take part through the same `forget_user`.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import weakref
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)
from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage.models import FSMRecord, utcnow

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql, sqlite

_table = FSMRecord.metadata.tables[FSMRecord.__tablename__]
# The state of a key whose data was written without reading the row first: unknown until
# someone asks for it (`_load` reads it then); the flush leaves the stored state as it is.
UNREAD = "\x00unread"
log = logging.getLogger(__name__)
Row = tuple[str | None, str | None]


class SQLAlchemyStorage(BaseStorage):
    """FSM storage that keeps state and data in the `fsm_records` table.

    aiogram-dialog reads and rewrites its stack and contexts several times per update.
    This storage serves those calls from memory and writes behind: the latest value of
    every changed key is written within `FLUSH_DELAY` seconds, all changed keys in one
    transaction (concurrent updates share it), and on `close()`. A process killed
    outright loses at most that last fraction of a second of dialog navigation; what
    users entered lives in the feature tables, written by their own transactions.

    The memory is the truth because this storage serves one process only (several
    processes use Redis; bot/replicas.py refuses a second process without it).

    The storage does not own the engine behind `session_factory`: `close()` flushes and
    leaves it open; whoever created the engine disposes of it.
    """

    CACHE_SIZE = 20_000
    FLUSH_DELAY = 0.05

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        key_builder: KeyBuilder | None = None,
    ) -> None:
        self.session_factory = session_factory
        bind = session_factory.kw.get("bind")
        # The database it stores in (forget_user settles only the storages on it).
        self.database: URL | None = bind.url if isinstance(bind, AsyncEngine) else None
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)
        # row key -> (state, data as JSON text), as it is (or is about to be) stored
        self._cache: OrderedDict[str, Row] = OrderedDict()
        self._dirty: dict[str, Row] = {}
        self._flusher: asyncio.Task[None] | None = None
        self._flush_lock = asyncio.Lock()
        # Users being erased (their id as text -> erasures open): their keys are known to
        # be absent, whatever the database still answers until the erasure commits.
        self._tombstones: dict[str, int] = {}
        # Bumped by every `forget`: a read that straddles one does not trust its answer.
        self._forgets = 0
        # Users forgotten while a flush was writing (it may have written their keys).
        self._forgotten_in_flush: set[str] = set()
        _LIVE.add(self)

    def _key(self, key: StorageKey) -> str:
        """The primary key of the row that holds `key`'s state and data."""
        return self.key_builder.build(key)

    def _erased(self, row_key: str) -> bool:
        """Whether `row_key` belongs to a user being erased (free when nobody is)."""
        return bool(self._tombstones) and any(
            part in self._tombstones for part in row_key.split(":")
        )

    async def _load(self, row_key: str) -> Row:
        """The (state, data) of a row key, from memory or the database."""
        cached = self._cache.get(row_key)
        if cached is not None and cached[0] is not UNREAD:
            self._cache.move_to_end(row_key)
            return cached
        loaded: Row = (None, None)
        while not self._erased(row_key):  # a user being erased has no rows
            forgets = self._forgets
            async with self.session_factory() as session:
                row = (
                    await session.execute(
                        select(_table.c.state, _table.c.data).where(_table.c.key == row_key)
                    )
                ).first()
            if forgets == self._forgets:
                loaded = (row[0], row[1]) if row else (None, None)
                break
            # A user was forgotten meanwhile: the answer may be their old row; ask again.
        # A write may have landed while the database answered: it wins.
        current = self._cache.get(row_key)
        if current is None:
            return self._remember(row_key, loaded)
        if current[0] is UNREAD:  # the data was written blind: take the stored state
            return self._remember(row_key, (loaded[0], current[1]))
        return current

    def _remember(self, row_key: str, value: Row) -> Row:
        self._cache[row_key] = value
        self._cache.move_to_end(row_key)
        while len(self._cache) > self.CACHE_SIZE:
            old_key, _ = self._cache.popitem(last=False)
            if old_key in self._dirty:  # not written yet: keep it until it is
                self._cache[old_key] = self._dirty[old_key]
                break
        return value

    def _store(self, row_key: str, value: Row) -> None:
        """Take a new value now; write it to the database soon. (The key of a user being
        erased stays absent: what an update begun before the erasure writes meanwhile
        comes from the data being erased.)"""
        if self._erased(row_key):
            self._remember(row_key, (None, None))
            return
        self._remember(row_key, value)
        self._dirty[row_key] = value
        self._schedule()

    def _schedule(self) -> None:
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_soon(), name="fsm-flush")

    async def _flush_soon(self) -> None:
        await asyncio.sleep(self.FLUSH_DELAY)
        try:
            await self.flush()
        except Exception:  # kept dirty: the next write or close() tries again
            log.exception("writing dialog state failed; will retry")

    async def flush(self) -> None:
        """Write every changed key in one transaction, each kind of write as one
        executemany (a flush costs at most five statements, however many keys changed).

        A user forgotten while the flush was writing may be erased before it lands (on
        SQLite it may even wait for the erasure's write lock and land after its delete):
        the keys of theirs it wrote are deleted again by a flush after the erasure's end."""
        async with self._flush_lock:
            batch, self._dirty = self._dirty, {}
            if self._tombstones:  # a user being erased: deleting again waits for its end
                for row_key in [k for k in batch if self._erased(k)]:
                    self._dirty[row_key] = batch.pop(row_key)
            if not batch:
                return
            self._forgotten_in_flush = set()
            try:
                async with self.session_factory.begin() as session:
                    connection = await session.connection()
                    for statement, rows in self._statements(connection.dialect.name, batch):
                        await connection.execute(statement, rows)
            except BaseException:
                for row_key, value in batch.items():  # newer values stay newer
                    if not self._written_by(row_key, self._forgotten_in_flush):
                        self._dirty.setdefault(row_key, value)
                raise
            finally:
                forgotten, self._forgotten_in_flush = self._forgotten_in_flush, set()
            stale = [k for k in batch if forgotten and self._written_by(k, forgotten)]
            for row_key in stale:
                if row_key not in self._dirty:  # a write after the forget is newer: it stays
                    self._remember(row_key, (None, None))
                    self._dirty[row_key] = (None, None)
            if stale:
                self._schedule()

    @staticmethod
    def _written_by(row_key: str, users: set[str]) -> bool:
        return bool(users) and any(part in users for part in row_key.split(":"))

    @staticmethod
    def _statements(dialect: str, batch: Mapping[str, Row]) -> list[tuple[Any, list[Any]]]:
        """The statements that store `batch`, each with the parameters of all its rows.

        A row whose data was written blind (state `UNREAD`) keeps its stored state: its
        data is upserted, or, cleared, the row is deleted if it has no state and its data
        emptied if it has one.
        """
        now = utcnow()
        full: list[dict[str, Any]] = []  # state and data
        data_only: list[dict[str, Any]] = []
        gone: list[dict[str, Any]] = []  # neither state nor data
        cleared: list[dict[str, Any]] = []  # data emptied, state unknown
        for row_key, (state, data) in batch.items():
            if state is UNREAD:
                if data is None:
                    cleared.append({"k": row_key, "at": now})
                else:
                    data_only.append({"key": row_key, "data": data, "updated_at": now})
            elif state is None and data is None:
                gone.append({"k": row_key})
            else:
                full.append({"key": row_key, "state": state, "data": data, "updated_at": now})
        statements: list[tuple[Any, list[Any]]] = [
            (_upsert(dialect, ("state", "data", "updated_at")), full),
            (_upsert(dialect, ("data", "updated_at")), data_only),
            (_DELETE, gone),
            (_DELETE_STATELESS, cleared),
            (_CLEAR_DATA, cleared),
        ]
        return [(statement, rows) for statement, rows in statements if rows]

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        """Set the state (a `State`, its string, or `None` to clear it); data is untouched."""
        value = state.state if isinstance(state, State) else state
        row_key = self._key(key)
        await self._load(row_key)
        current = self._cache[row_key]
        if current[0] != value:
            self._store(row_key, (value, current[1]))

    async def get_state(self, key: StorageKey) -> str | None:
        """The current state string, or `None`."""
        return (await self._load(self._key(key)))[0]

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        """Replace the data (empty data clears it); the state is untouched.

        A key not in memory is not read first: its data is replaced whatever it was, and
        its state, not needed for that, is left as stored (read only if asked for). This
        is what aiogram-dialog does on every dialog start: it writes the context of a new
        intent, a key that cannot exist yet.
        """
        row_key = self._key(key)
        text = _dumps(data)
        current = self._cache.get(row_key)
        if current is None:
            self._store(row_key, (UNREAD, text))
        elif current[1] != text:
            self._store(row_key, (current[0], text))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        """A fresh copy of the current data (`{}` if there is none)."""
        row_key = self._key(key)
        cached = self._cache.get(row_key)
        if cached is not None:  # the data is known even when the state was not read
            self._cache.move_to_end(row_key)
            return _loads(cached[1])
        return _loads((await self._load(row_key))[1])

    async def update_data(self, key: StorageKey, data: Mapping[str, Any]) -> dict[str, Any]:
        """Merge `data` into the stored data (like `dict.update`).

        The merge reads and stores without awaiting in between, so concurrent updates of
        one key never lose each other's changes.
        """
        row_key = self._key(key)
        await self._load(row_key)
        state, raw = self._cache[row_key]
        merged = _loads(raw)
        merged.update(data)
        self._store(row_key, (state, _dumps(merged)))
        return merged.copy()

    async def forget(self, user_id: int) -> None:
        """The user's rows are about to be deleted by the caller's transaction: drop their
        keys from memory and from what is still to be written, and treat their keys as
        absent until `erased(user_id)` (the caller's transaction has ended): a read does
        not fetch the old rows the database still shows until the delete commits, a read
        begun before this call does not keep its answer, and writes are dropped (see
        `_store`). A flush writing meanwhile deletes again what it wrote of theirs (see
        `flush`). No statement runs here, and nothing is awaited: a storage whose database
        is gone does not fail the erasure, and an erasure holding SQLite's write lock does
        not wait for a flush waiting for it."""
        mark = str(user_id)
        self._tombstones[mark] = self._tombstones.get(mark, 0) + 1
        self._forgets += 1
        if self._flush_lock.locked():
            self._forgotten_in_flush.add(mark)
        users = {mark}
        for row_key in [k for k in self._cache if self._written_by(k, users)]:
            del self._cache[row_key]
        for row_key in [k for k in self._dirty if self._written_by(k, users)]:
            del self._dirty[row_key]

    def erased(self, user_id: int) -> None:
        """The erasure that called `forget(user_id)` has ended (committed or rolled back):
        the user's keys are read from the database again when needed."""
        mark = str(user_id)
        left = self._tombstones.get(mark, 0) - 1
        if left > 0:
            self._tombstones[mark] = left
            return
        self._tombstones.pop(mark, None)
        with contextlib.suppress(RuntimeError):  # RuntimeError: no event loop (close())
            if self._dirty:  # what was held back
                self._schedule()

    async def close(self) -> None:
        """Write what is pending (the engine stays open: it belongs to the caller).

        A scheduled write is awaited, not cancelled: cancelled mid-transaction, it would
        hold SQLite's write lock until its connection is collected.
        """
        if self._flusher is not None:
            with contextlib.suppress(asyncio.CancelledError):  # cancelled by someone else
                await self._flusher
        await self.flush()


# The writes of `SQLAlchemyStorage._statements` that do not depend on the dialect; each
# row's key is bound as "k".
_KEY = _table.c.key == bindparam("k")
_DELETE = delete(_table).where(_KEY)
_DELETE_STATELESS = delete(_table).where(_KEY, _table.c.state.is_(None))
_CLEAR_DATA = update(_table).where(_KEY).values(data=None, updated_at=bindparam("at"))


class Forgetful(Protocol):
    """A dialog state storage that takes part in erasures (`forget_user`)."""

    database: URL | None  # the database whose users it keeps the state of (None: any)

    async def forget(self, user_id: int) -> None: ...

    def erased(self, user_id: int) -> None: ...


_LIVE: weakref.WeakSet[Forgetful] = weakref.WeakSet()


def register_forgetful(storage: Forgetful) -> None:
    """Make `forget_user` settle `storage` too (held weakly: it leaves when collected)."""
    _LIVE.add(storage)


async def forget_user(user_id: int, database: URL | None = None) -> Callable[[], None]:
    """Before a user's dialog state is deleted: settle every storage of this process on
    that `database` (every storage without one; see `SQLAlchemyStorage.forget`; a Redis
    storage deletes the user's keys). Storages on other databases keep the user's state.

    Returns what the caller must call once the erasure's transaction has ended
    (committed or not): until then the user's keys stay absent and unwritable."""
    settled = [s for s in list(_LIVE) if database is None or s.database in (None, database)]
    for storage in settled:
        await storage.forget(user_id)

    def erased() -> None:
        for storage in settled:
            storage.erased(user_id)

    return erased


@functools.cache
def _upsert(dialect: str, columns: tuple[str, ...]) -> postgresql.Insert | sqlite.Insert:
    """`INSERT ... ON CONFLICT (key) DO UPDATE` of `key` and `columns`, which sets only
    `columns`; the values are bound per row (executemany)."""
    stmt: postgresql.Insert | sqlite.Insert
    # The dialect's module is imported when first used (a SQLite bot never loads
    # PostgreSQL's).
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        stmt = postgresql.insert(_table)
    elif dialect == "sqlite":
        from sqlalchemy.dialects import sqlite

        stmt = sqlite.insert(_table)
    else:  # pragma: no cover - only the two engines above are supported
        raise RuntimeError(f"SQLAlchemyStorage does not support the {dialect!r} dialect")
    return stmt.on_conflict_do_update(
        index_elements=[_table.c.key], set_={name: stmt.excluded[name] for name in columns}
    )


def _dumps(data: Mapping[str, Any]) -> str | None:
    """JSON text of `data`, or `None` for empty data."""
    return json.dumps(dict(data), ensure_ascii=False) if data else None


def _loads(raw: str | None) -> dict[str, Any]:
    """The dict stored as JSON text (`{}` for none)."""
    if not raw:
        return {}
    loaded: dict[str, Any] = json.loads(raw)
    return loaded
