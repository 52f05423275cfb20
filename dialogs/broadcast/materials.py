"""`/materials`: the published materials for everyone; publishing for the overseer.

    list ─ (a document) ─> the file is sent
      └ Publish… ─> publish ─ (a link of the event file) ─────────────> confirm ─> list
                          └ Upload ─> upload ─> title (or keep name) ─> confirm ─> list

Publishing stores the material and broadcasts it to every approved participant.
"""

from __future__ import annotations

import html
from operator import itemgetter
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from dialogs.broadcast.common import (
    TITLE_LIMIT,
    actor_id,
    admin_ids,
    esc,
    require,
    wake,
)
from services.roles import Role, allows, role_of
from storage.models.delivery import BroadcastKind, PublishedMaterial
from storage.repositories.audience import Audience, recipients
from storage.repositories.audit import AuditRepo
from storage.repositories.broadcasts import BroadcastRepo
from storage.repositories.materials import MaterialRepo
from ui.context import Ctx
from ui.states import MaterialsSG
from ui.widgets import L, column_select

AUDIENCE = Audience("approved")


def title_in(material: PublishedMaterial, lang: str) -> str:
    titles = material.title or {}
    return titles.get(lang) or titles.get("en") or next(iter(titles.values()), "")


# --------------------------------------------------------------------------- getters


async def list_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    lang = ctx.lang
    session = ctx.session
    rows = await MaterialRepo(session).published()
    lines: list[str] = []
    files: list[tuple[str, str]] = []
    for row in rows:
        title = title_in(row, lang)
        if row.url:
            lines.append(f'• <a href="{html.escape(row.url)}">{esc(title)}</a>')
        else:
            lines.append(f"• 📎 {esc(title)}")
            files.append((str(row.id), f"📎 {title[:40]}"))
    user = ctx.event_from_user
    settings = ctx.settings
    role = await role_of(user.id, session, settings) if user else None
    return {
        "any": bool(rows),
        "empty": not rows,
        "listing": "\n".join(lines),
        "files": files,
        "overseer": allows(role, Role.OVERSEER),
    }


async def publish_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    seminar = ctx.seminar
    lang = ctx.lang
    done = await MaterialRepo(ctx.session).published_ids()
    items = [(m.id, m.title.get(lang)[:48]) for m in seminar.materials if m.id not in done]
    return {"items": items, "nothing": not items}


async def title_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    pending = dialog_manager.dialog_data.get("pm") or {}
    name = str(pending.get("name") or "")
    return {"name": name[:40], "has_name": bool(name), "limit": TITLE_LIMIT}


async def confirm_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    seminar = ctx.seminar
    lang = ctx.lang
    pending = dialog_manager.dialog_data.get("pm") or {}
    titles = _titles(seminar, pending)
    ids = await recipients(ctx.session, seminar, AUDIENCE, admin_ids=admin_ids(dialog_manager))
    title = titles.get(lang) or titles.get("en") or ""
    return {"title": esc(title), "count": len(ids)}


def _titles(seminar: Any, pending: dict[str, Any]) -> dict[str, str]:
    material = seminar.find_material(str(pending.get("mid") or ""))
    if material is not None:
        return {lang: material.title.get(lang) for lang in seminar.languages}
    return {"en": str(pending.get("title") or pending.get("name") or "")}


# --------------------------------------------------------------------------- handlers


async def on_file(
    callback: CallbackQuery, _widget: Select[str], manager: DialogManager, item_id: str
) -> None:
    """Send a published document to whoever tapped it."""
    ctx = Ctx.from_manager(manager)
    row = await MaterialRepo(ctx.session).get(int(item_id))
    if row is None or not row.file_id:
        await callback.answer()
        return
    assert callback.message is not None and callback.bot is not None
    await callback.bot.send_document(
        callback.message.chat.id,
        row.file_id,
        caption=esc(title_in(row, ctx.lang)[:1000]),
    )
    await callback.answer()
    manager.show_mode = ShowMode.DELETE_AND_SEND


