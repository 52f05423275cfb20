"""The registration wizard through the dispatcher, as a delegate uses it.

Also the helpers the other registration tests use (`register`, `reply_button`, ...).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from storage.models import User
from storage.models.registration import (
    Funding,
    Registration,
    RegistrationChange,
    RegistrationStatus,
)
from tests.conftest import ADMIN_ID
from tests.harness import Harness

DELEGATE = 501
NAME = "Ana <b>María</b> O'Neil & Co 🌟"
EMAIL = "ana.maria@example.org"


# --------------------------------------------------------------------------- helpers


def reply_button(h: Harness, user: int, text: str) -> str:
    """The full text of a reply-keyboard button (aiogram-dialog hides its id in the text)."""
    markup = h.fake.last_message(user).get("reply_markup") or {}
    for row in markup.get("keyboard", []):
        for button in row:
            if text in button.get("text", ""):
                return str(button["text"])
    raise AssertionError(f"no reply button {text!r} in {markup}")


async def answer(h: Harness, user: int, step: tuple[str, str]) -> None:
    kind, value = step
    if kind == "type":
        await h.send(user, value)
    elif kind == "press":
        await h.press(user, value)
    elif kind == "reply":
        await h.send(user, reply_button(h, user, value))
    elif kind == "contact":
        await h.feed(h.fake.enqueue_message(user, None, contact=value))
    else:  # pragma: no cover - a typo in a test
        raise AssertionError(kind)


def steps(**overrides: Any) -> list[tuple[str, tuple[str, str] | None]]:
    """The answers of the example event's form, in order (field id, step); None: not asked."""
    base: dict[str, tuple[str, str] | None] = {
        "full_name": ("type", NAME),
        "economy": None,  # two steps, see `register`
        "organisation": ("type", "IP Office of Chile"),
        "job_title": ("type", "Senior examiner"),
        "sector": ("press", "IP office"),
        "role": ("press", "Delegate"),
        "gender": ("press", "Female"),
        "email": ("type", EMAIL),
        "phone": ("type", "+56 2 2345 6789"),
        "funding_requested": ("press", "Yes"),
    }
    base.update(overrides)
    return list(base.items())


def travel_steps(**overrides: Any) -> list[tuple[str, tuple[str, str] | None]]:
    """The travel details of the example event (stage 2, after approval), in order."""
    base: dict[str, tuple[str, str] | None] = {
        "arrival_date": ("press", "13"),
        "departure_date": ("press", "17"),
        "flight": ("press", "Skip"),
        "hotel_needed": ("press", "Yes"),
        "dietary": ("type", "Vegetarian"),
        "accessibility": ("press", "Skip"),
    }
    base.update(overrides)
    return list(base.items())


async def pick_economy(h: Harness, user: int, search: str, economy: str) -> None:
    """Type a search; one match is taken at once, else tap the economy among the matches."""
    await h.send(user, search)
    if "Matches for" in h.text(user) or "Совпадения" in h.text(user):
        await h.press(user, economy)


async def approve(h: Harness, user: int) -> Registration:
    """An organiser approves the user's submitted registration (through the service)."""
    from services.registration import decide

    async with h.session() as session:
        reg = await session.scalar(select(Registration).where(Registration.user_id == user))
        assert reg is not None
        await decide(session, h.seminar, reg, "approve", ADMIN_ID)
    return await stored(h, user)


async def open_travel(h: Harness, user: int) -> None:
    """Menu → Registration (the profile once submitted) → ✈️ Travel details."""
    await h.send(user, "/start")
    await h.press(user, "Registration")
    await h.press(user, "Travel details")


async def fill_travel(h: Harness, user: int, **overrides: Any) -> None:
    """Answer every travel detail, up to their summary."""
    for _field, step in travel_steps(**overrides):
        if step is not None:
            await answer(h, user, step)
    assert "Your travel details" in h.text(user), h.text(user)


async def start_registration(h: Harness, user: int, **kwargs: Any) -> None:
    await h.send(user, "/start", **kwargs)
    await h.press(user, "📝")
    assert "I agree" in " ".join(h.buttons(user)) or "Согласен" in " ".join(h.buttons(user))
    await h.press(user, "✅")


async def fill(
    h: Harness, user: int, *, economy: str = "Chile", search: str = "chil", **overrides: Any
) -> None:
    """Answer every field after the consent, up to the summary."""
    for field, step in steps(**overrides):
        if field == "economy":
            await pick_economy(h, user, search, economy)
        elif step is not None:
            await answer(h, user, step)
    assert "Please check your answers" in h.text(user), h.text(user)


