"""End to end: a delegate registers with the real process, which restarts mid-wizard."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.e2e import BotProcess, fake_in_thread

pytestmark = pytest.mark.e2e
USER = 778


def test_registration_survives_a_restart_in_the_middle_of_the_wizard(tmp_path: Path) -> None:
    with fake_in_thread() as fake:
        bot = BotProcess(fake, tmp_path)

        def tap(button: str, expect: str) -> None:
            fake.press(USER, button)
            fake.wait_for_text_sync(USER, expect)

        def say(text: str, expect: str) -> None:
            fake.enqueue_message(USER, text)
            fake.wait_for_text_sync(USER, expect)

        try:
            bot.start()
            say("/start", "Choose what you need")
            tap("Registration", "Privacy notice, version 2027-1")
            tap("I agree", "Step 1 of")
            say("María <José> & Co", "Step 2 of")
            say("mex", "Step 3 of")  # one match: taken at once
            say("Mexican Institute of Industrial Property", "Step 4 of")
            say("Deputy director", "Step 5 of")  # the sector window, with buttons
            sector_window = fake.last_message(USER)["message_id"]

            # The bot restarts while the delegate looks at the sector question...
            assert bot.stop() == 0
            bot.start()
            # ...and the buttons of that window still work: the wizard goes on.
            assert fake.last_message(USER)["message_id"] == sector_window
            tap("IP office", "Step 6 of")
            tap("Delegate", "Step 7 of")
            tap("Female", "Step 8 of")
            say("maria@example.org", "Step 9 of")
            # The delegate leaves for the menu and comes back: the same field.
            say("/start", "Choose what you need")
            tap("Registration", "Step 9 of")
            say("+52 55 1234 5678", "Step 10 of")  # funding: Mexico is travel-eligible
            tap("Yes", "Please check your answers")
            assert "María &lt;José&gt; &amp; Co" in fake.last_message(USER)["raw_text"]
            tap("Confirm", "registration is submitted")
            assert bot.stop() == 0
        except BaseException:
            print(bot.output())
            raise
        finally:
            bot.kill()

    with sqlite3.connect(tmp_path / "bot.sqlite3") as db:
        row = db.execute(
            "SELECT status, full_name, economy, funding, answers FROM registrations "
            "WHERE user_id = ?",
            (USER,),
        ).fetchone()
        changes = db.execute("SELECT to_status FROM registration_changes").fetchall()
    assert row[:4] == ("submitted", "María <José> & Co", "MEX", "funded")
    assert '"sector": "ip-office"' in row[4] and '"funding_requested": true' in row[4]
    assert "hotel_needed" not in row[4]  # travel details come after approval
    assert changes == [("submitted",)]
