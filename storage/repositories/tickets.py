"""Questions, tickets and their threads, and FAQ entries promoted from tickets."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import utcnow
from storage.models.logistics import (
    FaqEntry,
    FaqQuery,
    Ticket,
    TicketMessage,
    TicketPost,
    TicketStatus,
)


class TicketRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # ----------------------------------------------------------------- questions

    async def log_query(
        self,
        user_id: int,
        text: str,
        lang: str,
        outcome: str,
        faq_id: str | None = None,
        score: float | None = None,
    ) -> FaqQuery:
        query = FaqQuery(
            user_id=user_id, text=text, lang=lang, outcome=outcome, faq_id=faq_id, score=score
        )
        self.session.add(query)
        await self.session.flush()
        return query

    async def get_query(self, query_id: int) -> FaqQuery | None:
        return await self.session.get(FaqQuery, query_id)

    # ----------------------------------------------------------------- tickets

    async def open(self, user_id: int, question: str, lang: str) -> Ticket:
        """A new ticket with the delegate's question as its first message."""
        ticket = Ticket(user_id=user_id, question=question, lang=lang, status=TicketStatus.OPEN)
        self.session.add(ticket)
        await self.session.flush()
        self.session.add(TicketMessage(ticket_id=ticket.id, author_id=user_id, text=question))
        await self.session.flush()
        return ticket

    async def get(self, ticket_id: int) -> Ticket | None:
        return await self.session.get(Ticket, ticket_id)

    async def add_message(
        self, ticket: Ticket, author_id: int, text: str, *, from_staff: bool
    ) -> TicketMessage:
        """Add to the thread; an organiser's message answers, a delegate's reopens."""
        now = utcnow()
        message = TicketMessage(
            ticket_id=ticket.id, author_id=author_id, text=text, from_staff=from_staff, at=now
        )
        self.session.add(message)
        ticket.updated_at = now
        if from_staff:
            ticket.status = TicketStatus.ANSWERED
            ticket.answered_at = now
            ticket.answered_by = author_id
        else:
            ticket.status = TicketStatus.OPEN
            ticket.closed_at = None
        await self.session.flush()
        return message

    async def close(self, ticket: Ticket) -> None:
        ticket.status = TicketStatus.CLOSED
        ticket.closed_at = ticket.updated_at = utcnow()
        await self.session.flush()

    async def reopen(self, ticket: Ticket) -> None:
        ticket.status = TicketStatus.OPEN
        ticket.closed_at = None
        ticket.updated_at = utcnow()
        await self.session.flush()

    async def thread(self, ticket_id: int) -> Sequence[TicketMessage]:
        result = await self.session.scalars(
            select(TicketMessage)
            .where(TicketMessage.ticket_id == ticket_id)
            .order_by(TicketMessage.id)
        )
        return result.all()

    async def last_staff_answer(self, ticket_id: int) -> TicketMessage | None:
        result = await self.session.scalars(
            select(TicketMessage)
            .where(TicketMessage.ticket_id == ticket_id, TicketMessage.from_staff.is_(True))
            .order_by(TicketMessage.id.desc())
            .limit(1)
        )
        return result.first()

    async def by_status(self, status: str | Sequence[str], limit: int = 50) -> Sequence[Ticket]:
        statuses = [status] if isinstance(status, str) else list(status)
        result = await self.session.scalars(
            select(Ticket)
            .where(Ticket.status.in_(statuses))
            .order_by(Ticket.updated_at.desc(), Ticket.id.desc())
            .limit(limit)
        )
        return result.all()

    async def count_by_status(self) -> dict[str, int]:
        rows = await self.session.execute(
            select(Ticket.status, func.count(Ticket.id)).group_by(Ticket.status)
        )
        counts = {status.value: 0 for status in TicketStatus}
        counts.update({str(status): int(n) for status, n in rows.all()})
        return counts

    async def of_user(self, user_id: int, limit: int = 10) -> Sequence[Ticket]:
        result = await self.session.scalars(
            select(Ticket).where(Ticket.user_id == user_id).order_by(Ticket.id.desc()).limit(limit)
        )
        return result.all()

    # ----------------------------------------------------------------- posts

    def add_post(self, ticket_id: int, chat_id: int, message_id: int, *, to_staff: bool) -> None:
        self.session.add(
            TicketPost(
                ticket_id=ticket_id, chat_id=chat_id, message_id=message_id, to_staff=to_staff
            )
        )

    async def post(self, chat_id: int, message_id: int) -> TicketPost | None:
        """The ticket message `message_id` in `chat_id` stands for, if any."""
        result = await self.session.scalars(
            select(TicketPost).where(
                TicketPost.chat_id == chat_id, TicketPost.message_id == message_id
            )
        )
        return result.first()

    # ----------------------------------------------------------------- promoted FAQ

    async def promote(self, ticket: Ticket, question: str, answer: str, actor_id: int) -> FaqEntry:
        entry = FaqEntry(
            lang=ticket.lang,
            question=question,
            answer=answer,
            ticket_id=ticket.id,
            created_by=actor_id,
            topic="other",
        )
        self.session.add(entry)
        await self.session.flush()
        ticket.faq_entry_id = entry.id
        return entry

    async def faq_entry(self, entry_id: int) -> FaqEntry | None:
        return await self.session.get(FaqEntry, entry_id)

    async def withdraw(self, entry: FaqEntry) -> None:
        entry.active = False
        await self.session.flush()
