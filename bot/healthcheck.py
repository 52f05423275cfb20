"""Container health check: `python -m bot.healthcheck` (exit 0 healthy, 1 not).

- Webhook mode: the process's own `GET /healthz` (database and Redis answer).
- Polling mode: there is no HTTP server; the process records the time of each successful
  `getUpdates` (`PollHeartbeat`, a Bot API request middleware) in `HEARTBEAT_FILE`, and
  the check passes while that is recent. aiogram long-polls with a 10-second timeout, so
  a healthy bot touches the file every few seconds; a bot stuck, or cut off from
  Telegram for more than `MAX_AGE_SECONDS`, is unhealthy.

Reads only the environment and the file: no aiogram import (the check runs every 30 s).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.client.session.middlewares.base import NextRequestMiddlewareType
    from aiogram.methods import Response, TelegramMethod
    from aiogram.methods.base import TelegramType

# Relative to the working directory, beside the default database (/app/data in the image).
HEARTBEAT_FILE = Path("data") / "last-getupdates"
MAX_AGE_SECONDS = 90.0
WRITE_EVERY_SECONDS = 5.0


class PollHeartbeat:
    """Touches `path` after a successful `getUpdates` (at most every few seconds)."""

    def __init__(self, path: Path = HEARTBEAT_FILE) -> None:
        self.path = path
        self._written = 0.0
        # A file left by the previous process (a volume) must not vouch for this one.
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        response = await make_request(bot, method)
        if method.__api_method__ == "getUpdates":
            now = time.monotonic()
            if now - self._written >= WRITE_EVERY_SECONDS:
                self._written = now
                self.touch()
        return response

    def touch(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.touch()
        except OSError:  # a read-only data folder must not stop the bot: the check says it
            pass


def polling_healthy(path: Path = HEARTBEAT_FILE, max_age: float = MAX_AGE_SECONDS) -> str | None:
    """None when the last successful getUpdates is recent, else what is wrong."""
    try:
        age = time.time() - path.stat().st_mtime
    except OSError:
        return f"no successful getUpdates yet ({path} missing)"
    if age > max_age:
        return f"last successful getUpdates {age:.0f} s ago (more than {max_age:.0f} s)"
    return None


def main() -> int:
    if os.environ.get("MODE", "polling").lower() != "webhook":
        problem = polling_healthy()
        if problem:
            print(f"unhealthy: {problem}", file=sys.stderr)
            return 1
        return 0
    port = os.environ.get("WEBHOOK_PORT", "8080")
    try:
        url = f"http://127.0.0.1:{port}/healthz"
        with urllib.request.urlopen(url, timeout=5) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
