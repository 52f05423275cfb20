"""Who may do what: overseers (from ADMIN_IDS) and organisers (added in the chat).

Organisers run the registration queue, tickets, check-in and broadcasts; only overseers
manage roles, export personal data and erase data. Admins are identified by numeric
Telegram user id, never by username.
"""

from __future__ import annotations

import logging
from enum import StrEnum

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