async def register(h: Harness, user: int, *, confirm: bool = True, **kwargs: Any) -> Registration:
    """A complete registration through the wizard; returns the stored row."""
    await start_registration(h, user)
    await fill(h, user, **kwargs)
    if confirm:
        await h.press(user, "Confirm")
    return await stored(h, user)


async def stored(h: Harness, user: int) -> Registration:
    async with h.session() as session:
        reg = await session.scalar(select(Registration).where(Registration.user_id == user))
    assert reg is not None
    return reg


# --------------------------------------------------------------------------- tests


async def test_consent_first_and_decline_stores_nothing(harness: Harness) -> None:
    await harness.send(DELEGATE, "/start")
    await harness.press(DELEGATE, "Registration")
    text = harness.text(DELEGATE)
    assert "We collect what you enter here" in text and "2027-1" in text
    await harness.press(DELEGATE, "I don't agree")
    assert "cannot register you" in harness.text(DELEGATE)
    async with harness.session() as session:
        assert await session.scalar(select(func.count()).select_from(Registration)) == 0
    await harness.press(DELEGATE, "Main menu")
    assert any("Registration" in b for b in harness.buttons(DELEGATE))


async def test_happy_path_stores_every_answer_and_notifies_organisers(harness: Harness) -> None:
    await harness.send(ADMIN_ID, "/start")
    await start_registration(harness, DELEGATE)
    reg = await stored(harness, DELEGATE)
    assert reg.status == RegistrationStatus.DRAFT and reg.consent_version == "2027-1"
    assert reg.consent_at is not None
    assert "Step 1 of" in harness.text(DELEGATE)
    await fill(harness, DELEGATE)
    summary = harness.text(DELEGATE)
    # Escaped HTML and emoji come back exactly as typed.
    assert NAME in summary and EMAIL in summary and "Chile" in summary
    assert "Arrival date" not in summary  # travel details come after approval
    await harness.press(DELEGATE, "Confirm")
    assert "registration is submitted" in harness.text(DELEGATE)

    reg = await stored(harness, DELEGATE)
    assert reg.status == RegistrationStatus.SUBMITTED
    assert reg.funding == Funding.FUNDED and reg.funding_requested
    assert (reg.full_name, reg.economy, reg.gender, reg.role, reg.sector) == (
        NAME,
        "CHL",
        "female",
        "delegate",
        "ip-office",
    )
    assert reg.email == EMAIL and reg.submitted_at is not None
    answers = reg.answers
    assert answers["phone"] == "+56 2 2345 6789"
    assert "arrival_date" not in answers and "sessions_of_interest" not in answers
    async with harness.session() as session:
        history = (await session.scalars(select(RegistrationChange))).all()
    assert [(c.from_status, c.to_status) for c in history] == [("draft", "submitted")]
    staff = harness.fake.last_message(ADMIN_ID)["text"]
    assert "New registration" in staff and NAME in staff


async def test_russian_delegate_sees_russian_and_a_shared_contact_works(harness: Harness) -> None:
    await start_registration(harness, DELEGATE, language_code="ru")
    assert "Шаг 1 из" in harness.text(DELEGATE)
    await harness.send(DELEGATE, "Иван Петров")
    await pick_economy(harness, DELEGATE, "росс", "Россия")  # search in Russian
    for value in ("Роспатент", "Эксперт"):
        await harness.send(DELEGATE, value)
    await harness.press(DELEGATE, "Ведомство по ИС")
    await harness.press(DELEGATE, "Делегат")
    await harness.press(DELEGATE, "Мужской")
    await harness.send(DELEGATE, "ivan@example.org")
    assert "Отправить мой номер" in reply_button(harness, DELEGATE, "Отправить мой номер")
    await harness.feed(harness.fake.enqueue_message(DELEGATE, None, contact="74951234567"))
    reg = await stored(harness, DELEGATE)
    assert reg.answers["phone"] == "+7 495 123-45-67"
    # Russia is not travel-eligible: no funding question; the summary comes next.
    assert "Дата приезда" not in harness.text(DELEGATE)
    assert "Экономика" in harness.text(DELEGATE) and "Подтвердить" in " ".join(
        harness.buttons(DELEGATE)
    )


async def test_someone_elses_contact_is_refused(harness: Harness) -> None:
    await start_registration(harness, DELEGATE)
    for field, step in steps()[:8]:
        if field == "economy":
            await pick_economy(harness, DELEGATE, "chile", "Chile")
        elif step is not None:
            await answer(harness, DELEGATE, step)
    contact = {"phone_number": "+74951234567", "user_id": 999}
    await harness.feed(harness.fake.enqueue_message(DELEGATE, None, contact=contact))
    assert "your own number" in harness.text(DELEGATE)
    assert "phone" not in (await stored(harness, DELEGATE)).answers


