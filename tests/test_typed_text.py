"""Typed text that is only spaces, invisible or control characters, on every typed-input
screen; edited messages (issue 15, items 1 and 6).

Every probe goes through the fake Bot API as a user would type it: the user must see the
screen's own localized "please type …" answer, never the apology, nothing is logged as an
error, and what was already entered stays.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.typed_text import normalise_with_entities
from core.typed_text import normalise
from storage.models.delivery import Broadcast
from storage.models.logistics import FaqQuery, Ticket
from tests.conftest import ADMIN_ID
from tests.fakebot import FakeBotAPI
from tests.harness import Harness, running_bot
from tests.test_registration_admin import open_queue
from tests.test_registration_wizard import NAME, approve, open_travel, start_registration, stored
from tests.test_registration_wizard import register as register_delegate
from tests.test_surveys import FEEDBACK_OPEN, Clock, with_clock
from tests.test_surveys import register as register_attendee
from tests.test_tickets import tap

DELEGATE = 501

SPACES = (
    [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Zs"]
    + list("\t\n\r\x0b\x0c\x85\u2028\u2029")
    + list("\u200b\u200c\u200d\u2060\ufeff")
)
CONTROLS = "".join(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)])
BLANKS = [*SPACES, CONTROLS, "".join(SPACES) + CONTROLS, " \u00a0 \u3000\t\r\n\u200b "]
"""Every Unicode space, each alone; every control character together; all mixed."""

APOLOGY = "went wrong"


def said_since(h: Harness, mark: int, chat: int) -> list[str]:
    """Texts the bot sent or edited into `chat` since `mark`."""
    return [
        str(call.params.get("text", ""))
        for call in h.fake.calls[mark:]
        if call.method in ("sendMessage", "editMessageText")
        and str(call.params.get("chat_id")) == str(chat)
    ]


async def probe(h: Harness, user: int, expect: str, screen: str) -> None:
    """Type every blank text where `screen` (a fragment of the window) waits for input:
    each gets `expect`, the screen stays."""
    for blank in BLANKS:
        mark = len(h.fake.calls)
        await h.send(user, blank)
        said = said_since(h, mark, user)
        seen = [*said, h.text(user)]
        assert any(expect in text for text in seen), (screen, repr(blank), said)
        assert not any(APOLOGY in text for text in seen), (screen, repr(blank), said)
        assert screen in h.text(user), (screen, repr(blank), h.text(user))


@pytest.fixture
async def any_bot(
    fake_api: FakeBotAPI, db_url: str, request: pytest.FixtureRequest
) -> AsyncIterator[Harness]:
    """The bot on SQLite (dialogs in the database), and on PostgreSQL with Redis as in
    production (dialogs in Redis)."""
    redis_url = None
    if db_url.startswith("postgresql"):
        redis_url = request.getfixturevalue("redis_url")
    async with (
        flushed(redis_url),
        running_bot(fake_api, db_url, admin_ids=[ADMIN_ID], redis_url=redis_url) as h,
    ):
        yield h


@asynccontextmanager
async def flushed(redis_url: str | None) -> AsyncIterator[None]:
    """The test's own Redis database (TEST_REDIS_URL), empty before and after."""
    if redis_url is None:
        yield
        return
    from redis.asyncio import Redis

    client = Redis.from_url(redis_url)
    await client.flushdb()
    try:
        yield
    finally:
        await client.flushdb()
        await client.aclose()


@pytest.fixture
def errors(caplog: pytest.LogCaptureFixture) -> Any:
    """Records of ERROR or worse, checked empty at the end of the test."""
    caplog.set_level(logging.WARNING)
    yield caplog
    bad = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not bad, [r.getMessage() for r in bad]


# --------------------------------------------------------------------------- normalisation


