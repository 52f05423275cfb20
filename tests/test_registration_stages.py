"""Registration in two stages: the nomination in at most 12 interactions, then travel
details once approved (what is missing, the cut-off date, the reminder's audience, the
completeness organisers see), through the fake Bot API."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy import select

from core.event import RegistrationForm
from services.registration import travel_completeness, travel_edit_until
from services.reminder_plan import sync_plan
from storage.models.delivery import ScheduledReminder
from storage.models.registration import RegistrationStatus
from storage.repositories.audience import recipients
from tests.conftest import ADMIN_ID
from tests.harness import Harness
from tests.test_registration_admin import latest, open_queue, press_in
from tests.test_registration_wizard import (
    answer,
    approve,
    fill_travel,
    open_travel,
    register,
    stored,
)

DELEGATE = 601
OTHER = 602


class Counter:
    """Every message or button press the user sends, counted."""

    def __init__(self, h: Harness, user: int) -> None:
        self.h, self.user, self.count = h, user, 0

    async def send(self, text: str) -> None:
        self.count += 1
        await self.h.send(self.user, text)

    async def press(self, button: str) -> None:
        self.count += 1
        await self.h.press(self.user, button)

    async def contact(self, phone: str) -> None:
        self.count += 1
        await self.h.feed(self.h.fake.enqueue_message(self.user, None, contact=phone))


async def test_a_standard_delegate_submits_the_nomination_in_at_most_12_interactions(
    harness: Harness,
) -> None:
    h = harness
    await h.send(DELEGATE, "/start", first_name="Ana", last_name="Pérez")
    await h.press(DELEGATE, "Registration")  # counted from here: the consent comes next
    user = Counter(h, DELEGATE)
    await user.press("I agree")
    assert "✅ Ana Pérez" in h.buttons(DELEGATE)  # the Telegram profile's name, one tap
    await user.press("✅ Ana Pérez")
    await user.send("chil")  # one match: taken at once
    await user.send("IP Office of Chile")
    await user.send("Senior examiner")
    await user.press("IP office")
    await user.press("Delegate")
    await user.press("Female")
    await user.send("ana@example.org")
    await user.contact("56223456789")  # Telegram's "Share my number" button
    await user.press("Yes")  # funding: Chile is travel-eligible
    assert "Please check your answers" in h.text(DELEGATE)
    await user.press("Confirm")
    assert "registration is submitted" in h.text(DELEGATE)
    assert user.count <= 12, user.count
    reg = await stored(h, DELEGATE)
    assert reg.status == RegistrationStatus.SUBMITTED and reg.funding_requested
    assert (reg.full_name, reg.economy, reg.organisation, reg.email) == (
        "Ana Pérez",
        "CHL",
        "IP Office of Chile",
        "ana@example.org",
    )
    assert reg.answers["phone"] == "+56 2 2345 6789" and reg.answers["job_title"]
    assert not {"arrival_date", "flight", "hotel_needed", "dietary"} & set(reg.answers)
    # A funded request waits for approval before travel details are asked.
    assert "asked once your registration is approved" in h.text(DELEGATE)
    # Sessions of interest are no longer asked: followed in the programme, one tap away.
    assert "sessions_of_interest" not in reg.answers
    assert "tap ⭐ Follow on each" in h.text(DELEGATE)
    await h.press(DELEGATE, "📅 Programme")
    assert "Choose a day" in h.text(DELEGATE), h.text(DELEGATE)


async def test_travel_details_after_approval(harness: Harness) -> None:
    h = harness
    await h.send(ADMIN_ID, "/start")
    await register(h, DELEGATE)
    await h.send(DELEGATE, "/start")
    await h.press(DELEGATE, "Registration")
    assert "Travel details" not in " ".join(h.buttons(DELEGATE))  # not open before approval
    assert "asked once your registration is approved" in h.text(DELEGATE)

    # The organiser approves from the queue; the approval says what is still missing.
    await open_queue(h)
    await h.press(ADMIN_ID, "O'Neil")
    assert "Travel details" not in h.text(ADMIN_ID)
    await h.press(ADMIN_ID, "Approve")
    told = latest(h, DELEGATE, "Your registration is approved")["text"]
    assert "Next: your travel details" in told and "Arrival date, Departure date" in told
    assert "10 Sep 2027" in told  # the event file's travel_edit_until
    assert (await stored(h, DELEGATE)).travel_missing == 6

    # The profile says what is missing; Travel details asks only those.
    await h.send(DELEGATE, "/start")
    await h.press(DELEGATE, "Registration")
    assert "Travel details still missing: Arrival date" in h.text(DELEGATE)
    await h.press(DELEGATE, "Travel details")
    text = h.text(DELEGATE)
    assert "Step 1 of 6" in text and "Arrival date" in text
    await h.press(DELEGATE, "13")
    await h.press(DELEGATE, "Back")  # Back works in this stage too
    assert "Arrival date" in h.text(DELEGATE) and "Current answer" in h.text(DELEGATE)
    await h.press(DELEGATE, "13")
    await fill_travel(h, DELEGATE, arrival_date=None)
    reg = await stored(h, DELEGATE)
    assert reg.answers["arrival_date"] == "2027-09-13" and reg.answers["flight"] is None
    assert reg.answers["dietary"] == "Vegetarian" and reg.travel_missing == 0
    assert travel_completeness(h.seminar, reg).complete

    # ✏️ edits a travel detail from their summary (the nomination is not offered there).
    assert "✏️ Organisation" not in h.buttons(DELEGATE)
    await h.press(DELEGATE, "✏️ Flight details")
    await answer(h, DELEGATE, ("type", "SU 123, SVO"))
    assert "Your travel details" in h.text(DELEGATE)
    assert (await stored(h, DELEGATE)).answers["flight"] == "SU 123, SVO"

    # Organisers see the completeness in the queue and /stats.
    await open_queue(h)
    await h.press(ADMIN_ID, "Approved")
    assert any("✈️6/6" in b for b in h.buttons(ADMIN_ID)), h.buttons(ADMIN_ID)
    await h.send(ADMIN_ID, "/stats")
    assert "Travel details of the approved: complete 1 · missing 0" in h.text(ADMIN_ID)


async def test_the_approval_message_opens_the_travel_details_in_one_tap(
    harness: Harness,
) -> None:
    h = harness
    await h.send(ADMIN_ID, "/start")
    await register(h, DELEGATE)
    await open_queue(h)
    await h.press(ADMIN_ID, "O'Neil")
    await h.press(ADMIN_ID, "Approve")
    approval = latest(h, DELEGATE, "Your registration is approved")
    assert "Tap the button below" in approval["text"]

    await press_in(h, DELEGATE, approval, "✈️ Travel details")
    first = h.fake.last_message(DELEGATE)
    assert first["message_id"] != approval["message_id"]  # a new message: the approval stays
    assert "Step 1 of 6" in first["text"] and "Arrival date" in first["text"]
    assert "Your registration is approved" in latest(h, DELEGATE, "approved")["text"]
    await h.press(DELEGATE, "13")
    assert (await stored(h, DELEGATE)).answers["arrival_date"] == "2027-09-13"

    # After the cut-off, the same button says why in an alert, and nothing opens.
    h.dp["seminar"] = h.seminar.model_copy(
        update={
            "registration": h.seminar.registration.model_copy(
                update={"travel_edit_until": date(2020, 1, 1)}
            )
        }
    )
    shown = h.fake.last_message(DELEGATE)["message_id"]
    await press_in(h, DELEGATE, approval, "✈️ Travel details")
    alert = list(h.fake.answered_callbacks().values())[-1]
    assert alert.get("show_alert") and "could be changed until 1 Jan 2020" in alert["text"]
    assert h.fake.last_message(DELEGATE)["message_id"] == shown


async def test_travel_details_cannot_change_after_the_cut_off(harness: Harness) -> None:
    h = harness
    await register(h, DELEGATE)
    await approve(h, DELEGATE)
    past = h.seminar.model_copy(
        update={
            "registration": h.seminar.registration.model_copy(
                update={"travel_edit_until": date(2020, 1, 1)}
            )
        }
    )
    h.dp["seminar"] = past
    await open_travel(h, DELEGATE)
    text = h.text(DELEGATE)
    assert "could be changed until 1 Jan 2020" in text and "write to the organisers" in text
    assert "arrival_date" not in (await stored(h, DELEGATE)).answers


async def test_reminder_goes_to_approved_delegates_with_travel_details_missing(
    harness: Harness,
) -> None:
    h = harness
    await register(h, DELEGATE)
    await register(h, OTHER)
    await approve(h, DELEGATE)
    await approve(h, OTHER)
    await open_travel(h, OTHER)
    await fill_travel(h, OTHER)
    async with h.session() as session:
        assert await recipients(session, h.seminar, {"kind": "travel_missing"}) == [DELEGATE]
        await sync_plan(session, h.seminar, datetime(2027, 1, 1, tzinfo=UTC), timedelta(1))
        await session.commit()
        rows = (
            await session.scalars(
                select(ScheduledReminder).where(
                    ScheduledReminder.plan_id == "travel-details-missing"
                )
            )
        ).all()
    assert len(rows) == 1
    assert rows[0].audience == "travel_missing" and rows[0].state == "scheduled"
    assert rows[0].due_at == datetime(2027, 8, 24, 7, 0, tzinfo=UTC)  # -21d 10:00 Moscow


def test_event_file_stages_and_cut_off() -> None:
    form = RegistrationForm.model_validate(
        {
            "fields": [
                {"id": "full_name", "type": "text", "label": "Name"},
                {"id": "arrival_date", "type": "date", "label": "Arrival"},
                {"id": "visa", "type": "boolean", "label": "Visa", "stage": "travel"},
                {"id": "hotel_needed", "type": "boolean", "label": "Hotel", "stage": "nomination"},
            ],
            "travel_edit_until": 5,
        }
    )
    assert [f.id for f in form.stage_fields("nomination")] == ["full_name", "hotel_needed"]
    assert [f.id for f in form.stage_fields("travel")] == ["arrival_date", "visa"]
    assert form.travel_edit_until == 5
    with pytest.raises(ValidationError, match="cannot depend on a travel field"):
        RegistrationForm.model_validate(
            {
                "fields": [
                    {"id": "flight", "type": "text", "label": "Flight"},
                    {
                        "id": "x",
                        "type": "text",
                        "label": "X",
                        "show_if": {"question": "flight", "equals": "a"},
                    },
                ]
            }
        )
    with pytest.raises(ValidationError, match="days before the event"):
        RegistrationForm.model_validate({"travel_edit_until": "soon"})


def test_default_cut_off_is_three_days_before(harness: Harness) -> None:
    seminar = harness.seminar
    assert travel_edit_until(seminar) == date(2027, 9, 10)
    default = seminar.model_copy(
        update={"registration": RegistrationForm.model_validate({"fields": []})}
    )
    assert travel_edit_until(default) == seminar.dates.start - timedelta(days=3)
