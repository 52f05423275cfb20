"""Routers for commands and plain messages, joined in priority order."""

from __future__ import annotations

from aiogram import Router

from handlers import admin, commands, errors, fallback

# Modules whose commands only staff may run (each has a STAFF_COMMANDS set).
STAFF_MODULES = (admin,)


def handlers_router() -> Router:
    """Commands and error handlers; included before the dialogs."""
    router = Router(name="handlers")
    router.include_routers(errors.router(), commands.router(), admin.router())
    return router


def fallback_router() -> Router:
    """Unknown commands; included after the dialogs, so it is the last resort."""
    staff = set().union(*(m.STAFF_COMMANDS for m in STAFF_MODULES))
    return fallback.router(staff)
