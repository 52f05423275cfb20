"""Statistics (/stats), exports and the audit log (/audit)."""

from __future__ import annotations

from aiogram import F
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.kbd import Button, Cancel, Row, SwitchTo

from dialogs.admin_stats.getters import (
    audit_getter,
    economies_getter,
    overview_getter,
    profile_getter,
    surveys_getter,
)
from dialogs.admin_stats.handlers import on_audit_page, on_charts, on_export
from ui.states import AdminAuditSG, AdminExportSG, AdminStatsSG
from ui.widgets import L


def _tabs() -> Row:
    return Row(
        SwitchTo(L("console-stats-tab-overview"), id="ov", state=AdminStatsSG.overview),
        SwitchTo(L("console-stats-tab-economies"), id="ec", state=AdminStatsSG.economies),
        SwitchTo(L("console-stats-tab-profile"), id="pr", state=AdminStatsSG.profile),
        SwitchTo(L("console-stats-tab-surveys"), id="sv", state=AdminStatsSG.surveys),
    )


def _footer() -> Row:
    return Row(
        Button(L("console-stats-charts"), id="png", on_click=on_charts),
        Cancel(L("back")),
    )


def stats_dialog() -> Dialog:
    return Dialog(
        Window(
            L("console-stats-overview"),
            _tabs(),
            _footer(),
            state=AdminStatsSG.overview,
            getter=overview_getter,
        ),
        Window(
            L("console-stats-economies"),
            _tabs(),
            _footer(),
            state=AdminStatsSG.economies,
            getter=economies_getter,
        ),
        Window(
            L("console-stats-profile"),
            _tabs(),
            _footer(),
            state=AdminStatsSG.profile,
            getter=profile_getter,
        ),
        Window(
            L("console-stats-surveys"),
            _tabs(),
            _footer(),
            state=AdminStatsSG.surveys,
            getter=surveys_getter,
        ),
    )


def exports_dialog() -> Dialog:
    return Dialog(
        Window(
            L("console-exports-title"),
            Button(L("console-exports-xlsx"), id="xlsx", on_click=on_export),
            Button(L("console-exports-csv"), id="csv", on_click=on_export),
            Cancel(L("back")),
            state=AdminExportSG.choose,
        ),
    )


def audit_dialog() -> Dialog:
    return Dialog(
        Window(
            L("console-audit-title"),
            Row(
                Button(
                    L("console-audit-newer"), id="new", on_click=on_audit_page, when=F["has_newer"]
                ),
                Button(
                    L("console-audit-older"), id="old", on_click=on_audit_page, when=F["has_older"]
                ),
            ),
            Cancel(L("back")),
            state=AdminAuditSG.list,
            getter=audit_getter,
        ),
    )
