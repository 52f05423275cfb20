"""Answering questions and handing them to a person: shared by handlers and dialogs.

- `answer_question`: a typed question -> FAQ answer, "did you mean" choices, or a ticket.
- `escalate`: a question becomes a ticket; the organisers (the helpdesk chat, else every
  overseer and organiser privately) receive it with the delegate's name and economy.
- `relay_answer`: an organiser's answer goes to the delegate, marked as from the
  organisers; replying to it (or its Reply button) continues the same ticket.
- `follow_up`: the delegate's reply on a ticket goes back to the organisers.
- `promote`: an answered ticket becomes a FAQ entry (stored in the database).

Everything a user typed is escaped before it goes into an HTML message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event
from core.formatting import economy_name
from core.i18n import I18n, Translator
from core.messaging import MessagingError, Messenger
from core.settings import Settings
from core.telegram_text import split_html
from services.faq import SearchItem, check_question, faq_index, has_known_script, terms
from storage.models import StaffRole, User
from storage.models.logistics import FaqQuery, QueryOutcome, Ticket, TicketStatus
from storage.models.registration import Registration
from storage.repositories.audit import AuditRepo
from storage.repositories.tickets import TicketRepo

if TYPE_CHECKING:
    from storage.models.logistics import FaqEntry

log = logging.getLogger(__name__)

PREVIEW_LENGTH = 60
STAFF_TEXT_LIMIT = 3000
MAX_ANSWER = 3500
"""Longest organiser's answer relayed (the delegate's message must fit in 4096)."""
"""Longer texts are cut in messages (the whole text stays in the database)."""


# --------------------------------------------------------------------------- callback data
# Plain (non-dialog) buttons under answers and ticket messages. Short: <= 64 bytes.


def cb_helped(query_id: int) -> str:
    return f"fq:y:{query_id}"


def cb_person(query_id: int) -> str:
    return f"fq:p:{query_id}"


def cb_suggestion(query_id: int, faq_id: str) -> str:
    return f"fq:s:{query_id}:{faq_id}"


CB_TOPICS = "fq:o"


def cb_ticket(action: str, ticket_id: int) -> str:
    """`c` close, `f` add to FAQ, `r` delegate's Reply, `d` delegate's "solved"."""
    return f"tk:{action}:{ticket_id}"


def _markup(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=text, callback_data=data) for text, data in row]
            for row in rows
        ]
    )


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --------------------------------------------------------------------------- answering


@dataclass
class Context:
    """What the answering code needs from an update's data."""

    messenger: Messenger
    session: AsyncSession
    seminar: Event
    settings: Settings
    i18n: I18n
    user: User
    lang: str
    l10n: Translator

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Context:
        return cls(
            messenger=data["messenger"],
            session=data["session"],
            seminar=data["seminar"],
            settings=data["settings"],
            i18n=data["i18n"],
            user=data["user"],
            lang=str(data["lang"]),
            l10n=data["l10n"],
        )


async def answer_question(ctx: Context, chat_id: int, text: str | None) -> str:
    """Answer a typed question in `chat_id`; returns what happened (for tests and logs):
    `bad:<problem>`, `smalltalk`, `confident`, `unsure` or `ticket`."""
    l10n = ctx.l10n
    problem = check_question(text)
    if problem is not None or text is None:
        await ctx.messenger.send(chat_id, l10n(f"logistics-bad-{problem or 'empty'}"))
        return f"bad:{problem}"
    text = text.strip()
    if has_known_script(text) and not terms(text):
        await ctx.messenger.send(
            chat_id,
            l10n("logistics-smalltalk"),
            markup=_markup([(l10n("logistics-open-topics"), CB_TOPICS)]),
        )
        return "smalltalk"
    index = await faq_index(ctx.session, ctx.seminar)
    result = index.answer(text)
    repo = TicketRepo(ctx.session)
    best = result.best
    if result.verdict == "confident" and best is not None:
        query = await repo.log_query(
            ctx.user.id, text, ctx.lang, QueryOutcome.ANSWERED, best.item.id, best.score
        )
        await ctx.session.commit()
        await send_answer(ctx, chat_id, best.item, query.id)
        return "confident"
    if result.verdict == "unsure" and best is not None:
        query = await repo.log_query(
            ctx.user.id, text, ctx.lang, QueryOutcome.SUGGESTED, best.item.id, best.score
        )
        await ctx.session.commit()
        rows = [
            [(shorten(m.item.question_in(ctx.lang), 48), cb_suggestion(query.id, m.item.id))]
            for m in result.matches
        ]
        rows.append([(l10n("logistics-ask-person"), cb_person(query.id))])
        await ctx.messenger.send(chat_id, l10n("logistics-unsure"), markup=_markup(*rows))
        return "unsure"
    query = await repo.log_query(ctx.user.id, text, ctx.lang, QueryOutcome.NO_MATCH)
    ticket = await escalate(ctx, text, query=query)
    note = "logistics-escalated" if has_known_script(text) else "logistics-escalated-language"
    await ctx.messenger.send(chat_id, l10n(note, ticket=ticket.id))
    return "ticket"


