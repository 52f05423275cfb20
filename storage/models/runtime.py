"""Tables of the running processes: live replicas and the updates already handled."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class Replica(Base):
    """A bot process that is running (or crashed without saying goodbye)."""

    __tablename__ = "replicas"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ProcessedUpdate(Base):
    """An update id claimed by a process (kept 25 h, longer than Telegram retains updates).

    The ledger of bot/dedup.py: a claim is held by `owner` until `lease_until` (renewed
    while its handler runs); `payload` is the update itself while it waits in the polling
    inbox (fetched and acknowledged to Telegram, not yet handled); both are cleared when
    it is `done`.
    """

    __tablename__ = "processed_updates"
    __table_args__ = (Index("ix_processed_updates_claimed_at", "claimed_at"),)

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    done: Mapped[bool] = mapped_column(default=False)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    owner: Mapped[str | None] = mapped_column(String(36))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    payload: Mapped[str | None] = mapped_column(Text)
