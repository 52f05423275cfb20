"""Questions typed anywhere, tickets and the organisers' answers.

Free text: a text message in a private chat is a question when nothing waits for typed
input: no command, no plain FSM state, and the open dialog window (if any) has no input
widget that accepts it. `free_text_router()` must be the last router before the dialogs
(see docs/architecture.md, "Typed text and questions").

Organisers answer a ticket by replying to its message (in their private chat or in the
helpdesk group) or with `/reply <ticket> <text>`; `/tickets` lists the open ones.
"""

from __future__ import annotations

import contextlib
import logging
import re
from html import escape
from typing import Any

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject, Filter
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.types import User as TgUser
from aiogram_dialog import DialogManager, ShowMode
from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event
from core.i18n import I18n, Translator
from core.messaging import Messenger
from core.settings import Settings
from handlers.fallback import audit_denied
from handlers.programme import start_over_menu
from services.faq import faq_index
from services.helpdesk import (
    MAX_ANSWER,
    Context,
    answer_question,
    close_ticket,
    delegate_label,
    escalate,
    follow_up,
    promote,
    relay_answer,
    send_answer,
    shorten,
)
from services.roles import role_of
from storage.models.logistics import QueryOutcome, Ticket, TicketPost, TicketStatus
from storage.repositories.tickets import TicketRepo
from ui.filters import Magic
from ui.patches import accepts_text, input_of, open_dialog_context, window_of
from ui.states import LogisticsSG, TicketReplySG, TicketsSG

log = logging.getLogger(__name__)

STAFF_COMMANDS = frozenset({"reply", "tickets"})
TICKETS_LISTED = 30


# --------------------------------------------------------------------------- filters


class FreeText(Filter):
    """A typed text nothing else waits for (see the module docstring).

    Runs as a filter, before aiogram-dialog's manager exists: it reads the open dialog's
    context (loaded by aiogram-dialog's outer middleware) and looks at that window's input
    widget, both through ui/patches.py (aiogram-dialog internals).
    """

    async def __call__(self, message: Message, **data: Any) -> bool:
        if message.chat.type != ChatType.PRIVATE or message.text is None:
            return False
        if message.text.startswith("/") or data.get("raw_state") is not None:
            return False
        context = open_dialog_context(data)
        if context is None:
            return True
        root = data.get("dispatcher")
        if root is None:
            return False
        window = window_of(root, context.state)
        if window is None:  # an unknown state: the dialogs' error handling deals with it
            return False
        return not await accepts_text(input_of(window), message, data)


class TicketReplyFilter(Filter):
    """A reply to a bot message that stands for a ticket; hands over `ticket_post`."""

    async def __call__(
        self, message: Message, session: AsyncSession, **_: Any
    ) -> bool | dict[str, Any]:
        replied = message.reply_to_message
        # Only bot messages are stored as ticket posts; the look-up decides.
        if replied is None or replied.from_user is None or not replied.from_user.is_bot:
            return False
        post = await TicketRepo(session).post(message.chat.id, replied.message_id)
        if post is None:
            return False
        return {"ticket_post": post}


async def is_helpdesk(
    chat_id: int, user: TgUser | None, session: AsyncSession, settings: Settings
) -> bool:
    """Organisers: anyone in the helpdesk chat, else overseers and organisers."""
    if settings.helpdesk_chat_id is not None and chat_id == settings.helpdesk_chat_id:
        return True
    return user is not None and await role_of(user.id, session, settings) is not None


class Helpdesk(Filter):
    async def __call__(
        self,
        event: Message | CallbackQuery,
        session: AsyncSession,
        settings: Settings,
        event_from_user: TgUser | None = None,
        event_chat: Any = None,
        **_: Any,
    ) -> bool:
        chat_id = event_chat.id if event_chat is not None else 0
        return await is_helpdesk(chat_id, event_from_user, session, settings)


# --------------------------------------------------------------------------- free text


async def on_free_text(
    message: Message, bot: Bot, dialog_manager: DialogManager, **data: Any
) -> None:
    """Answer the question, then show the open window again below the answer."""
    await answer_question(Context.from_data(data), message.chat.id, message.text)
    if dialog_manager.has_context():
        await dialog_manager.show(ShowMode.DELETE_AND_SEND)


# --------------------------------------------------------------------------- replies


