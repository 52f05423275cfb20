"""Messages the registration sends outside the current chat: to organisers (new
registrations, edits, withdrawals, freed places, letter requests) and to delegates
(decisions, letters), each in the reader's language; badges and QR codes. Sent through
`core.messaging.Messenger`; the buttons' callback data comes from the caller
(`ui/callbacks.py`)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, Protocol

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event, RegistrationField
from core.formatting import fmt_date
from core.i18n import I18n, Translator
from core.messaging import Messenger, Undeliverable
from core.settings import Settings
from services import registration as svc
from services.people import esc, person
from storage.models import User
from storage.models.registration import InvitationLetter, Registration, RegistrationStatus

log = logging.getLogger(__name__)


class Notifying(Protocol):
    """What these messages need from the update (the UI's `Ctx` has it all)."""

    @property
    def messenger(self) -> Messenger: ...
    @property
    def session(self) -> AsyncSession: ...
    @property
    def seminar(self) -> Event: ...
    @property
    def settings(self) -> Settings: ...
    @property
    def i18n(self) -> I18n: ...


async def language_of(session: AsyncSession, user_id: int) -> str:
    user = await session.get(User, user_id)
    return user.language if user is not None else "en"


async def send_text(
    messenger: Messenger, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None
) -> bool:
    """Send `text`; False (logged) if the recipient cannot receive it."""
    try:
        await messenger.send(chat_id, text, markup=markup)
    except Undeliverable as exc:
        log.warning("could not message %s: %s", chat_id, exc)
        return False
    return True


async def tell_user(
    messenger: Messenger, session: AsyncSession, i18n: I18n, user_id: int, key: str, **args: Any
) -> bool:
    """Send message `key` to a user in their language."""
    l10n = i18n.get(await language_of(session, user_id))
    return await send_text(messenger, user_id, l10n(key, **args))


Render = Callable[[Translator, str], tuple[str, InlineKeyboardMarkup | None]]


async def tell_staff(ctx: Notifying, render: Render) -> int:
    """Send every organiser and overseer the message `render(l10n, lang)` builds."""
    sent = 0
    for staff_id in await svc.staff_ids(ctx.session, ctx.settings.admin_ids):
        lang = await language_of(ctx.session, staff_id)
        text, markup = render(ctx.i18n.get(lang), lang)
        sent += await send_text(ctx.messenger, staff_id, text, markup)
    return sent


def _who(seminar: Event, registration: Registration) -> Callable[[Translator, str], str]:
    return lambda l10n, lang: person(seminar, registration, lang, l10n)


async def new_registration(ctx: Notifying, registration: Registration) -> None:
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


async def edited(ctx: Notifying, registration: Registration, field: RegistrationField) -> None:
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


async def withdrawn(ctx: Notifying, registration: Registration) -> None:
    who = _who(ctx.seminar, registration)
    await tell_staff(
        ctx, lambda l10n, lang: (l10n("registration-staff-withdrawn", who=who(l10n, lang)), None)
    )


async def offer_freed_place(
    ctx: Notifying, economy: str | None, offer: Callable[[int], str]
) -> None:
    """If a place of `economy` is free and someone waits for it, ask organisers to confirm
    (`offer(registration_id)`: the callback data of the button that does it)."""
    if not economy:
        return
    candidate = await svc.first_waitlisted(ctx.session, ctx.seminar, economy)
    if candidate is None:
        return
    who = _who(ctx.seminar, candidate)

    def render(l10n: Translator, lang: str) -> tuple[str, InlineKeyboardMarkup]:
        button = InlineKeyboardButton(
            text=l10n("registration-staff-offer-button"),
            callback_data=offer(candidate.id),
        )
        return (
            l10n("registration-staff-place-freed", who=who(l10n, lang)),
            InlineKeyboardMarkup(inline_keyboard=[[button]]),
        )

    await tell_staff(ctx, render)


async def letter_requested(
    ctx: Notifying,
    registration: Registration,
    letter: InvitationLetter,
    decide: Callable[[int, bool], str],
) -> None:
    """Ask the organisers to approve or reject a letter (`decide(letter_id, ok)`: the
    callback data of each button)."""
    who = _who(ctx.seminar, registration)

    def render(l10n: Translator, lang: str) -> tuple[str, InlineKeyboardMarkup]:
        keyboard = [
            [
                InlineKeyboardButton(
                    text=l10n("registration-letter-approve"),
                    callback_data=decide(letter.id, True),
                ),
                InlineKeyboardButton(
                    text=l10n("registration-letter-reject"),
                    callback_data=decide(letter.id, False),
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


async def decision(
    ctx: Notifying, registration: Registration, action: str, reason: str | None
) -> bool:
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
    markup: InlineKeyboardMarkup | None = None
    if status == RegistrationStatus.APPROVED:
        missing = svc.travel_missing(ctx.seminar, registration)
        if missing:  # stage 2 opens: say what is still missing and until when
            until = fmt_date(svc.travel_edit_until(ctx.seminar), lang)
            names = ", ".join(f.label.get(lang) for f in missing)
            text += "\n\n" + l10n("registration-decision-travel", fields=esc(names), date=until)
            button = InlineKeyboardButton(
                text=l10n("registration-travel-button"), callback_data=svc.TRAVEL_CALLBACK
            )
            markup = InlineKeyboardMarkup(inline_keyboard=[[button]])
    sent = await send_text(ctx.messenger, registration.user_id, text, markup)
    if sent and status == RegistrationStatus.APPROVED:
        await send_badge(ctx.messenger, registration.user_id, ctx.seminar, registration, lang, l10n)
    return sent


# --------------------------------------------------------------------------- QR codes


def qr_png(payload: str) -> bytes:
    """A QR code of `payload` as PNG (segno is imported only here)."""
    import io

    import segno

    out = io.BytesIO()
    segno.make(payload, error="m").save(out, kind="png", scale=8, border=4)
    return out.getvalue()


async def send_badge(
    messenger: Messenger,
    chat_id: int,
    seminar: Event,
    registration: Registration,
    lang: str,
    l10n: Translator,
) -> bool:
    """The approved participant's QR badge (a check-in deep link) as a photo."""
    if registration.checkin_token is None:
        return False
    url = await messenger.deep_link(f"checkin-{registration.checkin_token}")
    caption = l10n(
        "registration-badge-caption",
        who=person(seminar, registration, lang, l10n),
        event=esc(seminar.title.get(lang)),
    )
    try:
        await messenger.send_photo(
            chat_id, await asyncio.to_thread(qr_png, url), filename="badge.png", caption=caption
        )
    except Undeliverable as exc:
        log.warning("could not send the badge to %s: %s", chat_id, exc)
        return False
    return True
