"""Start-up against Telegram and Redis (bot/startup.py), and the polling health check.

- Telegram away at start: one line per attempt, the process keeps trying and starts
  working when the Bot API comes back (10 s later); the container health check fails
  until the first successful getUpdates and passes after it.
- Telegram refusing the token (401): exit code 2 and one line.
- Redis unreachable or malformed: exit code 2 and one line naming REDIS_URL.
"""

from __future__ import annotations

import io
import json
import logging
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e import BotProcess, fake_in_thread
from tests.fakebot import FakeBotAPI, FakeTelegramError
from tests.test_cli_errors import GOOD_TOKEN, assert_one_line, run_main

USER = 778
RETRY_LINE = "Telegram not reachable"


def wait_until(predicate: object, timeout: float, what: str, bot: BotProcess) -> None:
    assert callable(predicate)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        assert bot.proc is not None
        if bot.proc.poll() is not None:
            raise AssertionError(f"bot exited ({bot.proc.returncode}) before {what}")
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def healthcheck(workdir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.healthcheck"],
        cwd=workdir,
        env={"PYTHONPATH": str(Path(__file__).resolve().parent.parent), "MODE": "polling"},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.mark.e2e
def test_telegram_down_at_start_then_back_after_10_seconds(tmp_path: Path) -> None:
    # A port where the fake Bot API will listen later; nothing answers there for now.
    with fake_in_thread() as probe:
        bot = BotProcess(probe, tmp_path)
        port = probe.port
    with bot.log.open("ab") as out:
        bot.proc = subprocess.Popen(
            [sys.executable, "-m", "bot"],
            cwd=tmp_path,
            env=bot.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    fake: FakeBotAPI | None = None
    try:

        def retries() -> int:
            return bot.output().count(RETRY_LINE)

        wait_until(lambda: retries() >= 1, 90, "the first retry line", bot)
        down_since = time.monotonic()
        wait_until(lambda: retries() >= 3, 30, "three retry lines", bot)
        assert bot.proc.poll() is None  # still running, still trying
        unhealthy = healthcheck(tmp_path)
        assert unhealthy.returncode == 1, unhealthy
        assert "no successful getUpdates" in unhealthy.stderr

        time.sleep(max(0.0, 10.0 - (time.monotonic() - down_since)))
        fake = FakeBotAPI(port=port)
        fake.start_in_thread()
        fake.wait_polling_sync(60)
        fake.enqueue_message(USER, "/start")
        fake.wait_for_text_sync(USER, "Choose what you need", timeout=30)
        healthy = healthcheck(tmp_path)
        assert healthy.returncode == 0, healthy
        assert bot.stop() == 0

        log = bot.output()
        assert "Traceback" not in log, log
        failed = [line for line in log.splitlines() if RETRY_LINE in line]
        assert len(failed) >= 3
        # One line per attempt, numbered 1, 2, 3...; the delay grows and stays capped.
        attempts = [int(re.search(r"attempt (\d+)", line).group(1)) for line in failed]  # type: ignore[union-attr]
        assert attempts == list(range(1, len(failed) + 1)), failed
        delays = [float(re.search(r"next in (\d+) s", line).group(1)) for line in failed]  # type: ignore[union-attr]
        assert delays == sorted(delays) and max(delays) <= 30, failed
        assert "Telegram answers again" in log
        # Quiet logs: the start line once; no library INFO chatter.
        starts = [line for line in log.splitlines() if " starting: " in line]
        assert len(starts) == 1, log
        assert starts[0].endswith(
            "@seminar_test_bot starting: mode=polling database=sqlite event=apec-ip-seminar "
            "languages=en,ru admins=0 redis=no"
        )
        for chatter in ("Adding job tentatively", "alembic", "Start polling", "is handled"):
            assert chatter not in log, chatter
    except BaseException:
        print(bot.output())
        raise
    finally:
        bot.kill()
        if fake is not None:
            fake.stop_thread()


def unauthorized(_params: dict[str, object]) -> object:
    raise FakeTelegramError(401, "Unauthorized")


def test_telegram_rejects_the_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with fake_in_thread() as fake:
        fake.set_handler("getMe", unauthorized)
        code, stderr = run_main(
            tmp_path, monkeypatch, capsys, BOT_TOKEN=GOOD_TOKEN, TELEGRAM_API_BASE=fake.base_url
        )
        assert [c.method for c in fake.calls] == ["getMe"]  # asked once, not retried
    assert_one_line(code, stderr)
    assert (
        stderr.strip() == "seminar-bot: BOT_TOKEN: Telegram rejected this token (401 Unauthorized)"
    )


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("redis://127.0.0.1:9/0", "REDIS_URL: cannot connect to Redis"),
        ("http://127.0.0.1:6379/0", "REDIS_URL: "),
    ],
)
def test_unreachable_redis(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    url: str,
    needle: str,
) -> None:
    code, stderr = run_main(tmp_path, monkeypatch, capsys, BOT_TOKEN=GOOD_TOKEN, REDIS_URL=url)
    assert_one_line(code, stderr, needle)


def test_json_log_lines_and_quiet_libraries(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.startup import QUIET_LOGGERS, configure_logging
    from core.settings import Settings

    root = logging.getLogger()
    saved = (root.handlers[:], root.level, {n: logging.getLogger(n).level for n in QUIET_LOGGERS})
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    root.handlers.clear()
    try:
        configure_logging(Settings(BOT_TOKEN=GOOD_TOKEN, LOG_FORMAT="JSON", _env_file=None))  # type: ignore[call-arg]
        logging.getLogger("apscheduler.scheduler").info("Adding job tentatively")
        logging.getLogger("bot.test").info("ready <&>")
        try:
            raise ValueError("boom")
        except ValueError:
            logging.getLogger("bot.test").exception("failed")
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        for name, level in saved[2].items():
            logging.getLogger(name).setLevel(level)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [(e["level"], e["logger"], e["message"]) for e in lines] == [
        ("INFO", "bot.test", "ready <&>"),
        ("ERROR", "bot.test", "failed"),
    ]
    assert "ValueError: boom" in lines[1]["exc"]
    assert lines[0]["time"].endswith("+00:00")
