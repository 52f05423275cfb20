"""The export's sheets about the staff: the audit log of admin actions and the
roles (overseers and organisers).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from services.exports.base import ExportContext, Rows, Sheet
from services.exports.labels import Labels
from services.exports.streaming import _count, _stream
from storage.models import AuditEntry, StaffRole, User


async def audit_log(context: ExportContext) -> Sheet:
    """Every admin action, oldest first, with the actor's name when known."""
    headers = [
        context.header("entry"),
        context.header_at("at"),
        context.header("actor-id"),
        context.header("actor"),
        context.header("action"),
        context.header("target"),
        context.header("details"),
    ]
    actor = aliased(User)
    statement = (
        select(
            AuditEntry.id,
            AuditEntry.at,
            AuditEntry.actor_id,
            actor.first_name,
            actor.last_name,
            AuditEntry.action,
            AuditEntry.target,
            AuditEntry.details,
        )
        .outerjoin(actor, actor.id == AuditEntry.actor_id)
        .order_by(AuditEntry.id)
    )

    async def rows() -> Rows:
        async for entry_id, at, actor_id, first, last, action, target, details in _stream(
            context, statement
        ):
            name = " ".join(p for p in (first, last) if p) or None
            yield (entry_id, at, actor_id, name, action, target, details)

    return Sheet(
        "audit",
        context.l10n("console-sheet-audit"),
        headers,
        rows,
        lambda: _count(context, select(func.count(AuditEntry.id))),
    )


async def roles(context: ExportContext) -> Sheet:
    """Overseers (from ADMIN_IDS) and the organisers added in the chat."""
    headers = [
        context.header("user-id"),
        context.header("name"),
        context.header("username"),
        context.header("role"),
        context.header("added-by"),
        context.header_at("added-at"),
    ]

    labels = Labels(context.seminar, context.l10n)

    async def rows() -> Rows:
        session = context.session
        overseers = sorted(set(context.admin_ids))
        users = (
            {
                u.id: u
                for u in (await session.scalars(select(User).where(User.id.in_(overseers)))).all()
            }
            if overseers
            else {}
        )
        for user_id in overseers:
            user = users.get(user_id)
            yield (
                user_id,
                _name(user),
                user.username if user is not None else None,
                labels.role("overseer"),
                "ADMIN_IDS",
                None,
            )
        statement = (
            select(StaffRole, User)
            .outerjoin(User, User.id == StaffRole.user_id)
            .order_by(StaffRole.added_at, StaffRole.user_id)
        )
        async for staff, user in _stream(context, statement):
            if staff.user_id in overseers:
                continue
            yield (
                staff.user_id,
                _name(user),
                user.username if user is not None else None,
                labels.role(staff.role),
                staff.added_by,
                staff.added_at,
            )

    async def count() -> int:
        overseers = set(context.admin_ids)
        organisers = select(func.count()).select_from(StaffRole)
        if overseers:
            organisers = organisers.where(StaffRole.user_id.not_in(overseers))
        return len(overseers) + await _count(context, organisers)

    return Sheet("roles", context.l10n("console-sheet-roles"), headers, rows, count)


def _name(user: User | None) -> str | None:
    if user is None:
        return None
    return " ".join(p for p in (user.first_name, user.last_name) if p) or None
