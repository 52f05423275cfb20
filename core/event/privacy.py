"""The privacy notice delegates accept, and how long their personal data is kept."""

from __future__ import annotations

import contextlib
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BeforeValidator

from core.event.common import LocalizedText, Text, Url, _Model, _number_to_str, describe, fail

MAX_RETENTION_DAYS = 3650


def _retention(value: Any) -> Any:
    """A date (YAML's or `YYYY-MM-DD` text) or a whole number of days, 1 to 3650."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        if not 1 <= value <= MAX_RETENTION_DAYS:
            raise fail(f"expected 1 to {MAX_RETENTION_DAYS} days, got {value}")
        return value
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return date.fromisoformat(value.strip())
    raise fail(
        "expected a date (YYYY-MM-DD) or a number of days after the event's last day, "
        f"got {describe(value)}"
    )


class Privacy(_Model):
    version: Annotated[Text, BeforeValidator(_number_to_str)]
    notice: LocalizedText
    url: Url | None = None
    retention: Annotated[date | int | None, BeforeValidator(_retention)] = None
    """When every participant's personal data is erased: a date, or a number of days after
    the event's last day (`Event.retention_date()`); none: kept until erased by hand."""
