"""Broadcasts & reminders (`/broadcast`, the admin menu): compose, preview, send or schedule.

hub ─ New ─> mode ─> text (per language) ─> attach ─> button ─> audience ─> [value]
    │                                                                     └─> preview
    │   preview ─ Send now ─> confirm ─> (progress message) ─> hub
    │           └ Schedule ─> when ─> hub
    ├ Scheduled & recent ─> list ─> detail ─ Cancel ─> cancel ─> detail
    ├ Reminders ─> RemindersSG        └ Materials ─> MaterialsSG
"""

from __future__ import annotations

from operator import itemgetter

from aiogram.enums import ContentType
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import (
    Back,
    Button,
    Cancel,
    Row,
    Start,
    SwitchTo,
)

from dialogs.broadcast import getters
from dialogs.broadcast import handlers as h
from ui.states import BroadcastSG, MaterialsSG, RemindersSG
from ui.widgets import L, column_select, paged_select


def _back(state: object = None) -> Button:
    if state is None:
        return Back(L("broadcast-back"))
    return SwitchTo(L("broadcast-back"), id="back", state=state)  # type: ignore[arg-type]


def broadcast_dialog() -> Dialog:
    return Dialog(
        Window(
            L("broadcast-hub-title"),
            Button(L("broadcast-new"), id="new", on_click=h.on_new),
            SwitchTo(L("broadcast-list"), id="list", state=BroadcastSG.list),
            Row(
                Start(L("broadcast-reminders"), id="rem", state=RemindersSG.list),
                Start(L("broadcast-materials"), id="mat", state=MaterialsSG.list),
            ),
            Cancel(L("broadcast-close")),
            state=BroadcastSG.hub,
        ),
        Window(
            L("broadcast-ask-mode"),
            Button(L("broadcast-mode-one"), id="m_one", on_click=h.on_mode),
            Button(L("broadcast-mode-each"), id="m_each", on_click=h.on_mode),
            _back(BroadcastSG.hub),
            state=BroadcastSG.mode,
        ),
        Window(
            L("broadcast-ask-text"),
            MessageInput(h.on_text),
            Row(
                Button(L("broadcast-back"), id="t_back", on_click=h.on_text_back),
                SwitchTo(L("broadcast-close"), id="t_quit", state=BroadcastSG.hub),
            ),
            state=BroadcastSG.text,
            getter=getters.text_getter,
        ),
        Window(
            L("broadcast-ask-attachment"),
            MessageInput(h.on_attachment, content_types=[ContentType.ANY]),
            Button(L("broadcast-skip"), id="a_skip", on_click=h.on_skip_attachment),
            _back(BroadcastSG.text),
            state=BroadcastSG.attach,
        ),
        Window(
            L("broadcast-ask-button"),
            MessageInput(h.on_button),
            Button(L("broadcast-skip"), id="b_skip", on_click=h.on_skip_button),
            _back(BroadcastSG.attach),
            state=BroadcastSG.button,
        ),
        Window(
            L("broadcast-ask-audience"),
            column_select(
                "{item[1]}",
                id="ak",
                items="kinds",
                item_id=itemgetter(0),
                on_click=h.on_audience_kind,
            ),
            _back(BroadcastSG.button),
            state=BroadcastSG.audience,
            getter=getters.audience_getter,
        ),
        Window(
            L("broadcast-ask-value", when="has_values"),
            L("broadcast-no-values", when="no_values"),
            paged_select(
                "{item[1]}",
                id="av",
                items="values",
                item_id=itemgetter(0),
                on_click=h.on_audience_value,
                width=2,
                height=6,
            ),
            Button(L("broadcast-back"), id="v_back", on_click=h.on_value_back),
            state=BroadcastSG.value,
            getter=getters.value_getter,
        ),
        Window(
            L("broadcast-preview"),
            L("broadcast-nobody", when=lambda data, *_: not data.get("anybody")),
            Button(L("broadcast-show-preview"), id="p_show", on_click=h.on_show_preview),
            Row(
                Button(L("broadcast-send-now"), id="p_now", on_click=h.on_send_now),
                SwitchTo(L("broadcast-schedule"), id="p_when", state=BroadcastSG.when),
                when="anybody",
            ),
            Row(
                Button(L("broadcast-back"), id="p_back", on_click=h.on_preview_back),
                SwitchTo(L("broadcast-close"), id="p_quit", state=BroadcastSG.hub),
            ),
            state=BroadcastSG.preview,
            getter=getters.preview_getter,
        ),
        Window(
            L("broadcast-confirm-send"),
            Button(L("broadcast-yes-send"), id="c_yes", on_click=h.on_confirm_send),
            _back(BroadcastSG.preview),
            state=BroadcastSG.confirm,
            getter=getters.confirm_getter,
        ),
        Window(
            L("broadcast-ask-when"),
            MessageInput(h.on_when),
            _back(BroadcastSG.preview),
            state=BroadcastSG.when,
            getter=getters.when_getter,
        ),
        Window(
            L("broadcast-list-title", when="any"),
            L("broadcast-list-empty", when="empty"),
            column_select(
                "{item[1]}",
                id="bl",
                items="items",
                item_id=itemgetter(0),
                on_click=h.on_pick_broadcast,
            ),
            _back(BroadcastSG.hub),
            state=BroadcastSG.list,
            getter=getters.list_getter,
        ),
        Window(
            L("broadcast-detail"),
            SwitchTo(
                L("broadcast-cancel"), id="d_cancel", state=BroadcastSG.cancel, when="cancellable"
            ),
            _back(BroadcastSG.list),
            state=BroadcastSG.detail,
            getter=getters.detail_getter,
        ),
        Window(
            L("broadcast-confirm-cancel"),
            Button(L("broadcast-yes-cancel"), id="x_yes", on_click=h.on_confirm_cancel),
            _back(BroadcastSG.detail),
            state=BroadcastSG.cancel,
            getter=getters.cancel_getter,
        ),
    )
