"""What registration fields and survey questions share: options, and `show_if` (ask an
item only when an earlier answer has a given value) with its cross-checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field, model_validator

from core.event.common import (
    Id,
    LocalizedText,
    Scalar,
    ScalarValue,
    _Model,
    _quote_list,
    describe,
    fail,
)

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
