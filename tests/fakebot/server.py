"""`FakeBotAPI`: its state, start/stop (async or in a thread) and configuration
(faults, rate limit, blocked users, latency, held methods, webhook delivery).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from aiohttp import web

from tests.fakebot.common import (
    _DEFAULT_DESCRIPTIONS,
    BOT_FIRST_NAME,
    BOT_ID,
    BOT_USERNAME,
    Call,
    FakeTelegramError,
    _chat_key,
)
from tests.fakebot.methods import BotMethods
from tests.fakebot.store import Store
from tests.fakebot.transport import Transport
from tests.fakebot.users import UserSimulation
from tests.fakebot.waiting import Waiting


class FakeBotAPI(UserSimulation, Waiting, Transport, Store, BotMethods):
    """A fake Telegram Bot API server (see the module docstring)."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        strict_html_ampersand: bool = True,
        bot_id: int = BOT_ID,
        bot_username: str = BOT_USERNAME,
        bot_first_name: str = BOT_FIRST_NAME,
    ) -> None:
        self.host = host
        self.port = port
        self.strict_html_ampersand = strict_html_ampersand
        self.bot_user: dict[str, Any] = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }

        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self._async_waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()

        self._calls: list[Call] = []
        self._mark = 0
        self.server_errors: list[str] = []  # tracebacks of bugs in the fake's handlers

        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 1
        self._poll_generation = 0

        self._chats: dict[int | str, dict[str, Any]] = {}
        self._users: dict[int, dict[str, Any]] = {}
        self._messages: dict[int | str, dict[int, dict[str, Any]]] = {}
        self._next_message_id: dict[int | str, int] = {}
        self._callback_ids: set[str] = set()
        self._answered_callbacks: dict[str, dict[str, Any]] = {}
        self._callback_counter = 0

        self._files: dict[str, dict[str, Any]] = {}
        self._file_counter = 0

        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._webhook_url = ""
        self._custom_handlers: dict[str, Callable[[dict[str, Any]], Any]] = {}

        self._failures: dict[str, deque[FakeTelegramError]] = {}
        self._rate: float | None = None
        self._tokens = 0.0
        self._tokens_at = 0.0
        self._blocked: set[int | str] = set()
        self._latency = 0.0
        self._held_methods: set[str] = set()
        self._held: list[dict[str, Any]] = []  # requests waiting in hold(): method, outcome
        self._redelivered: list[dict[str, Any]] = []
        self._answer_delay = 0.0

        self._closing = False
        self._runner: web.AppRunner | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._thread_loop: asyncio.AbstractEventLoop | None = None

    # ------------------------------------------------------------------ lifecycle

    @property
    def base_url(self) -> str:
        if self._runner is None:
            raise RuntimeError("FakeBotAPI is not started")
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        """Start serving in the running event loop."""
        if self._runner is not None:
            raise RuntimeError("FakeBotAPI is already started")
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        runner = web.AppRunner(
            app, access_log=None, shutdown_timeout=1.0, handler_cancellation=True
        )
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        self.port = runner.addresses[0][1]
        self._closing = False
        self._loop = asyncio.get_running_loop()
        self._runner = runner

    async def stop(self) -> None:
        """Stop serving; pending long polls are answered with an empty list first."""
        runner = self._runner
        if runner is None:
            return
        with self._lock:
            self._closing = True
            self._notify()
        await runner.cleanup()
        self._runner = None
        self._loop = None

    async def __aenter__(self) -> FakeBotAPI:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def start_in_thread(self, timeout: float = 10.0) -> str:
        """Run the server in a background thread with its own event loop; returns base_url."""
        if self._thread is not None:
            raise RuntimeError("FakeBotAPI thread is already running")
        started = threading.Event()
        failure: list[BaseException] = []
        loop = asyncio.new_event_loop()

        def run() -> None:
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self.start())
            except BaseException as exc:  # reported to the starting thread
                failure.append(exc)
                started.set()
                loop.close()
                return
            started.set()
            try:
                loop.run_forever()
            finally:
                with contextlib.suppress(Exception):
                    loop.run_until_complete(self.stop())
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.run_until_complete(loop.shutdown_default_executor())
                loop.close()

        thread = threading.Thread(target=run, name="FakeBotAPI", daemon=True)
        thread.start()
        if not started.wait(timeout):
            raise RuntimeError("FakeBotAPI thread did not start in time")
        if failure:
            thread.join()
            raise failure[0]
        self._thread = thread
        self._thread_loop = loop
        return self.base_url

    def stop_thread(self, timeout: float = 10.0) -> None:
        """Stop a server started with :meth:`start_in_thread`."""
        thread = self._thread
        loop = self._thread_loop
        if thread is None or loop is None:
            return
        future = asyncio.run_coroutine_threadsafe(self.stop(), loop)
        future.result(timeout)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout)
        self._thread = None
        self._thread_loop = None

    def __enter__(self) -> FakeBotAPI:
        self.start_in_thread()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop_thread()

    # ------------------------------------------------------------------ configuration

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: int = 1,
        description: str | None = None,
        count: int = 1,
    ) -> None:
        """Answer the next ``count`` calls of ``method`` (``"*"``: any method except getUpdates)
        with an error. 429 carries ``parameters.retry_after``."""
        parameters: dict[str, Any] | None = None
        if status == 429:
            parameters = {"retry_after": retry_after}
            description = description or f"Too Many Requests: retry after {retry_after}"
        description = description or _DEFAULT_DESCRIPTIONS.get(status, f"Error {status}")
        with self._lock:
            queue = self._failures.setdefault(method.lower(), deque())
            for _ in range(count):
                queue.append(FakeTelegramError(status, description, parameters))

    def set_rate_limit(self, per_second: float | None) -> None:
        """Global token bucket (capacity max(1, per_second)) for all methods but getUpdates;
        exceeding it answers 429 retry_after=1. ``None`` disables it."""
        with self._lock:
            self._rate = per_second
            self._tokens = max(1.0, per_second or 0.0)
            self._tokens_at = time.monotonic()

    def block_user(self, chat_id: int | str) -> None:
        """Sends/edits to this chat answer 403 "Forbidden: bot was blocked by the user"."""
        with self._lock:
            self._blocked.add(_chat_key(chat_id))

    def unblock_user(self, chat_id: int | str) -> None:
        with self._lock:
            self._blocked.discard(_chat_key(chat_id))

    def set_latency(self, seconds: float) -> None:
        """Delay every answer by ``seconds``."""
        with self._lock:
            self._latency = max(0.0, seconds)

    def hold(self, method: str) -> None:
        """Keep requests of ``method`` waiting, unanswered and unrecorded, until
        :meth:`release_held` (a bot killed meanwhile never got its message through)."""
        with self._lock:
            self._held_methods.add(method.lower())

    def held(self, method: str) -> int:
        """How many requests of ``method`` are waiting in :meth:`hold`."""
        with self._lock:
            return sum(1 for r in self._held if r["method"] == method.lower())

    def release_held(self, *, drop: bool = False) -> None:
        """Stop holding; waiting requests go through, or with ``drop`` are answered 502
        without reaching the chat (as if the connection had failed before Telegram)."""
        with self._lock:
            self._held_methods.clear()
            for request in self._held:
                request["outcome"] = "drop" if drop else "go"
            self._notify()

    def redeliver(self, update: dict[str, Any]) -> None:
        """Serve ``update`` again on the next getUpdates, whatever the offset (Telegram's
        at-least-once delivery)."""
        with self._lock:
            self._redelivered.append(copy.deepcopy(update))
            self._notify()

    async def deliver_webhook(
        self,
        urls: list[str],
        update: dict[str, Any],
        secret: str,
        *,
        timeout: float = 60.0,
        max_wait: float = 5.0,
    ) -> list[int]:
        """POST ``update`` as Telegram does to a webhook behind a load balancer: again and
        again until a 2xx, after ``Retry-After`` (at most ``max_wait`` s, else 1 s), on the
        next URL after a failed connection. Returns the statuses (0: no connection)."""
        import aiohttp

        statuses: list[int] = []
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        turn = 0
        async with aiohttp.ClientSession() as http:
            while loop.time() < deadline:
                url = urls[turn % len(urls)]
                wait = 1.0
                try:
                    async with http.post(
                        url,
                        json=update,
                        headers={"X-Telegram-Bot-Api-Secret-Token": secret},
                        timeout=aiohttp.ClientTimeout(total=60),
                    ) as response:
                        statuses.append(response.status)
                        if 200 <= response.status < 300:
                            return statuses
                        with contextlib.suppress(ValueError):
                            wait = min(max_wait, float(response.headers.get("Retry-After", 1)))
                except aiohttp.ClientError:
                    statuses.append(0)
                    turn += 1
                    wait = 0.2
                await asyncio.sleep(wait)
        raise AssertionError(f"webhook never answered 2xx: {statuses}")

    def set_answer_delay(self, seconds: float) -> None:
        """Delay every answer but getUpdates's by ``seconds`` *after* the call took effect
        (a message is delivered, its answer is still on the way): a client that dies
        meanwhile never learns that it went out."""
        with self._lock:
            self._answer_delay = max(0.0, seconds)

    def set_handler(self, method: str, handler: Callable[[dict[str, Any]], Any] | None) -> None:
        """Override (or add) a method: ``handler(params)`` returns the result or raises
        :class:`FakeTelegramError`. It is called with the state lock held."""
        with self._lock:
            if handler is None:
                self._custom_handlers.pop(method.lower(), None)
            else:
                self._custom_handlers[method.lower()] = handler
