"""The programme: agenda in both languages, sessions, follows, .ics, now & next, speakers,
session reminders and change notices."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

import dialogs.programme.getters as programme_getters
from bot.app import announce_programme_changes as on_startup
from bot.messenger import BotMessenger
from bot.scheduler import fire_session_reminders
from core.event import load_event
from core.i18n import I18n
from core.settings import DEFAULT_EVENT_FILE
from services.calendar import programme_ics
from services.programme import notify_programme_changes
from storage.models.logistics import SessionFollow, SessionReminder
from storage.repositories.follows import (
    FollowRepo,
    claim_session_reminders,
    due_session_reminders,
)
from tests.fakebot import FakeBotAPI
from tests.harness import Harness, running_bot

DELEGATE = 601
OTHER = 602
MSK = ZoneInfo("Europe/Moscow")


def at(day: int, hhmm: str) -> datetime:
    """A moment of the example event, in UTC: day 1 is 14 September 2027."""
    hour, minute = map(int, hhmm.split(":"))
    return datetime(2027, 9, 13 + day, hour, minute, tzinfo=MSK).astimezone(UTC)


def texts(h: Harness, chat: int) -> list[str]:
    return [str(m.get("text", "")) for m in h.fake.messages(chat)]


async def open_day1(h: Harness, user: int, lang: str = "en") -> str:
    await h.send(user, "/start", language_code=lang)
    await h.press(user, "📅 Программа" if lang == "ru" else "📅 Programme")
    await h.press(user, "14")
    return h.text(user)


async def test_the_agenda_of_a_day_in_english(harness: Harness) -> None:
    text = await open_day1(harness, DELEGATE)
    assert "Day 1: Commercializing and marketing IP" in text
    assert "Tuesday, 14 September 2027" in text and "Moscow" in text
    assert "1. 08:30–09:30 Registration and welcome coffee · Foyer" in text
    assert "09:30–10:00 Opening of the seminar · Main Hall" in text
    assert "🎤 Speaker F (Republic of Korea), Speaker G (Mexico)" in text
    assert "🏷 IP marketing" in text
    # Buttons 1..12 open the sessions; the next day is one tap away.
    buttons = harness.buttons(DELEGATE)
    assert [b for b in buttons if b.isdigit()] == [str(i) for i in range(1, 13)]
    await harness.press(DELEGATE, "Next day")
    assert "Day 2" in harness.text(DELEGATE)
    assert "Session 7. Engagement of women in IP commercialization" in harness.text(DELEGATE)


async def test_the_agenda_in_russian(harness: Harness) -> None:
    text = await open_day1(harness, DELEGATE, "ru")
    assert "День 1. Коммерциализация и маркетинг ИС" in text
    assert "вторник, 14 сентября 2027" in text and "Москва" in text
    assert "Регистрация участников, приветственный кофе · Фойе" in text
    assert "Сессия 1. Коммерциализация ИС: проблемы МСП и пути их решения · Большой зал" in text
    assert "🎤 Докладчик F (Республика Корея)" in text
    assert "Следующий день ▶️" in harness.buttons(DELEGATE)


async def test_follow_and_unfollow_a_session(harness: Harness) -> None:
    await open_day1(harness, DELEGATE)
    await harness.press(DELEGATE, "6")
    detail = harness.text(DELEGATE)
    assert "Session 1. IP commercialization" in detail
    assert "11:30–13:00" in detail and "Main Hall" in detail
    assert "Follow it to get a reminder" in detail
    await harness.press(DELEGATE, "Follow")
    assert "15 min before" in list(harness.fake.answered_callbacks().values())[-1]["text"]
    assert "You follow this session" in harness.text(DELEGATE)
    async with harness.session() as session:
        follows = (await session.scalars(select(SessionFollow))).all()
    assert [(f.user_id, f.session_id) for f in follows] == [(DELEGATE, "s1-commercialization")]
    # Back to the day: the session is starred there.
    await harness.press(DELEGATE, "Back")
    assert "6. ⭐" in harness.text(DELEGATE)
    await harness.press(DELEGATE, "6")
    await harness.press(DELEGATE, "Unfollow")
    async with harness.session() as session:
        assert (await session.scalars(select(SessionFollow))).all() == []


async def test_my_sessions_and_the_calendar_files(harness: Harness) -> None:
    import icalendar

    await open_day1(harness, DELEGATE, "ru")
    await harness.press(DELEGATE, "6")
    await harness.press(DELEGATE, "Подписаться")
    await harness.press(DELEGATE, "Назад")
    await harness.press(DELEGATE, "Назад")
    await harness.press(DELEGATE, "Мои сессии")
    assert "Сессия 1. Коммерциализация ИС" in harness.text(DELEGATE)
    await harness.press(DELEGATE, "Мои сессии (.ics)")
    document = harness.fake.calls_of("sendDocument")[-1]
    assert document.ok
    sent = harness.fake.messages(DELEGATE)[-2]["document"]
    assert sent["file_name"] == "my-sessions.ics"
    calendar = icalendar.Calendar.from_ical(harness.fake.file_content(sent["file_id"]))
    events = list(calendar.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == [
        "Сессия 1. Коммерциализация ИС: проблемы МСП и пути их решения"
    ]
    start = events[0].decoded("dtstart")
    assert start == datetime(2027, 9, 14, 11, 30, tzinfo=MSK)
    assert str(start.tzinfo) == "Europe/Moscow"
    # The window is usable again below the file.
    assert "Мои сессии" in harness.text(DELEGATE)

    await harness.press(DELEGATE, "Назад")
    await harness.press(DELEGATE, "Календарь (.ics)")
    sent = harness.fake.messages(DELEGATE)[-2]["document"]
    assert sent["file_name"] == "apec-ip-seminar.ics"
    whole = icalendar.Calendar.from_ical(harness.fake.file_content(sent["file_id"]))
    assert len(list(whole.walk("VEVENT"))) == sum(1 for _ in harness.seminar.iter_sessions())


def test_the_ics_file_parses_back_with_times_and_time_zone() -> None:
    import icalendar

    seminar = load_event(DEFAULT_EVENT_FILE)
    content = programme_ics(seminar, "en")
    calendar = icalendar.Calendar.from_ical(content)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Moscow"]
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == sum(1 for _ in seminar.iter_sessions())
    for day, session in seminar.iter_sessions():
        event = events[f"{session.id}@{seminar.id}"]
        assert event.decoded("dtstart") == seminar.session_start(day, session)
        assert event.decoded("dtend") == seminar.session_end(day, session)
        assert event["dtstart"].params["TZID"] == "Europe/Moscow"
        assert str(event["summary"]) == session.title.get("en")
    opening = events["d1-opening@apec-ip-seminar"]
    assert opening.decoded("dtstart").astimezone(UTC) == datetime(2027, 9, 14, 6, 30, tzinfo=UTC)
    assert "Main Hall" in str(opening["location"])
    assert "Moderator (Rospatent)" in str(opening["description"])


async def test_now_and_next(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(programme_getters, "clock", lambda: at(1, "11:40"))
    await harness.send(DELEGATE, "/start")
    await harness.press(DELEGATE, "Programme")
    await harness.press(DELEGATE, "Now & next")
    text = harness.text(DELEGATE)
    now, after = text.split("Next:")
    assert "Session 1. IP commercialization" in now
    assert "Lunch" in after and "13:00–14:00" in after
    await harness.press(DELEGATE, "1")
    assert "Session 1. IP commercialization" in harness.text(DELEGATE)
    await harness.press(DELEGATE, "Back")
    assert "Now and next" in harness.text(DELEGATE)

    monkeypatch.setattr(programme_getters, "clock", lambda: at(1, "17:45"))
    await harness.press(DELEGATE, "Refresh")
    assert "Nothing is running right now" in harness.text(DELEGATE)
    assert "Welcome reception" in harness.text(DELEGATE)

    monkeypatch.setattr(programme_getters, "clock", lambda: at(0, "10:00") - timedelta(days=9))
    await harness.press(DELEGATE, "Refresh")
    assert "starts on Tuesday, 14 September 2027 at 08:30, in 10 days" in harness.text(DELEGATE)

    monkeypatch.setattr(programme_getters, "clock", lambda: at(4, "10:00"))
    await harness.press(DELEGATE, "Refresh")
    assert "The seminar is over" in harness.text(DELEGATE)


async def test_speakers_with_their_sessions(harness: Harness) -> None:
    await harness.send(DELEGATE, "/start")
    await harness.press(DELEGATE, "Programme")
    await harness.press(DELEGATE, "Speakers")
    await harness.press(DELEGATE, "Speaker A (WIPO)")
    text = harness.text(DELEGATE)
    assert "IP commercialization expert, World Intellectual Property Organization" in text
    assert "Keynote: IP commercialization for SMEs" in text
    assert "Session 6. Patenting abroad" in text
    await harness.press(DELEGATE, "2")
    assert "Session 6. Patenting abroad" in harness.text(DELEGATE)
    await harness.press(DELEGATE, "Back")
    assert "Speaker A (WIPO)" in harness.text(DELEGATE)


async def test_session_reminders_are_due_once(fake_api: FakeBotAPI, db_url: str) -> None:
    async with running_bot(fake_api, db_url, with_scheduler=True) as h:
        seminar = h.seminar
        for user in (DELEGATE, OTHER):
            await h.send(user, "/start", language_code="ru" if user == OTHER else "en")
        async with h.session() as session:
            repo = FollowRepo(session)
            assert await repo.follow(DELEGATE, "s1-commercialization")
            assert not await repo.follow(DELEGATE, "s1-commercialization")
            await repo.follow(OTHER, "s1-commercialization")
            await repo.follow(OTHER, "s2-marketing")
            await session.commit()
            assert await due_session_reminders(session, seminar, at(1, "11:10"), 15) == []
            due = await due_session_reminders(session, seminar, at(1, "11:20"), 15)
            assert due == [(DELEGATE, "s1-commercialization"), (OTHER, "s1-commercialization")]
            # Claiming marks them sent: a second claim gets nothing.
            assert await claim_session_reminders(session, seminar, due[:1]) == due[:1]
            await session.commit()
            assert await claim_session_reminders(session, seminar, due[:1]) == []
            await session.commit()
            assert await due_session_reminders(session, seminar, at(1, "11:20"), 15) == due[1:]
            # Once the session has started it is no longer due.
            assert await due_session_reminders(session, seminar, at(1, "11:31"), 15) == []

        assert h.delivery is not None
        runtime = h.delivery.runtime
        sent = await fire_session_reminders(runtime, now=at(1, "11:20"))
        assert sent == 1
        assert await h.delivery.engine.drain(within=20)
        reminder = h.fake.last_message(OTHER)
        assert "Через 10 мин" in reminder["text"] and "Сессия 1." in reminder["text"]
        assert "Большой зал" in reminder["text"]
        assert await fire_session_reminders(runtime, now=at(1, "11:25")) == 0
        # The button under the reminder opens the session.
        await h.press(OTHER, "Открыть в программе")
        assert "Вы подписаны на эту сессию" in h.text(OTHER)
        async with h.session() as session:
            rows = (await session.scalars(select(SessionReminder))).all()
        assert sorted((r.user_id, r.session_id) for r in rows) == [
            (DELEGATE, "s1-commercialization"),
            (OTHER, "s1-commercialization"),
        ]
        assert rows[0].starts_at == at(1, "11:30")


def _changed_event(tmp_path: Path) -> Path:
    """The example event with session 2 moved, session 3 renamed, the wrap-up removed."""
    text = DEFAULT_EVENT_FILE.read_text(encoding="utf-8")
    s2 = text.index("- id: s2-marketing")
    text = text[:s2] + text[s2:].replace('start: "14:00"', 'start: "14:30"', 1).replace(
        'end: "15:30"', 'end: "16:00"', 1
    )
    text = text.replace(
        'en: "Session 3. Reducing innovation risks in IP management"',
        'en: "Session 3. Managing innovation risks & IP"',
    )
    start = text.index("        - id: d1-wrap-up")
    end = text.index("        - id: d1-reception")
    text = text[:start] + text[end:]
    path = tmp_path / "event.yaml"
    path.write_text(text, encoding="utf-8")
    load_event(path)  # still a valid event file
    return path


async def test_followers_are_told_of_programme_changes_once(
    fake_api: FakeBotAPI, sqlite_url: str, tmp_path: Path
) -> None:
    i18n = I18n()
    async with running_bot(fake_api, sqlite_url) as h:
        # The first start only takes the snapshot.
        assert (
            await notify_programme_changes(
                BotMessenger(h.bot), h.resources.session_factory, h.seminar, i18n
            )
            == 0
        )
        await h.send(DELEGATE, "/start")
        await h.send(OTHER, "/start", language_code="ru")
        async with h.session() as session:
            repo = FollowRepo(session)
            for session_id in ("s2-marketing", "s3-risks", "d1-wrap-up", "s4-personnel"):
                await repo.follow(DELEGATE, session_id)
            await repo.follow(OTHER, "s2-marketing")
            await session.commit()

    changed = _changed_event(tmp_path)
    async with running_bot(fake_api, sqlite_url, event_file=changed) as h:
        before = len(h.fake.messages(DELEGATE))
        data: dict[str, Any] = {
            "bot": h.bot,
            "seminar": h.seminar,
            "i18n": i18n,
            "session_factory": h.resources.session_factory,
        }
        await on_startup(**data)  # what the dispatcher runs on start
        notices = texts(h, DELEGATE)[before:]
        assert len(notices) == 3
        moved = next(t for t in notices if "Session 2." in t)
        assert "Was: Tue 14 Sep 14:00–15:30, Main Hall" in moved
        assert "Now: Tue 14 Sep 14:30–16:00, Main Hall" in moved
        renamed = next(t for t in notices if "Managing innovation risks & IP" in t)
        assert "Previous title: Session 3. Reducing innovation risks" in renamed
        removed = next(t for t in notices if "removed from the programme" in t)
        assert "Discussion and wrap-up of day 1" in removed
        assert "Сессия 2." in texts(h, OTHER)[-1] and "Стало" in texts(h, OTHER)[-1]
        # Told once: the next start has nothing to say.
        await on_startup(**data)
        assert len(texts(h, DELEGATE)) == before + 3
