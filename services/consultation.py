"""The programme consultation: the draft programme goes to the economies, who approve or
comment per session and for the whole programme; closing it publishes the final programme.

Only one consultation is open at a time. `draft` keeps the agenda as it was sent, so that
closing can tell participants what changed since.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.event import AgendaDay, AgendaSession, Event
from core.formatting import economy_name
from core.i18n import I18n, Translator
from core.messaging import MessagingError, Messenger
from storage.models import User, utcnow
from storage.models.logistics import (
    PROGRAMME_SCOPE,
    Consultation,
    ConsultationResponse,
    ConsultationStatus,
)
from storage.models.registration import Registration, RegistrationStatus
from storage.repositories.audit import AuditRepo
from storage.repositories.follows import SessionChange, agenda_data, diff_agenda

log = logging.getLogger(__name__)

REGISTERED = (
    RegistrationStatus.SUBMITTED.value,
    RegistrationStatus.APPROVED.value,
    RegistrationStatus.WAITLISTED.value,
)
APPROVE = "approve"
COMMENT = "comment"
MAX_COMMENT = 2000
CB_OPEN = "cs:o"
"""Plain callback data of the button under the invitation: open the consultation."""
CB_PROGRAMME = "pg:o"
"""Plain callback data: open the programme."""


def consultable(seminar: Event) -> list[tuple[AgendaDay, AgendaSession]]:
    """Sessions put to the economies (breaks, meals and registration are left out)."""
    from services.programme_texts import is_minor

    return [(d, s) for d, s in seminar.iter_sessions() if not is_minor(s)]


@dataclass
class EconomyResult:
    code: str
    respondents: set[int] = field(default_factory=set)
    programme: str | None = None
    """`approve` or `comment` for the whole programme (the latest answer)."""
    approved_sessions: set[str] = field(default_factory=set)
    comments: list[tuple[str, str]] = field(default_factory=list)
    """(scope, comment) pairs."""


class ConsultationService:
    def __init__(self, session: AsyncSession, seminar: Event) -> None:
        self.session = session
        self.seminar = seminar

    async def latest(self) -> Consultation | None:
        result = await self.session.scalars(
            select(Consultation).order_by(Consultation.id.desc()).limit(1)
        )
        return result.first()

    async def get(self, consultation_id: int) -> Consultation | None:
        return await self.session.get(Consultation, consultation_id)

    async def recipients(self, audience: str | None = None) -> list[Registration]:
        """Registrations that receive the draft (focal points, or every registered one)."""
        audience = audience or self.seminar.programme.consultation.audience
        query = select(Registration).where(Registration.status.in_(REGISTERED))
        if audience == "focal_points":
            query = query.where(Registration.focal_point.is_(True))
        result = await self.session.scalars(query.order_by(Registration.id))
        return list(result.all())

    async def respondent(self, user_id: int, audience: str | None = None) -> Registration | None:
        """The user's registration if they may answer the consultation, else None."""
        audience = audience or self.seminar.programme.consultation.audience
        registration = (
            await self.session.scalars(select(Registration).where(Registration.user_id == user_id))
        ).first()
        if registration is None or registration.status not in REGISTERED:
            return None
        if audience == "focal_points" and not registration.focal_point:
            return None
        return registration

    async def open(self, actor_id: int) -> Consultation:
        """Open a consultation on the current agenda (the caller sends the invitations)."""
        consultation = Consultation(
            status=ConsultationStatus.OPEN,
            audience=self.seminar.programme.consultation.audience,
            draft=agenda_data(self.seminar),
            opened_by=actor_id,
        )
        self.session.add(consultation)
        await self.session.flush()
        AuditRepo(self.session).add(
            actor_id, "consultation.open", f"consultation:{consultation.id}"
        )
        return consultation

    async def respond(
        self,
        consultation: Consultation,
        registration: Registration,
        scope: str,
        verdict: str,
        comment: str | None = None,
    ) -> ConsultationResponse:
        """Store (or replace) a delegate's answer for one session or the whole programme."""
        existing = (
            await self.session.scalars(
                select(ConsultationResponse).where(
                    ConsultationResponse.consultation_id == consultation.id,
                    ConsultationResponse.user_id == registration.user_id,
                    ConsultationResponse.scope == scope,
                )
            )
        ).first()
        if existing is None:
            existing = ConsultationResponse(
                consultation_id=consultation.id, user_id=registration.user_id, scope=scope
            )
            self.session.add(existing)
        existing.economy = registration.economy
        existing.verdict = verdict
        existing.comment = comment
        existing.at = utcnow()
        await self.session.flush()
        return existing

    async def responses(
        self, consultation_id: int, user_id: int | None = None
    ) -> Sequence[ConsultationResponse]:
        query = select(ConsultationResponse).where(
            ConsultationResponse.consultation_id == consultation_id
        )
        if user_id is not None:
            query = query.where(ConsultationResponse.user_id == user_id)
        result = await self.session.scalars(query.order_by(ConsultationResponse.id))
        return result.all()

    async def by_economy(self, consultation: Consultation) -> dict[str, EconomyResult]:
        out: dict[str, EconomyResult] = {}
        for response in await self.responses(consultation.id):
            code = response.economy or "—"
            result = out.setdefault(code, EconomyResult(code))
            result.respondents.add(response.user_id)
            if response.scope == PROGRAMME_SCOPE:
                result.programme = response.verdict
            elif response.verdict == APPROVE:
                result.approved_sessions.add(response.scope)
            if response.verdict == COMMENT and response.comment:
                result.comments.append((response.scope, response.comment))
        return out

    async def close(self, consultation: Consultation, actor_id: int) -> list[SessionChange]:
        """Close it; the changes between the draft and the agenda now (the final one)."""
        consultation.status = ConsultationStatus.CLOSED
        consultation.closed_by = actor_id
        consultation.closed_at = utcnow()
        changes = diff_agenda(dict(consultation.draft), agenda_data(self.seminar))
        AuditRepo(self.session).add(
            actor_id,
            "consultation.close",
            f"consultation:{consultation.id}",
            f"{len(changes)} change(s)",
        )
        await self.session.flush()
        return changes

    async def participants(self) -> list[int]:
        """Who is told about the final programme: every registered delegate."""
        result = await self.session.scalars(
            select(Registration.user_id).where(Registration.status.in_(REGISTERED))
        )
        return list(dict.fromkeys(result.all()))

    async def language_of(self, user_id: int) -> str:
        user = await self.session.get(User, user_id)
        return user.language if user is not None else self.seminar.default_language


