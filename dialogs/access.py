"""Checking a role inside a dialog, where the router-level staff filter cannot help
(a role may have been taken away while the dialog was open)."""

from __future__ import annotations

import logging

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from sqlalchemy.ext.asyncio import AsyncSession

from bot.roles import Role, allows, role_of
from dialogs.widgets import translator
from storage.repositories.audit import AuditRepo

log = logging.getLogger(__name__)


async def require(
    event: CallbackQuery | Message,
    manager: DialogManager,
    needed: Role,
    what: str,
    denied: str = "console-overseer-only",
) -> bool:
    """True if the user holds `needed`; otherwise answer with the message `denied`, audit
    the attempt and return False."""
    data = manager.middleware_data
    session: AsyncSession = data["session"]
    user_id = event.from_user.id if event.from_user else 0
    if allows(await role_of(user_id, session, data["settings"]), needed):
        return True
    log.warning("user %s was denied %s", user_id, what)
    AuditRepo(session).add(user_id, "denied", what)
    await session.commit()
    text = translator(manager)(denied)
    if isinstance(event, CallbackQuery):
        await event.answer(text, show_alert=True)
    else:
        await event.answer(text)
    return False
