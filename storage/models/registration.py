"""Registrations of participants, their status history and daily attendance.

A registration is one row per Telegram user: created as a draft when the user accepts
the privacy notice, filled field by field (`answers`, keyed by the event file's field
ids), then submitted. The fields other features filter and count on are also kept in
their own columns.

`economy` holds an economy code of the event file, or `ECONOMY_INTERNATIONAL` /
`ECONOMY_OTHER` of `core.economies` (lowercase, so they never clash with a code).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class RegistrationStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    WAITLISTED = "waitlisted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Funding(StrEnum):
    """Funding of a delegate of a travel-eligible economy."""

    NONE = "none"  # self-funded, or not requested
    FUNDED = "funded"  # one of the funded places of the economy
    ALTERNATE = "alternate"  # the economy's alternate place
    WAITLISTED = "waitlisted"  # requested beyond the quota


class Registration(Base):
    __tablename__ = "registrations"
    __table_args__ = (
        Index("ix_registrations_status", "status"),
        Index("ix_registrations_economy", "economy"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(String(16), default=RegistrationStatus.DRAFT)
    # Every answer of the form, keyed by field id (values as JSON: str, bool, list, ISO dates).
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Denormalized copies of the answers other features filter and count on.
    full_name: Mapped[str | None] = mapped_column(String(256), nullable=True)
    economy: Mapped[str | None] = mapped_column(String(16), nullable=True)
    organisation: Mapped[str | None] = mapped_column(String(256), nullable=True)
    sector: Mapped[str | None] = mapped_column(String(32), nullable=True)
    role: Mapped[str | None] = mapped_column(String(16), nullable=True)
    gender: Mapped[str | None] = mapped_column(String(24), nullable=True)
    email: Mapped[str | None] = mapped_column(String(256), nullable=True)
    funding_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    funding: Mapped[str] = mapped_column(String(16), default=Funding.NONE)
    focal_point: Mapped[bool] = mapped_column(Boolean, default=False)
    # Travel details still to give once approved (services/registration/stages.py); null:
    # not approved. Read by the reminder audience `travel_missing`.
    travel_missing: Mapped[int | None] = mapped_column(Integer, nullable=True)
    consent_version: Mapped[str] = mapped_column(String(32))
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    checkin_token: Mapped[str | None] = mapped_column(String(48), nullable=True, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class RegistrationChange(Base):
    """One status change of a registration: the history the overseer exports."""

    __tablename__ = "registration_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    from_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    to_status: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class Attendance(Base):
    """A participant present on one day of the event."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("registration_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    method: Mapped[str] = mapped_column(String(16))  # "badge" (scanned by staff) or "venue"
    by_user_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class LetterStatus(StrEnum):
    REQUESTED = "requested"
    SENT = "sent"  # approved by an organiser and sent to the delegate
    REJECTED = "rejected"


class InvitationLetter(Base):
    """A request for a visa invitation letter; sent only after an organiser approves it."""

    __tablename__ = "invitation_letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(String(16), default=LetterStatus.REQUESTED)
    passport_number: Mapped[str] = mapped_column(String(32))
    citizenship: Mapped[str] = mapped_column(String(128))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    decided_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class VenueCode(Base):
    """The code of one event day that lets delegates check themselves in at the venue."""

    __tablename__ = "venue_codes"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    created_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ErasedCount(Base):
    """Anonymous counts kept when a registration is erased (`/forget`).

    One counter per dimension and value (`economy`/`CHL`, `gender`/`female`,
    `status`/`approved`, `attended_day`/`2027-09-14`, ...), never combined, so that the
    statistics keep their totals without keeping anyone's profile.
    """

    __tablename__ = "erased_registration_counts"

    dimension: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(64), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
