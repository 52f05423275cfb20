"""End to end: the handoff round trip with the real process against the fake Bot API.

A delegate asks what the FAQ cannot answer -> the overseer gets the ticket -> replies to it
-> the delegate gets the answer -> the overseer adds it to the FAQ -> a second delegate
asking the same gets the answer at once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e import BotProcess, fake_in_thread

pytestmark = pytest.mark.e2e
OVERSEER = 1000
DELEGATE = 801
SECOND = 802


def _button(message: dict, label: str) -> str:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return next(b["callback_data"] for row in rows for b in row if label in b["text"])


def test_handoff_round_trip(tmp_path: Path) -> None:
    with fake_in_thread() as fake:
        bot = BotProcess(fake, tmp_path, ADMIN_IDS=str(OVERSEER))
        try:
            bot.start()
            fake.enqueue_message(OVERSEER, "/start")
            fake.wait_for_text_sync(OVERSEER, "Choose what you need")

            fake.enqueue_message(DELEGATE, "/start")
            fake.wait_for_text_sync(DELEGATE, "Choose what you need")
            fake.enqueue_message(DELEGATE, "Is there a playground for children nearby? <&>")
            fake.wait_for_text_sync(DELEGATE, "passed your question to the organisers")
            ticket = fake.wait_for_text_sync(OVERSEER, "New question #1", since=0)
            assert "&lt;&amp;&gt;" in ticket["raw_text"]

            fake.enqueue_message(
                OVERSEER,
                "Yes: in the park behind the venue, open 8-20 & free.",
                reply_to_message_id=ticket["message_id"],
            )
            answer = fake.wait_for_text_sync(DELEGATE, "Answer from the organisers")
            assert "open 8-20 &amp; free" in answer["raw_text"]
            confirmation = fake.wait_for_text_sync(OVERSEER, "was sent to the delegate")

            fake.enqueue_callback(
                OVERSEER, confirmation["message_id"], _button(confirmation, "Add to FAQ")
            )
            fake.wait_for_sync(
                lambda c: (
                    c.method == "answerCallbackQuery"
                    and "now in the FAQ" in c.params.get("text", "")
                )
            )

            fake.enqueue_message(SECOND, "/start")
            fake.wait_for_text_sync(SECOND, "Choose what you need")
            fake.enqueue_message(SECOND, "is there a playground for kids nearby?")
            reply = fake.wait_for_text_sync(SECOND, "Did this help?")
            assert "in the park behind the venue" in reply["text"]
            assert bot.stop() == 0
        except BaseException:
            print(bot.output())
            raise
        finally:
            bot.kill()
