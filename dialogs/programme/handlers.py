"""Callbacks of the programme windows."""

from __future__ import annotations

from aiogram.types import BufferedInputFile, CallbackQuery
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.kbd import Button, Select
from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event
from dialogs.programme.getters import clock
from storage.models import User
from storage.repositories.follows import FollowRepo
from ui.context import Ctx
from ui.states import ProgrammeSG

ICS_MIME = "text/calendar"


async def on_day(
    callback: CallbackQuery, _widget: Select[str], manager: DialogManager, index: str
) -> None:
    manager.dialog_data["day"] = int(index) if index.isdigit() else 0
    await manager.switch_to(ProgrammeSG.day)


async def on_day_step(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    step = -1 if button.widget_id == "prev" else 1
    manager.dialog_data["day"] = int(manager.dialog_data.get("day", 0)) + step


async def on_session(
    callback: CallbackQuery, _widget: Select[str], manager: DialogManager, session_id: str
) -> None:
    """A numbered session of any listing: remember where we came from, open it."""
    ctx = Ctx.from_manager(manager)
    seminar: Event = ctx.seminar
    if seminar.find_session(session_id) is None:
        await callback.answer(ctx.l10n("programme-session-gone"))
        return
    current = manager.current_context().state
    manager.dialog_data["back"] = current.state if current is not None else ProgrammeSG.main.state
    manager.dialog_data["session"] = session_id
    await manager.switch_to(ProgrammeSG.session)


async def on_session_back(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    back = str(manager.dialog_data.get("back", ""))
    for state in (ProgrammeSG.day, ProgrammeSG.now, ProgrammeSG.mine, ProgrammeSG.speaker):
        if state.state == back:
            await manager.switch_to(state)
            return
    await manager.switch_to(ProgrammeSG.main)


async def on_follow(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """Follow or unfollow the open session."""
    ctx = Ctx.from_manager(manager)
    l10n = ctx.l10n
    session: AsyncSession = ctx.session
    user: User = ctx.user
    seminar: Event = ctx.seminar
    session_id = str(manager.dialog_data.get("session", ""))
    repo = FollowRepo(session)
    if button.widget_id == "follow":
        if seminar.find_session(session_id) is None:
            await callback.answer(l10n("programme-session-gone"))
            return
        await repo.follow(user.id, session_id)
        await session.commit()
        minutes = seminar.programme.reminder_minutes
        await callback.answer(l10n("programme-followed", minutes=minutes))
    else:
        await repo.unfollow(user.id, session_id)
        await session.commit()
        await callback.answer(l10n("programme-unfollowed"))


async def on_speaker(
    callback: CallbackQuery, _widget: Select[str], manager: DialogManager, speaker_id: str
) -> None:
    manager.dialog_data["speaker"] = speaker_id
    await manager.switch_to(ProgrammeSG.speaker)


async def _send_ics(
    callback: CallbackQuery, manager: DialogManager, session_ids: set[str] | None, name: str
) -> None:
    ctx = Ctx.from_manager(manager)
    from services.calendar import programme_ics

    seminar: Event = ctx.seminar
    lang: str = ctx.lang
    l10n = ctx.l10n
    if callback.message is None:
        return
    await callback.answer()
    content = programme_ics(seminar, lang, session_ids, now=clock())
    await ctx.bot.send_document(
        callback.message.chat.id,
        BufferedInputFile(content, filename=f"{name}.ics"),
        caption=l10n("programme-ics-caption"),
    )
    # The window again below the file, so it stays usable.
    manager.show_mode = ShowMode.DELETE_AND_SEND


async def on_ics_all(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    seminar: Event = ctx.seminar
    await _send_ics(callback, manager, None, seminar.id)


async def on_ics_mine(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    session: AsyncSession = ctx.session
    user: User = ctx.user
    followed = await FollowRepo(session).followed(user.id)
    if not followed:
        await callback.answer(ctx.l10n("programme-mine-none"), show_alert=True)
        return
    await _send_ics(callback, manager, followed, "my-sessions")


async def open_session(manager: DialogManager, session_id: str) -> None:
    ctx = Ctx.from_manager(manager)
    seminar: Event = ctx.seminar
    if seminar.find_session(session_id) is None:
        return
    manager.dialog_data["session"] = session_id
    manager.dialog_data["back"] = ProgrammeSG.main.state
    await manager.switch_to(ProgrammeSG.session)


async def on_programme_start(start_data: object, manager: DialogManager) -> None:
    """Started with `{"session": id}` (the button under a reminder): open that session."""
    if isinstance(start_data, dict) and start_data.get("session"):
        await open_session(manager, str(start_data["session"]))
