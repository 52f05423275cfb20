"""Roles: the staff list, an organiser's card, adding (by id or forward) and removing."""

from __future__ import annotations

import operator

from aiogram import F
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Row, SwitchTo

from dialogs.admin_roles.getters import candidate_getter, member_getter, roles_getter
from dialogs.admin_roles.handlers import (
    on_add_confirmed,
    on_candidate,
    on_member_selected,
    on_remove_confirmed,
)
from ui.states import AdminRolesSG
from ui.widgets import L, paged_select


def roles_dialog() -> Dialog:
    return Dialog(
        Window(
            L("console-roles-title"),
            paged_select(
                "👤 {item[label]}",
                id="org",
                items="organisers",
                item_id=operator.itemgetter("id"),
                on_click=on_member_selected,
            ),
            SwitchTo(L("console-roles-add"), id="add", state=AdminRolesSG.add),
            Cancel(L("back")),
            state=AdminRolesSG.list,
            getter=roles_getter,
        ),
        Window(
            L("console-roles-member"),
            SwitchTo(
                L("console-roles-remove"),
                id="rm",
                state=AdminRolesSG.confirm_remove,
                when=F["present"],
            ),
            SwitchTo(L("back"), id="bk", state=AdminRolesSG.list),
            state=AdminRolesSG.member,
            getter=member_getter,
        ),
        Window(
            L("console-roles-ask-id"),
            MessageInput(on_candidate),
            SwitchTo(L("back"), id="bk", state=AdminRolesSG.list),
            state=AdminRolesSG.add,
        ),
        Window(
            L("console-roles-confirm-add"),
            Row(
                Button(L("console-yes-button"), id="yes", on_click=on_add_confirmed),
                SwitchTo(L("console-no-button"), id="no", state=AdminRolesSG.list),
            ),
            state=AdminRolesSG.confirm_add,
            getter=candidate_getter,
        ),
        Window(
            L("console-roles-confirm-remove"),
            Row(
                Button(L("console-yes-button"), id="yes", on_click=on_remove_confirmed),
                SwitchTo(L("console-no-button"), id="no", state=AdminRolesSG.member),
            ),
            state=AdminRolesSG.confirm_remove,
            getter=member_getter,
        ),
    )
