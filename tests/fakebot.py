"""A fake Telegram Bot API HTTP server for tests.

Point a bot at it with::

    session = AiohttpSession(api=TelegramAPIServer.from_base(fake.base_url))
    bot = Bot("42:TEST", session=session)

Requests arrive as ``POST {base}/bot{token}/{method}`` (form, multipart or JSON) and files are
downloaded from ``GET {base}/file/bot{token}/{file_path}``.

Two ways to run it:

* async: ``await fake.start()`` / ``await fake.stop()`` inside an async test (the server runs in
  the test's event loop; use the ``await fake.wait_*()`` helpers);
* threaded: ``fake.start_in_thread()`` / ``fake.stop_thread()`` (own event loop in a daemon
  thread; use the ``fake.wait_*_sync()`` helpers from sync code, or the async ones from any
  other event loop).

All state is protected by one lock, so every helper may be called from any thread.

Waiting helpers (``wait_for``, ``wait_for_text``) look at calls recorded *after the mark*.  The
mark moves to the end of the call log every time a user action is simulated (``enqueue_*``,
``press``) or ``mark()`` is called, so ``enqueue_message(...)`` followed by ``wait_for_text(...)``
only sees the bot's reaction to that message — even if the bot answered before the wait began.
Pass ``since=0`` to search the whole log, or ``since=fake.mark()`` for an explicit cursor.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import re
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from aiohttp import BodyPartReader, web

__all__ = [
    "BOT_ID",
    "BOT_USERNAME",
    "Call",
    "FakeBotAPI",
    "FakeBotTimeout",
    "FakeTelegramError",
    "HTMLParseError",
    "parse_html",
]

BOT_ID = 42
BOT_USERNAME = "seminar_test_bot"
BOT_FIRST_NAME = "Seminar Test Bot"

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64

T = TypeVar("T")


# --------------------------------------------------------------------------- errors / records


class FakeTelegramError(Exception):
    """Raised by a method handler to answer with ``{"ok": false, ...}``."""

    def __init__(
        self, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            data["parameters"] = self.parameters
        return data


class FakeBotTimeout(AssertionError):
    """A ``wait_*`` helper timed out (an AssertionError, so pytest shows it as a failure)."""


class HTMLParseError(ValueError):
    """The text is not valid Telegram HTML; ``str(exc)`` is Telegram's wording."""


@dataclass
class Call:
    """One request received by the fake server.

    ``params`` are decoded: numbers become ints/floats, ``true``/``false`` become bools, JSON
    fields (reply_markup, entities, commands, scope, media, ...) become dicts/lists and uploaded
    files become ``{"filename": str, "content": bytes, "content_type": str}``.
    """

    method: str
    params: dict[str, Any]
    token: str
    time: float
    index: int = 0
    status: int | None = None  # HTTP status; None while a getUpdates long poll is pending
    response: dict[str, Any] | None = None  # the JSON body that was answered

    @property
    def ok(self) -> bool:
        return bool(self.response and self.response.get("ok"))

    @property
    def result(self) -> Any:
        return self.response.get("result") if self.response else None

    @property
    def description(self) -> str | None:
        return self.response.get("description") if self.response else None

    def __repr__(self) -> str:
        shown = {k: _short(v) for k, v in self.params.items()}
        return f"Call(#{self.index} {self.method} {shown} -> {self.status})"


def _short(value: Any) -> Any:
    if _is_upload(value):
        return {"filename": value.get("filename"), "content": f"<{len(value['content'])} bytes>"}
    if isinstance(value, dict):
        return {k: _short(v) for k, v in value.items()}
    if isinstance(value, str) and len(value) > 80:
        return value[:77] + "..."
    return value


# --------------------------------------------------------------------------- HTML parsing

_SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
    }
)
_TAG_ENTITY = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HEX = frozenset("0123456789abcdefABCDEF")


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _is_space(ch: str) -> bool:
    # tdlib's is_space() also treats the terminating NUL (our "") as a space
    return ch == "" or ch in " \t\r\n\v\f"


def _decode_html_entity(text: str, pos: int) -> tuple[str, int] | None:
    """Port of tdlib's decode_html_entity: returns (character, new position) or None."""
    n = len(text)
    end = pos + 1
    if end < n and text[end] == "#":
        end += 1
        code = 0
        if end < n and text[end] == "x":
            end += 1
            while end < n and text[end] in _HEX:
                code = code * 16 + int(text[end], 16)
                end += 1
                if code >= 0x10FFFF:
                    return None
        else:
            while end < n and text[end].isascii() and text[end].isdigit():
                code = code * 10 + int(text[end])
                end += 1
                if code >= 0x10FFFF:
                    return None
        if code == 0 or 0xD800 <= code <= 0xDFFF:
            return None
        char = chr(code)
    else:
        while end < n and text[end].isascii() and text[end].isalpha():
            end += 1
        named = _NAMED_ENTITIES.get(text[pos + 1 : end])
        if named is None:
            return None
        char = named
    if end < n and text[end] == ";":
        end += 1
    return char, end


