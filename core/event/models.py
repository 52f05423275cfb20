"""Transitional: the event-file models moved to topic modules of `core.event`.

Removed by /work/tools/split_renames.py, which points every import at `core.event`.
"""

from core.event.common import LocalizedList, LocalizedText
from core.event.programme import AgendaDay, Session, Speaker
from core.event.registration_form import RegistrationField
from core.event.surveys import Question, Survey

__all__ = [
    "AgendaDay",
    "LocalizedList",
    "LocalizedText",
    "Question",
    "RegistrationField",
    "Session",
    "Speaker",
    "Survey",
]
