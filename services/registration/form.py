"""The registration form: which field comes next (`show_if`, locked fields, the date
window) and how a typed answer is cleaned, parsed and checked (`InputError` says why
not), including the economy search.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from typing import Any

from core.economies import ECONOMY_INTERNATIONAL, ECONOMY_OTHER
from core.event import Event, RegistrationField
from storage.models.registration import RegistrationStatus

S = RegistrationStatus

# Answers also kept in their own column, with the column's width.
COLUMNS: dict[str, int | None] = {
    "full_name": 256,
    "economy": 16,
    "organisation": 256,
    "sector": 32,
    "role": 16,
    "gender": 24,
    "email": 256,
    "funding_requested": None,
}
# The field offered the Telegram profile's name (one tap to accept it).
NAME_FIELD = "full_name"
# Field ids the delegate cannot change once submitted (they decide the quotas).
LOCKED_IDS = frozenset({"economy", "role", "funding_requested"})
DEFAULT_TEXT_LIMIT = 500
SPECIAL_ECONOMIES = (ECONOMY_INTERNATIONAL, ECONOMY_OTHER)


class InputError(ValueError):
    """A bad answer: `key` is a message of locales/*/registration.ftl, `args` its values."""

    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


# --------------------------------------------------------------------------- the form


def field_visible(seminar: Event, field: RegistrationField, answers: dict[str, Any]) -> bool:
    """Whether the form asks `field`, given the answers so far."""
    if field.show_if is not None and not field.show_if.matches(answers.get(field.show_if.question)):
        return False
    if field.travel_eligible_only:
        economy = next(
            (answers.get(f.id) for f in seminar.registration.fields if f.type == "economy"), None
        )
        if not isinstance(economy, str) or not seminar.is_travel_eligible(economy):
            return False
    return True


def visible_fields(seminar: Event, answers: dict[str, Any]) -> list[RegistrationField]:
    return [f for f in seminar.registration.fields if field_visible(seminar, f, answers)]


def next_field(seminar: Event, answers: dict[str, Any]) -> RegistrationField | None:
    """The first field asked but not answered yet (None: the form is complete)."""
    return next((f for f in visible_fields(seminar, answers) if f.id not in answers), None)


def previous_field(
    seminar: Event, answers: dict[str, Any], current: str
) -> RegistrationField | None:
    fields = visible_fields(seminar, answers)
    ids = [f.id for f in fields]
    if current in ids:
        index = ids.index(current)
    else:  # the current field is not (or no longer) asked: go back from its position
        order = [f.id for f in seminar.registration.fields]
        position = order.index(current) if current in order else len(order)
        index = sum(1 for f in fields if order.index(f.id) < position)
    return fields[index - 1] if index > 0 else None


def is_locked(field: RegistrationField) -> bool:
    return field.type == "economy" or field.id in LOCKED_IDS


def date_window(seminar: Event) -> tuple[date, date]:
    window = seminar.registration.date_window
    return (
        seminar.dates.start - timedelta(days=window.before),
        seminar.dates.end + timedelta(days=window.after),
    )


def event_today(seminar: Event) -> date:
    """Today in the event's time zone."""
    return datetime.now(seminar.tz).date()


# --------------------------------------------------------------------------- parsing

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(raw: str) -> str:
    """Strip, drop control characters, normalize Unicode (NFC); emoji and HTML stay."""
    return unicodedata.normalize("NFC", _CONTROL.sub("", raw)).strip()


def parse_text(field: RegistrationField, raw: str) -> str:
    value = clean_text(raw)
    if not value:
        raise InputError("registration-error-empty")
    if value.startswith("/"):
        raise InputError("registration-error-command")
    limit = field.max_length or DEFAULT_TEXT_LIMIT
    column = COLUMNS.get(field.id)
    if column is not None:
        limit = min(limit, column)
    if len(value) > limit:
        raise InputError("registration-error-too-long", max=limit, length=len(value))
    return value


def parse_email(raw: str) -> str:
    from email_validator import EmailNotValidError, validate_email

    value = clean_text(raw)
    try:
        result = validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        raise InputError("registration-error-email") from None
    if len(result.normalized) > COLUMNS["email"]:  # type: ignore[operator]
        raise InputError("registration-error-email")
    return str(result.normalized)


def parse_phone(raw: str) -> str:
    import phonenumbers

    value = clean_text(raw)
    if not value.startswith("+") and value.startswith("00"):
        value = "+" + value[2:]
    elif not value.startswith("+") and value[:1].isdigit():
        value = "+" + value  # a shared contact comes without the '+'
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        raise InputError("registration-error-phone") from None
    if not phonenumbers.is_valid_number(number):
        raise InputError("registration-error-phone")
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%y")


def parse_date_text(raw: str) -> date:
    value = clean_text(raw)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise InputError("registration-error-date-format")


def check_date(
    seminar: Event, field: RegistrationField, value: date, answers: dict[str, Any]
) -> date:
    low, high = date_window(seminar)
    if not low <= value <= high:
        raise InputError(
            "registration-error-date-window", first=low.isoformat(), last=high.isoformat()
        )
    if field.not_before is not None:
        earlier = answers.get(field.not_before)
        if isinstance(earlier, str) and value < date.fromisoformat(earlier):
            raise InputError("registration-error-date-order", earlier=earlier)
    return value


def parse_number(field: RegistrationField, raw: str) -> int | float:
    value = clean_text(raw).replace(",", ".").replace(" ", "")
    try:
        number = float(value)
    except ValueError:
        raise InputError("registration-error-number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise InputError("registration-error-number")
    if field.min is not None and number < field.min:
        raise InputError("registration-error-number-min", min=f"{field.min:g}")
    if field.max is not None and number > field.max:
        raise InputError("registration-error-number-max", max=f"{field.max:g}")
    return int(number) if number.is_integer() else number


_YES = {"yes", "y", "да", "д", "+", "true"}
_NO = {"no", "n", "нет", "н", "-", "false"}


def parse_boolean(raw: str) -> bool:
    value = clean_text(raw).lower().rstrip(".!")
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise InputError("registration-error-button")


def economy_items(seminar: Event, lang: str) -> list[tuple[str, str]]:
    """(name, code) of every economy of the event file, in file order."""
    return [(e.name.get(lang), e.code) for e in seminar.economies]


def _fold(value: str) -> str:
    return unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower() or (
        value.lower()
    )


def search_economies(
    seminar: Event, query: str, lang: str, specials: dict[str, str]
) -> list[tuple[str, str]]:
    """Economies (and the special choices) whose name, in any language, or code matches."""
    wanted = clean_text(query).lower()
    folded = _fold(wanted)
    if not wanted:
        return []
    found: list[tuple[str, str]] = []
    for economy in seminar.economies:
        names = [economy.name.get(lang), *economy.name.root.values(), economy.code]
        if any(wanted in n.lower() or (folded and folded in _fold(n)) for n in names):
            found.append((economy.name.get(lang), economy.code))
    for code, label in specials.items():
        if wanted in label.lower():
            found.append((label, code))
    return found


def valid_economy(seminar: Event, value: str) -> bool:
    return value in SPECIAL_ECONOMIES or seminar.economy(value) is not None


def session_items(seminar: Event) -> list[tuple[str, str]]:
    """(session id, day date ISO) of the sessions one may be interested in, agenda order."""
    return [(s.id, d.date.isoformat()) for d, s in seminar.rateable_sessions()]


# --------------------------------------------------------------------------- consent, answers