async def test_bad_inputs_get_a_message_and_the_same_question(harness: Harness) -> None:
    await start_registration(harness, DELEGATE)
    # A name of 500 characters.
    await harness.send(DELEGATE, "A" * 500)
    text = harness.text(DELEGATE)
    assert "too long" in text and "Full name" in text
    await harness.send(DELEGATE, "/frobnicate")
    assert "looks like a command" in harness.text(DELEGATE)
    await harness.send(DELEGATE, NAME)
    # Economy: a search that finds nothing, then one that does.
    await harness.send(DELEGATE, "Atlantis")
    assert "No economy matches" in harness.text(DELEGATE)
    await harness.send(DELEGATE, "an")  # several matches: buttons
    assert "Matches for" in harness.text(DELEGATE) and "Japan" in harness.buttons(DELEGATE)
    await harness.send(DELEGATE, "viet")  # one match: taken at once
    assert "Organisation" in harness.text(DELEGATE)
    await harness.send(DELEGATE, "Org")
    await harness.send(DELEGATE, "Job")
    # Text where a button is expected.
    await harness.send(DELEGATE, "whatever")
    assert "use the buttons" in harness.text(DELEGATE) and "Sector" in harness.text(DELEGATE)
    await harness.press(DELEGATE, "SME (small")
    # A wrong invite code, then the role by button.
    await harness.press(DELEGATE, "invite code")
    await harness.send(DELEGATE, "LET-ME-IN-PLEASE")
    assert "not valid" in harness.text(DELEGATE)
    await harness.press(DELEGATE, "Back")
    await harness.press(DELEGATE, "Delegate")
    await harness.press(DELEGATE, "Prefer not to say")
    await harness.send(DELEGATE, "not-an-email@")
    assert "does not look like an e-mail" in harness.text(DELEGATE)
    await harness.send(DELEGATE, "delegate@example.org")
    await harness.send(DELEGATE, "12345")
    assert "does not look like a phone number" in harness.text(DELEGATE)
    await harness.send(DELEGATE, reply_button(harness, DELEGATE, "Skip"))
    await harness.send(DELEGATE, "maybe")
    assert "use the buttons" in harness.text(DELEGATE)
    await harness.send(DELEGATE, "no")  # typed yes/no works too
    assert "Please check your answers" in harness.text(DELEGATE)
    await harness.press(DELEGATE, "Confirm")
    await approve(harness, DELEGATE)
    await open_travel(harness, DELEGATE)
    # Dates: outside the window, wrong format, departure before arrival.
    await harness.send(DELEGATE, "01.01.2030")
    assert "between 2027-08-15 and 2027-09-30" in harness.text(DELEGATE)
    await harness.send(DELEGATE, "next tuesday")
    assert "13.09.2027" in harness.text(DELEGATE)
    await harness.send(DELEGATE, "14.09.2027")
    await harness.press(DELEGATE, "12")
    assert "before your arrival" in harness.text(DELEGATE)
    await harness.press(DELEGATE, "16")
    # Nothing entered so far was lost.
    reg = await stored(harness, DELEGATE)
    assert reg.full_name == NAME and reg.economy == "VN" and reg.sector == "sme"
    assert reg.answers["phone"] is None and reg.answers["funding_requested"] is False
    assert reg.answers["arrival_date"] == "2027-09-14"
    assert reg.answers["departure_date"] == "2027-09-16"
    assert reg.gender == "prefer_not_to_say"


async def test_invite_code_gives_the_speaker_role(harness: Harness) -> None:
    await start_registration(harness, DELEGATE)
    await harness.send(DELEGATE, "Dr Speaker")
    await pick_economy(harness, DELEGATE, "japan", "Japan")
    await harness.send(DELEGATE, "JPO")
    await harness.send(DELEGATE, "Director")
    await harness.press(DELEGATE, "Government")
    assert "Speaker" not in " ".join(harness.buttons(DELEGATE))
    await harness.press(DELEGATE, "invite code")
    await harness.send(DELEGATE, " speaker-change-me-2027 ")
    reg = await stored(harness, DELEGATE)
    assert reg.role == "speaker"
    assert "Gender" in harness.text(DELEGATE)