async def on_open_publish(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    if await require(callback, manager, Role.OVERSEER, "materials.publish"):
        await manager.switch_to(MaterialsSG.publish)


async def on_pick_link(
    callback: CallbackQuery, _widget: Select[str], manager: DialogManager, item_id: str
) -> None:
    manager.dialog_data["pm"] = {"mid": item_id}
    await manager.switch_to(MaterialsSG.confirm)


async def on_document(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    manager.show_mode = ShowMode.DELETE_AND_SEND
    document = message.document
    if document is None:
        await message.answer(ctx.l10n("materials-bad-document"))
        return
    name = document.file_name or "document"
    manager.dialog_data["pm"] = {"file_id": document.file_id, "name": name[:TITLE_LIMIT]}
    await manager.switch_to(MaterialsSG.title)


async def on_title(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    ctx = Ctx.from_manager(manager)
    manager.show_mode = ShowMode.DELETE_AND_SEND
    text = " ".join((message.text or "").split())
    if not text or len(text) > TITLE_LIMIT:
        await message.answer(ctx.l10n("materials-bad-title", limit=TITLE_LIMIT))
        return
    pending = dict(manager.dialog_data.get("pm") or {})
    pending["title"] = text
    manager.dialog_data["pm"] = pending
    await manager.switch_to(MaterialsSG.confirm)


async def on_keep_name(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    pending = dict(manager.dialog_data.get("pm") or {})
    pending["title"] = pending.get("name") or "document"
    manager.dialog_data["pm"] = pending
    await manager.switch_to(MaterialsSG.confirm)


async def on_publish(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    """Store the material and announce it to every approved participant."""
    ctx = Ctx.from_manager(manager)
    if not await require(callback, manager, Role.OVERSEER, "materials.publish"):
        return
    seminar = ctx.seminar
    session = ctx.session
    i18n = ctx.i18n
    l10n = ctx.l10n
    pending = dict(manager.dialog_data.get("pm") or {})
    titles = _titles(seminar, pending)
    material = seminar.find_material(str(pending.get("mid") or ""))
    materials = MaterialRepo(session)
    if material is not None and material.id in await materials.published_ids():
        await callback.answer(l10n("materials-already"), show_alert=True)
        await manager.switch_to(MaterialsSG.list)
        return
    if material is None and not pending.get("file_id"):
        await manager.switch_to(MaterialsSG.list)
        return
    row = materials.add(
        title=titles,
        material_id=material.id if material else None,
        url=material.url if material else None,
        file_id=None if material else str(pending["file_id"]),
        file_name=None if material else str(pending.get("name") or ""),
        published_by=actor_id(callback),
    )
    texts: dict[str, str] = {}
    markup: dict[str, Any] | None = None
    for lang in i18n.languages:
        title = titles.get(lang) or titles.get("en") or ""
        texts[lang] = i18n.get(lang)("materials-announcement", title=esc(title))
        if material is not None:
            button = {"text": f"🔗 {title[:60]}", "url": material.url}
            markup = markup or {}
            markup[lang] = {"inline_keyboard": [[button]]}
    repo = BroadcastRepo(session)
    broadcast = repo.create(
        kind=BroadcastKind.MATERIALS,
        title=(titles.get("en") or "")[:60],
        texts=texts,
        markup=markup,
        media_kind=None if material else "document",
        media_file_id=None if material else str(pending["file_id"]),
        audience=AUDIENCE,
        created_by=actor_id(callback),
    )
    count = await repo.start(broadcast, seminar, admin_ids=admin_ids(manager))
    await session.flush()
    row.broadcast_id = broadcast.id
    AuditRepo(session).add(
        actor_id(callback),
        "materials.publish",
        material.id if material else row.id,
        f"broadcast={broadcast.id} recipients={count}",
    )
    await session.commit()
    await wake(manager)
    title = titles.get(ctx.lang) or titles.get("en") or ""
    await callback.answer(l10n("materials-published", title=title, count=count))
    manager.dialog_data.pop("pm", None)
    await manager.switch_to(MaterialsSG.list)


# --------------------------------------------------------------------------- dialog


def materials_dialog() -> Dialog:
    return Dialog(
        Window(
            L("materials-title", when="any"),
            L("materials-empty", when="empty"),
            Format("{listing}", when="any"),
            column_select(
                "{item[1]}",
                id="mf",
                items="files",
                item_id=itemgetter(0),
                on_click=on_file,
            ),
            Button(L("materials-publish"), id="pub", on_click=on_open_publish, when="overseer"),
            Cancel(L("broadcast-close")),
            state=MaterialsSG.list,
            getter=list_getter,
        ),
        Window(
            L("materials-publish-title"),
            L("materials-nothing-to-publish", when="nothing"),
            column_select(
                "🔗 {item[1]}",
                id="ml",
                items="items",
                item_id=itemgetter(0),
                on_click=on_pick_link,
            ),
            SwitchTo(L("materials-upload"), id="up", state=MaterialsSG.upload),
            SwitchTo(L("broadcast-back"), id="back", state=MaterialsSG.list),
            state=MaterialsSG.publish,
            getter=publish_getter,
        ),
        Window(
            L("materials-ask-document"),
            MessageInput(on_document),
            SwitchTo(L("broadcast-back"), id="back", state=MaterialsSG.publish),
            state=MaterialsSG.upload,
        ),
        Window(
            L("materials-ask-title"),
            MessageInput(on_title),
            Button(L("materials-use-filename"), id="keep", on_click=on_keep_name, when="has_name"),
            SwitchTo(L("broadcast-back"), id="back", state=MaterialsSG.upload),
            state=MaterialsSG.title,
            getter=title_getter,
        ),
        Window(
            L("materials-confirm"),
            Button(L("materials-yes-publish"), id="yes", on_click=on_publish),
            SwitchTo(L("broadcast-back"), id="back", state=MaterialsSG.publish),
            state=MaterialsSG.confirm,
            getter=confirm_getter,
        ),
    )