def test_normalise_spaces_invisible_and_control_characters() -> None:
    for blank in BLANKS:
        assert normalise(blank) == "", repr(blank)
    assert normalise("\u00a0Ana\u3000María\u200b\t") == "Ana María"
    assert normalise("a\r\nb\u2028c\u2029d\x85e") == "a\nb\nc\nd\ne"
    assert normalise("x\x00y\x1fz\u202e") == "xyz"
    # Joiners inside emoji and words stay; tag characters of a flag stay.
    family = "👨\u200d👩\u200d👧"
    assert normalise(f" {family} ") == family
    scotland = "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
    assert normalise(scotland) == scotland


def test_entities_move_with_the_text() -> None:
    from aiogram.types import MessageEntity

    # "\u200b\u00a0<b>Bold</b>\u3000😀 <i>it</i>\u200b"
    text = "\u200b\u00a0Bold\u3000😀 it\u200b"
    entities = [
        MessageEntity(type="bold", offset=2, length=4),
        MessageEntity(type="italic", offset=10, length=2),
        MessageEntity(type="underline", offset=0, length=1),  # only the zero-width space
    ]
    new, moved = normalise_with_entities(text, entities)
    assert new == "Bold 😀 it"
    assert moved is not None
    assert [(e.type, e.offset, e.length) for e in moved] == [("bold", 0, 4), ("italic", 8, 2)]


# --------------------------------------------------------------------------- screens


async def test_blank_text_at_the_menu_and_nowhere_gets_a_hint(
    harness: Harness, errors: Any
) -> None:
    # Nowhere: no dialog open yet.
    for blank in BLANKS[:5] + BLANKS[-3:]:
        mark = len(harness.fake.calls)
        await harness.send(DELEGATE, blank)
        said = said_since(harness, mark, DELEGATE)
        assert said == ["Please type your question in words."], (repr(blank), said)
    await harness.send(DELEGATE, "/start")
    await probe(harness, DELEGATE, "Please type your question in words.", "Choose what you need")
    # "Ask the organisers": the window waiting for a question to a person.
    await harness.press(DELEGATE, "Logistics")
    await harness.press(DELEGATE, "Ask the organisers")
    await probe(harness, DELEGATE, "Please type your question in words.", "Type your question")
    async with harness.session() as session:
        assert await session.scalar(select(func.count()).select_from(FaqQuery)) == 0
        assert await session.scalar(select(func.count()).select_from(Ticket)) == 0


async def test_blank_text_in_every_registration_field(any_bot: Harness, errors: Any) -> None:
    h = any_bot
    await start_registration(h, DELEGATE)
    await probe(h, DELEGATE, "The answer is empty", "Full name")
    await h.send(DELEGATE, NAME)
    await probe(h, DELEGATE, "The answer is empty", "Economy")
    await h.send(DELEGATE, "chil")  # one match: taken at once
    await probe(h, DELEGATE, "The answer is empty", "Organisation")
    await h.send(DELEGATE, "IP Office of Chile")
    await h.send(DELEGATE, "Senior examiner")
    await probe(h, DELEGATE, "Please use the buttons below", "Sector")
    await h.press(DELEGATE, "IP office")
    await h.press(DELEGATE, "invite code")
    await probe(h, DELEGATE, "invite code is not valid", "Type the invite code")
    await h.press(DELEGATE, "Back")
    await h.press(DELEGATE, "Delegate")
    await h.press(DELEGATE, "Female")
    await probe(h, DELEGATE, "does not look like an e-mail", "E-mail")
    await h.send(DELEGATE, "ana@example.org")
    await probe(h, DELEGATE, "does not look like a phone number", "Phone")
    await h.send(DELEGATE, "+56 2 2345 6789")
    await probe(h, DELEGATE, "Please use the buttons below", "Funding")
    await h.press(DELEGATE, "Yes")
    # Travel details (stage 2) are asked once approved; an organiser approves.
    assert "Please check your answers" in h.text(DELEGATE)
    await h.press(DELEGATE, "Confirm")
    await approve(h, DELEGATE)
    await open_travel(h, DELEGATE)
    await probe(h, DELEGATE, "Please pick a day in the calendar", "Arrival date")
    await h.press(DELEGATE, "13")
    await h.press(DELEGATE, "17")
    await probe(h, DELEGATE, "The answer is empty", "Flight")  # optional: still not blank
    # Nothing entered so far was lost, and nothing blank was stored.
    reg = await stored(h, DELEGATE)
    assert (reg.full_name, reg.economy, reg.organisation, reg.sector) == (
        NAME,
        "CHL",
        "IP Office of Chile",
        "ip-office",
    )
    assert reg.email == "ana@example.org" and reg.answers["phone"] == "+56 2 2345 6789"
    assert reg.answers["arrival_date"] == "2027-09-13" and "flight" not in reg.answers