async def on_ticket_reply(message: Message, bot: Bot, ticket_post: TicketPost, **data: Any) -> None:
    """A reply to a ticket message: an organiser's answer, or the delegate's follow-up."""
    ctx = Context.from_data(data)
    ticket = await TicketRepo(ctx.session).get(ticket_post.ticket_id)
    if ticket is None:
        return
    if not message.text:
        await message.answer(ctx.l10n("logistics-text-only"))
        return
    if ticket_post.to_staff:
        if not await is_helpdesk(message.chat.id, message.from_user, ctx.session, ctx.settings):
            if message.from_user is not None:  # no longer an organiser
                await audit_denied(ctx.session, message.from_user.id, "ticket answer")
                await message.answer(ctx.l10n("staff-denied"))
            return
        await _answer_ticket(
            message,
            ctx.messenger,
            ctx.session,
            ctx.seminar,
            ctx.i18n,
            ctx.l10n,
            ticket,
            message.text,
        )
        return
    if message.from_user is None or message.from_user.id != ticket.user_id:
        return
    await follow_up(ctx, ticket, message.text)
    await message.answer(ctx.l10n("logistics-followup-sent", ticket=ticket.id))


async def _answer_ticket(
    message: Message,
    messenger: Messenger,
    session: AsyncSession,
    seminar: Event,
    i18n: I18n,
    l10n: Translator,
    ticket: Ticket,
    text: str,
) -> None:
    assert message.from_user is not None
    if len(text) > MAX_ANSWER:
        await message.answer(l10n("logistics-answer-too-long", limit=MAX_ANSWER))
        return
    delivered = await relay_answer(
        messenger, session, seminar, i18n, ticket, message.from_user.id, text
    )
    who = await delegate_label(session, seminar, ticket.user_id, l10n.lang, l10n)
    key = "logistics-ticket-answered" if delivered else "logistics-ticket-undelivered"
    await message.answer(
        l10n(key, ticket=ticket.id, who=who),
        reply_markup=staff_markup(l10n, ticket),
    )


def staff_markup(l10n: Translator, ticket: Ticket) -> InlineKeyboardMarkup:
    row: list[InlineKeyboardButton] = []
    if ticket.faq_entry_id is None and ticket.status != TicketStatus.OPEN:
        row.append(
            InlineKeyboardButton(
                text=l10n("logistics-ticket-faq"), callback_data=f"tk:f:{ticket.id}"
            )
        )
    if ticket.status != TicketStatus.CLOSED:
        row.append(
            InlineKeyboardButton(
                text=l10n("logistics-ticket-close"), callback_data=f"tk:c:{ticket.id}"
            )
        )
    return InlineKeyboardMarkup(inline_keyboard=[row] if row else [])


_REPLY_RE = re.compile(r"^#?(\d{1,9})\s+(.+)$", re.DOTALL)


async def cmd_reply(
    message: Message,
    command: CommandObject,
    messenger: Messenger,
    session: AsyncSession,
    seminar: Event,
    i18n: I18n,
    l10n: Translator,
) -> None:
    """`/reply <ticket> <text>`: answer a ticket."""
    match = _REPLY_RE.match((command.args or "").strip())
    if match is None:
        await message.answer(l10n("logistics-reply-usage"))
        return
    ticket = await TicketRepo(session).get(int(match[1]))
    if ticket is None:
        await message.answer(l10n("logistics-ticket-unknown", ticket=match[1]))
        return
    await _answer_ticket(message, messenger, session, seminar, i18n, l10n, ticket, match[2].strip())


async def cmd_tickets(
    message: Message, session: AsyncSession, seminar: Event, l10n: Translator
) -> None:
    """`/tickets`: the open questions, newest activity first."""
    repo = TicketRepo(session)
    tickets = await repo.by_status(TicketStatus.OPEN, limit=TICKETS_LISTED)
    counts = await repo.count_by_status()
    lines = [l10n("logistics-tickets-header", open=counts["open"], answered=counts["answered"])]
    for ticket in tickets:
        who = await delegate_label(session, seminar, ticket.user_id, l10n.lang, l10n)
        lines.append(f"#{ticket.id} · {who}: {escape(shorten(ticket.question, 80))}")
    if not tickets:
        lines.append(l10n("logistics-tickets-none"))
    else:
        lines.append("")
        lines.append(l10n("logistics-tickets-hint"))
    markup = None
    if message.chat.type == ChatType.PRIVATE:
        markup = InlineKeyboardMarkup(
            inline_keyboard=[
                [InlineKeyboardButton(text=l10n("logistics-tickets-open"), callback_data="tk:l:0")]
            ]
        )
    await message.answer("\n".join(lines), reply_markup=markup)


# --------------------------------------------------------------------------- buttons


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 12 else None


async def _drop_buttons(callback: CallbackQuery) -> None:
    message = callback.message
    if isinstance(message, Message) and message.reply_markup is not None:
        with contextlib.suppress(TelegramAPIError):
            await message.edit_reply_markup(reply_markup=None)


