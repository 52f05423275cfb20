"""Adding and removing organisers; every change is checked again and audited."""

from __future__ import annotations

import logging

from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message, MessageOriginUser
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Select
from sqlalchemy.ext.asyncio import AsyncSession

from core.settings import Settings
from services.roles import Role
from storage.models import StaffRole, User, utcnow
from storage.repositories.audit import AuditRepo
from ui.access import require
from ui.context import Ctx
from ui.dashboard_button import set_menu_button
from ui.states import AdminRolesSG

log = logging.getLogger(__name__)

MAX_TELEGRAM_ID = 2**52
"""Telegram user ids fit in 52 bits."""


async def open_roles(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    """The admin menu's Roles entry: overseers only."""
    if await require(callback, manager, Role.OVERSEER, "roles"):
        await manager.start(AdminRolesSG.list)


async def on_member_selected(
    callback: CallbackQuery, _widget: Select[str], manager: DialogManager, item_id: str
) -> None:
    manager.dialog_data["member"] = int(item_id)
    await manager.switch_to(AdminRolesSG.member)


def parse_user_id(message: Message) -> int | None:
    """A user id from typed digits, a forwarded message or a shared contact."""
    origin = message.forward_origin
    if isinstance(origin, MessageOriginUser):
        return origin.sender_user.id
    if message.contact is not None and message.contact.user_id:
        return message.contact.user_id
    text = (message.text or "").strip().replace(" ", "")
    if text.isdigit() and 0 < int(text) < MAX_TELEGRAM_ID:
        return int(text)
    return None


async def on_candidate(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    """The overseer sent an id (or forwarded a message): check it, then ask to confirm."""
    ctx = Ctx.from_manager(manager)
    l10n = ctx.l10n
    session: AsyncSession = ctx.session
    settings: Settings = ctx.settings
    user_id = parse_user_id(message)
    if user_id is None:
        key = "console-roles-hidden" if message.forward_origin else "console-roles-bad-id"
        await message.answer(l10n(key))
        return
    if user_id in settings.admin_ids:
        await message.answer(l10n("console-roles-already-overseer"))
        return
    if await session.get(StaffRole, user_id) is not None:
        await message.answer(l10n("console-roles-already-organiser"))
        return
    manager.dialog_data["candidate"] = user_id
    await manager.switch_to(AdminRolesSG.confirm_add)


async def on_add_confirmed(
    callback: CallbackQuery, _button: Button, manager: DialogManager
) -> None:
    ctx = Ctx.from_manager(manager)
    if not await require(callback, manager, Role.OVERSEER, "roles"):
        await manager.done()
        return
    session = ctx.session
    user_id = int(manager.dialog_data.pop("candidate", 0))
    actor = callback.from_user.id
    if user_id and await session.get(StaffRole, user_id) is None:
        session.add(
            StaffRole(user_id=user_id, role=Role.ORGANISER.value, added_by=actor, added_at=utcnow())
        )
        AuditRepo(session).add(actor, "role.grant", user_id, Role.ORGANISER.value)
        await session.commit()
        await _notify(ctx, user_id, "console-roles-granted-notice")
        await set_menu_button(ctx.bot, session, ctx.settings, ctx.i18n, user_id, staff=True)
    await callback.answer(ctx.l10n("console-roles-added"))
    await manager.switch_to(AdminRolesSG.list)


async def on_remove_confirmed(
    callback: CallbackQuery, _button: Button, manager: DialogManager
) -> None:
    ctx = Ctx.from_manager(manager)
    if not await require(callback, manager, Role.OVERSEER, "roles"):
        await manager.done()
        return
    session = ctx.session
    user_id = int(manager.dialog_data.pop("member", 0))
    staff = await session.get(StaffRole, user_id) if user_id else None
    if staff is not None:
        await session.delete(staff)
        AuditRepo(session).add(callback.from_user.id, "role.revoke", user_id, staff.role)
        await session.commit()
        await _notify(ctx, user_id, "console-roles-revoked-notice")
        staff_now = user_id in ctx.settings.admin_ids
        await set_menu_button(ctx.bot, session, ctx.settings, ctx.i18n, user_id, staff=staff_now)
    await callback.answer(ctx.l10n("console-roles-removed"))
    await manager.switch_to(AdminRolesSG.list)


async def _notify(ctx: Ctx, user_id: int, key: str) -> None:
    """Tell the person in their language; they may never have written to the bot."""
    user = await ctx.session.get(User, user_id)
    l10n = ctx.i18n.get(user.language if user is not None else None)
    try:
        await ctx.bot.send_message(user_id, l10n(key))
    except TelegramAPIError as exc:
        log.info("could not tell user %s about the role change: %s", user_id, exc)
