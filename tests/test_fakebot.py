"""Tests of the fake Telegram Bot API server (tests/fakebot/), driven by a real aiogram Bot."""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.request
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.filters import CommandStart
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from aiogram.utils.text_decorations import html_decoration

from tests.fakebot import BOT_ID, BOT_USERNAME, FakeBotAPI, FakeBotTimeout, parse_html

TOKEN = "42:TEST-TOKEN"


def make_bot(fake: FakeBotAPI, **kwargs: Any) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(fake.base_url))
    return Bot(TOKEN, session=session, **kwargs)


def keyboard(*labels: str) -> InlineKeyboardMarkup:
    row = [InlineKeyboardButton(text=label, callback_data=f"cb:{label}") for label in labels]
    return InlineKeyboardMarkup(inline_keyboard=[row])


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    server = FakeBotAPI()
    await server.start()
    yield server
    await server.stop()
    assert not server.server_errors, server.server_errors


@pytest.fixture
async def bot(fake: FakeBotAPI) -> AsyncIterator[Bot]:
    instance = make_bot(fake)
    yield instance
    await instance.session.close()


def make_echo_dispatcher() -> Dispatcher:
    dp = Dispatcher()

    @dp.message(CommandStart())
    async def start(message: Message) -> None:
        await message.answer("Welcome, <b>friend</b>!", reply_markup=keyboard("Ping", "Help"))

    @dp.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(f"Echo: {html_decoration.quote(message.text or '')}")

    @dp.callback_query(F.data == "cb:Ping")
    async def ping(query: CallbackQuery) -> None:
        await query.answer()
        assert isinstance(query.message, Message)
        await query.message.edit_text("Pong!")

    return dp


# --------------------------------------------------------------------------- basic methods


async def test_get_me(fake: FakeBotAPI, bot: Bot) -> None:
    me = await bot.get_me()
    assert me.id == BOT_ID
    assert me.is_bot
    assert me.username == BOT_USERNAME
    call = fake.calls_of("getMe")[0]
    assert call.token == TOKEN
    assert call.ok


async def test_send_edit_and_not_modified(fake: FakeBotAPI, bot: Bot) -> None:
    sent = await bot.send_message(
        100, "<b>Hello</b> &amp; bye", parse_mode="HTML", reply_markup=keyboard("Yes", "No")
    )
    assert sent.message_id == 1
    assert sent.text == "Hello & bye"
    assert sent.entities is not None
    assert (sent.entities[0].type, sent.entities[0].offset, sent.entities[0].length) == (
        "bold",
        0,
        5,
    )
    call = fake.calls_of("sendMessage")[-1]
    assert call.params["chat_id"] == 100
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "cb:Yes"

    stored = fake.last_message(100)
    assert stored["raw_text"] == "<b>Hello</b> &amp; bye"
    assert stored["parse_mode"] == "HTML"
    assert fake.buttons(100) == ["Yes", "No"]

    # editing without reply_markup drops the keyboard, like Telegram
    edited = await bot.edit_message_text("Bye", chat_id=100, message_id=sent.message_id)
    assert isinstance(edited, Message)
    assert edited.text == "Bye"
    assert edited.edit_date is not None
    assert fake.buttons(100) == []
    assert fake.last_message(100)["text"] == "Bye"

    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("Bye", chat_id=100, message_id=sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("Other", chat_id=100, message_id=99)

    markup_edit = await bot.edit_message_reply_markup(
        chat_id=100, message_id=sent.message_id, reply_markup=keyboard("A")
    )
    assert isinstance(markup_edit, Message)
    assert fake.buttons(100) == ["A"]
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(
            chat_id=100, message_id=sent.message_id, reply_markup=keyboard("A")
        )

    # message ids are per chat
    assert (await bot.send_message(100, "second")).message_id == 2
    assert (await bot.send_message(200, "other chat")).message_id == 1
    assert [m["text"] for m in fake.messages(100)] == ["Bye", "second"]

    assert await bot.delete_message(100, 2)
    assert [m["text"] for m in fake.messages(100)] == ["Bye"]
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(100, 2)


HTML_ERRORS = [
    ("line<br>break", 'Unsupported start tag "br" at byte offset 4'),
    ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
    ("AT&T", 'Unescaped "&" at byte offset 2; use "&amp;" for a literal ampersand'),
    ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
    ("<b>bold</i>", 'Unmatched end tag at byte offset 7, expected "</b>", found "</i>"'),
    ("plain</b>", "Unexpected end tag at byte offset 5"),
    ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ("é<b", "Unclosed start tag at byte offset 2"),
    ('<a href=x"y">z</a>', "Unexpected end of name token at byte offset 8"),
]


async def test_html_errors(fake: FakeBotAPI, bot: Bot) -> None:
    for text, error in HTML_ERRORS:
        with pytest.raises(TelegramBadRequest) as exc_info:
            await bot.send_message(1, text, parse_mode="HTML")
        assert exc_info.value.message == f"Bad Request: can't parse entities: {error}", text
    assert not fake.messages(1)


async def test_html_valid_and_limits(fake: FakeBotAPI, bot: Bot) -> None:
    rich = (
        '<a href="https://example.org/?a=1&amp;b=2">link</a> <i>it</i> <u>u</u> <s>s</s> '
        '<tg-spoiler>sp</tg-spoiler> <span class="tg-spoiler">sp2</span> <code>c</code> '
        '<pre><code class="language-python">x = 1</code></pre> '
        "<blockquote expandable>q</blockquote> &lt;&gt;&quot;&#65;&#x42; 😀<b>ü</b>"
    )
    sent = await bot.send_message(1, rich, parse_mode="HTML")
    assert sent.text is not None
    assert sent.text.endswith('<>"AB 😀ü')
    kinds = {e.type: e for e in sent.entities or []}
    assert kinds["text_link"].url == "https://example.org/?a=1&b=2"
    assert kinds["pre"].language == "python"
    assert "expandable_blockquote" in kinds
    assert kinds["bold"].offset == len(sent.text.encode("utf-16-le")) // 2 - 1  # 😀 is 2 units

    # no parse_mode: no validation
    assert (await bot.send_message(1, "1 < 2 & <br>")).text == "1 < 2 & <br>"

    # length counts text after entity parsing
    await bot.send_message(1, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(1, "x" * 4097)
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(1, "<b> </b>", parse_mode="HTML")

    long_data = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="x", callback_data="é" * 33)]]
    )
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(1, "hi", reply_markup=long_data)

    # relaxed mode accepts a bare "&" like real Telegram does
    assert parse_html("AT&T", strict_ampersand=False) == ("AT&T", [])


