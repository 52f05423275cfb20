"""`/reminders`: the plan, one reminder, edit text or time, cancel, send now, add.

list ─> detail ─ Edit text ─> text_lang ─> text ─> detail
  │          ├ Change time ─> time ─> detail
  │          ├ Send now ─> send ─> detail
  │          └ Cancel ─> cancel ─> detail
  └ Add ─> add_text ─> add_time ─> add_audience ─> add_confirm ─> detail
"""

from __future__ import annotations

from operator import itemgetter

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import (
    Button,
    Cancel,
    Row,
    SwitchTo,
)

from dialogs.reminders import getters
from dialogs.reminders import handlers as h
from ui.states import RemindersSG
from ui.widgets import L, column_select, paged_select


def _back(state: object) -> SwitchTo:
    return SwitchTo(L("broadcast-back"), id="back", state=state)  # type: ignore[arg-type]


def reminders_dialog() -> Dialog:
    return Dialog(
        Window(
            L("reminders-title", when="any"),
            L("reminders-empty", when="empty"),
            paged_select(
                "{item[1]}",
                id="rl",
                items="items",
                item_id=itemgetter(0),
                on_click=h.on_pick,
            ),
            Button(L("reminders-add"), id="add", on_click=h.on_add),
            Cancel(L("broadcast-back")),
            state=RemindersSG.list,
            getter=getters.list_getter,
        ),
        Window(
            L("reminders-detail"),
            Row(
                Button(L("reminders-edit-text"), id="e_text", on_click=h.on_edit_text),
                SwitchTo(L("reminders-edit-time"), id="e_time", state=RemindersSG.time),
                when="scheduled",
            ),
            Row(
                SwitchTo(L("reminders-send-now"), id="e_send", state=RemindersSG.send),
                SwitchTo(L("reminders-cancel"), id="e_cancel", state=RemindersSG.cancel),
                when="scheduled",
            ),
            _back(RemindersSG.list),
            state=RemindersSG.detail,
            getter=getters.detail_getter,
        ),
        Window(
            L("reminders-ask-text-lang"),
            column_select(
                "{item[1]}",
                id="tl",
                items="langs",
                item_id=itemgetter(0),
                on_click=h.on_text_lang,
            ),
            _back(RemindersSG.detail),
            state=RemindersSG.text_lang,
            getter=getters.text_lang_getter,
        ),
        Window(
            L("reminders-ask-text"),
            MessageInput(h.on_new_text),
            _back(RemindersSG.detail),
            state=RemindersSG.text,
            getter=getters.text_getter,
        ),
        Window(
            L("broadcast-ask-when"),
            MessageInput(h.on_new_time),
            _back(RemindersSG.detail),
            state=RemindersSG.time,
            getter=getters.when_getter,
        ),
        Window(
            L("reminders-confirm-send"),
            Button(L("reminders-yes-send"), id="s_yes", on_click=h.on_send_now),
            _back(RemindersSG.detail),
            state=RemindersSG.send,
            getter=getters.send_getter,
        ),
        Window(
            L("reminders-confirm-cancel"),
            Button(L("reminders-yes-cancel"), id="x_yes", on_click=h.on_cancel),
            _back(RemindersSG.detail),
            state=RemindersSG.cancel,
            getter=getters.send_getter,
        ),
        Window(
            L("reminders-ask-text", language="none"),
            MessageInput(h.on_add_text),
            _back(RemindersSG.list),
            state=RemindersSG.add_text,
            getter=getters.text_getter,
        ),
        Window(
            L("broadcast-ask-when"),
            MessageInput(h.on_add_time),
            _back(RemindersSG.add_text),
            state=RemindersSG.add_time,
            getter=getters.when_getter,
        ),
        Window(
            L("reminders-ask-audience"),
            column_select(
                "{item[1]}",
                id="ra",
                items="kinds",
                item_id=itemgetter(0),
                on_click=h.on_add_audience,
            ),
            _back(RemindersSG.add_time),
            state=RemindersSG.add_audience,
            getter=getters.audience_getter,
        ),
        Window(
            L("reminders-add-confirm"),
            Button(L("reminders-save"), id="save", on_click=h.on_add_save),
            _back(RemindersSG.add_audience),
            state=RemindersSG.add_confirm,
            getter=getters.add_confirm_getter,
        ),
    )
