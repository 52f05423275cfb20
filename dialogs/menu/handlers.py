"""Callbacks of the main menu."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button

from dialogs.widgets import translator


async def on_not_ready(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    """A menu entry whose feature is not built yet: say so, keep the menu."""
    await callback.answer(translator(manager)("menu-coming-soon"), show_alert=True)


async def on_menu_text(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    """Typed text at the menu is a question: answer it (FAQ, choices or a person), then
    show the menu again below the answer."""
    from dialogs.logistics.helpdesk import Context, answer_question

    bot = manager.middleware_data["bot"]
    await answer_question(
        Context.from_data(manager.middleware_data, bot), message.chat.id, message.text
    )
    manager.show_mode = ShowMode.DELETE_AND_SEND
