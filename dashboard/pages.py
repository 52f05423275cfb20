"""The data of each dashboard page, as JSON-ready dicts, from the services.

Everything is plain text (never HTML): the page puts it in the document with
`textContent`. Labels are in the staff member's language. Anonymous surveys show
aggregates and free-text answers only, with nothing that identifies a respondent.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event
from core.formatting import economy_name
from core.i18n import Translator
from dashboard.auth import Staff
from services import registration as svc
from services import survey_results as sr
from services.helpdesk import delegate_parts
from services.registration_table import (
    Filters,
    as_dict,
    local_time,
    option_label,
    registration_detail,
)
from services.registration_table import filters as table_filters
from services.stats import UNKNOWN, participation_stats
from storage.repositories.broadcasts import BroadcastRepo
from storage.repositories.tickets import TicketRepo
from ui.context import display


def filters(seminar: Event, lang: str, l10n: Translator) -> Filters:
    return table_filters(seminar, lang, l10n)


async def registration(
    session: AsyncSession, seminar: Event, registration_id: int, staff: Staff
) -> dict[str, Any] | None:
    """One registration: header, every answer of the form (as the delegate gave it) and
    the status history."""
    found = await registration_detail(session, seminar, registration_id, staff.lang, staff.l10n)
    if found is None:
        return None
    detail, reg = found
    answers = reg.answers or {}
    rows = []
    for field in svc.visible_fields(seminar, answers):
        if field.id in answers:
            value = display(seminar, field, answers[field.id], staff.lang, staff.l10n)
        else:
            value = staff.l10n("dashboard-not-answered")
        rows.append({"label": field.label.get(staff.lang), "value": value})
    return {
        **as_dict(detail),
        "answers": rows,
        "actions": [a for a in ("approve", "waitlist", "reject") if reg.status in svc.ALLOWED[a]],
    }


def _label(seminar: Event, dimension: str, value: str, lang: str, l10n: Translator) -> str:
    if value == UNKNOWN:
        return l10n("dashboard-unknown")
    if dimension == "economy":
        return economy_name(seminar, value, lang, l10n)
    return option_label(seminar, dimension, value, lang)


async def quotas(
    session: AsyncSession, seminar: Event, lang: str, l10n: Translator
) -> dict[str, Any]:
    limits = seminar.quotas
    return {
        "funded_max": limits.funded_per_economy,
        "alternates_max": limits.alternates_per_economy,
        "women_target": limits.women_nomination_target,
        "rows": [
            {
                "economy": line.economy,
                "name": economy_name(seminar, line.economy, lang, l10n),
                "funded": line.funded,
                "alternates": line.alternates,
                "waitlisted": line.waitlisted,
                "women": line.women,
            }
            for line in await svc.quota_overview(session, seminar)
        ],
    }


async def participation(
    session: AsyncSession, seminar: Event, lang: str, l10n: Translator
) -> dict[str, Any]:
    """The numbers of `/stats` (services/stats.py), labelled."""
    stats = await participation_stats(session, seminar)
    breakdowns = {
        dimension: [
            {"value": value, "label": _label(seminar, dimension, value, lang, l10n), **counts}
            for value, counts in values.items()
            if any(counts.values())
        ]
        for dimension, values in stats.breakdowns.items()
    }
    return {
        "totals": stats.totals,
        "by_status": [
            {"status": status, "label": l10n(f"dashboard-status-{status}"), "count": count}
            for status, count in stats.by_status.items()
        ],
        "breakdowns": breakdowns,
        "attendance": [
            {
                "day": day.day.isoformat(),
                "total": day.total,
                "by_gender": [
                    {"label": _label(seminar, "gender", g, lang, l10n), "count": n}
                    for g, n in day.by_gender.items()
                ],
            }
            for day in stats.attendance
        ],
        "erased": stats.erased_total,
    }


def survey_list(seminar: Event, lang: str) -> list[dict[str, Any]]:
    return [
        {"id": s.id, "title": s.title.get(lang), "anonymous": s.anonymous} for s in seminar.surveys
    ]


async def survey(
    session: AsyncSession, seminar: Event, survey_id: str, lang: str, l10n: Translator
) -> dict[str, Any]:
    """Response rate overall and per economy, each question's distribution, free texts.
    Aggregates only: no respondent's name, id or economy next to an answer."""
    found = seminar.find_survey(survey_id)
    assert found is not None
    rate = await sr.response_rate(session, seminar, survey_id, lang)
    questions = []
    for result in await sr.question_results(session, seminar, survey_id, lang):
        counts = [
            {
                "label": l10n("dashboard-yes" if c.value is True else "dashboard-no")
                if result.type == "yes_no"
                else c.label,
                "count": c.count,
                "percent": c.percent,
            }
            for c in result.counts
        ]
        questions.append(
            {
                "id": result.id,
                "type": result.type,
                "text": result.text,
                "answered": result.answered,
                "skipped": result.skipped,
                "mean": result.mean,
                "median": result.median,
                "counts": counts,
                "sessions": [
                    {"title": s.title, "day": s.day, "rated": s.rated, "mean": s.mean}
                    for s in result.sessions
                ],
                "texts": list(result.texts),
            }
        )
    return {
        "id": found.id,
        "title": found.title.get(lang),
        "anonymous": found.anonymous,
        "rate": {
            "unit": rate.unit,
            "audience": rate.audience,
            "responded": rate.responded,
            "percent": rate.percent,
            "per_economy": [
                {
                    "name": e.name,
                    "audience": e.audience,
                    "responded": e.responded,
                    "percent": e.percent,
                }
                for e in rate.per_economy
            ],
        },
        "questions": questions,
    }


async def tickets(
    session: AsyncSession, seminar: Event, status: str, staff: Staff
) -> dict[str, Any]:
    repo = TicketRepo(session)
    counts = await repo.count_by_status()
    items = []
    for ticket in await repo.by_status(status, limit=50):
        thread = [
            {"from_staff": m.from_staff, "text": m.text, "at": local_time(seminar, m.at)}
            for m in await repo.thread(ticket.id)
        ] or [  # the question is the thread's first message; older tickets lack it
            {
                "from_staff": False,
                "text": ticket.question,
                "at": local_time(seminar, ticket.created_at),
            }
        ]
        items.append(
            {
                "id": ticket.id,
                "status": ticket.status,
                "who": (
                    await delegate_parts(session, seminar, ticket.user_id, staff.lang, staff.l10n)
                )[0],
                "updated_at": local_time(seminar, ticket.updated_at),
                "thread": thread,
            }
        )
    return {"counts": counts, "tickets": items}


async def broadcasts(session: AsyncSession, seminar: Event, staff: Staff) -> list[dict[str, Any]]:
    repo = BroadcastRepo(session)
    rows = []
    for broadcast in await repo.recent(20):
        counts = await repo.counts(broadcast.id)
        texts = broadcast.texts or {}
        text = texts.get(staff.lang) or texts.get("en") or next(iter(texts.values()), "")
        rows.append(
            {
                "id": broadcast.id,
                "title": (broadcast.title or "").strip() or text[:60],
                "kind": broadcast.kind,
                "state": staff.l10n(f"broadcast-state-{broadcast.state}"),
                "created_at": local_time(seminar, broadcast.created_at),
                "total": counts.total,
                "sent": counts.sent,
                "blocked": counts.blocked,
                "failed": counts.failed,
                "pending": counts.pending,
                "cancelled": counts.cancelled,
            }
        )
    return rows
