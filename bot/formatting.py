"""Formatting of dates and event facts for messages, per language (Babel)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from babel.dates import format_interval

from bot.event import Event


def event_dates(event: Event, lang: str) -> str:
    """'14–16 Sept 2027' / '14–16 сент. 2027 г.'"""
    return _interval(event.dates.start, event.dates.end, lang)


@lru_cache(maxsize=64)
def _interval(start: date, end: date, lang: str) -> str:
    # Shown on every main menu: Babel's interval formatting is worth computing once.
    return str(format_interval(start, end, "yMMMd", locale=lang))
