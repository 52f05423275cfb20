"""Constants, errors, the call record and small helpers shared by the fake's parts."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from tests.fakebot.params import _INT_RE, _is_upload

if TYPE_CHECKING:
    from tests.fakebot.server import FakeBotAPI


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
