"""Waiting for the bot's calls after the mark."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import time
from collections.abc import Callable
from typing import Any

from tests.fakebot.common import _MESSAGE_METHODS, Call, FakeBotTimeout, T, _chat_key, _preview


class Waiting:
    """Waiting for the bot's calls, from async or sync code."""

    # ------------------------------------------------------------------ waiting

    async def wait_for(
        self,
        predicate_or_method: str | Callable[[Call], bool],
        timeout: float = 10.0,
        *,
        since: int | None = None,
    ) -> Call:
        """Wait for a call (after the mark) of that method / matching the predicate."""
        check, describe = self._call_matcher(predicate_or_method, since)
        return await self._wait_async(check, timeout, describe)

    def wait_for_sync(
        self,
        predicate_or_method: str | Callable[[Call], bool],
        timeout: float = 10.0,
        *,
        since: int | None = None,
    ) -> Call:
        check, describe = self._call_matcher(predicate_or_method, since)
        return self._wait_sync(check, timeout, describe)

    async def wait_for_text(
        self, chat_id: int | str, substring: str, timeout: float = 10.0, *, since: int | None = None
    ) -> dict[str, Any]:
        """Wait until a bot message sent/edited (after the mark) in the chat contains
        ``substring`` (in the parsed text/caption or in the raw HTML); returns the message."""
        check, describe = self._text_matcher(chat_id, substring, since)
        return await self._wait_async(check, timeout, describe)

    def wait_for_text_sync(
        self, chat_id: int | str, substring: str, timeout: float = 10.0, *, since: int | None = None
    ) -> dict[str, Any]:
        check, describe = self._text_matcher(chat_id, substring, since)
        return self._wait_sync(check, timeout, describe)

    async def wait_polling(self, timeout: float = 10.0, *, since: int = 0) -> Call:
        """Wait until the bot has called getUpdates (i.e. it is up and polling)."""
        return await self.wait_for("getUpdates", timeout, since=since)

    def wait_polling_sync(self, timeout: float = 10.0, *, since: int = 0) -> Call:
        return self.wait_for_sync("getUpdates", timeout, since=since)

    def _call_matcher(
        self, what: str | Callable[[Call], bool], since: int | None
    ) -> tuple[Callable[[], Call | None], Callable[[], str]]:
        start = self._mark if since is None else since
        predicate: Callable[[Call], bool]
        if isinstance(what, str):
            lowered = what.lower()

            def predicate(call: Call) -> bool:
                return call.method.lower() == lowered

            label = what
        else:
            predicate = what
            label = getattr(what, "__name__", repr(what))

        def check() -> Call | None:
            for call in self._calls[start:]:
                if predicate(call):
                    return call
            return None

        def describe() -> str:
            seen = [repr(c) for c in self._calls[start:] if c.method.lower() != "getupdates"]
            return f"no call matching {label} after #{start}; calls since: {seen[-30:]}"

        return check, describe

    def _text_matcher(
        self, chat_id: int | str, substring: str, since: int | None
    ) -> tuple[Callable[[], dict[str, Any] | None], Callable[[], str]]:
        start = self._mark if since is None else since
        chat_key = _chat_key(chat_id)

        def candidates() -> list[dict[str, Any]]:
            found = []
            for call in self._calls[start:]:
                if call.method.lower() not in _MESSAGE_METHODS or not call.ok:
                    continue
                result = call.result
                if not isinstance(result, dict):
                    continue
                if "chat" in result:
                    if _chat_key(result["chat"]["id"]) != chat_key:
                        continue
                    stored = self._messages.get(chat_key, {}).get(result["message_id"])
                    snapshot = dict(result)
                    for key in ("raw_text", "raw_caption", "parse_mode"):
                        if stored is not None and key in stored:
                            snapshot[key] = stored[key]
                    raw = call.params.get("text") or call.params.get("caption")
                    if isinstance(raw, str):
                        snapshot.setdefault("raw_text" if "text" in result else "raw_caption", raw)
                    found.append(snapshot)
                elif call.method.lower() == "copymessage":
                    if _chat_key(call.params.get("chat_id", "")) != chat_key:
                        continue
                    stored = self._messages.get(chat_key, {}).get(result.get("message_id", -1))
                    if stored is not None:
                        found.append(copy.deepcopy(stored))
            return found

        def check() -> dict[str, Any] | None:
            for message in candidates():
                for key in ("text", "caption", "raw_text", "raw_caption"):
                    value = message.get(key)
                    if isinstance(value, str) and substring in value:
                        return message
            return None

        def describe() -> str:
            texts = [_preview(m) for m in candidates()]
            return (
                f"no bot message containing {substring!r} in chat {chat_id} after call "
                f"#{start}; messages sent/edited since: {texts}"
            )

        return check, describe

    async def _wait_async(
        self,
        check: Callable[[], T | None],
        timeout: float | None,
        describe: Callable[[], str] | None,
    ) -> T:
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        event = asyncio.Event()
        waiter = (loop, event)
        with self._lock:
            self._async_waiters.add(waiter)
        try:
            while True:
                event.clear()
                with self._lock:
                    result = check()
                    if result is not None:
                        return result
                    if deadline is not None and loop.time() >= deadline:
                        raise FakeBotTimeout(describe() if describe else "timed out")
                remaining = None if deadline is None else deadline - loop.time()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), remaining)
        finally:
            with self._lock:
                self._async_waiters.discard(waiter)

    def _wait_sync(
        self, check: Callable[[], T | None], timeout: float, describe: Callable[[], str]
    ) -> T:
        if self._thread is None and self._loop is not None:
            try:
                running = asyncio.get_running_loop()
            except RuntimeError:
                running = None
            if running is self._loop:
                raise RuntimeError(
                    "the fake server runs in this event loop: use the async wait helpers"
                )
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                result = check()
                if result is not None:
                    return result
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise FakeBotTimeout(describe())
                self._cond.wait(remaining)

    def _notify(self) -> None:
        """Wake every waiter; call with the lock held."""
        self._cond.notify_all()
        for loop, event in list(self._async_waiters):
            try:
                loop.call_soon_threadsafe(event.set)
            except RuntimeError:  # loop closed
                self._async_waiters.discard((loop, event))
