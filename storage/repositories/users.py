"""Users: who has written to the bot, their language, first and last seen."""

from __future__ import annotations

import time
import weakref
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, inspect
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import Session, make_transient_to_detached

from storage.models import User, utcnow

if TYPE_CHECKING:
    from aiogram.types import User as TgUser

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
            users_written(self.session, tg_user.id)
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
        if changed:
            users_written(self.session, user.id)
        return user, changed

    async def set_language(self, user: User, language: str) -> None:
        user.language = language
        user.language_chosen = True
        users_written(self.session, user.id)

    def unblock(self, user: User) -> bool:
        """They write again: broadcasts reach them again. True if the row changed."""
        if user.blocked_at is None:
            return False
        user.blocked_at = None
        users_written(self.session, user.id)
        return True


_WRITTEN = "users_written"
"""`Session.info` key: ids of the `users` rows the session's transaction wrote."""
_caches: weakref.WeakKeyDictionary[Any, weakref.WeakSet[UserCache]] = weakref.WeakKeyDictionary()
"""sync engine -> the caches of its rows."""


def users_written(session: AsyncSession | Session, *user_ids: int) -> None:
    """Declare that this transaction writes these `users` rows (insert, update or delete).

    Every code path that writes `users` calls it (the user middleware, the language
    choice, the delivery engine's "blocked", personal-data erasure): when the transaction
    commits, the rows are dropped from the `UserCache` of the session's engine, so the
    next update reads them again. (After the commit, not before: a reader that took the
    old row meanwhile cannot put it back, see `UserCache.token`.)
    """
    sync = session.sync_session if isinstance(session, AsyncSession) else session
    sync.info.setdefault(_WRITTEN, set()).update(user_ids)


@event.listens_for(Session, "after_commit")
def _forget_written(session: Session) -> None:
    written: set[int] | None = session.info.pop(_WRITTEN, None)
    if not written:
        return
    bind = session.get_bind()
    for cache in _caches.get(getattr(bind, "engine", bind), ()):
        for user_id in written:
            cache.forget(user_id)


@event.listens_for(Session, "after_rollback")
def _nothing_written(session: Session) -> None:
    session.info.pop(_WRITTEN, None)


class UserCache:
    """The `users` rows of recent updates, so that an update of a known user reads nothing.

    For one bot process that is the only writer of its database (no Redis, no replicas).
    Every code path that writes `users` says so (`users_written`), and the rows it wrote
    are dropped when its transaction commits; an entry is used for at most `TTL` (writes
    from elsewhere, e.g. by hand, show within that).
    """

    TTL = 60.0
    SIZE = 50_000

    def __init__(self, engine: AsyncEngine) -> None:
        self._rows: dict[int, tuple[float, dict[str, Any]]] = {}
        self._changes: dict[int, int] = {}  # user id -> writes seen (for `token`)
        _caches.setdefault(engine.sync_engine, weakref.WeakSet()).add(self)

    def forget(self, user_id: int) -> None:
        """Drop a row that was written (and make a `put` of an older read a no-op)."""
        self._rows.pop(user_id, None)
        self._changes[user_id] = self._changes.get(user_id, 0) + 1

    def token(self, user_id: int) -> int:
        """Taken before reading a row: `put` keeps it only if no write came in between."""
        return self._changes.get(user_id, 0)

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

    def put(self, user: User, token: int) -> None:
        """Remember a row as it is in the database now (after the commit that wrote it)."""
        if token != self.token(user.id) or user.id in self._rows:
            return  # written meanwhile, or already there (its age is the first read's)
        if len(self._rows) >= self.SIZE:
            del self._rows[next(iter(self._rows))]
        values = {c.key: getattr(user, c.key) for c in _COLUMNS}
        self._rows[user.id] = (time.monotonic(), values)


_COLUMNS = list(inspect(User).column_attrs)
