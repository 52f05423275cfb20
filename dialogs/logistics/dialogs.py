"""Logistics & questions (delegates), the Reply on a ticket, and the tickets (organisers)."""

from __future__ import annotations

import operator

from aiogram.enums import ContentType
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import (
    Button,
    Cancel,
    Column,
    Group,
    Row,
    Select,
    Start,
    SwitchTo,
)
from aiogram_dialog.widgets.text import Format

from dialogs.logistics.getters import (
    answer_getter,
    entries_getter,
    mine_getter,
    reply_getter,
    sent_getter,
    ticket_getter,
    tickets_getter,
    topics_getter,
)
from dialogs.logistics.handlers import (
    on_answer_back,
    on_ask_text,
    on_close,
    on_entry,
    on_filter,
    on_helped,
    on_promote,
    on_reopen,
    on_reply_text,
    on_staff_text,
    on_ticket,
    on_topic,
    on_withdraw,
)
from ui.states import ConsultAdminSG, LogisticsSG, TicketReplySG, TicketsSG
from ui.widgets import L, paged_select

ITEM_ID = operator.itemgetter(1)


def logistics_dialog() -> Dialog:
    return Dialog(
        Window(
            L("logistics-title"),
            Group(
                Select(
                    Format("{item[0]}"),
                    id="tp",
                    item_id_getter=ITEM_ID,
                    items="topics",
                    on_click=on_topic,
                ),
                width=2,
            ),
            SwitchTo(L("logistics-ask-button"), id="ask", state=LogisticsSG.ask),
            SwitchTo(
                L("logistics-mine-button"), id="mine", state=LogisticsSG.mine, when="has_tickets"
            ),
            Cancel(L("back")),
            state=LogisticsSG.topics,
            getter=topics_getter,
        ),
        Window(
            L("logistics-entries-title"),
            Column(
                Select(
                    Format("{item[0]}"),
                    id="fe",
                    item_id_getter=ITEM_ID,
                    items="entries",
                    on_click=on_entry,
                )
            ),
            SwitchTo(L("back"), id="bk", state=LogisticsSG.topics),
            state=LogisticsSG.entries,
            getter=entries_getter,
        ),
        Window(
            L("logistics-answer-window"),
            Row(
                Button(L("logistics-helped-yes"), id="yes", on_click=on_helped),
                SwitchTo(L("logistics-ask-person"), id="person", state=LogisticsSG.ask),
            ),
            Button(L("back"), id="bk", on_click=on_answer_back),
            state=LogisticsSG.answer,
            getter=answer_getter,
        ),
        Window(
            L("logistics-ask-prompt"),
            MessageInput(on_ask_text),
            SwitchTo(L("back"), id="bk", state=LogisticsSG.topics),
            state=LogisticsSG.ask,
        ),
        Window(
            L("logistics-ask-sent"),
            SwitchTo(L("logistics-more-questions"), id="more", state=LogisticsSG.topics),
            Cancel(L("logistics-to-menu")),
            state=LogisticsSG.sent,
            getter=sent_getter,
        ),
        Window(
            L("logistics-mine-title"),
            SwitchTo(L("back"), id="bk", state=LogisticsSG.topics),
            state=LogisticsSG.mine,
            getter=mine_getter,
        ),
    )


def ticket_reply_dialog() -> Dialog:
    return Dialog(
        Window(
            L("logistics-reply-prompt"),
            MessageInput(on_reply_text, content_types=ContentType.ANY),
            Cancel(L("cancel")),
            state=TicketReplySG.write,
            getter=reply_getter,
        ),
    )


def tickets_dialog() -> Dialog:
    return Dialog(
        Window(
            L("logistics-tickets-title"),
            Row(
                Button(L("logistics-tickets-filter-open"), id="t_open", on_click=on_filter),
                Button(L("logistics-tickets-filter-answered"), id="t_ans", on_click=on_filter),
            ),
            paged_select(
                "{item[0]}",
                id="tk",
                items="tickets",
                item_id=ITEM_ID,
                type_factory=int,
                on_click=on_ticket,
            ),
            Start(L("logistics-consultation-button"), id="cons", state=ConsultAdminSG.main),
            Cancel(L("back")),
            state=TicketsSG.list,
            getter=tickets_getter,
        ),
        Window(
            Format("{body}"),
            MessageInput(on_staff_text),
            Button(L("logistics-ticket-faq"), id="faq", on_click=on_promote, when="can_promote"),
            Button(L("logistics-ticket-unfaq"), id="unfaq", on_click=on_withdraw, when="promoted"),
            Row(
                Button(L("logistics-ticket-close"), id="close", on_click=on_close, when="is_open"),
                Button(
                    L("logistics-ticket-reopen"), id="reopen", on_click=on_reopen, when="closed"
                ),
                SwitchTo(L("back"), id="bk", state=TicketsSG.list),
            ),
            state=TicketsSG.view,
            getter=ticket_getter,
        ),
    )
