"""Surveys for delegates: the list, a survey's intro, one window per question type, the
review with Edit per answer, and the thank-you screen."""

from __future__ import annotations

import operator

from aiogram import F, Router
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Column, Group, Keyboard, Select
from aiogram_dialog.widgets.text import Format

from dialogs.surveys.getters import (
    done_getter,
    intro_getter,
    list_getter,
    question_getter,
    review_getter,
)
from dialogs.surveys.handlers import (
    SurveyLink,
    on_edit,
    on_go,
    on_pick,
    on_read,
    on_review_nav,
    on_start,
    on_survey_link,
    on_to_list,
    on_to_menu,
    on_typed_in_list,
)
from dialogs.surveys.questions import (
    on_choice,
    on_nav,
    on_typed_answer,
    on_typed_in_choice,
)
from ui.states import SurveysSG
from ui.widgets import L

ITEM_ID = operator.itemgetter(1)


def _choices(width: int | None) -> Keyboard:
    select = Select(
        Format("{item[0]}"), id="a", item_id_getter=ITEM_ID, items="choices", on_click=on_choice
    )
    return Column(select) if width is None else Group(select, width=width)


def _nav() -> Keyboard:
    return Group(
        Select(Format("{item[0]}"), id="n", item_id_getter=ITEM_ID, items="nav", on_click=on_nav),
        width=2,
    )


def _question_window(state: object, width: int | None, typed: bool) -> Window:
    widgets: list[object] = [Format("{body}")]
    if not typed:
        widgets.append(_choices(width))
    widgets.append(_nav())
    widgets.append(MessageInput(on_typed_answer if typed else on_typed_in_choice))
    return Window(*widgets, state=state, getter=question_getter)  # type: ignore[arg-type]


def surveys_dialog() -> Dialog:
    return Dialog(
        Window(
            Format("{list_text}"),
            Column(
                Select(
                    Format("{item[0]}"),
                    id="sv",
                    item_id_getter=ITEM_ID,
                    items="surveys",
                    on_click=on_pick,
                )
            ),
            Button(L("surveys-btn-menu"), id="menu", on_click=on_to_menu),
            MessageInput(on_typed_in_list),
            state=SurveysSG.list,
            getter=list_getter,
        ),
        Window(
            Format("{intro_text}"),
            Button(Format("{go_label}"), id="go", on_click=on_go, when="can_go"),
            Button(L("surveys-btn-read"), id="read", on_click=on_read, when="can_read"),
            Button(L("surveys-btn-list"), id="list", on_click=on_to_list),
            MessageInput(on_typed_in_list),
            state=SurveysSG.intro,
            getter=intro_getter,
        ),
        _question_window(SurveysSG.single, None, typed=False),
        _question_window(SurveysSG.multi, None, typed=False),
        _question_window(SurveysSG.scale, 6, typed=False),
        _question_window(SurveysSG.yes_no, 2, typed=False),
        _question_window(SurveysSG.text, None, typed=True),
        _question_window(SurveysSG.number, None, typed=True),
        _question_window(SurveysSG.matrix, 6, typed=False),
        Window(
            Format("{review_text}"),
            Group(
                Select(
                    Format("{item[0]}"),
                    id="e",
                    item_id_getter=ITEM_ID,
                    items="edits",
                    on_click=on_edit,
                ),
                width=3,
            ),
            Group(
                Select(
                    Format("{item[0]}"),
                    id="r",
                    item_id_getter=ITEM_ID,
                    items="nav",
                    on_click=on_review_nav,
                ),
                width=2,
            ),
            MessageInput(on_typed_in_list),
            state=SurveysSG.review,
            getter=review_getter,
        ),
        Window(
            Format("{done_text}"),
            Button(L("surveys-btn-list"), id="list", on_click=on_to_list),
            Button(L("surveys-btn-menu"), id="menu", on_click=on_to_menu),
            MessageInput(on_typed_in_list),
            state=SurveysSG.done,
            getter=done_getter,
        ),
        on_start=on_start,
    )


def survey_link_router() -> Router:
    """Buttons that open a survey from a message outside the dialog (reminders)."""
    router = Router(name="survey-links")
    router.callback_query.register(on_survey_link, SurveyLink.filter(F.survey_id))
    return router
