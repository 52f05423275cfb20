"""Callbacks of the survey windows.

Answer and navigation buttons carry the screen's sequence number (`"<seq>.<item>"`): a
button of an earlier screen (an old message, a double tap) is refused instead of
answering the question now shown. Every answer is saved at once by the engine
(`services.surveys`), which also refuses answers once the survey is closed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode, StartMode
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Select

from core.event import Question
from dialogs.surveys.common import (
    REVIEW_PAGE,
    STATE_OF_TYPE,
    current_survey,
    moment,
)
from services import surveys as engine
from services.surveys import REVIEW, SurveyError
from ui.context import Ctx
from ui.states import MainSG, SurveysSG


class SurveyLink(CallbackData, prefix="svy"):
    """A button that opens a survey, for messages sent outside the dialog (reminders):
    `InlineKeyboardButton(text=..., callback_data=SurveyLink(survey_id="feedback").pack())`.
    """

    survey_id: str


async def open_survey(manager: DialogManager, survey_id: str) -> None:
    """Open a survey's first screen on a fresh stack (what a SurveyLink button does)."""
    await manager.start(
        SurveysSG.intro,
        data={"survey": survey_id},
        mode=StartMode.RESET_STACK,
        show_mode=ShowMode.SEND,
    )


async def on_survey_link(
    callback: CallbackQuery, callback_data: SurveyLink, dialog_manager: DialogManager
) -> None:
    ctx = Ctx.from_manager(dialog_manager)
    seminar = ctx.seminar
    if seminar.find_survey(callback_data.survey_id) is None:
        await callback.answer(ctx.l10n("surveys-error-stale"), show_alert=True)
        return
    await callback.answer()
    await open_survey(dialog_manager, callback_data.survey_id)


# --------------------------------------------------------------------------- plumbing


async def _refuse(
    event: CallbackQuery | Message, manager: DialogManager, error: SurveyError
) -> None:
    ctx = Ctx.from_manager(manager)
    args = dict(error.args_)
    at = args.pop("at", None)
    if isinstance(at, datetime):
        args["date"] = moment(ctx.seminar, at, ctx.lang)
    text = ctx.l10n(error.key, **args)
    if isinstance(event, CallbackQuery):
        await event.answer(text, show_alert=True)
    else:
        await event.answer(text)
        manager.show_mode = ShowMode.DELETE_AND_SEND


def _code(manager: DialogManager, item_id: str) -> str | None:
    """The item of a button of the screen now shown, or None for an earlier screen's."""
    seq, _, code = item_id.partition(".")
    if seq != str(manager.dialog_data.get("seq", 0)):
        return None
    return code


