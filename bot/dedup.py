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
completion; claims (webhook requests) and completions that come while one is being
written share the next transaction (group commit), each still waiting for its own to be
durable. `bench/ledger_bench.py`
measures it.

Redis holds the ledger when `REDIS_URL` is set (a key per update with a TTL as the lease;
the inbox a hash), otherwise the `processed_updates` table (an `INSERT ... ON CONFLICT DO
NOTHING` claims, an `UPDATE` with the lease in its `WHERE` takes over). aiogram has
nothing of this (its webhook handler answers before handling, its polling confirms a
batch by the next request whatever became of it), hence our own.

The protocol is in bot/ledger.py, the two ledgers in bot/ledger_db.py and
bot/ledger_redis.py; this module picks one (`ledger_for`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.ledger import LEASE, Outcome, UpdateLedger
from bot.ledger_db import DatabaseLedger
from bot.ledger_redis import RedisLedger

log = logging.getLogger(__name__)


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
