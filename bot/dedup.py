"""Each update handled exactly once, in both modes, on one ledger of leases.

Telegram delivers updates at least once: a webhook POST that did not get a 2xx is sent
again, and `getUpdates` serves again everything above the offset it was last given. So an
update is acknowledged to Telegram only once it is handled or durably queued, and a
ledger keeps a second delivery from running it twice:

- **Claim with a lease.** Before handling an update a process claims its id: the claim
  names the process (`owner`) and holds until `lease_until`, renewed every quarter of
  `UPDATE_LEASE_SECONDS` (20 s) while the handler runs — one statement for every claim the
  process holds, not one per update. A process that dies stops renewing: its claims
  expire within the lease and another delivery (or the restarted process) takes them over.
- **Complete.** A handled update is marked done and remembered for 25 hours (longer than
  Telegram keeps updates): a re-delivery finds it done and is acknowledged without a
  second reply.
- **Busy.** A delivery that meets another process's live claim is *not* acknowledged as
  handled: the webhook answers 503 with `Retry-After` (the rest of the lease), so
  Telegram retries — by then the claim is done (acknowledged, skipped) or expired (taken
  over, handled); a polling process waits on it the same way (bot/polling.py).
- **Inbox (polling).** A batch from `getUpdates` is stored — payload and claims, one
  transaction (or one Redis script) for the whole batch — before the next `getUpdates`
  moves the offset past it; each update is then handled from there and completed. On
  start, the rows left unhandled by a process that died are handled first (once their
  lease has expired). The webhook needs no inbox: its 2xx goes out after the update was
  handled and completed (bot/webhook.py).
- **Failure.** A handler that raises: polling logs it and completes the update (as
  aiogram does: retrying would fail again); the webhook releases the claim and answers
  500, so Telegram's retry runs it again.

The cost per update: one claim (in the batch's transaction when polling) and one
completion; completions that come while one is being written share the next transaction
(group commit), each still waiting for its own to be durable. `bench/ledger_bench.py`
measures it.

Redis holds the ledger when `REDIS_URL` is set (a key per update with a TTL as the lease;
the inbox a hash), otherwise the `processed_updates` table (an `INSERT ... ON CONFLICT DO
NOTHING` claims, an `UPDATE` with the lease in its `WHERE` takes over). aiogram has
nothing of this (its webhook handler answers before handling, its polling confirms a
batch by the next request whatever became of it), hence our own.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import math
import uuid
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models.base import utcnow
from storage.models.runtime import ProcessedUpdate

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=20)
REMEMBER = timedelta(hours=25)


class Claim(enum.Enum):
    WON = "won"  # this process handles it now
    DONE = "done"  # handled already: acknowledge, do nothing
    BUSY = "busy"  # another process holds a live claim: try again later


@dataclass(frozen=True)
class Outcome:
    claim: Claim
    retry_after: float = 0.0  # BUSY: seconds until the other claim expires at the latest


class UpdateLedger(ABC):
    """Claims with leases, completions and the polling inbox; storage in subclasses."""

    def __init__(self, lease: timedelta = LEASE) -> None:
        self.owner = str(uuid.uuid4())
        self.lease = lease
        self._held: set[int] = set()
        self._renewer: asyncio.Task[None] | None = None
        self._idle = asyncio.Event()  # nothing held: the renewer ends
        self._pending_done: list[int] = []
        self._done_flush: asyncio.Future[None] | None = None
        self._writing = False
        self._writer: asyncio.Task[None] | None = None

    # ---- what the storage does
    @abstractmethod
    async def _claim(self, update_id: int) -> Outcome: ...

    @abstractmethod
    async def _enqueue(self, batch: Sequence[tuple[int, str]]) -> set[int]:
        """Store the batch and claim what nobody claimed yet; the ids claimed."""

    @abstractmethod
    async def _renew(self, ids: Sequence[int]) -> None: ...

    @abstractmethod
    async def _complete(self, ids: Sequence[int]) -> None: ...

    @abstractmethod
    async def release(self, update_id: int) -> None:
        """Forget a claim whose handling failed, so that a retry handles the update."""

    @abstractmethod
    async def pending(self) -> list[tuple[int, str]]:
        """Inbox rows not done: (update id, the update's JSON), oldest first."""

    # ---- the protocol
    async def claim(self, update_id: int) -> Outcome:
        if update_id in self._held:  # this process handles it right now
            return Outcome(Claim.BUSY, self.lease.total_seconds())
        outcome = await self._claim(update_id)
        if outcome.claim is Claim.WON:
            self._hold(update_id)
        return outcome

    async def enqueue(self, batch: Sequence[tuple[int, str]]) -> set[int]:
        """Durably queue a getUpdates batch (update id, JSON); returns the ids this process
        claimed with it (the others were seen before: go through `claim`)."""
        won = await self._enqueue(batch)
        for update_id in won:
            self._hold(update_id)
        return won

    async def complete(self, update_id: int) -> None:
        """Mark the update done; returns once that is durable (group commit)."""
        self._pending_done.append(update_id)
        if self._done_flush is None:
            self._done_flush = asyncio.get_running_loop().create_future()
        flush = self._done_flush
        if not self._writing:
            self._writing = True
            self._writer = asyncio.get_running_loop().create_task(self._write_completions())
        try:
            await asyncio.shield(flush)
        finally:
            self._unhold(update_id)

    async def _write_completions(self) -> None:
        try:
            while self._pending_done:
                ids, self._pending_done = self._pending_done, []
                flush, self._done_flush = self._done_flush, None
                assert flush is not None
                try:
                    await self._complete(ids)
                except Exception as exc:
                    flush.set_exception(exc)
                    flush.exception()  # retrieved by its waiters; no "never retrieved"
                else:
                    flush.set_result(None)
        finally:
            self._writing = False

    async def forget(self, update_id: int) -> None:
        """`release` and stop renewing."""
        self._unhold(update_id)
        await self.release(update_id)

    # ---- leases
    def _hold(self, update_id: int) -> None:
        self._held.add(update_id)
        self._idle.clear()
        if self._renewer is None or self._renewer.done():
            self._renewer = asyncio.get_running_loop().create_task(
                self._renew_while_held(), name="update-leases"
            )

    def _unhold(self, update_id: int) -> None:
        self._held.discard(update_id)
        if not self._held:
            self._idle.set()

    async def _renew_while_held(self) -> None:
        """Renew every held claim each quarter lease; ends when none is held."""
        every = self.lease.total_seconds() / 4
        while self._held:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._idle.wait(), every)
                return
            ids = sorted(self._held)
            try:
                await self._renew(ids)
            except Exception:
                log.exception("renewing %d update lease(s) failed", len(ids))

    async def aclose(self) -> None:
        if self._renewer is not None:
            self._renewer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._renewer


