"""The sheets of the overseer's export, one provider each; `WORKBOOK` lists them in order.

Each provider returns a `Sheet` whose rows are streamed from the database. Values are
raw (datetimes in UTC, booleans, lists); `ExportContext.cell` turns them into cells.
Choice answers are shown with their labels in the reader's language.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from core.event import Survey
from services.exports.base import ExportContext, MultiProvider, Provider, Rows, Sheet
from services.exports.labels import Labels
from storage.models import AuditEntry, StaffRole, User
from storage.models.registration import Attendance, Registration, RegistrationChange

STREAM_CHUNK = 500


async def _count(context: ExportContext, statement: Any) -> int:
    return int(await context.session.scalar(statement) or 0)


async def _stream(context: ExportContext, statement: Any) -> Rows:
    """Rows of a SELECT, fetched in chunks."""
    result = await context.session.stream(statement.execution_options(yield_per=STREAM_CHUNK))
    async for rows in result.partitions(STREAM_CHUNK):  # one await per chunk, not per row
        for row in rows:
            yield tuple(row)


# --------------------------------------------------------------------------- registrations


async def participants(context: ExportContext) -> Sheet:
    """One row per registration: its state, then every field of the form."""
    labels = Labels(context.seminar, context.l10n)
    form = list(context.seminar.registration.fields)
    headers = [
        context.header("registration"),
        context.header("user-id"),
        context.header("username"),
        context.header("status"),
        context.header("economy-code"),
        context.header("funding"),
        context.header("focal-point"),
        context.header("language"),
        context.header_at("created"),
        context.header_at("submitted"),
        context.header_at("updated"),
        context.header("consent-version"),
        context.header_at("consent-at"),
        context.header("days-attended"),
        *(f.label.get(context.lang) for f in form),
    ]
    days = (
        select(func.count(Attendance.id))
        .where(Attendance.registration_id == Registration.id)
        .scalar_subquery()
    )
    statement = (
        select(
            Registration.id,
            Registration.user_id,
            User.username,
            Registration.status,
            Registration.economy,
            Registration.funding,
            Registration.focal_point,
            User.language,
            Registration.created_at,
            Registration.submitted_at,
            Registration.updated_at,
            Registration.consent_version,
            Registration.consent_at,
            days,
            Registration.answers,
        )
        .outerjoin(User, User.id == Registration.user_id)
        .order_by(Registration.id)
    )

    converters = [(f.id, labels.converter(f)) for f in form]

    async def rows() -> Rows:
        async for row in _stream(context, statement):
            answers = row[-1] or {}
            yield (
                *row[:3],
                labels.status(row[3]),
                row[4],
                labels.funding(row[5]),
                *row[6:-1],
                *(convert(answers.get(field_id)) for field_id, convert in converters),
            )

    return Sheet(
        "participants",
        context.l10n("console-sheet-participants"),
        headers,
        rows,
        lambda: _count(context, select(func.count(Registration.id))),
    )


async def status_history(context: ExportContext) -> Sheet:
    """Every status change of every registration, oldest first."""
    labels = Labels(context.seminar, context.l10n)
    headers = [
        context.header("registration"),
        context.header("full-name"),
        context.header("economy-code"),
        context.header_at("at"),
        context.header("from-status"),
        context.header("to-status"),
        context.header("actor-id"),
        context.header("reason"),
    ]
    statement = (
        select(
            RegistrationChange.registration_id,
            Registration.full_name,
            Registration.economy,
            RegistrationChange.at,
            RegistrationChange.from_status,
            RegistrationChange.to_status,
            RegistrationChange.actor_id,
            RegistrationChange.reason,
        )
        .join(Registration, Registration.id == RegistrationChange.registration_id)
        .order_by(RegistrationChange.registration_id, RegistrationChange.at, RegistrationChange.id)
    )

    async def rows() -> Rows:
        async for reg_id, name, economy, at, old, new, actor, reason in _stream(context, statement):
            yield (
                reg_id,
                name,
                economy,
                at,
                labels.status(old),
                labels.status(new),
                actor,
                reason,
            )

    return Sheet(
        "history",
        context.l10n("console-sheet-history"),
        headers,
        rows,
        lambda: _count(context, select(func.count(RegistrationChange.id))),
    )


async def attendance(context: ExportContext) -> Sheet:
    """Who was present on which day, how it was recorded and by whom."""
    labels = Labels(context.seminar, context.l10n)
    headers = [
        context.header("registration"),
        context.header("full-name"),
        context.header("economy-code"),
        context.header("gender"),
        context.header("day"),
        context.header_at("checked-in"),
        context.header("method"),
        context.header("recorded-by"),
    ]
    statement = (
        select(
            Attendance.registration_id,
            Registration.full_name,
            Registration.economy,
            Registration.gender,
            Attendance.day,
            Attendance.at,
            Attendance.method,
            Attendance.by_user_id,
        )
        .join(Registration, Registration.id == Attendance.registration_id)
        .order_by(Attendance.day, Attendance.registration_id)
    )

    async def rows() -> Rows:
        async for reg_id, name, economy, gender, day, at, method, by in _stream(context, statement):
            yield (reg_id, name, economy, labels.option("gender", gender), day, at, method, by)

    return Sheet(
        "attendance",
        context.l10n("console-sheet-attendance"),
        headers,
        rows,
        lambda: _count(context, select(func.count(Attendance.id))),
    )


# --------------------------------------------------------------------------- staff


async def audit_log(context: ExportContext) -> Sheet:
    """Every admin action, oldest first, with the actor's name when known."""
    headers = [
        context.header("entry"),
        context.header_at("at"),
        context.header("actor-id"),
        context.header("actor"),
        context.header("action"),
        context.header("target"),
        context.header("details"),
    ]
    actor = aliased(User)
    statement = (
        select(
            AuditEntry.id,
            AuditEntry.at,
            AuditEntry.actor_id,
            actor.first_name,
            actor.last_name,
            AuditEntry.action,
            AuditEntry.target,
            AuditEntry.details,
        )
        .outerjoin(actor, actor.id == AuditEntry.actor_id)
        .order_by(AuditEntry.id)
    )

    async def rows() -> Rows:
        async for entry_id, at, actor_id, first, last, action, target, details in _stream(
            context, statement
        ):
            name = " ".join(p for p in (first, last) if p) or None
            yield (entry_id, at, actor_id, name, action, target, details)

    return Sheet(
        "audit",
        context.l10n("console-sheet-audit"),
        headers,
        rows,
        lambda: _count(context, select(func.count(AuditEntry.id))),
    )


