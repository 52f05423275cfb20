"""Readable labels, in one language, of the values stored for the event file's choices."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from core.event import Event, RegistrationField
from core.i18n import Translator
from services.stats import UNKNOWN


class Labels:
    def __init__(self, seminar: Event, l10n: Translator) -> None:
        self.l10n = l10n
        self._cache: dict[str, str | None] = {}
        lang = l10n.lang
        self.economies = {e.code: e.name.get(lang) for e in seminar.economies}
        self.sessions = {s.id: s.title.get(lang) for _, s in seminar.iter_sessions()}
        self.fields = {
            f.id: {o.value: o.label.get(lang) for o in f.options}
            for f in seminar.registration.fields
        }

    def economy(self, code: str | None) -> str | None:
        """The economy's name; `intl`, `other` and `unknown` have localized names too."""
        if code is None:
            return None
        return self.economies.get(code) or self._key("console-economy", code) or code

    def option(self, field_id: str, value: Any) -> Any:
        """The label of a choice of the registration form (`unknown`: not given)."""
        if value is None:
            return None
        if value == UNKNOWN:
            return self.l10n("console-unknown")
        return self.fields.get(field_id, {}).get(str(value), value)

    def status(self, status: str | None) -> str | None:
        return None if status is None else self._key("console-status", status) or status

    def funding(self, funding: str | None) -> str | None:
        return None if funding is None else self._key("console-funding", funding) or funding

    def role(self, role: str) -> str:
        return self._key("console-role", role) or role

    def _key(self, prefix: str, value: str) -> str | None:
        """The message `prefix-value` if there is one (remembered: this runs per row)."""
        key = f"{prefix}-{value.replace('_', '-')}"
        if key not in self._cache:
            self._cache[key] = self.l10n(key) if self.l10n.has(key) else None
        return self._cache[key]

    def answer(self, item: RegistrationField, value: Any) -> Any:
        """A registration answer as a cell value (labels for choices, dates as dates)."""
        return self.converter(item)(value)

    def converter(self, item: RegistrationField) -> Callable[[Any], Any]:
        """answer -> cell value for one field of the form (made once, used per row)."""
        kind = item.type
        if kind == "economy":
            return lambda v: None if v is None or v == "" else self.economy(str(v))
        if kind == "choice":
            options = self.fields.get(item.id, {})
            return lambda v: None if v is None or v == "" else options.get(str(v), v)
        if kind in ("multi_choice", "sessions"):
            names = self.sessions if kind == "sessions" else self.fields.get(item.id, {})

            def many(value: Any) -> Any:
                if value is None or value == "":
                    return None
                values = value if isinstance(value, list) else [value]
                return [names.get(str(v), v) for v in values]

            return many
        if kind == "date":
            return _date
        return _plain


def _plain(value: Any) -> Any:
    return None if value == "" else value


def _date(value: Any) -> Any:
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return None if value == "" else value
