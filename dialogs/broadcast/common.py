"""Helpers shared by the broadcast, reminder and material windows."""

from __future__ import annotations

import html
import logging
import re
from datetime import date, datetime, time, timedelta
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager

from core.event import Event
from core.i18n import Translator
from services.roles import Role
from storage.repositories.audience import Audience
from ui import access
from ui.context import Ctx

log = logging.getLogger(__name__)

TEXT_LIMIT = 4000
"""Characters of a composed text, counted as Telegram does (UTF-16, after entity parsing;
Telegram allows 4096). A longer text (a reminder's) is split by `core.telegram_text`."""
TITLE_LIMIT = 120
PREVIEW_CHARS = 300

LANGUAGE_NAMES = {"en": "English", "ru": "Русский"}


def admin_ids(manager: DialogManager) -> list[int]:
    ctx = Ctx.from_manager(manager)
    return list(ctx.settings.admin_ids)


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def esc(text: str | None) -> str:
    return html.escape(text or "", quote=False)


def short(text: str, limit: int = PREVIEW_CHARS) -> str:
    """A plain-text excerpt of an HTML text, escaped again for display."""
    plain = re.sub(r"<[^>]+>", "", text or "")
    plain = html.unescape(plain)
    if len(plain) > limit:
        plain = plain[: limit - 1].rstrip() + "…"
    return esc(plain)


async def wake(manager: DialogManager, refresh: bool = False) -> None:
    """Tell this process's delivery service (if it runs here) that there is work."""
    ctx = Ctx.from_manager(manager)
    service = ctx.delivery
    if service is None:
        return
    try:
        if refresh:
            await service.refresh()
        else:
            service.wake()
    except Exception:  # the engine polls anyway
        log.exception("could not wake the delivery service")


async def require(
    event: CallbackQuery | Message, manager: DialogManager, needed: Role, what: str
) -> bool:
    """`ui.access.require`, with the broadcast dialogs' wording."""
    return await access.require(event, manager, needed, what, denied="broadcast-staff-only")


def actor_id(event: CallbackQuery | Message) -> int | None:
    return event.from_user.id if event.from_user else None


# --------------------------------------------------------------------------- audiences


def value_label(seminar: Event, l10n: Translator, lang: str, kind: str, value: str) -> str:
    """How a filter's value reads to an organiser (escaped)."""
    if kind == "status":
        return esc(l10n(f"broadcast-status-{value}"))
    if kind == "role":
        field = seminar.registration.field("role")
        option = next((o for o in field.options if o.value == value), None) if field else None
        return esc(option.label.get(lang) if option else value)
    if kind == "economy":
        economy = seminar.economy(value)
        return esc(economy.name.get(lang) if economy else value)
    if kind == "language":
        return esc(language_name(value))
    if kind == "attended":
        return esc(format_day(date.fromisoformat(value), lang))
    if kind == "non_respondents":
        survey = seminar.find_survey(value)
        return esc(survey.title.get(lang) if survey else value)
    if kind == "session":
        session = seminar.find_session(value)
        return esc(session.title.get(lang) if session else value)
    return esc(value)


def describe_audience(
    seminar: Event, l10n: Translator, lang: str, audience: dict[str, Any] | Audience
) -> str:
    if isinstance(audience, dict):
        audience = Audience.from_dict(audience)
    kind, value = audience.kind, audience.value
    if kind == "attended" and not value:
        text = l10n("broadcast-desc-attended-any")
    elif value is not None:
        text = l10n(f"broadcast-desc-{kind}", value=value_label(seminar, l10n, lang, kind, value))
    else:
        text = l10n(f"broadcast-desc-{kind}")
    if audience.unless_answered:
        survey = value_label(seminar, l10n, lang, "non_respondents", audience.unless_answered)
        text = l10n("broadcast-desc-unless", audience=text, survey=survey)
    return text


def format_day(day: date, lang: str) -> str:
    from babel.dates import format_date

    return str(format_date(day, "d MMM", locale=lang))


# --------------------------------------------------------------------------- moments

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[ T]+(\d{1,2})[:.](\d{2})$")
_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})(?:[./](\d{2,4}))?[ ,]+(\d{1,2})[:.](\d{2})$")


def parse_moment(text: str, seminar: Event, now: datetime) -> datetime | None:
    """`2027-09-13 18:00`, `13.09.2027 18:00` or `13.09 18:00` in the event's time zone.

    Returns an aware datetime, or None if the text is not a valid moment.
    """
    text = " ".join(text.strip().split())
    try:
        if match := _ISO.match(text):
            year, month, day, hour, minute = (int(g) for g in match.groups())
        elif match := _DMY.match(text):
            day, month = int(match[1]), int(match[2])
            hour, minute = int(match[4]), int(match[5])
            if match[3]:
                year = int(match[3])
                year += 2000 if year < 100 else 0
            else:
                year = now.astimezone(seminar.tz).year
                candidate = datetime(year, month, day, hour, minute, tzinfo=seminar.tz)
                if candidate < now:
                    year += 1
        else:
            return None
        return datetime.combine(date(year, month, day), time(hour, minute), tzinfo=seminar.tz)
    except ValueError:
        return None


def example_moment(seminar: Event, now: datetime) -> str:
    """A plausible example for the prompt: tomorrow at 10:00 in the event's zone."""
    local = now.astimezone(seminar.tz) + timedelta(days=1)
    return local.strftime("%Y-%m-%d") + " 10:00"


async def read_future_moment(message: Message, manager: DialogManager) -> datetime | None:
    """The future moment the organiser typed (event time zone), or None after telling them
    what was wrong, with an example; they type again, nothing else is lost."""
    ctx = Ctx.from_manager(manager)
    seminar = ctx.seminar
    l10n = ctx.l10n
    now = ctx.now()
    example = example_moment(seminar, now)
    moment = parse_moment(message.text or "", seminar, now)
    if moment is None:
        await message.answer(l10n("broadcast-bad-when", example=example))
        return None
    if moment <= now:
        await message.answer(l10n("broadcast-past-when", example=example))
        return None
    return moment


def show_moment(seminar: Event, moment: datetime) -> str:
    return moment.astimezone(seminar.tz).strftime("%Y-%m-%d %H:%M")
