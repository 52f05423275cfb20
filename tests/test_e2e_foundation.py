"""End to end: the real process, restarted, against the fake Bot API over HTTP."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.e2e import BotProcess, fake_in_thread

pytestmark = pytest.mark.e2e
USER = 777


def test_menu_language_restart_stale_button_and_429(tmp_path: Path) -> None:
    with fake_in_thread() as fake:
        bot = BotProcess(fake, tmp_path)
        try:
            bot.start()
            # The command list is published in each language once the bot polls.
            fake.wait_for_sync(
                lambda c: (
                    c.method == "setMyCommands" and c.params.get("language_code") == "ru" and c.ok
                )
            )
            published = [c["command"] for c in fake.commands(language_code="ru")]
            assert published[:3] == ["start", "help", "language"]

            # /start shows the menu.
            fake.enqueue_message(USER, "/start")
            fake.wait_for_text_sync(USER, "Choose what you need")
            assert "🌐 Language" in fake.buttons(USER)

            # /language switches to Russian and it sticks.
            fake.enqueue_message(USER, "/language")
            fake.wait_for_text_sync(USER, "Choose your language")
            fake.press(USER, "Русский")
            fake.wait_for_sync("answerCallbackQuery")
            fake.enqueue_message(USER, "/start")
            fake.wait_for_text_sync(USER, "Выберите нужный раздел")

            # Halfway through a dialog (the language window is open) the bot restarts...
            fake.enqueue_message(USER, "/language")
            fake.wait_for_text_sync(USER, "Выберите язык")
            language_window = fake.last_message(USER)["message_id"]
            assert bot.stop() == 0
            bot.start()
            # ...and the dialog continues: the button on the old window still works.
            fake.press(USER, "English")
            fake.wait_for_text_sync(USER, "Choose what you need")

            # A stale button (from a dialog that no longer exists) gets a fresh menu.
            fake.enqueue_callback(USER, language_window, "zzzzzzzzzz\x1dlng:ru")
            fake.wait_for_sync(
                lambda c: (
                    c.method == "sendMessage"
                    and c.ok
                    and "Choose what you need" in c.params["text"]
                )
            )
            answered = [c.params.get("text", "") for c in fake.calls_of("answerCallbackQuery")]
            assert any("earlier screen" in text for text in answered)

            # A 429 from Telegram is waited out and the message still arrives.
            fake.fail_next("sendMessage", status=429, retry_after=1)
            sent_at = time.monotonic()
            fake.enqueue_message(USER, "/help")
            fake.wait_for_text_sync(USER, "/language — change language", timeout=20)
            assert time.monotonic() - sent_at >= 1.0
            attempts = [c for c in fake.calls_of("sendMessage") if "/help" in c.params["text"]]
            assert [c.status for c in attempts] == [429, 200]
            assert bot.stop() == 0
        except BaseException:
            print(bot.output())
            raise
        finally:
            bot.kill()


def test_a_failed_start_after_polling_stops_the_process(tmp_path: Path) -> None:
    """The rest of the start (the command list, the services) runs once the bot polls: if
    it fails, the process stops with an error rather than running half started."""
    with fake_in_thread() as fake:
        fake.fail_next("setMyCommands", status=400, description="Bad Request: boom")
        bot = BotProcess(fake, tmp_path)
        try:
            bot.start()
            assert bot.proc is not None
            assert bot.proc.wait(30) == 1
            assert "the start failed; stopping" in bot.output()
        finally:
            bot.kill()
