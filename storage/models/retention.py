"""Retention: when personal data are erased, and what the completion report keeps.

`retention_runs` holds one row per event (`key` = the event id): the moment of the
erasure taken from the event file (`privacy.retention`), when each notice to the
overseers went out, and when the erasure ran with its counts. The columns are claimed
with a compare-and-set, so the notices and the erasure happen once across restarts,
replicas and the `seminar-bot erase-expired` command.

`report_snapshots` keeps the anonymous aggregates the completion report and `/stats`
need (`services/snapshot.py`), frozen in the erasure's transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class RetentionRun(Base):
    __tablename__ = "retention_runs"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    notice_14_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    """When the 14-day notice was sent (or skipped as too late)."""
    notice_2_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    counts: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    """What was erased, per kind (numbers only)."""
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class ReportSnapshot(Base):
    __tablename__ = "report_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