async def send_answer(ctx: Context, chat_id: int, item: SearchItem, query_id: int | None) -> None:
    """A FAQ answer (and the venue pin), with "Did this help? Yes / Ask a person"."""
    l10n = ctx.l10n
    if item.location:
        await send_venue(ctx.messenger, chat_id, ctx.seminar, ctx.lang)
    text = l10n(
        "logistics-answer",
        question=escape(item.question_in(ctx.lang)),
        answer=escape(item.answer_in(ctx.lang)),
    )
    markup = None
    if query_id is not None:
        markup = _markup(
            [
                (l10n("logistics-helped-yes"), cb_helped(query_id)),
                (l10n("logistics-ask-person"), cb_person(query_id)),
            ]
        )
    parts = split_html(text)  # a long answer of the event file: several messages
    for number, part in enumerate(parts, start=1):
        await ctx.messenger.send(chat_id, part, markup=markup if number == len(parts) else None)


async def send_venue(messenger: Messenger, chat_id: int, seminar: Event, lang: str) -> None:
    venue = seminar.venue
    await messenger.send_venue(
        chat_id,
        latitude=venue.latitude,
        longitude=venue.longitude,
        title=venue.name.get(lang),
        address=venue.address.get(lang),
    )


# --------------------------------------------------------------------------- tickets


async def staff_recipients(session: AsyncSession, settings: Settings) -> list[int]:
    """Where tickets go: the helpdesk chat, else every overseer and organiser."""
    if settings.helpdesk_chat_id is not None:
        return [settings.helpdesk_chat_id]
    ids = list(dict.fromkeys(settings.admin_ids))
    rows = await session.scalars(select(StaffRole.user_id).order_by(StaffRole.user_id))
    for user_id in rows.all():
        if user_id not in ids:
            ids.append(user_id)
    return ids


async def _language_of(session: AsyncSession, chat_id: int, seminar: Event) -> str:
    if chat_id < 0:
        return seminar.default_language
    user = await session.get(User, chat_id)
    return user.language if user is not None else seminar.default_language


async def delegate_parts(
    session: AsyncSession, seminar: Event, user_id: int, lang: str, l10n: Translator
) -> list[str]:
    """A delegate's name (else the Telegram name, else the id), economy and @username, as
    far as they are known: plain text."""
    user = await session.get(User, user_id)
    registration = (
        await session.scalars(select(Registration).where(Registration.user_id == user_id))
    ).first()
    name = (registration.full_name if registration else None) or " ".join(
        part
        for part in ((user.first_name if user else ""), (user.last_name if user else ""))
        if part
    )
    parts = [name or str(user_id)]
    if registration is not None and registration.economy:
        parts.append(economy_name(seminar, registration.economy, lang, l10n))
    if user is not None and user.username:
        parts.append("@" + user.username)
    return parts


async def delegate_label(
    session: AsyncSession, seminar: Event, user_id: int, lang: str, l10n: Translator
) -> str:
    """`Name · Economy · @username` of a delegate, escaped for HTML."""
    parts = await delegate_parts(session, seminar, user_id, lang, l10n)
    return " · ".join(escape(part) for part in parts)


