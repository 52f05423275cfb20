"""Survey results for organisers: response rates, answers by question, charts, texts."""

from __future__ import annotations

import operator

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, Group, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from dialogs.admin_surveys.getters import list_getter, question_getter, summary_getter
from dialogs.admin_surveys.handlers import on_charts, on_pick, on_question_nav, on_texts
from ui.states import AdminSurveysSG
from ui.widgets import L

ITEM_ID = operator.itemgetter(1)


def admin_surveys_dialog() -> Dialog:
    return Dialog(
        Window(
            Format("{text}"),
            Column(
                Select(
                    Format("{item[0]}"),
                    id="sv",
                    item_id_getter=ITEM_ID,
                    items="surveys",
                    on_click=on_pick,
                )
            ),
            Cancel(L("surveys-admin-btn-back")),
            state=AdminSurveysSG.list,
            getter=list_getter,
        ),
        Window(
            Format("{text}"),
            SwitchTo(L("surveys-admin-btn-questions"), id="qs", state=AdminSurveysSG.question),
            Button(L("surveys-admin-btn-charts"), id="ch", on_click=on_charts),
            Button(L("surveys-admin-btn-texts"), id="tx", on_click=on_texts),
            SwitchTo(L("surveys-admin-btn-back"), id="bk", state=AdminSurveysSG.list),
            state=AdminSurveysSG.summary,
            getter=summary_getter,
        ),
        Window(
            Format("{text}"),
            Group(
                Select(
                    Format("{item[0]}"),
                    id="qn",
                    item_id_getter=ITEM_ID,
                    items="nav",
                    on_click=on_question_nav,
                ),
                width=2,
            ),
            SwitchTo(L("surveys-admin-btn-back"), id="bk", state=AdminSurveysSG.summary),
            state=AdminSurveysSG.question,
            getter=question_getter,
        ),
    )
