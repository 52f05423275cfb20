"""The HTTP layer of the fake and its update queue."""

from __future__ import annotations

import asyncio
import copy
import time
import traceback
from typing import Any

from aiohttp import BodyPartReader, web

from tests.fakebot.common import (
    _DEFAULT_DESCRIPTIONS,
    _MESSAGE_METHODS,
    Call,
    FakeBotTimeout,
    FakeTelegramError,
    _chat_key,
)
from tests.fakebot.params import _decode_value, _resolve_attachments


class Transport:
    """The HTTP layer: requests, faults, and `getUpdates`."""

    # ------------------------------------------------------------------ HTTP layer

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        with self._lock:
            found = next((f for f in self._files.values() if f["file_path"] == path), None)
            content = bytes(found["content"]) if found else None
        if content is None:
            return web.json_response(
                {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
            )
        return web.Response(body=content, content_type="application/octet-stream")

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        token = request.match_info["token"]
        method = request.match_info["method"]
        try:
            params = await self._read_params(request)
        except Exception as exc:
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 400,
                    "description": f"Bad Request: can't parse request: {exc}",
                },
                status=400,
            )
        with self._lock:
            latency = 0.0 if self._closing else self._latency
        if latency:
            await asyncio.sleep(latency)
        if self._held_methods and method.lower() in self._held_methods:
            held = {"method": method.lower(), "outcome": None}
            with self._lock:
                self._held.append(held)
                self._notify()
            try:
                outcome = await self._wait_async(lambda: held["outcome"], None, None)
            finally:
                with self._lock:
                    self._held.remove(held)
                    self._notify()
            if outcome == "drop":
                return web.json_response(
                    {"ok": False, "error_code": 502, "description": "Bad Gateway"}, status=502
                )
        if method.lower() == "getupdates":
            status, payload = await self._get_updates(method, params, token)
        else:
            with self._lock:
                call = self._record(method, params, token)
                status, payload = self._dispatch(method, params)
                call.status, call.response = status, payload
                self._notify()
                delay = 0.0 if self._closing else self._answer_delay
            if delay:
                await asyncio.sleep(delay)
        return web.json_response(copy.deepcopy(payload), status=status)

    async def _read_params(self, request: web.Request) -> dict[str, Any]:
        raw: dict[str, Any] = dict(request.query)
        uploads: dict[str, dict[str, Any]] = {}
        if request.method == "POST" and request.can_read_body:
            content_type = request.content_type
            if content_type == "application/json":
                body = await request.json()
                if isinstance(body, dict):
                    raw.update(body)
            elif content_type.startswith("multipart/"):
                reader = await request.multipart()
                while True:
                    part = await reader.next()
                    if part is None:
                        break
                    if not isinstance(part, BodyPartReader) or part.name is None:
                        continue
                    if part.filename is not None:
                        uploads[part.name] = {
                            "filename": part.filename,
                            "content": bytes(await part.read()),
                            "content_type": part.headers.get(
                                "Content-Type", "application/octet-stream"
                            ),
                        }
                    else:
                        raw[part.name] = await part.text()
            else:
                form = await request.post()
                raw.update({k: v for k, v in form.items() if isinstance(v, str)})
        params = {key: _decode_value(key, value) for key, value in raw.items()}
        used: set[str] = set()
        params = {k: _resolve_attachments(v, uploads, used) for k, v in params.items()}
        for name, upload in uploads.items():
            if name not in used:
                params[name] = upload
        return params

    def _record(self, method: str, params: dict[str, Any], token: str) -> Call:
        call = Call(method, params, token, time.time(), index=len(self._calls))
        self._calls.append(call)
        return call

    def _dispatch(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        lowered = method.lower()
        try:
            self._check_faults(lowered, params)
            handler = self._custom_handlers.get(lowered)
            if handler is None:
                builtin = getattr(self, f"_m_{lowered}", None)
                if builtin is None:
                    raise FakeTelegramError(404, "Not Found: method not found")
                handler = builtin
            result = handler(params)
        except FakeTelegramError as exc:
            return exc.status, exc.payload()
        except Exception as exc:
            self.server_errors.append(traceback.format_exc())
            return 500, {
                "ok": False,
                "error_code": 500,
                "description": f"Internal Server Error: fake server bug: {exc!r}",
            }
        return 200, {"ok": True, "result": result}

    def _check_faults(self, lowered: str, params: dict[str, Any]) -> None:
        for key in (lowered, "*"):
            if key == "*" and lowered == "getupdates":
                continue
            queue = self._failures.get(key)
            if queue:
                raise queue.popleft()
        if lowered == "getupdates":
            return
        if self._rate is not None:
            now = time.monotonic()
            capacity = max(1.0, self._rate)
            self._tokens = min(capacity, self._tokens + (now - self._tokens_at) * self._rate)
            self._tokens_at = now
            if self._tokens < 1.0:
                raise FakeTelegramError(429, "Too Many Requests: retry after 1", {"retry_after": 1})
            self._tokens -= 1.0
        sends = lowered in _MESSAGE_METHODS or lowered.startswith("send")
        if sends and _chat_key(params.get("chat_id", "")) in self._blocked:
            raise FakeTelegramError(403, "Forbidden: bot was blocked by the user")

    # ------------------------------------------------------------------ updates

    def _enqueue_locked(self, update: dict[str, Any]) -> dict[str, Any]:
        if "update_id" not in update:
            update = {"update_id": self._next_update_id, **update}
        self._next_update_id = max(self._next_update_id, int(update["update_id"])) + 1
        self._updates.append(update)
        self._mark = len(self._calls)
        self._notify()
        return copy.deepcopy(update)

    async def _get_updates(
        self, method: str, params: dict[str, Any], token: str
    ) -> tuple[int, dict[str, Any]]:
        with self._lock:
            call = self._record(method, params, token)
            self._notify()
            try:
                self._check_faults("getupdates", params)
                if self._webhook_url:
                    raise FakeTelegramError(
                        409,
                        "Conflict: can't use getUpdates method while webhook is active; "
                        "use deleteWebhook to delete the webhook first",
                    )
                offset = int(params.get("offset") or 0)
                limit = min(100, max(1, int(params.get("limit") or 100)))
                timeout = max(0.0, float(params.get("timeout") or 0))
            except FakeTelegramError as exc:
                call.status, call.response = exc.status, exc.payload()
                self._notify()
                return exc.status, exc.payload()
            except (TypeError, ValueError) as exc:
                error = FakeTelegramError(400, f"Bad Request: {exc}")
                call.status, call.response = 400, error.payload()
                self._notify()
                return 400, error.payload()
            if offset > 0:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            elif offset < 0:
                self._updates = self._updates[offset:]
            self._poll_generation += 1
            generation = self._poll_generation

        conflict = FakeTelegramError(409, _DEFAULT_DESCRIPTIONS[409])

        def check() -> list[dict[str, Any]] | FakeTelegramError | None:
            if self._poll_generation != generation:
                return conflict
            if self._redelivered:
                self._updates[:0] = self._redelivered
                self._redelivered = []
            if self._updates or self._closing:
                return copy.deepcopy(self._updates[:limit])
            return None

        try:
            outcome = await self._wait_async(check, timeout, None)
        except FakeBotTimeout:
            outcome = []
        with self._lock:
            if isinstance(outcome, FakeTelegramError):
                call.status, call.response = outcome.status, outcome.payload()
            else:
                call.status, call.response = 200, {"ok": True, "result": outcome}
            self._notify()
            return call.status, call.response