async def roles(context: ExportContext) -> Sheet:
    """Overseers (from ADMIN_IDS) and the organisers added in the chat."""
    headers = [
        context.header("user-id"),
        context.header("name"),
        context.header("username"),
        context.header("role"),
        context.header("added-by"),
        context.header_at("added-at"),
    ]

    labels = Labels(context.seminar, context.l10n)

    async def rows() -> Rows:
        session = context.session
        overseers = sorted(set(context.admin_ids))
        users = (
            {
                u.id: u
                for u in (await session.scalars(select(User).where(User.id.in_(overseers)))).all()
            }
            if overseers
            else {}
        )
        for user_id in overseers:
            user = users.get(user_id)
            yield (
                user_id,
                _name(user),
                user.username if user is not None else None,
                labels.role("overseer"),
                "ADMIN_IDS",
                None,
            )
        statement = (
            select(StaffRole, User)
            .outerjoin(User, User.id == StaffRole.user_id)
            .order_by(StaffRole.added_at, StaffRole.user_id)
        )
        async for staff, user in _stream(context, statement):
            if staff.user_id in overseers:
                continue
            yield (
                staff.user_id,
                _name(user),
                user.username if user is not None else None,
                labels.role(staff.role),
                staff.added_by,
                staff.added_at,
            )

    async def count() -> int:
        overseers = set(context.admin_ids)
        organisers = select(func.count()).select_from(StaffRole)
        if overseers:
            organisers = organisers.where(StaffRole.user_id.not_in(overseers))
        return len(overseers) + await _count(context, organisers)

    return Sheet("roles", context.l10n("console-sheet-roles"), headers, rows, count)


# --------------------------------------------------------------------------- surveys


def _survey_columns(context: ExportContext, survey: Survey) -> list[tuple[str, str | None]]:
    """(question id, session id or None) per answer column, in the survey's order."""
    columns: list[tuple[str, str | None]] = []
    for question in survey.questions:
        if question.type == "session_matrix":
            columns += [(question.id, s.id) for _, s in context.seminar.sessions_for(question)]
        else:
            columns.append((question.id, None))
    return columns


def _survey_headers(context: ExportContext, survey: Survey) -> list[str]:
    lang = context.lang
    headers = []
    for question_id, session_id in _survey_columns(context, survey):
        question = survey.question(question_id)
        assert question is not None
        if session_id is None:
            headers.append(question.text.get(lang))
        else:
            session = context.seminar.find_session(session_id)
            title = session.title.get(lang) if session is not None else session_id
            headers.append(context.l10n("console-col-session-rating", session=title))
    return headers


