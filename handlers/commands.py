"""/start, /help, /language and the command list shown by Telegram."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command, CommandStart
from aiogram.types import BotCommand, Message
from aiogram_dialog import DialogManager, StartMode

from core.event import Event
from core.i18n import I18n, Translator
from ui.filters import IsCommand
from ui.states import LanguageSG, MainSG

PUBLIC_COMMANDS = ("start", "help", "language", "materials")


async def cmd_start(message: Message, dialog_manager: DialogManager) -> None:
    """Open the main menu, whatever was open before."""
    await dialog_manager.start(MainSG.menu, mode=StartMode.RESET_STACK)


async def cmd_help(message: Message, l10n: Translator, lang: str, seminar: Event) -> None:
    """Explain the commands."""
    await message.answer(l10n("help-text", event_title=seminar.title.get(lang)))


async def cmd_language(message: Message, dialog_manager: DialogManager) -> None:
    """Choose the interface language."""
    await dialog_manager.start(LanguageSG.choose)


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(IsCommand())  # its message handlers are all commands
    r.message.register(cmd_start, CommandStart())
    r.message.register(cmd_help, Command("help"))
    r.message.register(cmd_language, Command("language"))
    return r


async def set_bot_commands(bot: Bot, i18n: I18n) -> None:
    """Publish the command list in every language (English also as the default)."""
    for lang in i18n.languages:
        l10n = i18n.get(lang)
        commands = [
            BotCommand(command=c, description=l10n(f"command-{c}")) for c in PUBLIC_COMMANDS
        ]
        await bot.set_my_commands(commands, language_code=lang)
        if lang == "en":
            await bot.set_my_commands(commands)
