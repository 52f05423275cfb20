"""Organisers through the dispatcher: the queue, decisions and their notifications,
freed places, focal point, edits after approval, invitation letters."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from services.letters import letter_text
from storage.models import AuditEntry, StaffRole
from storage.models.registration import (
    Funding,
    InvitationLetter,
    LetterStatus,
    RegistrationStatus,
)
from tests.conftest import ADMIN_ID
from tests.harness import Harness
from tests.personal_scan import assert_nowhere
from tests.test_registration_quota import make
from tests.test_registration_wizard import (
    NAME,
    approve,
    fill_travel,
    open_travel,
    register,
    stored,
)

S = RegistrationStatus
DELEGATE = 501
ORGANISER = 2000


def latest(h: Harness, chat: int, text: str) -> dict[str, Any]:
    """The latest bot message in the chat that contains `text`."""
    found = [m for m in h.fake.messages(chat) if text in m.get("text", "")]
    assert found, (text, [m.get("text", "")[:60] for m in h.fake.messages(chat)])
    return found[-1]


async def press_in(h: Harness, chat: int, message: dict[str, Any], text: str) -> None:
    """Tap a button of a given (not necessarily the latest) message."""
    data = next(
        b["callback_data"]
        for row in message["reply_markup"]["inline_keyboard"]
        for b in row
        if text in b["text"]
    )
    await h.callback(chat, message["message_id"], data)


async def open_queue(h: Harness, staff: int = ADMIN_ID) -> None:
    await h.send(staff, "/admin")
    await h.press(staff, "Registrations queue")


async def test_organiser_approves_and_the_delegate_is_told_in_russian(harness: Harness) -> None:
    async with harness.session() as session:
        session.add(StaffRole(user_id=ORGANISER, role="organiser", added_by=ADMIN_ID))
        await session.commit()
    await register(harness, DELEGATE)
    await harness.send(DELEGATE, "/language")
    await harness.press(DELEGATE, "Русский")

    await open_queue(harness, ORGANISER)
    text = harness.text(ORGANISER)
    assert "Registrations" in text and "Submitted (1)" in " ".join(harness.buttons(ORGANISER))
    await harness.press(ORGANISER, "O'Neil")
    detail = harness.text(ORGANISER)
    assert NAME in detail and "funded place" in detail and "IP Office of Chile" in detail
    await harness.press(ORGANISER, "Approve")
    reg = await stored(harness, DELEGATE)
    assert reg.status == S.APPROVED and reg.checkin_token
    told = latest(harness, DELEGATE, "Ваша регистрация одобрена")["text"]
    assert "финансируемое место" in told
    badge = harness.fake.last_message(DELEGATE)  # the QR badge follows the good news
    assert "photo" in badge and "стойке регистрации" in badge["caption"]
    assert "approved" in harness.text(ORGANISER)
    async with harness.session() as session:
        audit = (
            await session.scalars(select(AuditEntry).where(AuditEntry.actor_id == ORGANISER))
        ).all()
    assert [(a.action, a.target) for a in audit] == [
        ("registration.approve", f"registration:{reg.id}")
    ]

    # The organiser marks the delegate as focal point of Chile.
    await harness.press(ORGANISER, "Make focal point")
    assert (await stored(harness, DELEGATE)).focal_point
    assert "Not focal point" in " ".join(harness.buttons(ORGANISER))

    # An edit after approval notifies the organisers.
    await harness.send(DELEGATE, "/start")
    await harness.press(DELEGATE, "Мои данные")
    await harness.press(DELEGATE, "Изменить ответы")
    assert "Экономика" not in " ".join(harness.buttons(DELEGATE))  # locked after submission
    await harness.press(DELEGATE, "✏️ Должность")
    await harness.send(DELEGATE, "Head of division")
    assert "Ваши ответы" in harness.text(DELEGATE)
    assert (await stored(harness, DELEGATE)).answers["job_title"] == "Head of division"
    edited = harness.fake.last_message(ORGANISER)["text"]
    assert "changed" in edited and "Job title" in edited


async def test_rejection_with_a_reason_is_escaped_and_frees_the_place(harness: Harness) -> None:
    async with harness.session() as session:
        for i in range(3):
            await make(session, harness.seminar, 80 + i, "CHL")
    waiting = await register(harness, DELEGATE)
    assert waiting.status == S.WAITLISTED
    await harness.send(ADMIN_ID, "/start")
    await open_queue(harness)
    await harness.press(ADMIN_ID, "Delegate 80")
    await harness.press(ADMIN_ID, "Reject")
    assert "optional" in harness.text(ADMIN_ID)
    await harness.send(ADMIN_ID, "x" * 600)
    assert "too long" in harness.text(ADMIN_ID)
    await harness.send(ADMIN_ID, "Nomination <b>missing</b> & late")
    assert "not accepted" in harness.text(ADMIN_ID)
    told = harness.fake.last_message(80)
    assert "Nomination <b>missing</b> & late" in told["text"]  # shown as typed, not as HTML
    # The freed place is offered to the first waitlisted delegate; one tap gives it.
    offer = latest(harness, ADMIN_ID, "First on the waitlist")
    assert NAME in offer["text"]
    await press_in(harness, ADMIN_ID, offer, "Offer the place")
    reg = await stored(harness, DELEGATE)
    assert (reg.status, reg.funding) == (S.APPROVED, Funding.FUNDED)
    assert latest(harness, DELEGATE, "registration is approved")
    # The same button again: nothing happens twice.
    await harness.callback(ADMIN_ID, offer["message_id"], "rp:" + str(reg.id))
    answers = list(harness.fake.answered_callbacks().values())
    assert "already" in answers[-1]["text"]


async def test_withdrawal_notifies_organisers_and_offers_the_place(harness: Harness) -> None:
    async with harness.session() as session:
        await make(session, harness.seminar, 80, "PE")
        await make(session, harness.seminar, 81, "PE")
        await make(session, harness.seminar, 82, "PE")
        waiting = await make(session, harness.seminar, 83, "PE")
        assert waiting.status == S.WAITLISTED
    await harness.send(ADMIN_ID, "/start")
    await register(harness, DELEGATE, economy="Peru", search="peru")
    await harness.send(DELEGATE, "/start")
    await harness.press(DELEGATE, "My data")
    await harness.press(DELEGATE, "Withdraw")
    assert "Withdraw your registration?" in harness.text(DELEGATE)
    await harness.press(DELEGATE, "No, go back")
    assert (await stored(harness, DELEGATE)).status == S.WAITLISTED
    # A waitlisted delegate withdrawing frees nothing; a funded one does.
    await harness.press(DELEGATE, "Withdraw")
    await harness.press(DELEGATE, "Yes, withdraw")
    assert "withdrawn" in harness.text(DELEGATE)
    assert "withdrew" in harness.fake.last_message(ADMIN_ID)["text"]
    await harness.send(80, "/start")
    await harness.press(80, "My data")
    await harness.press(80, "Withdraw")
    await harness.press(80, "Yes, withdraw")
    offer = latest(harness, ADMIN_ID, "First on the waitlist")
    assert "Delegate 83" in offer["text"]
    await press_in(harness, ADMIN_ID, offer, "Offer the place")
    assert (await stored(harness, 83)).funding == Funding.FUNDED


async def test_invitation_letter_is_sent_only_after_approval(harness: Harness) -> None:
    await harness.send(ADMIN_ID, "/start")
    await register(harness, DELEGATE)
    # The letter names the travel dates, given once the registration is approved.
    await approve(harness, DELEGATE)
    await open_travel(harness, DELEGATE)
    await fill_travel(harness, DELEGATE)
    await harness.send(DELEGATE, "/start")
    await harness.press(DELEGATE, "My data")
    await harness.press(DELEGATE, "Invitation letter")
    assert "Invitation letter for a visa" in harness.text(DELEGATE)
    await harness.press(DELEGATE, "Request a letter")
    await harness.send(DELEGATE, "no!")
    assert "passport number" in harness.text(DELEGATE) and "⚠️" in harness.text(DELEGATE)
    await harness.send(DELEGATE, "ab 123 4567")
    await harness.send(DELEGATE, "Chile")
    assert "with the organisers" in harness.text(DELEGATE)
    request = latest(harness, ADMIN_ID, "Invitation letter requested")
    assert "AB1234567" in request["text"] and NAME in request["text"]
    assert not harness.fake.calls_of("sendDocument")

    await press_in(harness, ADMIN_ID, request, "Approve and send")
    documents = [c for c in harness.fake.calls_of("sendDocument") if c.ok]
    assert len(documents) == 1
    sent = harness.fake.last_message(DELEGATE)
    assert sent["document"]["file_name"].endswith(".docx")
    content = letter_text(harness.fake.file_content(sent["document"]["file_id"]))
    for expected in (
        NAME,
        "AB1234567",
        "Chile",
        "IP Office of Chile",
        "Senior examiner",
        "13 September 2027",
        "17 September 2027",
        "covered by the APEC project",
    ):
        assert expected in content, expected
    assert "{{" not in content
    async with harness.session() as session:
        letter = await session.scalar(select(InvitationLetter))
        audit = (await session.scalars(select(AuditEntry.action))).all()
    assert letter is not None and letter.status == LetterStatus.SENT
    assert "letter.approve" in audit
    # The same approval again (a stale button) sends nothing more.
    await harness.callback(ADMIN_ID, request["message_id"], f"rl:{letter.id}:1")
    assert len([c for c in harness.fake.calls_of("sendDocument") if c.ok]) == 1
    await harness.press(DELEGATE, "Back")
    await harness.press(DELEGATE, "Invitation letter")
    assert latest(harness, DELEGATE, "has been sent")


async def test_letter_rejection_from_the_queue_with_a_reason(harness: Harness) -> None:
    await register(harness, DELEGATE)
    await harness.send(DELEGATE, "/start")
    await harness.press(DELEGATE, "My data")
    await harness.press(DELEGATE, "Invitation letter")
    await harness.press(DELEGATE, "Request a letter")
    await harness.send(DELEGATE, "X1234567")
    await harness.send(DELEGATE, "Chile")
    await open_queue(harness)
    await harness.press(ADMIN_ID, "Letters (1)")
    await harness.press(ADMIN_ID, "O'Neil")
    await harness.press(ADMIN_ID, "Decline")
    await harness.send(ADMIN_ID, "Passport expires too soon")
    told = harness.fake.last_message(DELEGATE)["text"]
    assert "declined" in told and "Passport expires too soon" in told
    assert "No letter requests" in harness.text(ADMIN_ID)


async def test_quotas_view_and_staff_only_queue(harness: Harness) -> None:
    async with harness.session() as session:
        for i in range(4):
            await make(session, harness.seminar, 80 + i, "VN", gender="female" if i else "male")
    await open_queue(harness)
    await harness.press(ADMIN_ID, "Quotas")
    text = harness.text(ADMIN_ID)
    assert "Viet Nam: funded 2/2 · alternate 1/1 · waiting 1 · women 3 (target 1)" in text
    # A delegate cannot reach the queue.
    await harness.send(DELEGATE, "/admin")
    assert "don't know this command" in harness.text(DELEGATE)


async def test_the_overseer_erases_one_participant_and_only_the_overseer(
    harness: Harness,
) -> None:
    erased, demoted = 7_000_080, 7_000_900
    async with harness.session() as session:
        await make(session, harness.seminar, erased, "CHL")
        for i in (1, 2):
            await make(session, harness.seminar, erased + i, "CHL")
        session.add(StaffRole(user_id=ORGANISER, role="organiser", added_by=ADMIN_ID))
        session.add(StaffRole(user_id=demoted, role="overseer", added_by=ADMIN_ID))
        await session.commit()
    waiting = await register(harness, DELEGATE)  # Chile's funded places are taken
    assert waiting.status == S.WAITLISTED
    await harness.send(erased, "/start")

    # An organiser sees no such button.
    await harness.send(ORGANISER, "/start")
    await open_queue(harness, ORGANISER)
    await harness.press(ORGANISER, f"Delegate {erased}")
    assert not any("Erase" in b for b in harness.buttons(ORGANISER))

    # An overseer demoted while the question is on screen cannot erase.
    await harness.send(demoted, "/start")
    await open_queue(harness, demoted)
    await harness.press(demoted, f"Delegate {erased}")
    await harness.press(demoted, "Erase personal data")
    async with harness.session() as session:
        role = await session.get(StaffRole, demoted)
        assert role is not None
        role.role = "organiser"
        await session.commit()
    await harness.press(demoted, "Yes, erase")
    refused = list(harness.fake.answered_callbacks().values())[-1]
    assert "Only the Project Overseer" in refused["text"]
    assert (await stored(harness, erased)).full_name == f"Delegate {erased}"  # untouched

    # The overseer: a confirmation first, then everything about the person is gone.
    await harness.send(ADMIN_ID, "/start")
    await open_queue(harness)
    await harness.press(ADMIN_ID, f"Delegate {erased}")
    await harness.press(ADMIN_ID, "Erase personal data")
    assert f"Erase everything stored about Delegate {erased} (Chile)?" in harness.text(ADMIN_ID)
    await harness.press(ADMIN_ID, "Back")
    assert f"Telegram id: {erased}" in harness.text(ADMIN_ID)
    await harness.press(ADMIN_ID, "Erase personal data")
    await harness.press(ADMIN_ID, "Yes, erase")
    assert "organisers have erased" in harness.fake.last_message(erased)["text"]
    async with harness.session() as session:
        await assert_nowhere(session, [str(erased), f"Delegate {erased}"])
        audit = (
            await session.execute(
                select(AuditEntry.actor_id, AuditEntry.target).where(
                    AuditEntry.action == "personal_data.erase"
                )
            )
        ).all()
    assert audit == [(ADMIN_ID, None)]
    # Their funded place is offered to the first on the waitlist.
    offer = latest(harness, ADMIN_ID, "First on the waitlist")
    assert NAME in offer["text"]
    await press_in(harness, ADMIN_ID, offer, "Offer the place")
    assert (await stored(harness, DELEGATE)).funding == Funding.FUNDED
