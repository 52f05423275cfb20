"""Settings of the completion-report draft (`/report`)."""

from __future__ import annotations

from pydantic import Field

from core.event.common import Id, _Model

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
