"""aiogram's `RedisStorage`, taking part in erasures of personal data.

With several replicas the dialog state (aiogram-dialog's stacks and contexts) lives in
Redis, under keys that hold the user's Telegram id. aiogram's storage has no call that
drops one user's keys, so `forget` (run by `storage.fsm.forget_user` from every erasure:
`/forget`, the overseer's, the retention date's) finds them with `SCAN MATCH` and deletes
them. The patterns follow `DefaultKeyBuilder`'s format
(`<prefix>[:<bot>][:<business>]:<chat>[:<thread>]:<user>[:<destiny>]:<part>`): every key
with the id as a whole segment, as the user or as the chat (the stack and contexts of a
private chat are kept under the chat's id).

A `...:lock` key is left alone: it is the event isolation's lock of an update being
handled right now (perhaps the erasing one, which releases it at its end: deleting it
would make that release fail); it expires on its own.
"""

from __future__ import annotations

from typing import Any

from aiogram.fsm.storage.base import DefaultKeyBuilder
from aiogram.fsm.storage.redis import RedisStorage
from sqlalchemy.engine import URL

from storage.fsm import register_forgetful

SCAN_COUNT = 500  # keys asked per SCAN step, and deleted per DEL


def _glob_escape(text: str) -> str:
    """`text` matched literally by a Redis glob pattern."""
    return "".join("\\" + c if c in "*?[]\\" else c for c in text)


class ErasableRedisStorage(RedisStorage):
    """`RedisStorage` whose user's keys an erasure deletes (see the module docstring).

    `database`: the database whose users' dialog state it keeps; an erasure in another
    database leaves it alone (`storage.fsm.forget_user`)."""

    def __init__(self, *args: Any, database: URL | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not isinstance(self.key_builder, DefaultKeyBuilder):
            raise TypeError("ErasableRedisStorage needs aiogram's DefaultKeyBuilder")
        self.database = database
        register_forgetful(self)

    def user_patterns(self, user_id: int) -> list[str]:
        """SCAN patterns of every key naming `user_id`: as the chat (right after the
        prefix) or as a later segment (the user; the chat after a bot id)."""
        builder = self.key_builder
        assert isinstance(builder, DefaultKeyBuilder)
        sep, prefix = _glob_escape(builder.separator), _glob_escape(builder.prefix)
        return [f"{prefix}{sep}{user_id}{sep}*", f"{prefix}{sep}*{sep}{user_id}{sep}*"]

    async def forget(self, user_id: int) -> None:
        """Delete the user's keys (their dialog state; not the locks of running updates)."""
        assert isinstance(self.key_builder, DefaultKeyBuilder)
        lock = (self.key_builder.separator + "lock").encode()
        for pattern in self.user_patterns(user_id):
            batch: list[bytes] = []
            async for key in self.redis.scan_iter(match=pattern, count=SCAN_COUNT):
                raw = key if isinstance(key, bytes) else str(key).encode()
                if not raw.endswith(lock):
                    batch.append(raw)
                if len(batch) >= SCAN_COUNT:
                    await self.redis.delete(*batch)
                    batch = []
            if batch:
                await self.redis.delete(*batch)

    def erased(self, user_id: int) -> None:
        """Nothing to do: the keys were deleted at once (Redis has no transaction here)."""
