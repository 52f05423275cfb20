"""Rendering of the agenda for messages: days, sessions, speakers, reminders, changes.

Times are in the event's time zone. Everything from the event file is escaped (an
organiser may well write `R&D`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from html import escape
from typing import TYPE_CHECKING, Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from core.event import AgendaDay, AgendaSession, Event, Speaker
from core.i18n import Translator

if TYPE_CHECKING:
    from storage.repositories.follows import SessionChange

SKIPPED_IN_CONSULTATION = frozenset({"registration", "break", "meal"})
"""Session kinds not put to the economies for approval."""

CB_OPEN_SESSION = "pg:s:"
"""Plain callback data prefix that opens a session in the programme (`pg:s:<id>`)."""


def hhmm(moment: Any) -> str:
    return str(moment.strftime("%H:%M"))


def day_label(day: date, lang: str) -> str:
    """'Tue 14 Sep' / 'вт 14 сент.'"""
    from babel.dates import format_date

    return str(format_date(day, "EEE d MMM", locale=lang))


def long_day(day: date, lang: str) -> str:
    from babel.dates import format_date

    return str(format_date(day, "EEEE, d MMMM y", locale=lang))


def tz_label(seminar: Event, lang: str) -> str:
    """'Moscow, UTC+3'."""
    from babel.dates import get_timezone_location

    city = get_timezone_location(seminar.tz, locale=lang, return_city=True)
    offset = seminar.starts_at.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    text = f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
    return f"{city}, {text}"


def room_name(seminar: Event, session: AgendaSession, lang: str) -> str:
    if session.room is None:
        return ""
    room = seminar.find_room(session.room)
    return room.name.get(lang) if room else session.room


def speaker_names(seminar: Event, session: AgendaSession, lang: str) -> str:
    names = []
    for speaker_id in session.speakers:
        speaker = seminar.find_speaker(speaker_id)
        names.append(speaker.name.get(lang) if speaker else speaker_id)
    return ", ".join(names)


def topic_names(seminar: Event, session: AgendaSession, lang: str) -> str:
    names = []
    for topic_id in session.topics:
        topic = seminar.find_topic(topic_id)
        names.append(topic.title.get(lang) if topic else topic_id)
    return "; ".join(names)


def is_minor(session: AgendaSession) -> bool:
    """Breaks, meals and registration: shown plainly, not put up for follow-up."""
    return session.kind in SKIPPED_IN_CONSULTATION


def session_block(
    seminar: Event,
    l10n: Translator,
    lang: str,
    session: AgendaSession,
    *,
    number: int | None = None,
    followed: bool = False,
    with_topics: bool = True,
) -> str:
    """One session in a day listing (2-4 short lines)."""
    head = f"{hhmm(session.start)}–{hhmm(session.end)}"
    title = escape(session.title.get(lang))
    prefix = f"{number}. " if number is not None else ""
    star = "⭐ " if followed else ""
    if is_minor(session):
        line = f"{prefix}{star}{head} <i>{title}</i>"
    else:
        line = f"{prefix}{star}<b>{head}</b> {title}"
    room = room_name(seminar, session, lang)
    if room:
        line += f" · {escape(room)}"
    lines = [line]
    speakers = speaker_names(seminar, session, lang)
    if speakers:
        lines.append(f"   🎤 {escape(speakers)}")
    topics = topic_names(seminar, session, lang) if with_topics else ""
    if topics:
        lines.append(f"   🏷 {escape(topics)}")
    return "\n".join(lines)


def day_text(
    seminar: Event,
    l10n: Translator,
    lang: str,
    day: AgendaDay,
    followed: set[str],
) -> str:
    blocks = [
        session_block(seminar, l10n, lang, s, number=i, followed=s.id in followed)
        for i, s in enumerate(day.sorted_sessions(), start=1)
    ]
    header = l10n(
        "programme-day-header",
        title=escape(day.title.get(lang)),
        date=long_day(day.date, lang),
        zone=tz_label(seminar, lang),
    )
    body = "\n".join(blocks) if blocks else l10n("programme-day-empty")
    return f"{header}\n\n{body}"


def session_detail(
    seminar: Event, l10n: Translator, lang: str, session_id: str, followed: bool
) -> str:
    day = seminar.day_of_session(session_id)
    session = seminar.find_session(session_id)
    if day is None or session is None:
        return l10n("programme-session-gone")
    lines = [
        f"<b>{escape(session.title.get(lang))}</b>",
        f"📅 {escape(long_day(day.date, lang))}, {hhmm(session.start)}–{hhmm(session.end)}"
        f" ({escape(tz_label(seminar, lang))})",
    ]
    room = room_name(seminar, session, lang)
    if room:
        lines.append(f"📍 {escape(room)}")
    for speaker_id in session.speakers:
        speaker = seminar.find_speaker(speaker_id)
        if speaker is not None:
            lines.append(f"🎤 {speaker_line(speaker, lang)}")
    topics = topic_names(seminar, session, lang)
    if topics:
        lines.append(f"🏷 {escape(topics)}")
    if session.description is not None:
        lines.append("")
        lines.append(escape(session.description.get(lang)))
    lines.append("")
    lines.append(l10n("programme-following" if followed else "programme-not-following"))
    return "\n".join(lines)


def speaker_line(speaker: Speaker, lang: str) -> str:
    parts = [f"<b>{escape(speaker.name.get(lang))}</b>"]
    if speaker.title is not None:
        parts.append(escape(speaker.title.get(lang)))
    parts.append(escape(speaker.organisation.get(lang)))
    return ", ".join(parts)


def speaker_sessions(seminar: Event, speaker_id: str) -> list[tuple[AgendaDay, AgendaSession]]:
    return [(d, s) for d, s in seminar.iter_sessions() if speaker_id in s.speakers]


def speaker_detail(seminar: Event, l10n: Translator, lang: str, speaker_id: str) -> str:
    speaker = seminar.find_speaker(speaker_id)
    if speaker is None:
        return l10n("programme-speaker-gone")
    lines = [speaker_line(speaker, lang)]
    if speaker.economy:
        economy = seminar.economy(speaker.economy)
        lines.append(f"🌏 {escape(economy.name.get(lang) if economy else speaker.economy)}")
    if speaker.bio is not None:
        lines.append("")
        lines.append(escape(speaker.bio.get(lang)))
    sessions = speaker_sessions(seminar, speaker_id)
    lines.append("")
    lines.append(l10n("programme-speaker-sessions"))
    for i, (day, session) in enumerate(sessions, start=1):
        lines.append(
            f"{i}. {escape(day_label(day.date, lang))} {hhmm(session.start)}–"
            f"{hhmm(session.end)} {escape(session.title.get(lang))}"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- now and next


def now_and_next(
    seminar: Event, now: datetime
) -> tuple[list[tuple[AgendaDay, AgendaSession]], list[tuple[AgendaDay, AgendaSession]]]:
    """Sessions running at `now`, and the next ones to start (same start time)."""
    running: list[tuple[AgendaDay, AgendaSession]] = []
    upcoming: list[tuple[datetime, AgendaDay, AgendaSession]] = []
    for day, session in seminar.iter_sessions():
        start = seminar.session_start(day, session)
        end = seminar.session_end(day, session)
        if start <= now < end:
            running.append((day, session))
        elif start > now:
            upcoming.append((start, day, session))
    upcoming.sort(key=lambda item: item[0])
    following = [(d, s) for start, d, s in upcoming if start == upcoming[0][0]] if upcoming else []
    return running, following


def now_text(seminar: Event, l10n: Translator, lang: str, now: datetime, followed: set[str]) -> str:
    running, following = now_and_next(seminar, now)
    local = now.astimezone(seminar.tz)
    lines = [l10n("programme-now-header", time=hhmm(local), zone=tz_label(seminar, lang))]
    if now < seminar.starts_at:
        days = (seminar.starts_at.date() - local.date()).days
        lines.append(
            l10n(
                "programme-before-event",
                date=long_day(seminar.starts_at.date(), lang),
                time=hhmm(seminar.starts_at),
                days=days,
            )
        )
    elif now >= seminar.ends_at:
        lines.append(l10n("programme-after-event"))
    number = 1
    if running:
        lines.append("")
        lines.append(l10n("programme-now"))
        for _, session in running:
            lines.append(
                session_block(
                    seminar, l10n, lang, session, number=number, followed=session.id in followed
                )
            )
            number += 1
    elif seminar.starts_at <= now < seminar.ends_at:
        lines.append("")
        lines.append(l10n("programme-now-nothing"))
    if following:
        day = following[0][0]
        lines.append("")
        if day.date != local.date():
            lines.append(l10n("programme-next-on", date=day_label(day.date, lang)))
        else:
            lines.append(l10n("programme-next"))
        for _, session in following:
            lines.append(
                session_block(
                    seminar, l10n, lang, session, number=number, followed=session.id in followed
                )
            )
            number += 1
    return "\n".join(lines)


def now_and_next_ids(seminar: Event, now: datetime) -> list[str]:
    running, following = now_and_next(seminar, now)
    return [s.id for _, s in running] + [s.id for _, s in following]


# --------------------------------------------------------------------------- reminders


def open_session_markup(l10n: Translator, session_id: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=l10n("programme-open-session"),
                    callback_data=CB_OPEN_SESSION + session_id,
                )
            ]
        ]
    )


def reminder_markup(l10n: Translator, session_id: str) -> InlineKeyboardMarkup:
    """The button under a reminder or a change notice: open the session."""
    return open_session_markup(l10n, session_id)


def reminder_text(
    seminar: Event, l10n: Translator, lang: str, session_id: str, now: datetime
) -> str:
    """'⏰ In 15 minutes: <title>, 11:30–13:00, Main Hall'."""
    day = seminar.day_of_session(session_id)
    session = seminar.find_session(session_id)
    if day is None or session is None:
        return l10n("programme-session-gone")
    start = seminar.session_start(day, session)
    minutes = max(0, round((start - now.astimezone(UTC)).total_seconds() / 60))
    return l10n(
        "programme-reminder",
        minutes=minutes,
        title=escape(session.title.get(lang)),
        start=hhmm(session.start),
        end=hhmm(session.end),
        room=escape(room_name(seminar, session, lang) or "—"),
    )


def _describe(seminar: Event, lang: str, data: dict[str, Any]) -> str:
    """'Tue 14 Sep 11:30–13:00, Main Hall' from snapshot data."""
    when = f"{day_label(date.fromisoformat(data['date']), lang)} {data['start']}–{data['end']}"
    room_id = data.get("room")
    if room_id:
        room = seminar.find_room(room_id)
        when += ", " + (room.name.get(lang) if room else room_id)
    return escape(when)


def _title(data: dict[str, Any], lang: str) -> str:
    titles: dict[str, str] = data.get("title") or {}
    return escape(titles.get(lang) or titles.get("en") or next(iter(titles.values()), ""))


def change_text(seminar: Event, l10n: Translator, lang: str, change: SessionChange) -> str:
    """A notice to the followers of a changed or cancelled session."""
    if change.kind == "removed" or change.after is None:
        assert change.before is not None
        return l10n(
            "programme-change-removed",
            title=_title(change.before, lang),
            was=_describe(seminar, lang, change.before),
        )
    before = change.before or change.after
    lines = [l10n("programme-change-header", title=_title(change.after, lang))]
    if "title" in change.fields:
        lines.append(l10n("programme-change-title", was=_title(before, lang)))
    if "time" in change.fields or "room" in change.fields:
        lines.append(
            l10n(
                "programme-change-when",
                was=_describe(seminar, lang, before),
                now=_describe(seminar, lang, change.after),
            )
        )
    if "speakers" in change.fields:
        names = []
        for speaker_id in change.after.get("speakers", []):
            speaker = seminar.find_speaker(speaker_id)
            names.append(speaker.name.get(lang) if speaker else speaker_id)
        lines.append(l10n("programme-change-speakers", speakers=escape(", ".join(names) or "—")))
    return "\n".join(lines)


def changes_summary(
    seminar: Event, l10n: Translator, lang: str, changes: list[SessionChange], limit: int = 15
) -> str:
    """One line per change (for the final programme announcement)."""
    lines: list[str] = []
    for change in changes[:limit]:
        if change.kind == "removed" and change.before is not None:
            lines.append(l10n("programme-summary-removed", title=_title(change.before, lang)))
        elif change.kind == "added" and change.after is not None:
            lines.append(
                l10n(
                    "programme-summary-added",
                    title=_title(change.after, lang),
                    when=_describe(seminar, lang, change.after),
                )
            )
        elif change.after is not None:
            lines.append(
                l10n(
                    "programme-summary-changed",
                    title=_title(change.after, lang),
                    when=_describe(seminar, lang, change.after),
                )
            )
    if len(changes) > limit:
        lines.append(l10n("programme-summary-more", count=len(changes) - limit))
    return "\n".join(lines)
