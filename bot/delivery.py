"""The delivery engine: sends broadcasts from stored delivery rows at Telegram's pace.

Over 500 lines because the engine is one class whose parts (claiming, pacing, sending,
recording outcomes, progress) share its state; its helpers live in delivery_progress.py
and engine_bot.py.

Every (broadcast, recipient) is a row of `deliveries`. The engine claims pending rows,
sends, and records each outcome at once, so a crash or restart resumes from the rows:
nothing is lost, and only a message in flight at the moment of the crash (its outcome
not yet written) can be sent a second time.

Pace and faults
- A global token bucket at an adaptive pace (`bot.pace`: `BROADCAST_RATE`, default 25
  messages/s, is the ceiling; a 429 against a lower limit cuts the pace, which climbs
  back; one second of burst) and at most one message per 1.1 s to the same chat (a row
  whose chat is busy goes after the rest of its batch, its turn there reserved). With
  Redis the bucket, the pace, the 429 pause and the chats' turns live there
  (`RedisRateLimiter`), so replicas together keep to the same limit.
- Replicas share a broadcast: each claims batches of rows (`FOR UPDATE SKIP LOCKED` on
  PostgreSQL) marked with its id; the claims of a replica that died go back to the queue.
- Replies in dialogs keep priority: the bot that answers updates carries `InteractiveTap`,
  which takes a token for each of its sends without waiting (the bucket may go into
  debt), so a running broadcast slows down by exactly what the dialogs use.
- HTTP 429 pauses *every* send of the process for `retry_after`: the engine shares the
  `FloodGate` of the dialogs' `RetryMiddleware`, so a 429 seen by either side stops both.
  The engine's own bot has no retry middleware: it decides itself (a 429 puts the row
  back to pending, so nothing is sent twice by a hidden retry); when a pause ends, the
  dialogs go first.
- 403 (blocked, deactivated) marks the user inactive (`users.blocked_at`) and is not
  retried; 5xx and network errors are retried with exponential backoff, then the row
  fails; other 400s fail at once.
- At most `window` sends are in flight (`in_flight_window`: the burst after a pause
  needs overlap); a crash re-sends those whose outcome was not yet written.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterable
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery_progress import _Progress, format_eta
from bot.limiter import InteractiveTap, RateLimiter
from bot.telegram_session import FloodGate, RetryMiddleware
from core.event import Event
from core.i18n import I18n
from services.broadcast_texts import build_parts, cancel_markup, progress_text
from storage.models.base import utcnow
from storage.models.delivery import Broadcast, BroadcastState
from storage.repositories.broadcasts import BroadcastRepo, Claimed, backoff

log = logging.getLogger(__name__)

MAX_TEXT = 4096

CLAIM_SECONDS = 2
"""Rows claimed at once, in seconds of sending: claimed rows wait in memory (a crash puts
them back), broadcasts take turns batch by batch, and replicas share a broadcast."""
SWEEP_SECONDS = 15.0


def in_flight_window(rate: float) -> int:
    """How many sends may be in flight at once: about a second's worth less one.

    The burst after a 429 pause (the bucket refilled meanwhile) must go out at once, or
    the tokens that could not be spent are lost when the bucket is full again. A message
    in flight has an unknown outcome and a crash sends it again: at 2 messages/s or less
    this keeps it to the one message in flight."""
    return max(1, math.ceil(rate) - 1)


"""How often the claims of replicas that died are put back (with `live_owners`)."""


# --------------------------------------------------------------------------- the engine


class DeliveryEngine:
    """Claims delivery rows, sends them at the allowed pace, records the outcomes."""

    def __init__(
        self,
        *,
        bot: Bot,
        session_factory: async_sessionmaker[AsyncSession],
        i18n: I18n,
        seminar: Event | None = None,
        rate: float = 25.0,
        window: int | None = None,
        gate: FloodGate | None = None,
        max_attempts: int = 5,
        poll_interval: float = 2.0,
        progress_every: float = 3.0,
        priority_delay: float = 0.003,
        backoff_base: float = 1.0,
        limiter: RateLimiter | None = None,
        owner: str | None = None,
        live_owners: Callable[[], Awaitable[Iterable[str]]] | None = None,
    ) -> None:
        """`owner`: this process's id (`replicas.id`), written on the rows it claims;
        `live_owners`: the ids of the other live replicas sharing the database — with it,
        the claims of a replica that died are put back every `SWEEP_SECONDS`."""
        self.bot = bot
        self.session_factory = session_factory
        self.i18n = i18n
        self.seminar = seminar
        self.rate = rate
        self.window = window or in_flight_window(rate)
        self.gate = gate or FloodGate()
        self.max_attempts = max_attempts
        self.poll_interval = poll_interval
        self.progress_every = progress_every
        self.priority_delay = priority_delay
        self.backoff_base = backoff_base
        self.limiter = limiter or RateLimiter(rate)
        self.owner = owner or str(uuid.uuid4())
        self.live_owners = live_owners
        self._swept = time.monotonic()
        self.stats: dict[str, int] = {
            "sent": 0,
            "blocked": 0,
            "failed": 0,
            "retry_after": 0,
            "slowed": 0,
        }
        self._slots = asyncio.Semaphore(self.window)
        self._db_lock = asyncio.Lock()
        self._writes: list[tuple[str, tuple[Any, ...], dict[str, Any], asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._stopped = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self._progress_task: asyncio.Task[None] | None = None
        self._inflight: set[asyncio.Task[None]] = set()
        self._waiting: set[int] = set()  # claimed, not yet handed to a send task
        self._content: dict[int, Broadcast] = {}
        self._cancelled: set[int] = set()
        self._active_checked = 0.0
        self._served: dict[int, float] = {}  # broadcast id -> when it last got a batch
        self._others_waiting = False
        self._checking: asyncio.Task[None] | None = None
        self._next: asyncio.Task[list[Claimed]] | None = None  # the next batch, claimed early
        self._progress: dict[int, _Progress] = {}

    @contextlib.asynccontextmanager
    async def _db(self) -> AsyncIterator[AsyncSession]:
        """A session for the engine's writes, one at a time: concurrent SQLite writers
        would wait on each other's locks (busy timeouts) instead of taking turns."""
        async with self._db_lock, self.session_factory() as session:
            yield session

    # ------------------------------------------------------------------ wiring

    def attach(self, interactive: Bot) -> None:
        """Share the dialogs' flood gate and give their sends priority."""
        for middleware in interactive.session.middleware:
            if isinstance(middleware, RetryMiddleware):
                self.gate = middleware.gate
            if isinstance(middleware, InteractiveTap):
                middleware.limiter = self.limiter
                return
        interactive.session.middleware(InteractiveTap(self.limiter))

    def wake(self) -> None:
        """New work is stored: look now instead of at the next poll."""
        self._active_checked = 0.0
        self._wake.set()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def start(self) -> None:
        if self.running:
            return
        self._stopping = False
        self._stopped.clear()
        keep = list(await self.live_owners()) if self.live_owners is not None else []
        async with self._db() as session:
            reset = await BroadcastRepo(session).reset_claims(keep=keep)
            await session.commit()
        if reset:
            log.warning(
                "delivery: %d claimed message(s) had no recorded outcome: queued again "
                "(one that had already gone out is sent twice)",
                reset,
            )
        self._task = asyncio.create_task(self._run(), name="delivery-engine")
        self._progress_task = asyncio.create_task(self._progress_loop(), name="delivery-progress")

    async def stop(self, grace: float = 15.0) -> None:
        """Stop claiming, let sends in flight finish, put unsent claims back.

        Tasks are asked to finish rather than cancelled, so that no database session is
        interrupted halfway; only what is still running after `grace` is cancelled.
        """
        self._stopping = True
        self._wake.set()
        self._stopped.set()
        tasks = [t for t in (self._task, self._progress_task) if t is not None]
        _, pending = await asyncio.wait(tasks, timeout=grace) if tasks else (set(), set())
        if pending:
            log.warning("delivery: stopping took longer than %.0f s", grace)
        for task in [*pending, *self._inflight]:
            task.cancel()
        for task in [*pending, *list(self._inflight)]:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._next is not None:  # a batch claimed early: its rows are put back below
            with contextlib.suppress(Exception):
                await self._next
            self._next = None
        if self._writer is not None:
            with contextlib.suppress(Exception):
                await self._writer
        with contextlib.suppress(Exception):
            async with self._db() as session:
                await BroadcastRepo(session).reset_claims(owner=self.owner)
                await session.commit()
        self._task = self._progress_task = None

    async def close(self) -> None:
        await self.stop()
        await self.bot.session.close()

    async def drain(self, within: float = 60.0) -> bool:
        """Wait until nothing is left to send (tests and the benchmark)."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if not self._inflight and not self._waiting and not self._writes:
                async with self._db() as session:
                    if not await BroadcastRepo(session).active_ids():
                        return True
            await asyncio.sleep(0.05)
        return False

    # ------------------------------------------------------------------ the loop

    async def _idle(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)
        self._wake.clear()

    async def _run(self) -> None:
        while not self._stopping:
            try:
                await self._sweep()
                worked, next_in = await self._pump()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("delivery: the send loop failed; retrying")
                worked, next_in = False, self.poll_interval
            if not worked and not self._stopping:
                await self._idle(min(self.poll_interval, next_in))
        if self._inflight:
            await asyncio.gather(*list(self._inflight), return_exceptions=True)

    async def _sweep(self) -> None:
        """Put back the claims of replicas that died (their heartbeat went stale)."""
        if self.live_owners is None or time.monotonic() - self._swept < SWEEP_SECONDS:
            return
        self._swept = time.monotonic()
        keep = [*await self.live_owners(), self.owner]
        async with self._db() as session:
            reset = await BroadcastRepo(session).reset_claims(keep=keep)
            await session.commit()
        if reset:
            log.warning(
                "delivery: %d message(s) claimed by a replica that stopped: queued again", reset
            )

    async def _pump(self) -> tuple[bool, float]:
        """Claim and send one batch of a broadcast that has work due now; broadcasts take
        turns, so a reminder does not wait behind a long broadcast."""
        async with self._db() as session:
            repo = BroadcastRepo(session)
            active = await repo.active_ids()
        next_in = self.poll_interval
        # Turns: a broadcast not yet started first (oldest first: they start in the order
        # they were composed), then the one that waited longest for a batch.
        active.sort(key=lambda b: (self._served.get(b, -math.inf), b))
        prefetched = await self._prefetched()
        if prefetched:
            await self._dispatch(prefetched)
            return True, 0.0
        for broadcast_id in active:
            claimed = await self._claim(broadcast_id)
            if not claimed:
                await self._maybe_finish(broadcast_id)
                async with self._db() as session:
                    retry_at = await BroadcastRepo(session).next_retry_at(broadcast_id)
                if retry_at is not None:
                    next_in = min(next_in, max(0.05, (retry_at - utcnow()).total_seconds()))
                continue
            await self._dispatch(claimed)
            return True, 0.0
        return False, next_in

    async def _claim(self, broadcast_id: int) -> list[Claimed]:
        # A few seconds' worth, so that a burst after a pause rarely waits for a claim.
        batch_size = max(self.window, math.ceil(self.rate * CLAIM_SECONDS))
        async with self._db() as session:
            claimed = await BroadcastRepo(session).claim(
                broadcast_id, batch_size, utcnow(), self.owner
            )
            await session.commit()
        return claimed

    def _prefetch(self, broadcast_id: int) -> None:
        """Claim the next batch while this one is still being sent (one broadcast only:
        with several they take turns), so that sending does not stop for the database."""
        if self._next is None and not self._others_waiting and not self._stopping:
            self._next = asyncio.create_task(self._claim(broadcast_id))

    async def _prefetched(self) -> list[Claimed]:
        task, self._next = self._next, None
        if task is None:
            return []
        try:
            return await task
        except Exception:
            log.exception("delivery: claiming the next batch failed")
            return []

    async def _dispatch(self, claimed: list[Claimed]) -> None:
        """Send a claimed batch in order, except that a row whose chat had a message less
        than `per_chat` ago goes after the others (with its turn in that chat reserved):
        one busy chat (an organiser using the bot) never holds up the whole batch."""
        self._waiting.update(c.id for c in claimed)
        prefetch_at = max(0, len(claimed) - self.window)
        queue: deque[Claimed] = deque(claimed)
        later: deque[Claimed] = deque()
        sent = 0
        try:
            for broadcast_id in {c.broadcast_id for c in claimed}:
                await self._broadcast(broadcast_id)  # load once, not in every send task
                self._served[broadcast_id] = time.monotonic()
            turn = max(self.window, math.ceil(self.rate * 2))
            while queue or later:
                if self._stopping:
                    break
                if sent == prefetch_at:
                    self._prefetch(claimed[0].broadcast_id)
                if sent >= turn and self._others_waiting:
                    break  # another broadcast's turn; `finally` releases the rest
                deferred = not queue
                row = later.popleft() if deferred else queue.popleft()
                if not await self._still_sending(row.broadcast_id):
                    continue  # cancelled meanwhile: `finally` releases the row
                if deferred:
                    # Its turn in the chat is reserved; it waits for it on its own.
                    delay = await self.limiter.reserve_chat(row.user_id)
                    self._waiting.discard(row.id)
                    sent += 1
                    self._spawn(self._deliver_after(row, delay))
                    continue
                if await self.limiter.try_chat(row.user_id) > 0:
                    later.append(row)
                    continue
                await self._slots.acquire()
                try:
                    # Not during a 429 pause: the bucket fills up (to its capacity) and the
                    # pause ends with one burst, as Telegram's own bucket allows.
                    await self._wait_gate()
                    await self.limiter.take()
                except BaseException:
                    self._slots.release()
                    raise
                self._waiting.discard(row.id)
                sent += 1
                self._spawn(self._deliver(row, first_token=True))
        finally:
            if self._waiting:
                left = list(self._waiting)
                self._waiting.clear()
                async with self._db() as session:
                    await BroadcastRepo(session).release(left)
                    await session.commit()

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(coro)
        self._inflight.add(task)
        task.add_done_callback(self._inflight.discard)

    async def _deliver_after(self, row: Claimed, delay: float) -> None:
        """A row whose chat was busy: its turn there is reserved `delay` from now."""
        await asyncio.sleep(delay)
        await self._slots.acquire()
        try:
            await self._wait_gate()
            await self.limiter.take()
        except BaseException:
            self._slots.release()
            raise
        await self._deliver(row, first_token=True)

    async def _still_sending(self, broadcast_id: int) -> bool:
        """False once the broadcast was cancelled (looked up at most every half second)."""
        if broadcast_id in self._cancelled:
            return False
        now = time.monotonic()
        if now - self._active_checked > 0.5 and (self._checking is None or self._checking.done()):
            # Looked up beside the sending, not in its way (a burst after a pause must not
            # wait for the database).
            self._active_checked = now
            self._checking = asyncio.create_task(self._check_active())
        return broadcast_id not in self._cancelled

    async def _check_active(self) -> None:
        try:
            async with self._db() as session:
                active = set(await BroadcastRepo(session).active_ids())
        except Exception:
            log.exception("delivery: could not look up the active broadcasts")
            return
        self._cancelled.update(b for b in self._content if b not in active)
        self._others_waiting = len(active) > 1

    def cancelled(self, broadcast_id: int) -> None:
        """A broadcast was cancelled in this process: stop its claimed rows at once, and
        redraw its progress once the sends still in flight have landed."""
        self._cancelled.add(broadcast_id)
        task = asyncio.create_task(self._final_progress(broadcast_id))
        self._inflight.add(task)
        task.add_done_callback(self._inflight.discard)

    async def _final_progress(self, broadcast_id: int) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopped.wait(), 2.0)
        with contextlib.suppress(Exception):
            await self._update_progress(broadcast_id, final=True)

    async def _wait_gate(self) -> bool:
        """Wait out a 429 pause, if there is one; True if there was."""
        if self.gate.remaining <= 0:
            return False
        await self.gate.wait()
        # The pause is over: the dialogs' replies waiting on the same gate go first.
        await asyncio.sleep(self.priority_delay)
        await self.gate.wait()
        return True

    async def _broadcast(self, broadcast_id: int) -> Broadcast | None:
        cached = self._content.get(broadcast_id)
        if cached is None:
            async with self._db() as session:
                cached = await session.get(Broadcast, broadcast_id)
            if cached is not None:
                self._content[broadcast_id] = cached
        return cached

    async def _deliver(self, row: Claimed, *, first_token: bool) -> None:
        try:
            await self._deliver_parts(row, first_token)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("delivery %s: unexpected error", row.id)
            attempts = row.attempts + 1
            with contextlib.suppress(Exception):
                await self._record(
                    "record_retry",
                    row.id,
                    attempts=attempts,
                    at=utcnow() + backoff(attempts, self.backoff_base),
                    error="internal error",
                )
        finally:
            self._slots.release()

    async def _record(self, action: str, *args: Any, **kwargs: Any) -> None:
        """Write one outcome (`BroadcastRepo.<action>`) now; returns once it is committed.

        Group commit: outcomes that arrive while a transaction is being written go into
        the next one together (nothing is held back on purpose), so the write rate keeps
        up with bursts while each outcome is stored as soon as the database allows.
        """
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._writes.append((action, args, kwargs, future))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_outcomes(), name="delivery-writer")
        await future

    async def _write_outcomes(self) -> None:
        while self._writes:
            batch, self._writes = self._writes, []
            try:
                async with self._db() as session:
                    repo = BroadcastRepo(session)
                    for action, args, kwargs, _ in batch:
                        await getattr(repo, action)(*args, **kwargs)
                    await session.commit()
            except Exception as exc:
                for *_, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for *_, future in batch:
                if not future.done():
                    future.set_result(None)

    async def _deliver_parts(self, row: Claimed, first_token: bool) -> None:
        broadcast = await self._broadcast(row.broadcast_id)
        if broadcast is None:
            return
        parts = build_parts(broadcast, row.language, self.i18n, self.seminar)
        step = row.step
        message_id: int | None = None
        while step < len(parts):
            if not first_token:
                await self.limiter.acquire(row.user_id)
            first_token = False
            while await self._wait_gate():
                # A token taken before a pause has lapsed: the bucket refilled meanwhile,
                # and the burst after the pause must not exceed it. (The chat's turn holds.)
                await self.limiter.acquire()
            # Nothing between the gate check and the request.
            self.limiter.stamp(row.user_id)
            sent_at = self.limiter.clock()
            try:
                message = await parts[step].send(self.bot, row.user_id)
            except TelegramRetryAfter as exc:
                # Not sent: pause everybody, and the row goes back to the queue as it was.
                # The pause counts from the answer, not from when Telegram decided (which
                # may be up to a round trip earlier): never too early.
                self.stats["retry_after"] += 1
                self.gate.pause(exc.retry_after)
                if await self.limiter.limited(sent_at, exc.retry_after):
                    self.stats["slowed"] += 1
                    log.warning(
                        "delivery: 429, pausing every send for %s s; pace now %.1f/s",
                        exc.retry_after,
                        self.limiter.current_rate(),
                    )
                else:
                    log.warning("delivery: 429, pausing every send for %s s", exc.retry_after)
                await self._record(
                    "record_retry", row.id, attempts=row.attempts, at=None, error=None
                )
                self.wake()  # queued again: not left for the next poll (seconds away)
                return
            except TelegramForbiddenError as exc:
                self.limiter.accepted()
                self.stats["blocked"] += 1
                await self._record("record_blocked", row.id, row.user_id, exc.message)
                return
            except TelegramEntityTooLarge as exc:
                self.limiter.accepted()
                self.stats["failed"] += 1
                await self._record("record_failed", row.id, exc.message, attempts=row.attempts + 1)
                return
            except (TelegramServerError, TelegramNetworkError, ClientDecodeError) as exc:
                await self._transient(row, getattr(exc, "message", None) or repr(exc))
                return
            except TelegramAPIError as exc:  # 400 and the like: retrying will not help
                self.limiter.accepted()
                self.stats["failed"] += 1
                await self._record("record_failed", row.id, exc.message, attempts=row.attempts + 1)
                return
            self.limiter.accepted()
            step += 1
            if message_id is None:
                message_id = message.message_id
            if step < len(parts):
                await self._record("record_step", row.id, step, message_id)
        self.stats["sent"] += 1
        await self._record("record_sent", row.id, step, message_id)

    async def _transient(self, row: Claimed, error: str) -> None:
        """5xx or a network error: try again later with backoff, then give up."""
        attempts = row.attempts + 1
        if attempts >= self.max_attempts:
            self.stats["failed"] += 1
            log.warning("delivery %s: giving up after %d tries: %s", row.id, attempts, error)
            await self._record("record_failed", row.id, error, attempts=attempts)
            return
        at = utcnow() + backoff(attempts, self.backoff_base)
        await self._record("record_retry", row.id, attempts=attempts, at=at, error=error)
        self.wake()

    async def _maybe_finish(self, broadcast_id: int) -> None:
        # Rows in flight are still `sending` in the database, so `finish` waits for them.
        async with self._db() as session:
            finished = await BroadcastRepo(session).finish(broadcast_id)
            await session.commit()
        if finished:
            log.info("delivery: broadcast %s finished", broadcast_id)
            await self._update_progress(broadcast_id, final=True)
            self._content.pop(broadcast_id, None)
            self._progress.pop(broadcast_id, None)
            self._served.pop(broadcast_id, None)

    # ------------------------------------------------------------------ progress

    async def _progress_loop(self) -> None:
        while not self._stopping:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopped.wait(), self.progress_every)
            if self._stopping:
                return
            try:
                async with self._db() as session:
                    active = await BroadcastRepo(session).active_ids()
                for broadcast_id in active:
                    await self._update_progress(broadcast_id)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("delivery: progress update failed")

    async def refresh_progress(self, broadcast_id: int) -> None:
        """Redraw a progress message now (after a cancel, for instance)."""
        await self._update_progress(broadcast_id, final=True)

    async def _update_progress(self, broadcast_id: int, *, final: bool = False) -> None:
        async with self._db() as session:
            repo = BroadcastRepo(session)
            broadcast = await repo.get(broadcast_id)
            if broadcast is None or not broadcast.progress_message_id:
                return
            counts = await repo.counts(broadcast_id)
        assert broadcast.progress_chat_id is not None
        progress = self._progress.setdefault(broadcast_id, _Progress())
        now = time.monotonic()
        progress.samples.append((now, counts.done))
        eta = format_eta(counts.pending / max(0.1, progress.rate(self.rate)))
        text = progress_text(self.i18n, broadcast.progress_lang, broadcast, counts, eta)
        if text == progress.last_text:
            return
        sending = broadcast.state == BroadcastState.SENDING
        markup = (
            cancel_markup(self.i18n, broadcast.progress_lang, broadcast_id) if sending else None
        )
        if final:
            await self.limiter.acquire(broadcast.progress_chat_id)
        elif await self.limiter.try_chat(broadcast.progress_chat_id) > 0:
            return  # the chat is busy: redrawn at the next round, not ahead of messages
        else:
            await self.limiter.take()
        await self._wait_gate()
        sent_at = self.limiter.clock()
        try:
            await self.bot.edit_message_text(
                text=text,
                chat_id=broadcast.progress_chat_id,
                message_id=broadcast.progress_message_id,
                reply_markup=markup,
            )
        except TelegramRetryAfter as exc:
            self.gate.pause(exc.retry_after)
            await self.limiter.limited(sent_at, exc.retry_after)
            return
        except TelegramAPIError as exc:
            if "not modified" not in exc.message:
                log.info("delivery: progress of %s not shown: %s", broadcast_id, exc.message)
        progress.last_text = text
        progress.last_edit = now
