"""Decoding request parameters (form, multipart, JSON) as Telegram does."""

from __future__ import annotations

import json
import re
from typing import Any

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
