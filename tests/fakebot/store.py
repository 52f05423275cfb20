"""How the fake stores chats, messages and files."""

from __future__ import annotations

import time
from typing import Any

from tests.fakebot.common import (
    MAX_CALLBACK_DATA_BYTES,
    MAX_CAPTION_LENGTH,
    MAX_TEXT_LENGTH,
    FakeTelegramError,
    HTMLParseError,
    _api_view,
    _chat_key,
    _inline_markup,
    _is_from_bot,
)
from tests.fakebot.html import parse_html
from tests.fakebot.params import _is_upload


class Store:
    """Chats, messages and files as the fake keeps them."""

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
