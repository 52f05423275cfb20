"""The baseline for bench/footprint.py and bench/latency.py: a bare aiogram +
aiogram-dialog bot, one dialog of two windows (a button and a typed answer each move to
the other window), polling the Bot API at TELEGRAM_API_BASE (memory storage, no
database)."""

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
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import SwitchTo
from aiogram_dialog.widgets.text import Const


class BareSG(StatesGroup):
    main = State()
    other = State()


async def on_text(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    current = manager.current_context().state
    await manager.switch_to(BareSG.other if current == BareSG.main else BareSG.main)


async def main() -> None:
    router = Router()

    @router.message(CommandStart())
    async def start(message: Message, dialog_manager: DialogManager) -> None:
        await dialog_manager.start(BareSG.main, mode=StartMode.RESET_STACK)

    dp = Dispatcher()
    dp.include_routers(
        router,
        Dialog(
            Window(
                Const("Hi"),
                SwitchTo(Const("OK"), id="ok", state=BareSG.other),
                MessageInput(on_text),
                state=BareSG.main,
            ),
            Window(
                Const("Next"),
                SwitchTo(Const("Back"), id="bk", state=BareSG.main),
                MessageInput(on_text),
                state=BareSG.other,
            ),
        ),
    )
    setup_dialogs(dp)
    api = TelegramAPIServer.from_base(os.environ["TELEGRAM_API_BASE"])
    bot = Bot(os.environ["BOT_TOKEN"], session=AiohttpSession(api=api))
    await dp.start_polling(bot)


if __name__ == "__main__":
    asyncio.run(main())
