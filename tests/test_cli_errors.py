"""A configuration mistake ends the process with exit code 2 and one clear line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_TOKEN = "123456:AAEexampleexampleexampleexample-abc"


def run_bot(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "BOT_TOKEN",
            "DATABASE_URL",
            "REDIS_URL",
            "ADMIN_IDS",
            "EVENT_FILE",
            "TELEGRAM_API_BASE",
        }
    }
    clean["PYTHONPATH"] = str(ROOT)
    clean["TELEGRAM_API_BASE"] = "http://127.0.0.1:9"  # never Telegram itself
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def assert_one_line(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0]


def test_missing_token(tmp_path: Path) -> None:
    assert_one_line(run_bot(tmp_path), "BOT_TOKEN", "missing")


def test_malformed_token(tmp_path: Path) -> None:
    assert_one_line(run_bot(tmp_path, BOT_TOKEN="not a token"), "BOT_TOKEN", "malformed")


def test_invalid_event_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("id: x\ntitle: [unclosed\n", encoding="utf-8")
    result = run_bot(tmp_path, BOT_TOKEN=GOOD_TOKEN, EVENT_FILE=str(bad))
    assert_one_line(result, "EVENT_FILE", "broken.yaml")


def test_missing_event_file(tmp_path: Path) -> None:
    result = run_bot(tmp_path, BOT_TOKEN=GOOD_TOKEN, EVENT_FILE=str(tmp_path / "nope.yaml"))
    assert_one_line(result, "EVENT_FILE", "nope.yaml")


@pytest.mark.parametrize(
    "url",
    ["postgresql+asyncpg://nobody@127.0.0.1:9/none", "not-a-url"],
)
def test_unreachable_database(tmp_path: Path, url: str) -> None:
    result = run_bot(tmp_path, BOT_TOKEN=GOOD_TOKEN, DATABASE_URL=url)
    assert_one_line(result, "DATABASE_URL")


def test_bad_admin_ids(tmp_path: Path) -> None:
    result = run_bot(tmp_path, BOT_TOKEN=GOOD_TOKEN, ADMIN_IDS="12,@someone")
    assert_one_line(result, "ADMIN_IDS")