def parse_html(text: str, *, strict_ampersand: bool = True) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram-flavoured HTML the way the Bot API does (a port of tdlib's parse_html).

    Returns ``(plain_text, entities)`` with UTF-16 offsets, or raises :class:`HTMLParseError`
    with Telegram's wording (``Unsupported start tag "br" at byte offset 5`` ...).

    Real Telegram keeps an ``&`` that doesn't start a known entity as a literal character;
    with ``strict_ampersand`` (the default) such an ``&`` is rejected instead, which catches
    user-provided strings that were not passed through ``html.escape``.
    """
    n = len(text)

    def at(i: int) -> str:
        return text[i] if i < n else ""

    def boff(i: int) -> int:
        return len(text[:i].encode("utf-8"))

    out: list[str] = []
    u16 = 0
    entities: list[dict[str, Any]] = []
    # (tag, argument, utf16 offset where it started)
    stack: list[tuple[str, str, int]] = []
    i = 0
    while i < n:
        c = text[i]
        if c == "&":
            decoded = _decode_html_entity(text, i)
            if decoded is not None:
                char, i = decoded
                out.append(char)
                u16 += _utf16_len(char)
                continue
            if strict_ampersand:
                raise HTMLParseError(
                    f'Unescaped "&" at byte offset {boff(i)}; use "&amp;" for a literal ampersand'
                )
        if c != "<":
            out.append(c)
            u16 += _utf16_len(c)
            i += 1
            continue

        begin = i
        i += 1
        if at(i) != "/":
            # start tag
            while not _is_space(at(i)) and at(i) != ">":
                i += 1
            if at(i) == "":
                raise HTMLParseError(f"Unclosed start tag at byte offset {boff(begin)}")
            tag = text[begin + 1 : i].lower()
            if tag not in _SUPPORTED_TAGS:
                raise HTMLParseError(f'Unsupported start tag "{tag}" at byte offset {boff(begin)}')
            argument = ""
            while at(i) != ">":
                while at(i) != "" and _is_space(at(i)):
                    i += 1
                if at(i) == ">":
                    break
                attr_begin = i
                while not _is_space(at(i)) and at(i) not in ("=", ">"):
                    i += 1
                attr_name = text[attr_begin:i].lower()
                if not attr_name:
                    raise HTMLParseError(
                        f'Empty attribute name in the tag "{tag}" at byte offset {boff(begin)}'
                    )
                while at(i) != "" and _is_space(at(i)):
                    i += 1
                if at(i) != "=":
                    if tag == "blockquote" and attr_name == "expandable":
                        argument = "1"
                        continue
                    raise HTMLParseError(
                        "Expected equal sign in declaration of an attribute of the tag "
                        f'"{tag}" at byte offset {boff(begin)}'
                    )
                i += 1
                while at(i) != "" and _is_space(at(i)):
                    i += 1
                if at(i) == "":
                    raise HTMLParseError(f"Unclosed start tag at byte offset {boff(begin)}")
                if at(i) not in ("'", '"'):
                    token_begin = i
                    while at(i) != "" and ((at(i).isascii() and at(i).isalnum()) or at(i) in ".-"):
                        i += 1
                    value = text[token_begin:i].lower()
                    if not _is_space(at(i)) and at(i) != ">":
                        raise HTMLParseError(
                            f"Unexpected end of name token at byte offset {boff(token_begin)}"
                        )
                else:
                    quote = at(i)
                    i += 1
                    chars: list[str] = []
                    while at(i) != quote and at(i) != "":
                        if at(i) == "&":
                            decoded = _decode_html_entity(text, i)
                            if decoded is not None:
                                chars.append(decoded[0])
                                i = decoded[1]
                                continue
                        chars.append(at(i))
                        i += 1
                    if at(i) == quote:
                        i += 1
                    value = "".join(chars)
                if at(i) == "":
                    raise HTMLParseError(f"Unclosed start tag at byte offset {boff(begin)}")
                if tag == "a" and attr_name == "href":
                    argument = value
                elif tag == "code" and attr_name == "class" and value.startswith("language-"):
                    argument = value[len("language-") :]
                elif tag == "span" and attr_name == "class" and value.startswith("tg-"):
                    argument = value[len("tg-") :]
                elif tag == "tg-emoji" and attr_name == "emoji-id":
                    argument = value
                elif tag == "blockquote" and attr_name == "expandable":
                    argument = "1"
            if tag == "span" and argument != "spoiler":
                raise HTMLParseError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {boff(begin)}'
                )
            stack.append((tag, argument, u16))
            i += 1  # skip ">"
            continue

        # end tag
        if not stack:
            raise HTMLParseError(f"Unexpected end tag at byte offset {boff(begin)}")
        while not _is_space(at(i)) and at(i) != ">":
            i += 1
        end_name = text[begin + 2 : i].lower()
        while at(i) != "" and _is_space(at(i)):
            i += 1
        if at(i) != ">":
            raise HTMLParseError(f"Unclosed end tag at byte offset {boff(begin)}")
        tag, argument, start = stack.pop()
        if end_name and end_name != tag:
            raise HTMLParseError(
                f"Unmatched end tag at byte offset {boff(begin)}, "
                f'expected "</{tag}>", found "</{end_name}>"'
            )
        i += 1  # skip ">"
        length = u16 - start
        if length <= 0:
            continue
        entity: dict[str, Any] = {"offset": start, "length": length}
        if tag == "a":
            if not argument:
                continue
            entity.update(type="text_link", url=argument)
        elif tag == "blockquote":
            entity["type"] = "expandable_blockquote" if argument else "blockquote"
        elif tag == "tg-emoji":
            entity.update(type="custom_emoji", custom_emoji_id=argument)
        else:
            entity["type"] = _TAG_ENTITY[tag]
            if tag == "code" and argument:
                entity["language"] = argument
            if tag == "pre":
                # <pre><code class="language-x">...</code></pre> -> one pre entity with language
                for inner in entities:
                    if (
                        inner["type"] == "code"
                        and inner["offset"] == start
                        and inner["length"] == length
                    ):
                        if "language" in inner:
                            entity["language"] = inner["language"]
                        entities.remove(inner)
                        break
        entities.append(entity)

    if stack:
        raise HTMLParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


# --------------------------------------------------------------------------- param decoding

# values of these keys are never type-converted (a text "123" stays a string)
_STRING_KEYS = frozenset(
    {
        "text",
        "caption",
        "callback_query_id",
        "inline_message_id",
        "file_id",
        "title",
        "address",
        "description",
        "short_description",
        "name",
        "first_name",
        "last_name",
        "query",
        "url",
        "parse_mode",
        "action",
        "emoji",
        "question",
        "foursquare_id",
        "foursquare_type",
        "google_place_id",
        "google_place_type",
        "language_code",
        "custom_emoji_id",
        "business_connection_id",
        "payload",
        "provider_token",
        "currency",
        "start_parameter",
        "secret_token",
        "ip_address",
        "phone_number",
        "vcard",
        "message_effect_id",
        "username",
        "next_offset",
        "result_id",
        "web_app_query_id",
        "document",
        "photo",
        "audio",
        "video",
        "animation",
        "voice",
        "video_note",
        "sticker",
        "thumbnail",
        "game_short_name",
    }
)
_INT_RE = re.compile(r"-?\d+")
_FLOAT_RE = re.compile(r"-?\d+\.\d*(?:[eE][-+]?\d+)?|-?\d+[eE][-+]?\d+")
_ATTACH = "attach://"


def _decode_value(key: str, value: Any) -> Any:
    if not isinstance(value, str) or key in _STRING_KEYS:
        return value
    if value[:1] in ("{", "[") or value == "null":
        try:
            return json.loads(value)
        except ValueError:
            return value
    if _INT_RE.fullmatch(value):
        return int(value)
    if _FLOAT_RE.fullmatch(value):
        return float(value)
    if value in ("true", "false"):
        return value == "true"
    return value


def _resolve_attachments(value: Any, uploads: dict[str, dict[str, Any]], used: set[str]) -> Any:
    if isinstance(value, str) and value.startswith(_ATTACH):
        name = value[len(_ATTACH) :]
        if name in uploads:
            used.add(name)
            return uploads[name]
        return value
    if isinstance(value, dict):
        return {k: _resolve_attachments(v, uploads, used) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve_attachments(v, uploads, used) for v in value]
    return value


def _is_upload(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("content"), bytes)


# --------------------------------------------------------------------------- the server

_INTERNAL_KEYS = frozenset({"parse_mode", "raw_text", "raw_caption"})
_MEDIA_KEYS = ("photo", "document", "video", "animation", "audio", "voice", "video_note")
# methods whose calls count for wait_for_text / blocked chats
_MESSAGE_METHODS = frozenset(
    {
        "sendmessage",
        "editmessagetext",
        "editmessagecaption",
        "editmessagemedia",
        "editmessagereplymarkup",
        "senddocument",
        "sendphoto",
        "sendlocation",
        "sendvenue",
        "copymessage",
        "forwardmessage",
    }
)
_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: injected error",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
}
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")


class FakeBotAPI:
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

    # ------------------------------------------------------------------ simulating users

    def enqueue_message(
        self,
        user_id: int,
        text: str | None,
        *,
        first_name: str = "Test",
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
        chat_id: int | None = None,
        contact: dict[str, Any] | str | None = None,
        reply_to_message_id: int | None = None,
        chat_type: str = "private",
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Queue an update with a message from ``user_id``; returns the Update dict.

        ``contact`` may be a phone number string or a Contact dict (user_id/first_name are
        filled in). ``extra`` is merged into the message (e.g. ``{"location": {...}}``).
        """
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if last_name is not None:
            user["last_name"] = last_name
        if username is not None:
            user["username"] = username
        if language_code is not None:
            user["language_code"] = language_code
        with self._lock:
            self._users[user_id] = user
            chat_key = user_id if chat_id is None else chat_id
            if chat_type == "private":
                chat = {
                    k: v for k, v in user.items() if k in ("first_name", "last_name", "username")
                }
                chat = {"id": chat_key, "type": "private", **chat}
            else:
                chat = {"id": chat_key, "type": chat_type, "title": f"Test {chat_type} {chat_key}"}
            self._chats[chat_key] = chat
            content: dict[str, Any] = {}
            if text is not None:
                content["text"] = text
                if text.startswith("/"):
                    command = text.split(maxsplit=1)[0]
                    content["entities"] = [
                        {"type": "bot_command", "offset": 0, "length": _utf16_len(command)}
                    ]
            if contact is not None:
                if isinstance(contact, str):
                    contact = {"phone_number": contact}
                content["contact"] = {"first_name": first_name, "user_id": user_id, **contact}
            if reply_to_message_id is not None:
                replied = self._messages.get(chat_key, {}).get(reply_to_message_id)
                if replied is not None:
                    content["reply_to_message"] = _api_view(replied)
            if extra:
                content.update(extra)
            message = self._store_message(chat_key, sender=user, content=content)
            return self._enqueue_locked({"message": _api_view(message)})

    def enqueue_document(
        self,
        user_id: int,
        filename: str,
        content: bytes,
        *,
        caption: str | None = None,
        mime_type: str = "application/octet-stream",
        chat_id: int | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """Queue a message carrying a document (downloadable through getFile)."""
        with self._lock:
            document = self._register_file(content, filename, mime_type, kind="documents")
            extra: dict[str, Any] = {"document": document}
            if caption is not None:
                extra["caption"] = caption
            return self.enqueue_message(user_id, None, chat_id=chat_id, extra=extra, **kwargs)

    def enqueue_callback(
        self,
        user_id: int,
        message_id: int,
        data: str,
        *,
        language_code: str | None = "en",
        chat_id: int | None = None,
    ) -> dict[str, Any]:
        """Queue a callback_query for the stored message ``message_id`` (an InaccessibleMessage
        if it is unknown or deleted)."""
        with self._lock:
            chat_key = user_id if chat_id is None else chat_id
            user = dict(self._users.get(user_id) or {"id": user_id, "is_bot": False})
            user.setdefault("first_name", "Test")
            if language_code is not None:
                user["language_code"] = language_code
            else:
                user.pop("language_code", None)
            stored = self._messages.get(chat_key, {}).get(message_id)
            if stored is not None:
                message = _api_view(stored)
            else:
                message = {"chat": self._chat(chat_key), "message_id": message_id, "date": 0}
            self._callback_counter += 1
            query_id = str(4_400_000_000_000_000_000 + self._callback_counter)
            self._callback_ids.add(query_id)
            query = {
                "id": query_id,
                "from": user,
                "message": message,
                "chat_instance": f"ci{chat_key}",
                "data": data,
            }
            return self._enqueue_locked({"callback_query": query})

    def enqueue_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue a raw update; ``update_id`` is assigned if missing."""
        with self._lock:
            return self._enqueue_locked(copy.deepcopy(update))

    def press(
        self, user_id: int, button_text: str, *, chat_id: int | None = None
    ) -> dict[str, Any]:
        """Press the inline button ``button_text`` of the latest bot message with an inline
        keyboard in the chat (exact text, else a unique substring match)."""
        with self._lock:
            chat_key = user_id if chat_id is None else chat_id
            message = self._latest_keyboard_message(chat_key)
            if message is None:
                sent = [_preview(m) for m in self._bot_messages(chat_key)]
                raise AssertionError(
                    f"press({button_text!r}): no bot message with an inline keyboard in chat "
                    f"{chat_key}; bot messages: {sent}"
                )
            flat = [b for row in message["reply_markup"]["inline_keyboard"] for b in row]
            matches = [b for b in flat if b.get("text") == button_text]
            if not matches:
                matches = [b for b in flat if button_text in b.get("text", "")]
            if len(matches) != 1:
                problem = "is ambiguous" if matches else "not found"
                raise AssertionError(
                    f"button {button_text!r} {problem} in message #{message['message_id']} "
                    f"({_preview(message)}); available buttons: {[b.get('text') for b in flat]}"
                )
            button = matches[0]
            if "callback_data" not in button:
                raise AssertionError(f"button {button_text!r} is not a callback button: {button}")
            return self.enqueue_callback(
                user_id,
                message["message_id"],
                button["callback_data"],
                chat_id=chat_id,
                language_code=self._users.get(user_id, {}).get("language_code", "en"),
            )

    # ------------------------------------------------------------------ inspecting state

    @property
    def calls(self) -> list[Call]:
        """A snapshot of every call received, in order."""
        with self._lock:
            return list(self._calls)

    def calls_of(self, method: str) -> list[Call]:
        lowered = method.lower()
        with self._lock:
            return [c for c in self._calls if c.method.lower() == lowered]

    def mark(self) -> int:
        """Move the mark to the end of the call log and return it (a ``since=`` cursor)."""
        with self._lock:
            self._mark = len(self._calls)
            return self._mark

    def messages(self, chat_id: int | str, *, include_user: bool = False) -> list[dict[str, Any]]:
        """Messages of the chat still present (not deleted), oldest first; bot-sent only unless
        ``include_user``. Each is the API Message dict plus ``parse_mode`` and the text/caption
        as sent (``raw_text``/``raw_caption``, i.e. still HTML); ``text`` is the parsed text."""
        with self._lock:
            found = self._messages.get(_chat_key(chat_id), {}).values()
            return [copy.deepcopy(m) for m in found if include_user or _is_from_bot(m, self)]

    def last_message(self, chat_id: int | str) -> dict[str, Any]:
        """The latest bot message of the chat (AssertionError if there is none)."""
        found = self.messages(chat_id)
        if not found:
            raise AssertionError(f"the bot has sent no message to chat {chat_id}")
        return found[-1]

    def message(self, chat_id: int | str, message_id: int) -> dict[str, Any] | None:
        with self._lock:
            stored = self._messages.get(_chat_key(chat_id), {}).get(message_id)
            return copy.deepcopy(stored) if stored is not None else None

    def keyboard(self, chat_id: int | str) -> list[list[dict[str, Any]]]:
        """Rows of buttons of the latest inline keyboard in the chat ([] if none)."""
        with self._lock:
            message = self._latest_keyboard_message(_chat_key(chat_id))
            if message is None:
                return []
            return copy.deepcopy(message["reply_markup"]["inline_keyboard"])

    def buttons(self, chat_id: int | str) -> list[str]:
        """Texts of the buttons of the latest inline keyboard in the chat, row by row."""
        return [b.get("text", "") for row in self.keyboard(chat_id) for b in row]

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by getUpdates."""
        with self._lock:
            return copy.deepcopy(self._updates)

    def commands(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, Any]]:
        with self._lock:
            return copy.deepcopy(self._commands.get(_commands_key(scope, language_code), []))

    def answered_callbacks(self) -> dict[str, dict[str, Any]]:
        """callback_query_id -> params of its answerCallbackQuery."""
        with self._lock:
            return copy.deepcopy(self._answered_callbacks)

    def add_file(
        self, content: bytes, filename: str, mime_type: str = "application/octet-stream"
    ) -> dict[str, Any]:
        """Register a file; returns a Document dict (file_id usable in getFile/send*)."""
        with self._lock:
            return self._register_file(content, filename, mime_type, kind="documents")

    def file_content(self, file_id: str) -> bytes:
        with self._lock:
            return bytes(self._files[file_id]["content"])

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

    # ------------------------------------------------------------------ store helpers

    def _chat(self, chat_id: int | str) -> dict[str, Any]:
        key = _chat_key(chat_id)
        chat = self._chats.get(key)
        if chat is None:
            if isinstance(key, int) and key > 0:
                user = self._users.get(key, {})
                chat = {"id": key, "type": "private", "first_name": user.get("first_name", "User")}
            elif isinstance(key, str):
                chat = {"id": -1001000000000, "type": "channel", "title": key, "username": key[1:]}
            else:
                chat = {"id": key, "type": "supergroup", "title": f"Chat {key}"}
            self._chats[key] = chat
        return chat

    def _store_message(
        self, chat_id: int | str, *, sender: dict[str, Any], content: dict[str, Any]
    ) -> dict[str, Any]:
        key = _chat_key(chat_id)
        message_id = self._next_message_id.get(key, 1)
        self._next_message_id[key] = message_id + 1
        message = {
            "message_id": message_id,
            "from": dict(sender),
            "chat": dict(self._chat(key)),
            "date": int(time.time()),
            **content,
        }
        self._messages.setdefault(key, {})[message_id] = message
        return message

    def _find_message(self, params: dict[str, Any], missing: str) -> dict[str, Any]:
        chat_id = params.get("chat_id")
        message_id = params.get("message_id")
        if chat_id is None or chat_id == "":
            raise FakeTelegramError(400, "Bad Request: chat_id is empty")
        if not isinstance(message_id, int):
            raise FakeTelegramError(400, f"Bad Request: {missing}")
        message = self._messages.get(_chat_key(chat_id), {}).get(message_id)
        if message is None:
            raise FakeTelegramError(400, f"Bad Request: {missing}")
        return message

    def _bot_messages(self, chat_key: int | str) -> list[dict[str, Any]]:
        return [m for m in self._messages.get(chat_key, {}).values() if _is_from_bot(m, self)]

    def _latest_keyboard_message(self, chat_key: int | str) -> dict[str, Any] | None:
        found: dict[str, Any] | None = None
        for candidate in self._bot_messages(chat_key):
            if _inline_markup(candidate.get("reply_markup")) is not None:
                found = candidate
        return found

    def _register_file(
        self, content: bytes, filename: str | None, mime_type: str | None, *, kind: str
    ) -> dict[str, Any]:
        self._file_counter += 1
        n = self._file_counter
        file_id = f"FAKE{kind[:3].upper()}{n:06d}"
        suffix = ""
        if filename and "." in filename:
            suffix = "." + filename.rsplit(".", 1)[1]
        elif kind == "photos":
            suffix = ".jpg"
        entry = {
            "file_id": file_id,
            "file_unique_id": f"U{n:06d}",
            "file_size": len(content),
            "file_path": f"{kind}/file_{n}{suffix}",
            "content": content,
            "filename": filename,
            "mime_type": mime_type,
        }
        self._files[file_id] = entry
        document: dict[str, Any] = {
            "file_id": file_id,
            "file_unique_id": entry["file_unique_id"],
            "file_size": len(content),
        }
        if filename:
            document["file_name"] = filename
        if mime_type:
            document["mime_type"] = mime_type
        return document

    def _input_file(self, value: Any, *, kind: str, field_name: str) -> dict[str, Any]:
        """Resolve an InputFile param (upload / file_id / URL) into a Document-like dict."""
        if _is_upload(value):
            if not value["content"]:
                raise FakeTelegramError(400, "Bad Request: file must be non-empty")
            mime = value.get("content_type") or "application/octet-stream"
            return self._register_file(value["content"], value.get("filename"), mime, kind=kind)
        if isinstance(value, str) and value:
            known = self._files.get(value)
            if known is not None:
                result = {
                    "file_id": known["file_id"],
                    "file_unique_id": known["file_unique_id"],
                    "file_size": known["file_size"],
                }
                if known.get("filename"):
                    result["file_name"] = known["filename"]
                if known.get("mime_type"):
                    result["mime_type"] = known["mime_type"]
                return result
            name = value.rsplit("/", 1)[-1] if value.startswith(("http://", "https://")) else None
            return self._register_file(b"", name, None, kind=kind)
        raise FakeTelegramError(400, f"Bad Request: there is no {field_name} in the request")

    def _format(
        self, params: dict[str, Any], key: str, *, required: bool
    ) -> tuple[str | None, list[dict[str, Any]]]:
        """Validate text/caption + parse_mode; returns (plain text, entities)."""
        value = params.get(key)
        if value is None or value == "":
            if required:
                raise FakeTelegramError(400, "Bad Request: message text is empty")
            return None, []
        text = str(value)
        parse_mode = params.get("parse_mode")
        entities: list[dict[str, Any]] = []
        if isinstance(parse_mode, str) and parse_mode.lower() == "html":
            try:
                text, entities = parse_html(text, strict_ampersand=self.strict_html_ampersand)
            except HTMLParseError as exc:
                raise FakeTelegramError(400, f"Bad Request: can't parse entities: {exc}") from None
        else:
            explicit = params.get("entities" if key == "text" else "caption_entities")
            if isinstance(explicit, list):
                entities = explicit
        if key == "text":
            if not text.strip():
                raise FakeTelegramError(400, "Bad Request: message text is empty")
            if len(text) > MAX_TEXT_LENGTH:
                raise FakeTelegramError(400, "Bad Request: message is too long")
        elif len(text) > MAX_CAPTION_LENGTH:
            raise FakeTelegramError(400, "Bad Request: message caption is too long")
        return text, entities

    @staticmethod
    def _check_markup(markup: Any) -> dict[str, Any] | None:
        if markup is None or markup == "":
            return None
        if not isinstance(markup, dict):
            raise FakeTelegramError(
                400, "Bad Request: can't parse reply keyboard markup JSON object"
            )
        rows = markup.get("inline_keyboard")
        if rows is None:
            return markup
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise FakeTelegramError(400, "Bad Request: can't parse inline keyboard button")
        actions = (
            "url",
            "callback_data",
            "web_app",
            "login_url",
            "switch_inline_query",
            "switch_inline_query_current_chat",
            "switch_inline_query_chosen_chat",
            "copy_text",
            "callback_game",
            "pay",
        )
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not button.get("text"):
                    raise FakeTelegramError(400, "Bad Request: can't parse inline keyboard button")
                if "callback_data" in button:
                    data = button["callback_data"]
                    size = len(str(data).encode("utf-8"))
                    if not isinstance(data, str) or not 1 <= size <= MAX_CALLBACK_DATA_BYTES:
                        raise FakeTelegramError(400, "Bad Request: BUTTON_DATA_INVALID")
                if not any(a in button for a in actions):
                    raise FakeTelegramError(
                        400, "Bad Request: text buttons are unallowed in the inline keyboard"
                    )
        return markup

    def _reply_to(self, params: dict[str, Any], chat_key: int | str) -> dict[str, Any]:
        reply = params.get("reply_parameters")
        message_id = reply.get("message_id") if isinstance(reply, dict) else None
        if message_id is None:
            message_id = params.get("reply_to_message_id")
        if not isinstance(message_id, int):
            return {}
        replied = self._messages.get(chat_key, {}).get(message_id)
        if replied is None:
            allow = params.get("allow_sending_without_reply") or (
                isinstance(reply, dict) and reply.get("allow_sending_without_reply")
            )
            if allow:
                return {}
            raise FakeTelegramError(400, "Bad Request: message to be replied not found")
        return {"reply_to_message": _api_view(replied)}

    def _send(self, params: dict[str, Any], content: dict[str, Any]) -> dict[str, Any]:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise FakeTelegramError(400, "Bad Request: chat_id is empty")
        chat_key = _chat_key(chat_id)
        content = {**self._reply_to(params, chat_key), **content}
        markup = self._check_markup(params.get("reply_markup"))
        if markup is not None:
            content["reply_markup"] = markup
        if params.get("parse_mode"):
            content["parse_mode"] = params["parse_mode"]
        message = self._store_message(chat_key, sender=self._bot_sender(), content=content)
        return _api_view(message)

    def _bot_sender(self) -> dict[str, Any]:
        return {k: self.bot_user[k] for k in ("id", "is_bot", "first_name", "username")}

    def _caption_content(self, params: dict[str, Any]) -> dict[str, Any]:
        caption, entities = self._format(params, "caption", required=False)
        content: dict[str, Any] = {}
        if caption is not None:
            content["caption"] = caption
            content["raw_caption"] = params["caption"]
            if entities:
                content["caption_entities"] = entities
        return content

    def _check_editable(self, message: dict[str, Any]) -> None:
        if not _is_from_bot(message, self):
            raise FakeTelegramError(400, "Bad Request: message can't be edited")

    def _inline_edit(self, params: dict[str, Any]) -> bool:
        if params.get("inline_message_id"):
            self._check_markup(params.get("reply_markup"))
            return True
        return False

    # ------------------------------------------------------------------ methods

    def _m_getme(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _m_logout(self, params: dict[str, Any]) -> bool:
        return True

    def _m_close(self, params: dict[str, Any]) -> bool:
        return True

    def _m_deletewebhook(self, params: dict[str, Any]) -> bool:
        self._webhook_url = ""
        if params.get("drop_pending_updates") is True:
            self._updates.clear()
        return True

    def _m_setwebhook(self, params: dict[str, Any]) -> bool:
        url = params.get("url")
        if not isinstance(url, str) or not url.startswith("https://"):
            raise FakeTelegramError(400, "Bad Request: bad webhook: HTTPS url must be provided")
        self._webhook_url = url
        if params.get("drop_pending_updates") is True:
            self._updates.clear()
        return True

    def _m_getwebhookinfo(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": self._webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    def _m_setmycommands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise FakeTelegramError(400, "Bad Request: can't parse commands JSON object")
        if len(commands) > 100:
            raise FakeTelegramError(400, "Bad Request: BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not isinstance(command, dict) or not _COMMAND_RE.fullmatch(
                str(command.get("command", ""))
            ):
                raise FakeTelegramError(400, "Bad Request: BOT_COMMAND_INVALID")
            description = str(command.get("description", ""))
            if not 1 <= len(description) <= 256:
                raise FakeTelegramError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        key = _commands_key(params.get("scope"), params.get("language_code"))
        self._commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    def _m_deletemycommands(self, params: dict[str, Any]) -> bool:
        self._commands.pop(_commands_key(params.get("scope"), params.get("language_code")), None)
        return True

    def _m_getmycommands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        key = _commands_key(params.get("scope"), params.get("language_code"))
        return copy.deepcopy(self._commands.get(key, []))

    def _m_setmydescription(self, params: dict[str, Any]) -> bool:
        return True

    def _m_setmyshortdescription(self, params: dict[str, Any]) -> bool:
        return True

    def _m_setmyname(self, params: dict[str, Any]) -> bool:
        return True

    def _m_setchatmenubutton(self, params: dict[str, Any]) -> bool:
        return True

    def _m_sendmessage(self, params: dict[str, Any]) -> dict[str, Any]:
        text, entities = self._format(params, "text", required=True)
        content: dict[str, Any] = {"text": text, "raw_text": params["text"]}
        if entities:
            content["entities"] = entities
        if isinstance(params.get("link_preview_options"), dict):
            content["link_preview_options"] = params["link_preview_options"]
        return self._send(params, content)

    def _m_editmessagetext(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        if self._inline_edit(params):
            self._format(params, "text", required=True)
            return True
        message = self._find_message(params, "message to edit not found")
        self._check_editable(message)
        if "text" not in message:
            raise FakeTelegramError(400, "Bad Request: there is no text in the message to edit")
        text, entities = self._format(params, "text", required=True)
        markup = self._check_markup(params.get("reply_markup"))
        if (
            text == message.get("text")
            and entities == message.get("entities", [])
            and _inline_markup(markup) == _inline_markup(message.get("reply_markup"))
        ):
            raise _not_modified()
        message["text"] = text
        message["raw_text"] = params["text"]
        _set_or_pop(message, "entities", entities or None)
        _set_or_pop(message, "parse_mode", params.get("parse_mode") or None)
        _set_or_pop(message, "reply_markup", markup)
        message["edit_date"] = int(time.time())
        return _api_view(message)

    def _m_editmessagereplymarkup(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        if self._inline_edit(params):
            return True
        message = self._find_message(params, "message to edit not found")
        self._check_editable(message)
        markup = self._check_markup(params.get("reply_markup"))
        if _inline_markup(markup) == _inline_markup(message.get("reply_markup")):
            raise _not_modified()
        _set_or_pop(message, "reply_markup", markup)
        message["edit_date"] = int(time.time())
        return _api_view(message)

    def _m_editmessagecaption(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        if self._inline_edit(params):
            self._format(params, "caption", required=False)
            return True
        message = self._find_message(params, "message to edit not found")
        self._check_editable(message)
        if not any(key in message for key in _MEDIA_KEYS):
            raise FakeTelegramError(400, "Bad Request: there is no caption in the message to edit")
        caption, entities = self._format(params, "caption", required=False)
        markup = self._check_markup(params.get("reply_markup"))
        if (
            caption == message.get("caption")
            and entities == message.get("caption_entities", [])
            and _inline_markup(markup) == _inline_markup(message.get("reply_markup"))
        ):
            raise _not_modified()
        _set_or_pop(message, "caption", caption)
        _set_or_pop(message, "raw_caption", params.get("caption") if caption else None)
        _set_or_pop(message, "caption_entities", entities or None)
        _set_or_pop(message, "parse_mode", params.get("parse_mode") or None)
        _set_or_pop(message, "reply_markup", markup)
        message["edit_date"] = int(time.time())
        return _api_view(message)

    def _m_editmessagemedia(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        media = params.get("media")
        if not isinstance(media, dict) or "type" not in media or "media" not in media:
            raise FakeTelegramError(400, "Bad Request: can't parse InputMedia: media not found")
        kind = str(media["type"])
        if kind not in ("photo", "document", "video", "animation", "audio"):
            raise FakeTelegramError(400, "Bad Request: can't parse InputMedia: unsupported type")
        if self._inline_edit(params):
            return True
        message = self._find_message(params, "message to edit not found")
        self._check_editable(message)
        if not any(key in message for key in _MEDIA_KEYS):
            raise FakeTelegramError(400, "Bad Request: there is no media in the message to edit")
        caption, entities = self._format(media, "caption", required=False)
        markup = self._check_markup(params.get("reply_markup"))
        current = message.get(kind)
        current_id = (current[-1] if isinstance(current, list) else current or {}).get("file_id")
        if (
            isinstance(media["media"], str)
            and media["media"] == current_id
            and caption == message.get("caption")
            and _inline_markup(markup) == _inline_markup(message.get("reply_markup"))
        ):
            raise _not_modified()
        file_kind = "photos" if kind == "photo" else f"{kind}s"
        new_file = self._input_file(media["media"], kind=file_kind, field_name=kind)
        for key in (*_MEDIA_KEYS, "caption", "caption_entities", "raw_caption", "parse_mode"):
            message.pop(key, None)
        message[kind] = _photo_sizes(new_file) if kind == "photo" else new_file
        if caption is not None:
            message["caption"] = caption
            message["raw_caption"] = media["caption"]
            if entities:
                message["caption_entities"] = entities
            if media.get("parse_mode"):
                message["parse_mode"] = media["parse_mode"]
        _set_or_pop(message, "reply_markup", markup)
        message["edit_date"] = int(time.time())
        return _api_view(message)

    def _m_deletemessage(self, params: dict[str, Any]) -> bool:
        message = self._find_message(params, "message to delete not found")
        del self._messages[_chat_key(params["chat_id"])][message["message_id"]]
        return True

    def _m_deletemessages(self, params: dict[str, Any]) -> bool:
        chat = self._messages.get(_chat_key(params.get("chat_id", "")), {})
        for message_id in params.get("message_ids") or []:
            chat.pop(message_id, None)
        return True

    def _m_answercallbackquery(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        # Telegram accepts one answer per query; a second one is refused like a stale id.
        if query_id not in self._callback_ids or query_id in self._answered_callbacks:
            raise FakeTelegramError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        self._answered_callbacks[query_id] = dict(params)
        return True

    def _m_senddocument(self, params: dict[str, Any]) -> dict[str, Any]:
        document = self._input_file(params.get("document"), kind="documents", field_name="document")
        return self._send(params, {"document": document, **self._caption_content(params)})

    def _m_sendphoto(self, params: dict[str, Any]) -> dict[str, Any]:
        photo = self._input_file(params.get("photo"), kind="photos", field_name="photo")
        return self._send(params, {"photo": _photo_sizes(photo), **self._caption_content(params)})

    def _m_sendlocation(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._send(params, {"location": _location(params)})

    def _m_sendvenue(self, params: dict[str, Any]) -> dict[str, Any]:
        location = _location(params)
        for key in ("title", "address"):
            if not params.get(key):
                raise FakeTelegramError(400, f"Bad Request: venue {key} is empty")
        venue: dict[str, Any] = {
            "location": location,
            "title": params["title"],
            "address": params["address"],
        }
        for key in ("foursquare_id", "foursquare_type", "google_place_id", "google_place_type"):
            if params.get(key):
                venue[key] = params[key]
        return self._send(params, {"venue": venue, "location": location})

    def _m_sendchataction(self, params: dict[str, Any]) -> bool:
        if params.get("chat_id") in (None, ""):
            raise FakeTelegramError(400, "Bad Request: chat_id is empty")
        if not params.get("action"):
            raise FakeTelegramError(400, "Bad Request: wrong parameter action in request")
        return True

    @staticmethod
    def _copy_content(source: dict[str, Any]) -> dict[str, Any]:
        keep = (
            "text",
            "entities",
            "raw_text",
            "caption",
            "caption_entities",
            "raw_caption",
            "location",
            "venue",
            "contact",
            *_MEDIA_KEYS,
        )
        return {k: copy.deepcopy(v) for k, v in source.items() if k in keep}

    def _m_copymessage(self, params: dict[str, Any]) -> dict[str, Any]:
        source = self._source_message(params, "message to copy not found")
        content = self._copy_content(source)
        if params.get("caption") is not None and any(k in source for k in _MEDIA_KEYS):
            for key in ("caption", "caption_entities", "raw_caption"):
                content.pop(key, None)
            content.update(self._caption_content(params))
        result = self._send(params, content)
        return {"message_id": result["message_id"]}

    def _m_forwardmessage(self, params: dict[str, Any]) -> dict[str, Any]:
        source = self._source_message(params, "message to forward not found")
        content = self._copy_content(source)
        sender = source.get("from")
        if sender is not None:
            content["forward_origin"] = {
                "type": "user",
                "sender_user": sender,
                "date": source["date"],
            }
        else:
            content["forward_origin"] = {
                "type": "chat",
                "sender_chat": source["chat"],
                "date": source["date"],
            }
        params = {k: v for k, v in params.items() if k != "reply_markup"}
        return self._send(params, content)

    def _source_message(self, params: dict[str, Any], missing: str) -> dict[str, Any]:
        from_chat = params.get("from_chat_id")
        message_id = params.get("message_id")
        message = None
        if isinstance(message_id, int):
            message = self._messages.get(_chat_key(from_chat or ""), {}).get(message_id)
        if message is None:
            raise FakeTelegramError(400, f"Bad Request: {missing}")
        return message

    def _m_getchat(self, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("chat_id") in (None, ""):
            raise FakeTelegramError(400, "Bad Request: chat_id is empty")
        return {
            **self._chat(params["chat_id"]),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def _m_getfile(self, params: dict[str, Any]) -> dict[str, Any]:
        entry = self._files.get(str(params.get("file_id", "")))
        if entry is None:
            raise FakeTelegramError(400, "Bad Request: invalid file_id")
        return {
            "file_id": entry["file_id"],
            "file_unique_id": entry["file_unique_id"],
            "file_size": entry["file_size"],
            "file_path": entry["file_path"],
        }


# --------------------------------------------------------------------------- small helpers


def _chat_key(chat_id: Any) -> int | str:
    if isinstance(chat_id, bool):
        return str(chat_id)
    if isinstance(chat_id, int):
        return chat_id
    text = str(chat_id)
    return int(text) if _INT_RE.fullmatch(text) else text


def _commands_key(scope: Any, language_code: Any) -> tuple[str, str]:
    if not isinstance(scope, dict):
        scope = {"type": "default"}
    return json.dumps(scope, sort_keys=True), str(language_code or "")


def _api_view(message: dict[str, Any]) -> dict[str, Any]:
    """The message as the Bot API returns it (internal keys and reply keyboards dropped)."""
    view = {k: copy.deepcopy(v) for k, v in message.items() if k not in _INTERNAL_KEYS}
    markup = view.get("reply_markup")
    if not (isinstance(markup, dict) and "inline_keyboard" in markup):
        view.pop("reply_markup", None)
    return view


def _is_from_bot(message: dict[str, Any], fake: FakeBotAPI) -> bool:
    return bool((message.get("from") or {}).get("id") == fake.bot_user["id"])


def _inline_markup(markup: Any) -> Any:
    if isinstance(markup, dict) and markup.get("inline_keyboard"):
        return markup["inline_keyboard"]
    return None


def _not_modified() -> FakeTelegramError:
    return FakeTelegramError(
        400,
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message",
    )


def _set_or_pop(message: dict[str, Any], key: str, value: Any) -> None:
    if value is None:
        message.pop(key, None)
    else:
        message[key] = value


def _photo_sizes(file: dict[str, Any]) -> list[dict[str, Any]]:
    base = {k: v for k, v in file.items() if k in ("file_id", "file_unique_id", "file_size")}
    return [{**base, "width": 1280, "height": 960}]


def _location(params: dict[str, Any]) -> dict[str, Any]:
    try:
        latitude = float(params["latitude"])
        longitude = float(params["longitude"])
    except (KeyError, TypeError, ValueError):
        raise FakeTelegramError(400, "Bad Request: wrong latitude/longitude") from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise FakeTelegramError(400, "Bad Request: wrong latitude/longitude")
    return {"latitude": latitude, "longitude": longitude}


def _preview(message: dict[str, Any]) -> str:
    text = message.get("text") or message.get("caption") or ""
    if not text:
        kinds = [k for k in (*_MEDIA_KEYS, "location", "venue", "contact") if k in message]
        text = f"<{','.join(kinds) or 'message'}>"
    return f"#{message.get('message_id')}: {text[:120]!r}"
