"""Invitation letters for visas: fill the event's DOCX template and send it once an
organiser approves the request (from the request notification or the admin queue)."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from aiogram.types import BufferedInputFile
from babel.dates import format_date, format_interval

from core.event import Event
from services import notify
from services import registration as svc
from services.letters import LetterTemplateError, render_letter
from storage.models.registration import Funding, InvitationLetter, LetterStatus, Registration
from ui import callbacks
from ui.context import Ctx, economy_name, esc

log = logging.getLogger(__name__)
LETTER_LANGUAGE = "en"


def template_path(ctx: Ctx) -> Path | None:
    name = ctx.seminar.registration.invitation_letter
    if name is None:
        return None
    return Path(ctx.settings.event_file).resolve().parent / name


def _date(value: Any, fallback: str) -> str:
    from datetime import date

    if isinstance(value, str):
        try:
            return str(format_date(date.fromisoformat(value), "d MMMM y", locale=LETTER_LANGUAGE))
        except ValueError:
            return fallback
    return fallback


def letter_values(
    seminar: Event, registration: Registration, letter: InvitationLetter, l10n: Any
) -> dict[str, str]:
    """The template's placeholders for one delegate (in English, the consulates' language)."""
    en = LETTER_LANGUAGE
    answers = registration.answers or {}
    role_field = seminar.registration.field("role")
    role = registration.role or "participant"
    if role_field is not None and (option := role_field.option(role)) is not None:
        role = option.label.get(en).lower()
    contact = seminar.organisers[0] if seminar.organisers else None
    dates = str(format_interval(seminar.dates.start, seminar.dates.end, "yMMMMd", locale=en))
    funded = registration.funding in (Funding.FUNDED, Funding.ALTERNATE)
    return {
        "host": seminar.host.get(en) if seminar.host else seminar.title.get(en),
        "organiser_address": seminar.venue.address.get(en),
        "reference": f"{seminar.id}/{registration.id}",
        "today": str(format_date(svc.event_today(seminar), "d MMMM y", locale=en)),
        "full_name": registration.full_name or "",
        "job_title": str(answers.get("job_title") or ""),
        "organisation": registration.organisation or "",
        "economy": economy_name(seminar, registration.economy, en, l10n),
        "citizenship": letter.citizenship,
        "passport_number": letter.passport_number,
        "role": role,
        "event_title": seminar.title.get(en),
        "event_dates": dates,
        "venue": f"{seminar.venue.name.get(en)}, {seminar.venue.address.get(en)}",
        "arrival_date": _date(
            answers.get("arrival_date"), seminar.dates.start.strftime("%d %B %Y")
        ),
        "departure_date": _date(
            answers.get("departure_date"), seminar.dates.end.strftime("%d %B %Y")
        ),
        "funding_sentence": (
            "The participant's airfare and per diem are covered by the APEC project."
            if funded
            else "The participant's travel and stay are covered by the sending organisation."
        ),
        "signatory": contact.name.get(en) if contact else "",
        "contact": " · ".join(x for x in (contact.email, contact.phone) if x) if contact else "",
    }


async def build_letter(ctx: Ctx, registration: Registration, letter: InvitationLetter) -> bytes:
    path = template_path(ctx)
    if path is None:
        raise LetterTemplateError("the event file names no invitation-letter template")
    values = letter_values(ctx.seminar, registration, letter, ctx.i18n.get(LETTER_LANGUAGE))
    return await asyncio.to_thread(render_letter, path, values)


async def approve_and_send(ctx: Ctx, letter: InvitationLetter, actor_id: int) -> str:
    """Build and send the letter, then record the approval. Returns a message key for the
    organiser: sent, already decided, failed."""
    await ctx.session.refresh(letter)
    if letter.status != LetterStatus.REQUESTED:
        return "registration-letter-already"
    registration = await ctx.session.get(Registration, letter.registration_id)
    if registration is None:
        return "registration-letter-already"
    try:
        data = await build_letter(ctx, registration, letter)
    except LetterTemplateError as exc:
        log.error("invitation letter: %s", exc)
        return "registration-letter-failed"
    lang = await notify.language_of(ctx.session, registration.user_id)
    caption = ctx.i18n.get(lang)("registration-letter-sent-caption")
    name = (registration.full_name or "participant").replace(" ", "_")
    safe = "".join(ch for ch in name if ch.isalnum() or ch in "_-")[:60] or "participant"
    try:
        await ctx.bot.send_document(
            registration.user_id,
            BufferedInputFile(data, filename=f"invitation-letter-{safe}.docx"),
            caption=caption,
        )
    except callbacks.SEND_ERRORS as exc:
        log.warning("could not send the letter to %s: %s", registration.user_id, exc)
        return "registration-letter-failed"
    await svc.decide_letter(ctx.session, letter, True, actor_id)
    return "registration-letter-done"


async def reject(ctx: Ctx, letter: InvitationLetter, actor_id: int, reason: str | None) -> str:
    if not await svc.decide_letter(ctx.session, letter, False, actor_id, reason):
        return "registration-letter-already"
    registration = await ctx.session.get(Registration, letter.registration_id)
    if registration is not None:
        lang = await notify.language_of(ctx.session, registration.user_id)
        l10n = ctx.i18n.get(lang)
        text = l10n("registration-letter-rejected-user")
        if reason:
            text += "\n\n" + l10n("registration-decision-reason", reason=esc(reason))
        await notify.send_text(ctx.messenger, registration.user_id, text)
    return "registration-letter-rejected-done"
