"""Callbacks of the survey results windows: every action is checked against the staff
role (a dialog may outlive a role) and written to the audit log."""

from __future__ import annotations

import asyncio

from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.kbd import Button, Select

from dialogs.admin_surveys.getters import selected_survey
from dialogs.surveys.common import (
    esc,
    shorten,
)
from services import survey_results
from services.roles import role_of
from storage.repositories.audit import AuditRepo
from ui.context import Ctx
from ui.states import AdminSurveysSG

TEXT_CHUNK = 3500
"""Characters per message of free-text answers (Telegram allows 4096)."""


def _fit(text: str, limit: int) -> str:
    """`text` escaped for HTML, cut (before escaping, so no entity is split) to `limit`."""
    escaped = esc(text)
    while len(escaped) > limit:
        text = text[: max(1, int(len(text) * 0.8))]
        escaped = esc(text) + "…"
    return escaped


async def _staff(callback: CallbackQuery, manager: DialogManager) -> bool:
    ctx = Ctx.from_manager(manager)
    role = await role_of(ctx.user.id, ctx.session, ctx.settings)
    if role is None:
        await callback.answer(ctx.l10n("surveys-admin-not-staff"), show_alert=True)
        await manager.done()
        return False
    return True


async def _audit(manager: DialogManager, action: str, survey_id: str) -> None:
    ctx = Ctx.from_manager(manager)
    session = ctx.session
    AuditRepo(session).add(ctx.user.id, action, survey_id)
    await session.commit()


async def on_pick(
    callback: CallbackQuery, _widget: Select[str], manager: DialogManager, survey_id: str
) -> None:
    ctx = Ctx.from_manager(manager)
    if not await _staff(callback, manager):
        return
    if ctx.seminar.find_survey(survey_id) is None:
        await callback.answer(ctx.l10n("surveys-error-stale"), show_alert=True)
        return
    manager.dialog_data.update(s=survey_id, qi=0)
    await _audit(manager, "survey.results", survey_id)
    await manager.switch_to(AdminSurveysSG.summary)


async def on_question_nav(
    callback: CallbackQuery, _widget: Select[str], manager: DialogManager, code: str
) -> None:
    index = int(manager.dialog_data.get("qi", 0))
    manager.dialog_data["qi"] = max(0, index + (1 if code == "n" else -1))


async def on_charts(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    """Send one PNG chart per question that has one (drawn off the event loop)."""
    ctx = Ctx.from_manager(manager)
    survey = selected_survey(manager)
    if survey is None or not await _staff(callback, manager):
        return
    seminar, lang, l10n = ctx.seminar, ctx.lang, ctx.l10n
    results = await survey_results.question_results(ctx.session, seminar, survey.id, lang)
    words = {
        "yes": l10n("surveys-yes"),
        "no": l10n("surveys-no"),
        "mean": l10n("surveys-admin-word-mean"),
        "median": l10n("surveys-admin-word-median"),
    }

    def draw() -> list[tuple[int, str, bytes]]:
        charts = []
        for number, result in enumerate(results, start=1):
            png = survey_results.chart_png(result, **words)
            if png is not None:
                charts.append((number, result.text, png))
        return charts

    charts = await asyncio.to_thread(draw)
    await _audit(manager, "survey.charts", survey.id)
    message = callback.message
    if not isinstance(message, Message):
        return
    await callback.answer()
    if not charts:
        await message.answer(l10n("surveys-admin-no-charts"))
    for number, text, png in charts:
        caption = l10n(
            "surveys-admin-chart-caption", number=number, question=esc(shorten(text, 900))
        )
        await message.answer_photo(
            BufferedInputFile(png, filename=f"{survey.id}-{number}.png"), caption=caption
        )
    manager.show_mode = ShowMode.DELETE_AND_SEND


async def on_texts(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    """Send the free-text answers, question by question, in messages of a safe size."""
    ctx = Ctx.from_manager(manager)
    survey = selected_survey(manager)
    if survey is None or not await _staff(callback, manager):
        return
    seminar, lang, l10n = ctx.seminar, ctx.lang, ctx.l10n
    texts = await survey_results.free_text_answers(ctx.session, seminar, survey.id)
    await _audit(manager, "survey.free_text", survey.id)
    message = callback.message
    if not isinstance(message, Message):
        return
    await callback.answer()
    sent = False
    for question in survey.questions:
        answers = texts.get(question.id) or []
        if not answers:
            continue
        head = l10n(
            "surveys-admin-texts-head",
            question=esc(shorten(question.text.get(lang), 200)),
            count=len(answers),
        )
        chunk = head
        for answer in answers:
            item = "\n\n• " + _fit(answer, TEXT_CHUNK - len(head) - 10)
            if len(chunk) + len(item) > TEXT_CHUNK:
                await message.answer(chunk)
                chunk = head
            chunk += item
        await message.answer(chunk)
        sent = True
    if not sent:
        await message.answer(l10n("surveys-admin-no-texts"))
    manager.show_mode = ShowMode.DELETE_AND_SEND
