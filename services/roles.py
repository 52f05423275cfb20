"""Who may do what: overseers (from ADMIN_IDS) and organisers (added in the chat).

Organisers run the registration queue, tickets, check-in and broadcasts; only overseers
manage roles, export personal data and erase data. Admins are identified by numeric
Telegram user id, never by username.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import Any

from aiogram.filters import Filter
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser
from sqlalchemy.ext.asyncio import AsyncSession

from core.settings import Settings
from storage.models import StaffRole

log = logging.getLogger(__name__)


class Role(StrEnum):
    OVERSEER = "overseer"
    ORGANISER = "organiser"


RANK = {Role.ORGANISER: 1, Role.OVERSEER: 2}


async def role_of(user_id: int, session: AsyncSession, settings: Settings) -> Role | None:
    """The staff role of a user, or None for delegates and everyone else."""
    if user_id in settings.admin_ids:
        return Role.OVERSEER
    row = await session.get(StaffRole, user_id)
    if row is None:
        return None
    try:
        return Role(row.role)
    except ValueError:
        return None


def allows(role: Role | None, needed: Role) -> bool:
    return role is not None and RANK[role] >= RANK[needed]


class StaffOnly(Filter):
    """Passes staff of at least `needed` rank and hands the handler its `role`.

    Everyone else falls through to the unknown-command handler, which logs the attempt.
    """

    def __init__(self, needed: Role = Role.ORGANISER) -> None:
        self.needed = needed

    async def __call__(
        self,
        event: TelegramObject,
        session: AsyncSession,
        settings: Settings,
        event_from_user: TgUser | None = None,
        **_: Any,
    ) -> bool | dict[str, Any]:
        if event_from_user is None:
            return False
        role = await role_of(event_from_user.id, session, settings)
        if not allows(role, self.needed):
            return False
        return {"role": role}
