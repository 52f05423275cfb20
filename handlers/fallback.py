"""Last router: unknown commands, and staff commands tried by someone who is not staff."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from aiogram import F, Router
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.filters import Magic
from bot.i18n import Translator
from storage.repositories.audit import AuditRepo

log = logging.getLogger(__name__)


def command_name(text: str | None) -> str:
    """'/Export@seminar_bot csv' → 'export'; '' for a text that is not a command (also
    one of nothing but spaces: `"\u3000".split()` is empty)."""
    words = (text or "").split(maxsplit=1)
    if not words or not words[0].startswith("/"):
        return ""
    return words[0][1:].split("@")[0].lower()


def router(staff_commands: Iterable[str]) -> Router:
    staff = frozenset(staff_commands)

    async def unknown_command(message: Message, l10n: Translator, session: AsyncSession) -> None:
        """Any command nobody handled; a denied staff command looks exactly the same."""
        command = command_name(message.text)
        if command in staff and message.from_user is not None:
            log.warning("user %s tried staff command /%s", message.from_user.id, command)
            AuditRepo(session).add(message.from_user.id, "denied", f"/{command}")
            await session.commit()
        await message.answer(l10n("command-unknown"))

    r = Router(name=__name__)
    r.message.register(unknown_command, Magic(F.text.startswith("/")))
    return r
