"""The Bot API methods of the fake."""

from __future__ import annotations

import copy
import time
from typing import Any

from tests.fakebot.common import (
    _COMMAND_RE,
    _MEDIA_KEYS,
    FakeTelegramError,
    _api_view,
    _chat_key,
    _commands_key,
    _inline_markup,
    _location,
    _not_modified,
    _photo_sizes,
    _set_or_pop,
)


class BotMethods:
    """The Bot API methods the fake implements (`_m_<method>`)."""

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
