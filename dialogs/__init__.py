"""aiogram-dialog dialogs: one package per dialog, state groups in `states.py`."""

from __future__ import annotations

from aiogram import Router

from dialogs.admin.dialogs import admin_dialog
from dialogs.admin_registrations.dialogs import admin_registrations_dialog, checkin_dialog
from dialogs.admin_roles.dialogs import roles_dialog
from dialogs.admin_stats.dialogs import audit_dialog, exports_dialog, stats_dialog
from dialogs.admin_surveys.dialogs import admin_surveys_dialog
from dialogs.broadcast.dialogs import broadcast_dialog
from dialogs.broadcast.materials import materials_dialog
from dialogs.consultation.dialogs import consultation_admin_dialog, consultation_dialog
from dialogs.language.dialogs import language_dialog
from dialogs.logistics.dialogs import logistics_dialog, ticket_reply_dialog, tickets_dialog
from dialogs.menu.dialogs import menu_dialog
from dialogs.profile.dialogs import profile_dialog
from dialogs.programme.dialogs import programme_dialog
from dialogs.registration.dialogs import registration_dialog, travel_link_router
from dialogs.reminders.dialogs import reminders_dialog
from dialogs.surveys.dialogs import survey_link_router, surveys_dialog


def dialogs_router() -> Router:
    """Every dialog of the bot, in one router."""
    router = Router(name="dialogs")
    # Survey and travel buttons in plain messages go first: an open dialog takes every callback.
    router.include_routers(survey_link_router(), travel_link_router())
    # Then each dialog, the delegates' busiest first: an update passes every dialog's
    # intent filter in front of its own, and only one dialog's filter matches it.
    router.include_routers(menu_dialog(), registration_dialog(), surveys_dialog())
    router.include_routers(logistics_dialog(), programme_dialog(), profile_dialog())
    router.include_routers(language_dialog(), consultation_dialog(), materials_dialog())
    router.include_routers(admin_dialog(), admin_registrations_dialog(), checkin_dialog())
    router.include_routers(ticket_reply_dialog(), tickets_dialog(), admin_surveys_dialog())
    router.include_routers(roles_dialog(), stats_dialog(), exports_dialog(), audit_dialog())
    router.include_routers(consultation_admin_dialog(), broadcast_dialog(), reminders_dialog())
    return router
