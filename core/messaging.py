"""The one narrow interface through which services send messages.

Services (registration notices, the helpdesk, the consultation) must tell people things,
but they sit below the Telegram runtime and may not import aiogram's `Bot`. They take a
`Messenger` instead; `bot/messenger.py` implements it over aiogram's `Bot` and maps
Telegram's errors to the two below, and tests may pass any object with these methods.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from aiogram.types import InlineKeyboardMarkup


class MessagingError(Exception):
    """A message was not sent (Telegram refused it, or could not be reached)."""


class Undeliverable(MessagingError):
    """The recipient cannot receive it: the bot is blocked, the chat is unknown or the
    request was refused as bad. Retrying is useless."""


class Messenger(Protocol):
    """Sends messages; each method returns the id of the message sent or raises
    `MessagingError` (`Undeliverable` when the recipient cannot be reached at all)."""

    async def send(
        self, chat_id: int, text: str, *, markup: InlineKeyboardMarkup | None = None
    ) -> int:
        """An HTML text message, with optional inline buttons."""
        ...

    async def send_photo(
        self, chat_id: int, photo: bytes, *, filename: str, caption: str | None = None
    ) -> int:
        """A picture (bytes of a PNG or JPEG) with an HTML caption."""
        ...

    async def send_venue(
        self, chat_id: int, *, latitude: float, longitude: float, title: str, address: str
    ) -> int:
        """A venue pin."""
        ...

    async def deep_link(self, payload: str) -> str:
        """`https://t.me/<bot>?start=<payload>`: a link that starts this bot with `payload`."""
        ...
