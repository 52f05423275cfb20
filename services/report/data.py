"""The numbers of the completion report, as plain data (`ReportData`), gathered
from the database: participation, the questionnaire and feedback sections by
topic, and the helpdesk summary (also frozen in the retention snapshot).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event, Survey
from core.i18n import Translator
from services import stats as st
from services.survey_results import QuestionResult


@dataclass
class TopicResults:
    title: str
    questions: list[QuestionResult]


@dataclass
class SurveySection:
    title: str
    responded: int
    audience: int
    unit: str
    """`people` or `economies`."""
    answered_by: list[str] = field(default_factory=list)
    """Names of the economies that answered (per-economy surveys)."""
    topics: list[TopicResults] = field(default_factory=list)


@dataclass
class Helpdesk:
    questions: int = 0
    """Questions typed to the bot."""
    tickets: int = 0
    """Questions handed to a person."""
    tickets_answered: int = 0
    themes: list[tuple[str, int]] = field(default_factory=list)
    """(theme, questions), most asked first."""


@dataclass
class ReportData:
    generated_at: datetime
    stats: st.ParticipationStats
    questionnaire: SurveySection | None = None
    feedback: SurveySection | None = None
    helpdesk: Helpdesk = field(default_factory=Helpdesk)


async def _survey_section(
    session: AsyncSession, seminar: Event, survey: Survey, l10n: Translator, *, by_topic: bool
) -> SurveySection:
    from services.survey_results import question_results, response_rate

    lang = l10n.lang
    rate = await response_rate(session, seminar, survey.id, lang)
    results = await question_results(session, seminar, survey.id, lang)
    section = SurveySection(
        title=survey.title.get(lang),
        responded=rate.responded,
        audience=rate.audience,
        unit=rate.unit,
        answered_by=[e.name for e in rate.per_economy if rate.unit == "economies" and e.responded],
    )
    by_id = {r.id: r for r in results}
    listed: set[str] = set()
    if by_topic:
        for group in seminar.report.questionnaire_topics:
            topic = seminar.find_topic(group.topic)
            title = topic.title.get(lang) if topic is not None else group.topic
            section.topics.append(TopicResults(title, [by_id[q] for q in group.questions]))
            listed.update(group.questions)
    rest = [r for r in results if r.id not in listed]
    if rest:
        title = l10n("console-report-other-questions") if section.topics else ""
        section.topics.append(TopicResults(title, rest))
    return section


async def helpdesk_summary(session: AsyncSession, seminar: Event, l10n: Translator) -> Helpdesk:
    """Typed questions by FAQ topic, and the questions handed to a person (from the
    retention snapshot once personal data are erased: `services/snapshot.py`)."""
    from services import snapshot

    frozen = await snapshot.load(session)
    found = snapshot.in_language(frozen, "helpdesk", l10n.lang) if frozen is not None else None
    if found is None:
        return await _helpdesk(session, seminar, l10n)
    from pydantic import TypeAdapter

    return TypeAdapter(Helpdesk).validate_python(found)


async def _helpdesk(session: AsyncSession, seminar: Event, l10n: Translator) -> Helpdesk:
    """Typed questions by FAQ topic, and the questions handed to a person."""
    from collections import Counter

    from sqlalchemy import func, select

    from storage.models.logistics import FaqEntry, FaqQuery, Ticket, TicketStatus

    topic_of = {entry.id: entry.topic for entry in seminar.faq.entries}
    promoted = {
        f"db{row_id}": topic
        for row_id, topic in (await session.execute(select(FaqEntry.id, FaqEntry.topic))).all()
    }
    themes: Counter[str] = Counter()
    for (faq_id,) in (await session.execute(select(FaqQuery.faq_id))).all():
        topic = (topic_of.get(faq_id) or promoted.get(faq_id)) if faq_id else None
        themes[topic or "unmatched"] += 1
    tickets = dict(
        (await session.execute(select(Ticket.status, func.count()).group_by(Ticket.status))).all()
    )

    def label(topic: str) -> str:
        for key in (f"console-report-theme-{topic}", f"logistics-topic-{topic}"):
            if l10n.has(key):
                return l10n(key)
        return topic

    return Helpdesk(
        questions=sum(themes.values()),
        tickets=sum(tickets.values()),
        tickets_answered=sum(
            n for status, n in tickets.items() if status != TicketStatus.OPEN.value
        ),
        themes=[(label(topic), n) for topic, n in themes.most_common()],
    )


async def collect_report_data(
    session: AsyncSession, seminar: Event, l10n: Translator, now: datetime
) -> ReportData:
    """Every number the report needs, as plain data."""
    data = ReportData(generated_at=now, stats=await st.participation_stats(session, seminar))
    questionnaire = seminar.report_questionnaire()
    if questionnaire is not None:
        data.questionnaire = await _survey_section(
            session, seminar, questionnaire, l10n, by_topic=True
        )
    feedback = seminar.report_feedback()
    if feedback is not None and feedback is not questionnaire:
        data.feedback = await _survey_section(session, seminar, feedback, l10n, by_topic=False)
    data.helpdesk = await helpdesk_summary(session, seminar, l10n)
    return data