def _remaining(lease_until: datetime | None, now: datetime) -> float:
    if lease_until is None:
        return 0.0
    return max(0.0, (lease_until - now).total_seconds())


class DatabaseLedger(UpdateLedger):
    """The ledger in `processed_updates` (SQLite or PostgreSQL)."""

    PURGE_EVERY = 1000

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], lease: timedelta = LEASE
    ) -> None:
        super().__init__(lease)
        self.session_factory = session_factory
        self._claims = 0
        self._insert: Any = None

    def _insert_for(self, session: AsyncSession) -> Any:
        if self._insert is None:
            if session.get_bind().dialect.name == "postgresql":  # loaded when used
                from sqlalchemy.dialects.postgresql import insert
            else:
                from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
            self._insert = insert
        return self._insert

    async def _counted(self, n: int) -> None:
        before, self._claims = self._claims, self._claims + n
        if before // self.PURGE_EVERY != self._claims // self.PURGE_EVERY:
            await self.purge()

    def _row(self, update_id: int, now: datetime, payload: str | None) -> dict[str, Any]:
        return {
            "update_id": update_id,
            "done": False,
            "claimed_at": now,
            "owner": self.owner,
            "lease_until": now + self.lease,
            "payload": payload,
        }

    async def _claim(self, update_id: int) -> Outcome:
        row = ProcessedUpdate
        now = utcnow()
        async with self.session_factory.begin() as session:
            insert = self._insert_for(session)
            inserted = await session.execute(
                insert(row)
                .values(self._row(update_id, now, None))
                .on_conflict_do_nothing(index_elements=["update_id"])
            )
            if inserted.rowcount:  # type: ignore[attr-defined]
                outcome = Outcome(Claim.WON)
            else:  # seen before: done, someone's live claim, or a claim whose owner died
                taken = await session.execute(
                    update(row)
                    .where(
                        row.update_id == update_id,
                        row.done.is_(False),
                        (row.lease_until.is_(None))
                        | (row.lease_until < now)
                        | (row.owner == self.owner),
                    )
                    .values(owner=self.owner, lease_until=now + self.lease, claimed_at=now)
                )
                if taken.rowcount:  # type: ignore[attr-defined]
                    outcome = Outcome(Claim.WON)
                else:
                    found = (
                        await session.execute(
                            select(row.done, row.lease_until).where(row.update_id == update_id)
                        )
                    ).first()
                    if found is None or found.done:
                        outcome = Outcome(Claim.DONE)
                    else:
                        outcome = Outcome(Claim.BUSY, _remaining(found.lease_until, now))
        await self._counted(1)
        return outcome

    async def _enqueue(self, batch: Sequence[tuple[int, str]]) -> set[int]:
        if not batch:
            return set()
        row = ProcessedUpdate
        now = utcnow()
        async with self.session_factory.begin() as session:
            insert = self._insert_for(session)
            result = await session.execute(
                insert(row)
                .values([self._row(update_id, now, payload) for update_id, payload in batch])
                .on_conflict_do_nothing(index_elements=["update_id"])
                .returning(row.update_id)
            )
            won = set(result.scalars().all())
        await self._counted(len(batch))
        return won

    async def _renew(self, ids: Sequence[int]) -> None:
        row = ProcessedUpdate
        async with self.session_factory.begin() as session:
            await session.execute(
                update(row)
                .where(row.update_id.in_(ids), row.owner == self.owner, row.done.is_(False))
                .values(lease_until=utcnow() + self.lease)
            )

    async def _complete(self, ids: Sequence[int]) -> None:
        async with self.session_factory.begin() as session:
            await session.execute(
                update(ProcessedUpdate)
                .where(ProcessedUpdate.update_id.in_(ids))
                .values(done=True, claimed_at=utcnow(), lease_until=None, payload=None)
            )

    async def release(self, update_id: int) -> None:
        async with self.session_factory.begin() as session:
            await session.execute(
                delete(ProcessedUpdate).where(
                    ProcessedUpdate.update_id == update_id,
                    ProcessedUpdate.owner == self.owner,
                    ProcessedUpdate.done.is_(False),
                )
            )

    async def pending(self) -> list[tuple[int, str]]:
        row = ProcessedUpdate
        async with self.session_factory() as session:
            rows = await session.execute(
                select(row.update_id, row.payload)
                .where(row.done.is_(False), row.payload.is_not(None))
                .order_by(row.update_id)
            )
            return [(update_id, payload) for update_id, payload in rows if payload]

    async def purge(self) -> None:
        async with self.session_factory.begin() as session:
            await session.execute(
                delete(ProcessedUpdate).where(
                    ProcessedUpdate.done.is_(True),
                    ProcessedUpdate.claimed_at < utcnow() - REMEMBER,
                )
            )


