"""Buttons of the console windows: charts, exports, the report, audit pages."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial

from aiogram import Bot
from aiogram.types import BufferedInputFile, CallbackQuery
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.kbd import Button

from services import stats as st
from services.exports.labels import Labels
from services.roles import Role
from ui.access import require
from ui.context import Ctx
from ui.documents import send_export, send_report
from ui.states import AdminExportSG


async def open_exports(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    """The admin menu's Exports entry: personal data, overseers only."""
    if await require(callback, manager, Role.OVERSEER, "exports"):
        await manager.start(AdminExportSG.choose)


async def on_export(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    if not await require(callback, manager, Role.OVERSEER, "exports"):
        return
    await callback.answer()
    assert callback.message is not None
    await send_export(
        ctx.bot,
        callback.message.chat.id,
        callback.from_user.id,
        "csv" if button.widget_id == "csv" else "xlsx",
        session=ctx.session,
        seminar=ctx.seminar,
        settings=ctx.settings,
        l10n=ctx.l10n,
    )
    manager.show_mode = ShowMode.DELETE_AND_SEND  # the menu again, below the files


async def on_report(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    """The admin menu's Report entry: build and send the DOCX draft."""
    ctx = Ctx.from_manager(manager)
    await callback.answer()
    assert callback.message is not None
    await send_report(
        ctx.bot,
        callback.message.chat.id,
        callback.from_user.id,
        session=ctx.session,
        seminar=ctx.seminar,
        l10n=ctx.l10n,
    )
    manager.show_mode = ShowMode.DELETE_AND_SEND


async def on_charts(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    """Send the statistics as PNG charts, then the window again below them."""
    ctx = Ctx.from_manager(manager)
    from services import charts
    from services.survey_results import response_rate

    await callback.answer()
    bot: Bot = ctx.bot
    seminar = ctx.seminar
    l10n = ctx.l10n
    labels = Labels(seminar, l10n)
    stats = await st.participation_stats(ctx.session, seminar)
    assert callback.message is not None
    chat_id = callback.message.chat.id
    gender = stats.breakdowns["gender"]
    scope = "attended" if stats.totals["attended"] else "approved"
    drawings: list[Callable[[], bytes]] = [
        partial(
            charts.pie_chart,
            l10n("console-chart-gender", scope=l10n(f"console-scope-{scope}")),
            [labels.option("gender", v) or v for v in gender],
            [counts[scope] for counts in gender.values()],
        )
    ]
    economies = [e for e in stats.economies if e.registered]
    if economies:
        drawings.append(
            partial(
                charts.bar_chart,
                l10n("console-chart-economies"),
                [e.code for e in economies],
                {
                    l10n("console-scope-registered"): [e.registered for e in economies],
                    l10n("console-stats-women"): [e.women for e in economies],
                },
            )
        )
    if stats.attendance:
        drawings.append(
            partial(
                charts.bar_chart,
                l10n("console-chart-attendance"),
                [f"{d.day:%d.%m}" for d in stats.attendance],
                {l10n("console-total"): [d.total for d in stats.attendance]},
            )
        )
    if seminar.surveys:
        rates = [
            await response_rate(ctx.session, seminar, s.id, l10n.lang) for s in seminar.surveys
        ]
        drawings.append(
            partial(
                charts.bar_chart,
                l10n("console-chart-surveys"),
                [s.title.get(l10n.lang) for s in seminar.surveys],
                {"%": [r.percent for r in rates]},
                horizontal=True,
            )
        )
    # Drawing takes a while (and imports matplotlib the first time): not on the event loop.
    images = await asyncio.to_thread(lambda: [draw() for draw in drawings])
    for number, png in enumerate(images, start=1):
        await bot.send_photo(chat_id, BufferedInputFile(png, filename=f"chart-{number}.png"))
    manager.show_mode = ShowMode.DELETE_AND_SEND


async def on_audit_page(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    page = int(manager.dialog_data.get("page", 0))
    manager.dialog_data["page"] = max(0, page + (1 if button.widget_id == "old" else -1))
