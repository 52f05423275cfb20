"""The admin menu (`/admin`): every organiser function in one place."""

from __future__ import annotations

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.kbd import Button, Cancel, Row, Start

from dialogs.admin_roles.handlers import open_roles
from dialogs.admin_stats.handlers import on_report, open_exports
from dialogs.states import (
    AdminAuditSG,
    AdminRegSG,
    AdminSG,
    AdminStatsSG,
    AdminSurveysSG,
    BroadcastSG,
    CheckinSG,
    TicketsSG,
)
from dialogs.widgets import L


def admin_dialog() -> Dialog:
    return Dialog(
        Window(
            L("admin-title"),
            Start(L("admin-registrations"), id="a_reg", state=AdminRegSG.list),
            Row(
                Start(L("admin-stats"), id="a_stats", state=AdminStatsSG.overview),
                Button(L("admin-exports"), id="a_exp", on_click=open_exports),
            ),
            Row(
                Button(L("admin-report"), id="a_rep", on_click=on_report),
                Start(L("admin-broadcasts"), id="a_bc", state=BroadcastSG.hub),
            ),
            Row(
                Start(L("admin-tickets"), id="a_tix", state=TicketsSG.list),
                Start(L("admin-surveys"), id="a_surv", state=AdminSurveysSG.list),
            ),
            Row(
                Start(L("admin-checkin"), id="a_chk", state=CheckinSG.menu),
                Button(L("admin-roles"), id="a_roles", on_click=open_roles),
            ),
            Start(L("admin-audit"), id="a_audit", state=AdminAuditSG.list),
            Cancel(L("admin-close")),
            state=AdminSG.menu,
        ),
    )
