"""Callbacks of the logistics windows (delegates) and the tickets windows (organisers)."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Select
from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event
from dialogs.logistics.getters import topic_items
from services.faq import check_question
from services.helpdesk import (
    MAX_ANSWER,
    Context,
    close_ticket,
    escalate,
    follow_up,
    promote,
    relay_answer,
    send_venue,
)
from storage.models.logistics import TicketStatus
from storage.repositories.audit import AuditRepo
from storage.repositories.tickets import TicketRepo
from ui.context import Ctx
from ui.states import LogisticsSG, TicketsSG


def _ctx(manager: DialogManager) -> Context:
    return Context.from_data(manager.middleware_data)


# --------------------------------------------------------------------------- delegates


async def on_topic(
    callback: CallbackQuery, _widget: Select[str], manager: DialogManager, topic: str
) -> None:
    ctx = Ctx.from_manager(manager)
    seminar: Event = ctx.seminar
    items = topic_items(seminar, topic)
    if not items:
        await callback.answer(ctx.l10n("logistics-stale"))
        return
    manager.dialog_data["topic"] = topic
    if len(items) > 1:
        await manager.switch_to(LogisticsSG.entries)
        return
    await _show_answer(callback, manager, items[0].id)


async def on_entry(
    callback: CallbackQuery, _widget: Select[str], manager: DialogManager, faq_id: str
) -> None:
    await _show_answer(callback, manager, faq_id)


async def _show_answer(callback: CallbackQuery, manager: DialogManager, faq_id: str) -> None:
    ctx = Ctx.from_manager(manager)
    seminar: Event = ctx.seminar
    entry = seminar.find_faq(faq_id)
    if entry is None:
        await callback.answer(ctx.l10n("logistics-stale"))
        return
    manager.dialog_data["faq"] = faq_id
    if entry.location and callback.message is not None:
        # The pin first, then the answer below it (a new message, the old one removed).
        await send_venue(
            ctx.messenger,
            callback.message.chat.id,
            seminar,
            ctx.lang,
        )
        await manager.switch_to(LogisticsSG.answer, show_mode=ShowMode.DELETE_AND_SEND)
        return
    await manager.switch_to(LogisticsSG.answer)


async def on_helped(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    await callback.answer(ctx.l10n("logistics-glad"))
    await manager.switch_to(LogisticsSG.topics)


async def on_answer_back(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    seminar: Event = ctx.seminar
    topic = str(manager.dialog_data.get("topic", ""))
    if len(topic_items(seminar, topic)) > 1:
        await manager.switch_to(LogisticsSG.entries)
    else:
        await manager.switch_to(LogisticsSG.topics)


async def on_ask_text(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    """The question for a person: checked, turned into a ticket, confirmed."""
    ctx = Ctx.from_manager(manager)
    l10n = ctx.l10n
    manager.show_mode = ShowMode.SEND
    problem = check_question(message.text)
    if problem is not None or message.text is None:
        await message.answer(l10n(f"logistics-bad-{problem or 'empty'}"))
        return
    ticket = await escalate(_ctx(manager), message.text.strip())
    manager.dialog_data["ticket"] = ticket.id
    await manager.switch_to(LogisticsSG.sent)


async def on_reply_text(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    """The delegate writes again on a ticket (after the Reply button)."""
    ctx = Ctx.from_manager(manager)
    l10n = ctx.l10n
    manager.show_mode = ShowMode.SEND
    problem = check_question(message.text)
    if problem is not None or message.text is None:
        await message.answer(l10n(f"logistics-bad-{problem or 'empty'}"))
        return
    start = manager.start_data if isinstance(manager.start_data, dict) else {}
    helpdesk = _ctx(manager)
    ticket = await TicketRepo(helpdesk.session).get(int(start.get("ticket", 0)))
    if ticket is None or ticket.user_id != helpdesk.user.id:
        await message.answer(l10n("logistics-stale"))
        await manager.done()
        return
    await follow_up(helpdesk, ticket, message.text.strip())
    await message.answer(l10n("logistics-followup-sent", ticket=ticket.id))
    await manager.done()


# --------------------------------------------------------------------------- organisers


async def on_filter(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data["status"] = (
        TicketStatus.ANSWERED if button.widget_id == "t_ans" else TicketStatus.OPEN
    )


async def on_ticket(
    callback: CallbackQuery, _widget: Select[int], manager: DialogManager, ticket_id: int
) -> None:
    manager.dialog_data["ticket"] = int(ticket_id)
    await manager.switch_to(TicketsSG.view)


async def _ticket(manager: DialogManager) -> Any:
    ctx = Ctx.from_manager(manager)
    session: AsyncSession = ctx.session
    return await TicketRepo(session).get(int(manager.dialog_data.get("ticket", 0)))


async def on_staff_text(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    """Typed in a ticket's window: the answer to the delegate."""
    ctx = Ctx.from_manager(manager)
    l10n = ctx.l10n
    manager.show_mode = ShowMode.DELETE_AND_SEND
    ticket = await _ticket(manager)
    if ticket is None or message.from_user is None:
        await message.answer(l10n("logistics-stale"))
        return
    if not message.text or not message.text.strip():
        await message.answer(l10n("logistics-text-only"))
        return
    if len(message.text) > MAX_ANSWER:
        await message.answer(l10n("logistics-answer-too-long", limit=MAX_ANSWER))
        return
    delivered = await relay_answer(
        ctx.messenger,
        ctx.session,
        ctx.seminar,
        ctx.i18n,
        ticket,
        message.from_user.id,
        message.text.strip(),
    )
    key = "logistics-ticket-answered" if delivered else "logistics-ticket-undelivered"
    await message.answer(l10n(key, ticket=ticket.id, who=""))


async def on_promote(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    l10n = ctx.l10n
    ticket = await _ticket(manager)
    if ticket is None:
        await callback.answer(l10n("logistics-stale"))
        return
    entry = await promote(ctx.session, ticket, callback.from_user.id)
    key = "logistics-ticket-promoted" if entry else "logistics-ticket-not-answered"
    await callback.answer(l10n(key, ticket=ticket.id), show_alert=True)


async def on_withdraw(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    l10n = ctx.l10n
    session: AsyncSession = ctx.session
    ticket = await _ticket(manager)
    repo = TicketRepo(session)
    entry = await repo.faq_entry(ticket.faq_entry_id) if ticket and ticket.faq_entry_id else None
    if ticket is None or entry is None:
        await callback.answer(l10n("logistics-stale"))
        return
    await repo.withdraw(entry)
    ticket.faq_entry_id = None
    AuditRepo(session).add(callback.from_user.id, "faq.withdraw", f"faq_entry:{entry.id}")
    await session.commit()
    await callback.answer(l10n("logistics-ticket-withdrawn"), show_alert=True)


async def on_close(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    l10n = ctx.l10n
    ticket = await _ticket(manager)
    if ticket is None:
        await callback.answer(l10n("logistics-stale"))
        return
    await close_ticket(ctx.session, ticket, callback.from_user.id, staff=True)
    await callback.answer(l10n("logistics-ticket-closed", ticket=ticket.id))


async def on_reopen(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    session: AsyncSession = ctx.session
    ticket = await _ticket(manager)
    if ticket is None:
        await callback.answer(ctx.l10n("logistics-stale"))
        return
    await TicketRepo(session).reopen(ticket)
    AuditRepo(session).add(callback.from_user.id, "ticket.reopen", f"ticket:{ticket.id}")
    await session.commit()
