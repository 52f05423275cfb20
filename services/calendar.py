"""The programme as an iCalendar (`.ics`) file: every session, or the chosen ones.

Times carry the event's time zone (`TZID=Europe/Moscow` with its `VTIMEZONE`), so a
calendar app shows them right wherever the delegate is. `icalendar` is imported here,
inside the function, not when the bot starts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from core.event import Event


def programme_ics(
    seminar: Event,
    lang: str,
    session_ids: Iterable[str] | None = None,
    *,
    now: datetime | None = None,
) -> bytes:
    """The agenda (or only `session_ids`) as an `.ics` file in `lang`."""
    from icalendar import Calendar
    from icalendar import Event as VEvent

    wanted = set(session_ids) if session_ids is not None else None
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//seminar-bot//programme//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    title = seminar.short_title or seminar.title
    calendar.add("x-wr-calname", title.get(lang))
    calendar.add("x-wr-timezone", seminar.timezone)
    venue = seminar.venue
    for day, session in seminar.iter_sessions():
        if wanted is not None and session.id not in wanted:
            continue
        event = VEvent()
        event.add("uid", f"{session.id}@{seminar.id}")
        event.add("dtstamp", stamp)
        event.add("dtstart", seminar.session_start(day, session))
        event.add("dtend", seminar.session_end(day, session))
        event.add("summary", session.title.get(lang))
        place = [venue.name.get(lang), venue.address.get(lang)]
        if session.room is not None:
            room = seminar.find_room(session.room)
            place.insert(0, room.name.get(lang) if room else session.room)
        event.add("location", ", ".join(place))
        event.add("geo", (venue.latitude, venue.longitude))
        details: list[str] = []
        speakers = [seminar.find_speaker(s) for s in session.speakers]
        names = [s.name.get(lang) for s in speakers if s is not None]
        if names:
            details.append(", ".join(names))
        topics = [seminar.find_topic(t) for t in session.topics]
        titles = [t.title.get(lang) for t in topics if t is not None]
        if titles:
            details.append("; ".join(titles))
        if session.description is not None:
            details.append(session.description.get(lang))
        if details:
            event.add("description", "\n\n".join(details))
        event.add("categories", [session.kind])
        calendar.add_component(event)
    # Only the transitions around the event: a short VTIMEZONE that every app reads.
    first = seminar.dates.start - timedelta(days=366)
    last = seminar.dates.end + timedelta(days=366)
    calendar.add_missing_timezones(first_date=first, last_date=last)
    return bytes(calendar.to_ical())
