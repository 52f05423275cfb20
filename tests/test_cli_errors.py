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


def assert_one_line(code: int, stderr: str, *needles: str) -> None:
    assert code == 2, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    for needle in needles:
        assert needle in lines[0]


def run_main(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], **env: str
) -> tuple[int, str]:
    """`main()` in this process (importing aiogram again in a subprocess takes ~10 s here)."""
    from bot.__main__ import main

    for name in ("BOT_TOKEN", "DATABASE_URL", "REDIS_URL", "ADMIN_IDS", "EVENT_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TELEGRAM_API_BASE", "http://127.0.0.1:9")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_info:
        main([])
    code = exit_info.value.code
    return (code if isinstance(code, int) else 1), capsys.readouterr().err


def test_missing_token_in_a_real_process(tmp_path: Path) -> None:
    result = run_bot(tmp_path)
    assert_one_line(result.returncode, result.stderr, "BOT_TOKEN", "missing")


def test_malformed_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert_one_line(
        *run_main(tmp_path, monkeypatch, capsys, BOT_TOKEN="not a token"), "BOT_TOKEN", "malformed"
    )


def test_invalid_event_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("id: x\ntitle: [unclosed\n", encoding="utf-8")
    result = run_main(tmp_path, monkeypatch, capsys, BOT_TOKEN=GOOD_TOKEN, EVENT_FILE=str(bad))
    assert_one_line(*result, "EVENT_FILE", "broken.yaml")


def test_missing_event_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / "nope.yaml")
    result = run_main(tmp_path, monkeypatch, capsys, BOT_TOKEN=GOOD_TOKEN, EVENT_FILE=missing)
    assert_one_line(*result, "EVENT_FILE", "nope.yaml")


@pytest.mark.parametrize(
    "url",
    ["postgresql+asyncpg://nobody@127.0.0.1:9/none", "not-a-url"],
)
def test_unreachable_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], url: str
) -> None:
    result = run_main(tmp_path, monkeypatch, capsys, BOT_TOKEN=GOOD_TOKEN, DATABASE_URL=url)
    assert_one_line(*result, "DATABASE_URL")


def test_bad_admin_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_main(tmp_path, monkeypatch, capsys, BOT_TOKEN=GOOD_TOKEN, ADMIN_IDS="12,@x")
    assert_one_line(*result, "ADMIN_IDS")