# --------------------------------------------------------------------------- fault injection


async def test_fail_next_and_block(fake: FakeBotAPI, bot: Bot) -> None:
    fake.fail_next("sendMessage", retry_after=3)
    with pytest.raises(TelegramRetryAfter) as exc_info:
        await bot.send_message(1, "hi")
    assert exc_info.value.retry_after == 3
    assert "Too Many Requests: retry after 3" in exc_info.value.message
    assert (await bot.send_message(1, "hi")).text == "hi"

    fake.fail_next("sendMessage", status=500, count=2)
    for _ in range(2):
        with pytest.raises(TelegramServerError, match="Internal Server Error"):
            await bot.send_message(1, "hi")
    await bot.send_message(1, "hi")

    fake.fail_next("*", status=403)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.get_me()

    fake.block_user(5)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(5, "hi")
    await bot.send_message(6, "not blocked")
    fake.unblock_user(5)
    await bot.send_message(5, "hi again")


async def test_rate_limit_and_latency(fake: FakeBotAPI, bot: Bot) -> None:
    fake.set_rate_limit(5)
    ok = limited = 0
    for _ in range(10):
        try:
            await bot.send_message(1, "x")
            ok += 1
        except TelegramRetryAfter as exc:
            assert exc.retry_after == 1
            limited += 1
    assert 5 <= ok <= 6
    assert limited >= 4
    fake.set_rate_limit(None)

    fake.set_latency(0.2)
    started = time.monotonic()
    await bot.send_message(1, "slow")
    assert time.monotonic() - started >= 0.2
    fake.set_latency(0)


async def test_unknown_method_and_json_body(fake: FakeBotAPI) -> None:
    async with aiohttp.ClientSession() as http:
        url = f"{fake.base_url}/bot{TOKEN}/doSomethingWeird"
        async with http.post(url, data={"a": "1"}) as resp:
            assert resp.status == 404
            assert await resp.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found: method not found",
            }
        url = f"{fake.base_url}/bot{TOKEN}/sendMessage"
        payload = {
            "chat_id": 3,
            "text": "123",
            "reply_markup": json.dumps(keyboard("K").model_dump()),
        }
        async with http.post(url, json=payload) as resp:
            body = await resp.json()
    assert body["ok"], body
    call = fake.calls_of("sendmessage")[-1]
    assert call.params["text"] == "123"  # text is never converted to a number
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["text"] == "K"


# --------------------------------------------------------------------------- updates


