"""What every part of the event file shares: the error helpers (`fail`, `describe`,
`format_loc`), the checked scalar types (ids, codes, times, addresses), the base model
that forbids unknown keys (so an organiser's typo is reported, not ignored), and the texts
given per language (`LocalizedText`, `LocalizedList`).

Errors that concern a key below the model that detects them (cross references, for
instance) are raised with `fail(reason, *loc)`: the loader joins pydantic's location with
`loc` so the message names the exact key, e.g. `travel_eligible[3]`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from typing import Annotated, Any, TypeAlias
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    PlainSerializer,
    PlainValidator,
    PrivateAttr,
    RootModel,
    StringConstraints,
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
