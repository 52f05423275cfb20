"""Formatting of dates and event facts for messages, per language (Babel)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from babel.dates import format_date, format_interval

from core.economies import ECONOMY_INTERNATIONAL, ECONOMY_OTHER
from core.event import Event

if TYPE_CHECKING:
    from core.i18n import Translator


def special_economies(l10n: Translator) -> dict[str, str]:
    return {
        ECONOMY_INTERNATIONAL: l10n("registration-economy-international"),
        ECONOMY_OTHER: l10n("registration-economy-other"),
    }


def fmt_date(value: date, lang: str) -> str:
    """A day as messages show it ("10 Sep 2027")."""
    return str(format_date(value, "d MMM y", locale=lang))


def economy_name(seminar: Event, code: str | None, lang: str, l10n: Translator) -> str:
    """The name of an economy code as people read it: the event file's name in `lang`,
    'International organisation' / 'Other' for the wizard's two special answers, the code
    itself for one the file no longer has, and '—' for none."""
    if not code:
        return "—"
    special = special_economies(l10n).get(code)
    if special:
        return special
    economy = seminar.economy(code)
    return economy.name.get(lang) if economy else code


def event_dates(event: Event, lang: str) -> str:
    """'14–16 Sept 2027' / '14–16 сент. 2027 г.'"""
    return _interval(event.dates.start, event.dates.end, lang)


@lru_cache(maxsize=64)
def _interval(start: date, end: date, lang: str) -> str:
    # Shown on every main menu: Babel's interval formatting is worth computing once.
    return str(format_interval(start, end, "yMMMd", locale=lang))