async def _stale(callback: CallbackQuery, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    await callback.answer(ctx.l10n("surveys-error-old-button"), show_alert=True)


def _bump(manager: DialogManager) -> None:
    manager.dialog_data["seq"] = int(manager.dialog_data.get("seq", 0)) + 1


async def _answers(manager: DialogManager) -> dict[str, Any]:
    ctx = Ctx.from_manager(manager)
    survey = current_survey(manager)
    assert survey is not None
    access = await engine.get_access(ctx.session, ctx.seminar, survey, ctx.user.id, ctx.now())
    return access.answers


async def _save(
    manager: DialogManager, question: Question, value: Any, *, final: bool = True
) -> dict[str, Any]:
    ctx = Ctx.from_manager(manager)
    survey = current_survey(manager)
    assert survey is not None
    return await engine.save_answer(
        ctx.session,
        ctx.seminar,
        survey,
        ctx.user.id,
        ctx.now(),
        question.id,
        value,
        final=final,
    )


async def go(
    manager: DialogManager, target: str, answers: dict[str, Any], *, matrix_at_end: bool = False
) -> None:
    """Show a question (or the review) and remember it as the place to resume."""
    ctx = Ctx.from_manager(manager)
    survey = current_survey(manager)
    assert survey is not None
    seminar = ctx.seminar
    _bump(manager)
    await engine.move_to(ctx.session, seminar, survey, ctx.user.id, ctx.now(), target)
    if target == REVIEW:
        manager.dialog_data.update(q=None, edit=False, ro=False)
        await manager.switch_to(SurveysSG.review)
        return
    question = survey.question(target)
    assert question is not None
    manager.dialog_data["q"] = target
    if question.type == "session_matrix":
        count = len(seminar.sessions_for(question))
        if matrix_at_end:
            manager.dialog_data["mi"] = max(count - 1, 0)
        elif manager.dialog_data.get("edit"):
            manager.dialog_data["mi"] = 0
        else:
            manager.dialog_data["mi"] = engine.matrix_start(seminar, question, answers.get(target))
    await manager.switch_to(STATE_OF_TYPE[question.type])


async def advance(manager: DialogManager, answers: dict[str, Any], question_id: str) -> None:
    survey = current_survey(manager)
    assert survey is not None
    if manager.dialog_data.get("edit"):
        target = engine.first_unseen(survey, answers) or REVIEW
    else:
        target = engine.next_question(survey, answers, question_id) or REVIEW
    await go(manager, target, answers)


async def back(manager: DialogManager, answers: dict[str, Any], question_id: str) -> None:
    survey = current_survey(manager)
    assert survey is not None
    if manager.dialog_data.get("edit"):
        await go(manager, REVIEW, answers)
        return
    previous = engine.previous_question(survey, answers, question_id)
    if previous is None:
        _bump(manager)
        await manager.switch_to(SurveysSG.intro)
        return
    await go(manager, previous, answers, matrix_at_end=True)


# --------------------------------------------------------------------------- list, intro


async def on_start(start_data: Any, manager: DialogManager) -> None:
    manager.dialog_data["seq"] = 0
    if isinstance(start_data, dict) and isinstance(start_data.get("survey"), str):
        manager.dialog_data["s"] = start_data["survey"]


async def on_pick(
    callback: CallbackQuery, _widget: Select[str], manager: DialogManager, survey_id: str
) -> None:
    ctx = Ctx.from_manager(manager)
    if ctx.seminar.find_survey(survey_id) is None:
        await _stale(callback, manager)
        return
    manager.dialog_data.update(s=survey_id, ro=False, edit=False, page=0)
    await manager.switch_to(SurveysSG.intro)


async def on_to_menu(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await manager.start(MainSG.menu, mode=StartMode.RESET_STACK)


async def on_to_list(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    manager.dialog_data.update(ro=False, edit=False)
    _bump(manager)
    await manager.switch_to(SurveysSG.list)


async def on_go(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    """Start, continue, or change the answers (where the respondent left off)."""
    ctx = Ctx.from_manager(manager)
    survey = current_survey(manager)
    if survey is None:
        await _stale(callback, manager)
        return
    try:
        access = await engine.answerable(ctx.session, ctx.seminar, survey, ctx.user.id, ctx.now())
    except SurveyError as error:
        await _refuse(callback, manager, error)
        return
    answers = access.answers
    position = access.response.position if access.response is not None else None
    target = REVIEW if access.completed else engine.resume_point(survey, answers, position)
    manager.dialog_data.update(edit=False, ro=False, page=0)
    await go(manager, target, answers)


async def on_read(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    manager.dialog_data.update(ro=True, page=0)
    _bump(manager)
    await manager.switch_to(SurveysSG.review)


# --------------------------------------------------------------------------- review


async def on_edit(
    callback: CallbackQuery, _widget: Select[str], manager: DialogManager, item_id: str
) -> None:
    ctx = Ctx.from_manager(manager)
    code = _code(manager, item_id)
    survey = current_survey(manager)
    if code is None or survey is None or not code.isdigit() or int(code) >= len(survey.questions):
        await _stale(callback, manager)
        return
    question = survey.questions[int(code)]
    answers = await _answers(manager)
    if not engine.is_visible(survey, answers, question.id):
        await _stale(callback, manager)
        return
    try:
        await engine.answerable(ctx.session, ctx.seminar, survey, ctx.user.id, ctx.now())
    except SurveyError as error:
        await _refuse(callback, manager, error)
        return
    manager.dialog_data["edit"] = True
    await go(manager, question.id, answers)


async def on_review_nav(
    callback: CallbackQuery, _widget: Select[str], manager: DialogManager, item_id: str
) -> None:
    code = _code(manager, item_id)
    survey = current_survey(manager)
    if code is None or survey is None:
        await _stale(callback, manager)
        return
    page = int(manager.dialog_data.get("page", 0))
    if code in ("p", "n"):
        manager.dialog_data["page"] = max(0, page + (1 if code == "n" else -1))
        return
    if code == "b":
        if manager.dialog_data.get("ro"):
            manager.dialog_data["ro"] = False
            _bump(manager)
            await manager.switch_to(SurveysSG.intro)
            return
        answers = await _answers(manager)
        shown = engine.visible_questions(survey, answers)
        if not shown:
            await manager.switch_to(SurveysSG.intro)
            return
        manager.dialog_data["edit"] = False
        await go(manager, shown[-1].id, answers, matrix_at_end=True)
        return
    if code == "S":
        await _submit(callback, manager)
        return
    await _stale(callback, manager)


async def _submit(callback: CallbackQuery, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    survey = current_survey(manager)
    assert survey is not None
    l10n = ctx.l10n
    try:
        result = await engine.submit(ctx.session, ctx.seminar, survey, ctx.user.id, ctx.now())
    except SurveyError as error:
        await _refuse(callback, manager, error)
        return
    if result.status == "incomplete" and result.question_id is not None:
        answers = await _answers(manager)
        shown = [q.id for q in engine.visible_questions(survey, answers)]
        number = shown.index(result.question_id) + 1 if result.question_id in shown else 0
        await callback.answer(l10n("surveys-error-incomplete", number=number), show_alert=True)
        manager.dialog_data["edit"] = True
        manager.dialog_data["page"] = max(0, (number - 1) // REVIEW_PAGE)
        await go(manager, result.question_id, answers)
        return
    if result.status == "already":
        await callback.answer(l10n("surveys-already-submitted"), show_alert=True)
    _bump(manager)
    await manager.switch_to(SurveysSG.done)


async def on_typed_in_list(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    """Typed text where only buttons make sense: say so and show the screen again below."""
    ctx = Ctx.from_manager(manager)
    await message.answer(ctx.l10n("surveys-error-use-buttons"))
    manager.show_mode = ShowMode.DELETE_AND_SEND
