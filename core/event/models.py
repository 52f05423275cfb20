"""The event file as pydantic models.

One YAML file describes one event (see `docs/event-file.md`). Every model forbids unknown
keys so that an organiser's typo is reported instead of silently ignored.

Errors that concern a key below the model that detects them (cross references, for
instance) are raised with `fail(reason, *loc)`: the loader joins pydantic's location with
`loc` so the message names the exact key, e.g. `travel_eligible[3]`.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal, TypeAlias
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    PrivateAttr,
    RootModel,
    StringConstraints,
    ValidationError,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

Loc: TypeAlias = tuple[str | int, ...]

ERROR_TYPE = "event_file"
"""The pydantic error type of the errors raised with `fail()`."""

DEFAULT_LANGUAGE = "en"


# --------------------------------------------------------------------------- helpers


def fail(reason: str, *loc: str | int) -> PydanticCustomError:
    """An error about the key `loc` below the model (or value) being validated."""
    return PydanticCustomError(ERROR_TYPE, "{reason}", {"reason": reason, "loc": tuple(loc)})


def describe(value: Any) -> str:
    """A short, YAML-flavoured rendering of a bad value for an error message."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return repr(text)
    return type(value).__name__


def format_loc(loc: Iterable[str | int]) -> str:
    """`('agenda', 'days', 1, 'start')` -> `agenda.days[1].start`."""
    out = ""
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def _quote_list(values: Iterable[Any]) -> str:
    return ", ".join(repr(v) if isinstance(v, str) else describe(v) for v in values)


# --------------------------------------------------------------------------- scalar types

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
_CODE_RE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
_LANG_RE = re.compile(r"^[a-z]{2,3}$")
_HHMM_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()\-]{5,22}[0-9]$")
_TELEGRAM_RE = re.compile(r"^@[A-Za-z][A-Za-z0-9_]{4,31}$")
_URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
_INVITE_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def _check_id(value: str) -> str:
    if not _ID_RE.match(value):
        raise fail(
            "expected an id of 1-32 lowercase letters, digits, '-' or '_' "
            f"(like 'day1-opening'), got {describe(value)}"
        )
    return value


def _check_code(value: str) -> str:
    if not _CODE_RE.match(value):
        raise fail(
            f"expected an economy code of 2-8 capital letters or digits (like 'AUS'), "
            f"got {describe(value)}"
        )
    return value


def _check_lang(value: str) -> str:
    if not _LANG_RE.match(value):
        raise fail(f"expected a language code like 'en' or 'ru', got {describe(value)}")
    return value


def _check_key_lang(value: str) -> None:
    if not _LANG_RE.match(value):
        raise fail(f"expected a language code like 'en' or 'ru', got {describe(value)}", value)


def _parse_hhmm(value: Any) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, str) and (match := _HHMM_RE.match(value.strip())):
        return time(int(match[1]), int(match[2]))
    raise fail(f"expected a time HH:MM, got {describe(value)}")


def _check_email(value: str) -> str:
    if not _EMAIL_RE.match(value):
        raise fail(f"expected an e-mail address like name@example.org, got {describe(value)}")
    return value


def _check_phone(value: str) -> str:
    if not _PHONE_RE.match(value.strip()):
        raise fail(f"expected a phone number like +7 000 000-00-00, got {describe(value)}")
    return value.strip()


def _check_telegram(value: str) -> str:
    if not _TELEGRAM_RE.match(value):
        raise fail(f"expected a Telegram username like @example_desk, got {describe(value)}")
    return value


def _check_url(value: str) -> str:
    if not _URL_RE.match(value):
        raise fail(f"expected a web address starting with https://, got {describe(value)}")
    return value


def _check_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise fail(
            f"expected an IANA time zone name like 'Europe/Moscow', got {describe(value)}"
        ) from None
    return value


def _check_latitude(value: float) -> float:
    if not -90 <= value <= 90:
        raise fail(f"expected a latitude between -90 and 90, got {describe(value)}")
    return value


def _check_longitude(value: float) -> float:
    if not -180 <= value <= 180:
        raise fail(f"expected a longitude between -180 and 180, got {describe(value)}")
    return value


