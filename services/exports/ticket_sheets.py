"""The export's helpdesk sheet: the questions handed to a person, with the latest
answer and the size of the thread.
"""

from __future__ import annotations

from sqlalchemy import func, select

from services.exports.base import ExportContext, Rows, Sheet
from services.exports.streaming import _count, _stream
from storage.models import User
from storage.models.registration import Registration


async def tickets(context: ExportContext) -> Sheet:
    """Questions handed to a person, with the latest answer and the size of the thread."""
    from storage.models.logistics import Ticket, TicketMessage

    headers = [
        context.header("ticket"),
        context.header("user-id"),
        context.header("full-name"),
        context.header("economy-code"),
        context.header("status"),
        context.header("language"),
        context.header("question"),
        context.header_at("created"),
        context.header_at("answered"),
        context.header("answered-by"),
        context.header_at("closed"),
        context.header("messages"),
        context.header("last-answer"),
    ]
    messages = (
        select(func.count(TicketMessage.id))
        .where(TicketMessage.ticket_id == Ticket.id)
        .scalar_subquery()
    )
    last_answer = (
        select(TicketMessage.text)
        .where(TicketMessage.ticket_id == Ticket.id, TicketMessage.from_staff.is_(True))
        .order_by(TicketMessage.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    statement = (
        select(
            Ticket.id,
            Ticket.user_id,
            func.coalesce(Registration.full_name, User.first_name),
            Registration.economy,
            Ticket.status,
            Ticket.lang,
            Ticket.question,
            Ticket.created_at,
            Ticket.answered_at,
            Ticket.answered_by,
            Ticket.closed_at,
            messages,
            last_answer,
        )
        .outerjoin(Registration, Registration.user_id == Ticket.user_id)
        .outerjoin(User, User.id == Ticket.user_id)
        .order_by(Ticket.id)
    )

    async def rows() -> Rows:
        async for row in _stream(context, statement):
            yield row

    return Sheet(
        "tickets",
        context.l10n("console-sheet-tickets"),
        headers,
        rows,
        lambda: _count(context, select(func.count(Ticket.id))),
    )
