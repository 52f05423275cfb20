"""The programme: topics, speakers, the agenda's days and sessions, and how the bot
handles them (session reminders, the draft-programme consultation).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from core.event.common import HHMM, EconomyCode, Id, LocalizedText, _Model, fail


class Topic(_Model):
    id: Id
    title: LocalizedText
    description: LocalizedText | None = None


Gender = Literal["female", "male", "other", "prefer_not_to_say"]


class Speaker(_Model):
    id: Id
    name: LocalizedText
    title: LocalizedText | None = None
    organisation: LocalizedText
    economy: EconomyCode | None = None
    gender: Gender | None = None
    bio: LocalizedText | None = None


SessionKind = Literal[
    "registration",
    "opening",
    "keynote",
    "plenary",
    "presentation",
    "panel",
    "workshop",
    "discussion",
    "break",
    "meal",
    "reception",
    "closing",
    "other",
]
NOT_RATEABLE_KINDS: frozenset[str] = frozenset({"registration", "break", "meal", "reception"})
"""Session kinds left out of a session_matrix question unless listed explicitly."""


class AgendaSession(_Model):
    id: Id
    start: HHMM
    end: HHMM
    title: LocalizedText
    kind: SessionKind = "plenary"
    topics: list[Id] = Field(default_factory=list)
    speakers: list[Id] = Field(default_factory=list)
    room: Id | None = None
    description: LocalizedText | None = None

    @model_validator(mode="after")
    def _order(self) -> AgendaSession:
        if self.end <= self.start:
            raise fail(
                f"expected a time after start ({self.start:%H:%M}), got '{self.end:%H:%M}'",
                "end",
            )
        return self

    @property
    def rateable(self) -> bool:
        return self.kind not in NOT_RATEABLE_KINDS


class AgendaDay(_Model):
    date: date
    title: LocalizedText
    sessions: list[AgendaSession] = Field(default_factory=list)

    def sorted_sessions(self) -> list[AgendaSession]:
        return sorted(self.sessions, key=lambda s: (s.start, s.end))


class Agenda(_Model):
    days: list[AgendaDay] = Field(default_factory=list)


ConsultationAudience = Literal["focal_points", "registered"]


class ProgrammeConsultation(_Model):
    """Who receives the draft programme for comment (`focal_points` of the economies, or
    every `registered` delegate) and what they are told."""

    audience: ConsultationAudience = "focal_points"
    intro: LocalizedText | None = None


class ProgrammeSettings(_Model):
    """How the bot handles the agenda: session reminders and the consultation."""

    reminder_minutes: int = Field(default=15, ge=1, le=1440)
    """A delegate following a session is reminded this many minutes before it starts."""
    consultation: ProgrammeConsultation = Field(default_factory=ProgrammeConsultation)
