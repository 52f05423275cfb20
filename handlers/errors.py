"""Errors: stale buttons restart the menu; anything else is logged and apologised for."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent
from aiogram_dialog import DialogManager, ShowMode, StartMode
from aiogram_dialog.api.exceptions import OutdatedIntent, UnknownIntent, UnknownState

from core.i18n import I18n, Translator
from ui.states import MainSG

log = logging.getLogger(__name__)


def _translator(data: dict[str, object]) -> Translator:
    l10n = data.get("l10n")
    if isinstance(l10n, Translator):
        return l10n
    i18n = data["i18n"]
    assert isinstance(i18n, I18n)
    return i18n.get(None)


async def on_stale_dialog(event: ErrorEvent, dialog_manager: DialogManager, **data: object) -> None:
    """A button from an old message (restart, redeploy, finished dialog): fresh menu."""
    log.info("update %s: stale dialog (%r)", event.update.update_id, event.exception)
    callback = event.update.callback_query
    if callback is not None:
        await callback.answer(_translator(data)("error-stale-button"))
    await dialog_manager.start(MainSG.menu, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def on_any_error(event: ErrorEvent, **data: object) -> None:
    """Log with the update id; tell the user briefly; the bot keeps running."""
    update = event.update
    log.error("update %s failed: %r", update.update_id, event.exception, exc_info=event.exception)
    text = _translator(data)("error-generic")
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        elif update.message is not None:
            await update.message.answer(text)
    except TelegramAPIError:
        log.warning("update %s: could not send the apology", update.update_id)


def router() -> Router:
    r = Router(name=__name__)
    r.errors.register(
        on_stale_dialog, ExceptionTypeFilter(UnknownIntent, OutdatedIntent, UnknownState)
    )
    r.errors.register(on_any_error)
    return r