async def on_faq_button(
    callback: CallbackQuery, bot: Bot, dialog_manager: DialogManager, **data: Any
) -> None:
    """Buttons under answers: helped / ask a person / one of the suggestions / topics."""
    l10n: Translator = data["l10n"]
    session: AsyncSession = data["session"]
    parts = (callback.data or "").split(":", 3)
    action = parts[1] if len(parts) > 1 else ""
    if action == "o":
        await callback.answer()
        await start_over_menu(dialog_manager, LogisticsSG.topics)
        return
    repo = TicketRepo(session)
    query = await repo.get_query(_int(parts[2]) or 0) if len(parts) > 2 else None
    if query is None or callback.from_user.id != query.user_id or callback.message is None:
        await callback.answer(l10n("logistics-stale"))
        return
    ctx = Context.from_data(data)
    chat_id = callback.message.chat.id
    if action == "y":
        query.outcome = QueryOutcome.HELPFUL
        await session.commit()
        await callback.answer(l10n("logistics-glad"))
        await _drop_buttons(callback)
        return
    if action == "p":
        if query.ticket_id is not None:
            await callback.answer(
                l10n("logistics-already-sent", ticket=query.ticket_id), show_alert=True
            )
            return
        await callback.answer()
        await _drop_buttons(callback)
        ticket = await escalate(ctx, query.text, query=query)
        await bot.send_message(chat_id, l10n("logistics-escalated", ticket=ticket.id))
    elif action == "s" and len(parts) > 3:
        index = await faq_index(session, ctx.seminar)
        item = index.get(parts[3])
        if item is None:
            await callback.answer(l10n("logistics-stale"))
            return
        query.faq_id = item.id
        await session.commit()
        await callback.answer()
        await _drop_buttons(callback)
        await send_answer(ctx, chat_id, item, query.id)
    else:
        await callback.answer(l10n("logistics-stale"))
        return
    if dialog_manager.has_context():
        await dialog_manager.show(ShowMode.DELETE_AND_SEND)


async def on_ticket_button(
    callback: CallbackQuery,
    bot: Bot,
    dialog_manager: DialogManager,
    session: AsyncSession,
    settings: Settings,
    l10n: Translator,
    **data: Any,
) -> None:
    """Ticket buttons: staff close / add to FAQ / open the list; delegate reply / solved."""
    parts = (callback.data or "").split(":")
    action = parts[1] if len(parts) > 1 else ""
    ticket_id = _int(parts[2]) if len(parts) > 2 else None
    chat_id = callback.message.chat.id if callback.message is not None else 0
    staff = await is_helpdesk(chat_id, callback.from_user, session, settings)
    if action in ("c", "f", "l") and not staff:  # organisers' buttons
        await audit_denied(session, callback.from_user.id, f"callback tk:{action}")
        await callback.answer(l10n("staff-denied"), show_alert=True)
        return
    if action == "l" and staff:
        await callback.answer()
        await dialog_manager.start(TicketsSG.list, show_mode=ShowMode.SEND)
        return
    ticket = await TicketRepo(session).get(ticket_id) if ticket_id is not None else None
    if ticket is None:
        await callback.answer(l10n("logistics-stale"))
        return
    own = ticket.user_id == callback.from_user.id
    if action in ("c", "f") and staff:
        if action == "c":
            await close_ticket(session, ticket, callback.from_user.id, staff=True)
            await callback.answer(
                l10n("logistics-ticket-closed", ticket=ticket.id), show_alert=True
            )
        else:
            entry = await promote(session, ticket, callback.from_user.id)
            key = "logistics-ticket-promoted" if entry else "logistics-ticket-not-answered"
            await callback.answer(l10n(key, ticket=ticket.id), show_alert=True)
        if isinstance(callback.message, Message):
            with contextlib.suppress(TelegramAPIError):
                await callback.message.edit_reply_markup(reply_markup=staff_markup(l10n, ticket))
        return
    if action == "r" and own:
        await callback.answer()
        await dialog_manager.start(
            TicketReplySG.write, data={"ticket": ticket.id}, show_mode=ShowMode.SEND
        )
        return
    if action == "d" and own:
        await close_ticket(session, ticket, callback.from_user.id, staff=False)
        await callback.answer(l10n("logistics-solved"))
        await _drop_buttons(callback)
        return
    await callback.answer(l10n("logistics-stale"))


# --------------------------------------------------------------------------- routers


def router() -> Router:
    """Ticket replies, /reply, /tickets and the answer buttons (before other messages)."""
    r = Router(name=__name__)
    r.message.register(on_ticket_reply, TicketReplyFilter())
    r.message.register(cmd_reply, Command("reply"), Helpdesk())
    r.message.register(cmd_tickets, Command("tickets"), Helpdesk())
    r.callback_query.register(on_faq_button, Magic(F.data.startswith("fq:")))
    r.callback_query.register(on_ticket_button, Magic(F.data.startswith("tk:")))
    return r


def free_text_router() -> Router:
    """Typed questions: the last router before the dialogs."""
    r = Router(name=f"{__name__}.free_text")
    r.message.register(on_free_text, FreeText())
    return r