# KEYS: the claim keys of the batch, then the inbox hash; ARGV: owner, lease (ms), then
# the payloads. Claims what nobody claimed and stores those payloads; returns their ids'
# positions (1-based).
_ENQUEUE = """
local inbox = KEYS[#KEYS]
local won = {}
for i = 1, #KEYS - 1 do
  if redis.call('SET', KEYS[i], 'claim:' .. ARGV[1], 'NX', 'PX', ARGV[2]) then
    redis.call('HSET', inbox, KEYS[i], ARGV[i + 2])
    won[#won + 1] = i
  end
end
return won
"""
# Renew the claims that are still this owner's.
_RENEW = """
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == 'claim:' .. ARGV[1] then
    redis.call('PEXPIRE', KEYS[i], ARGV[2])
  end
end
return 0
"""
# Claim one update: won, done, or busy with the claim's remaining milliseconds.
_CLAIM = """
if redis.call('SET', KEYS[1], 'claim:' .. ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {'won', 0}
end
local value = redis.call('GET', KEYS[1])
if value == 'done' then return {'done', 0} end
if value == 'claim:' .. ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {'won', 0}
end
return {'busy', redis.call('PTTL', KEYS[1])}
"""
# Release one claim of this owner (and its inbox row).
_RELEASE = """
if redis.call('GET', KEYS[1]) == 'claim:' .. ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('HDEL', KEYS[2], KEYS[1])
end
return 0
"""


