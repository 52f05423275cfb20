"""aiogram-dialog's Calendar limited to the event's date window, in the user's language."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram_dialog import DialogManager
from aiogram_dialog.api.internal import RawKeyboard
from aiogram_dialog.widgets.kbd import Calendar, CalendarScope, CalendarUserConfig
from aiogram_dialog.widgets.kbd.calendar_kbd import (
    CalendarDaysView,
    CalendarMonthView,
    CalendarScopeView,
    CalendarYearsView,
)
from aiogram_dialog.widgets.text import Text
from babel.dates import format_date

from core.event import Event
from services.registration import date_window
from ui.context import Ctx


class BabelDate(Text):
    """`data["date"]` formatted with a Babel pattern in the user's language."""

    def __init__(self, pattern: str, template: str = "{}") -> None:
        super().__init__()
        self.pattern = pattern
        self.template = template

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        ctx = Ctx.from_manager(manager)
        lang = ctx.lang
        return self.template.format(format_date(data["date"], self.pattern, locale=lang))


class EventCalendar(Calendar):
    """Dates from the event's `registration.date_window`; opens at the event's month."""

    def _init_views(self) -> dict[CalendarScope, CalendarScopeView]:
        return {
            CalendarScope.DAYS: CalendarDaysView(
                self._item_callback_data,
                date_text=BabelDate("d"),
                today_text=BabelDate("d", "·{}·"),
                weekday_text=BabelDate("EEEEEE"),
                header_text=BabelDate("LLLL y", "🗓 {}"),
                next_month_text=BabelDate("LLLL", "{} »"),
                prev_month_text=BabelDate("LLLL", "« {}"),
            ),
            CalendarScope.MONTHS: CalendarMonthView(
                self._item_callback_data,
                month_text=BabelDate("LLLL"),
                this_month_text=BabelDate("LLLL", "[{}]"),
                header_text=BabelDate("y", "🗓 {}"),
            ),
            CalendarScope.YEARS: CalendarYearsView(self._item_callback_data),
        }

    async def _get_user_config(
        self, data: dict[str, Any], manager: DialogManager
    ) -> CalendarUserConfig:
        ctx = Ctx.from_manager(manager)
        seminar: Event = ctx.seminar
        low, high = date_window(seminar)
        return CalendarUserConfig(min_date=low, max_date=high, timezone=seminar.tz)  # type: ignore[arg-type]

    async def _render_keyboard(self, data: dict[str, Any], manager: DialogManager) -> RawKeyboard:
        ctx = Ctx.from_manager(manager)
        if self.get_offset(manager) is None:
            seminar: Event = ctx.seminar
            self.set_offset(seminar.dates.start, manager)
        return await super()._render_keyboard(data, manager)


def open_at(calendar: Calendar, manager: DialogManager, day: date) -> None:
    calendar.set_offset(day.replace(day=1), manager)
    calendar.set_scope(CalendarScope.DAYS, manager)
