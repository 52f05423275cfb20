"""Data for the main menu window."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from core.event import Event
from core.formatting import event_dates
from ui.context import Ctx


async def menu_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    seminar: Event = ctx.seminar
    lang: str = ctx.lang
    return {
        "event_title": seminar.title.get(lang),
        "event_dates": event_dates(seminar, lang),
        "event_venue": seminar.venue.name.get(lang),
    }
