"""Survey responses: drafts and submitted answers, and the anonymous variant.

* `SurveyResponse`: one row per respondent of a survey, keyed by `owner`: `u:<user id>`,
  or `e:<economy code>` for a one-per-economy survey (answered by the economy's focal
  point, `user_id`). Answers are saved the moment they are given (`answers`, keyed by
  question id; a skipped question is present with `null`); `position` is where the
  respondent is, so that leaving and coming back resumes there.
* Anonymous surveys keep only the draft in `survey_responses`. On submit the draft is
  deleted and its answers become a `SurveyAnonymousResponse` (random id, no user, no
  time), while `SurveyCompletion` records that the user has completed the survey (the
  day only). Nothing links the two tables.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class SurveyResponse(Base):
    """A response in progress or submitted (`submitted_at`)."""

    __tablename__ = "survey_responses"
    __table_args__ = (
        UniqueConstraint("survey_id", "owner"),
        Index("ix_survey_responses_user_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[str] = mapped_column(String(32))
    owner: Mapped[str] = mapped_column(String(48))
    # Who answers: the user, or the focal point of the economy (null once erased).
    user_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    economy: Mapped[str | None] = mapped_column(String(16), nullable=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    position: Mapped[str | None] = mapped_column(String(32), nullable=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class SurveyCompletion(Base):
    """Who has completed an anonymous survey (and on which day), apart from the answers."""

    __tablename__ = "survey_completions"

    survey_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    completed_on: Mapped[date] = mapped_column(Date)


class SurveyAnonymousResponse(Base):
    """The answers of one anonymous response: a random id, no user, no timestamp."""

    __tablename__ = "survey_anonymous_responses"
    __table_args__ = (Index("ix_survey_anonymous_responses_survey_id", "survey_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    survey_id: Mapped[str] = mapped_column(String(32))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
