"""Load and validate an event file, with one-line errors an organiser can act on.

Every problem raises `EventFileError`, whose text is one line:
`<file>: <where>: <what was expected>`, e.g.
`events/x.yaml: agenda.days[1].sessions[2].start: expected a time HH:MM, got '25:99'`.

The YAML is read in a YAML 1.2 spirit so that values mean what they look like: `10:30`
stays a string (not the sexagesimal number 630), `no`/`yes`/`on`/`off` stay strings (only
`true`/`false` are booleans), `012` stays a string, and an impossible date such as
`2027-13-01` reaches validation as text instead of crashing the parser. Duplicate keys
are errors.
"""

from __future__ import annotations

import difflib
import re
import types
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, RootModel, ValidationError
from pydantic_core import ErrorDetails

from core.event.common import ERROR_TYPE, describe, format_loc
from core.event.event import Event

__all__ = ["EventFileError", "load_event", "parse_event"]


class EventFileError(Exception):
    """A problem with an event file. `str()` is a single line naming file and key."""

    def __init__(self, file: str | Path, where: str | None, message: str) -> None:
        self.file = str(file)
        self.where = where
        self.message = " ".join(message.split())
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [self.file, self.where, self.message]
        return ": ".join(p for p in parts if p)


# --------------------------------------------------------------------------- YAML

_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_MERGE_TAG = "tag:yaml.org,2002:merge"


class _DuplicateKeyError(yaml.MarkedYAMLError):
    pass


try:  # libyaml's parser is ~10 times faster; the Python constructor and resolver stay ours
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _EventYamlLoader(_BaseLoader):
    """SafeLoader with YAML 1.2 scalars and duplicate keys rejected."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        first_line: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            key = self.construct_object(key_node, deep=deep)
            try:
                seen = key in first_line
            except TypeError:  # an unhashable key: let the base class report it
                continue
            if seen:
                raise _DuplicateKeyError(
                    None,
                    None,
                    f"duplicate key '{key}' (first given on line {first_line[key] + 1})",
                    key_node.start_mark,
                )
            first_line[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


def _construct_timestamp(loader: _BaseLoader, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:  # 2027-13-01: leave it to validation, which names the key
        return loader.construct_scalar(node)


_EventYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL_TAG, _INT_TAG, _FLOAT_TAG)]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_EventYamlLoader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_EventYamlLoader.add_implicit_resolver(
    _INT_TAG, re.compile(r"^[-+]?(?:0|[1-9][0-9_]*|0x[0-9a-fA-F_]+)$"), list("-+0123456789")
)
_EventYamlLoader.add_implicit_resolver(
    _FLOAT_TAG,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9_]*)(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_EventYamlLoader.add_constructor(_TIMESTAMP_TAG, _construct_timestamp)


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise EventFileError(path, None, "file not found") from None
    except IsADirectoryError:
        raise EventFileError(path, None, "expected a file, got a directory") from None
    except UnicodeDecodeError as exc:
        raise EventFileError(
            path, None, f"cannot read the file: not UTF-8 text (byte {exc.start})"
        ) from None
    except OSError as exc:
        raise EventFileError(path, None, f"cannot read the file: {exc.strerror or exc}") from None
    try:
        return yaml.load(text, Loader=_EventYamlLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = exc.problem or "invalid YAML"
        if isinstance(exc, _DuplicateKeyError):
            raise EventFileError(path, where, problem) from None
        context = f" ({exc.context})" if exc.context else ""
        raise EventFileError(path, where, f"invalid YAML: {problem}{context}") from None
    except yaml.YAMLError as exc:
        raise EventFileError(path, None, f"invalid YAML: {exc}") from None


# --------------------------------------------------------------------------- errors


def _unwrap(tp: Any) -> Any:
    """Annotated[X, ...] -> X; X | None -> X; RootModel[X] -> X."""
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            members = [a for a in get_args(tp) if a is not type(None)]
            if len(members) != 1:
                return tp
            tp = members[0]
        elif isinstance(tp, type) and issubclass(tp, RootModel):
            tp = tp.model_fields["root"].annotation
        else:
            return tp


def _field_names(model: type[BaseModel]) -> dict[str, str]:
    """Key as written in the file -> attribute name."""
    return {info.alias or name: name for name, info in model.model_fields.items()}


def _model_at(loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that validates the mapping at `loc`, if it can be told."""
    tp: Any = Event
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            names = _field_names(tp)
            if not isinstance(part, str) or part not in names:
                return None
            tp = tp.model_fields[names[part]].annotation
        elif get_origin(tp) in (list, tuple) and isinstance(part, int):
            tp = get_args(tp)[0]
        elif get_origin(tp) is dict and isinstance(part, str):
            tp = get_args(tp)[1]
        else:
            return None
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel) and not issubclass(tp, RootModel):
        return tp
    return None