async def test_blank_survey_answers(fake_api: FakeBotAPI, sqlite_url: str, errors: Any) -> None:
    async with running_bot(
        fake_api, sqlite_url, admin_ids=[ADMIN_ID], customize=with_clock(Clock(FEEDBACK_OPEN))
    ) as h:
        await _blank_survey_answers(h)


async def _blank_survey_answers(h: Harness) -> None:
    async with h.session() as session:
        await register_attendee(session, DELEGATE, attended=True)
    await h.send(DELEGATE, "/start")
    await h.press(DELEGATE, "Surveys")
    await h.press(DELEGATE, "Seminar feedback")
    await h.press(DELEGATE, "Start")
    await probe(h, DELEGATE, "Please answer with the buttons", "Question 1 of")
    await h.press(DELEGATE, "Delegate")
    await h.press(DELEGATE, "5")
    await h.press(DELEGATE, "4")
    await h.press(DELEGATE, "Skip the rest")
    for score in ("4", "5", "3"):
        await h.press(DELEGATE, score)
    await probe(h, DELEGATE, "Please type your answer as text", "Question 8 of 11")
    await h.send(DELEGATE, "IP audits")
    assert "Question 9 of 11" in h.text(DELEGATE)


async def test_blank_ticket_texts(harness: Harness, errors: Any) -> None:
    h = harness
    await h.send(DELEGATE, "/start")
    await h.send(DELEGATE, "Is there a playground for children nearby?")
    assert "question #1" in " ".join(said_since(h, 0, DELEGATE))
    # The organiser's ticket window (admin menu) and a reply to the ticket's message.
    await h.send(ADMIN_ID, "/admin")
    await h.press(ADMIN_ID, "Questions (tickets)")
    await h.press(ADMIN_ID, "#1")
    await probe(h, ADMIN_ID, "Please type your message", "playground")
    staff_post = next(m for m in h.fake.messages(ADMIN_ID) if "playground" in m.get("text", ""))
    for blank in BLANKS:
        mark = len(h.fake.calls)
        await h.feed(
            h.fake.enqueue_message(ADMIN_ID, blank, reply_to_message_id=staff_post["message_id"])
        )
        said = said_since(h, mark, ADMIN_ID)
        assert any("Please type your message" in t for t in said), (repr(blank), said)
    # The delegate's reply window (after the organiser's answer).
    await h.send(ADMIN_ID, "/reply 1 None nearby, sorry.")
    await tap(h, DELEGATE, "Reply")
    await probe(h, DELEGATE, "Please type your question in words.", "about question #1")
    async with h.session() as session:
        ticket = await session.get(Ticket, 1)
        assert ticket is not None and ticket.status == "answered"


async def test_blank_broadcast_composer(harness: Harness, errors: Any) -> None:
    h = harness
    await h.send(ADMIN_ID, "/broadcast")
    await h.press(ADMIN_ID, "New broadcast")
    await h.press(ADMIN_ID, "One text for all")
    await probe(h, ADMIN_ID, "Please send the text as a message", "Send the text")
    await h.send(ADMIN_ID, "Fine text")
    await h.press(ADMIN_ID, "Skip")
    await probe(h, ADMIN_ID, "I need a label and an address", "button")
    await h.press(ADMIN_ID, "Skip")
    await h.press(ADMIN_ID, "Everyone")
    await h.press(ADMIN_ID, "Schedule")
    await probe(h, ADMIN_ID, "I could not read that", "When should it go?")
    async with h.session() as session:
        assert (await session.scalars(select(Broadcast))).all() == []


