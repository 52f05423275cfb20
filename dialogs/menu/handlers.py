"""Callbacks of the main menu."""

from __future__ import annotations

from aiogram.types import Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput

from ui.context import Ctx


async def on_menu_text(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    """Typed text at the menu is a question: answer it (FAQ, choices or a person), then
    show the menu again below the answer."""
    ctx = Ctx.from_manager(manager)
    from services.helpdesk import Context, answer_question

    bot = ctx.bot
    await answer_question(
        Context.from_data(manager.middleware_data, bot), message.chat.id, message.text
    )
    manager.show_mode = ShowMode.DELETE_AND_SEND
