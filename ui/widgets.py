"""Widgets shared by the dialogs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram_dialog.api.protocols import DialogManager
from aiogram_dialog.widgets.common import WhenCondition
from aiogram_dialog.widgets.kbd import Column, ScrollingGroup, Select
from aiogram_dialog.widgets.text import Format, Text

from core.telegram_text import fit_html
from ui.context import Ctx


class L(Text):
    """A localized text: the Fluent message `key`, formatted with the window's data.

    Fluent does not escape HTML: getters escape whatever a user typed. A text longer than
    a message (a long FAQ answer, a big table) is shortened with "…", tags kept whole
    (`core.telegram_text.fit_html`), rather than the window failing to show.
    """

    def __init__(self, key: str, when: WhenCondition = None, **fixed: Any) -> None:
        super().__init__(when=when)
        self.key = key
        self.fixed = fixed

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        ctx = Ctx.from_manager(manager)
        return fit_html(ctx.l10n(self.key, **{**data, **self.fixed}))


def paged_select(
    text: str,
    *,
    id: str,
    items: str,
    item_id: Callable[[Any], str | int],
    on_click: Any = None,
    width: int = 1,
    height: int = 8,
    **select: Any,
) -> ScrollingGroup:
    """A list of buttons (`Select`) over `items`, in pages of `width` x `height`; the page
    switcher (id `<id>s`) shows only when there is more than one page."""
    return ScrollingGroup(
        Select(
            Format(text),
            id=id,
            item_id_getter=item_id,
            items=items,
            on_click=on_click,
            **select,
        ),
        id=f"{id}s",
        width=width,
        height=height,
        hide_on_single_page=True,
    )


def column_select(
    text: str,
    *,
    id: str,
    items: str,
    item_id: Callable[[Any], str | int],
    on_click: Any = None,
    **select: Any,
) -> Column:
    """A short list of buttons (`Select`) over `items`, one per row."""
    return Column(
        Select(
            Format(text), id=id, item_id_getter=item_id, items=items, on_click=on_click, **select
        ),
    )