async def test_get_updates_offset_limit_and_long_poll(fake: FakeBotAPI, bot: Bot) -> None:
    update = fake.enqueue_message(7, "/start payload", first_name="Ann", username="ann")
    updates = await bot.get_updates(timeout=0)
    assert len(updates) == 1
    message = updates[0].message
    assert message is not None
    assert message.text == "/start payload"
    assert message.from_user is not None
    assert (message.from_user.id, message.from_user.username) == (7, "ann")
    assert message.chat.type == "private"
    assert message.entities is not None
    assert (message.entities[0].type, message.entities[0].length) == ("bot_command", 6)

    # not confirmed yet -> delivered again; confirmed by offset -> dropped
    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [update["update_id"]]
    assert await bot.get_updates(offset=update["update_id"] + 1, timeout=0) == []

    for i in range(3):
        fake.enqueue_message(7, f"m{i}")
    batch = await bot.get_updates(limit=2, timeout=0)
    assert [u.message.text for u in batch if u.message] == ["m0", "m1"]
    batch = await bot.get_updates(offset=batch[-1].update_id + 1, timeout=0)
    assert [u.message.text for u in batch if u.message] == ["m2"]
    offset = batch[-1].update_id + 1

    # long polling returns as soon as an update is queued
    async def enqueue_later() -> None:
        await asyncio.sleep(0.2)
        fake.enqueue_message(7, "late")

    started = time.monotonic()
    task = asyncio.create_task(enqueue_later())
    updates = await bot.get_updates(offset=offset, timeout=5)
    await task
    assert 0.15 < time.monotonic() - started < 2
    assert [u.message.text for u in updates if u.message] == ["late"]

    # an empty long poll honours its timeout
    started = time.monotonic()
    assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=1) == []
    assert 0.9 < time.monotonic() - started < 3


async def test_callback_press_and_contact(fake: FakeBotAPI, bot: Bot) -> None:
    user_msg = fake.enqueue_message(8, "hello", language_code="de")["message"]
    sent = await bot.send_message(8, "Choose:", reply_markup=keyboard("Yes", "No thanks"))
    assert sent.message_id == user_msg["message_id"] + 1
    await bot.send_message(8, "no keyboard here")

    update = fake.press(8, "Yes")
    assert update["callback_query"]["message"]["message_id"] == sent.message_id
    fake.press(8, "thanks")  # unique substring
    with pytest.raises(AssertionError, match=r"available buttons: \['Yes', 'No thanks'\]"):
        fake.press(8, "Maybe")

    updates = await bot.get_updates(timeout=0)
    queries = [u.callback_query for u in updates if u.callback_query]
    assert [q.data for q in queries] == ["cb:Yes", "cb:No thanks"]
    assert queries[0].id != queries[1].id
    assert queries[0].from_user.language_code == "de"
    assert isinstance(queries[0].message, Message)
    assert queries[0].message.reply_markup is not None
    assert await bot.answer_callback_query(queries[0].id, text="ok")
    with pytest.raises(TelegramBadRequest, match="query ID is invalid"):
        await bot.answer_callback_query("nope")

    # a callback on a deleted message carries an InaccessibleMessage
    await bot.delete_message(8, sent.message_id)
    fake.enqueue_callback(8, sent.message_id, "cb:Yes")
    contact = fake.enqueue_message(8, None, contact="+4912345", reply_to_message_id=1)
    assert contact["message"]["reply_to_message"]["text"] == "hello"
    updates = await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)
    assert updates[0].callback_query is not None
    assert updates[0].callback_query.message is not None
    assert updates[0].callback_query.message.date == 0
    assert updates[1].message is not None
    assert updates[1].message.contact is not None
    assert updates[1].message.contact.phone_number == "+4912345"
    assert updates[1].message.contact.user_id == 8