# --------------------------------------------------------------------------- messages


def scope_title(seminar: Event, l10n: Translator, lang: str, scope: str) -> str:
    if scope == PROGRAMME_SCOPE:
        return l10n("programme-consult-whole")
    session = seminar.find_session(scope)
    return session.title.get(lang) if session is not None else scope


def results_text(
    seminar: Event,
    l10n: Translator,
    lang: str,
    consultation: Consultation,
    results: dict[str, EconomyResult],
    invited_economies: set[str],
    limit: int = 3600,
) -> str:
    """Approvals and comments per economy, and who has not answered."""
    status = l10n(f"programme-consult-status-{consultation.status}")
    lines = [l10n("programme-consult-results-header", status=status, economies=len(results))]
    total = len(consultable(seminar))
    for code in sorted(results, key=lambda c: economy_name(seminar, c, lang, l10n)):
        result = results[code]
        if result.programme == APPROVE:
            verdict = l10n("programme-consult-approved-all")
        elif result.programme == COMMENT:
            verdict = l10n("programme-consult-commented-all")
        else:
            verdict = l10n("programme-consult-no-overall")
        lines.append("")
        lines.append(
            l10n(
                "programme-consult-economy-line",
                economy=escape(economy_name(seminar, code, lang, l10n)),
                verdict=verdict,
                approved=len(result.approved_sessions),
                total=total,
                comments=len(result.comments),
            )
        )
        for scope, comment in result.comments:
            title = scope_title(seminar, l10n, lang, scope)
            lines.append(f"💬 <i>{escape(_short(title, 40))}</i>: {escape(_short(comment, 300))}")
    silent = sorted(invited_economies - set(results))
    if silent:
        lines.append("")
        names = ", ".join(escape(economy_name(seminar, c, lang, l10n)) for c in silent)
        lines.append(l10n("programme-consult-silent", economies=names))
    text = "\n".join(lines)
    if len(text) > limit:
        text = text[: limit - 1].rsplit("\n", 1)[0] + "\n" + l10n("programme-consult-see-export")
    return text


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cell(value: Any) -> Any:
    """A spreadsheet cell; text that Excel would take for a formula is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r", "\0"):
        return "'" + value
    return value


def export_rows(
    seminar: Event,
    l10n: Translator,
    lang: str,
    responses: Sequence[ConsultationResponse],
    names: dict[int, str],
) -> list[list[Any]]:
    """Header and one row per answer: economy, delegate, scope, verdict, comment, time."""
    rows: list[list[Any]] = [
        [
            l10n(f"programme-consult-col-{c}")
            for c in ("economy", "delegate", "scope", "verdict", "comment", "at")
        ]
    ]
    for r in responses:
        at: datetime = r.at.astimezone(seminar.tz)
        rows.append(
            [
                economy_name(seminar, r.economy, lang, l10n) if r.economy else "",
                names.get(r.user_id, str(r.user_id)),
                scope_title(seminar, l10n, lang, r.scope),
                l10n(f"programme-consult-verdict-{r.verdict}"),
                r.comment or "",
                at.strftime("%Y-%m-%d %H:%M"),
            ]
        )
    return rows


def export_xlsx(rows: list[list[Any]], title: str) -> bytes:
    """The rows as an .xlsx workbook (openpyxl is imported only here)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    for row in rows:
        sheet.append([_cell(v) for v in row])
    for column, width in zip("ABCDEF", (22, 26, 48, 14, 70, 17), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


async def send_invitations(
    messenger: Messenger,
    service: ConsultationService,
    i18n: I18n,
    consultation: Consultation,
    recipients: Sequence[Registration],
) -> int:
    """The draft programme to each recipient, with a button to answer. Returns delivered."""
    seminar = service.seminar
    intro = seminar.programme.consultation.intro
    delivered = 0
    for registration in recipients:
        lang = await service.language_of(registration.user_id)
        l10n = i18n.get(lang)
        text = l10n(
            "programme-consult-invite",
            intro=escape(intro.get(lang)) if intro is not None else "",
            count=len(consultable(seminar)),
        )
        markup = InlineKeyboardMarkup(
            inline_keyboard=[
                [InlineKeyboardButton(text=l10n("programme-consult-open"), callback_data=CB_OPEN)]
            ]
        )
        try:
            await messenger.send(registration.user_id, text, markup=markup)
            delivered += 1
        except MessagingError as exc:
            log.warning(
                "consultation %s: %s not reached: %s", consultation.id, registration.user_id, exc
            )
    return delivered


async def announce_final(
    messenger: Messenger,
    service: ConsultationService,
    i18n: I18n,
    changes: list[SessionChange],
) -> int:
    """Tell every registered delegate that the final programme is out, and what changed."""
    from services.programme_texts import changes_summary

    seminar = service.seminar
    delivered = 0
    for user_id in await service.participants():
        lang = await service.language_of(user_id)
        l10n = i18n.get(lang)
        summary = (
            changes_summary(seminar, l10n, lang, changes)
            if changes
            else l10n("programme-final-no-changes")
        )
        markup = InlineKeyboardMarkup(
            inline_keyboard=[
                [InlineKeyboardButton(text=l10n("programme-open"), callback_data=CB_PROGRAMME)]
            ]
        )
        try:
            await messenger.send(
                user_id, l10n("programme-final-published", changes=summary), markup=markup
            )
            delivered += 1
        except MessagingError as exc:
            log.warning("final programme: %s not reached: %s", user_id, exc)
    return delivered
