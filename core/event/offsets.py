"""Moments relative to the event (`-7d`, `end +3d 10:00`, `day 08:00`): when surveys open
and close and when reminders are sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Annotated, Any, Literal

from pydantic import PlainSerializer, PlainValidator

from core.event.common import _parse_hhmm, describe, fail

# --------------------------------------------------------------------------- offsets


@dataclass(frozen=True)
class Offset:
    """A moment relative to the event (`-7d`, `-1d 18:00`, `end +3d 10:00`, `day 08:00`).

    anchor `start`: the first session of the first day; `end`: the end of the last session
    of the last day; `day`: every day of the event at `time_of_day`; `at`: an absolute
    moment (`moment`, in the event's time zone when naive).
    """

    text: str
    anchor: Literal["start", "end", "day", "at"]
    delta: timedelta = timedelta(0)
    time_of_day: time | None = None
    moment: datetime | None = None

    def __str__(self) -> str:
        return self.text

    @property
    def repeats_daily(self) -> bool:
        return self.anchor == "day"


_OFFSET_RE = re.compile(
    r"^(?:(?P<anchor>start|end)\s*)?"
    r"(?:(?P<sign>[+-])\s*(?P<parts>(?:\d+\s*[dhm]\s*)+))?"
    r"(?P<time>\d{1,2}:\d{2})?$"
)
_DAILY_RE = re.compile(r"^day\s+(?P<time>\d{1,2}:\d{2})$")
_UNITS = {"d": "days", "h": "hours", "m": "minutes"}
_OFFSET_HELP = (
    "expected a moment like '-7d', '-1d 18:00', 'end +0h', 'end +3d 10:00', "
    "'day 08:00' or '2027-08-01 10:00'"
)


def parse_offset(value: Any) -> Offset:
    """Parse the `at` / `opens` / `closes` grammar (see docs/event-file.md)."""
    if isinstance(value, Offset):
        return value
    if isinstance(value, datetime):
        return Offset(text=value.isoformat(sep=" ", timespec="minutes"), anchor="at", moment=value)
    if not isinstance(value, str):
        raise fail(f"{_OFFSET_HELP}, got {describe(value)}")
    text = " ".join(value.split())
    lowered = text.lower()
    if match := _DAILY_RE.match(lowered):
        return Offset(text=text, anchor="day", time_of_day=_parse_hhmm(match["time"]))
    match = _OFFSET_RE.match(lowered)
    if match and (match["anchor"] or match["sign"]):
        delta = timedelta(0)
        whole_days = True
        for number, unit in re.findall(r"(\d+)\s*([dhm])", match["parts"] or ""):
            delta += timedelta(**{_UNITS[unit]: int(number)})
            whole_days = whole_days and (unit == "d" or int(number) == 0)
        if match["sign"] == "-":
            delta = -delta
        tod = None
        if match["time"]:
            if not whole_days:
                raise fail(
                    f"a time of day can follow a whole number of days only ('-1d 18:00'), "
                    f"got {describe(value)}"
                )
            tod = _parse_hhmm(match["time"])
        anchor: Literal["start", "end"] = "end" if match["anchor"] == "end" else "start"
        return Offset(text=text, anchor=anchor, delta=delta, time_of_day=tod)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise fail(f"{_OFFSET_HELP}, got {describe(value)}") from None
    return Offset(text=text, anchor="at", moment=moment)


OffsetValue = Annotated[Offset, PlainValidator(parse_offset), PlainSerializer(str)]
