"""Retention (issue 18, part 2): every participant's personal data erased on the event
file's date, once; the overseers told 14 and 2 days before with the export one tap away;
the completion report and /stats keep their numbers from the snapshot taken before."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.retention import fire_retention
from core.event import Event, EventFileError, load_event
from core.i18n import I18n
from core.settings import DEFAULT_EVENT_FILE
from services import retention
from services.report import ReportData, collect_report_data
from services.stats import participation_stats
from services.survey_results import question_results, response_rate
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.models import AuditEntry, User
from storage.models.registration import Registration
from storage.models.retention import ReportSnapshot, RetentionRun
from storage.models.surveys import SurveyAnonymousResponse
from tests.cli import run_command
from tests.conftest import ADMIN_ID
from tests.fakebot import FakeBotAPI
from tests.harness import Harness, running_bot
from tests.personal_scan import assert_nowhere
from tests.test_console_fixture import OVERSEER, PEOPLE, answers_of, example_event, seeded

SEMINAR = example_event()
# The example event ends on 2027-09-16 and keeps data 180 days: erased at 00:00 Moscow
# time on 2028-03-14.
DUE = datetime(2028, 3, 13, 21, 0, tzinfo=UTC)
NOTICE_14 = datetime(2028, 2, 29, 7, 0, tzinfo=UTC)  # 10:00 Moscow, 14 days before
NOTICE_2 = datetime(2028, 3, 12, 7, 0, tzinfo=UTC)
PHONE = "+7 912 345-67-89"


@pytest.fixture
def seminar() -> Event:
    return SEMINAR


def test_the_event_file_gives_a_date_or_days(tmp_path: Path) -> None:
    assert SEMINAR.privacy.retention == 180
    assert retention.due_at(SEMINAR) == DUE
    assert retention.notice_moment(SEMINAR, DUE, 14) == NOTICE_14
    text = DEFAULT_EVENT_FILE.read_text(encoding="utf-8")
    assert "  retention: 180\n" in text

    def load(value: str) -> Event:
        path = tmp_path / "event.yaml"
        path.write_text(text.replace("  retention: 180\n", f"  retention: {value}\n"))
        return load_event(path)

    assert load("2028-01-31").retention_date() == datetime(2028, 1, 31).date()
    assert load('"2028-01-31"').retention_date() == datetime(2028, 1, 31).date()
    assert load("null").retention_date() is None
    for value, message in [
        ("2027-09-10", "privacy.retention: expected a date after the event's last day"),
        ("0", "privacy.retention: expected 1 to 3650 days, got 0"),
        ("six months", "privacy.retention: expected a date (YYYY-MM-DD) or a number of days"),
    ]:
        with pytest.raises(EventFileError, match=re.escape(message)):
            load(value)


def _same_report(before: ReportData, after: ReportData) -> None:
    assert dataclasses.replace(after, generated_at=before.generated_at) == before


async def test_erasure_keeps_the_report_and_leaves_no_personal_data(
    session_factory: async_sessionmaker[AsyncSession], seminar: Event, tmp_path: Path
) -> None:
    from services.report import build_report

    await seeded(session_factory, surveys=True)
    i18n = I18n()
    reports: dict[str, ReportData] = {}
    async with session_factory() as session:
        for lang in i18n.languages:
            reports[lang] = await collect_report_data(session, seminar, i18n.get(lang), DUE)
        rates = [await response_rate(session, seminar, s.id, "ru") for s in seminar.surveys]
        results = [await question_results(session, seminar, s.id) for s in seminar.surveys]
        assert reports["en"].stats.totals["registered"] > 0
        # Before the date: nothing happens; a dry run at the date changes nothing either.
        early = await retention.erase_expired(session, seminar, i18n, [OVERSEER], NOTICE_2)
        assert early.state == "not_due" and early.counts["people"] == len(PEOPLE)
        dry = await retention.erase_expired(session, seminar, i18n, [OVERSEER], DUE, dry_run=True)
        assert dry.state == "dry_run"
        assert await session.scalar(select(func.count()).select_from(Registration)) == len(PEOPLE)
        assert await session.scalar(select(RetentionRun.erased_at)) is None

        done = await retention.erase_expired(session, seminar, i18n, [OVERSEER], DUE)
    assert done.state == "erased"
    assert done.counts["people"] == len(PEOPLE)  # not the overseer, not the organiser
    assert done.counts["tickets"] == 2 and done.counts["deliveries"] == 3
    assert done.counts["registrations"] + done.counts["registration_drafts"] == len(PEOPLE)

    needles = []
    for person in PEOPLE:
        answers = answers_of(person)
        needles += [person[-1], answers["email"], answers.get("phone", answers["email"])]
    async with session_factory() as session:
        await assert_nowhere(session, needles)
        users = set((await session.scalars(select(User.id))).all())
        assert users == {OVERSEER, 2000}
        # Anonymous answers stay; the audit log says what went, in numbers only.
        assert await session.scalar(select(func.count()).select_from(SurveyAnonymousResponse))
        entry = await session.scalar(
            select(AuditEntry).where(AuditEntry.action == "retention.erase")
        )
        assert entry is not None and entry.actor_id is None
        assert f"people={len(PEOPLE)}" in (entry.details or "")

    # The report's and the statistics' numbers are those of before, in every language.
    async with session_factory() as session:
        for lang in i18n.languages:
            after = await collect_report_data(session, seminar, i18n.get(lang), DUE)
            _same_report(reports[lang], after)
        assert [await response_rate(session, seminar, s.id, "ru") for s in seminar.surveys] == (
            rates
        )
        assert [await question_results(session, seminar, s.id) for s in seminar.surveys] == (
            results
        )
        assert (await participation_stats(session, seminar)) == reports["en"].stats
        summary = await build_report(session, seminar, i18n.get("en"), tmp_path / "r.docx", DUE)
        assert summary.charts >= 3

        # Once only: the second run finds it done; the snapshot is not taken twice.
        again = await retention.erase_expired(session, seminar, i18n, [OVERSEER], DUE)
        assert again.state == "already"
        assert await session.scalar(select(func.count()).select_from(ReportSnapshot)) == 1


def _with(h: Harness, chat: int, fragment: str) -> list[dict[str, Any]]:
    return [m for m in h.fake.messages(chat) if fragment in str(m.get("text") or "")]


async def test_notices_export_button_and_a_restart_after_the_date(
    fake_api: FakeBotAPI, db_url: str
) -> None:
    from tests.test_registration_wizard import NAME, register

    delegate = 501
    moment = [datetime(2027, 12, 1, tzinfo=UTC)]
    clock = {"clock": lambda: moment[0]}
    async with running_bot(
        fake_api, db_url, admin_ids=[ADMIN_ID], with_scheduler=True, **clock
    ) as h:
        assert h.delivery is not None
        assert "retention" in h.delivery.scheduler.jobs()
        await h.send(ADMIN_ID, "/start")
        await register(h, delegate, phone=("type", PHONE))
        email = (await _registration(h, delegate)).email
        runtime = h.delivery.runtime
        assert await fire_retention(runtime) == []

        moment[0] = NOTICE_14 + timedelta(hours=1)
        assert await fire_retention(runtime) == ["notice-14"]
        assert await fire_retention(runtime) == []  # once
        assert await h.delivery.engine.drain(within=20)
        notices = _with(h, ADMIN_ID, "Personal data will be erased in 14 days")
        assert len(notices) == 1 and "2028-03-14" in notices[0]["text"]
        assert "1 participants" in notices[0]["text"]
        assert _with(h, delegate, "erased") == []  # only the overseers are told

        moment[0] = NOTICE_2 + timedelta(hours=3)
        assert await fire_retention(runtime) == ["notice-2"]
        assert await h.delivery.engine.drain(within=20)
        assert len(_with(h, ADMIN_ID, "Personal data will be erased in 2 days")) == 1
        # The export is one tap away.
        await h.press(ADMIN_ID, "📤 Export (XLSX)")
        documents = [m for m in h.fake.messages(ADMIN_ID) if "document" in m]
        assert documents and documents[-1]["document"]["file_name"].endswith(".xlsx")
        async with h.session() as session:
            assert await session.scalar(select(AuditEntry).where(AuditEntry.action == "export"))

    # The bot is down over the date; back a day later (twice): erased once.
    moment[0] = DUE + timedelta(days=1)
    for _ in range(2):
        async with running_bot(
            fake_api, db_url, admin_ids=[ADMIN_ID], with_scheduler=True, **clock
        ) as h:
            assert h.delivery is not None
            assert await h.delivery.engine.drain(within=20)
            async with h.session() as session:
                await assert_nowhere(session, [NAME, email, PHONE, str(delegate)])
                runs = await session.scalars(
                    select(AuditEntry).where(AuditEntry.action == "retention.erase")
                )
                assert len(runs.all()) == 1
                stats = await participation_stats(session, h.seminar)
    assert len(_with(h, ADMIN_ID, "Personal data erased")) == 1
    assert stats.totals["registered"] == 1  # the numbers frozen before the erasure


async def _registration(h: Harness, user: int) -> Registration:
    async with h.session() as session:
        reg = await session.scalar(select(Registration).where(Registration.user_id == user))
    assert reg is not None
    return reg


def run_cli(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_command(tmp_path, "erase-expired", *args, **env)


async def test_cli_dry_run_prints_counts_and_changes_nothing(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    engine = create_engine(url)
    try:
        await upgrade(engine)
        factory = create_session_factory(engine)
        await seeded(factory, surveys=True)
        for args in (["--dry-run"], []):  # the date (2028) is not reached: nothing goes
            done = run_cli(tmp_path, *args, DATABASE_URL=url, ADMIN_IDS=str(OVERSEER))
            assert done.returncode == 0, done.stderr
            assert "retention date 2028-03-14 not reached" in done.stdout
            assert f"  people: {len(PEOPLE)}\n" in done.stdout
            assert "  tickets: 2\n" in done.stdout
        async with factory() as session:
            count = await session.scalar(select(func.count()).select_from(Registration))
            assert count == len(PEOPLE)
            assert await session.scalar(select(func.count()).select_from(ReportSnapshot)) == 0
    finally:
        await engine.dispose()


async def test_the_date_is_shown_in_the_notice_mydata_and_admin(harness: Harness) -> None:
    user = 777
    await harness.send(user, "/start", language_code="ru")
    await harness.press(user, "Регистрация")
    assert "Ваши персональные данные будут удалены 14 мар" in harness.text(user)
    await harness.send(user, "/mydata")
    sent = next(m for m in reversed(harness.fake.messages(user)) if "document" in m)
    assert "будут удалены 14 мар" in sent["caption"]
    await harness.send(ADMIN_ID, "/admin")
    assert "Personal data are erased on 2028-03-14" in harness.text(ADMIN_ID)


@pytest.mark.redis
async def test_the_erasure_deletes_the_dialog_state_in_redis(
    session_factory: async_sessionmaker[AsyncSession],
    seminar: Event,
    redis_url: str,
    db_url: str,
) -> None:
    """With several replicas the dialog state is in Redis (a storage the bot, or
    `seminar-bot erase-expired`, opens on the database): the erasure deletes it there."""
    from aiogram.fsm.storage.base import DefaultKeyBuilder, StorageKey
    from sqlalchemy.engine import make_url

    from storage.fsm_redis import ErasableRedisStorage

    await seeded(session_factory)
    dialogs = ErasableRedisStorage.from_url(
        redis_url, key_builder=DefaultKeyBuilder(with_destiny=True), database=make_url(db_url)
    )
    await dialogs.redis.flushdb()
    people = [person[0] for person in PEOPLE]
    try:
        for user in people:
            key = StorageKey(bot_id=1, chat_id=user, user_id=user, destiny="aiogd:stack:")
            await dialogs.set_data(key, {"intents": ["x"]})
        async with session_factory() as session:
            done = await retention.erase_expired(session, seminar, I18n(), [OVERSEER], DUE)
        assert done.state == "erased"
        left = [key.decode() async for key in dialogs.redis.scan_iter(match="*")]
        assert not [key for key in left if any(f":{user}:" in key for user in people)]
    finally:
        await dialogs.redis.flushdb()
        await dialogs.close()
