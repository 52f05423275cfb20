"""Routers for commands and plain messages, joined in priority order."""

from __future__ import annotations

from aiogram import F, Router

from handlers import (
    admin,
    broadcast,
    commands,
    console,
    edits,
    errors,
    fallback,
    programme,
    questions,
    registration,
)
from ui.filters import Magic, NotDialogButton

# Modules whose commands only staff may run (each has a STAFF_COMMANDS set).
STAFF_MODULES = (admin, console, registration, questions, programme, broadcast)


def handlers_router() -> Router:
    """Commands and error handlers; included before the dialogs."""
    router = Router(name="handlers")
    # A dialog's button belongs to the dialogs (none of these handlers takes one).
    router.callback_query.filter(NotDialogButton())
    # Edited messages first: only one the open window still waits for goes further.
    router.include_router(edits.router())
    # registration first: its `/start checkin-...` deep links go before the plain /start.
    router.include_routers(errors.router(), registration.router(), commands.router())
    router.include_routers(admin.router(), console.router())
    router.include_routers(questions.router(), programme.router())
    router.include_router(broadcast.router())
    # Typed questions: after every other message handler, before the dialogs.
    router.include_router(questions.free_text_router())
    router.include_router(staff_gate())  # keep last
    return router


def staff_commands() -> set[str]:
    return set().union(*(m.STAFF_COMMANDS for m in STAFF_MODULES))


def staff_callback_prefixes() -> tuple[str, ...]:
    """callback_data of staff buttons in plain messages (not dialogs), each handled above
    with `StaffOnly()` or a helpdesk check."""
    from services.broadcast_texts import CANCEL_CALLBACK_PREFIX
    from ui.callbacks import LetterCB, PlaceCB

    return (f"{LetterCB.__prefix__}:", f"{PlaceCB.__prefix__}:", CANCEL_CALLBACK_PREFIX)


def staff_gate() -> Router:
    """A staff command or staff button no handler above took (the sender lacks the role)
    is refused here, before the dialogs (an open dialog would otherwise swallow it
    unlogged), and audited as `denied`."""
    staff = staff_commands()
    gate = fallback.router(staff)
    gate.message.filter(Magic(F.text.func(lambda text: fallback.command_name(text) in staff)))
    prefixes = staff_callback_prefixes()
    gate.callback_query.register(
        fallback.denied_callback, Magic(F.data.func(lambda data: data.startswith(prefixes)))
    )
    return gate


def fallback_router() -> Router:
    """Unknown commands; included after the dialogs, so it is the last resort."""
    return fallback.router(staff_commands())