async def _send_to_staff(
    ctx: Context, ticket: Ticket, key: str, text: str, *, markup_for_answered: bool = False
) -> int:
    """Send a ticket message to every staff recipient; remember each post. Returns sent."""
    repo = TicketRepo(ctx.session)
    sent = 0
    for chat_id in await staff_recipients(ctx.session, ctx.settings):
        lang = await _language_of(ctx.session, chat_id, ctx.seminar)
        l10n = ctx.i18n.get(lang)
        who = await delegate_label(ctx.session, ctx.seminar, ticket.user_id, lang, l10n)
        buttons = [(l10n("logistics-ticket-close"), cb_ticket("c", ticket.id))]
        if markup_for_answered:
            buttons.insert(0, (l10n("logistics-ticket-faq"), cb_ticket("f", ticket.id)))
        try:
            message_id = await ctx.messenger.send(
                chat_id,
                l10n(key, ticket=ticket.id, who=who, text=escape(shorten_block(text))),
                markup=_markup(buttons),
            )
        except MessagingError as exc:
            log.warning("ticket %s: staff chat %s not reached: %s", ticket.id, chat_id, exc)
            continue
        repo.add_post(ticket.id, chat_id, message_id, to_staff=True)
        sent += 1
    await ctx.session.commit()
    return sent


def shorten_block(text: str) -> str:
    return text if len(text) <= STAFF_TEXT_LIMIT else text[: STAFF_TEXT_LIMIT - 1] + "…"


async def escalate(ctx: Context, text: str, *, query: FaqQuery | None = None) -> Ticket:
    """Open a ticket for the question and send it to the organisers."""
    repo = TicketRepo(ctx.session)
    ticket = await repo.open(ctx.user.id, text, ctx.lang)
    if query is not None:
        query.ticket_id = ticket.id
        if query.outcome != QueryOutcome.NO_MATCH:
            query.outcome = QueryOutcome.ESCALATED
    await ctx.session.commit()
    sent = await _send_to_staff(ctx, ticket, "logistics-ticket-new", text)
    if not sent:
        log.error("ticket %s: no organiser could be reached", ticket.id)
    return ticket


async def follow_up(ctx: Context, ticket: Ticket, text: str) -> None:
    """The delegate writes again on their ticket: the thread continues, staff are told."""
    repo = TicketRepo(ctx.session)
    await repo.add_message(ticket, ctx.user.id, text, from_staff=False)
    await ctx.session.commit()
    await _send_to_staff(ctx, ticket, "logistics-ticket-followup", text)


async def relay_answer(
    messenger: Messenger,
    session: AsyncSession,
    seminar: Event,
    i18n: I18n,
    ticket: Ticket,
    actor_id: int,
    text: str,
) -> bool:
    """An organiser's answer: stored, audited and sent to the delegate. False if the
    delegate could not be reached (the answer is stored anyway)."""
    repo = TicketRepo(session)
    await repo.add_message(ticket, actor_id, text, from_staff=True)
    AuditRepo(session).add(actor_id, "ticket.answer", f"ticket:{ticket.id}")
    await session.commit()
    lang = await _language_of(session, ticket.user_id, seminar)
    l10n = i18n.get(lang)
    markup = _markup(
        [
            (l10n("logistics-reply-button"), cb_ticket("r", ticket.id)),
            (l10n("logistics-solved-button"), cb_ticket("d", ticket.id)),
        ]
    )
    # MAX_ANSWER characters of emoji count twice: then the answer comes in two messages.
    parts = split_html(l10n("logistics-reply-from-organisers", ticket=ticket.id, text=escape(text)))
    try:
        for number, part in enumerate(parts, start=1):
            last = number == len(parts)
            message_id = await messenger.send(ticket.user_id, part, markup=markup if last else None)
            repo.add_post(ticket.id, ticket.user_id, message_id, to_staff=False)
    except MessagingError as exc:
        log.warning("ticket %s: answer not delivered: %s", ticket.id, exc)
        return False
    await session.commit()
    return True


async def promote(session: AsyncSession, ticket: Ticket, actor_id: int) -> FaqEntry | None:
    """Turn an answered ticket into a FAQ entry; None if it has no answer yet."""
    repo = TicketRepo(session)
    if ticket.faq_entry_id is not None:
        return await repo.faq_entry(ticket.faq_entry_id)
    answer = await repo.last_staff_answer(ticket.id)
    if answer is None or ticket.status == TicketStatus.OPEN:
        return None
    entry = await repo.promote(ticket, ticket.question, answer.text, actor_id)
    AuditRepo(session).add(actor_id, "faq.promote", f"ticket:{ticket.id}", f"faq_entry:{entry.id}")
    await session.commit()
    return entry


async def close_ticket(
    session: AsyncSession, ticket: Ticket, actor_id: int, *, staff: bool
) -> None:
    await TicketRepo(session).close(ticket)
    if staff:
        AuditRepo(session).add(actor_id, "ticket.close", f"ticket:{ticket.id}")
    await session.commit()