def _survey_values(survey: Survey, columns: Sequence[tuple[str, str | None]], lang: str) -> Any:
    """answers -> the cells of the answer columns (labels for choices)."""
    labels = {q.id: {o.value: o.label.get(lang) for o in q.options} for q in survey.questions}

    def values(answers: dict[str, Any]) -> list[Any]:
        out: list[Any] = []
        for question_id, session_id in columns:
            value = answers.get(question_id)
            if session_id is not None:
                out.append(value.get(session_id) if isinstance(value, dict) else None)
            elif isinstance(value, list):
                out.append([labels[question_id].get(str(v), v) for v in value])
            elif isinstance(value, str) and value in labels[question_id]:
                out.append(labels[question_id][value])
            else:
                out.append(value)
        return out

    return values


def survey_sheet(survey: Survey) -> Callable[[ExportContext], Awaitable[Sheet]]:
    """The submitted answers of one survey. An anonymous survey's sheet has no user key:
    no user id, name, economy or time, in the random order of its response ids."""

    async def provider(context: ExportContext) -> Sheet:
        from storage.models.surveys import SurveyAnonymousResponse, SurveyResponse

        labels = Labels(context.seminar, context.l10n)
        columns = _survey_columns(context, survey)
        values = _survey_values(survey, columns, context.lang)
        answers_headers = _survey_headers(context, survey)
        title = survey.title.get(context.lang)
        key = f"survey-{survey.id}"
        if survey.anonymous:
            statement: Any = (
                select(SurveyAnonymousResponse.answers)
                .where(SurveyAnonymousResponse.survey_id == survey.id)
                .order_by(SurveyAnonymousResponse.id)
            )

            async def anonymous_rows() -> Rows:
                number = 0
                async for (answers,) in _stream(context, statement):
                    number += 1
                    yield (number, *values(dict(answers or {})))

            return Sheet(
                key,
                title,
                [context.header("response"), *answers_headers],
                anonymous_rows,
                lambda: _count(
                    context,
                    select(func.count(SurveyAnonymousResponse.id)).where(
                        SurveyAnonymousResponse.survey_id == survey.id
                    ),
                ),
            )

        submitted = (
            SurveyResponse.survey_id == survey.id,
            SurveyResponse.submitted_at.is_not(None),
        )
        statement = (
            select(
                SurveyResponse.id,
                SurveyResponse.economy,
                SurveyResponse.user_id,
                Registration.full_name,
                SurveyResponse.submitted_at,
                SurveyResponse.answers,
            )
            .outerjoin(Registration, Registration.user_id == SurveyResponse.user_id)
            .where(*submitted)
            .order_by(SurveyResponse.economy, SurveyResponse.id)
        )

        async def rows() -> Rows:
            async for response_id, economy, user_id, name, at, answers in _stream(
                context, statement
            ):
                yield (
                    response_id,
                    economy,
                    labels.economy(economy),
                    name,
                    user_id,
                    at,
                    *values(dict(answers or {})),
                )

        return Sheet(
            key,
            title,
            [
                context.header("response"),
                context.header("economy-code"),
                context.header("economy"),
                context.header("respondent"),
                context.header("user-id"),
                context.header_at("submitted"),
                *answers_headers,
            ],
            rows,
            lambda: _count(context, select(func.count(SurveyResponse.id)).where(*submitted)),
        )

    provider.__name__ = f"survey_{survey.id}"
    return provider


async def surveys(context: ExportContext) -> list[Sheet]:
    """One sheet per survey of the event file: the questionnaire, the feedback, ..."""
    return [await survey_sheet(s)(context) for s in context.seminar.surveys]


# --------------------------------------------------------------------------- helpdesk


