"""The update ledger's protocol: claims with a lease, the outcome of a claim, and the
abstract ledger with its lease renewer (bot/dedup.py tells the whole design).

A module of its own so that the database and Redis ledgers (bot/ledger_db.py,
bot/ledger_redis.py) and `bot.dedup.ledger_for`, which picks one, import it without
a cycle.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import uuid
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

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