async def test_blank_text_on_the_other_typed_input_screens(
    fake_api: FakeBotAPI, sqlite_url: str, errors: Any
) -> None:
    """Profile (invitation letter), organisers' reason, roles, reminders, materials."""
    async with running_bot(fake_api, sqlite_url, admin_ids=[ADMIN_ID], with_scheduler=True) as h:
        await h.send(ADMIN_ID, "/start")
        await register_delegate(h, DELEGATE)
        # The delegate's invitation letter: passport, then citizenship.
        await h.send(DELEGATE, "/start")
        await h.press(DELEGATE, "My data")
        await h.press(DELEGATE, "Invitation letter")
        await h.press(DELEGATE, "Request a letter")
        await probe(h, DELEGATE, "Please type the passport number", "passport")
        await h.send(DELEGATE, "ab 123 4567")
        await probe(h, DELEGATE, "Please type your citizenship", "itizenship")
        await h.send(DELEGATE, "Chile")
        assert "with the organisers" in h.text(DELEGATE)
        # The organiser's reason for a rejection.
        await open_queue(h)
        await h.press(ADMIN_ID, "Ana")
        await h.press(ADMIN_ID, "Reject")
        await probe(h, ADMIN_ID, "Please type your answer as text", "optional")
        await h.press(ADMIN_ID, "Back")
        # The overseer adding an organiser.
        await h.send(ADMIN_ID, "/admins")
        await h.press(ADMIN_ID, "Add an organiser")
        await probe(h, ADMIN_ID, "not a Telegram user ID", "numeric Telegram ID")
        # Reminders: a new time, a new text of one.
        await h.send(ADMIN_ID, "/reminders")
        await h.press(ADMIN_ID, "eve")
        await h.press(ADMIN_ID, "Change time")
        await probe(h, ADMIN_ID, "I could not read that", "")
        await h.send(ADMIN_ID, "2027-09-13 19:30")
        await h.press(ADMIN_ID, "Edit text")
        await h.press(ADMIN_ID, "English")
        await probe(h, ADMIN_ID, "Please send the text as a message", "")
        # Materials: a document's title.
        await h.send(ADMIN_ID, "/materials")
        await h.press(ADMIN_ID, "Publish")
        await h.press(ADMIN_ID, "Upload a document")
        await h.feed(h.fake.enqueue_document(ADMIN_ID, "best-practices.pdf", b"%PDF-1.4 test"))
        await probe(h, ADMIN_ID, "Please send a title", "")
        await h.send(ADMIN_ID, "Best practices")
        assert "Best practices" in h.text(ADMIN_ID)
        # Nothing was lost: the registration and the letter's passport are as typed.
        reg = await stored(h, DELEGATE)
        assert reg.full_name == NAME and reg.status == "submitted"


# --------------------------------------------------------------------------- edited messages


async def typed(h: Harness, user: int, text: str, **kwargs: Any) -> dict[str, Any]:
    """Send `text`; returns the message as Telegram delivered it (to edit it later)."""
    update = h.fake.enqueue_message(user, text, **kwargs)
    await h.feed(update)
    return dict(update["message"])


async def edit(h: Harness, message: dict[str, Any], text: str) -> list[str]:
    """The user edits `message` to `text`; returns what the bot said in reply."""
    edited = {k: v for k, v in message.items() if k != "entities"}
    edited.update(text=text, edit_date=int(message["date"]) + 60)
    mark = len(h.fake.calls)
    await h.feed(h.fake.enqueue_update({"edited_message": edited}))
    return said_since(h, mark, int(message["chat"]["id"]))


EDIT_HINT = "this edit was not taken"


def test_the_bot_asks_telegram_for_edited_messages(harness: Harness) -> None:
    assert "edited_message" in harness.dp.resolve_used_update_types()