class RedisLedger(UpdateLedger):
    """The ledger in Redis: `<prefix>:<id>` is `claim:<owner>` with the lease as its TTL, or
    `done` for 25 h; the inbox is the hash `<prefix>:inbox` (claim key → update JSON)."""

    def __init__(
        self, redis: Any, prefix: str = "seminar-bot:update", lease: timedelta = LEASE
    ) -> None:
        super().__init__(lease)
        self.redis = redis
        self.prefix = prefix
        self.inbox = f"{prefix}:inbox"
        self._scripts = {
            name: redis.register_script(source)
            for name, source in (
                ("enqueue", _ENQUEUE),
                ("renew", _RENEW),
                ("claim", _CLAIM),
                ("release", _RELEASE),
            )
        }

    @property
    def _lease_ms(self) -> int:
        return int(self.lease.total_seconds() * 1000)

    def _key(self, update_id: int) -> str:
        return f"{self.prefix}:{update_id}"

    async def _claim(self, update_id: int) -> Outcome:
        state, ttl = await self._scripts["claim"](
            keys=[self._key(update_id)], args=[self.owner, self._lease_ms]
        )
        state = state.decode() if isinstance(state, bytes) else state
        if state == "won":
            return Outcome(Claim.WON)
        if state == "done":
            return Outcome(Claim.DONE)
        return Outcome(Claim.BUSY, max(0, int(ttl)) / 1000)

    async def _enqueue(self, batch: Sequence[tuple[int, str]]) -> set[int]:
        if not batch:
            return set()
        keys = [self._key(update_id) for update_id, _ in batch] + [self.inbox]
        args = [self.owner, self._lease_ms, *(payload for _, payload in batch)]
        positions = await self._scripts["enqueue"](keys=keys, args=args)
        return {batch[int(i) - 1][0] for i in positions}

    async def _renew(self, ids: Sequence[int]) -> None:
        await self._scripts["renew"](
            keys=[self._key(i) for i in ids], args=[self.owner, self._lease_ms]
        )

    async def _complete(self, ids: Sequence[int]) -> None:
        keys = [self._key(i) for i in ids]
        async with self.redis.pipeline(transaction=True) as pipe:
            for key in keys:
                pipe.set(key, "done", ex=int(REMEMBER.total_seconds()))
            pipe.hdel(self.inbox, *keys)
            await pipe.execute()

    async def release(self, update_id: int) -> None:
        await self._scripts["release"](keys=[self._key(update_id), self.inbox], args=[self.owner])

    async def pending(self) -> list[tuple[int, str]]:
        rows = await self.redis.hgetall(self.inbox)
        found = []
        for key, payload in rows.items():
            key = key.decode() if isinstance(key, bytes) else key
            payload = payload.decode() if isinstance(payload, bytes) else payload
            found.append((int(key.rsplit(":", 1)[1]), payload))
        return sorted(found)


def ledger_for(
    redis: Any,
    session_factory: async_sessionmaker[AsyncSession],
    lease_seconds: float = LEASE.total_seconds(),
) -> UpdateLedger:
    """Redis when the process uses Redis (`redis`, the client, else None), otherwise the
    database."""
    lease = timedelta(seconds=lease_seconds)
    if redis is not None:
        return RedisLedger(redis, lease=lease)
    return DatabaseLedger(session_factory, lease=lease)


def retry_after_header(outcome: Outcome) -> str:
    """`Retry-After` (whole seconds, at least 1) for a delivery that met a live claim."""
    return str(max(1, math.ceil(outcome.retry_after)))


def leased_redis_isolation(redis: Any, key_builder: Any, lease_seconds: float) -> Any:
    """aiogram's Redis event isolation with its per-user lock held as a lease.

    aiogram's lock lasts a fixed 60 s: after a crash the users whose updates were in hand
    waited a minute for their next reply (longer than the ledger's lease), and a handler
    running longer lost its lock. Here the lock lasts `lease_seconds` and is renewed every
    quarter of it while the handler runs.
    """
    from aiogram.fsm.storage.redis import RedisEventIsolation
    from redis.asyncio.lock import Lock
    from redis.exceptions import LockError

    class LeasedRedisEventIsolation(RedisEventIsolation):
        @contextlib.asynccontextmanager
        async def lock(self, key: Any) -> Any:
            name = self.key_builder.build(key, "lock")
            async with self.redis.lock(name=name, timeout=lease_seconds, lock_class=Lock) as held:
                renewing = asyncio.create_task(self._renew(held))
                try:
                    yield None
                finally:
                    renewing.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await renewing

        @staticmethod
        async def _renew(held: Lock) -> None:
            while True:
                await asyncio.sleep(lease_seconds / 4)
                try:
                    await held.reacquire()
                except LockError:
                    log.warning("an event isolation lock was lost while held")
                    return

    return LeasedRedisEventIsolation(redis=redis, key_builder=key_builder)
