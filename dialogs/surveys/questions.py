"""Callbacks of the question window: a tapped or typed answer, the navigation buttons
(back, skip, done, keep, later) and the session matrix's one-session-at-a-time rating.
"""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Select

from core.event import Question
from dialogs.surveys.common import (
    current_question,
)
from dialogs.surveys.handlers import (
    _answers,
    _bump,
    _code,
    _refuse,
    _save,
    _stale,
    advance,
    back,
)
from services import surveys as engine
from services.surveys import SurveyError
from ui.context import Ctx
from ui.states import SurveysSG

# --------------------------------------------------------------------------- questions


async def on_choice(
    callback: CallbackQuery, _widget: Select[str], manager: DialogManager, item_id: str
) -> None:
    """A tap on one of the answers (option, yes/no, point of a scale or of a session)."""
    code = _code(manager, item_id)
    question = current_question(manager)
    if code is None or question is None or not code.isdigit():
        await _stale(callback, manager)
        return
    index = int(code)
    try:
        await _choose(manager, question, index)
    except (SurveyError, IndexError) as error:
        if isinstance(error, IndexError):
            error = SurveyError("surveys-error-old-button")
        await _refuse(callback, manager, error)


async def _choose(manager: DialogManager, question: Question, index: int) -> None:
    kind = question.type
    if kind == "single":
        value: Any = question.options[index].value
    elif kind == "yes_no":
        value = (True, False)[index]
    elif kind == "scale":
        value = question.scale_values()[index]
    elif kind == "multi":
        answers = await _answers(manager)
        chosen = answers.get(question.id)
        chosen = chosen if isinstance(chosen, list) else []
        toggled = engine.toggle_option(question, chosen, question.options[index].value)
        await _save(manager, question, toggled, final=False)
        return
    elif kind == "session_matrix":
        await _rate(manager, question, question.scale_values()[index])
        return
    else:
        raise SurveyError("surveys-error-old-button")
    answers = await _save(manager, question, value)
    await advance(manager, answers, question.id)


async def _rate(manager: DialogManager, question: Question, rating: int | None) -> None:
    """Rate (or skip, None) the session shown, then show the next one."""
    ctx = Ctx.from_manager(manager)
    sessions = ctx.seminar.sessions_for(question)
    index = int(manager.dialog_data.get("mi", 0))
    if not 0 <= index < len(sessions):
        raise SurveyError("surveys-error-old-button")
    answers = await _answers(manager)
    ratings = answers.get(question.id)
    ratings = dict(ratings) if isinstance(ratings, dict) else {}
    ratings[sessions[index][1].id] = rating
    await _save(manager, question, ratings, final=False)
    if index + 1 < len(sessions):
        manager.dialog_data["mi"] = index + 1
        _bump(manager)
        return
    await _finish_matrix(manager, question, ratings)


async def _finish_matrix(
    manager: DialogManager, question: Question, ratings: dict[str, Any]
) -> None:
    answers = await _save(manager, question, ratings)
    await advance(manager, answers, question.id)


async def on_nav(
    callback: CallbackQuery, _widget: Select[str], manager: DialogManager, item_id: str
) -> None:
    """Back, Skip, Done, Keep, Later under a question."""
    code = _code(manager, item_id)
    question = current_question(manager)
    if code is None or question is None:
        await _stale(callback, manager)
        return
    try:
        await _navigate(callback, manager, question, code)
    except SurveyError as error:
        await _refuse(callback, manager, error)


async def _navigate(
    callback: CallbackQuery, manager: DialogManager, question: Question, code: str
) -> None:
    ctx = Ctx.from_manager(manager)
    answers = await _answers(manager)
    value = answers.get(question.id)
    matrix = question.type == "session_matrix"
    if code == "b":
        index = int(manager.dialog_data.get("mi", 0))
        if matrix and index > 0:
            manager.dialog_data["mi"] = index - 1
            _bump(manager)
            return
        await back(manager, answers, question.id)
    elif code == "s" and matrix:
        await _rate(manager, question, None)
    elif code == "r" and matrix:
        ratings = dict(value) if isinstance(value, dict) else {}
        for _, session in ctx.seminar.sessions_for(question):
            ratings.setdefault(session.id, None)
        await _finish_matrix(manager, question, ratings)
    elif code == "s":
        answers = await _save(manager, question, None)
        await advance(manager, answers, question.id)
    elif code == "d" and question.type == "multi":
        chosen = value if isinstance(value, list) else []
        final: Any = chosen if chosen or question.required else None
        answers = await _save(manager, question, final)
        await advance(manager, answers, question.id)
    elif code == "k" and value is not None:
        await advance(manager, answers, question.id)
    elif code == "l":
        await callback.answer(ctx.l10n("surveys-saved-later"))
        manager.dialog_data.update(edit=False, ro=False)
        _bump(manager)
        await manager.switch_to(SurveysSG.list)
    else:
        raise SurveyError("surveys-error-old-button")


def _typed_choice(manager: DialogManager, question: Question, text: str) -> int | None:
    """The index of the answer a typed text names exactly (a label or a number), if any."""
    ctx = Ctx.from_manager(manager)
    wanted = " ".join(text.split()).casefold()
    if not wanted:
        return None
    lang, l10n = ctx.lang, ctx.l10n
    if question.type in ("single", "multi"):
        for i, option in enumerate(question.options):
            if wanted in (option.label.get(lang).casefold(), option.value.casefold()):
                return i
    elif question.type == "yes_no":
        for i, key in enumerate(("surveys-yes", "surveys-no")):
            if wanted == l10n(key).casefold():
                return i
    elif question.type in ("scale", "session_matrix"):
        points = [str(p) for p in question.scale_values()]
        if wanted in points:
            return points.index(wanted)
    return None


async def on_typed_in_choice(
    message: Message, _widget: MessageInput, manager: DialogManager
) -> None:
    """Text where buttons are expected: take it if it names an answer, else explain."""
    ctx = Ctx.from_manager(manager)
    question = current_question(manager)
    if question is None:
        return
    index = _typed_choice(manager, question, message.text or "")
    manager.show_mode = ShowMode.DELETE_AND_SEND
    if index is None:
        await message.answer(ctx.l10n("surveys-error-use-buttons"))
        return
    try:
        await _choose(manager, question, index)
    except SurveyError as error:
        await _refuse(message, manager, error)


async def on_typed_answer(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    """The answer to a text or number question."""
    question = current_question(manager)
    if question is None:
        return
    manager.show_mode = ShowMode.DELETE_AND_SEND
    try:
        if question.type == "number":
            value: Any = engine.parse_number(question, message.text)
        else:
            value = engine.parse_text(question, message.text)
        answers = await _save(manager, question, value)
    except SurveyError as error:
        await _refuse(message, manager, error)
        return
    await advance(manager, answers, question.id)
