"""Formatting of dates and event facts for messages, per language (Babel)."""

from __future__ import annotations

from babel.dates import format_interval

from bot.event import Event


def event_dates(event: Event, lang: str) -> str:
    """'14–16 Sept 2027' / '14–16 сент. 2027 г.'"""
    return str(format_interval(event.dates.start, event.dates.end, "yMMMd", locale=lang))
