"""The survey engine: when a survey is open, who answers it, which questions are shown,
how an answer is checked, and saving, resuming and submitting.

Pure functions (visibility with `show_if`, progress, validation) work on the event file's
`Survey`/`Question` and a dict of answers keyed by question id; the async functions load
and save through `storage.repositories.surveys` and commit.

Answer values: single -> option value; multi -> list of option values (in option order);
scale -> int; yes_no -> bool; text -> str; number -> int or float; session_matrix ->
{session id: rating or None (skipped)}. A question the respondent skipped is stored with
`None`, so "seen" (key present) differs from "not reached yet".

The package: `rules` (pure functions) and `responses` (the database side); the public
names of both are re-exported here, so callers write `from services import surveys`.
"""

from __future__ import annotations

from services.surveys.responses import (
    Access,
    SubmitResult,
    answerable,
    collect_survey_data,
    erase_survey_data,
    get_access,
    move_to,
    save_answer,
    submit,
    surveys_for,
)
from services.surveys.rules import (
    REVIEW,
    Phase,
    Role,
    SurveyError,
    check_answer,
    first_problem,
    first_unseen,
    has_value,
    is_visible,
    matrix_sessions,
    matrix_start,
    multi_bounds,
    next_question,
    parse_number,
    parse_text,
    phase,
    previous_question,
    progress,
    resume_point,
    shown_answers,
    survey_window,
    toggle_option,
    visible_questions,
)

__all__ = [
    "REVIEW",
    "Access",
    "Phase",
    "Role",
    "SubmitResult",
    "SurveyError",
    "answerable",
    "check_answer",
    "collect_survey_data",
    "erase_survey_data",
    "first_problem",
    "first_unseen",
    "get_access",
    "has_value",
    "is_visible",
    "matrix_sessions",
    "matrix_start",
    "move_to",
    "multi_bounds",
    "next_question",
    "parse_number",
    "parse_text",
    "phase",
    "previous_question",
    "progress",
    "resume_point",
    "save_answer",
    "shown_answers",
    "submit",
    "survey_window",
    "surveys_for",
    "toggle_option",
    "visible_questions",
]
