"""Callback data of plain (non-dialog) buttons that services put under their messages,
and the aiogram errors a UI handler ignores when a message cannot be edited or deleted.

The services build these buttons from plain ids (`services/notify.py` takes the
callback-data makers as arguments): the factories are aiogram's `CallbackData`, which is
UI, so they live here, beside the handlers that filter on them.
"""

from __future__ import annotations

from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramNotFound
from aiogram.filters.callback_data import CallbackData

SEND_ERRORS = (TelegramForbiddenError, TelegramBadRequest, TelegramNotFound)
"""A message that cannot be sent, edited or deleted (blocked bot, gone chat or message)."""


class LetterCB(CallbackData, prefix="rl"):
    """An organiser's decision on an invitation letter, from the request notification."""

    letter: int
    ok: bool


class PlaceCB(CallbackData, prefix="rp"):
    """An organiser offers a freed place to the first waitlisted delegate."""

    registration: int


def letter_decision(letter: int, ok: bool) -> str:
    return LetterCB(letter=letter, ok=ok).pack()


def offer_place(registration: int) -> str:
    return PlaceCB(registration=registration).pack()
