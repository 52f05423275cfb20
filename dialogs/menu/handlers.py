"""Callbacks of the main menu."""

from __future__ import annotations

from aiogram.types import Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput


async def on_menu_text(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    """Typed text at the menu is a question: answer it (FAQ, choices or a person), then
    show the menu again below the answer."""
    from services.helpdesk import Context, answer_question

    await answer_question(Context.from_data(manager.middleware_data), message.chat.id, message.text)
    manager.show_mode = ShowMode.DELETE_AND_SEND
