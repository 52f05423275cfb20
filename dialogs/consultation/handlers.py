"""Callbacks of the consultation windows (delegates and organisers)."""

from __future__ import annotations

from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Select
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event
from dialogs.consultation.getters import current
from services.consultation import (
    APPROVE,
    COMMENT,
    MAX_COMMENT,
    ConsultationService,
    announce_final,
    export_rows,
    export_xlsx,
    send_invitations,
)
from storage.models import User
from storage.models.logistics import PROGRAMME_SCOPE, Consultation, ConsultationStatus
from storage.models.registration import Registration
from ui.context import Ctx
from ui.states import ConsultAdminSG, ConsultSG

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _service(manager: DialogManager) -> ConsultationService:
    ctx = Ctx.from_manager(manager)
    return ConsultationService(ctx.session, ctx.seminar)


async def _respondent(manager: DialogManager) -> tuple[Consultation, Registration] | None:
    """The open consultation and the user's registration, if they may answer it."""
    ctx = Ctx.from_manager(manager)
    consultation = await current(manager)
    if consultation is None or consultation.status != ConsultationStatus.OPEN:
        return None
    user: User = ctx.user
    registration = await _service(manager).respondent(user.id, consultation.audience)
    if registration is None:
        return None
    return consultation, registration


# --------------------------------------------------------------------------- delegates


async def on_consult_session(
    callback: CallbackQuery, _widget: Select[str], manager: DialogManager, session_id: str
) -> None:
    manager.dialog_data["scope"] = session_id
    await manager.switch_to(ConsultSG.session)


async def on_comment_whole(
    callback: CallbackQuery, _button: Button, manager: DialogManager
) -> None:
    manager.dialog_data["scope"] = PROGRAMME_SCOPE
    await manager.switch_to(ConsultSG.comment)


async def on_approve(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """Approve the open session (`ok`) or the whole programme (`ok_all`)."""
    ctx = Ctx.from_manager(manager)
    l10n = ctx.l10n
    found = await _respondent(manager)
    if found is None:
        await callback.answer(l10n("programme-consult-closed"), show_alert=True)
        return
    consultation, registration = found
    scope = (
        PROGRAMME_SCOPE if button.widget_id == "ok_all" else str(manager.dialog_data.get("scope"))
    )
    service = _service(manager)
    await service.respond(consultation, registration, scope, APPROVE)
    await service.session.commit()
    await callback.answer(l10n("programme-consult-thanks"))
    await manager.switch_to(ConsultSG.main)


async def on_comment_text(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    l10n = ctx.l10n
    manager.show_mode = ShowMode.SEND
    text = (message.text or "").strip()
    if not text:
        await message.answer(l10n("programme-consult-comment-text"))
        return
    if len(text) > MAX_COMMENT:
        await message.answer(l10n("programme-consult-comment-long", limit=MAX_COMMENT))
        return
    found = await _respondent(manager)
    if found is None:
        await message.answer(l10n("programme-consult-closed"))
        await manager.done()
        return
    consultation, registration = found
    scope = str(manager.dialog_data.get("scope", PROGRAMME_SCOPE))
    service = _service(manager)
    await service.respond(consultation, registration, scope, COMMENT, text)
    await service.session.commit()
    await message.answer(l10n("programme-consult-comment-saved"))
    await manager.switch_to(ConsultSG.main)


async def on_comment_back(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    scope = str(manager.dialog_data.get("scope", PROGRAMME_SCOPE))
    await manager.switch_to(ConsultSG.main if scope == PROGRAMME_SCOPE else ConsultSG.session)


# --------------------------------------------------------------------------- organisers


async def on_open_confirmed(
    callback: CallbackQuery, _button: Button, manager: DialogManager
) -> None:
    """Open the consultation and send the draft to the recipients."""
    ctx = Ctx.from_manager(manager)
    l10n = ctx.l10n
    service = _service(manager)
    latest = await service.latest()
    if latest is not None and latest.status == ConsultationStatus.OPEN:
        await callback.answer(l10n("programme-consult-already-open"), show_alert=True)
        await manager.switch_to(ConsultAdminSG.main)
        return
    recipients = await service.recipients()
    consultation = await service.open(callback.from_user.id)
    consultation.recipients = len(recipients)
    await service.session.commit()
    await callback.answer(l10n("programme-consult-sending", count=len(recipients)))
    delivered = await send_invitations(
        ctx.messenger,
        service,
        ctx.i18n,
        consultation,
        recipients,
    )
    if callback.message is not None:
        await ctx.bot.send_message(
            callback.message.chat.id,
            l10n("programme-consult-sent", delivered=delivered, count=len(recipients)),
        )
    await manager.switch_to(ConsultAdminSG.main, show_mode=ShowMode.DELETE_AND_SEND)


async def on_close_confirmed(
    callback: CallbackQuery, _button: Button, manager: DialogManager
) -> None:
    """Close the consultation, publish the final programme, tell what changed."""
    ctx = Ctx.from_manager(manager)
    l10n = ctx.l10n
    service = _service(manager)
    consultation = await service.latest()
    if consultation is None or consultation.status != ConsultationStatus.OPEN:
        await callback.answer(l10n("programme-consult-closed"), show_alert=True)
        await manager.switch_to(ConsultAdminSG.main)
        return
    changes = await service.close(consultation, callback.from_user.id)
    await service.session.commit()
    await callback.answer()
    delivered = await announce_final(ctx.messenger, service, ctx.i18n, changes)
    if callback.message is not None:
        await ctx.bot.send_message(
            callback.message.chat.id,
            l10n("programme-consult-published", changes=len(changes), delivered=delivered),
        )
    await manager.switch_to(ConsultAdminSG.main, show_mode=ShowMode.DELETE_AND_SEND)


async def on_export(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    """Every answer of the latest consultation as an .xlsx file."""
    ctx = Ctx.from_manager(manager)
    l10n = ctx.l10n
    lang: str = ctx.lang
    seminar: Event = ctx.seminar
    service = _service(manager)
    consultation = await service.latest()
    if consultation is None or callback.message is None:
        await callback.answer(l10n("programme-consult-admin-none"))
        return
    await callback.answer()
    responses = await service.responses(consultation.id)
    session: AsyncSession = service.session
    names: dict[int, str] = {}
    if responses:
        rows = await session.execute(
            select(Registration.user_id, Registration.full_name).where(
                Registration.user_id.in_({r.user_id for r in responses})
            )
        )
        names = {user_id: name or str(user_id) for user_id, name in rows.all()}
    content = export_xlsx(
        export_rows(seminar, l10n, lang, responses, names), l10n("programme-consult-sheet")
    )
    await ctx.bot.send_document(
        callback.message.chat.id,
        BufferedInputFile(content, filename=f"consultation-{consultation.id}.xlsx"),
        caption=l10n("programme-consult-export-caption", count=len(responses)),
    )
    manager.show_mode = ShowMode.DELETE_AND_SEND
