"""Simulating users and inspecting the fake's state."""

from __future__ import annotations

import copy
from typing import Any

from tests.fakebot.common import Call, _api_view, _chat_key, _commands_key, _is_from_bot, _preview
from tests.fakebot.html import _utf16_len


class UserSimulation:
    """Simulating users (messages, presses) and inspecting state."""

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
