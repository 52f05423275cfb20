"""Broadcasts, their deliveries, the scheduled reminders and the published materials.

* `Broadcast`: one message (per-language texts, optional photo/document, optional URL
  or survey button, optional venue pin) for an audience. Composed by an organiser, or
  created by the scheduler when a reminder comes due, or by publishing a material.
* `Delivery`: one (broadcast, recipient) row with a unique key. The delivery engine
  (`bot/delivery.py`) claims pending rows, sends, and records the outcome, so that a
  restart resumes from the rows.
* `ScheduledReminder`: one occurrence of the event file's reminder plan (a `day 08:00`
  reminder has one row per event day) or a reminder added in the chat. The database,
  not APScheduler, knows what is scheduled and what was sent.
* `PublishedMaterial`: a material the overseer has published (a link of the event file
  or a document uploaded in the chat); `/materials` lists them.
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
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class BroadcastState(StrEnum):
    SCHEDULED = "scheduled"  # waits for `scheduled_at`; recipients chosen when it starts
    SENDING = "sending"  # deliveries exist; the engine is sending
    DONE = "done"
    CANCELLED = "cancelled"
    MISSED = "missed"  # its time passed while the bot was down, beyond the grace window


class BroadcastKind(StrEnum):
    BROADCAST = "broadcast"  # composed by an organiser
    REMINDER = "reminder"  # a scheduled reminder that came due
    MATERIALS = "materials"  # a published material
    SESSION = "session"  # a session reminder for followers
    NOTICE = "notice"  # a report to the overseers (e.g. a missed reminder)


class DeliveryState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by the engine; the outcome is not recorded yet
    SENT = "sent"
    BLOCKED = "blocked"  # 403: the user blocked the bot or is deactivated
    FAILED = "failed"  # a permanent error, or retries exhausted
    CANCELLED = "cancelled"


class ReminderState(StrEnum):
    SCHEDULED = "scheduled"
    SENT = "sent"  # handed to the delivery engine (see `broadcast_id` for the counts)
    MISSED = "missed"
    CANCELLED = "cancelled"


class Broadcast(Base):
    __tablename__ = "broadcasts"
    __table_args__ = (Index("ix_broadcasts_state", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default=BroadcastKind.BROADCAST)
    title: Mapped[str] = mapped_column(String(128), default="")
    # HTML per language; a recipient gets their language, else English, else any.
    texts: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    media_kind: Mapped[str | None] = mapped_column(String(16), nullable=True)
    media_file_id: Mapped[str | None] = mapped_column(String(256), nullable=True)
    button_text: Mapped[str | None] = mapped_column(String(64), nullable=True)
    button_url: Mapped[str | None] = mapped_column(String(512), nullable=True)
    survey_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # Inline keyboards per language (InlineKeyboardMarkup as JSON), for generated messages
    # such as session reminders; a composed broadcast uses button_* and survey_id instead.
    markup: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    venue: Mapped[bool] = mapped_column(Boolean, default=False)
    # The audience (storage.repositories.audience): {"kind": ..., "value": ...}.
    audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(16), default=BroadcastState.SENDING)
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    total: Mapped[int] = mapped_column(Integer, default=0)
    # The organiser's progress message, edited while sending.
    progress_chat_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    progress_lang: Mapped[str | None] = mapped_column(String(8), nullable=True)


class Delivery(Base):
    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("broadcast_id", "user_id"),
        Index("ix_deliveries_state", "state", "broadcast_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcasts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[str] = mapped_column(String(12), default=DeliveryState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Parts of the message already sent (text, then e.g. the venue pin).
    step: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # The process (`replicas.id`) sending it while `state` is `sending`.
    claimed_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    message_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    error: Mapped[str | None] = mapped_column(String(256), nullable=True)


class ScheduledReminder(Base):
    __tablename__ = "scheduled_reminders"
    __table_args__ = (Index("ix_scheduled_reminders_state", "state", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # `plan:<reminder id>`, `plan:<reminder id>:<YYYY-MM-DD>` (daily), `custom:<hex>`.
    key: Mapped[str] = mapped_column(String(96), unique=True)
    plan_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    state: Mapped[str] = mapped_column(String(12), default=ReminderState.SCHEDULED)
    texts: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # HTML per language
    audience: Mapped[str] = mapped_column(String(16))
    include: Mapped[list[str]] = mapped_column(JSON, default=list)
    survey_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    unless_answered: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # Changed in the chat: the event file no longer overwrites it.
    edited: Mapped[bool] = mapped_column(Boolean, default=False)
    broadcast_id: Mapped[int | None] = mapped_column(
        ForeignKey("broadcasts.id", ondelete="SET NULL"), nullable=True
    )
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    fired_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class PublishedMaterial(Base):
    __tablename__ = "published_materials"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The event file's material id, or null for a document uploaded in the chat.
    material_id: Mapped[str | None] = mapped_column(String(32), nullable=True, unique=True)
    title: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # plain text per language
    url: Mapped[str | None] = mapped_column(String(512), nullable=True)
    file_id: Mapped[str | None] = mapped_column(String(256), nullable=True)
    file_name: Mapped[str | None] = mapped_column(String(256), nullable=True)
    published_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    broadcast_id: Mapped[int | None] = mapped_column(
        ForeignKey("broadcasts.id", ondelete="SET NULL"), nullable=True
    )
