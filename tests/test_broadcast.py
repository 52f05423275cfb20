"""Broadcasts through the dispatcher, as organisers and participants see them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.scheduler import fire_due
from services.broadcast_texts import CANCEL_CALLBACK_PREFIX
from storage.models import AuditEntry, utcnow
from storage.models.delivery import Broadcast, Delivery
from tests.conftest import ADMIN_ID
from tests.delivery_helpers import add_registration
from tests.fakebot import FakeBotAPI
from tests.harness import Harness, running_bot

EN_USER, RU_USER, DELEGATE = 501, 502, 503


@pytest.fixture
async def bot(fake_api: FakeBotAPI, sqlite_url: str) -> AsyncIterator[Harness]:
    async with running_bot(
        fake_api,
        sqlite_url,
        admin_ids=[ADMIN_ID],
        with_scheduler=True,
        settings_overrides={"broadcast_rate": 200},
    ) as h:
        await h.send(ADMIN_ID, "/start")
        await h.send(EN_USER, "/start", language_code="en")
        await h.send(RU_USER, "/start", language_code="ru")
        yield h


async def _compose(h: Harness, texts: list[str], *, per_language: bool) -> None:
    await h.send(ADMIN_ID, "/broadcast")
    assert "Broadcasts" in h.text(ADMIN_ID)
    await h.press(ADMIN_ID, "New broadcast")
    await h.press(ADMIN_ID, "per language" if per_language else "One text for all")
    for text in texts:
        await h.send(ADMIN_ID, text)


def said(h: Harness, chat: int, fragment: str) -> bool:
    """Any bot message in the chat (not only the latest) contains `fragment`."""
    return any(fragment in m.get("text", "") for m in h.fake.messages(chat))


def _bold(text: str, length: int) -> dict[str, object]:
    return {"entities": [{"type": "bold", "offset": 0, "length": length}]}


async def test_per_language_texts_with_a_button_reach_everyone_in_their_language(
    bot: Harness,
) -> None:
    h = bot
    await _compose(h, [], per_language=True)
    assert "English" in h.text(ADMIN_ID)
    await h.send(ADMIN_ID, "Hello delegates & friends", extra=_bold("Hello delegates & friends", 5))
    assert "Русский" in h.text(ADMIN_ID)
    await h.send(ADMIN_ID, "Здравствуйте, коллеги")
    assert "photo or a document" in h.text(ADMIN_ID)
    await h.press(ADMIN_ID, "Skip")
    await h.send(ADMIN_ID, "no link here")  # bad input: asked again
    assert "https://" in h.text(ADMIN_ID)
    await h.send(ADMIN_ID, "Programme https://example.org/programme")
    await h.press(ADMIN_ID, "Everyone")
    preview = h.text(ADMIN_ID)
    assert "Recipients: 3" in preview and "English, Русский" in preview
    await h.press(ADMIN_ID, "Preview")
    texts = [m.get("text", "") for m in h.fake.messages(ADMIN_ID)]
    assert any("Hello delegates & friends" in t for t in texts)
    assert any("Здравствуйте, коллеги" in t for t in texts)
    await h.press(ADMIN_ID, "Send now")
    assert "3" in h.text(ADMIN_ID)
    await h.press(ADMIN_ID, "Yes, send")
    assert h.delivery is not None
    assert await h.delivery.engine.drain(within=20)

    english = h.fake.last_message(EN_USER)
    assert english["raw_text"] == "<b>Hello</b> delegates &amp; friends"
    button = english["reply_markup"]["inline_keyboard"][0][0]
    assert button == {"text": "Programme", "url": "https://example.org/programme"}
    assert h.fake.last_message(RU_USER)["text"] == "Здравствуйте, коллеги"

    async with h.session() as session:
        row = (await session.scalars(select(Broadcast))).one()
        audit = (
            await session.scalars(select(AuditEntry).where(AuditEntry.actor_id == ADMIN_ID))
        ).all()
    assert row.state == "done" and row.total == 3
    assert [(a.action, a.target) for a in audit] == [("broadcast.send", str(row.id))]
    # The progress message ends with the final report.
    await h.delivery.engine.refresh_progress(row.id)
    progress = h.fake.message(ADMIN_ID, row.progress_message_id)
    assert progress is not None and "finished" in progress["text"] and "sent 3" in progress["text"]


async def test_one_text_for_all_by_language_with_a_photo(bot: Harness) -> None:
    h = bot
    await _compose(h, ["For Russian speakers only"], per_language=False)
    photo = {"photo": [{"file_id": "PHOTO1", "file_unique_id": "P1", "width": 10, "height": 10}]}
    h.fake.add_file(b"\x89PNG", "p.png")
    await h.send(ADMIN_ID, None, extra=photo)  # type: ignore[arg-type]
    await h.press(ADMIN_ID, "Skip")
    await h.press(ADMIN_ID, "By language")
    await h.press(ADMIN_ID, "Русский")
    assert "Recipients: 1" in h.text(ADMIN_ID) and "photo" in h.text(ADMIN_ID)
    await h.press(ADMIN_ID, "Send now")
    await h.press(ADMIN_ID, "Yes, send")
    assert h.delivery is not None
    assert await h.delivery.engine.drain(within=20)
    photos = h.fake.calls_of("sendPhoto")
    assert [c.params["chat_id"] for c in photos if c.ok] == [RU_USER]
    assert photos[-1].params["caption"] == "For Russian speakers only"
    assert not [m for m in h.fake.messages(EN_USER) if "Russian speakers" in m.get("text", "")]


async def test_bad_input_is_asked_again(bot: Harness) -> None:
    h = bot
    await _compose(h, [], per_language=False)
    await h.send(ADMIN_ID, "x" * 4100)
    texts = [m.get("text", "") for m in h.fake.messages(ADMIN_ID)]
    assert "Please send the text as a message (up to 4,000 characters)." in texts
    assert h.text(ADMIN_ID).startswith("Send the text")  # the same question again
    await h.send(ADMIN_ID, "Fine text")
    await h.send(ADMIN_ID, "not a file")
    assert said(h, ADMIN_ID, "Please send a photo or a document")
    await h.press(ADMIN_ID, "Skip")
    await h.press(ADMIN_ID, "Skip")
    await h.press(ADMIN_ID, "By registration status")
    await h.press(ADMIN_ID, "rejected")
    assert "Nobody matches" in h.text(ADMIN_ID)
    assert "Send now" not in " ".join(h.buttons(ADMIN_ID))
    await h.press(ADMIN_ID, "Back")
    await h.press(ADMIN_ID, "Back")
    await h.press(ADMIN_ID, "Everyone")
    await h.press(ADMIN_ID, "Schedule")
    await h.send(ADMIN_ID, "tomorrow-ish")
    assert said(h, ADMIN_ID, "I could not read that")
    await h.send(ADMIN_ID, "2020-01-01 10:00")
    assert said(h, ADMIN_ID, "That moment has passed")
    assert h.text(ADMIN_ID).startswith("When should it go?")
    async with h.session() as session:
        assert (await session.scalars(select(Broadcast))).all() == []


async def test_schedule_list_and_cancel(bot: Harness) -> None:
    h = bot
    await _compose(h, ["Tomorrow's reminder"], per_language=False)
    await h.press(ADMIN_ID, "Skip")
    await h.press(ADMIN_ID, "Skip")
    await h.press(ADMIN_ID, "Everyone")
    await h.press(ADMIN_ID, "Schedule")
    when = (utcnow() + timedelta(days=2)).astimezone(h.seminar.tz)
    await h.send(ADMIN_ID, when.strftime("%d.%m.%Y %H:%M"))
    texts = [m.get("text", "") for m in h.fake.messages(ADMIN_ID)]
    assert any("is scheduled for" in t and h.seminar.timezone in t for t in texts)
    async with h.session() as session:
        row = (await session.scalars(select(Broadcast))).one()
    assert row.state == "scheduled" and row.total == 0
    assert row.scheduled_at is not None
    assert abs((row.scheduled_at - when).total_seconds()) < 60
    assert h.delivery is not None and "reminders-next" in h.delivery.scheduler.jobs()

    await h.press(ADMIN_ID, "Scheduled & recent")
    await h.press(ADMIN_ID, f"#{row.id}")
    assert "scheduled" in h.text(ADMIN_ID)
    await h.press(ADMIN_ID, "Cancel broadcast")
    await h.press(ADMIN_ID, "Yes, cancel")
    assert "cancelled" in h.text(ADMIN_ID)
    async with h.session() as session:
        again = await session.get(Broadcast, row.id)
        actions = (await session.scalars(select(AuditEntry.action))).all()
    assert again is not None and again.state == "cancelled"
    assert "broadcast.schedule" in actions and "broadcast.cancel" in actions


async def test_a_scheduled_broadcast_goes_out_when_due(bot: Harness) -> None:
    h = bot
    await _compose(h, ["Now it is time"], per_language=False)
    await h.press(ADMIN_ID, "Skip")
    await h.press(ADMIN_ID, "Skip")
    await h.press(ADMIN_ID, "Everyone")
    await h.press(ADMIN_ID, "Schedule")
    when = (utcnow() + timedelta(hours=3)).astimezone(h.seminar.tz)
    await h.send(ADMIN_ID, when.strftime("%Y-%m-%d %H:%M"))
    assert h.delivery is not None
    assert await fire_due(h.delivery.runtime, when + timedelta(minutes=1)) == 1
    assert await fire_due(h.delivery.runtime, when + timedelta(minutes=2)) == 0  # once
    assert await h.delivery.engine.drain(within=20)
    assert h.fake.last_message(EN_USER)["text"] == "Now it is time"


async def test_stop_button_cancels_a_running_broadcast(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    async with running_bot(
        fake_api,
        sqlite_url,
        admin_ids=[ADMIN_ID],
        with_scheduler=True,
        settings_overrides={"broadcast_rate": 5},
    ) as h:
        from tests.delivery_helpers import add_users

        await h.send(ADMIN_ID, "/start")
        await add_users(h.resources.session_factory, range(1, 61))
        await _compose(h, ["Slow news"], per_language=False)
        await h.press(ADMIN_ID, "Skip")
        await h.press(ADMIN_ID, "Skip")
        await h.press(ADMIN_ID, "Everyone")
        await h.press(ADMIN_ID, "Send now")
        await h.press(ADMIN_ID, "Yes, send")
        async with h.session() as session:
            row = (await session.scalars(select(Broadcast))).one()
        await h.fake.wait_for(
            lambda c: c.method == "sendMessage" and c.params.get("text") == "Slow news"
        )
        # The progress message is edited while it sends.
        progress = await h.fake.wait_for(
            lambda c: c.method == "editMessageText" and "remaining" in c.params.get("text", ""),
            timeout=10,
        )
        assert "sending" in progress.params["text"] and "left" in progress.params["text"]
        # A delegate presses a forged Stop button: nothing happens.
        await h.callback(
            DELEGATE, row.progress_message_id or 0, f"{CANCEL_CALLBACK_PREFIX}{row.id}"
        )
        async with h.session() as session:
            assert (await session.get(Broadcast, row.id)).state == "sending"  # type: ignore[union-attr]
        await h.callback(
            ADMIN_ID, row.progress_message_id or 0, f"{CANCEL_CALLBACK_PREFIX}{row.id}"
        )
        answers = [a.get("text", "") for a in h.fake.answered_callbacks().values()]
        assert any("is cancelled" in a for a in answers)
        assert h.delivery is not None
        assert await h.delivery.engine.drain(within=20)
        async with h.session() as session:
            states = (
                await session.scalars(select(Delivery.state).where(Delivery.broadcast_id == row.id))
            ).all()
        sent = states.count("sent")
        assert states.count("cancelled") > 30 and sent + states.count("cancelled") == 61
        assert (
            sum(
                1
                for c in h.fake.calls_of("sendMessage")
                if c.params.get("text") == "Slow news" and c.ok
            )
            == sent
        )
        progress = h.fake.message(ADMIN_ID, row.progress_message_id or 0)
        assert progress is not None and "cancelled" in progress["text"]
        assert not progress.get("reply_markup")


async def test_only_staff_may_broadcast(bot: Harness) -> None:
    h = bot
    await h.send(DELEGATE, "/broadcast")
    assert "don't know this command" in h.text(DELEGATE)
    await h.send(DELEGATE, "/reminders")
    assert "don't know this command" in h.text(DELEGATE)
    async with h.session() as session:
        denied = (
            await session.scalars(select(AuditEntry.target).where(AuditEntry.action == "denied"))
        ).all()
    assert "/broadcast" in denied and "/reminders" in denied


async def test_materials_published_and_shown(bot: Harness, tmp_path: Path) -> None:
    h = bot
    async with h.session() as session:
        await add_registration(session, EN_USER, status="approved")
        await add_registration(session, RU_USER, status="approved")
        await session.commit()
    await h.send(EN_USER, "/materials")
    assert "Nothing is published yet" in h.text(EN_USER)
    assert "Publish" not in " ".join(h.buttons(EN_USER))

    await h.send(ADMIN_ID, "/materials")
    await h.press(ADMIN_ID, "Publish")
    await h.press(ADMIN_ID, "Presentations of the seminar")
    assert "2" in h.text(ADMIN_ID)
    await h.press(ADMIN_ID, "✅ Publish")
    assert h.delivery is not None
    assert await h.delivery.engine.drain(within=20)
    english = h.fake.last_message(EN_USER)
    assert "Presentations of the seminar" in english["text"]
    button = english["reply_markup"]["inline_keyboard"][0][0]
    assert button["url"] == "https://example.org/apec-ip-seminar/presentations/"
    assert "Презентации семинара" in h.fake.last_message(RU_USER)["text"]

    # A document uploaded in the chat.
    await h.send(ADMIN_ID, "/materials")
    await h.press(ADMIN_ID, "Publish")
    await h.press(ADMIN_ID, "Upload a document")
    await h.feed(h.fake.enqueue_document(ADMIN_ID, "best-practices.pdf", b"%PDF-1.4 test"))
    await h.send(ADMIN_ID, "Best practices <final>")
    await h.press(ADMIN_ID, "✅ Publish")
    assert await h.delivery.engine.drain(within=20)
    documents = [c for c in h.fake.calls_of("sendDocument") if c.ok]
    assert sorted(c.params["chat_id"] for c in documents) == [EN_USER, RU_USER]
    assert "Best practices &lt;final&gt;" in documents[0].params["caption"]

    await h.send(EN_USER, "/materials")
    listing = h.fake.last_message(EN_USER)
    assert "Presentations of the seminar" in listing["text"]
    await h.press(EN_USER, "Best practices")
    sent = h.fake.calls_of("sendDocument")[-1]
    assert sent.params["chat_id"] == EN_USER and sent.ok
    async with h.session() as session:
        actions = (await session.scalars(select(AuditEntry.action))).all()
    assert actions.count("materials.publish") == 2


async def test_a_broadcast_to_approved_delegates_whose_travel_details_are_missing(
    bot: Harness,
) -> None:
    h = bot
    async with h.session() as session:
        missing = await add_registration(session, EN_USER)
        missing.travel_missing = 2
        done = await add_registration(session, RU_USER)
        done.travel_missing = 0
        await session.commit()
    await _compose(h, ["Please give your flight details"], per_language=False)
    await h.press(ADMIN_ID, "Skip")
    await h.press(ADMIN_ID, "Skip")
    await h.press(ADMIN_ID, "travel details missing")
    assert "Recipients: 1" in h.text(ADMIN_ID), h.text(ADMIN_ID)
    await h.press(ADMIN_ID, "Send now")
    await h.press(ADMIN_ID, "Yes, send")
    assert h.delivery is not None
    assert await h.delivery.engine.drain(within=20)
    assert said(h, EN_USER, "Please give your flight details")
    assert not said(h, RU_USER, "Please give your flight details")
