"""The event file: one YAML file describes everything specific to one event.

The models are split by topic (`common`, `dates_venue`, `economies`, `programme`, `faq`,
`materials`, `privacy`, `questions`, `registration_form`, `surveys`, `reminders`, `report`,
and `event` for the root); import them from here.
"""

from core.event.common import LocalizedList, LocalizedText
from core.event.dates_venue import EventDates, Organiser, Room, Venue
from core.event.economies import Economy, Quotas
from core.event.event import Event
from core.event.faq import Faq, FaqItem
from core.event.loader import EventFileError, load_event
from core.event.materials import Material
from core.event.offsets import Offset, parse_offset
from core.event.privacy import Privacy
from core.event.programme import Agenda, AgendaDay, AgendaSession, Speaker, Topic
from core.event.questions import Option, ShowIf
from core.event.registration_form import RegistrationField, RegistrationForm, Stage
from core.event.reminders import Reminder
from core.event.surveys import Question, Survey

__all__ = [
    "Agenda",
    "AgendaDay",
    "AgendaSession",
    "Economy",
    "Event",
    "EventDates",
    "EventFileError",
    "Faq",
    "FaqItem",
    "LocalizedList",
    "LocalizedText",
    "Material",
    "Offset",
    "Option",
    "Organiser",
    "Privacy",
    "Question",
    "Quotas",
    "RegistrationField",
    "RegistrationForm",
    "Reminder",
    "Room",
    "ShowIf",
    "Speaker",
    "Stage",
    "Survey",
    "Topic",
    "Venue",
    "load_event",
    "parse_offset",
]
