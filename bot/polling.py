"""Long polling that acknowledges an update to Telegram only once it is durably queued.

aiogram's `Dispatcher.start_polling` confirms a batch by the offset of its next
`getUpdates`, which it sends while the batch is still being handled as tasks: a process
that dies then loses updates Telegram believes delivered, and a batch served again is
handled twice (it keeps no ledger). This loop, in its place:

1. on start, handles what the inbox still holds (updates a dead process had fetched but
   not finished), each once its old claim has expired;
2. fetches a batch, stores it in the inbox of the update ledger with this process's claims
   (one transaction for the batch, bot/dedup.py), and only then moves the offset past it;
3. handles each update as a task (at most `concurrency` at once; the dispatcher's event
   isolation still orders one user's updates) and completes it in the ledger. An update
   seen before is skipped when done, or waited on while another claim is live.

The rest mirrors aiogram's loop: backoff after a failed request, SIGTERM/SIGINT stop it
(what is being handled finishes, within `grace`), the dispatcher's startup and shutdown
events. `last_poll_ok` is the monotonic time of the last successful `getUpdates` (0.0
before the first), for a health check.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.types import Update
from aiogram.utils.backoff import Backoff, BackoffConfig

from bot.ledger import Claim, UpdateLedger

log = logging.getLogger(__name__)

BACKOFF = BackoffConfig(min_delay=1.0, max_delay=5.0, factor=1.3, jitter=0.1)
WAIT_ON_CLAIM = 1.0  # how often an update another process holds is looked at again


class Poller:
    def __init__(
        self,
        dp: Dispatcher,
        bot: Bot,
        ledger: UpdateLedger,
        *,
        concurrency: int,
        allowed_updates: list[str] | None = None,
        polling_timeout: int = 10,
        grace: float = 25.0,
    ) -> None:
        self.dp, self.bot, self.ledger = dp, bot, ledger
        self.allowed_updates = allowed_updates
        self.polling_timeout = polling_timeout
        self.grace = grace
        self.last_poll_ok = 0.0
        self.offset: int | None = None
        self._slots = asyncio.Semaphore(concurrency)
        self._tasks: set[asyncio.Task[None]] = set()
        self._waiting: set[asyncio.Task[None]] = set()
        self._active: set[int] = set()  # update ids with a task in this process
        self._stop = asyncio.Event()
        workflow: dict[str, Any] = {"dispatcher": dp, "bots": (bot,), **dp.workflow_data}
        workflow.pop("bot", None)
        self._workflow = workflow

    def stop(self) -> None:
        self._stop.set()

    async def run(self) -> None:
        """Poll until `stop()` or a signal; returns once the updates in hand are finished."""
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.stop)
        await self.dp.emit_startup(bot=self.bot, **self._workflow)
        try:
            await self._recover()
            fetching = asyncio.create_task(self._fetch(), name="get-updates")
            stopping = asyncio.create_task(self._stop.wait())
            done, _ = await asyncio.wait({fetching, stopping}, return_when=asyncio.FIRST_COMPLETED)
            for task in (fetching, stopping):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            if fetching in done:
                fetching.result()
        finally:
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(sig)
            await self._finish()
            await self.dp.emit_shutdown(bot=self.bot, **self._workflow)

    async def _recover(self) -> None:
        try:
            rows = await self.ledger.pending()
        except Exception:
            log.exception("reading the update inbox failed")
            return
        if rows:
            log.info("%d update(s) fetched before the restart and not handled: handling", len(rows))
        for update_id, payload in rows:
            try:
                update = Update.model_validate_json(payload, context={"bot": self.bot})
            except ValueError:
                log.exception("update %s in the inbox is unreadable; dropped", update_id)
                await self.ledger.complete(update_id)
                continue
            self._spawn(update, claimed=False)

    async def _fetch(self) -> None:
        backoff = Backoff(BACKOFF)
        request = GetUpdates(timeout=self.polling_timeout, allowed_updates=self.allowed_updates)
        kwargs: dict[str, Any] = {}
        if self.bot.session.timeout:
            kwargs["request_timeout"] = int(self.bot.session.timeout + self.polling_timeout)
        failed = False
        while True:
            request.offset = self.offset
            try:
                updates = await self.bot(request, **kwargs)
                self.last_poll_ok = time.monotonic()
                if not updates:
                    continue
                won = await self.ledger.enqueue([(u.update_id, _json(u)) for u in updates])
            except Exception as exc:  # the next request asks for the same batch again
                failed = True
                log.error("getUpdates or queueing a batch failed: %s: %s", type(exc).__name__, exc)
                await backoff.asleep()
                continue
            if failed:
                log.info("getUpdates works again")
                backoff.reset()
                failed = False
            # A batch Telegram serves again may hold only old ids: the offset never goes back.
            self.offset = max(self.offset or 0, max(u.update_id for u in updates) + 1)
            for update in updates:
                if update.update_id in self._active:
                    log.info("update %s is already being handled here; skipped", update.update_id)
                    continue
                claimed = update.update_id in won
                if claimed:
                    await self._slots.acquire()
                self._spawn(update, claimed=claimed)

    def _spawn(self, update: Update, *, claimed: bool) -> None:
        self._active.add(update.update_id)
        task = asyncio.create_task(self._handle(update, claimed), name=f"update-{update.update_id}")
        self._tasks.add(task)
        if not claimed:
            self._waiting.add(task)

        def forget(done: asyncio.Task[None]) -> None:
            self._tasks.discard(done)
            self._waiting.discard(done)
            self._active.discard(update.update_id)

        task.add_done_callback(forget)

    async def _handle(self, update: Update, claimed: bool) -> None:
        if not claimed:
            if not await self._wait_for_claim(update.update_id):
                return  # handled by another process
            self._waiting.discard(asyncio.current_task())
            await self._slots.acquire()
        try:
            await self._process(update)
        finally:
            self._slots.release()

    async def _wait_for_claim(self, update_id: int) -> bool:
        """Claim an update seen before: True when won, False when it is done."""
        while True:
            try:
                outcome = await self.ledger.claim(update_id)
            except Exception:
                log.exception("claiming update %s failed", update_id)
            else:
                if outcome.claim is Claim.WON:
                    return True
                if outcome.claim is Claim.DONE:
                    log.info("update %s was already handled; skipped", update_id)
                    return False
            await asyncio.sleep(WAIT_ON_CLAIM)

    async def _process(self, update: Update) -> None:
        try:
            response = await self.dp.feed_update(self.bot, update, **self._workflow)
            if isinstance(response, TelegramMethod):
                await self.dp.silent_call_request(self.bot, response)
        except Exception:  # as aiogram: logged, and not handled again (it would fail again)
            log.exception("handling update %s failed", update.update_id)
        try:
            await self.ledger.complete(update.update_id)
        except Exception:  # its claim expires; the next start handles it again
            log.exception("marking update %s handled failed", update.update_id)

    async def _finish(self) -> None:
        for task in list(self._waiting):
            task.cancel()
        if not self._tasks:
            return
        log.info("waiting for %d update(s) in hand", len(self._tasks))
        _done, pending = await asyncio.wait(set(self._tasks), timeout=self.grace)
        if pending:
            log.warning("%d update(s) unfinished; the next start handles them", len(pending))


def _json(update: Update) -> str:
    return update.model_dump_json(exclude_unset=True, by_alias=True)
