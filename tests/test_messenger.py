"""`bot.messenger.BotMessenger`: the services' `core.messaging.Messenger` over aiogram's
Bot, against the fake Bot API: what arrives, and Telegram's refusals as the core's errors."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.messenger import BotMessenger
from core.messaging import MessagingError, Messenger, Undeliverable
from tests.fakebot import BOT_USERNAME, FakeBotAPI

CHAT = 701


async def test_the_messenger_sends_and_maps_telegram_errors(fake_api: FakeBotAPI) -> None:
    session = AiohttpSession(api=TelegramAPIServer.from_base(fake_api.base_url))
    bot = Bot(
        "42:TEST-TOKEN", session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML)
    )
    messenger: Messenger = BotMessenger(bot)
    try:
        markup = InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="Open", callback_data="pg:s:x")]]
        )
        first = await messenger.send(CHAT, "<b>Hello</b> &amp; welcome", markup=markup)
        shown = fake_api.last_message(CHAT)
        assert shown["message_id"] == first
        assert shown["text"] == "Hello & welcome"
        assert shown["reply_markup"]["inline_keyboard"][0][0]["text"] == "Open"
        photo = await messenger.send_photo(CHAT, b"\x89PNG...", filename="qr.png", caption="QR")
        venue = await messenger.send_venue(
            CHAT, latitude=52.5, longitude=13.4, title="Hall A", address="Main st. 1"
        )
        assert first < photo < venue
        assert await messenger.deep_link("checkin-abc") == (
            f"https://t.me/{BOT_USERNAME}?start=checkin-abc"
        )

        fake_api.block_user(CHAT)  # 403: the user blocked the bot
        with pytest.raises(Undeliverable):
            await messenger.send(CHAT, "again")
        fake_api.unblock_user(CHAT)
        fake_api.fail_next("sendMessage", status=400, description="Bad Request: chat not found")
        with pytest.raises(Undeliverable):
            await messenger.send(CHAT, "again")
        fake_api.fail_next("sendMessage", status=500)  # Telegram's trouble, not the user's
        with pytest.raises(MessagingError) as failed:
            await messenger.send(CHAT, "again")
        assert not isinstance(failed.value, Undeliverable)
        assert await messenger.send(CHAT, "and now it works") > venue
    finally:
        await bot.session.close()
