"""The export's sheets about the registrations: the participants with their
answers, the history of status changes, and the attendance per day.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from services.exports.base import ExportContext, Rows, Sheet
from services.exports.labels import Labels
from services.exports.streaming import _count, _stream
from services.registration.stages import answers_completeness, has_travel_stage, travel_open_for
from storage.models import User
from storage.models.registration import Attendance, Registration, RegistrationChange


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
        context.header("travel-details"),
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
            Registration.funding_requested,
            Registration.answers,
        )
        .outerjoin(User, User.id == Registration.user_id)
        .order_by(Registration.id)
    )
    travel = has_travel_stage(context.seminar)

    def travel_cell(status: str, funding_requested: bool, answers: dict[str, Any]) -> str:
        """Travel details given of those asked ("2/5"), once that stage is open."""
        if not travel or not travel_open_for(status, funding_requested):
            return ""
        return str(answers_completeness(context.seminar, answers))

    converters = [(f.id, labels.converter(f)) for f in form]

    async def rows() -> Rows:
        async for row in _stream(context, statement):
            answers = row[-1] or {}
            yield (
                *row[:3],
                labels.status(row[3]),
                row[4],
                labels.funding(row[5]),
                *row[6:-2],
                travel_cell(row[3], bool(row[-2]), answers),
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
