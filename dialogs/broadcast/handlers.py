"""Composing, sending, scheduling and cancelling broadcasts."""

from __future__ import annotations

import logging
import re

from aiogram.enums import ContentType
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Select

from core.telegram_text import parsed_length
from dialogs.broadcast.common import (
    TEXT_LIMIT,
    actor_id,
    admin_ids,
    language_name,
    read_future_moment,
    require,
    show_moment,
    wake,
)
from services.broadcast_texts import build_parts, cancel_markup, progress_text
from services.broadcasts import cancel_broadcast
from services.roles import Role
from storage.models.delivery import Broadcast
from storage.repositories.audience import KINDS_WITH_VALUE, Audience
from storage.repositories.audit import AuditRepo
from storage.repositories.broadcasts import BroadcastRepo, Counts
from ui.context import Ctx
from ui.states import BroadcastSG

log = logging.getLogger(__name__)

_URL = re.compile(r"(https?://\S+)\s*$")
BUTTON_LABEL_LIMIT = 60


def draft(manager: DialogManager) -> Broadcast:
    """The broadcast being composed, as an unsaved row (for previews and counts)."""
    data = manager.dialog_data
    media = data.get("media") or {}
    button = data.get("btn") or {}
    return Broadcast(
        id=0,
        texts=dict(data.get("texts") or {}),
        media_kind=media.get("kind"),
        media_file_id=media.get("file_id"),
        button_text=button.get("text"),
        button_url=button.get("url"),
        audience=dict(data.get("aud") or {"kind": "all"}),
        venue=False,
    )


# --------------------------------------------------------------------------- compose