def _unknown_key(loc: tuple[str | int, ...]) -> str:
    key = loc[-1]
    message = f"unknown key '{key}'"
    model = _model_at(loc[:-1])
    if model is None:
        return message
    allowed = list(_field_names(model))
    close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
    if close:
        return f"{message}; did you mean '{close[0]}'?"
    return f"{message}; expected one of: {', '.join(allowed)}"


def _expected_choice(ctx: dict[str, Any]) -> str:
    expected = str(ctx.get("expected", ""))
    return ", ".join(part.strip() for part in re.split(r",| or ", expected) if part.strip())


_SIMPLE: dict[str, str] = {
    "string_type": "expected text",
    "string_too_short": "expected non-empty text",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "list_type": "expected a list",
    "dict_type": "expected a mapping (key: value)",
    "model_type": "expected a mapping (key: value)",
    "model_attributes_type": "expected a mapping (key: value)",
    "date_type": "expected a date YYYY-MM-DD",
    "date_parsing": "expected a date YYYY-MM-DD",
    "date_from_datetime_parsing": "expected a date YYYY-MM-DD",
    "date_from_datetime_inexact": "expected a date YYYY-MM-DD without a time",
}


def _explain(error: ErrorDetails) -> tuple[tuple[str | int, ...], str]:
    """(location, message) of one pydantic error, in the file's terms."""
    loc = tuple(error["loc"])
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    value = error.get("input")
    got = f", got {describe(value)}"
    if kind == ERROR_TYPE:
        return (*loc, *ctx.get("loc", ())), str(ctx.get("reason", error["msg"]))
    if kind == "missing":
        return loc, "required key is missing"
    if kind == "extra_forbidden":
        return loc, _unknown_key(loc)
    if kind in _SIMPLE:
        return loc, _SIMPLE[kind] + got
    if kind in ("literal_error", "enum"):
        return loc, f"expected one of: {_expected_choice(ctx)}{got}"
    bounds = {
        "greater_than_equal": ">=",
        "greater_than": ">",
        "less_than_equal": "<=",
        "less_than": "<",
    }
    if kind in bounds:
        limit = next(iter(ctx.values()), "?")
        return loc, f"expected a number {bounds[kind]} {limit}{got}"
    if kind == "too_short":
        return loc, f"expected at least {ctx.get('min_length')} item(s)"
    if kind == "too_long":
        return loc, f"expected at most {ctx.get('max_length')} item(s)"
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    message = message[:1].lower() + message[1:]
    return loc, message + got


def _validation_error(path: Path, exc: ValidationError) -> EventFileError:
    errors = exc.errors()
    first = errors[0]
    if first["type"] == "missing":
        # A misspelt key shows up twice: as missing and as unknown. The unknown key, with
        # its "did you mean", says more.
        parent = tuple(first["loc"])[:-1]
        first = next(
            (
                e
                for e in errors
                if e["type"] == "extra_forbidden" and tuple(e["loc"])[:-1] == parent
            ),
            first,
        )
    loc, message = _explain(first)
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more)"
    return EventFileError(path, format_loc(loc), message)


# --------------------------------------------------------------------------- entry points


def parse_event(data: Any, path: str | Path = "<event>") -> Event:
    """Validate already-parsed YAML data; errors name `path` like `load_event()` does."""
    path = Path(path)
    if data is None:
        raise EventFileError(path, None, "the file is empty; expected a mapping of keys")
    if not isinstance(data, dict):
        raise EventFileError(
            path,
            "(top level)",
            f"expected a mapping of keys (id: ..., title: ...), got {describe(data)}",
        )
    try:
        return Event.model_validate(data)
    except ValidationError as exc:
        raise _validation_error(path, exc) from None


def load_event(path: Path) -> Event:
    """Read, parse and validate an event file. Nothing is cached."""
    path = Path(path)
    return parse_event(_read_yaml(path), path)
