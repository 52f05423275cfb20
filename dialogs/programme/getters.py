"""Data for the programme windows."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import Any

from aiogram_dialog import DialogManager
from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event
from core.i18n import Translator
from core.telegram_text import fit_html  # a long day or abstract: one window
from services import programme_texts as texts
from services.consultation import ConsultationService
from storage.models import User
from storage.models.logistics import ConsultationStatus
from storage.repositories.follows import FollowRepo
from ui.context import Ctx


def clock() -> datetime:
    """Now (aware, UTC). Tests replace it to travel in time."""
    return datetime.now(UTC)


def _data(manager: DialogManager) -> tuple[Event, str, Translator, AsyncSession, User]:
    ctx = Ctx.from_manager(manager)
    return ctx.seminar, ctx.lang, ctx.l10n, ctx.session, ctx.user


async def _followed(manager: DialogManager) -> set[str]:
    _, _, _, session, user = _data(manager)
    return await FollowRepo(session).followed(user.id)


def _numbers(session_ids: list[str]) -> list[tuple[str, str]]:
    """Buttons `1`, `2`, ... for the numbered sessions of a listing."""
    return [(str(i), sid) for i, sid in enumerate(session_ids, start=1)]


async def main_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    seminar, lang, l10n, session, user = _data(dialog_manager)
    service = ConsultationService(session, seminar)
    consultation = await service.latest()
    status = ""
    can_comment = False
    if consultation is not None:
        if consultation.status == ConsultationStatus.OPEN:
            status = "\n" + l10n("programme-status-draft")
            can_comment = await service.respondent(user.id, consultation.audience) is not None
        else:
            status = "\n" + l10n("programme-status-final")
    days = [
        (f"{texts.day_label(day.date, lang)} · {day.title.get(lang)}", str(i))
        for i, day in enumerate(seminar.agenda.days)
    ]
    now = clock()
    during = seminar.starts_at <= now < seminar.ends_at
    return {
        "title": escape(seminar.title.get(lang)),
        "status": status,
        "zone": texts.tz_label(seminar, lang),
        "days": days,
        "during": during,
        "consultation_id": consultation.id if consultation is not None else 0,
        "can_comment": can_comment,
    }


def _day_index(manager: DialogManager, seminar: Event) -> int:
    index = int(manager.dialog_data.get("day", 0))
    return max(0, min(index, len(seminar.agenda.days) - 1))


async def day_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    seminar, lang, l10n, _session, _user = _data(dialog_manager)
    if not seminar.agenda.days:
        return {"body": l10n("programme-day-empty"), "sessions": [], "prev": False, "next": False}
    index = _day_index(dialog_manager, seminar)
    day = seminar.agenda.days[index]
    followed = await _followed(dialog_manager)
    ids = [s.id for s in day.sorted_sessions()]
    return {
        "body": fit_html(texts.day_text(seminar, l10n, lang, day, followed)),
        "sessions": _numbers(ids),
        "prev": index > 0,
        "next": index < len(seminar.agenda.days) - 1,
    }


async def session_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    seminar, lang, l10n, session, user = _data(dialog_manager)
    session_id = str(dialog_manager.dialog_data.get("session", ""))
    following = await FollowRepo(session).is_following(user.id, session_id)
    item = seminar.find_session(session_id)
    return {
        "body": fit_html(texts.session_detail(seminar, l10n, lang, session_id, following)),
        "following": following,
        "can_follow": item is not None and not following,
    }


async def now_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    seminar, lang, l10n, _session, _user = _data(dialog_manager)
    now = clock()
    followed = await _followed(dialog_manager)
    return {
        "body": fit_html(texts.now_text(seminar, l10n, lang, now, followed)),
        "sessions": _numbers(texts.now_and_next_ids(seminar, now)),
    }


async def mine_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    seminar, lang, l10n, _session, _user = _data(dialog_manager)
    followed = await _followed(dialog_manager)
    chosen = [(d, s) for d, s in seminar.iter_sessions() if s.id in followed]
    lines = [l10n("programme-mine-header", zone=texts.tz_label(seminar, lang))]
    for i, (day, item) in enumerate(chosen, start=1):
        lines.append(
            f"{i}. {escape(texts.day_label(day.date, lang))} "
            f"<b>{texts.hhmm(item.start)}–{texts.hhmm(item.end)}</b> "
            f"{escape(item.title.get(lang))}"
        )
    if not chosen:
        lines.append(l10n("programme-mine-none"))
    return {
        "body": fit_html("\n".join(lines)),
        "sessions": _numbers([s.id for _, s in chosen]),
        "any": bool(chosen),
    }


async def speakers_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    seminar, lang, _l10n, _session, _user = _data(dialog_manager)
    return {"speakers": [(s.name.get(lang), s.id) for s in seminar.speakers]}


async def speaker_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    seminar, lang, l10n, _session, _user = _data(dialog_manager)
    speaker_id = str(dialog_manager.dialog_data.get("speaker", ""))
    ids = [s.id for _, s in texts.speaker_sessions(seminar, speaker_id)]
    return {
        "body": fit_html(texts.speaker_detail(seminar, l10n, lang, speaker_id)),
        "sessions": _numbers(ids),
    }
