"""What the registration screens share: the update's context and how answers are shown."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from typing import Any

from aiogram import Bot
from aiogram_dialog import DialogManager
from babel.dates import format_date
from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event, RegistrationField
from core.formatting import economy_name
from core.i18n import I18n, Translator
from core.settings import Settings
from services import registration as svc
from storage.models import User
from storage.models.registration import (
    Funding,
    Registration,
    RegistrationStatus,
)

SUMMARY_VALUE_LIMIT = 300


@dataclass
class Ctx:
    """The workflow and per-update data a registration handler or getter needs."""

    bot: Bot
    seminar: Event
    session: AsyncSession
    settings: Settings
    i18n: I18n
    l10n: Translator
    lang: str
    user: User

    @classmethod
    def of(cls, data: dict[str, Any]) -> Ctx:
        return cls(
            bot=data["bot"],
            seminar=data["seminar"],
            session=data["session"],
            settings=data["settings"],
            i18n=data["i18n"],
            l10n=data["l10n"],
            lang=data["lang"],
            user=data["user"],
        )

    @classmethod
    def from_manager(cls, manager: DialogManager) -> Ctx:
        return cls.of(manager.middleware_data)


def esc(value: Any) -> str:
    return html.escape(str(value), quote=False)


def shorten(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def fmt_date(value: date, lang: str) -> str:
    return str(format_date(value, "d MMM y", locale=lang))


def retention_line(seminar: Event, lang: str, l10n: Translator) -> str:
    """ "Your personal data will be erased on …" (`privacy.retention`), or ''."""
    day = seminar.retention_date()
    return l10n("retention-erased-on", date=fmt_date(day, lang)) if day is not None else ""


def session_title(seminar: Event, session_id: str, lang: str) -> str:
    for day, session in seminar.iter_sessions():
        if session.id == session_id:
            return f"{format_date(day.date, 'd MMM', locale=lang)} {session.start:%H:%M} · " + (
                session.title.get(lang)
            )
    return session_id


def display(
    seminar: Event, field: RegistrationField, value: Any, lang: str, l10n: Translator
) -> str:
    """An answer as the person reads it (plain text: escape it before HTML)."""
    if value is None or value == []:
        return l10n("registration-skipped")
    if field.type == "boolean":
        return l10n("registration-yes") if value else l10n("registration-no")
    if field.type == "choice":
        option = field.option(str(value))
        return option.label.get(lang) if option else str(value)
    if field.type == "multi_choice" and isinstance(value, list):
        labels = [(o.label.get(lang) if (o := field.option(str(v))) else str(v)) for v in value]
        return ", ".join(labels)
    if field.type == "economy":
        return economy_name(seminar, str(value), lang, l10n)
    if field.type == "date":
        try:
            return fmt_date(date.fromisoformat(str(value)), lang)
        except ValueError:
            return str(value)
    if field.type == "sessions" and isinstance(value, list):
        return "; ".join(session_title(seminar, str(v), lang) for v in value)
    return str(value)


def summary_lines(seminar: Event, registration: Registration, lang: str, l10n: Translator) -> str:
    """'<b>Label</b>: value' for every field asked, values escaped and shortened."""
    answers = registration.answers or {}
    lines = []
    for field in svc.visible_fields(seminar, answers):
        if field.id not in answers:
            value = l10n("registration-not-answered")
        else:
            value = display(seminar, field, answers[field.id], lang, l10n)
        lines.append(
            f"<b>{esc(field.label.get(lang))}</b>: {esc(shorten(value, SUMMARY_VALUE_LIMIT))}"
        )
    return "\n".join(lines)


def status_text(registration: Registration | None, l10n: Translator) -> str:
    if registration is None:
        return l10n("registration-status-none")
    return l10n(f"registration-status-{registration.status}")


def funding_text(registration: Registration, l10n: Translator) -> str:
    if registration.status in (RegistrationStatus.REJECTED, RegistrationStatus.WITHDRAWN):
        return ""
    if registration.funding == Funding.NONE:
        return l10n("registration-funding-not-granted") if registration.funding_requested else ""
    return l10n(f"registration-funding-{registration.funding}")


def person(seminar: Event, registration: Registration, lang: str, l10n: Translator) -> str:
    """'Name (Economy)', escaped, for staff messages."""
    name = registration.full_name or l10n("registration-no-name")
    economy = economy_name(seminar, registration.economy, lang, l10n)
    return f"{esc(name)} ({esc(economy)})"
