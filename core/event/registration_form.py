"""The registration form: its fields in the order they are asked, the accepted date window,
the invitation-letter template, and the roles given by invite codes.
"""

from __future__ import annotations

import contextlib
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StringConstraints, model_validator

from core.event.common import Id, LocalizedText, Scalar, _Model, _quote_list, describe, fail
from core.event.questions import Option, _Askable, _check_options, _check_show_if, _given

InviteRole = Literal["speaker", "organiser"]


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

Stage = Literal["nomination", "travel"]
"""Stage 1, the nomination (what organisers need to decide), and stage 2, travel details
(asked once the registration is approved)."""

# Fields in the travel stage unless the event file says otherwise (`stage:`).
TRAVEL_IDS = frozenset(
    {
        "arrival_date",
        "departure_date",
        "flight",
        "hotel",
        "hotel_needed",
        "dietary",
        "accessibility",
        "sessions_of_interest",
    }
)
TRAVEL_TYPES = frozenset({"date", "sessions"})
MAX_TRAVEL_EDIT_DAYS = 366


def default_stage(field_id: str, field_type: str) -> Stage:
    """The stage of a field whose `stage` is not given: dates, sessions and the travel ids
    (arrival and departure, flight, hotel, dietary, accessibility) are travel details."""
    return "travel" if field_id in TRAVEL_IDS or field_type in TRAVEL_TYPES else "nomination"


def _travel_edit_until(value: Any) -> Any:
    """A date (YAML's or `YYYY-MM-DD` text) or a whole number of days before the event."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        if not 0 <= value <= MAX_TRAVEL_EDIT_DAYS:
            raise fail(f"expected 0 to {MAX_TRAVEL_EDIT_DAYS} days, got {value}")
        return value
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return date.fromisoformat(value.strip())
    raise fail(
        "expected a date (YYYY-MM-DD) or a number of days before the event's first day, "
        f"got {describe(value)}"
    )


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
    stage: Stage | None = None
    """`nomination` or `travel`; by default (`default_stage`) dates, sessions and the travel
    ids are travel details, the rest is the nomination. Read it with `field_stage`."""

    @property
    def field_stage(self) -> Stage:
        return self.stage or default_stage(self.id, self.type)

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


class RegistrationForm(_Model):
    fields: list[RegistrationField] = Field(default_factory=list)
    date_window: DateWindow = Field(default_factory=DateWindow)
    invitation_letter: Annotated[str, StringConstraints(pattern=r"^[^/\\]+\.docx$")] | None = (
        "invitation-letter.docx"
    )
    """The DOCX template of visa invitation letters, in the event file's folder."""
    travel_edit_until: Annotated[date | int, BeforeValidator(_travel_edit_until)] = 3
    """Until when (inclusive, event time) an approved delegate may change travel details: a
    date, or a number of days before the event's first day (default: 3)."""

    @model_validator(mode="after")
    def _check(self) -> RegistrationForm:
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
            if item.show_if is not None and item.field_stage == "nomination":
                target = seen.get(item.show_if.question)
                if target is not None and target.field_stage == "travel":
                    raise fail(
                        "a nomination field cannot depend on a travel field "
                        f"('{item.show_if.question}')",
                        "fields",
                        i,
                        "show_if",
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

    def stage_fields(self, stage: Stage) -> list[RegistrationField]:
        return [f for f in self.fields if f.field_stage == stage]

    def field(self, field_id: str) -> RegistrationField | None:
        return next((f for f in self.fields if f.id == field_id), None)