def _number_to_str(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _check_invite(value: str) -> str:
    if not _INVITE_RE.match(value):
        raise fail("expected a code of 8-64 letters, digits, '-' or '_', got " + describe(value))
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Id = Annotated[str, AfterValidator(_check_id)]
"""Short id: 1-32 of `a-z 0-9 - _`, starting with a letter or digit (fits callback data)."""
EconomyCode = Annotated[str, AfterValidator(_check_code)]
LanguageCode = Annotated[str, AfterValidator(_check_lang)]
HHMM = Annotated[time, PlainValidator(_parse_hhmm), PlainSerializer(lambda t: t.strftime("%H:%M"))]
Email = Annotated[str, AfterValidator(_check_email)]
Phone = Annotated[str, AfterValidator(_check_phone)]
TelegramUsername = Annotated[str, AfterValidator(_check_telegram)]
Url = Annotated[str, AfterValidator(_check_url)]
TimeZoneName = Annotated[str, AfterValidator(_check_timezone)]
Latitude = Annotated[float, AfterValidator(_check_latitude)]
Longitude = Annotated[float, AfterValidator(_check_longitude)]
InviteCode = Annotated[str, AfterValidator(_check_invite)]

Scalar: TypeAlias = bool | int | float | str


def _parse_scalar(value: Any) -> Scalar:
    if isinstance(value, bool | int | float | str):
        return value
    raise fail(f"expected text, a number or true/false, got {describe(value)}")


ScalarValue = Annotated[Scalar, PlainValidator(_parse_scalar)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- localized text


class LocalizedText(RootModel[dict[str, str]]):
    """A text per language (`{en: ..., ru: ...}`), or one plain string for all languages.

    English is required when a mapping is given. `get()` falls back to English.
    """

    _universal: bool = PrivateAttr(default=False)

    @model_validator(mode="wrap")
    @classmethod
    def _accept_plain_string(cls, value: Any, handler: Any) -> Any:
        if isinstance(value, cls):
            return value
        universal = isinstance(value, str)
        if universal:
            value = {DEFAULT_LANGUAGE: value}
        elif not isinstance(value, dict):
            raise fail(
                "expected text, or one text per language like {en: ..., ru: ...}, "
                f"got {describe(value)}"
            )
        result = handler(value)
        result._universal = universal
        return result

    @model_validator(mode="after")
    def _check(self) -> LocalizedText:
        for lang, text in self.root.items():
            _check_key_lang(lang)
            if not text.strip():
                raise fail("expected non-empty text", lang)
            self.root[lang] = text.strip()
        if DEFAULT_LANGUAGE not in self.root:
            raise fail(
                f"expected an English text ('{DEFAULT_LANGUAGE}:') among the languages, "
                f"got only {', '.join(self.root) or 'none'}"
            )
        return self

    @model_serializer(mode="plain")
    def _dump(self) -> str | dict[str, str]:
        return self.root[DEFAULT_LANGUAGE] if self._universal else dict(self.root)

    @property
    def universal(self) -> bool:
        """True if the file gave one plain string meant for every language."""
        return self._universal

    def get(self, lang: str | None = None) -> str:
        """The text in `lang` (`ru`, `ru-RU`, ...), else in English."""
        if lang and not self._universal:
            if lang in self.root:
                return self.root[lang]
            base = lang.split("-")[0].split("_")[0].lower()
            if base in self.root:
                return self.root[base]
        return self.root[DEFAULT_LANGUAGE]

    def missing(self, languages: Iterable[str]) -> list[str]:
        """The given languages this text has no translation for (none when universal)."""
        if self._universal:
            return []
        return [lang for lang in languages if lang not in self.root]

    def languages(self) -> list[str]:
        return list(self.root)


class LocalizedList(RootModel[dict[str, list[str]]]):
    """A list of phrases per language (`{en: [...], ru: [...]}`), or one plain list for all."""

    _universal: bool = PrivateAttr(default=False)

    @model_validator(mode="wrap")
    @classmethod
    def _accept_plain_list(cls, value: Any, handler: Any) -> Any:
        if isinstance(value, cls):
            return value
        universal = isinstance(value, list)
        if universal:
            value = {DEFAULT_LANGUAGE: value}
        elif not isinstance(value, dict):
            raise fail(
                "expected a list of phrases per language like {en: [...], ru: [...]}, "
                f"got {describe(value)}"
            )
        result = handler(value)
        result._universal = universal
        return result

    @model_validator(mode="after")
    def _check(self) -> LocalizedList:
        for lang, phrases in self.root.items():
            _check_key_lang(lang)
            for i, phrase in enumerate(phrases):
                if not phrase.strip():
                    raise fail("expected non-empty text", lang, i)
            self.root[lang] = [p.strip() for p in phrases]
        return self

    @model_serializer(mode="plain")
    def _dump(self) -> list[str] | dict[str, list[str]]:
        if self._universal:
            return list(self.root.get(DEFAULT_LANGUAGE, []))
        return {lang: list(phrases) for lang, phrases in self.root.items()}

    @property
    def universal(self) -> bool:
        return self._universal

    def get(self, lang: str | None = None) -> list[str]:
        """The phrases in `lang`, else the English ones (universal lists for every language)."""
        if lang and not self._universal:
            base = lang.split("-")[0].split("_")[0].lower()
            for key in (lang, base):
                if key in self.root:
                    return list(self.root[key])
        return list(self.root.get(DEFAULT_LANGUAGE, []))

    def all(self) -> list[str]:
        """Every phrase in every language, without duplicates, in file order."""
        return list(dict.fromkeys(p for phrases in self.root.values() for p in phrases))


def iter_localized(obj: Any, loc: Loc = ()) -> Iterator[tuple[Loc, LocalizedText | LocalizedList]]:
    """Every LocalizedText / LocalizedList inside `obj`, with its location."""
    if isinstance(obj, LocalizedText | LocalizedList):
        yield loc, obj
    elif isinstance(obj, BaseModel):
        for name, info in type(obj).model_fields.items():
            yield from iter_localized(getattr(obj, name), (*loc, info.alias or name))
    elif isinstance(obj, list | tuple):
        for i, item in enumerate(obj):
            yield from iter_localized(item, (*loc, i))
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from iter_localized(item, (*loc, str(key)))


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


class Economy(_Model):
    code: EconomyCode
    name: LocalizedText


class Quotas(_Model):
    funded_per_economy: int = Field(default=2, ge=0)
    alternates_per_economy: int = Field(default=1, ge=0)
    women_nomination_target: int = Field(default=1, ge=0)


class Topic(_Model):
    id: Id
    title: LocalizedText
    description: LocalizedText | None = None


Gender = Literal["female", "male", "other", "prefer_not_to_say"]


class Speaker(_Model):
    id: Id
    name: LocalizedText
    title: LocalizedText | None = None
    organisation: LocalizedText
    economy: EconomyCode | None = None
    gender: Gender | None = None
    bio: LocalizedText | None = None


SessionKind = Literal[
    "registration",
    "opening",
    "keynote",
    "plenary",
    "presentation",
    "panel",
    "workshop",
    "discussion",
    "break",
    "meal",
    "reception",
    "closing",
    "other",
]
NOT_RATEABLE_KINDS: frozenset[str] = frozenset({"registration", "break", "meal", "reception"})
"""Session kinds left out of a session_matrix question unless listed explicitly."""


class Session(_Model):
    id: Id
    start: HHMM
    end: HHMM
    title: LocalizedText
    kind: SessionKind = "plenary"
    topics: list[Id] = Field(default_factory=list)
    speakers: list[Id] = Field(default_factory=list)
    room: Id | None = None
    description: LocalizedText | None = None

    @model_validator(mode="after")
    def _order(self) -> Session:
        if self.end <= self.start:
            raise fail(
                f"expected a time after start ({self.start:%H:%M}), got '{self.end:%H:%M}'",
                "end",
            )
        return self

    @property
    def rateable(self) -> bool:
        return self.kind not in NOT_RATEABLE_KINDS


class AgendaDay(_Model):
    date: date
    title: LocalizedText
    sessions: list[Session] = Field(default_factory=list)

    def sorted_sessions(self) -> list[Session]:
        return sorted(self.sessions, key=lambda s: (s.start, s.end))


class Agenda(_Model):
    days: list[AgendaDay] = Field(default_factory=list)


ConsultationAudience = Literal["focal_points", "registered"]


class ProgrammeConsultation(_Model):
    """Who receives the draft programme for comment (`focal_points` of the economies, or
    every `registered` delegate) and what they are told."""

    audience: ConsultationAudience = "focal_points"
    intro: LocalizedText | None = None


class ProgrammeSettings(_Model):
    """How the bot handles the agenda: session reminders and the consultation."""

    reminder_minutes: int = Field(default=15, ge=1, le=1440)
    """A delegate following a session is reminded this many minutes before it starts."""
    consultation: ProgrammeConsultation = Field(default_factory=ProgrammeConsultation)


FaqTopic = Literal[
    "venue",
    "dates",
    "programme",
    "registration",
    "accommodation",
    "transport",
    "visa",
    "per_diem",
    "airfare",
    "funding",
    "contacts",
    "wifi",
    "dress_code",
    "weather",
    "language",
    "materials",
    "meals",
    "health",
    "other",
]


class FaqEntry(_Model):
    id: Id
    topic: FaqTopic
    question: LocalizedText
    variants: LocalizedList = Field(default_factory=lambda: LocalizedList({}))
    keywords: LocalizedList = Field(default_factory=lambda: LocalizedList({}))
    answer: LocalizedText
    location: bool = False
    """Send the venue pin with the answer."""


class Faq(_Model):
    entries: list[FaqEntry] = Field(default_factory=list)


MaterialKind = Literal[
    "programme",
    "information_note",
    "handout",
    "presentation",
    "publication",
    "questionnaire",
    "report",
    "video",
    "photo",
    "other",
]


class Material(_Model):
    id: Id
    title: LocalizedText
    url: Url
    kind: MaterialKind = "other"
    description: LocalizedText | None = None


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


InviteRole = Literal["speaker", "organiser"]


# --------------------------------------------------------------------------- show_if


class ShowIf(_Model):
    """Ask a question only if an earlier answer `equals` a value (or is `in` a list)."""

    question: Id
    equals: ScalarValue | None = None
    in_: list[ScalarValue] | None = Field(default=None, alias="in")

    @model_validator(mode="after")
    def _one_condition(self) -> ShowIf:
        has_in = self.in_ is not None
        has_equals = "equals" in self.model_fields_set and not (has_in and self.equals is None)
        if has_equals == has_in:
            raise fail("expected exactly one of 'equals: value' or 'in: [values]'")
        if self.in_ is not None and not self.in_:
            raise fail("expected at least one value", "in")
        return self

    @property
    def values(self) -> list[Scalar]:
        if self.in_ is not None:
            return list(self.in_)
        return [self.equals] if self.equals is not None else []

    def matches(self, answer: Any) -> bool:
        """True if `answer` (one value, or a list for multi-choice answers) satisfies it."""
        if isinstance(answer, list | tuple | set):
            return any(a in self.values for a in answer)
        return answer in self.values


class Option(_Model):
    value: Id
    label: LocalizedText


def _check_options(options: Sequence[Option], minimum: int = 2) -> None:
    if len(options) < minimum:
        raise fail(f"expected at least {minimum} options, got {len(options)}", "options")
    seen: set[str] = set()
    for i, option in enumerate(options):
        if option.value in seen:
            raise fail(f"duplicate option value '{option.value}'", "options", i, "value")
        seen.add(option.value)


def _given(model: BaseModel) -> set[str]:
    """The keys the file gave a value to (an explicit null or empty list does not count)."""
    return {name for name in model.model_fields_set if getattr(model, name) not in (None, [], {})}


class _Askable(_Model):
    """What `show_if` needs to know about a question or a registration field."""

    id: Id
    show_if: ShowIf | None = None

    def _answer_values(self) -> list[Scalar] | None:
        """The possible answers, or None when they cannot be listed."""
        return None

    def _check_condition_value(self, value: Scalar) -> str | None:
        """Why `value` can never be an answer to this item, or None."""
        allowed = self._answer_values()
        if allowed is not None and value not in allowed:
            return f"expected one of {_quote_list(allowed)}"
        return None


def _check_show_if(items: Sequence[_Askable], owner: str, word: str, key: str) -> None:
    """Ids unique; every show_if names an earlier item and a possible answer of it."""
    seen: dict[str, _Askable] = {}
    for i, item in enumerate(items):
        if item.id in seen:
            raise fail(f"{owner}: duplicate {word} id '{item.id}'", key, i, "id")
        condition = item.show_if
        if condition is not None:
            target = seen.get(condition.question)
            if target is None:
                later = any(other.id == condition.question for other in items[i:])
                why = "it comes later" if later else f"there is no such {word}"
                raise fail(
                    f"{owner}: {word} '{item.id}': show_if refers to '{condition.question}', "
                    f"which is not an earlier {word} of this {owner.split()[0]} ({why})",
                    key,
                    i,
                    "show_if",
                    "question",
                )
            value_key = "in" if condition.in_ is not None else "equals"
            for j, value in enumerate(condition.values):
                problem = target._check_condition_value(value)
                if problem:
                    loc: tuple[str | int, ...] = (key, i, "show_if", value_key)
                    if condition.in_ is not None:
                        loc = (*loc, j)
                    raise fail(
                        f"{owner}: {word} '{item.id}': {problem} "
                        f"(the answers of '{target.id}'), got {describe(value)}",
                        *loc,
                    )
        seen[item.id] = item


# --------------------------------------------------------------------------- registration

RegistrationFieldType = Literal[
    "text",
    "email",
    "phone",
    "choice",
    "multi_choice",
    "boolean",
    "date",
    "number",
    "economy",
    "sessions",
]


class RegistrationField(_Askable):
    """One question of the registration form, asked in its own window in file order.

    Special ids: the answers of `full_name`, `economy`, `organisation`, `sector`, `role`,
    `gender`, `email` and `funding_requested` are also stored in their own columns; `role`
    with `by_invite_code` options; `economy`, `role` and `funding_requested` cannot be
    changed by the delegate once the registration is submitted (they decide the quotas).
    """

    type: RegistrationFieldType
    required: bool = True
    label: LocalizedText
    prompt: LocalizedText | None = None
    options: list[Option] = Field(default_factory=list)
    max_length: int | None = Field(default=None, ge=1, le=4000)
    min: float | None = None
    max: float | None = None
    by_invite_code: list[Id] = Field(default_factory=list)
    """`choice` only: options given only to whoever enters their invite code."""
    travel_eligible_only: bool = False
    """Ask only participants of a travel-eligible economy (an earlier `economy` field)."""
    not_before: Id | None = None
    """`date` only: the answer may not be earlier than the answer to this earlier date field."""

    @model_validator(mode="after")
    def _check_type(self) -> RegistrationField:
        given = _given(self)
        if self.type in ("choice", "multi_choice"):
            _check_options(self.options)
        elif "options" in given:
            raise fail(f"'options' is not used by fields of type '{self.type}'", "options")
        if "max_length" in given and self.type != "text":
            raise fail(f"'max_length' is not used by fields of type '{self.type}'", "max_length")
        for key in ("min", "max"):
            if key in given and self.type != "number":
                raise fail(f"'{key}' is not used by fields of type '{self.type}'", key)
        if self.min is not None and self.max is not None and self.max < self.min:
            raise fail(f"expected a number >= min ({self.min:g}), got {self.max:g}", "max")
        if "by_invite_code" in given:
            if self.type != "choice":
                raise fail(
                    f"'by_invite_code' is not used by fields of type '{self.type}'",
                    "by_invite_code",
                )
            values = [o.value for o in self.options]
            for i, value in enumerate(self.by_invite_code):
                if value not in values:
                    raise fail(
                        f"expected one of {_quote_list(values)} (the options), got '{value}'",
                        "by_invite_code",
                        i,
                    )
            if len(set(self.by_invite_code)) >= len(values):
                raise fail("at least one option must not need an invite code", "by_invite_code")
        if "not_before" in given and self.type != "date":
            raise fail(f"'not_before' is not used by fields of type '{self.type}'", "not_before")
        return self

    def _answer_values(self) -> list[Scalar] | None:
        if self.type in ("choice", "multi_choice"):
            return [o.value for o in self.options]
        if self.type == "boolean":
            return [True, False]
        return None

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


class DateWindow(_Model):
    """Dates the form accepts: from `before` days before the event to `after` days after."""

    before: int = Field(default=30, ge=0, le=366)
    after: int = Field(default=14, ge=0, le=366)


# Column widths of the answers also kept in their own column (see storage/models/registration).
_OPTION_LIMITS = {"role": 16, "gender": 24}


class Registration(_Model):
    fields: list[RegistrationField] = Field(default_factory=list)
    date_window: DateWindow = Field(default_factory=DateWindow)
    invitation_letter: Annotated[str, StringConstraints(pattern=r"^[^/\\]+\.docx$")] | None = (
        "invitation-letter.docx"
    )
    """The DOCX template of visa invitation letters, in the event file's folder."""

    @model_validator(mode="after")
    def _check(self) -> Registration:
        _check_show_if(self.fields, "registration form", "field", "fields")
        seen: dict[str, RegistrationField] = {}
        economy_fields = 0
        for i, item in enumerate(self.fields):
            values = {o.value for o in item.options}
            if item.id == "gender" and item.type == "choice" and "prefer_not_to_say" not in values:
                raise fail(
                    "the gender field must offer the option 'prefer_not_to_say'",
                    "fields",
                    i,
                    "options",
                )
            limit = _OPTION_LIMITS.get(item.id)
            if limit is not None:
                for k, option in enumerate(item.options):
                    if len(option.value) > limit:
                        raise fail(
                            f"expected an option value of at most {limit} characters, "
                            f"got '{option.value}'",
                            "fields",
                            i,
                            "options",
                            k,
                            "value",
                        )
            if item.type == "economy":
                economy_fields += 1
                if economy_fields > 1:
                    raise fail("the form may have only one field of type 'economy'", "fields", i)
            if item.travel_eligible_only and not any(f.type == "economy" for f in seen.values()):
                raise fail(
                    "travel_eligible_only needs an earlier field of type 'economy'",
                    "fields",
                    i,
                    "travel_eligible_only",
                )
            if item.not_before is not None:
                target = seen.get(item.not_before)
                if target is None or target.type != "date":
                    raise fail(
                        f"expected the id of an earlier field of type 'date', "
                        f"got '{item.not_before}'",
                        "fields",
                        i,
                        "not_before",
                    )
            seen[item.id] = item
        return self

    def field(self, field_id: str) -> RegistrationField | None:
        return next((f for f in self.fields if f.id == field_id), None)


# --------------------------------------------------------------------------- surveys

QuestionType = Literal["single", "multi", "scale", "yes_no", "text", "number", "session_matrix"]

_TYPE_KEYS: dict[str, frozenset[str]] = {
    "single": frozenset({"options"}),
    "multi": frozenset({"options", "min", "max"}),
    "scale": frozenset({"min", "max", "min_label", "max_label"}),
    "yes_no": frozenset(),
    "text": frozenset({"max_length"}),
    "number": frozenset({"min", "max"}),
    "session_matrix": frozenset({"min", "max", "min_label", "max_label", "sessions"}),
}
_TYPE_SPECIFIC_KEYS = frozenset().union(*_TYPE_KEYS.values())


class Question(_Askable):
    """One survey question. Keys that do not apply to `type` are rejected.

    single/multi: `options` (multi: `min`/`max` number of choices); scale and
    session_matrix: `min`..`max` (default 1..5) with `min_label`/`max_label`; text:
    `max_length`; number: `min`/`max` bounds; session_matrix: `sessions` (default: every
    session whose kind is rateable).
    """

    type: QuestionType
    text: LocalizedText
    help: LocalizedText | None = None
    required: bool = True
    options: list[Option] = Field(default_factory=list)
    min: int | None = None
    max: int | None = None
    min_label: LocalizedText | None = None
    max_label: LocalizedText | None = None
    max_length: int | None = Field(default=None, ge=1, le=4000)
    sessions: list[Id] | None = None

    @model_validator(mode="after")
    def _check_type(self) -> Question:
        unused = sorted((_TYPE_SPECIFIC_KEYS - _TYPE_KEYS[self.type]) & _given(self))
        if unused:
            raise fail(f"'{unused[0]}' is not used by questions of type '{self.type}'", unused[0])
        if self.type in ("single", "multi"):
            _check_options(self.options)
        if self.type == "multi":
            low = 0 if self.min is None else self.min
            high = len(self.options) if self.max is None else self.max
            if low < 0:
                raise fail(f"expected a number of choices >= 0, got {low}", "min")
            if not 1 <= high <= len(self.options):
                raise fail(
                    f"expected a number of choices between 1 and {len(self.options)}, got {high}",
                    "max",
                )
            if low > high:
                raise fail(f"expected at most max ({high}) choices, got {low}", "min")
        if self.type in ("scale", "session_matrix"):
            if self.min is None:
                self.min = 1
            if self.max is None:
                self.max = 5
            if not self.min < self.max <= self.min + 10:
                raise fail(
                    f"expected a number above min ({self.min}) and at most min + 10, "
                    f"got {self.max}",
                    "max",
                )
        bottom, top = self.min, self.max
        if self.type == "number" and bottom is not None and top is not None and bottom > top:
            raise fail(f"expected a number >= min ({self.min}), got {self.max}", "max")
        return self

    def scale_values(self) -> list[int]:
        """The points of a scale / session_matrix question (`min`..`max`)."""
        if self.min is None or self.max is None:
            return []
        return list(range(self.min, self.max + 1))

    def _answer_values(self) -> list[Scalar] | None:
        if self.type in ("single", "multi"):
            return [o.value for o in self.options]
        if self.type == "yes_no":
            return [True, False]
        if self.type == "scale":
            return list(self.scale_values())
        return None

    def _check_condition_value(self, value: Scalar) -> str | None:
        if self.type == "number" and (isinstance(value, bool) or not isinstance(value, int)):
            return "expected a number"
        return super()._check_condition_value(value)


SurveyAudience = Literal["economy", "registered", "approved", "attended", "speakers", "all"]


class Survey(_Model):
    """A questionnaire. `audience: economy` means one respondent per economy.

    `opens`/`closes` are moments in the event's time zone (see `Event.resolve`);
    `editable`: submitted answers may be changed until the survey closes (not for
    anonymous surveys, whose answers are no longer linked to anyone once submitted).
    """

    id: Id
    title: LocalizedText
    intro: LocalizedText | None = None
    audience: SurveyAudience
    anonymous: bool = False
    editable: bool = False
    opens: OffsetValue | None = None
    closes: OffsetValue | None = None
    questions: list[Question] = Field(min_length=1)

    @model_validator(mode="wrap")
    @classmethod
    def _name_survey_and_question(cls, value: Any, handler: Any) -> Any:
        """Add the survey and question ids to a question's own definition errors."""
        try:
            return handler(value)
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = tuple(first["loc"])
            ctx = dict(first.get("ctx") or {})
            reason = str(ctx.get("reason", ""))
            if (
                first["type"] != ERROR_TYPE
                or not isinstance(value, dict)
                or len(loc) < 2
                or loc[0] != "questions"
                or not isinstance(loc[1], int)
                or reason.startswith("survey '")
            ):
                raise
            questions = value.get("questions")
            raw = questions[loc[1]] if isinstance(questions, list) else None
            qid = raw.get("id") if isinstance(raw, dict) else None
            names = f"survey '{value.get('id')}'" + (f", question '{qid}'" if qid else "")
            more = len(exc.errors()) - 1
            suffix = f" (and {more} more)" if more else ""
            raise fail(f"{reason} ({names}){suffix}", *loc, *ctx.get("loc", ())) from None

    @model_validator(mode="after")
    def _check(self) -> Survey:
        if self.anonymous and self.editable:
            raise fail(
                f"survey '{self.id}': an anonymous survey cannot be editable (its answers "
                "are no longer linked to the respondent once submitted)",
                "editable",
            )
        for key in ("opens", "closes"):
            offset = getattr(self, key)
            if offset is not None and offset.repeats_daily:
                raise fail(
                    f"survey '{self.id}': expected a single moment, not every day "
                    f"({offset.text!r})",
                    key,
                )
        _check_show_if(self.questions, f"survey '{self.id}'", "question", "questions")
        return self

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


# --------------------------------------------------------------------------- reminders

ReminderAudience = Literal[
    "all", "registered", "approved", "funded", "attended", "delegates", "speakers", "organisers"
]
ReminderInclude = Literal["day_programme", "programme", "venue_location", "materials", "contacts"]


class Reminder(_Model):
    """One entry of the reminder plan: what to send, to whom, when (see docs/event-file.md).

    The bot keeps one scheduled row per moment (`day HH:MM`: one per event day) in its
    database; organisers can edit, cancel or send them early with `/reminders`.
    """

    id: Id
    at: OffsetValue
    audience: ReminderAudience
    text: LocalizedText
    include: list[ReminderInclude] = Field(default_factory=list)
    survey: Id | None = None
    """Attach a button that opens this survey."""
    unless_answered: Id | None = None
    """Skip people who have already answered this survey."""


# --------------------------------------------------------------------------- report


class ReportTopic(_Model):
    """Questions of the questionnaire reported together under one of the event's topics."""

    topic: Id
    questions: list[Id] = Field(min_length=1)


class ReportSettings(_Model):
    """The completion-report draft (`/report`).

    `questionnaire` and `feedback` name surveys (default: the first per-economy survey, and
    the first anonymous one); `questionnaire_topics` groups the questionnaire's questions by
    topic (questions not listed are reported under "Other questions").
    """

    questionnaire: Id | None = None
    feedback: Id | None = None
    questionnaire_topics: list[ReportTopic] = Field(default_factory=list)


# --------------------------------------------------------------------------- the event


def _first_duplicate(values: Sequence[str]) -> int | None:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            return i
        seen.add(value)
    return None


def _unique(items: Sequence[Any], attr: str, *loc: str | int, what: str) -> None:
    values = [getattr(item, attr) for item in items]
    i = _first_duplicate(values)
    if i is not None:
        raise fail(f"duplicate {what} '{values[i]}'", *loc, i, attr)


class Event(_Model):
    """Everything specific to one event. Load it with `core.event.load_event()`."""

    id: Id
    title: LocalizedText
    short_title: LocalizedText | None = None
    description: LocalizedText | None = None
    dates: EventDates
    timezone: TimeZoneName
    languages: list[LanguageCode] = Field(default_factory=lambda: ["en", "ru"], min_length=1)
    venue: Venue
    organisers: list[Organiser] = Field(default_factory=list)
    host: LocalizedText | None = None
    sponsoring_forum: LocalizedText | None = None
    proposing_economy: EconomyCode | None = None
    co_sponsors: list[EconomyCode] = Field(default_factory=list)
    economies: list[Economy] = Field(default_factory=list)
    travel_eligible: list[EconomyCode] = Field(default_factory=list)
    quotas: Quotas = Field(default_factory=Quotas)
    topics: list[Topic] = Field(default_factory=list)
    speakers: list[Speaker] = Field(default_factory=list)
    agenda: Agenda = Field(default_factory=Agenda)
    programme: ProgrammeSettings = Field(default_factory=ProgrammeSettings)
    faq: Faq = Field(default_factory=Faq)
    materials: list[Material] = Field(default_factory=list)
    privacy: Privacy
    invite_codes: dict[InviteRole, InviteCode] = Field(default_factory=dict)
    registration: Registration = Field(default_factory=Registration)
    surveys: list[Survey] = Field(default_factory=list)
    reminders: list[Reminder] = Field(default_factory=list)
    report: ReportSettings = Field(default_factory=ReportSettings)

    # ----------------------------------------------------------------- validation

    @model_validator(mode="after")
    def _check_references(self) -> Event:
        self._check_languages()
        self._check_economies()
        _unique(self.venue.rooms, "id", "venue", "rooms", what="room id")
        _unique(self.topics, "id", "topics", what="topic id")
        _unique(self.speakers, "id", "speakers", what="speaker id")
        codes = {e.code for e in self.economies}
        for i, speaker in enumerate(self.speakers):
            if speaker.economy is not None and speaker.economy not in codes:
                raise fail(self._unknown_economy(speaker.economy), "speakers", i, "economy")
        self._check_agenda()
        _unique(self.faq.entries, "id", "faq", "entries", what="FAQ id")
        _unique(self.materials, "id", "materials", what="material id")
        self._check_surveys()
        self._check_reminders()
        self._check_report()
        role_of_code: dict[str, str] = {}
        for role, code in self.invite_codes.items():
            if code.lower() in role_of_code:
                raise fail(
                    f"the same code is already used for '{role_of_code[code.lower()]}'",
                    "invite_codes",
                    role,
                )
            role_of_code[code.lower()] = role
        self._check_text_languages()
        retention = self.privacy.retention
        if isinstance(retention, date) and retention <= self.dates.end:
            raise fail(
                f"expected a date after the event's last day ({self.dates.end.isoformat()}), "
                f"got {retention.isoformat()}",
                "privacy",
                "retention",
            )
        return self

    def retention_date(self) -> date | None:
        """The day personal data is erased (`privacy.retention`), or None if not set."""
        retention = self.privacy.retention
        if retention is None or isinstance(retention, date):
            return retention
        return self.dates.end + timedelta(days=retention)

    def _check_languages(self) -> None:
        i = _first_duplicate(self.languages)
        if i is not None:
            raise fail(f"duplicate language '{self.languages[i]}'", "languages", i)
        if DEFAULT_LANGUAGE not in self.languages:
            raise fail(
                f"expected '{DEFAULT_LANGUAGE}' among the languages "
                "(every text needs an English version), "
                f"got {', '.join(self.languages)}",
                "languages",
            )

    def _unknown_economy(self, code: str) -> str:
        if not self.economies:
            return f"economy '{code}' is not declared: the 'economies' list is empty"
        return f"expected a code declared under 'economies', got '{code}'"

    def _check_economies(self) -> None:
        _unique(self.economies, "code", "economies", what="economy code")
        codes = {e.code for e in self.economies}
        i = _first_duplicate(self.travel_eligible)
        if i is not None:
            raise fail(f"duplicate code '{self.travel_eligible[i]}'", "travel_eligible", i)
        for i, code in enumerate(self.travel_eligible):
            if code not in codes:
                raise fail(self._unknown_economy(code), "travel_eligible", i)
        if self.proposing_economy is not None and self.proposing_economy not in codes:
            raise fail(self._unknown_economy(self.proposing_economy), "proposing_economy")
        for i, code in enumerate(self.co_sponsors):
            if code not in codes:
                raise fail(self._unknown_economy(code), "co_sponsors", i)

    def _check_agenda(self) -> None:
        topics = {t.id for t in self.topics}
        speakers = {s.id for s in self.speakers}
        rooms = {r.id for r in self.venue.rooms}
        session_ids: set[str] = set()
        previous: date | None = None
        for d, day in enumerate(self.agenda.days):
            here = ("agenda", "days", d)
            if not self.dates.start <= day.date <= self.dates.end:
                raise fail(
                    f"expected a date between {self.dates.start.isoformat()} and "
                    f"{self.dates.end.isoformat()} (the event dates), "
                    f"got {day.date.isoformat()}",
                    *here,
                    "date",
                )
            if previous is not None and day.date <= previous:
                raise fail(
                    f"expected a date after the previous day ({previous.isoformat()}), "
                    f"got {day.date.isoformat()}",
                    *here,
                    "date",
                )
            previous = day.date
            for s, session in enumerate(day.sessions):
                at = (*here, "sessions", s)
                if session.id in session_ids:
                    raise fail(f"duplicate session id '{session.id}'", *at, "id")
                session_ids.add(session.id)
                for t, topic in enumerate(session.topics):
                    if topic not in topics:
                        raise fail(
                            f"expected a topic id declared under 'topics', got '{topic}'",
                            *at,
                            "topics",
                            t,
                        )
                for k, speaker in enumerate(session.speakers):
                    if speaker not in speakers:
                        raise fail(
                            f"expected a speaker id declared under 'speakers', got '{speaker}'",
                            *at,
                            "speakers",
                            k,
                        )
                if session.room is not None and session.room not in rooms:
                    raise fail(
                        f"expected a room id declared under 'venue.rooms', got '{session.room}'",
                        *at,
                        "room",
                    )

    def _check_surveys(self) -> None:
        _unique(self.surveys, "id", "surveys", what="survey id")
        sessions = {s.id for _, s in self.iter_sessions()}
        for i, survey in enumerate(self.surveys):
            for q, question in enumerate(survey.questions):
                for k, session_id in enumerate(question.sessions or []):
                    if session_id not in sessions:
                        raise fail(
                            f"survey '{survey.id}': question '{question.id}': expected a "
                            f"session id from the agenda, got '{session_id}'",
                            "surveys",
                            i,
                            "questions",
                            q,
                            "sessions",
                            k,
                        )
            if survey.opens is not None and survey.closes is not None:
                opens = self.resolve(survey.opens)[0]
                closes = self.resolve(survey.closes)[0]
                if closes <= opens:
                    raise fail(
                        f"survey '{survey.id}': expected a moment after opens "
                        f"({opens:%Y-%m-%d %H:%M}), got {closes:%Y-%m-%d %H:%M}",
                        "surveys",
                        i,
                        "closes",
                    )

    def _check_reminders(self) -> None:
        _unique(self.reminders, "id", "reminders", what="reminder id")
        surveys = {s.id for s in self.surveys}
        for i, reminder in enumerate(self.reminders):
            for key in ("survey", "unless_answered"):
                survey_id = getattr(reminder, key)
                if survey_id is not None and survey_id not in surveys:
                    raise fail(
                        f"reminder '{reminder.id}': expected a survey id declared under "
                        f"'surveys', got '{survey_id}'",
                        "reminders",
                        i,
                        key,
                    )
            j = _first_duplicate(reminder.include)
            if j is not None:
                raise fail(
                    f"reminder '{reminder.id}': duplicate '{reminder.include[j]}'",
                    "reminders",
                    i,
                    "include",
                    j,
                )
            if "day_programme" in reminder.include:
                for moment in self.resolve(reminder.at):
                    if self.day(moment.date()) is None:
                        raise fail(
                            f"reminder '{reminder.id}': 'day_programme' needs a moment on a "
                            f"day of the agenda (like 'day 08:00'), but "
                            f"{moment:%Y-%m-%d} has no programme",
                            "reminders",
                            i,
                            "include",
                        )

    def _check_report(self) -> None:
        report = self.report
        for key in ("questionnaire", "feedback"):
            survey_id = getattr(report, key)
            if survey_id is not None and self.find_survey(survey_id) is None:
                raise fail(
                    f"expected a survey id declared under 'surveys', got '{survey_id}'",
                    "report",
                    key,
                )
        if not report.questionnaire_topics:
            return
        survey = self.report_questionnaire()
        if survey is None:
            raise fail(
                "questionnaire topics need a questionnaire: set 'report.questionnaire'",
                "report",
                "questionnaire_topics",
            )
        topics = {t.id for t in self.topics}
        seen: set[str] = set()
        for i, group in enumerate(report.questionnaire_topics):
            here = ("report", "questionnaire_topics", i)
            if group.topic not in topics:
                raise fail(
                    f"expected a topic id declared under 'topics', got '{group.topic}'",
                    *here,
                    "topic",
                )
            for k, question_id in enumerate(group.questions):
                if survey.question(question_id) is None:
                    raise fail(
                        f"expected a question id of survey '{survey.id}', got '{question_id}'",
                        *here,
                        "questions",
                        k,
                    )
                if question_id in seen:
                    raise fail(f"question '{question_id}' is listed twice", *here, "questions", k)
                seen.add(question_id)

    def report_questionnaire(self) -> Survey | None:
        """The survey reported as the questionnaire (see `ReportSettings`)."""
        if self.report.questionnaire is not None:
            return self.find_survey(self.report.questionnaire)
        return next((s for s in self.surveys if s.audience == "economy"), None)

    def report_feedback(self) -> Survey | None:
        """The survey reported as the feedback survey (see `ReportSettings`)."""
        if self.report.feedback is not None:
            return self.find_survey(self.report.feedback)
        return next((s for s in self.surveys if s.anonymous), None)

    def _check_text_languages(self) -> None:
        languages = set(self.languages)
        for loc, text in iter_localized(self):
            for lang in text.root:
                if lang not in languages and not text.universal:
                    raise fail(
                        f"expected one of the event's languages ({', '.join(self.languages)}), "
                        f"got '{lang}'",
                        *loc,
                        lang,
                    )

    # ----------------------------------------------------------------- languages

    @property
    def default_language(self) -> str:
        """The first of `languages`."""
        return self.languages[0]

    def missing_translations(self) -> list[str]:
        """`path: lang` for every text without a version in one of the event's languages."""
        out: list[str] = []
        for loc, text in iter_localized(self):
            if isinstance(text, LocalizedText):
                out.extend(f"{format_loc(loc)}: {lang}" for lang in text.missing(self.languages))
        return out

    # ----------------------------------------------------------------- time

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def localize(self, day: date, moment: time) -> datetime:
        """An aware datetime in the event's time zone."""
        return datetime.combine(day, moment, tzinfo=self.tz)

    def session_start(self, day: AgendaDay, session: Session) -> datetime:
        return self.localize(day.date, session.start)

    def session_end(self, day: AgendaDay, session: Session) -> datetime:
        return self.localize(day.date, session.end)

    @property
    def starts_at(self) -> datetime:
        """Start of the first session of the first day (00:00 if it has no sessions)."""
        day = self.day(self.dates.start)
        if day is not None and day.sessions:
            return self.localize(day.date, min(s.start for s in day.sessions))
        return self.localize(self.dates.start, time(0, 0))

    @property
    def ends_at(self) -> datetime:
        """End of the last session of the last day (midnight after it if it has none)."""
        day = self.day(self.dates.end)
        if day is not None and day.sessions:
            return self.localize(day.date, max(s.end for s in day.sessions))
        return self.localize(self.dates.end + timedelta(days=1), time(0, 0))

    def resolve(self, offset: Offset) -> list[datetime]:
        """The aware moment(s) an offset stands for: one, or one per event day for `day`."""
        if offset.anchor == "day":
            assert offset.time_of_day is not None
            return [self.localize(d, offset.time_of_day) for d in self.dates.days()]
        if offset.anchor == "at":
            assert offset.moment is not None
            moment = offset.moment
            if moment.tzinfo is None:
                return [moment.replace(tzinfo=self.tz)]
            return [moment.astimezone(self.tz)]
        base = self.starts_at if offset.anchor == "start" else self.ends_at
        if offset.time_of_day is not None:
            return [self.localize(base.date() + offset.delta, offset.time_of_day)]
        return [base + offset.delta]

    # ----------------------------------------------------------------- look-ups

    def economy(self, code: str) -> Economy | None:
        return next((e for e in self.economies if e.code == code), None)

    def is_travel_eligible(self, code: str) -> bool:
        return code in self.travel_eligible

    def travel_eligible_economies(self) -> list[Economy]:
        return [e for e in self.economies if e.code in self.travel_eligible]

    def day(self, on: date) -> AgendaDay | None:
        return next((d for d in self.agenda.days if d.date == on), None)

    def iter_sessions(self) -> Iterator[tuple[AgendaDay, Session]]:
        """Every (day, session), days in order, sessions by start time."""
        for day in self.agenda.days:
            for session in day.sorted_sessions():
                yield day, session

    def find_session(self, session_id: str) -> Session | None:
        return next((s for _, s in self.iter_sessions() if s.id == session_id), None)

    def day_of_session(self, session_id: str) -> AgendaDay | None:
        return next((d for d, s in self.iter_sessions() if s.id == session_id), None)

    def rateable_sessions(self) -> list[tuple[AgendaDay, Session]]:
        return [(d, s) for d, s in self.iter_sessions() if s.rateable]

    def sessions_for(self, question: Question) -> list[tuple[AgendaDay, Session]]:
        """The sessions a session_matrix question asks about, in agenda order."""
        if question.sessions is None:
            return self.rateable_sessions()
        wanted = set(question.sessions)
        return [(d, s) for d, s in self.iter_sessions() if s.id in wanted]

    def find_topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def find_speaker(self, speaker_id: str) -> Speaker | None:
        return next((s for s in self.speakers if s.id == speaker_id), None)

    def find_room(self, room_id: str) -> Room | None:
        return next((r for r in self.venue.rooms if r.id == room_id), None)

    def find_faq(self, faq_id: str) -> FaqEntry | None:
        return next((f for f in self.faq.entries if f.id == faq_id), None)

    def find_material(self, material_id: str) -> Material | None:
        return next((m for m in self.materials if m.id == material_id), None)

    def find_survey(self, survey_id: str) -> Survey | None:
        return next((s for s in self.surveys if s.id == survey_id), None)

    def find_reminder(self, reminder_id: str) -> Reminder | None:
        return next((r for r in self.reminders if r.id == reminder_id), None)

    def role_for_invite_code(self, code: str) -> InviteRole | None:
        """The role an invite code grants (case-insensitive), or None."""
        wanted = code.strip().lower()
        for role, value in self.invite_codes.items():
            if value.lower() == wanted:
                return role
        return None
