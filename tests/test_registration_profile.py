"""After registering: My data, /mydata, /forget (nothing personal left in any table), the
QR badge and check-in by badge or by the venue code of the day."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select, text

from services import registration as svc
from services.notify import qr_png
from storage.fsm import SQLAlchemyStorage
from storage.models import FSMRecord, User
from storage.models.registration import Attendance, RegistrationStatus
from tests.conftest import ADMIN_ID
from tests.fakebot import BOT_USERNAME, FakeBotAPI
from tests.harness import Harness, running_bot
from tests.personal_scan import assert_nowhere
from tests.test_registration_admin import latest
from tests.test_registration_wizard import EMAIL, NAME, register, stored

S = RegistrationStatus
DELEGATE = 501
DAY1 = date(2027, 9, 14)


@pytest.fixture
def on_day1(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(svc, "event_today", lambda seminar: DAY1)


async def approve(h: Harness, user: int = DELEGATE) -> None:
    reg = await stored(h, user)
    async with h.session() as session:
        mine = await session.get(type(reg), reg.id)
        assert mine is not None
        await svc.decide(session, h.seminar, mine, "approve", ADMIN_ID)


def document_json(h: Harness, user: int) -> dict[str, Any]:
    sent = next(m for m in reversed(h.fake.messages(user)) if "document" in m)
    assert sent["document"]["file_name"] == "my-data.json"
    loaded: dict[str, Any] = json.loads(h.fake.file_content(sent["document"]["file_id"]))
    return loaded


async def watch_dialog_rows(h: Harness, user: int) -> list[list[str]]:
    """Make every write of the dialog storage land at once; after each from now on while
    `user` has no `users` row (erased), the keys of `fsm_records` naming `user`."""
    storage = h.resources.storage
    assert isinstance(storage, SQLAlchemyStorage)
    await storage.flush()
    landed: list[list[str]] = []

    def landing(write: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def write_and_look(*args: Any, **kwargs: Any) -> Any:
            result = await write(*args, **kwargs)
            await storage.flush()
            async with h.session() as session:
                if await session.get(User, user) is None:
                    keys = (await session.scalars(select(FSMRecord.key))).all()
                    landed.append([key for key in keys if f":{user}" in key])
            return result

        return write_and_look

    for name in ("set_state", "set_data", "update_data"):
        setattr(storage, name, landing(getattr(storage, name)))
    return landed


async def test_mydata_sends_everything_stored(harness: Harness, on_day1: None) -> None:
    await register(harness, DELEGATE)
    await approve(harness)
    await harness.send(
        ADMIN_ID, f"/start checkin-{(await stored(harness, DELEGATE)).checkin_token}"
    )
    await harness.send(DELEGATE, "/mydata")
    data = document_json(harness, DELEGATE)
    assert data["user"]["id"] == DELEGATE and data["user"]["language"] == "en"
    reg = data["registration"]
    assert reg["full_name"] == NAME and reg["email"] == EMAIL and reg["status"] == "approved"
    assert reg["answers"]["phone"] == "+56 2 2345 6789"
    assert reg["consent_version"] == "2027-1"
    assert [(c["from"], c["to"]) for c in data["registration_history"]] == [
        ("draft", "submitted"),
        ("submitted", "approved"),
    ]
    assert data["attendance"] == [
        {"day": "2027-09-14", "at": data["attendance"][0]["at"], "method": "badge"}
    ]
    # From My data, the same document.
    await harness.send(DELEGATE, "/start")
    await harness.press(DELEGATE, "My data")
    await harness.press(DELEGATE, "Download my data")
    assert document_json(harness, DELEGATE)["registration"]["full_name"] == NAME
    assert "My profile" in harness.text(DELEGATE)  # the profile is shown again below


async def test_forget_leaves_no_personal_data_in_any_table(harness: Harness, on_day1: None) -> None:
    await harness.send(ADMIN_ID, "/start")
    await register(harness, DELEGATE, phone=("type", "+7 912 345-67-89"))
    await approve(harness)
    reg = await stored(harness, DELEGATE)
    await harness.send(ADMIN_ID, f"/start checkin-{reg.checkin_token}")
    await harness.send(DELEGATE, "/start")
    await harness.press(DELEGATE, "My data")
    await harness.press(DELEGATE, "Invitation letter")
    await harness.press(DELEGATE, "Request a letter")
    await harness.send(DELEGATE, "P7654321")
    await harness.send(DELEGATE, "Chile")
    await harness.send(DELEGATE, "/frobnicate")
    await harness.send(DELEGATE, "/admin")  # a denied staff command is audited with the id

    await harness.send(DELEGATE, "/forget")
    assert "Delete all your data?" in harness.text(DELEGATE)
    # Every dialog write lands at once, and each time the user is gone nothing of theirs
    # may be in the table: no write in the erasing update may bring a row back, even for
    # the moment until a later write deletes it again.
    landed = await watch_dialog_rows(harness, DELEGATE)
    await harness.press(DELEGATE, "Yes, delete everything")
    assert "your data are deleted" in harness.text(DELEGATE)
    assert landed and not [keys for keys in landed if keys]

    personal = [
        str(DELEGATE),
        NAME,
        "O'Neil",
        EMAIL,
        "+7 912 345-67-89",
        "IP Office of Chile",
        "P7654321",
    ]
    async with harness.session() as session:
        await assert_nowhere(session, personal)
        kept = await svc.erased_counts(session)
        assert await session.get(User, DELEGATE) is None
    assert kept[("economy", "CHL")] == 1 and kept[("gender", "female")] == 1
    assert kept[("attended_day", "2027-09-14")] == 1
    # Organisers learn that a funded place is free (without the person's name).
    erased = latest(harness, ADMIN_ID, "deleted their data")
    assert NAME not in erased["text"] and "Chile" in erased["text"]
    # The delegate can start again as a new user.
    await harness.send(DELEGATE, "/start")
    assert any("Registration" in b for b in harness.buttons(DELEGATE))


async def test_forget_can_be_cancelled_and_works_without_a_registration(harness: Harness) -> None:
    await harness.send(DELEGATE, "/start")
    await harness.press(DELEGATE, "My data")
    assert "not registered yet" in harness.text(DELEGATE)
    await harness.press(DELEGATE, "Delete my data")
    await harness.press(DELEGATE, "No, go back")
    assert "not registered yet" in harness.text(DELEGATE)
    async with harness.session() as session:
        assert await session.get(User, DELEGATE) is not None
    await harness.press(DELEGATE, "Delete my data")
    await harness.press(DELEGATE, "Yes, delete everything")
    async with harness.session() as session:
        assert await session.get(User, DELEGATE) is None
        leftovers = (await session.execute(text("SELECT key FROM fsm_records"))).scalars().all()
    assert not [key for key in leftovers if f":{DELEGATE}:" in key]


async def test_badge_qr_encodes_the_checkin_link(harness: Harness) -> None:
    await register(harness, DELEGATE)
    await harness.send(DELEGATE, "/start")
    await harness.press(DELEGATE, "My data")
    assert "My badge" not in " ".join(harness.buttons(DELEGATE))  # not approved yet
    await approve(harness)
    await harness.send(DELEGATE, "/start")
    await harness.press(DELEGATE, "My data")
    await harness.press(DELEGATE, "My badge")
    photo = next(m for m in reversed(harness.fake.messages(DELEGATE)) if "photo" in m)
    token = (await stored(harness, DELEGATE)).checkin_token
    link = f"https://t.me/{BOT_USERNAME}?start=checkin-{token}"
    assert harness.fake.file_content(photo["photo"][-1]["file_id"]) == qr_png(link)
    assert NAME in photo["caption"] and "registration desk" in photo["caption"]


async def test_checkin_by_badge_and_by_venue_code(harness: Harness, on_day1: None) -> None:
    await register(harness, DELEGATE)
    token = (await stored(harness, DELEGATE)).checkin_token
    assert token is None
    await approve(harness)
    token = (await stored(harness, DELEGATE)).checkin_token
    assert token
    # Not staff: scanning a badge does nothing but explain.
    await harness.send(DELEGATE, f"/start checkin-{token}")
    assert "This is your badge" in harness.text(DELEGATE)
    await harness.send(777, f"/start checkin-{token}")
    assert "for the organisers" in harness.text(777)
    # An organiser scans it: present today, once.
    await harness.send(ADMIN_ID, f"/start checkin-{token}")
    assert "checked in for 14 Sep 2027" in harness.text(ADMIN_ID)
    assert "You are checked in" in harness.text(DELEGATE)
    await harness.send(ADMIN_ID, f"/start checkin-{token}")
    assert "already checked in today" in harness.text(ADMIN_ID)
    await harness.send(ADMIN_ID, "/start checkin-unknowntoken0")
    assert "Unknown badge" in harness.text(ADMIN_ID)
    async with harness.session() as session:
        rows = (await session.scalars(select(Attendance))).all()
    assert [(a.day, a.method, a.by_user_id) for a in rows] == [(DAY1, "badge", ADMIN_ID)]

    # The venue code of the day: organisers get it as a QR; a participant checks in with it.
    await harness.send(ADMIN_ID, "/admin")
    await harness.press(ADMIN_ID, "Check-in")
    assert "1</b> of 1 approved" in harness.fake.last_message(ADMIN_ID)["raw_text"]
    await harness.press(ADMIN_ID, "15 Sep")
    photo = next(m for m in reversed(harness.fake.messages(ADMIN_ID)) if "photo" in m)
    day2_link = photo["caption"].split()[-1]
    assert day2_link.startswith(f"https://t.me/{BOT_USERNAME}?start=venue-")
    day2_code = day2_link.split("start=")[1]
    await harness.send(DELEGATE, f"/start {day2_code}")
    assert "for 15 Sep 2027" in harness.text(DELEGATE)  # not today's code
    await harness.press(ADMIN_ID, "14 Sep")
    photo = next(m for m in reversed(harness.fake.messages(ADMIN_ID)) if "photo" in m)
    code = photo["caption"].split("start=")[1]
    other = 502
    await register(harness, other)
    await harness.send(other, f"/start {code}")
    assert "Only participants with an approved registration" in harness.text(other)
    await approve(harness, other)
    await harness.send(other, f"/start {code}")
    assert "You are checked in for 14 Sep 2027" in harness.text(other)
    await harness.send(other, f"/start {code}")
    assert "already checked in" in harness.text(other)
    await harness.send(other, "/start venue-nosuchcode")
    assert "not valid" in harness.text(other)
    async with harness.session() as session:
        methods = sorted((await session.scalars(select(Attendance.method))).all())
    assert methods == ["badge", "venue"]


async def test_no_checkin_outside_the_event_days(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(svc, "event_today", lambda seminar: date(2027, 9, 1))
    await register(harness, DELEGATE)
    await approve(harness)
    token = (await stored(harness, DELEGATE)).checkin_token
    await harness.send(ADMIN_ID, f"/start checkin-{token}")
    assert "not running today" in harness.text(ADMIN_ID)
    async with harness.session() as session:
        assert (await session.scalars(select(Attendance))).all() == []


async def test_registered_delegate_sees_the_profile_in_russian(harness: Harness) -> None:
    await register(harness, DELEGATE)
    await harness.send(DELEGATE, "/language")
    await harness.press(DELEGATE, "Русский")
    await harness.send(DELEGATE, "/start")
    await harness.press(DELEGATE, "Регистрация")
    text = harness.text(DELEGATE)
    assert "Мой профиль" in text and "отправлена, ожидает рассмотрения" in text
    assert "финансируемое место" in text
    buttons = " ".join(harness.buttons(DELEGATE))
    assert "Отозвать регистрацию" in buttons and "Скачать мои данные" in buttons
    # Typed text at the profile (buttons only) is a question; the profile comes back below.
    await harness.send(DELEGATE, "где проходит семинар?")
    assert "Мой профиль" in harness.text(DELEGATE)


@pytest.mark.redis
async def test_forget_leaves_no_dialog_state_in_redis(
    fake_api: FakeBotAPI, sqlite_url: str, redis_url: str
) -> None:
    """With several replicas dialog state lives in Redis: /forget clears it there too."""
    from redis.asyncio import Redis

    url = redis_url
    client = Redis.from_url(url)
    await client.flushdb()

    async def keys_of_the_user() -> list[bytes]:
        return [k async for k in client.scan_iter(match=f"*:{DELEGATE}:*")]

    try:
        async with running_bot(fake_api, sqlite_url, admin_ids=[ADMIN_ID], redis_url=url) as h:
            await h.send(DELEGATE, "/start")
            await h.press(DELEGATE, "Registration")
            await h.send(DELEGATE, "/language")
            await h.send(DELEGATE, "/start")
            assert await keys_of_the_user()
            await h.send(DELEGATE, "/forget")
            await h.press(DELEGATE, "Yes, delete everything")
            assert "your data are deleted" in h.text(DELEGATE)
            assert await keys_of_the_user() == []
    finally:
        await client.flushdb()
        await client.aclose()


@pytest.mark.redis
async def test_the_overseers_erasure_leaves_no_dialog_state_in_redis(
    fake_api: FakeBotAPI, sqlite_url: str, redis_url: str
) -> None:
    """A participant in the middle of a dialog is erased by the overseer (not by their own
    /forget, which resets their dialog): no key in Redis names them afterwards."""
    from redis.asyncio import Redis

    from tests.test_registration_admin import open_queue
    from tests.test_registration_quota import make

    erased = 7_000_080
    client = Redis.from_url(redis_url)
    await client.flushdb()

    async def keys_naming(user: int) -> list[bytes]:
        return [k async for k in client.scan_iter(match=f"*:{user}:*")]

    try:
        async with running_bot(
            fake_api, sqlite_url, admin_ids=[ADMIN_ID], redis_url=redis_url
        ) as h:
            async with h.session() as session:
                await make(session, h.seminar, erased, "CHL")
            await h.send(erased, "/start")
            await h.press(erased, "My data")
            await h.send(erased, "/language")  # a second dialog over the first
            assert len(await keys_naming(erased)) >= 3  # a stack and two contexts
            await h.send(ADMIN_ID, "/start")
            await open_queue(h)
            await h.press(ADMIN_ID, f"Delegate {erased}")
            await h.press(ADMIN_ID, "Erase personal data")
            await h.press(ADMIN_ID, "Yes, erase")
            assert "organisers have erased" in h.fake.last_message(erased)["text"]
            assert await keys_naming(erased) == []
            assert await keys_naming(ADMIN_ID)  # the overseer's own dialog is there
    finally:
        await client.flushdb()
        await client.aclose()