async def tickets(context: ExportContext) -> Sheet:
    """Questions handed to a person, with the latest answer and the size of the thread."""
    from storage.models.logistics import Ticket, TicketMessage

    headers = [
        context.header("ticket"),
        context.header("user-id"),
        context.header("full-name"),
        context.header("economy-code"),
        context.header("status"),
        context.header("language"),
        context.header("question"),
        context.header_at("created"),
        context.header_at("answered"),
        context.header("answered-by"),
        context.header_at("closed"),
        context.header("messages"),
        context.header("last-answer"),
    ]
    messages = (
        select(func.count(TicketMessage.id))
        .where(TicketMessage.ticket_id == Ticket.id)
        .scalar_subquery()
    )
    last_answer = (
        select(TicketMessage.text)
        .where(TicketMessage.ticket_id == Ticket.id, TicketMessage.from_staff.is_(True))
        .order_by(TicketMessage.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    statement = (
        select(
            Ticket.id,
            Ticket.user_id,
            func.coalesce(Registration.full_name, User.first_name),
            Registration.economy,
            Ticket.status,
            Ticket.lang,
            Ticket.question,
            Ticket.created_at,
            Ticket.answered_at,
            Ticket.answered_by,
            Ticket.closed_at,
            messages,
            last_answer,
        )
        .outerjoin(Registration, Registration.user_id == Ticket.user_id)
        .outerjoin(User, User.id == Ticket.user_id)
        .order_by(Ticket.id)
    )

    async def rows() -> Rows:
        async for row in _stream(context, statement):
            yield row

    return Sheet(
        "tickets",
        context.l10n("console-sheet-tickets"),
        headers,
        rows,
        lambda: _count(context, select(func.count(Ticket.id))),
    )


async def broadcasts(context: ExportContext) -> Sheet:
    """Every broadcast and reminder sent, with its delivery counts by outcome."""
    from storage.models.delivery import Broadcast, Delivery, DeliveryState

    states = [s.value for s in DeliveryState]
    headers = [
        context.header("broadcast"),
        context.header("kind"),
        context.header("title"),
        context.header("state"),
        context.header("audience"),
        context.header("created-by"),
        context.header_at("created"),
        context.header_at("scheduled"),
        context.header_at("started"),
        context.header_at("finished"),
        context.header("recipients"),
        *(context.header(f"delivery-{s}") for s in states),
    ]
    statement = select(Broadcast).order_by(Broadcast.id)

    async def rows() -> Rows:
        counts: dict[int, dict[str, int]] = {}
        grouped = select(Delivery.broadcast_id, Delivery.state, func.count()).group_by(
            Delivery.broadcast_id, Delivery.state
        )
        for broadcast_id, state, n in (await context.session.execute(grouped)).all():
            counts.setdefault(broadcast_id, {})[state] = n
        async for (item,) in _stream(context, statement):
            mine = counts.get(item.id, {})
            audience = item.audience or {}
            yield (
                item.id,
                item.kind,
                item.title,
                item.state,
                " ".join(str(v) for v in (audience.get("kind"), audience.get("value")) if v),
                item.created_by,
                item.created_at,
                item.scheduled_at,
                item.started_at,
                item.finished_at,
                sum(mine.values()),
                *(mine.get(s, 0) for s in states),
            )

    return Sheet(
        "broadcasts",
        context.l10n("console-sheet-broadcasts"),
        headers,
        rows,
        lambda: _count(context, select(func.count(Broadcast.id))),
    )


async def delivery_failures(context: ExportContext) -> Sheet:
    """Every message that did not arrive: blocked the bot, or failed, and why."""
    from storage.models.delivery import Broadcast, Delivery, DeliveryState

    headers = [
        context.header("broadcast"),
        context.header("title"),
        context.header("user-id"),
        context.header("name"),
        context.header("username"),
        context.header("state"),
        context.header("attempts"),
        context.header("error"),
    ]
    missed = Delivery.state.in_([DeliveryState.BLOCKED, DeliveryState.FAILED])
    statement = (
        select(
            Delivery.broadcast_id,
            Broadcast.title,
            Delivery.user_id,
            User.first_name,
            User.last_name,
            User.username,
            Delivery.state,
            Delivery.attempts,
            Delivery.error,
        )
        .join(Broadcast, Broadcast.id == Delivery.broadcast_id)
        .outerjoin(User, User.id == Delivery.user_id)
        .where(missed)
        .order_by(Delivery.broadcast_id, Delivery.user_id)
    )

    async def rows() -> Rows:
        async for bid, title, uid, first, last, username, state, attempts, error in _stream(
            context, statement
        ):
            name = " ".join(p for p in (first, last) if p) or None
            yield (bid, title, uid, name, username, state, attempts, error)

    return Sheet(
        "failures",
        context.l10n("console-sheet-failures"),
        headers,
        rows,
        lambda: _count(context, select(func.count(Delivery.id)).where(missed)),
    )


def _name(user: User | None) -> str | None:
    if user is None:
        return None
    return " ".join(p for p in (user.first_name, user.last_name) if p) or None


WORKBOOK: Sequence[Provider | MultiProvider] = (
    participants,
    status_history,
    attendance,
    surveys,
    tickets,
    broadcasts,
    delivery_failures,
    audit_log,
    roles,
)
"""The sheets of `/export`, in order (`surveys` gives one sheet per survey)."""
