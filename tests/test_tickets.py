"""Typed questions, the FAQ answers, and the handoff to a person, through the dispatcher."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram import Dispatcher
from sqlalchemy import select

from storage.models import AuditEntry, StaffRole
from storage.models.logistics import FaqEntry, FaqQuery, Ticket, TicketMessage
from storage.models.registration import Registration
from tests.conftest import ADMIN_ID
from tests.fakebot import FakeBotAPI
from tests.harness import Harness, running_bot

DELEGATE = 501
OTHER = 502
ORGANISER = 900
UNKNOWN_QUESTION = "Is there a playground for children nearby?"


def texts(h: Harness, chat: int) -> list[str]:
    return [str(m.get("text", "")) for m in h.fake.messages(chat)]


def raw(h: Harness, chat: int) -> list[str]:
    return [str(m.get("raw_text", m.get("text", ""))) for m in h.fake.messages(chat)]


def last_with_button(h: Harness, chat: int, label: str) -> dict[str, Any]:
    """The latest bot message in the chat with a button containing `label`."""
    for message in reversed(h.fake.messages(chat)):
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        if any(label in b.get("text", "") for row in rows for b in row):
            return message
    raise AssertionError(f"no message with a {label!r} button in chat {chat}")


async def tap(h: Harness, chat: int, label: str) -> None:
    """Tap a button of any message (not only the latest keyboard)."""
    message = last_with_button(h, chat, label)
    rows = message["reply_markup"]["inline_keyboard"]
    button = next(b for row in rows for b in row if label in b.get("text", ""))
    await h.callback(chat, message["message_id"], button["callback_data"])


async def register(h: Harness, user_id: int, name: str, economy: str, **extra: Any) -> None:
    """A registration made by the registration feature (written directly here)."""
    async with h.session() as session:
        session.add(
            Registration(
                user_id=user_id,
                status=extra.pop("status", "approved"),
                full_name=name,
                economy=economy,
                consent_version="2027-1",
                **extra,
            )
        )
        await session.commit()


async def test_a_question_typed_at_the_menu_is_answered_from_the_faq(harness: Harness) -> None:
    await harness.send(DELEGATE, "/start")
    await harness.send(DELEGATE, "wifi password?")
    all_texts = texts(harness, DELEGATE)
    answer = next(t for t in all_texts if "Wi-Fi" in t and "Did this help?" in t)
    assert "password" in answer
    # The menu is shown again below the answer, and only once.
    assert "Choose what you need" in harness.text(DELEGATE)
    assert sum("Choose what you need" in t for t in all_texts) == 1
    await tap(harness, DELEGATE, "Yes, thanks")
    async with harness.session() as session:
        query = (await session.scalars(select(FaqQuery))).one()
    assert (query.faq_id, query.outcome, query.text) == ("wifi", "helpful", "wifi password?")


async def test_the_venue_answer_comes_with_a_map_pin(harness: Harness) -> None:
    await harness.send(DELEGATE, "/start", language_code="ru")
    await harness.send(DELEGATE, "где проходит семинар?", language_code="ru")
    venues = harness.fake.calls_of("sendVenue")
    assert len(venues) == 1
    assert venues[0].params["latitude"] == pytest.approx(harness.seminar.venue.latitude)
    assert any("Примерная улица" in t and "Это помогло?" in t for t in texts(harness, DELEGATE))


async def test_typed_text_in_a_button_only_window_is_a_question_too(harness: Harness) -> None:
    await harness.send(DELEGATE, "/start")
    await harness.press(DELEGATE, "Programme")
    programme = harness.text(DELEGATE)
    assert "Choose a day" in programme
    await harness.send(DELEGATE, "what is the dress code")
    assert any("Business attire" in t for t in texts(harness, DELEGATE))
    # The programme window is back below the answer and still works.
    assert harness.text(DELEGATE) == programme
    await harness.press(DELEGATE, "Speakers")
    assert "Choose a speaker" in harness.text(DELEGATE)


async def test_a_window_waiting_for_text_gets_it_not_the_faq(harness: Harness) -> None:
    await harness.send(DELEGATE, "/start")
    await harness.press(DELEGATE, "Logistics")
    await harness.press(DELEGATE, "Ask the organisers")
    await harness.send(DELEGATE, "wifi password?")
    # Not answered from the FAQ: the "ask a person" window made it a ticket.
    assert not any("Did this help?" in t for t in texts(harness, DELEGATE))
    assert "has been sent to the organisers" in harness.text(DELEGATE)
    async with harness.session() as session:
        ticket = (await session.scalars(select(Ticket))).one()
    assert ticket.question == "wifi password?"


async def test_unsure_offers_the_closest_topics(harness: Harness) -> None:
    await harness.send(DELEGATE, "/start")
    await harness.send(DELEGATE, "in which building is the seminar")
    offer = last_with_button(harness, DELEGATE, "Ask a person")
    assert "not sure" in offer["text"]
    choices = [b["text"] for row in offer["reply_markup"]["inline_keyboard"] for b in row]
    assert 3 <= len(choices) <= 4  # two or three topics and "Ask a person"
    await tap(harness, DELEGATE, choices[0])
    assert any("Did this help?" in t for t in texts(harness, DELEGATE)[-3:])


async def test_bad_input_gets_a_clear_answer(harness: Harness) -> None:
    await harness.send(DELEGATE, "/start")
    await harness.send(DELEGATE, "🙂🙂🙂")
    assert any("typed in words" in t for t in texts(harness, DELEGATE))
    await harness.send(DELEGATE, "x" * 1500)
    assert any("under 1000 characters" in t for t in texts(harness, DELEGATE))
    await harness.send(DELEGATE, "hello!")
    assert any("Ask me anything" in t for t in texts(harness, DELEGATE))
    await harness.send(DELEGATE, "请问酒店在哪里")
    assert any("English and Russian only" in t for t in texts(harness, DELEGATE))
    # The menu is still usable, and nothing else became a ticket.
    assert "Choose what you need" in harness.text(DELEGATE)
    async with harness.session() as session:
        tickets = (await session.scalars(select(Ticket))).all()
    assert [t.question for t in tickets] == ["请问酒店在哪里"]


async def test_stale_answer_buttons_do_not_crash(harness: Harness) -> None:
    await harness.send(DELEGATE, "/start")
    menu = harness.fake.last_message(DELEGATE)
    for data in ("fq:y:99999", "fq:p:abc", "fq:s:1:nope", "tk:r:424242", "tk:c:1", "fq:zz"):
        await harness.callback(DELEGATE, menu["message_id"], data)
    answers = list(harness.fake.answered_callbacks().values())
    assert len(answers) == 6
    # An organisers' button (tk:c) from a delegate is refused as such (and audited).
    assert ["organisers only" in a.get("text", "") for a in answers] == [0, 0, 0, 0, 1, 0]
    assert all("earlier screen" in a.get("text", "") for a in answers[:4] + answers[5:])


async def test_handoff_round_trip_with_escaping_and_promotion(harness: Harness) -> None:
    await harness.send(DELEGATE, "/start", first_name="Ana", last_name="<Lima>")
    await register(harness, DELEGATE, "Ana <Lima> & Co", "PE")
    await harness.send(DELEGATE, UNKNOWN_QUESTION + " <b>&")
    assert "passed your question to the organisers" in texts(harness, DELEGATE)[-2]
    # The overseer gets the ticket with the delegate's name, economy and question, escaped.
    ticket_message = last_with_button(harness, ADMIN_ID, "Close")
    assert "New question #1" in ticket_message["text"]
    assert "Ana <Lima> & Co · Peru" in ticket_message["text"]
    assert "&lt;b&gt;&amp;" in ticket_message["raw_text"]

    # The organiser answers by replying to it; the answer is escaped and marked.
    await harness.send(
        ADMIN_ID,
        "Yes, one in the park <3 & it is free",
        reply_to_message_id=ticket_message["message_id"],
    )
    answer = last_with_button(harness, DELEGATE, "Reply")
    assert "Answer from the organisers" in answer["text"]
    assert "Yes, one in the park <3 & it is free" in answer["text"]
    assert "&lt;3 &amp; it is free" in answer["raw_text"]
    assert "was sent to the delegate" in harness.text(ADMIN_ID)

    # The delegate replies to the answer: the thread continues on the same ticket.
    await harness.send(
        DELEGATE, "Thanks! Is it open on Sunday?", reply_to_message_id=answer["message_id"]
    )
    assert "Sent to the organisers (question #1)" in harness.text(DELEGATE)
    follow_up = last_with_button(harness, ADMIN_ID, "Close")
    assert "writes again" in follow_up["text"] and "on Sunday" in follow_up["text"]
    await harness.send(ADMIN_ID, "/reply 1 Yes, every day.")
    assert "Yes, every day." in texts(harness, DELEGATE)[-1]

    async with harness.session() as session:
        ticket = (await session.scalars(select(Ticket))).one()
        thread = (await session.scalars(select(TicketMessage).order_by(TicketMessage.id))).all()
        audit = (await session.scalars(select(AuditEntry.action))).all()
    assert ticket.status == "answered" and ticket.answered_by == ADMIN_ID
    assert [m.from_staff for m in thread] == [False, True, False, True]
    assert audit.count("ticket.answer") == 2

    # One button turns it into a FAQ entry; the next delegate gets the answer at once.
    await tap(harness, ADMIN_ID, "Add to FAQ")
    await harness.send(OTHER, "/start")
    await harness.send(OTHER, "is there a playground for kids nearby")
    assert any("Yes, every day." in t and "Did this help?" in t for t in texts(harness, OTHER))
    async with harness.session() as session:
        entry = (await session.scalars(select(FaqEntry))).one()
        tickets = (await session.scalars(select(Ticket))).all()
        audit = (await session.scalars(select(AuditEntry.action))).all()
    assert entry.answer == "Yes, every day." and entry.ticket_id == 1
    assert len(tickets) == 1
    assert "faq.promote" in audit

    # Closing from the delegate's side.
    await tap(harness, DELEGATE, "Solved")
    async with harness.session() as session:
        closed = await session.get(Ticket, 1)
    assert closed is not None and closed.status == "closed"


async def test_tickets_name_the_delegates_economy_as_people_read_it(harness: Harness) -> None:
    """'International organisation' / 'Other', in each reader's language: not the codes
    the registration stores for those two answers."""
    await harness.send(ORGANISER, "/start", language_code="ru")
    async with harness.session() as session:
        session.add(StaffRole(user_id=ORGANISER, role="organiser", added_by=ADMIN_ID))
        await session.commit()
    await harness.send(DELEGATE, "/start")
    await register(harness, DELEGATE, "Ana Lima", "intl")
    await harness.send(DELEGATE, UNKNOWN_QUESTION)
    to_overseer = last_with_button(harness, ADMIN_ID, "Close")["text"]
    assert "Ana Lima · 🌐 International organisation" in to_overseer
    assert "Ana Lima · 🌐 Международная организация" in texts(harness, ORGANISER)[-1]

    await harness.send(OTHER, "/start")
    await register(harness, OTHER, "Bo Chen", "other")
    await harness.send(OTHER, UNKNOWN_QUESTION)
    assert "Bo Chen · Other" in last_with_button(harness, ADMIN_ID, "Close")["text"]

    await harness.send(ADMIN_ID, "/tickets")
    listing = harness.text(ADMIN_ID)
    assert "#1 · Ana Lima · 🌐 International organisation" in listing
    assert "#2 · Bo Chen · Other" in listing
    assert not any("· intl" in t or "· other" in t for t in texts(harness, ADMIN_ID))


async def test_ask_a_person_after_an_answer_and_the_reply_button(harness: Harness) -> None:
    await harness.send(DELEGATE, "/start")
    await harness.send(DELEGATE, "is there wifi at the venue")
    answer = last_with_button(harness, DELEGATE, "Ask a person")
    rows = answer["reply_markup"]["inline_keyboard"]
    data = next(b["callback_data"] for row in rows for b in row if "Ask a person" in b["text"])
    await harness.callback(DELEGATE, answer["message_id"], data)
    assert "question #1" in texts(harness, DELEGATE)[-2]
    await harness.callback(DELEGATE, answer["message_id"], data)  # a double tap
    assert (
        "already with the organisers"
        in list(harness.fake.answered_callbacks().values())[-1]["text"]
    )
    async with harness.session() as session:
        tickets = (await session.scalars(select(Ticket))).all()
        query = (await session.scalars(select(FaqQuery))).one()
    assert len(tickets) == 1 and query.outcome == "escalated" and query.ticket_id == 1

    await harness.send(ADMIN_ID, "/reply 1 The password is on your badge.")
    await tap(harness, DELEGATE, "Reply")
    assert "about question #1" in harness.text(DELEGATE)
    await harness.send(DELEGATE, "I lost my badge :(")
    assert "Sent to the organisers" in texts(harness, DELEGATE)[-2]
    assert "I lost my badge" in texts(harness, ADMIN_ID)[-1]


async def test_organisers_list_close_and_answer_in_the_admin_menu(harness: Harness) -> None:
    for user in (DELEGATE, OTHER):
        await harness.send(user, "/start")
        await harness.send(user, f"{UNKNOWN_QUESTION} (from {user})")
    await harness.send(ADMIN_ID, "/tickets")
    listing = harness.text(ADMIN_ID)
    assert "Open questions: 2" in listing and "#1" in listing and "#2" in listing

    await harness.send(ADMIN_ID, "/admin")
    await harness.press(ADMIN_ID, "Questions (tickets)")
    assert "Open: 2" in harness.text(ADMIN_ID)
    await harness.press(ADMIN_ID, "#2")
    assert f"(from {OTHER})" in harness.text(ADMIN_ID)
    # Typed in the ticket's window: the answer, not a question to the FAQ.
    await harness.send(ADMIN_ID, "Sorry, none nearby.")
    assert any("Sorry, none nearby." in t for t in texts(harness, OTHER))
    assert "Add to FAQ" in " ".join(harness.buttons(ADMIN_ID))
    await harness.press(ADMIN_ID, "Close")
    async with harness.session() as session:
        statuses = {t.id: t.status for t in (await session.scalars(select(Ticket))).all()}
        audit = (await session.scalars(select(AuditEntry.action))).all()
    assert statuses == {1: "open", 2: "closed"}
    assert "ticket.close" in audit


async def test_reply_and_tickets_are_for_organisers_only(harness: Harness) -> None:
    await harness.send(DELEGATE, "/start")
    await harness.send(DELEGATE, UNKNOWN_QUESTION)
    await harness.send(OTHER, "/reply 1 I am not an organiser")
    assert "don't know this command" in harness.text(OTHER)
    await harness.send(OTHER, "/tickets")
    assert "don't know this command" in harness.text(OTHER)
    assert not any("not an organiser" in t for t in texts(harness, DELEGATE))
    async with harness.session() as session:
        denied = (
            await session.scalars(select(AuditEntry.target).where(AuditEntry.action == "denied"))
        ).all()
    assert sorted(denied) == ["/reply", "/tickets"]
    await harness.send(ADMIN_ID, "/reply")
    assert "for example" in harness.text(ADMIN_ID)
    await harness.send(ADMIN_ID, "/reply 77 hello")
    assert "There is no question #77" in harness.text(ADMIN_ID)
    await harness.send(ADMIN_ID, "/reply 1 " + "x" * 3600)
    assert "too long" in harness.text(ADMIN_ID)
    assert not any("Answer from the organisers" in t for t in texts(harness, DELEGATE))


async def test_organisers_receive_tickets_and_a_helpdesk_chat_replaces_them(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    helpdesk = -100123

    def use_helpdesk(dp: Dispatcher) -> None:
        dp["settings"] = dp["settings"].model_copy(update={"helpdesk_chat_id": helpdesk})

    async with running_bot(fake_api, sqlite_url, admin_ids=[ADMIN_ID]) as h:
        await h.send(ORGANISER, "/start", language_code="ru")
        async with h.session() as session:
            session.add(StaffRole(user_id=ORGANISER, role="organiser", added_by=ADMIN_ID))
            await session.commit()
        await h.send(DELEGATE, "/start")
        await h.send(DELEGATE, UNKNOWN_QUESTION)
        assert "New question #1" in h.text(ADMIN_ID)
        assert "Новый вопрос №1" in h.text(ORGANISER)  # in the organiser's language

    async with running_bot(fake_api, sqlite_url, admin_ids=[ADMIN_ID], customize=use_helpdesk) as h:
        mark = len(h.fake.messages(ADMIN_ID))
        await h.send(DELEGATE, "Can my husband come too?")
        assert len(h.fake.messages(ADMIN_ID)) == mark  # no longer to the overseer privately
        post = h.fake.last_message(helpdesk)
        assert "New question #2" in post["text"]
        # Anyone in the helpdesk group answers by replying there.
        await h.send(
            777,
            "Only outside, at the back entrance.",
            chat_id=helpdesk,
            chat_type="supergroup",
            reply_to_message_id=post["message_id"],
        )
        assert "Only outside" in h.text(DELEGATE)
        await h.send(777, "/tickets", chat_id=helpdesk, chat_type="supergroup")
        assert "Open questions: 1" in h.text(helpdesk)
        # Ordinary group chatter is no question.
        before = len(h.fake.messages(helpdesk))
        await h.send(777, "coffee anyone?", chat_id=helpdesk, chat_type="supergroup")
        assert len(h.fake.messages(helpdesk)) == before


async def test_topics_from_a_greeting_and_back_to_the_menu(harness: Harness) -> None:
    await harness.send(DELEGATE, "hi")  # no /start: no dialog is open yet
    assert "Ask me anything" in harness.text(DELEGATE)
    await tap(harness, DELEGATE, "Topics")
    assert "Logistics &amp; questions" in harness.fake.last_message(DELEGATE)["raw_text"]
    await harness.press(DELEGATE, "Visa")
    assert "invitation letter" in harness.text(DELEGATE)
    await harness.press(DELEGATE, "Yes, thanks")
    await harness.press(DELEGATE, "Transport")
    await harness.press(DELEGATE, "airport")
    assert "Aeroexpress" in harness.text(DELEGATE)
    await harness.press(DELEGATE, "Back")
    await harness.press(DELEGATE, "Back")
    await harness.press(DELEGATE, "Back")
    assert "Choose what you need" in harness.text(DELEGATE)