async def test_files_commands_and_misc(fake: FakeBotAPI, bot: Bot) -> None:
    sent = await bot.send_document(
        9,
        BufferedInputFile(b"hello,world\n", filename="report.csv"),
        caption="<i>Report</i>",
        parse_mode="HTML",
    )
    assert sent.document is not None
    assert sent.document.file_name == "report.csv"
    assert sent.caption == "Report"
    upload = fake.calls_of("sendDocument")[-1].params["document"]
    assert upload["filename"] == "report.csv"
    assert upload["content"] == b"hello,world\n"

    file = await bot.get_file(sent.document.file_id)
    assert file.file_path
    downloaded = await bot.download_file(file.file_path)
    assert downloaded is not None
    assert downloaded.read() == b"hello,world\n"

    photo = await bot.send_photo(9, BufferedInputFile(b"\x89PNG...", filename="qr.png"))
    assert photo.photo
    again = await bot.send_photo(9, photo.photo[-1].file_id, caption="same")
    assert again.photo
    assert again.photo[-1].file_id == photo.photo[-1].file_id
    edited = await bot.edit_message_caption(chat_id=9, message_id=again.message_id, caption="new")
    assert isinstance(edited, Message)
    assert edited.caption == "new"

    venue = await bot.send_venue(9, 52.5, 13.4, "Hall A", "Main st. 1")
    assert venue.venue is not None
    assert venue.venue.title == "Hall A"
    location = await bot.send_location(9, 52.5, 13.4)
    assert location.location is not None
    assert await bot.send_chat_action(9, "typing")
    copied = await bot.copy_message(10, 9, sent.message_id)
    assert fake.message(10, copied.message_id) is not None
    forwarded = await bot.forward_message(10, 9, venue.message_id)
    assert forwarded.forward_origin is not None
    chat = await bot.get_chat(9)
    assert chat.id == 9

    await bot.set_my_commands([BotCommand(command="start", description="Start")])
    scope = BotCommandScopeChat(chat_id=9)
    await bot.set_my_commands(
        [BotCommand(command="help", description="Hilfe")], scope=scope, language_code="de"
    )
    assert [c.command for c in await bot.get_my_commands()] == ["start"]
    assert [c.command for c in await bot.get_my_commands(scope=scope, language_code="de")] == [
        "help"
    ]
    assert await bot.get_my_commands(scope=scope) == []
    await bot.delete_my_commands()
    assert await bot.get_my_commands() == []
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Bad-Command", description="x")])

    assert await bot.delete_webhook(drop_pending_updates=True)
    info = await bot.get_webhook_info()
    assert info.url == ""


async def test_dispatcher_against_fake_async(fake: FakeBotAPI) -> None:
    bot = make_bot(fake, default=DefaultBotProperties(parse_mode="HTML"))
    dp = make_echo_dispatcher()
    polling = asyncio.create_task(
        dp.start_polling(bot, handle_signals=False, handle_as_tasks=False, polling_timeout=5)
    )
    try:
        await fake.wait_polling(timeout=5)
        fake.enqueue_message(11, "/start")
        welcome = await fake.wait_for_text(11, "Welcome, friend!", timeout=5)
        assert welcome["raw_text"] == "Welcome, <b>friend</b>!"
        assert fake.buttons(11) == ["Ping", "Help"]

        fake.press(11, "Ping")
        await fake.wait_for_text(11, "Pong!", timeout=5)
        answer = await fake.wait_for("answerCallbackQuery", timeout=5)
        assert answer.ok
        assert fake.last_message(11)["text"] == "Pong!"
        assert fake.buttons(11) == []

        fake.enqueue_message(11, "a <tag> & co")
        echo = await fake.wait_for_text(11, "Echo: a <tag> & co", timeout=5)
        assert echo["raw_text"] == "Echo: a &lt;tag&gt; &amp; co"

        fake.enqueue_message(11, "quiet")
        with pytest.raises(FakeBotTimeout, match="no bot message containing 'never'"):
            await fake.wait_for_text(11, "never", timeout=0.3)
    finally:
        await dp.stop_polling()
        await polling


# --------------------------------------------------------------------------- threaded mode


def test_threaded_mode_from_sync_test() -> None:
    fake = FakeBotAPI()
    base_url = fake.start_in_thread()
    bot_loop: list[asyncio.AbstractEventLoop] = []
    dp = make_echo_dispatcher()
    bot_errors: list[BaseException] = []

    def run_bot() -> None:
        async def main() -> None:
            bot_loop.append(asyncio.get_running_loop())
            bot = make_bot(fake, default=DefaultBotProperties(parse_mode="HTML"))
            await dp.start_polling(bot, handle_signals=False, handle_as_tasks=False)

        try:
            asyncio.run(main())
        except BaseException as exc:
            bot_errors.append(exc)

    thread = threading.Thread(target=run_bot, daemon=True)
    thread.start()
    try:
        assert base_url.startswith("http://127.0.0.1:")
        fake.wait_polling_sync(timeout=5)
        fake.enqueue_message(12, "/start")
        fake.wait_for_text_sync(12, "Welcome", timeout=5)
        fake.press(12, "Ping")
        fake.wait_for_text_sync(12, "Pong!", timeout=5)
        fake.enqueue_message(12, "hello")
        message = fake.wait_for_text_sync(12, "Echo: hello", timeout=5)
        assert message["chat"]["id"] == 12
        call = fake.wait_for_sync(lambda c: c.method == "sendMessage", since=0)
        assert call.params["chat_id"] == 12

        # plain synchronous HTTP works too
        request = urllib.request.Request(f"{base_url}/bot{TOKEN}/getMe", data=b"")  # noqa: S310
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            assert json.load(response)["result"]["username"] == BOT_USERNAME
    finally:
        if bot_loop:
            asyncio.run_coroutine_threadsafe(dp.stop_polling(), bot_loop[0]).result(10)
        thread.join(10)
        fake.stop_thread()
    assert not bot_errors
    assert not fake.server_errors
