"""End to end: a delegate halfway through the feedback survey when the real bot process
restarts continues at the same question, with every answer kept."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from core.settings import DEFAULT_EVENT_FILE
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.models.surveys import SurveyResponse
from tests.e2e import BotProcess, fake_in_thread
from tests.test_surveys import register

pytestmark = pytest.mark.e2e
USER = 4242


def open_feedback_now(tmp_path: Path) -> Path:
    """The example event with the feedback survey open today (the real clock)."""
    text = DEFAULT_EVENT_FILE.read_text(encoding="utf-8")
    old = 'opens: "end +0h"\n    closes: "end +21d"'
    assert old in text
    path = tmp_path / "event.yaml"
    path.write_text(
        text.replace(old, 'opens: "2020-01-01 10:00"\n    closes: "2099-01-01 10:00"'),
        encoding="utf-8",
    )
    return path


async def _prepare(url: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade(engine)
        async with create_session_factory(engine)() as session:
            await register(session, USER, attended=True)
    finally:
        await engine.dispose()


async def _answers(url: str) -> tuple[dict[str, object], str | None]:
    engine = create_engine(url)
    try:
        async with create_session_factory(engine)() as session:
            row = await session.scalar(select(SurveyResponse))
            assert row is not None
            return dict(row.answers), row.position
    finally:
        await engine.dispose()


def test_feedback_resumes_after_a_process_restart(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    asyncio.run(_prepare(url))
    with fake_in_thread() as fake:
        bot = BotProcess(fake, tmp_path, EVENT_FILE=str(open_feedback_now(tmp_path)))
        try:
            bot.start()
            fake.enqueue_message(USER, "/start")
            fake.wait_for_text_sync(USER, "Choose what you need")
            fake.press(USER, "Surveys")
            fake.wait_for_text_sync(USER, "Choose a survey")
            fake.press(USER, "Seminar feedback")
            fake.wait_for_text_sync(USER, "anonymous")
            fake.press(USER, "Start")
            fake.wait_for_text_sync(USER, "Question 1 of 11")
            fake.press(USER, "Delegate")
            fake.wait_for_text_sync(USER, "Question 2 of 11")
            fake.press(USER, "4")
            fake.wait_for_text_sync(USER, "Question 3 of 11")
            assert bot.stop() == 0

            bot.start()
            # The question on screen before the restart is answered after it...
            fake.press(USER, "5")
            fake.wait_for_text_sync(USER, "Session 1 of 12")
            # ...and leaving and coming back resumes at the same question.
            fake.press(USER, "Continue later")
            fake.wait_for_text_sync(USER, "Choose a survey")
            fake.press(USER, "Seminar feedback")
            fake.wait_for_text_sync(USER, "answered 3 of 11")
            fake.press(USER, "Continue")
            fake.wait_for_text_sync(USER, "Question 4 of 11")
            assert bot.stop() == 0
        except BaseException:
            print(bot.output())
            raise
        finally:
            bot.kill()
    answers, position = asyncio.run(_answers(url))
    assert json.dumps(answers, sort_keys=True) == json.dumps(
        {"relevance": 5, "role": "delegate", "usefulness": 4}, sort_keys=True
    )
    assert position == "sessions"
