"""Messages the registration sends outside the current chat: to organisers (new
registrations, edits, withdrawals, freed places, letter requests) and to delegates
(decisions, letters), each in the reader's language; badges and QR codes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramNotFound
from aiogram.filters.callback_data import CallbackData
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event, RegistrationField
from core.i18n import I18n, Translator
from services import registration as svc
from storage.models import User
from storage.models.registration import InvitationLetter, Registration, RegistrationStatus
from ui.context import Ctx, esc, person

log = logging.getLogger(__name__)

SEND_ERRORS = (TelegramForbiddenError, TelegramBadRequest, TelegramNotFound)


class LetterCB(CallbackData, prefix="rl"):
    """An organiser's decision on an invitation letter, from the request notification."""

    letter: int
    ok: bool


class PlaceCB(CallbackData, prefix="rp"):
    """An organiser offers a freed place to the first waitlisted delegate."""

    registration: int


async def language_of(session: AsyncSession, user_id: int) -> str:
    user = await session.get(User, user_id)
    return user.language if user is not None else "en"


async def send_text(
    bot: Bot, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None
) -> bool:
    try:
        await bot.send_message(chat_id, text, reply_markup=markup)
    except SEND_ERRORS as exc:
        log.warning("could not message %s: %s", chat_id, exc)
        return False
    return True


async def tell_user(
    bot: Bot, session: AsyncSession, i18n: I18n, user_id: int, key: str, **args: Any
) -> bool:
    """Send message `key` to a user in their language."""
    l10n = i18n.get(await language_of(session, user_id))
    return await send_text(bot, user_id, l10n(key, **args))


Render = Callable[[Translator, str], tuple[str, InlineKeyboardMarkup | None]]


async def tell_staff(ctx: Ctx, render: Render) -> int:
    """Send every organiser and overseer the message `render(l10n, lang)` builds."""
    sent = 0
    for staff_id in await svc.staff_ids(ctx.session, ctx.settings.admin_ids):
        lang = await language_of(ctx.session, staff_id)
        text, markup = render(ctx.i18n.get(lang), lang)
        sent += await send_text(ctx.bot, staff_id, text, markup)
    return sent


def _who(seminar: Event, registration: Registration) -> Callable[[Translator, str], str]:
    return lambda l10n, lang: person(seminar, registration, lang, l10n)


async def new_registration(ctx: Ctx, registration: Registration) -> None:
    who = _who(ctx.seminar, registration)

    def render(l10n: Translator, lang: str) -> tuple[str, None]:
        return (
            l10n(
                "registration-staff-new",
                who=who(l10n, lang),
                status=l10n(f"registration-status-{registration.status}"),
                funding=l10n(f"registration-funding-{registration.funding}"),
            ),
            None,
        )

    await tell_staff(ctx, render)


async def edited(ctx: Ctx, registration: Registration, field: RegistrationField) -> None:
    who = _who(ctx.seminar, registration)
    await tell_staff(
        ctx,
        lambda l10n, lang: (
            l10n(
                "registration-staff-edited",
                who=who(l10n, lang),
                field=esc(field.label.get(lang)),
            ),
            None,
        ),
    )


async def withdrawn(ctx: Ctx, registration: Registration) -> None:
    who = _who(ctx.seminar, registration)
    await tell_staff(
        ctx, lambda l10n, lang: (l10n("registration-staff-withdrawn", who=who(l10n, lang)), None)
    )


async def offer_freed_place(ctx: Ctx, economy: str | None) -> None:
    """If a place of `economy` is free and someone waits for it, ask organisers to confirm."""
    if not economy:
        return
    candidate = await svc.first_waitlisted(ctx.session, ctx.seminar, economy)
    if candidate is None:
        return
    who = _who(ctx.seminar, candidate)

    def render(l10n: Translator, lang: str) -> tuple[str, InlineKeyboardMarkup]:
        button = InlineKeyboardButton(
            text=l10n("registration-staff-offer-button"),
            callback_data=PlaceCB(registration=candidate.id).pack(),
        )
        return (
            l10n("registration-staff-place-freed", who=who(l10n, lang)),
            InlineKeyboardMarkup(inline_keyboard=[[button]]),
        )

    await tell_staff(ctx, render)


async def letter_requested(ctx: Ctx, registration: Registration, letter: InvitationLetter) -> None:
    who = _who(ctx.seminar, registration)

    def render(l10n: Translator, lang: str) -> tuple[str, InlineKeyboardMarkup]:
        keyboard = [
            [
                InlineKeyboardButton(
                    text=l10n("registration-letter-approve"),
                    callback_data=LetterCB(letter=letter.id, ok=True).pack(),
                ),
                InlineKeyboardButton(
                    text=l10n("registration-letter-reject"),
                    callback_data=LetterCB(letter=letter.id, ok=False).pack(),
                ),
            ]
        ]
        return (
            l10n(
                "registration-staff-letter",
                who=who(l10n, lang),
                citizenship=esc(letter.citizenship),
                passport=esc(letter.passport_number),
            ),
            InlineKeyboardMarkup(inline_keyboard=keyboard),
        )

    await tell_staff(ctx, render)


async def decision(ctx: Ctx, registration: Registration, action: str, reason: str | None) -> bool:
    """Tell the delegate an organiser's decision, in the delegate's language."""
    lang = await language_of(ctx.session, registration.user_id)
    l10n = ctx.i18n.get(lang)
    status = "approved" if action == "promote" else registration.status
    text = l10n(
        f"registration-decision-{status}",
        funding=l10n(f"registration-funding-{registration.funding}"),
    )
    if reason:
        text += "\n\n" + l10n("registration-decision-reason", reason=esc(reason))
    sent = await send_text(ctx.bot, registration.user_id, text)
    if sent and status == RegistrationStatus.APPROVED:
        await send_badge(ctx.bot, registration.user_id, ctx.seminar, registration, lang, l10n)
    return sent


# --------------------------------------------------------------------------- QR codes


def qr_png(payload: str) -> bytes:
    """A QR code of `payload` as PNG (segno is imported only here)."""
    import io

    import segno

    out = io.BytesIO()
    segno.make(payload, error="m").save(out, kind="png", scale=8, border=4)
    return out.getvalue()


async def deep_link(bot: Bot, payload: str) -> str:
    me = await bot.me()
    return f"https://t.me/{me.username}?start={payload}"


async def send_badge(
    bot: Bot, chat_id: int, seminar: Event, registration: Registration, lang: str, l10n: Translator
) -> bool:
    """The approved participant's QR badge (a check-in deep link) as a photo."""
    if registration.checkin_token is None:
        return False
    url = await deep_link(bot, f"checkin-{registration.checkin_token}")
    caption = l10n(
        "registration-badge-caption",
        who=person(seminar, registration, lang, l10n),
        event=esc(seminar.title.get(lang)),
    )
    try:
        await bot.send_photo(
            chat_id,
            BufferedInputFile(await asyncio.to_thread(qr_png, url), filename="badge.png"),
            caption=caption,
        )
    except SEND_ERRORS as exc:
        log.warning("could not send the badge to %s: %s", chat_id, exc)
        return False
    return True