async def test_back_goes_to_the_previous_field_and_keeps_answers(harness: Harness) -> None:
    await start_registration(harness, DELEGATE)
    await harness.send(DELEGATE, NAME)
    assert "Economy" in harness.text(DELEGATE)
    await harness.press(DELEGATE, "Back")
    text = harness.text(DELEGATE)
    assert "Full name" in text and "Current answer" in text
    await harness.send(DELEGATE, "New Name")
    assert "Economy" in harness.text(DELEGATE)  # the next unanswered field
    # The economy list pages instead of a wall of buttons.
    buttons = harness.buttons(DELEGATE)
    assert "Australia" in buttons and "Viet Nam" not in buttons and ">" in buttons
    await harness.press(DELEGATE, ">")
    await harness.press(DELEGATE, ">")
    assert "Viet Nam" in harness.buttons(DELEGATE)
    await harness.press(DELEGATE, "International organisation")
    reg = await stored(harness, DELEGATE)
    assert reg.full_name == "New Name" and reg.economy == "intl"


async def test_each_field_can_be_edited_from_the_summary(harness: Harness) -> None:
    await register(harness, DELEGATE, confirm=False)
    edits: list[tuple[str, tuple[str, str], Any]] = [
        ("Full name", ("type", "Edited Name"), ("full_name", "Edited Name")),
        ("Organisation", ("type", "New Org"), ("organisation", "New Org")),
        ("Job title", ("type", "Chief"), ("job_title", "Chief")),
        ("Sector", ("press", "Research"), ("sector", "research")),
        ("Gender", ("press", "Another gender"), ("gender", "other")),
        ("E-mail", ("type", "new@example.org"), ("email", "new@example.org")),
        ("Phone", ("type", "+1 202 555 0143"), ("phone", "+1 202-555-0143")),
        ("Funding requested", ("press", "No"), ("funding_requested", False)),
    ]
    for label, step, (key, value) in edits:
        await harness.press(DELEGATE, f"✏️ {label}")
        assert label in harness.text(DELEGATE)
        await answer(harness, DELEGATE, step)
        assert "Please check your answers" in harness.text(DELEGATE), (
            label,
            harness.text(DELEGATE),
        )
        reg = await stored(harness, DELEGATE)
        assert reg.answers[key] == value, (key, reg.answers[key])
    # Economy and role (Back from an edit returns to the summary).
    await harness.press(DELEGATE, "✏️ Economy")
    await pick_economy(harness, DELEGATE, "peru", "Peru")
    await harness.press(DELEGATE, "✏️ Role")
    await harness.press(DELEGATE, "Observer")
    # An observer is not asked about funding any more.
    assert "Funding requested" not in harness.text(DELEGATE)
    await harness.press(DELEGATE, "✏️ Gender")
    await harness.press(DELEGATE, "Back")
    assert "Please check your answers" in harness.text(DELEGATE)
    reg = await stored(harness, DELEGATE)
    assert (reg.economy, reg.role, reg.full_name) == ("PE", "observer", "Edited Name")
    await harness.press(DELEGATE, "Confirm")
    reg = await stored(harness, DELEGATE)
    assert reg.status == RegistrationStatus.SUBMITTED and reg.funding == Funding.NONE
    assert "funding_requested" not in reg.answers and not reg.funding_requested


async def test_double_tapped_confirm_creates_one_registration(harness: Harness) -> None:
    await harness.send(ADMIN_ID, "/start")
    await register(harness, DELEGATE, confirm=False)
    summary = harness.fake.last_message(DELEGATE)
    data = next(
        b["callback_data"]
        for row in summary["reply_markup"]["inline_keyboard"]
        for b in row
        if "Confirm" in b["text"]
    )
    before = len(harness.fake.messages(ADMIN_ID))
    await harness.callback(DELEGATE, summary["message_id"], data)
    await harness.callback(DELEGATE, summary["message_id"], data)
    async with harness.session() as session:
        count = await session.scalar(select(func.count()).select_from(Registration))
        changes = (await session.scalars(select(RegistrationChange))).all()
    assert count == 1
    assert [c.to_status for c in changes] == ["submitted"]
    assert len(harness.fake.messages(ADMIN_ID)) == before + 1  # one notification


async def test_cancel_keeps_the_draft_and_registration_resumes(harness: Harness) -> None:
    await start_registration(harness, DELEGATE)
    await harness.send(DELEGATE, NAME)
    await pick_economy(harness, DELEGATE, "chile", "Chile")
    await harness.send(DELEGATE, "/cancel")
    assert any("draft" in m.get("text", "") for m in harness.fake.messages(DELEGATE))
    assert any("Registration" in b for b in harness.buttons(DELEGATE))
    # Back later (after /start): the wizard continues at the same field.
    await harness.send(DELEGATE, "/start")
    await harness.press(DELEGATE, "Registration")
    text = harness.text(DELEGATE)
    assert "Organisation" in text and "Step 3 of" in text
    async with harness.session() as session:
        user = await session.get(User, DELEGATE)
    assert user is not None
