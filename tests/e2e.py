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


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class WebhookProcess(BotProcess):
    """`python -m bot` in webhook mode on a private port; readiness through /healthz."""

    def __init__(self, fake: FakeBotAPI, workdir: Path, **env: str) -> None:
        from tests.harness import WEBHOOK_SECRET

        self.port = free_port()
        workdir.mkdir(parents=True, exist_ok=True)
        super().__init__(
            fake,
            workdir,
            MODE="webhook",
            WEBHOOK_HOST="127.0.0.1",
            WEBHOOK_PORT=str(self.port),
            WEBHOOK_SECRET=WEBHOOK_SECRET,
            WEBHOOK_REGISTER="false",
            **env,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        self.secret = WEBHOOK_SECRET

    async def start_async(self, timeout: float = 90.0) -> None:
        import asyncio
        import time

        import aiohttp

        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot"],
                cwd=self.workdir,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        async with aiohttp.ClientSession() as http:
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise AssertionError(f"bot exited early:\n{self.output()}")
                try:
                    async with http.get(self.url + "/healthz") as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.2)
        raise AssertionError(f"bot not healthy after {timeout} s:\n{self.output()}")

    async def post(self, update: dict[str, object]) -> int:
        import aiohttp

        async with (
            aiohttp.ClientSession() as http,
            http.post(
                self.url + "/telegram",
                json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": self.secret},
            ) as response,
        ):
            return response.status

    def stop_nowait(self, sig: int = signal.SIGTERM) -> None:
        assert self.proc is not None
        self.proc.send_signal(sig)
