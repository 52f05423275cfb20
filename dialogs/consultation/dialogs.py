"""The programme consultation: delegates approve or comment; organisers open, follow and
close it."""

from __future__ import annotations

import operator

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Group, Row, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from dialogs.consultation.getters import (
    admin_getter,
    comment_getter,
    confirm_close_getter,
    confirm_open_getter,
    consult_getter,
    consult_session_getter,
    results_getter,
)
from dialogs.consultation.handlers import (
    on_approve,
    on_close_confirmed,
    on_comment_back,
    on_comment_text,
    on_comment_whole,
    on_consult_session,
    on_export,
    on_open_confirmed,
)
from ui.states import ConsultAdminSG, ConsultSG
from ui.widgets import L

ITEM_ID = operator.itemgetter(1)


def consultation_dialog() -> Dialog:
    return Dialog(
        Window(
            Format("{body}"),
            Group(
                Select(
                    Format("{item[0]}"),
                    id="cs",
                    item_id_getter=ITEM_ID,
                    items="sessions",
                    on_click=on_consult_session,
                ),
                width=6,
                when="active",
            ),
            Button(
                L("programme-consult-approve-all"), id="ok_all", on_click=on_approve, when="active"
            ),
            Button(
                L("programme-consult-comment-all"),
                id="cm_all",
                on_click=on_comment_whole,
                when="active",
            ),
            Cancel(L("programme-consult-done")),
            state=ConsultSG.main,
            getter=consult_getter,
        ),
        Window(
            Format("{body}"),
            Row(
                Button(L("programme-consult-approve"), id="ok", on_click=on_approve),
                SwitchTo(L("programme-consult-comment"), id="cm", state=ConsultSG.comment),
            ),
            SwitchTo(L("back"), id="bk", state=ConsultSG.main),
            state=ConsultSG.session,
            getter=consult_session_getter,
        ),
        Window(
            L("programme-consult-comment-prompt"),
            MessageInput(on_comment_text),
            Button(L("back"), id="bk", on_click=on_comment_back),
            state=ConsultSG.comment,
            getter=comment_getter,
        ),
    )


def consultation_admin_dialog() -> Dialog:
    return Dialog(
        Window(
            L("programme-consult-admin-title"),
            SwitchTo(
                L("programme-consult-admin-open"),
                id="open",
                state=ConsultAdminSG.confirm_open,
                when="can_open",
            ),
            SwitchTo(
                L("programme-consult-admin-results"),
                id="res",
                state=ConsultAdminSG.results,
                when="has_any",
            ),
            Button(
                L("programme-consult-admin-export"), id="xlsx", on_click=on_export, when="has_any"
            ),
            SwitchTo(
                L("programme-consult-admin-close"),
                id="close",
                state=ConsultAdminSG.confirm_close,
                when="is_open",
            ),
            Cancel(L("back")),
            state=ConsultAdminSG.main,
            getter=admin_getter,
        ),
        Window(
            L("programme-consult-confirm-open"),
            Button(L("programme-consult-send"), id="send", on_click=on_open_confirmed, when="any"),
            SwitchTo(L("back"), id="bk", state=ConsultAdminSG.main),
            state=ConsultAdminSG.confirm_open,
            getter=confirm_open_getter,
        ),
        Window(
            Format("{body}"),
            SwitchTo(L("back"), id="bk", state=ConsultAdminSG.main),
            state=ConsultAdminSG.results,
            getter=results_getter,
        ),
        Window(
            L("programme-consult-confirm-close"),
            Button(L("programme-consult-publish"), id="pub", on_click=on_close_confirmed),
            SwitchTo(L("back"), id="bk", state=ConsultAdminSG.main),
            state=ConsultAdminSG.confirm_close,
            getter=confirm_close_getter,
        ),
    )
