"""Data for the logistics windows (delegates) and the tickets windows (organisers)."""

from __future__ import annotations

from html import escape
from typing import Any

from aiogram_dialog import DialogManager
from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event
from core.i18n import Translator
from services.faq import event_index, faq_index, topics_in_order
from services.helpdesk import delegate_label, shorten
from storage.models import User
from storage.models.logistics import TicketStatus
from storage.repositories.tickets import TicketRepo
from ui.context import Ctx

THREAD_LIMIT = 3300
"""Characters of a ticket's thread shown in its window (the latest messages)."""


def _data(manager: DialogManager) -> tuple[Event, str, Translator]:
    ctx = Ctx.from_manager(manager)
    return ctx.seminar, ctx.lang, ctx.l10n


def topic_items(seminar: Event, topic: str) -> list[Any]:
    return [item for item in event_index(seminar).items if item.topic == topic]


async def topics_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    seminar, lang, l10n = _data(dialog_manager)
    user: User = ctx.user
    session: AsyncSession = ctx.session
    topics = topics_in_order(event_index(seminar).items)
    mine = await TicketRepo(session).of_user(user.id, limit=1)
    return {
        "topics": [(l10n(f"logistics-topic-{topic}"), topic) for topic in topics],
        "has_tickets": bool(mine),
        "event_title": escape(seminar.title.get(lang)),
    }


async def entries_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    seminar, lang, l10n = _data(dialog_manager)
    topic = str(dialog_manager.dialog_data.get("topic", ""))
    return {
        "topic": l10n(f"logistics-topic-{topic}") if topic else "",
        "entries": [
            (shorten(item.question_in(lang), 60), item.id) for item in topic_items(seminar, topic)
        ],
    }


async def answer_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    seminar, lang, l10n = _data(dialog_manager)
    session: AsyncSession = ctx.session
    index = await faq_index(session, seminar)
    item = index.get(str(dialog_manager.dialog_data.get("faq", "")))
    if item is None:
        return {"question": "", "answer": l10n("logistics-stale")}
    return {
        "question": escape(item.question_in(lang)),
        "answer": escape(item.answer_in(lang)),
    }


async def sent_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"ticket": int(dialog_manager.dialog_data.get("ticket", 0))}


async def mine_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    l10n: Translator = ctx.l10n
    user: User = ctx.user
    session: AsyncSession = ctx.session
    repo = TicketRepo(session)
    lines: list[str] = []
    for ticket in await repo.of_user(user.id, limit=8):
        status = l10n(f"logistics-status-{ticket.status}")
        lines.append(f"<b>#{ticket.id}</b> · {status}\n❓ {escape(shorten(ticket.question, 120))}")
        answer = await repo.last_staff_answer(ticket.id)
        if answer is not None:
            lines.append(f"💬 {escape(shorten(answer.text, 200))}")
    return {"tickets": "\n".join(lines) if lines else l10n("logistics-mine-none")}


async def reply_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    start = dialog_manager.start_data if isinstance(dialog_manager.start_data, dict) else {}
    return {"ticket": int(start.get("ticket", 0))}


# --------------------------------------------------------------------------- organisers


async def tickets_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    seminar, lang, l10n = _data(dialog_manager)
    session: AsyncSession = ctx.session
    repo = TicketRepo(session)
    status = str(dialog_manager.dialog_data.get("status", TicketStatus.OPEN))
    counts = await repo.count_by_status()
    items = []
    for ticket in await repo.by_status(status, limit=60):
        who = await delegate_label(session, seminar, ticket.user_id, lang, l10n)
        name = who.split(" · ")[0]
        items.append(
            (f"#{ticket.id} {shorten(name, 18)}: {shorten(ticket.question, 32)}", ticket.id)
        )
    return {
        "tickets": items,
        "open": counts["open"],
        "answered": counts["answered"],
        "closed": counts["closed"],
        "status_name": l10n(f"logistics-status-{status}"),
        "none": not items,
    }


async def ticket_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    seminar, lang, l10n = _data(dialog_manager)
    session: AsyncSession = ctx.session
    repo = TicketRepo(session)
    ticket = await repo.get(int(dialog_manager.dialog_data.get("ticket", 0)))
    if ticket is None:
        return {
            "body": l10n("logistics-stale"),
            "can_promote": False,
            "promoted": False,
            "closed": True,
            "is_open": False,
        }
    who = await delegate_label(session, seminar, ticket.user_id, lang, l10n)
    header = l10n(
        "logistics-ticket-header",
        ticket=ticket.id,
        status=l10n(f"logistics-status-{ticket.status}"),
        who=who,
    )
    lines: list[str] = []
    for message in await repo.thread(ticket.id):
        mark = "🧑‍💼" if message.from_staff else "👤"
        stamp = message.at.astimezone(seminar.tz).strftime("%d.%m %H:%M")
        lines.append(f"{mark} <i>{stamp}</i>\n{escape(shorten(message.text, 1200))}")
    thread = ""
    for line in reversed(lines):
        if len(thread) + len(line) > THREAD_LIMIT:
            thread = "…\n\n" + thread
            break
        thread = line + ("\n\n" + thread if thread else "")
    promoted = False
    if ticket.faq_entry_id is not None:
        entry = await repo.faq_entry(ticket.faq_entry_id)
        promoted = entry is not None and entry.active
    return {
        "body": f"{header}\n\n{thread}\n\n{l10n('logistics-ticket-type-answer')}",
        "can_promote": ticket.status == TicketStatus.ANSWERED and not promoted,
        "promoted": promoted,
        "closed": ticket.status == TicketStatus.CLOSED,
        "is_open": ticket.status != TicketStatus.CLOSED,
    }
