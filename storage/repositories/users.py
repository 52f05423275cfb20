"""Users: who has written to the bot, their language, first and last seen."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any

from aiogram.types import User as TgUser
from sqlalchemy import event, inspect
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import make_transient_to_detached

from storage.db import writes_table
from storage.models import User, utcnow

# last_seen is refreshed at most this often, so that a burst of updates is one write.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)


class UserRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> User | None:
        return await self.session.get(User, user_id)

    async def touch(
        self, tg_user: TgUser, language: str, cache: UserCache | None = None
    ) -> tuple[User, bool]:
        """Create the user on first contact or refresh name and last_seen.

        Returns the user and whether anything changed (the caller commits). With `cache`,
        a user seen recently is taken from it instead of the database.
        """
        user = cache.get(self.session, tg_user.id) if cache is not None else None
        if user is None:
            user = await self.session.get(User, tg_user.id)
        now = utcnow()
        if user is None:
            user = User(
                id=tg_user.id,
                first_name=tg_user.first_name or "",
                last_name=tg_user.last_name,
                username=tg_user.username,
                language=language,
                language_chosen=False,
                first_seen=now,
                last_seen=now,
            )
            self.session.add(user)
            return user, True
        changed = False
        for field, value in (
            ("first_name", tg_user.first_name or ""),
            ("last_name", tg_user.last_name),
            ("username", tg_user.username),
        ):
            if getattr(user, field) != value:
                setattr(user, field, value)
                changed = True
        if now - user.last_seen >= LAST_SEEN_RESOLUTION:
            user.last_seen = now
            changed = True
        return user, changed

    async def set_language(self, user: User, language: str) -> None:
        user.language = language
        user.language_chosen = True


class UserCache:
    """The `users` rows of recent updates, so that an update of a known user reads nothing.

    For one bot process that is the only writer of its database (no Redis, no replicas).
    Any write to `users` through `engine` — an ORM flush or a Core statement, the user
    middleware's, a handler's, the delivery engine's — drops the rows it may touch (those
    whose ids are among its parameters; every row when that cannot be told), and an entry
    is used for at most `TTL` (writes from elsewhere, e.g. by hand, show within that).
    """

    TTL = 60.0
    SIZE = 50_000

    def __init__(self, engine: AsyncEngine) -> None:
        self._rows: dict[int, tuple[float, dict[str, Any]]] = {}
        self._changes: dict[int, int] = {}  # user id -> writes seen (for `token`)
        self._clears = 0  # writes that dropped every row
        event.listen(engine.sync_engine, "before_cursor_execute", self._on_statement)

    def _on_statement(
        self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any
    ) -> None:
        if not writes_table(statement, "users"):
            return
        ids = set(_ints(parameters))
        if not ids or "select" in statement.lower():
            self._rows.clear()
            self._clears += 1
            return
        for user_id in ids:
            self._rows.pop(user_id, None)
            self._changes[user_id] = self._changes.get(user_id, 0) + 1

    def token(self, user_id: int) -> tuple[int, int]:
        """Taken before reading a row: `put` keeps it only if no write came in between."""
        return self._clears, self._changes.get(user_id, 0)

    def get(self, session: AsyncSession, user_id: int) -> User | None:
        """The cached row as a persistent `User` of `session` (no SQL), or None."""
        entry = self._rows.get(user_id)
        if entry is None:
            return None
        loaded_at, values = entry
        if time.monotonic() - loaded_at > self.TTL:
            del self._rows[user_id]
            return None
        user = User(**values)
        make_transient_to_detached(user)
        session.add(user)
        return user

    def put(self, user: User, token: tuple[int, int]) -> None:
        """Remember a row as it is in the database now (after the commit that wrote it)."""
        if token != self.token(user.id) or user.id in self._rows:
            return  # written meanwhile, or already there (its age is the first read's)
        if len(self._rows) >= self.SIZE:
            del self._rows[next(iter(self._rows))]
        values = {c.key: getattr(user, c.key) for c in _COLUMNS}
        self._rows[user.id] = (time.monotonic(), values)


_COLUMNS = list(inspect(User).column_attrs)


def _ints(parameters: Any) -> Iterator[int]:
    """Every integer among a statement's parameters (a dict, a sequence, or many)."""
    if isinstance(parameters, dict):
        values: Iterable[Any] = parameters.values()
    elif isinstance(parameters, list | tuple):
        values = parameters
    else:
        return
    for value in values:
        if isinstance(value, dict | list | tuple):
            yield from _ints(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            yield value
