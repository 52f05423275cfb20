"""Checking a role inside a dialog, where the router-level staff filter cannot help
(a role may have been taken away while the dialog was open): `require` for one action,
`StaffDialogs` for every button and text of the staff dialogs. Both audit a refusal as
`denied`. And `StaffOnly`, that router-level filter of the staff commands."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.filters import Filter
from aiogram.fsm.state import StatesGroup
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram.types import User as TgUser
from aiogram_dialog import DialogManager, ShowMode, StartMode
from sqlalchemy.ext.asyncio import AsyncSession

from core.settings import Settings
from services.roles import Role, allows, role_of
from storage.repositories.audit import AuditRepo
from ui import states as s
from ui.context import Ctx
from ui.patches import open_dialog_context
from ui.states import MainSG

log = logging.getLogger(__name__)


async def require(
    event: CallbackQuery | Message,
    manager: DialogManager,
    needed: Role,
    what: str,
    denied: str = "console-overseer-only",
) -> bool:
    """True if the user holds `needed`; otherwise answer with the message `denied`, audit
    the attempt and return False."""
    ctx = Ctx.from_manager(manager)
    session: AsyncSession = ctx.session
    user_id = event.from_user.id if event.from_user else 0
    if allows(await role_of(user_id, session, ctx.settings), needed):
        return True
    log.warning("user %s was denied %s", user_id, what)
    AuditRepo(session).add(user_id, "denied", what)
    await session.commit()
    text = ctx.l10n(denied)
    if isinstance(event, CallbackQuery):
        await event.answer(text, show_alert=True)
    else:
        await event.answer(text)
    return False


def staff_groups() -> frozenset[type[StatesGroup]]:
    """The dialogs only staff may use (the admin menu and everything it opens)."""
    return frozenset(
        {
            s.AdminSG,
            s.AdminSurveysSG,
            s.AdminRegSG,
            s.CheckinSG,
            s.AdminRolesSG,
            s.AdminStatsSG,
            s.AdminExportSG,
            s.AdminAuditSG,
            s.TicketsSG,
            s.ConsultAdminSG,
            s.BroadcastSG,
            s.RemindersSG,
        }
    )


class StaffDialogs(BaseMiddleware):
    """Inner middleware of the dialogs' router: a button or a text in a staff dialog from
    someone who is not staff (any more: the role was taken away while the dialog was
    open) is refused, audited as `denied` and the menu shown instead. Only updates in a
    staff dialog pay the role look-up."""

    def __init__(self) -> None:
        self.groups = staff_groups()

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        context = open_dialog_context(data)
        if context is None or context.state.group not in self.groups:
            return await handler(event, data)
        if not isinstance(event, CallbackQuery | Message) or event.from_user is None:
            return await handler(event, data)
        session: AsyncSession = data["session"]
        user_id = event.from_user.id
        if await role_of(user_id, session, data["settings"]) is not None:
            return await handler(event, data)
        what = f"dialog {context.state.state}"
        log.warning("user %s was denied %s", user_id, what)
        AuditRepo(session).add(user_id, "denied", what)
        await session.commit()
        text = data["l10n"]("staff-denied")
        if isinstance(event, CallbackQuery):
            await event.answer(text, show_alert=True)
        else:
            await event.answer(text)
        manager: DialogManager = data["dialog_manager"]
        await manager.start(MainSG.menu, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)
        return None


class StaffOnly(Filter):
    """Passes staff of at least `needed` rank and hands the handler its `role`.

    Everyone else falls through to the unknown-command handler, which logs the attempt.
    """

    def __init__(self, needed: Role = Role.ORGANISER) -> None:
        self.needed = needed

    async def __call__(
        self,
        event: TelegramObject,
        session: AsyncSession,
        settings: Settings,
        event_from_user: TgUser | None = None,
        **_: Any,
    ) -> bool | dict[str, Any]:
        if event_from_user is None:
            return False
        role = await role_of(event_from_user.id, session, settings)
        if not allows(role, self.needed):
            return False
        return {"role": role}
