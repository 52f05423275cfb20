"""The per-update context every getter and handler reads (`Ctx`), and how registration
answers are shown (shared by the registration, profile and admin screens)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from aiogram import Bot
from aiogram.types import User as TgUser
from aiogram_dialog import DialogManager
from babel.dates import format_date
from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event, RegistrationField, Stage
from core.formatting import economy_name
from core.formatting import fmt_date as fmt_date  # re-exported: the screens use it
from core.i18n import I18n, Translator
from core.messaging import Messenger
from core.settings import Settings
from services import registration as svc
from services.people import esc as esc  # re-exported: the screens use both
from services.people import person as person
from storage.models import User, utcnow
from storage.models.registration import (
    Funding,
    Registration,
    RegistrationStatus,
)

SUMMARY_VALUE_LIMIT = 300


@dataclass(frozen=True, slots=True)
class Ctx:
    """The per-update context, the one way getters and handlers reach it: who the user
    is, their language and translator, the database session, the settings, the event
    (`seminar`, the event file) and the bot.

    A typed view over the data aiogram hands a handler (`Ctx.from_data(data)`, for plain
    routers that take `**data`) or aiogram-dialog keeps in `manager.middleware_data`
    (`Ctx.from_manager(manager)`): the middlewares of `bot/` and the dispatcher's workflow
    data fill it (`bot.app.build_dispatcher`). Each attribute is read when asked for, as
    the dictionary lookups it replaces were, so building one costs nothing and an update
    without a user (a channel post) can still read the session.
    """

    data: dict[str, Any]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Ctx:
        return cls(data)

    @classmethod
    def from_manager(cls, manager: DialogManager) -> Ctx:
        return cls(manager.middleware_data)

    @property
    def bot(self) -> Bot:
        bot: Bot = self.data["bot"]
        return bot

    @property
    def messenger(self) -> Messenger:
        """How services send messages (`core.messaging.Messenger`, `bot/messenger.py`)."""
        messenger: Messenger = self.data["messenger"]
        return messenger

    @property
    def seminar(self) -> Event:
        """The event (the event file's model)."""
        seminar: Event = self.data["seminar"]
        return seminar

    @property
    def session(self) -> AsyncSession:
        session: AsyncSession = self.data["session"]
        return session

    @property
    def settings(self) -> Settings:
        settings: Settings = self.data["settings"]
        return settings

    @property
    def i18n(self) -> I18n:
        i18n: I18n = self.data["i18n"]
        return i18n

    @property
    def l10n(self) -> Translator:
        """The translator of the user's language (`bot.middlewares.LanguageMiddleware`)."""
        l10n: Translator = self.data["l10n"]
        return l10n

    @property
    def lang(self) -> str:
        lang: str = self.data["lang"]
        return lang

    @property
    def user(self) -> User:
        """The user's row (`bot.middlewares.UserMiddleware`)."""
        user: User = self.data["user"]
        return user

    @property
    def event_from_user(self) -> TgUser | None:
        """The Telegram user of the update, as Telegram sent it (None for channel posts)."""
        tg_user: TgUser | None = self.data.get("event_from_user")
        return tg_user

    @property
    def delivery(self) -> Any:
        """The delivery service of this process (`bot.scheduler`), or None where none runs."""
        return self.data.get("delivery")

    @property
    def send_reminder_now(self) -> Callable[[int], Awaitable[bool]] | None:
        """Send a scheduled reminder at once (set by `bot.app`), or None."""
        send: Callable[[int], Awaitable[bool]] | None = self.data.get("send_reminder_now")
        return send

    def now(self) -> datetime:
        """The current moment; tests may put a `clock` callable in the dispatcher's data."""
        clock: Callable[[], datetime] | None = self.data.get("clock")
        return clock() if clock is not None else utcnow()


def shorten(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


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


def summary_lines(
    seminar: Event,
    registration: Registration,
    lang: str,
    l10n: Translator,
    *,
    stage: Stage | None = None,
) -> str:
    """'<b>Label</b>: value' for every field asked (of `stage`, if given), values escaped
    and shortened."""
    answers = registration.answers or {}
    lines = []
    for field in svc.visible_fields(seminar, answers):
        if stage is not None and field.field_stage != stage:
            continue
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
