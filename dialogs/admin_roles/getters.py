"""Data for the roles windows: who is staff, with names escaped for HTML."""

from __future__ import annotations

from html import escape
from typing import Any

from aiogram_dialog import DialogManager
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event
from core.settings import Settings
from storage.models import StaffRole, User
from ui.context import Ctx


def display_name(user: User | None, user_id: int) -> str:
    """'Ann Lee (@ann, 123)' as plain text (escape it for HTML)."""
    if user is None:
        return str(user_id)
    name = " ".join(p for p in (user.first_name, user.last_name) if p) or str(user_id)
    handle = f"@{user.username}, " if user.username else ""
    return f"{name} ({handle}{user_id})"


async def _users(session: AsyncSession, ids: list[int]) -> dict[int, User]:
    if not ids:
        return {}
    rows = await session.scalars(select(User).where(User.id.in_(ids)))
    return {u.id: u for u in rows.all()}


async def roles_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    session: AsyncSession = ctx.session
    settings: Settings = ctx.settings
    overseer_ids = sorted(set(settings.admin_ids))
    query = select(StaffRole).order_by(StaffRole.added_at, StaffRole.user_id)
    if overseer_ids:
        query = query.where(StaffRole.user_id.not_in(overseer_ids))
    staff = (await session.scalars(query)).all()
    users = await _users(session, overseer_ids + [s.user_id for s in staff])
    overseers = "\n".join(f"• {escape(display_name(users.get(uid), uid))}" for uid in overseer_ids)
    return {
        "overseers": overseers or "—",
        "overseer_count": len(overseer_ids),
        "organiser_count": len(staff),
        "organisers": [
            {"id": str(s.user_id), "label": display_name(users.get(s.user_id), s.user_id)}
            for s in staff
        ],
    }


async def member_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    session: AsyncSession = ctx.session
    seminar: Event = ctx.seminar
    user_id = int(dialog_manager.dialog_data.get("member", 0))
    staff = await session.get(StaffRole, user_id)
    users = await _users(
        session, [user_id] + ([staff.added_by] if staff and staff.added_by else [])
    )
    added_at = staff.added_at.astimezone(seminar.tz) if staff else None
    return {
        "name": escape(display_name(users.get(user_id), user_id)),
        "present": staff is not None,
        "added_by": escape(
            display_name(users.get(staff.added_by), staff.added_by)
            if staff and staff.added_by
            else "—"
        ),
        "added_at": f"{added_at:%Y-%m-%d %H:%M}" if added_at else "—",
    }


async def candidate_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    session: AsyncSession = ctx.session
    user_id = int(dialog_manager.dialog_data.get("candidate", 0))
    user = await session.get(User, user_id)
    note = "" if user is not None else "\n" + ctx.l10n("console-roles-not-met")
    return {"name": escape(display_name(user, user_id)), "note": note}