async def test_an_edit_is_the_answer_while_the_field_waits_else_explained(
    any_bot: Harness, errors: Any
) -> None:
    h = any_bot
    await start_registration(h, DELEGATE)
    too_long = await typed(h, DELEGATE, "A" * 500)
    assert "too long" in h.text(DELEGATE) and "Full name" in h.text(DELEGATE)
    # Fixing the refused answer by editing it: taken, the wizard goes on.
    said = await edit(h, too_long, "\u00a0Ana Fixed\u200b")
    assert not any(EDIT_HINT in t for t in said)
    assert "Economy" in h.text(DELEGATE)
    assert (await stored(h, DELEGATE)).full_name == "Ana Fixed"
    # The same message edited again: the answer was taken, the wizard has moved on.
    said = await edit(h, too_long, "Ana Changed Again")
    assert any(EDIT_HINT in t and "✏️ next to it on the summary" in t for t in said), said
    assert (await stored(h, DELEGATE)).full_name == "Ana Fixed"
    assert "Economy" in h.text(DELEGATE)
    # A refused answer followed by another message: the edit of the older one is not taken.
    search = await typed(h, DELEGATE, "Atlantis")
    assert "No economy matches" in h.text(DELEGATE)
    await h.send(DELEGATE, "\u3000")
    said = await edit(h, search, "chile")
    assert any(EDIT_HINT in t for t in said), said
    # A blank edit of the last refused message: the field's own answer, nothing lost.
    last = await typed(h, DELEGATE, "Atlantis")
    said = await edit(h, last, "\u00a0\u200b")
    assert any("The answer is empty" in t for t in [*said, h.text(DELEGATE)]), said
    reg = await stored(h, DELEGATE)
    assert reg.full_name == "Ana Fixed" and reg.economy is None


async def test_edits_at_the_menu_in_a_survey_and_in_a_group(
    fake_api: FakeBotAPI, sqlite_url: str, errors: Any
) -> None:
    async with running_bot(
        fake_api, sqlite_url, admin_ids=[ADMIN_ID], customize=with_clock(Clock(FEEDBACK_OPEN))
    ) as h:
        await h.send(DELEGATE, "/start", language_code="ru")
        question = await typed(h, DELEGATE, "Где проходит семинар?", language_code="ru")
        said = await edit(h, question, "Где гостиница?")
        assert said[0] == (
            "✏️ Я читаю только новые сообщения, поэтому правка не учтена. "
            "Пожалуйста, отправьте текст ещё раз новым сообщением."
        )
        assert "Выберите нужный раздел" in h.text(DELEGATE)  # the menu again, below
        async with h.session() as session:
            asked = (await session.scalars(select(FaqQuery.text))).all()
        assert asked == ["Где проходит семинар?"]  # the edit was not asked again
        # A survey: a refused free-text answer fixed by an edit, then an edit of it.
        async with h.session() as session:
            await register_attendee(session, ADMIN_ID, attended=True)
        await h.send(ADMIN_ID, "/start")
        await h.press(ADMIN_ID, "Surveys")
        await h.press(ADMIN_ID, "Seminar feedback")
        await h.press(ADMIN_ID, "Start")
        await h.press(ADMIN_ID, "Delegate")
        await h.press(ADMIN_ID, "5")
        await h.press(ADMIN_ID, "4")
        await h.press(ADMIN_ID, "Skip the rest")
        for score in ("4", "5", "3"):
            await h.press(ADMIN_ID, score)
        long_answer = await typed(h, ADMIN_ID, "x" * 1501)
        assert "Question 8 of 11" in h.text(ADMIN_ID)
        await edit(h, long_answer, "IP audits")
        assert "Question 9 of 11" in h.text(ADMIN_ID)
        said = await edit(h, long_answer, "Something else")
        assert any(EDIT_HINT in t and "survey's summary" in t for t in said), said
        assert "Question 9 of 11" in h.text(ADMIN_ID)
        # An edit in a group (the helpdesk group): nothing is said, nothing relayed.
        group_message = await typed(h, ADMIN_ID, "hello all", chat_id=-100, chat_type="group")
        assert await edit(h, group_message, "hello everyone") == []
