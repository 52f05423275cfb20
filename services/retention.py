"""Retention: every participant's personal data erased on the event file's date.

`privacy.retention` (a date, or days after the event's last day) gives the day; the
erasure runs at 00:00 of that day in the event's time zone (`due_at`), the overseers are
told at 10:00 fourteen and two days before (`notice_moment`). The plan lives in
`retention_runs` (one row per event): `sync` writes it from the event file; each notice
and the erasure are claimed with a compare-and-set on their column, so they happen once
across restarts, replicas and the `seminar-bot erase-expired` command.

`erase_expired` freezes the completion report's aggregates (`services/snapshot.py`), then
erases every participant (everyone but the overseers and organisers) with the same
erasure as `/forget` (`erase_personal_data`: registrations and drafts, tickets, typed
questions, survey drafts and named responses, deliveries, dialog state; anonymous survey
responses stay), and records the run in the audit log with counts only, all in one
transaction. The overseer's `/forget` of one person (`dialogs/profile/handlers.
erase_person`) adds the waitlist offer of the freed place, which has no sense here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import ColumnElement, Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.personal_data import erase_personal_data
from storage.models import FSMRecord, StaffRole, User
from storage.models.delivery import Delivery
from storage.models.logistics import FaqQuery, SessionFollow, Ticket
from storage.models.registration import Registration, RegistrationStatus
from storage.models.retention import ReportSnapshot, RetentionRun
from storage.models.surveys import SurveyResponse
from storage.repositories.audit import AuditRepo

if TYPE_CHECKING:
    from core.event import Event
    from core.i18n import I18n

ERASE_AT = time(0, 0)
"""The erasure runs at the start of the retention day (event time)."""
NOTICE_AT = time(10, 0)
NOTICE_DAYS = (14, 2)
"""Days before the erasure on which the overseers are told."""
KINDS = (
    "people",
    "registrations",
    "registration_drafts",
    "tickets",
    "questions",
    "survey_responses",
    "survey_drafts",
    "session_follows",
    "deliveries",
    "dialog_states",
)
"""What `count_personal_data` counts, in the order shown."""

State = Literal["not_set", "not_due", "dry_run", "erased", "already"]


@dataclass
class Outcome:
    state: State
    due_at: datetime | None = None
    erased_at: datetime | None = None
    counts: dict[str, int] = field(default_factory=dict)

    def counts_text(self) -> str:
        return " ".join(f"{kind}={self.counts.get(kind, 0)}" for kind in KINDS)


def due_at(seminar: Event) -> datetime | None:
    """When the erasure runs (UTC), or None without `privacy.retention`."""
    day = seminar.retention_date()
    return None if day is None else seminar.localize(day, ERASE_AT).astimezone(UTC)


def notice_moment(seminar: Event, due: datetime, days: int) -> datetime:
    day = due.astimezone(seminar.tz).date() - timedelta(days=days)
    return seminar.localize(day, NOTICE_AT).astimezone(UTC)


def retention_day(seminar: Event, due: datetime) -> str:
    return due.astimezone(seminar.tz).date().isoformat()


async def sync(session: AsyncSession, seminar: Event) -> RetentionRun | None:
    """The plan row brought in line with the event file (flushes; the caller commits).

    A new date moves the erasure and re-arms the notices not yet due; once the erasure
    has run, the row stays as it is. Without `privacy.retention` a pending plan goes.
    """
    due = due_at(seminar)
    row = await session.get(RetentionRun, seminar.id)
    if row is not None and row.erased_at is not None:
        return row
    if due is None:
        if row is not None:
            await session.delete(row)
            await session.flush()
        return None
    if row is None:
        row = RetentionRun(key=seminar.id, due_at=due)
        session.add(row)
    elif row.due_at != due:
        row.due_at = due
        row.notice_14_at = None
        row.notice_2_at = None
    await session.flush()
    return row


async def claim(session: AsyncSession, key: str, column: str, now: datetime) -> bool:
    """Mark `column` (notice_14_at, notice_2_at, erased_at) done if nobody has: True once."""
    target = getattr(RetentionRun, column)
    result = await session.execute(
        update(RetentionRun)
        .where(RetentionRun.key == key, target.is_(None))
        .values({column: now})
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def participants_query(admin_ids: Iterable[int]) -> Select[int]:
    """Every user but the overseers (ADMIN_IDS) and the organisers (`staff_roles`)."""
    query = select(User.id).where(User.id.not_in(select(StaffRole.user_id)))
    ids = list(admin_ids)
    if ids:
        query = query.where(User.id.not_in(ids))
    return query


async def participants(session: AsyncSession, admin_ids: Iterable[int]) -> list[int]:
    return list((await session.scalars(participants_query(admin_ids).order_by(User.id))).all())


async def count_personal_data(session: AsyncSession, user_ids: list[int]) -> dict[str, int]:
    """How many rows of each kind the erasure of `user_ids` removes (numbers only)."""
    ids = set(user_ids)
    if not ids:
        return dict.fromkeys(KINDS, 0)
    people = participants_query([]).where(User.id.in_(ids))

    async def count(model: Any, *where: ColumnElement[bool]) -> int:
        query = select(func.count()).select_from(model).where(model.user_id.in_(people), *where)
        return int(await session.scalar(query) or 0)

    draft = RegistrationStatus.DRAFT.value
    keys = (await session.scalars(select(FSMRecord.key))).all()
    return {
        "people": len(ids),
        "registrations": await count(Registration, Registration.status != draft),
        "registration_drafts": await count(Registration, Registration.status == draft),
        "tickets": await count(Ticket),
        "questions": await count(FaqQuery),
        "survey_responses": await count(
            SurveyResponse,
            SurveyResponse.submitted_at.is_not(None),
            SurveyResponse.owner.like("u:%"),
        ),
        "survey_drafts": await count(SurveyResponse, SurveyResponse.submitted_at.is_(None)),
        "session_follows": await count(SessionFollow),
        "deliveries": await count(Delivery),
        "dialog_states": sum(1 for key in keys if _key_user(key) in ids),
    }


def _key_user(key: str) -> int | None:
    """The user of an aiogram storage key `<prefix>:<bot>:<chat>:<user>[:...]`."""
    parts = key.split(":")
    return int(parts[3]) if len(parts) > 3 and parts[3].lstrip("-").isdigit() else None


async def erase_expired(
    session: AsyncSession,
    seminar: Event,
    i18n: I18n,
    admin_ids: Iterable[int],
    now: datetime,
    *,
    dry_run: bool = False,
    again: bool = False,
) -> Outcome:
    """Run the erasure if it is due (commits, unless `dry_run`, which changes nothing).

    Done once: a second call reports `already`, unless `again` (the CLI), which erases
    whoever has written to the bot since, keeping the report's first snapshot.
    """
    admin_ids = list(admin_ids)
    row = await sync(session, seminar)
    if row is None:
        await session.rollback()
        return Outcome("not_set")
    outcome = Outcome("not_due", due_at=row.due_at, erased_at=row.erased_at)
    ids = await participants(session, admin_ids)
    outcome.counts = await count_personal_data(session, ids)
    if now < row.due_at:
        await session.rollback()
        return outcome
    if dry_run:
        await session.rollback()
        outcome.state = "dry_run"
        return outcome
    first = await claim(session, seminar.id, "erased_at", now)
    if not first and not (again and ids):
        await session.rollback()
        outcome.state = "already"
        return outcome
    if await session.scalar(select(func.count()).select_from(ReportSnapshot)) == 0:
        await freeze(session, seminar, i18n)
    for user_id in ids:
        await erase_personal_data(session, user_id)
    if first:
        await session.execute(
            update(RetentionRun)
            .where(RetentionRun.key == seminar.id)
            .values(counts=outcome.counts)
            .execution_options(synchronize_session=False)
        )
    AuditRepo(session).add(
        None,
        "retention.erase",
        retention_day(seminar, row.due_at),
        outcome.counts_text() + ("" if first else " (again)"),
    )
    await session.commit()
    outcome.state = "erased"
    outcome.erased_at = now
    return outcome


async def freeze(
    session: AsyncSession, seminar: Event, i18n: I18n, languages: list[str] | None = None
) -> dict[str, Any]:
    """Compute every aggregate the report and `/stats` show and store them as the
    snapshot (`services/snapshot.py`; flushes, the caller commits). Returns the JSON
    stored. Run again, it stores the same numbers (read from the last snapshot)."""
    from pydantic import TypeAdapter

    from services import snapshot
    from services.report import Helpdesk, helpdesk_summary
    from services.stats import ParticipationStats, participation_stats
    from services.survey_results import FrozenSurvey, question_results, response_rate

    def dump(kind: Any, value: Any) -> Any:
        return TypeAdapter(kind).dump_python(value, mode="json")

    data: dict[str, Any] = {
        "stats": dump(ParticipationStats, await participation_stats(session, seminar)),
        "surveys": {},
        "helpdesk": {},
    }
    for lang in languages or list(i18n.languages):
        data["surveys"][lang] = {
            survey.id: dump(
                FrozenSurvey,
                FrozenSurvey(
                    rate=await response_rate(session, seminar, survey.id, lang),
                    questions=await question_results(session, seminar, survey.id, lang),
                ),
            )
            for survey in seminar.surveys
        }
        data["helpdesk"][lang] = dump(
            Helpdesk, await helpdesk_summary(session, seminar, i18n.get(lang))
        )
    await snapshot.store(session, data)
    return data
