"""When and where: the event's dates, the venue and its rooms, the organisers' contacts."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import Field, model_validator

from core.event.common import (
    Email,
    Id,
    Latitude,
    LocalizedText,
    Longitude,
    Phone,
    TelegramUsername,
    Url,
    _Model,
    fail,
)

# --------------------------------------------------------------------------- event parts


class EventDates(_Model):
    start: date
    end: date

    @model_validator(mode="after")
    def _order(self) -> EventDates:
        if self.end < self.start:
            raise fail(
                f"expected a date on or after start ({self.start.isoformat()}), "
                f"got {self.end.isoformat()}",
                "end",
            )
        return self

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]


class Room(_Model):
    id: Id
    name: LocalizedText
    capacity: int | None = Field(default=None, ge=1)
    description: LocalizedText | None = None


class Venue(_Model):
    name: LocalizedText
    address: LocalizedText
    latitude: Latitude
    longitude: Longitude
    map_url: Url | None = None
    directions: LocalizedText | None = None
    rooms: list[Room] = Field(default_factory=list)


class Organiser(_Model):
    """A public contact of the organisers (placeholders in the example event)."""

    name: LocalizedText
    role: LocalizedText
    email: Email | None = None
    phone: Phone | None = None
    telegram: TelegramUsername | None = None
