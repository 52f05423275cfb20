"""The admin menu (`/admin`): every organiser function in one place."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Cancel, Row, Start, WebApp
from aiogram_dialog.widgets.text import Format

from dialogs.admin_roles.handlers import open_roles
from dialogs.admin_stats.handlers import on_report, open_exports
from services.retention import due_at
from storage.models import utcnow
from storage.models.retention import RetentionRun
from ui.context import Ctx
from ui.states import (
    AdminAuditSG,
    AdminRegSG,
    AdminSG,
    AdminStatsSG,
    AdminSurveysSG,
    BroadcastSG,
    CheckinSG,
    TicketsSG,
)
from ui.widgets import L


async def retention_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    """When personal data are erased (`privacy.retention`): for the overseers only; and
    the dashboard's address."""
    ctx = Ctx.from_manager(dialog_manager)
    user = ctx.event_from_user
    dashboard = {"dashboard_url": ctx.settings.dashboard_url or ""}
    if user is None or user.id not in ctx.settings.admin_ids:
        return {"retention": "", **dashboard}
    seminar = ctx.seminar
    l10n = ctx.l10n
    run = await ctx.session.get(RetentionRun, seminar.id)
    if run is not None and run.erased_at is not None:
        day = run.erased_at.astimezone(seminar.tz).date()
        return {
            "retention": "\n\n" + l10n("retention-admin-done", date=day.isoformat()),
            **dashboard,
        }
    due = due_at(seminar)
    if due is None:
        return {"retention": "\n\n" + l10n("retention-admin-none"), **dashboard}
    day = due.astimezone(seminar.tz).date()
    days = (day - utcnow().astimezone(seminar.tz).date()).days
    text = l10n("retention-admin-due", date=day.isoformat(), days=max(days, 0))
    return {"retention": "\n\n" + text, **dashboard}


def admin_dialog() -> Dialog:
    return Dialog(
        Window(
            L("admin-title"),
            # The organisers' dashboard (dashboard/): only when DASHBOARD_URL is set.
            WebApp(
                L("dashboard-button"), Format("{dashboard_url}"), id="a_dash", when="dashboard_url"
            ),
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
            getter=retention_getter,
        ),
    )