async def on_new(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    if not await require(callback, manager, Role.ORGANISER, "broadcast"):
        return
    manager.dialog_data.clear()
    await manager.switch_to(BroadcastSG.mode)


async def on_mode(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    seminar = ctx.seminar
    each = button.widget_id == "m_each"
    manager.dialog_data.update(
        each=each, langs=list(seminar.languages) if each else ["en"], li=0, texts={}
    )
    await manager.switch_to(BroadcastSG.text)


async def on_text(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    l10n = ctx.l10n
    plain = message.text or ""
    if (
        message.content_type != ContentType.TEXT
        or not plain.strip()
        or parsed_length(message.html_text) > TEXT_LIMIT  # as Telegram counts it
    ):
        await message.answer(l10n("broadcast-bad-text", limit=TEXT_LIMIT))
        manager.show_mode = ShowMode.DELETE_AND_SEND
        return
    data = manager.dialog_data
    langs: list[str] = data.get("langs") or ["en"]
    index = int(data.get("li", 0))
    texts: dict[str, str] = dict(data.get("texts") or {})
    texts[langs[min(index, len(langs) - 1)]] = message.html_text
    data["texts"] = texts
    manager.show_mode = ShowMode.DELETE_AND_SEND
    if index + 1 < len(langs):
        data["li"] = index + 1
        return  # the same window asks for the next language
    await manager.switch_to(BroadcastSG.attach)


async def on_text_back(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    data = manager.dialog_data
    index = int(data.get("li", 0))
    if index > 0:
        data["li"] = index - 1
        return
    await manager.switch_to(BroadcastSG.mode)


async def on_attachment(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    manager.show_mode = ShowMode.DELETE_AND_SEND
    if message.photo:
        manager.dialog_data["media"] = {"kind": "photo", "file_id": message.photo[-1].file_id}
    elif message.document:
        manager.dialog_data["media"] = {"kind": "document", "file_id": message.document.file_id}
    else:
        await message.answer(ctx.l10n("broadcast-bad-attachment"))
        return
    await manager.switch_to(BroadcastSG.button)


async def on_skip_attachment(
    callback: CallbackQuery, _button: Button, manager: DialogManager
) -> None:
    manager.dialog_data["media"] = None
    await manager.switch_to(BroadcastSG.button)


def parse_button(text: str) -> tuple[str, str] | None:
    """`Label https://...` → (label, url)."""
    text = " ".join(text.split())
    match = _URL.search(text)
    if not match:
        return None
    url = match[1]
    label = text[: match.start()].strip(" -—:|")
    if not label or len(label) > BUTTON_LABEL_LIMIT or len(url) > 512 or "." not in url:
        return None
    return label, url


async def on_button(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    manager.show_mode = ShowMode.DELETE_AND_SEND
    parsed = parse_button(message.text or "")
    if parsed is None:
        await message.answer(ctx.l10n("broadcast-bad-button"))
        return
    manager.dialog_data["btn"] = {"text": parsed[0], "url": parsed[1]}
    await manager.switch_to(BroadcastSG.audience)


async def on_skip_button(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    manager.dialog_data["btn"] = None
    await manager.switch_to(BroadcastSG.audience)


async def on_audience_kind(
    callback: CallbackQuery, _widget: Select[str], manager: DialogManager, kind: str
) -> None:
    manager.dialog_data["ak"] = kind
    if kind in KINDS_WITH_VALUE or kind == "attended":
        await manager.switch_to(BroadcastSG.value)
        return
    manager.dialog_data["aud"] = Audience(kind).to_dict()
    await manager.switch_to(BroadcastSG.preview)


async def on_audience_value(
    callback: CallbackQuery, _widget: Select[str], manager: DialogManager, value: str
) -> None:
    kind = str(manager.dialog_data.get("ak") or "all")
    chosen = None if (kind == "attended" and value == "any") else value
    manager.dialog_data["aud"] = Audience(kind, chosen).to_dict()
    await manager.switch_to(BroadcastSG.preview)


async def on_value_back(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await manager.switch_to(BroadcastSG.audience)


async def on_preview_back(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    kind = manager.dialog_data.get("ak")
    target = BroadcastSG.value if kind in KINDS_WITH_VALUE or kind == "attended" else None
    await manager.switch_to(target or BroadcastSG.audience)


async def on_show_preview(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    """Send the message to the organiser, once per language, as recipients will see it."""
    ctx = Ctx.from_manager(manager)
    seminar = ctx.seminar
    i18n = ctx.i18n
    broadcast = draft(manager)
    l10n = ctx.l10n
    assert callback.message is not None and callback.bot is not None
    chat_id = callback.message.chat.id
    languages = list(broadcast.texts) if manager.dialog_data.get("each") else ["en"]
    for lang in languages:
        await callback.bot.send_message(
            chat_id, l10n("broadcast-preview-header", language=language_name(lang))
        )
        for part in build_parts(broadcast, lang, i18n, seminar):
            await part.send(callback.bot, chat_id)
    await callback.answer()
    manager.show_mode = ShowMode.DELETE_AND_SEND


async def on_send_now(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await manager.switch_to(BroadcastSG.confirm)


async def on_confirm_send(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    if not await require(callback, manager, Role.ORGANISER, "broadcast.send"):
        return
    session = ctx.session
    seminar = ctx.seminar
    l10n = ctx.l10n
    data = manager.dialog_data
    if not data.get("texts"):
        await manager.switch_to(BroadcastSG.hub)
        return
    repo = BroadcastRepo(session)
    broadcast = _create(repo, manager, callback)
    count = await repo.start(broadcast, seminar, admin_ids=admin_ids(manager))
    if count == 0:
        await session.rollback()
        await callback.answer(l10n("broadcast-nobody"), show_alert=True)
        await manager.switch_to(BroadcastSG.audience)
        return
    AuditRepo(session).add(
        actor_id(callback), "broadcast.send", broadcast.id, f"recipients={count}"
    )
    await session.commit()
    # The progress message, edited by the engine while it sends.
    i18n = ctx.i18n
    lang = ctx.lang
    assert callback.message is not None and callback.bot is not None
    progress = await callback.bot.send_message(
        callback.message.chat.id,
        progress_text(i18n, lang, broadcast, Counts(total=count, pending=count), None),
        reply_markup=cancel_markup(i18n, lang, broadcast.id),
    )
    broadcast.progress_chat_id = progress.chat.id
    broadcast.progress_message_id = progress.message_id
    broadcast.progress_lang = lang
    await session.commit()
    await wake(manager)
    await callback.answer(l10n("broadcast-started", id=broadcast.id, count=count))
    manager.dialog_data.clear()
    await manager.switch_to(BroadcastSG.hub, show_mode=ShowMode.SEND)


def _create(
    repo: BroadcastRepo, manager: DialogManager, event: CallbackQuery | Message
) -> Broadcast:
    data = manager.dialog_data
    media = data.get("media") or {}
    button = data.get("btn") or {}
    texts: dict[str, str] = dict(data.get("texts") or {})
    first = next(iter(texts.values()), "")
    title = re.sub(r"<[^>]+>", "", first).strip().split("\n")[0][:60]
    return repo.create(
        texts=texts,
        audience=dict(data.get("aud") or {"kind": "all"}),
        title=title,
        media_kind=media.get("kind"),
        media_file_id=media.get("file_id"),
        button_text=button.get("text"),
        button_url=button.get("url"),
        created_by=actor_id(event),
    )


async def on_when(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    """The organiser typed when to send: schedule it."""
    ctx = Ctx.from_manager(manager)
    manager.show_mode = ShowMode.DELETE_AND_SEND
    moment = await read_future_moment(message, manager)
    if moment is None:
        return
    if not await require(message, manager, Role.ORGANISER, "broadcast.schedule"):
        return
    seminar = ctx.seminar
    l10n = ctx.l10n
    session = ctx.session
    repo = BroadcastRepo(session)
    broadcast = _create(repo, manager, message)
    broadcast.scheduled_at = moment
    broadcast.state = "scheduled"
    await session.flush()
    AuditRepo(session).add(
        actor_id(message), "broadcast.schedule", broadcast.id, show_moment(seminar, moment)
    )
    await session.commit()
    await wake(manager, refresh=True)
    await message.answer(
        l10n(
            "broadcast-scheduled",
            id=broadcast.id,
            when=show_moment(seminar, moment),
            tz=seminar.timezone,
        )
    )
    manager.dialog_data.clear()
    await manager.switch_to(BroadcastSG.hub)


# --------------------------------------------------------------------------- list


async def on_pick_broadcast(
    callback: CallbackQuery, _widget: Select[str], manager: DialogManager, item_id: str
) -> None:
    manager.dialog_data["bid"] = int(item_id)
    await manager.switch_to(BroadcastSG.detail)


async def on_confirm_cancel(
    callback: CallbackQuery, _button: Button, manager: DialogManager
) -> None:
    ctx = Ctx.from_manager(manager)
    if not await require(callback, manager, Role.ORGANISER, "broadcast.cancel"):
        return
    l10n = ctx.l10n
    broadcast_id = int(manager.dialog_data.get("bid") or 0)
    count = await cancel_broadcast(ctx.session, ctx.delivery, broadcast_id, actor_id(callback))
    if count is None:
        await callback.answer(l10n("broadcast-not-running"), show_alert=True)
    else:
        await callback.answer(l10n("broadcast-cancelled", id=broadcast_id, count=count))
    await manager.switch_to(BroadcastSG.detail)
