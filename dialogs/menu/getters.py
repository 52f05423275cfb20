"""Data for the main menu window."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from core.event import Event
from core.formatting import event_dates


async def menu_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    seminar: Event = dialog_manager.middleware_data["seminar"]
    lang: str = dialog_manager.middleware_data["lang"]
    return {
        "event_title": seminar.title.get(lang),
        "event_dates": event_dates(seminar, lang),
        "event_venue": seminar.venue.name.get(lang),
    }
