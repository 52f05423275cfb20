"""Last router: unknown commands, and staff commands tried by someone who is not staff;
`audit_denied` writes every refused staff attempt (command, button, dialog) to the audit
log."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from core.i18n import Translator
from storage.repositories.audit import AuditRepo
from ui.filters import Magic

log = logging.getLogger(__name__)


def command_name(text: str | None) -> str:
    """'/Export@seminar_bot csv' → 'export'; '' for a text that is not a command (also
    one of nothing but spaces: `"\u3000".split()` is empty)."""
    words = (text or "").split(maxsplit=1)
    if not words or not words[0].startswith("/"):
        return ""
    return words[0][1:].split("@")[0].lower()


async def audit_denied(session: AsyncSession, user_id: int, what: str) -> None:
    """A refused staff attempt (command, button, dialog), written to the audit log."""
    log.warning("user %s was denied %s", user_id, what)
    AuditRepo(session).add(user_id, "denied", what[:200])
    await session.commit()


async def denied_callback(callback: CallbackQuery, l10n: Translator, session: AsyncSession) -> None:
    """A staff button (its data copied or forged) pressed by someone who is not staff."""
    prefix = (callback.data or "").split(":", 1)[0]
    await audit_denied(session, callback.from_user.id, f"callback {prefix}:")
    await callback.answer(l10n("staff-denied"), show_alert=True)


def router(staff_commands: Iterable[str]) -> Router:
    staff = frozenset(staff_commands)

    async def unknown_command(message: Message, l10n: Translator, session: AsyncSession) -> None:
        """Any command nobody handled; a denied staff command looks exactly the same."""
        command = command_name(message.text)
        if command in staff and message.from_user is not None:
            await audit_denied(session, message.from_user.id, f"/{command}")
        await message.answer(l10n("command-unknown"))

    r = Router(name=__name__)
    r.message.register(unknown_command, Magic(F.text.startswith("/")))
    return r
