"""Surveys and their questions."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, ValidationError, model_validator

from core.event.common import ERROR_TYPE, Id, LocalizedText, Scalar, _Model, fail
from core.event.offsets import OffsetValue
from core.event.questions import Option, _Askable, _check_options, _check_show_if, _given

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
