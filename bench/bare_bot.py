"""The baseline for bench/footprint.py: a bare aiogram + aiogram-dialog bot, one dialog,
polling the Bot API at TELEGRAM_API_BASE (memory storage, no database)."""

from __future__ import annotations

import asyncio
import os

from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.filters import CommandStart
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Message
from aiogram_dialog import Dialog, DialogManager, StartMode, Window, setup_dialogs
from aiogram_dialog.widgets.kbd import Button
from aiogram_dialog.widgets.text import Const


class BareSG(StatesGroup):
    main = State()


async def main() -> None:
    router = Router()

    @router.message(CommandStart())
    async def start(message: Message, dialog_manager: DialogManager) -> None:
        await dialog_manager.start(BareSG.main, mode=StartMode.RESET_STACK)

    dp = Dispatcher()
    dp.include_routers(
        router, Dialog(Window(Const("Hi"), Button(Const("OK"), id="ok"), state=BareSG.main))
    )
    setup_dialogs(dp)
    api = TelegramAPIServer.from_base(os.environ["TELEGRAM_API_BASE"])
    bot = Bot(os.environ["BOT_TOKEN"], session=AiohttpSession(api=api))
    await dp.start_polling(bot)


if __name__ == "__main__":
    asyncio.run(main())
