"""Organisers: the registrations queue (from /admin) and check-in."""

from __future__ import annotations

import operator

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import (
    Button,
    Cancel,
    Column,
    Group,
    Row,
    Select,
    SwitchTo,
)
from aiogram_dialog.widgets.text import Format

from dialogs.admin_registrations import getters as g
from dialogs.admin_registrations import handlers as h
from ui.states import AdminRegSG, CheckinSG
from ui.widgets import L, paged_select

ITEM = operator.itemgetter(1)


def admin_registrations_dialog() -> Dialog:
    return Dialog(
        Window(
            Format("{body}"),
            Group(
                Select(
                    Format("{item[0]}"),
                    id="flt",
                    item_id_getter=ITEM,
                    items="filters",
                    on_click=h.on_filter,
                ),
                width=2,
            ),
            paged_select(
                "{item[0]}",
                id="rg",
                items="regs",
                item_id=ITEM,
                on_click=h.on_open,
            ),
            Row(
                SwitchTo(L("registration-quotas"), id="quo", state=AdminRegSG.quotas),
                SwitchTo(Format("{letters_label}"), id="lets", state=AdminRegSG.letters),
            ),
            Cancel(L("registration-back")),
            state=AdminRegSG.list,
            getter=g.list_getter,
        ),
        Window(
            Format("{body}"),
            Row(
                Button(L("registration-approve"), id="ok", on_click=h.on_approve, when="approve"),
                Button(
                    L("registration-waitlist"), id="wl", on_click=h.on_waitlist, when="waitlist"
                ),
                Button(L("registration-reject"), id="rj", on_click=h.on_reject, when="reject"),
            ),
            Button(L("registration-promote"), id="pr", on_click=h.on_promote, when="promote"),
            Row(
                Button(Format("{focal_label}"), id="fp", on_click=h.on_focal, when="exists"),
                SwitchTo(
                    L("registration-change-role"), id="role", state=AdminRegSG.role, when="has_role"
                ),
            ),
            SwitchTo(
                L("registration-erase-person"), id="era", state=AdminRegSG.erase, when="can_erase"
            ),
            SwitchTo(L("registration-back"), id="back", state=AdminRegSG.list),
            state=AdminRegSG.detail,
            getter=g.detail_getter,
        ),
        Window(
            Format("{body}"),
            Button(
                L("registration-erase-person-yes"), id="yes", on_click=h.on_erase, when="exists"
            ),
            SwitchTo(L("registration-back"), id="back", state=AdminRegSG.detail),
            state=AdminRegSG.erase,
            getter=g.erase_getter,
        ),
        Window(
            Format("{body}"),
            Button(L("registration-no-reason"), id="none", on_click=h.on_no_reason),
            Button(L("registration-back"), id="back", on_click=h.on_reason_back),
            MessageInput(h.on_reason_text),
            state=AdminRegSG.reason,
            getter=g.reason_getter,
        ),
        Window(
            L("registration-role-title"),
            Column(
                Select(
                    Format("{item[0]}"),
                    id="rl",
                    item_id_getter=ITEM,
                    items="roles",
                    on_click=h.on_role,
                )
            ),
            SwitchTo(L("registration-back"), id="back", state=AdminRegSG.detail),
            state=AdminRegSG.role,
            getter=g.role_getter,
        ),
        Window(
            Format("{body}"),
            SwitchTo(L("registration-back"), id="back", state=AdminRegSG.list),
            state=AdminRegSG.quotas,
            getter=g.quotas_getter,
        ),
        Window(
            Format("{body}"),
            paged_select(
                "{item[0]}",
                id="lt",
                items="letters",
                item_id=ITEM,
                on_click=h.on_letter_open,
            ),
            SwitchTo(L("registration-back"), id="back", state=AdminRegSG.list),
            state=AdminRegSG.letters,
            getter=g.letters_getter,
        ),
        Window(
            Format("{body}"),
            Row(
                Button(
                    L("registration-letter-approve"),
                    id="ok",
                    on_click=h.on_letter_approve,
                    when="pending",
                ),
                Button(
                    L("registration-letter-reject"),
                    id="rj",
                    on_click=h.on_letter_reject,
                    when="pending",
                ),
            ),
            SwitchTo(L("registration-back"), id="back", state=AdminRegSG.letters),
            state=AdminRegSG.letter,
            getter=g.letter_getter,
        ),
    )


def checkin_dialog() -> Dialog:
    return Dialog(
        Window(
            Format("{body}"),
            Group(
                Select(
                    Format("{item[0]}"),
                    id="day",
                    item_id_getter=ITEM,
                    items="days",
                    on_click=h.on_day,
                ),
                width=3,
            ),
            Button(
                L("registration-checkin-renew"), id="renew", on_click=h.on_renew, when="event_day"
            ),
            Cancel(L("registration-back")),
            state=CheckinSG.menu,
            getter=g.checkin_getter,
        ),
    )
