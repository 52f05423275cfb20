"""Logistics and the programme: questions, tickets, promoted FAQ answers, session follows,
the agenda snapshot, and the programme consultation.

- `faq_queries`: every question typed to the bot, what the FAQ answered and whether it
  helped (the "Ask a person" button refers to it).
- `tickets` / `ticket_messages`: a question handed to a person and the thread that follows;
  `ticket_posts` remembers which chat message stands for which ticket, so that replying
  to it continues the thread.
- `faq_entries`: answers organisers promoted from tickets; they answer the next delegate.
- `session_follows` / `session_reminders`: the sessions a delegate follows and the
  reminders already sent (one per user, session and start time).
- `agenda_snapshot`: the agenda as last seen, to tell followers what changed.
- `consultations` / `consultation_responses`: the draft programme sent to economies and
  their approvals and comments.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class QueryOutcome(StrEnum):
    ANSWERED = "answered"  # a confident FAQ answer
    SUGGESTED = "suggested"  # two or three closest topics offered
    NO_MATCH = "no_match"  # nothing close: handed to a person
    HELPFUL = "helpful"  # the delegate said the answer helped
    ESCALATED = "escalated"  # the delegate asked for a person


class FaqQuery(Base):
    __tablename__ = "faq_queries"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(8))
    faq_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    score: Mapped[float | None] = mapped_column(nullable=True)
    outcome: Mapped[str] = mapped_column(String(16))
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", ondelete="SET NULL"), nullable=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class TicketStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (Index("ix_tickets_status", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default=TicketStatus.OPEN)
    question: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    answered_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    faq_entry_id: Mapped[int | None] = mapped_column(nullable=True)
    """The FAQ entry promoted from this ticket, if any."""


class TicketMessage(Base):
    """One message of a ticket's thread: the delegate's or an organiser's."""

    __tablename__ = "ticket_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(BigInteger)
    from_staff: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class TicketPost(Base):
    """A bot message that stands for a ticket (replying to it continues the thread)."""

    __tablename__ = "ticket_posts"
    __table_args__ = (UniqueConstraint("chat_id", "message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)
    to_staff: Mapped[bool] = mapped_column(Boolean, default=True)


class FaqEntry(Base):
    """An answer promoted from a ticket; it answers the next delegate who asks the same."""

    __tablename__ = "faq_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[str] = mapped_column(String(32), default="other")
    lang: Mapped[str] = mapped_column(String(8))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", ondelete="SET NULL"), nullable=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SessionFollow(Base):
    """A delegate follows a session of the agenda (by the event file's session id)."""

    __tablename__ = "session_follows"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    session_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SessionReminder(Base):
    """A reminder sent (or claimed for sending) before a followed session starts."""

    __tablename__ = "session_reminders"
    __table_args__ = (UniqueConstraint("user_id", "session_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger)
    session_id: Mapped[str] = mapped_column(String(40))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AgendaSnapshot(Base):
    """A session of the agenda as last seen: a change is told to its followers once."""

    __tablename__ = "agenda_snapshot"

    session_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ConsultationStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Consultation(Base):
    """The draft programme sent to the economies for approval or comment."""

    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default=ConsultationStatus.OPEN)
    audience: Mapped[str] = mapped_column(String(16))
    draft: Mapped[dict[str, Any]] = mapped_column(JSON)
    """The agenda as sent (session id -> what the delegates saw)."""
    opened_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    recipients: Mapped[int] = mapped_column(default=0)


PROGRAMME_SCOPE = "*"
"""`consultation_responses.scope` of an answer about the whole programme."""


class ConsultationResponse(Base):
    """One delegate's Approve or Comment, for one session or the whole programme."""

    __tablename__ = "consultation_responses"
    __table_args__ = (UniqueConstraint("consultation_id", "user_id", "scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(BigInteger)
    economy: Mapped[str | None] = mapped_column(String(16), nullable=True)
    scope: Mapped[str] = mapped_column(String(40))
    """A session id, or `*` for the whole programme."""
    verdict: Mapped[str] = mapped_column(String(16))
    """`approve` or `comment`."""
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
