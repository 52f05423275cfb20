"""The export's sheets about messages sent: every broadcast and reminder with its
delivery counts, and every message that did not arrive.
"""

from __future__ import annotations

from sqlalchemy import func, select

from services.exports.base import ExportContext, Rows, Sheet
from services.exports.streaming import _count, _stream
from storage.models import User


async def broadcasts(context: ExportContext) -> Sheet:
    """Every broadcast and reminder sent, with its delivery counts by outcome."""
    from storage.models.delivery import Broadcast, Delivery, DeliveryState

    states = [s.value for s in DeliveryState]
    headers = [
        context.header("broadcast"),
        context.header("kind"),
        context.header("title"),
        context.header("state"),
        context.header("audience"),
        context.header("created-by"),
        context.header_at("created"),
        context.header_at("scheduled"),
        context.header_at("started"),
        context.header_at("finished"),
        context.header("recipients"),
        *(context.header(f"delivery-{s}") for s in states),
    ]
    statement = select(Broadcast).order_by(Broadcast.id)

    async def rows() -> Rows:
        counts: dict[int, dict[str, int]] = {}
        grouped = select(Delivery.broadcast_id, Delivery.state, func.count()).group_by(
            Delivery.broadcast_id, Delivery.state
        )
        for broadcast_id, state, n in (await context.session.execute(grouped)).all():
            counts.setdefault(broadcast_id, {})[state] = n
        async for (item,) in _stream(context, statement):
            mine = counts.get(item.id, {})
            audience = item.audience or {}
            yield (
                item.id,
                item.kind,
                item.title,
                item.state,
                " ".join(str(v) for v in (audience.get("kind"), audience.get("value")) if v),
                item.created_by,
                item.created_at,
                item.scheduled_at,
                item.started_at,
                item.finished_at,
                sum(mine.values()),
                *(mine.get(s, 0) for s in states),
            )

    return Sheet(
        "broadcasts",
        context.l10n("console-sheet-broadcasts"),
        headers,
        rows,
        lambda: _count(context, select(func.count(Broadcast.id))),
    )


async def delivery_failures(context: ExportContext) -> Sheet:
    """Every message that did not arrive: blocked the bot, or failed, and why."""
    from storage.models.delivery import Broadcast, Delivery, DeliveryState

    headers = [
        context.header("broadcast"),
        context.header("title"),
        context.header("user-id"),
        context.header("name"),
        context.header("username"),
        context.header("state"),
        context.header("attempts"),
        context.header("error"),
    ]
    missed = Delivery.state.in_([DeliveryState.BLOCKED, DeliveryState.FAILED])
    statement = (
        select(
            Delivery.broadcast_id,
            Broadcast.title,
            Delivery.user_id,
            User.first_name,
            User.last_name,
            User.username,
            Delivery.state,
            Delivery.attempts,
            Delivery.error,
        )
        .join(Broadcast, Broadcast.id == Delivery.broadcast_id)
        .outerjoin(User, User.id == Delivery.user_id)
        .where(missed)
        .order_by(Delivery.broadcast_id, Delivery.user_id)
    )

    async def rows() -> Rows:
        async for bid, title, uid, first, last, username, state, attempts, error in _stream(
            context, statement
        ):
            name = " ".join(p for p in (first, last) if p) or None
            yield (bid, title, uid, name, username, state, attempts, error)

    return Sheet(
        "failures",
        context.l10n("console-sheet-failures"),
        headers,
        rows,
        lambda: _count(context, select(func.count(Delivery.id)).where(missed)),
    )
