"""The reminder plan: what to send, to whom, when."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from core.event.common import Id, LocalizedText, _Model
from core.event.offsets import OffsetValue

# --------------------------------------------------------------------------- reminders

ReminderAudience = Literal[
    "all",
    "registered",
    "approved",
    "funded",
    "attended",
    "delegates",
    "speakers",
    "organisers",
    "travel_missing",
]
"""`travel_missing`: approved registrations whose travel details are not all given."""
ReminderInclude = Literal["day_programme", "programme", "venue_location", "materials", "contacts"]


class Reminder(_Model):
    """One entry of the reminder plan: what to send, to whom, when (see docs/event-file.md).

    The bot keeps one scheduled row per moment (`day HH:MM`: one per event day) in its
    database; organisers can edit, cancel or send them early with `/reminders`.
    """

    id: Id
    at: OffsetValue
    audience: ReminderAudience
    text: LocalizedText
    include: list[ReminderInclude] = Field(default_factory=list)
    survey: Id | None = None
    """Attach a button that opens this survey."""
    unless_answered: Id | None = None
    """Skip people who have already answered this survey."""
