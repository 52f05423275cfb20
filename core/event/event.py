"""The root of the event file, `Event`: its parts, the checks that span several parts
(references between them, languages, dates), and the look-ups the bot uses.

One cohesive class with its cross-field validation and look-ups: about 430 lines.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import Field, model_validator

from core.event.common import (
    DEFAULT_LANGUAGE,
    EconomyCode,
    Id,
    InviteCode,
    LanguageCode,
    LocalizedText,
    TimeZoneName,
    _Model,
    fail,
    format_loc,
    iter_localized,
)
from core.event.dates_venue import EventDates, Organiser, Room, Venue
from core.event.economies import Economy, Quotas
from core.event.faq import Faq, FaqItem
from core.event.materials import Material
from core.event.offsets import Offset
from core.event.privacy import Privacy
from core.event.programme import Agenda, AgendaDay, AgendaSession, ProgrammeSettings, Speaker, Topic
from core.event.registration_form import InviteRole, RegistrationForm
from core.event.reminders import Reminder
from core.event.report import ReportSettings
from core.event.surveys import Question, Survey

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
    registration: RegistrationForm = Field(default_factory=RegistrationForm)
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

    def session_start(self, day: AgendaDay, session: AgendaSession) -> datetime:
        return self.localize(day.date, session.start)

    def session_end(self, day: AgendaDay, session: AgendaSession) -> datetime:
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

    def iter_sessions(self) -> Iterator[tuple[AgendaDay, AgendaSession]]:
        """Every (day, session), days in order, sessions by start time."""
        for day in self.agenda.days:
            for session in day.sorted_sessions():
                yield day, session

    def find_session(self, session_id: str) -> AgendaSession | None:
        return next((s for _, s in self.iter_sessions() if s.id == session_id), None)

    def day_of_session(self, session_id: str) -> AgendaDay | None:
        return next((d for d, s in self.iter_sessions() if s.id == session_id), None)

    def rateable_sessions(self) -> list[tuple[AgendaDay, AgendaSession]]:
        return [(d, s) for d, s in self.iter_sessions() if s.rateable]

    def sessions_for(self, question: Question) -> list[tuple[AgendaDay, AgendaSession]]:
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

    def find_faq(self, faq_id: str) -> FaqItem | None:
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
