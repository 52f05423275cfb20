"""Run the real entry point (`python -m bot`) as a subprocess against the fake Bot API."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.fakebot import FakeBotAPI
from tests.harness import TOKEN

ROOT = Path(__file__).resolve().parent.parent


class BotProcess:
    """One `python -m bot` process; its output is kept in a log file for failures."""

    def __init__(self, fake: FakeBotAPI, workdir: Path, **env: str) -> None:
        self.fake = fake
        self.workdir = workdir
        self.log = workdir / "bot.log"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_"))},
            "PYTHONPATH": str(ROOT),
            "BOT_TOKEN": TOKEN,
            "DATABASE_URL": f"sqlite+aiosqlite:///{workdir / 'bot.sqlite3'}",
            "TELEGRAM_API_BASE": fake.base_url,
            "LOG_LEVEL": "INFO",
            **env,
        }
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> None:
        since = self.fake.mark()
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot"],
                cwd=self.workdir,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            self.fake.wait_polling_sync(timeout, since=since)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n--- bot log ---\n{self.output()}") from None

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30.0) -> int:
        assert self.proc is not None
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout)
        self.proc = None
        return code

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(10)
            self.proc = None

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""


@contextmanager
def fake_in_thread() -> Iterator[FakeBotAPI]:
    fake = FakeBotAPI()
    fake.start_in_thread()
    try:
        yield fake
    finally:
        fake.stop_thread()
    assert not fake.server_errors, fake.server_errors
