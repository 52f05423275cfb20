"""The reminder plan: synchronised from the event file, sent once, missed when too late,
managed in `/reminders`; session reminders through the same engine."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.scheduler import fire_due, fire_session_reminders
from core.event import Event, load_event
from core.settings import DEFAULT_EVENT_FILE
from services.reminder_plan import sync_plan
from storage.models import AuditEntry
from storage.models.delivery import Broadcast, Delivery, ScheduledReminder
from storage.models.surveys import SurveyCompletion
from tests.conftest import ADMIN_ID
from tests.delivery_helpers import add_registration
from tests.fakebot import FakeBotAPI
from tests.harness import Harness, running_bot

SEMINAR: Event = load_event(DEFAULT_EVENT_FILE)
GRACE = timedelta(hours=6)
ALICE, BORIS, CARLOS = 601, 602, 603  # approved (en), approved (ru), submitted


def _plan_keys() -> list[str]:
    return sorted(
        [
            "plan:travel-info",
            "plan:travel-details-missing",
            "plan:eve",
            "plan:daily-programme:2027-09-14",
            "plan:daily-programme:2027-09-15",
            "plan:daily-programme:2027-09-16",
            "plan:feedback-invitation",
            "plan:feedback-nudge",
            "plan:materials-announcement",
        ]
    )


async def test_the_plan_is_synchronised_once(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    now = datetime(2027, 6, 1, tzinfo=UTC)
    async with session_factory() as session:
        assert await sync_plan(session, SEMINAR, now, GRACE) == {
            "added": 9,
            "updated": 0,
            "cancelled": 0,
        }
        await session.commit()
    async with session_factory() as session:
        rows = {r.key: r for r in (await session.scalars(select(ScheduledReminder))).all()}
        assert sorted(rows) == _plan_keys()
        travel = rows["plan:travel-info"]
        assert travel.due_at == datetime(2027, 9, 7, 7, 0, tzinfo=UTC)  # 10:00 in Moscow
        assert travel.audience == "approved" and travel.include == ["contacts"]
        assert set(travel.texts) == {"en", "ru"} and "in a week" in travel.texts["en"]
        nudge = rows["plan:feedback-nudge"]
        assert (nudge.survey_id, nudge.unless_answered) == ("feedback", "feedback")
        assert rows["plan:daily-programme:2027-09-15"].due_at == datetime(
            2027, 9, 15, 5, 0, tzinfo=UTC
        )
        # An organiser's edit survives the next start; the rest is unchanged.
        rows["plan:eve"].texts = {"en": "edited"}
        rows["plan:eve"].edited = True
        await session.commit()
    async with session_factory() as session:
        assert await sync_plan(session, SEMINAR, now, GRACE) == {
            "added": 0,
            "updated": 0,
            "cancelled": 0,
        }
        await session.commit()
        eve = await session.scalar(
            select(ScheduledReminder).where(ScheduledReminder.key == "plan:eve")
        )
        assert eve is not None and eve.texts == {"en": "edited"}


async def test_first_start_after_the_moments_records_them_as_missed_quietly(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        await sync_plan(session, SEMINAR, datetime(2027, 12, 1, tzinfo=UTC), GRACE)
        await session.commit()
        states = (await session.scalars(select(ScheduledReminder.state))).all()
        broadcasts = (await session.scalars(select(Broadcast))).all()
    assert set(states) == {"missed"} and broadcasts == []


async def _participants(h: Harness) -> None:
    await h.send(ADMIN_ID, "/start")
    await h.send(ALICE, "/start", language_code="en")
    await h.send(BORIS, "/start", language_code="ru")
    await h.send(CARLOS, "/start", language_code="en")
    async with h.session() as session:
        await add_registration(session, ALICE, status="approved")
        await add_registration(session, BORIS, status="approved")
        await add_registration(session, CARLOS, status="submitted")
        await session.commit()


def _got(h: Harness, chat: int, fragment: str) -> int:
    """How many messages containing `fragment` the chat received."""
    return sum(
        1
        for c in h.fake.calls
        if c.ok
        and c.params.get("chat_id") == chat
        and fragment in str(c.params.get("text") or c.params.get("caption") or "")
    )


async def test_a_reminder_due_during_downtime_is_sent_once_within_grace_or_reported(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    async with running_bot(fake_api, sqlite_url, admin_ids=[ADMIN_ID], with_scheduler=True) as h:
        await _participants(h)
        async with h.session() as session:
            eve = await session.scalar(
                select(ScheduledReminder).where(ScheduledReminder.key == "plan:eve")
            )
            assert eve is not None and eve.state == "scheduled"
    # The bot was down from before the travel information (T-7 days) until 2 hours after
    # the eve reminder: the eve reminder is inside the 6-hour grace window, the travel
    # information is days late.
    back = eve.due_at + timedelta(hours=2)
    for _ in range(2):  # the restart, and one more: nothing is sent twice
        async with running_bot(
            fake_api,
            sqlite_url,
            admin_ids=[ADMIN_ID],
            with_scheduler=True,
            clock=lambda: back,
        ) as h:
            assert h.delivery is not None
            assert await h.delivery.engine.drain(within=30)
            async with h.session() as session:
                states = dict(
                    (
                        await session.execute(
                            select(ScheduledReminder.key, ScheduledReminder.state)
                        )
                    ).all()
                )
    assert _got(h, ALICE, "See you tomorrow!") == 1
    assert _got(h, BORIS, "До встречи завтра!") == 1
    assert _got(h, CARLOS, "See you tomorrow!") == 0  # not approved
    # The eve reminder carries the programme and the venue pin.
    eve = next(
        c
        for c in h.fake.calls
        if c.params.get("chat_id") == ALICE and "See you" in str(c.params.get("text"))
    )
    assert "Registration and welcome coffee" in eve.params["text"] or "09:30" in eve.params["text"]
    venues = [c for c in h.fake.calls_of("sendVenue") if c.ok]
    assert sorted(c.params["chat_id"] for c in venues) == [ALICE, BORIS]
    # The travel reminder was too late: nobody got it, the overseer was told once.
    assert _got(h, ALICE, "starts in a week") == 0
    assert _got(h, ADMIN_ID, "travel-info") == 1
    notice = [
        c
        for c in h.fake.calls
        if c.params.get("chat_id") == ADMIN_ID and "travel-info" in str(c.params.get("text"))
    ]
    assert "was due at" in notice[0].params["text"]
    assert states["plan:eve"] == "sent" and states["plan:travel-info"] == "missed"
    assert states["plan:feedback-nudge"] == "scheduled"


async def test_includes_and_only_non_respondents(fake_api: FakeBotAPI, sqlite_url: str) -> None:
    async with running_bot(fake_api, sqlite_url, admin_ids=[ADMIN_ID], with_scheduler=True) as h:
        await _participants(h)
        async with h.session() as session:
            reg_alice = await session.scalar(
                select(ScheduledReminder).where(ScheduledReminder.key == "plan:feedback-nudge")
            )
            assert reg_alice is not None
            nudge_due = reg_alice.due_at
            # Alice and Boris attended; Boris has answered the feedback survey.
            from storage.models.registration import Attendance, Registration

            for uid in (ALICE, BORIS):
                reg = await session.scalar(select(Registration).where(Registration.user_id == uid))
                assert reg is not None
                session.add(
                    Attendance(registration_id=reg.id, day=SEMINAR.dates.start, method="badge")
                )
            session.add(
                SurveyCompletion(
                    survey_id="feedback", user_id=BORIS, completed_on=SEMINAR.dates.end
                )
            )
            await session.commit()
        assert h.delivery is not None
        runtime = h.delivery.runtime
        # The morning of the second day: that day's programme.
        day2 = datetime(2027, 9, 15, 5, 1, tzinfo=UTC)
        assert await fire_due(runtime, day2) >= 1
        assert await h.delivery.engine.drain(within=20)
        morning = h.fake.last_message(ALICE)
        assert morning["text"].startswith("Good morning! Today's programme:")
        day = SEMINAR.day(datetime(2027, 9, 15).date())
        assert day is not None and day.sessions
        assert day.sorted_sessions()[0].title.get("en") in morning["text"]
        # Three days after the end: only the attended participant who has not answered.
        assert await fire_due(runtime, nudge_due + timedelta(minutes=1)) >= 1
        assert await h.delivery.engine.drain(within=20)
        assert _got(h, ALICE, "gentle reminder") == 1
        assert _got(h, BORIS, "Напоминаем") == 0
        nudge = h.fake.last_message(ALICE)
        button = nudge["reply_markup"]["inline_keyboard"][0][0]
        assert button["callback_data"] == "svy:feedback"
        from dialogs.surveys.handlers import SurveyLink

        assert SurveyLink(survey_id="feedback").pack() == button["callback_data"]
        await h.press(ALICE, button["text"])
        assert "Seminar feedback" in h.text(ALICE)


async def test_reminders_dialog_edit_cancel_send_now_and_add(
    fake_api: FakeBotAPI, sqlite_url: str
) -> None:
    async with running_bot(fake_api, sqlite_url, admin_ids=[ADMIN_ID], with_scheduler=True) as h:
        await _participants(h)
        assert h.delivery is not None
        assert {"reminders-tick", "reminders-next", "session-reminders"} <= set(
            h.delivery.scheduler.jobs()
        )
        await h.send(ADMIN_ID, "/reminders")
        assert "Reminders" in h.text(ADMIN_ID)
        assert any("eve" in b for b in h.buttons(ADMIN_ID))

        # Change the time of the eve reminder.
        await h.press(ADMIN_ID, "eve")
        assert "scheduled" in h.text(ADMIN_ID) and "approved participants" in h.text(ADMIN_ID)
        await h.press(ADMIN_ID, "Change time")
        await h.send(ADMIN_ID, "2027-09-13 19:30")
        assert "2027-09-13 19:30" in h.text(ADMIN_ID)
        # Edit its English text (user input is escaped on display, kept as HTML).
        await h.press(ADMIN_ID, "Edit text")
        await h.press(ADMIN_ID, "English")
        await h.send(ADMIN_ID, "Tomorrow at 09:30 <sharp>")
        assert "Tomorrow at 09:30 &lt;sharp&gt;" in h.fake.last_message(ADMIN_ID)["raw_text"]
        # Send it now.
        await h.press(ADMIN_ID, "Send now")
        assert "2" in h.text(ADMIN_ID)
        await h.press(ADMIN_ID, "Yes, send now")
        assert await h.delivery.engine.drain(within=20)
        assert _got(h, ALICE, "Tomorrow at 09:30 &lt;sharp&gt;") == 1
        assert _got(h, BORIS, "До встречи завтра!") == 1  # the Russian text was not changed
        assert "sent" in h.text(ADMIN_ID)

        # Cancel the travel reminder.
        await h.press(ADMIN_ID, "Back")
        await h.press(ADMIN_ID, "travel-info")
        await h.press(ADMIN_ID, "Cancel reminder")
        await h.press(ADMIN_ID, "Yes, cancel it")
        assert "cancelled" in h.text(ADMIN_ID)

        # Add one.
        await h.press(ADMIN_ID, "Back")
        await h.press(ADMIN_ID, "Add a reminder")
        await h.send(ADMIN_ID, "Bus leaves at 18:00")
        await h.send(ADMIN_ID, "yesterday")  # bad: asked again
        assert "When should it go?" in h.text(ADMIN_ID)
        await h.send(ADMIN_ID, "2027-09-15 17:30")
        await h.press(ADMIN_ID, "Approved")
        assert "Bus leaves at 18:00" in h.text(ADMIN_ID)
        await h.press(ADMIN_ID, "Save")
        async with h.session() as session:
            custom = await session.scalar(
                select(ScheduledReminder).where(ScheduledReminder.key.startswith("custom:"))
            )
            travel = await session.scalar(
                select(ScheduledReminder).where(ScheduledReminder.key == "plan:travel-info")
            )
            eve = await session.scalar(
                select(ScheduledReminder).where(ScheduledReminder.key == "plan:eve")
            )
            actions = (await session.scalars(select(AuditEntry.action))).all()
        assert custom is not None and custom.state == "scheduled" and custom.audience == "approved"
        assert custom.due_at == datetime(2027, 9, 15, 14, 30, tzinfo=UTC)
        assert travel is not None and travel.state == "cancelled"
        assert eve is not None and eve.state == "sent" and eve.edited
        for action in (
            "reminder.time",
            "reminder.edit",
            "reminder.send",
            "reminder.cancel",
            "reminder.add",
        ):
            assert action in actions
        await fire_due(h.delivery.runtime, custom.due_at + timedelta(seconds=5))
        assert await h.delivery.engine.drain(within=20)
        assert _got(h, ALICE, "Bus leaves at 18:00") == 1
        assert _got(h, CARLOS, "Bus leaves at 18:00") == 0


async def test_session_reminders_go_through_the_engine(
    fake_api: FakeBotAPI, sqlite_url: str, tmp_path: Path
) -> None:
    from storage.repositories.follows import FollowRepo

    async with running_bot(fake_api, sqlite_url, admin_ids=[ADMIN_ID], with_scheduler=True) as h:
        await _participants(h)
        day, item = next(iter(SEMINAR.iter_sessions()))
        async with h.session() as session:
            await FollowRepo(session).follow(ALICE, item.id)
            await session.commit()
        assert h.delivery is not None
        before = SEMINAR.session_start(day, item) - timedelta(minutes=10)
        assert await fire_session_reminders(h.delivery.runtime, before) == 1
        assert await fire_session_reminders(h.delivery.runtime, before) == 0  # once
        assert await h.delivery.engine.drain(within=20)
        assert _got(h, ALICE, item.title.get("en")) == 1
        async with h.session() as session:
            kinds = (await session.scalars(select(Broadcast.kind))).all()
            rows = (await session.scalars(select(Delivery))).all()
        assert kinds == ["session"] and [r.state for r in rows] == ["sent"]


def test_the_plan_is_checked_when_the_event_file_loads(tmp_path: Path) -> None:
    import pytest
    import yaml

    from core.event import EventFileError

    data = yaml.safe_load(DEFAULT_EVENT_FILE.read_text(encoding="utf-8"))
    path = tmp_path / "event.yaml"
    data["reminders"][0]["include"] = ["day_programme"]  # T-7 days: no programme that day
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(EventFileError, match=r"reminders\[0\]\.include: reminder 'travel-info'"):
        load_event(path)
    data["reminders"][0]["include"] = ["contacts", "contacts"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(EventFileError, match=r"include\[1\]: reminder 'travel-info': duplicate"):
        load_event(path)


async def test_a_reminder_removed_from_the_file_is_cancelled(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    now = datetime(2027, 6, 1, tzinfo=UTC)
    async with session_factory() as session:
        await sync_plan(session, SEMINAR, now, GRACE)
        await session.commit()
    shorter = SEMINAR.model_copy(update={"reminders": SEMINAR.reminders[1:]})
    async with session_factory() as session:
        assert (await sync_plan(session, shorter, now, GRACE))["cancelled"] == 1
        await session.commit()
        travel = await session.scalar(
            select(ScheduledReminder).where(ScheduledReminder.key == "plan:travel-info")
        )
    assert travel is not None and travel.state == "cancelled"
    assert travel.note == "removed from the event file"
