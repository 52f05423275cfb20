"""The draft: consent to the privacy notice and the answers saved one by one (also in
their own columns), and dropping the answers of fields no longer shown.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event
from services.registration.form import COLUMNS, S, visible_fields
from services.registration.stages import refresh_travel_missing
from storage.models import utcnow
from storage.models.registration import Funding, Registration
from storage.repositories.registrations import get_by_user


async def accept_consent(session: AsyncSession, user_id: int, version: str) -> Registration:
    """Create the draft (or renew the consent of an existing registration); commits."""
    registration = await get_by_user(session, user_id)
    now = utcnow()
    if registration is None:
        registration = Registration(
            user_id=user_id,
            status=S.DRAFT,
            answers={},
            funding=Funding.NONE,
            funding_requested=False,
            focal_point=False,
            consent_version=version,
            consent_at=now,
            created_at=now,
            updated_at=now,
        )
        session.add(registration)
    else:
        registration.consent_version = version
        registration.consent_at = now
    await session.commit()
    return registration


def _column_value(field_id: str, value: Any) -> Any:
    if field_id == "funding_requested":
        return bool(value)
    if value is None:
        return None
    text_value = str(value)
    width = COLUMNS[field_id]
    return text_value[:width] if width else text_value


async def save_answer(
    session: AsyncSession,
    registration: Registration,
    field_id: str,
    value: Any,
    *,
    seminar: Event | None = None,
) -> None:
    """Store one answer (None: skipped) and its column copy; commits. With `seminar`, the
    count of travel details still missing is kept current too."""
    answers = dict(registration.answers or {})
    answers[field_id] = value
    registration.answers = answers
    if field_id in COLUMNS:
        setattr(registration, field_id, _column_value(field_id, value))
    if seminar is not None:
        refresh_travel_missing(seminar, registration)
    registration.updated_at = utcnow()
    await session.commit()


def _drop_hidden(seminar: Event, registration: Registration) -> None:
    """Forget answers to fields the form no longer asks (an earlier answer changed)."""
    answers = dict(registration.answers or {})
    asked = {f.id for f in visible_fields(seminar, answers)}
    known = {f.id for f in seminar.registration.fields}
    for key in list(answers):
        if key in known and key not in asked:
            del answers[key]
            if key in COLUMNS:
                setattr(registration, key, _column_value(key, None))
    registration.answers = answers


# --------------------------------------------------------------------------- quotas
