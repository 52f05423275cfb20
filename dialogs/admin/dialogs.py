"""The admin menu (`/admin`): every organiser function in one place."""

from __future__ import annotations

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.kbd import Button, Cancel, Row

from dialogs.menu.handlers import on_not_ready
from dialogs.states import AdminSG
from dialogs.widgets import L


def admin_dialog() -> Dialog:
    return Dialog(
        Window(
            L("admin-title"),
            Button(L("admin-registrations"), id="a_reg", on_click=on_not_ready),
            Row(
                Button(L("admin-stats"), id="a_stats", on_click=on_not_ready),
                Button(L("admin-exports"), id="a_exp", on_click=on_not_ready),
            ),
            Row(
                Button(L("admin-report"), id="a_rep", on_click=on_not_ready),
                Button(L("admin-broadcasts"), id="a_bc", on_click=on_not_ready),
            ),
            Row(
                Button(L("admin-tickets"), id="a_tix", on_click=on_not_ready),
                Button(L("admin-surveys"), id="a_surv", on_click=on_not_ready),
            ),
            Row(
                Button(L("admin-checkin"), id="a_chk", on_click=on_not_ready),
                Button(L("admin-roles"), id="a_roles", on_click=on_not_ready),
            ),
            Button(L("admin-audit"), id="a_audit", on_click=on_not_ready),
            Cancel(L("admin-close")),
            state=AdminSG.menu,
        ),
    )
