"""Editing, cancelling, adding and sending reminders; every change is audited."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

from aiogram.enums import ContentType
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Select

from core.telegram_text import parsed_length
from dialogs.broadcast.common import (
    TEXT_LIMIT,
    actor_id,
    read_future_moment,
    require,
    show_moment,
    wake,
)
from services.roles import Role
from storage.models.delivery import ReminderState, ScheduledReminder
from storage.repositories.audit import AuditRepo
from storage.repositories.reminders import ReminderRepo
from ui.context import Ctx
from ui.states import RemindersSG

log = logging.getLogger(__name__)


def _rid(manager: DialogManager) -> int:
    return int(manager.dialog_data.get("rid") or 0)


async def _scheduled_row(
    event: CallbackQuery | Message, manager: DialogManager
) -> ScheduledReminder | None:
    """The reminder being edited, if it is still scheduled; otherwise say so."""
    ctx = Ctx.from_manager(manager)
    row = await ReminderRepo(ctx.session).get(_rid(manager))
    if row is not None and row.state == ReminderState.SCHEDULED:
        return row
    text = ctx.l10n("reminders-not-scheduled")
    if isinstance(event, CallbackQuery):
        await event.answer(text, show_alert=True)
    else:
        await event.answer(text)
    await manager.switch_to(RemindersSG.detail)
    return None


async def on_pick(
    callback: CallbackQuery, _widget: Select[str], manager: DialogManager, item_id: str
) -> None:
    manager.dialog_data["rid"] = int(item_id)
    await manager.switch_to(RemindersSG.detail)


def _valid_text(message: Message) -> bool:
    text = message.text or ""
    return (
        message.content_type == ContentType.TEXT
        and bool(text.strip())
        and parsed_length(message.html_text) <= TEXT_LIMIT  # as Telegram counts it
    )


# --------------------------------------------------------------------------- edit text


async def on_edit_text(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    if len(ctx.seminar.languages) > 1:
        await manager.switch_to(RemindersSG.text_lang)
        return
    manager.dialog_data["tl"] = "all"
    await manager.switch_to(RemindersSG.text)


async def on_text_lang(
    callback: CallbackQuery, _widget: Select[str], manager: DialogManager, item_id: str
) -> None:
    manager.dialog_data["tl"] = item_id
    await manager.switch_to(RemindersSG.text)


async def on_new_text(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    manager.show_mode = ShowMode.DELETE_AND_SEND
    l10n = ctx.l10n
    if not _valid_text(message):
        await message.answer(l10n("broadcast-bad-text", limit=TEXT_LIMIT))
        return
    if not await require(message, manager, Role.ORGANISER, "reminder.edit"):
        return
    row = await _scheduled_row(message, manager)
    if row is None:
        return
    which = str(manager.dialog_data.get("tl") or "all")
    if which == "all":
        row.texts = {"en": message.html_text}
    else:
        row.texts = {**(row.texts or {}), which: message.html_text}
    row.edited = True
    AuditRepo(ctx.session).add(actor_id(message), "reminder.edit", row.key, which)
    await ctx.session.commit()
    await message.answer(l10n("reminders-text-saved"))
    await manager.switch_to(RemindersSG.detail)


# --------------------------------------------------------------------------- edit time


async def on_new_time(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    manager.show_mode = ShowMode.DELETE_AND_SEND
    moment = await read_future_moment(message, manager)
    if moment is None:
        return
    if not await require(message, manager, Role.ORGANISER, "reminder.time"):
        return
    row = await _scheduled_row(message, manager)
    if row is None:
        return
    row.due_at = moment.astimezone(UTC)
    row.edited = True
    seminar = ctx.seminar
    l10n = ctx.l10n
    when = show_moment(seminar, moment)
    AuditRepo(ctx.session).add(actor_id(message), "reminder.time", row.key, when)
    await ctx.session.commit()
    await wake(manager, refresh=True)
    await message.answer(l10n("reminders-time-saved", when=when, tz=seminar.timezone))
    await manager.switch_to(RemindersSG.detail)


# --------------------------------------------------------------------------- send / cancel


async def on_send_now(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    if not await require(callback, manager, Role.ORGANISER, "reminder.send"):
        return
    row = await _scheduled_row(callback, manager)
    if row is None:
        return
    session = ctx.session
    row.due_at = ctx.now()
    row.edited = True
    title = row.plan_id or row.key
    AuditRepo(session).add(actor_id(callback), "reminder.send", row.key, "send now")
    await session.commit()
    send_now = ctx.send_reminder_now  # set by bot.app
    if send_now is not None:
        try:
            await send_now(row.id)
        except Exception:  # the scheduler's tick sends it shortly
            log.exception("reminder %s: sending now failed; the scheduler will retry", row.id)
    await callback.answer(ctx.l10n("reminders-sent", title=title))
    await manager.switch_to(RemindersSG.detail)


async def on_cancel(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    if not await require(callback, manager, Role.ORGANISER, "reminder.cancel"):
        return
    session = ctx.session
    row = await ReminderRepo(session).get(_rid(manager))
    title = (row.plan_id or row.key) if row else ""
    if row is None or not await ReminderRepo(session).take(
        row.id, ReminderState.CANCELLED, note="cancelled in the chat"
    ):
        await callback.answer(ctx.l10n("reminders-not-scheduled"), show_alert=True)
        await manager.switch_to(RemindersSG.detail)
        return
    AuditRepo(session).add(actor_id(callback), "reminder.cancel", row.key)
    await session.commit()
    await wake(manager, refresh=True)
    await callback.answer(ctx.l10n("reminders-cancelled", title=title))
    await manager.switch_to(RemindersSG.detail)


# --------------------------------------------------------------------------- add


async def on_add(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    if not await require(callback, manager, Role.ORGANISER, "reminder.add"):
        return
    for key in ("nt", "nw", "na"):
        manager.dialog_data.pop(key, None)
    await manager.switch_to(RemindersSG.add_text)


async def on_add_text(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    manager.show_mode = ShowMode.DELETE_AND_SEND
    if not _valid_text(message):
        await message.answer(ctx.l10n("broadcast-bad-text", limit=TEXT_LIMIT))
        return
    manager.dialog_data["nt"] = message.html_text
    await manager.switch_to(RemindersSG.add_time)


async def on_add_time(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    manager.show_mode = ShowMode.DELETE_AND_SEND
    moment = await read_future_moment(message, manager)
    if moment is None:
        return
    manager.dialog_data["nw"] = moment.astimezone(UTC).isoformat()
    await manager.switch_to(RemindersSG.add_audience)


async def on_add_audience(
    callback: CallbackQuery, _widget: Select[str], manager: DialogManager, item_id: str
) -> None:
    manager.dialog_data["na"] = item_id
    await manager.switch_to(RemindersSG.add_confirm)


async def on_add_save(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    if not await require(callback, manager, Role.ORGANISER, "reminder.add"):
        return
    data = manager.dialog_data
    seminar = ctx.seminar
    if not (data.get("nt") and data.get("nw") and data.get("na")):
        await manager.switch_to(RemindersSG.list)
        return
    due = datetime.fromisoformat(str(data["nw"]))
    session = ctx.session
    row = ScheduledReminder(
        key=f"custom:{uuid.uuid4().hex[:12]}",
        plan_id=None,
        due_at=due,
        state=ReminderState.SCHEDULED,
        texts={"en": str(data["nt"])},
        audience=str(data["na"]),
        include=[],
        edited=True,
        created_by=actor_id(callback),
        created_at=ctx.now(),
    )
    session.add(row)
    await session.flush()
    when = show_moment(seminar, due)
    AuditRepo(session).add(actor_id(callback), "reminder.add", row.key, f"{when} {row.audience}")
    await session.commit()
    await wake(manager, refresh=True)
    await callback.answer(ctx.l10n("reminders-added", when=when, tz=seminar.timezone))
    manager.dialog_data["rid"] = row.id
    await manager.switch_to(RemindersSG.detail)
