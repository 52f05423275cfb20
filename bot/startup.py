"""What `python -m bot` does before it takes updates: logging, Redis, Telegram.

- `configure_logging`: one format for the process (`LOG_FORMAT=text` or `json`, one JSON
  object a line for log shippers), and the INFO chatter of the libraries (aiogram,
  aiogram-dialog, Alembic, APScheduler, aiohttp) held back at WARNING unless
  `LOG_LEVEL=DEBUG` asks for everything.
- `start_line`: the one line that says what this process is (mode, database kind,
  event, languages, admins, Redis).
- `check_redis`: an unreachable or malformed `REDIS_URL` is a configuration problem
  (exit code 2 and one line), like the database.
- `wait_for_telegram`: `getMe` until Telegram answers, forever, with a capped backoff
  and one log line per attempt (no network at start is not a reason to stop: the bot
  starts working when it comes back); Telegram refusing the token (401) is a
  configuration problem.

The JSON formatter is our own: a dozen lines of `json.dumps` with fixed field names,
where a library (python-json-logger) would add a dependency and options we do not need.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from collections.abc import Awaitable

    from core.event import Event
    from core.settings import Settings

log = logging.getLogger("bot.startup")

# Libraries whose INFO lines say nothing an operator acts on ("Adding job tentatively",
# Alembic's plugin and context lines, aiogram's "Update id=... is handled").
QUIET_LOGGERS = ("aiogram", "aiogram_dialog", "alembic", "apscheduler", "aiohttp")

# Telegram unreachable at start: first retry after this, doubling up to the cap.
TELEGRAM_FIRST_DELAY = 1.0
TELEGRAM_MAX_DELAY = 30.0
TELEGRAM_REQUEST_TIMEOUT = 15
REDIS_TIMEOUT = 5.0


class ConfigError(Exception):
    """A problem an organiser must fix in the environment, `.env` or the event file."""


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC, ISO 8601), level, logger, message[, exc]."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(settings: Settings) -> None:
    """Log to stderr in LOG_FORMAT at LOG_LEVEL; like `logging.basicConfig`, nothing
    changes when the root logger has handlers already (the bot run inside a test)."""
    root = logging.getLogger()
    if root.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    quiet = logging.DEBUG if settings.log_level == "DEBUG" else logging.WARNING
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(quiet, logging.getLevelName(settings.log_level)))


def start_line(settings: Settings, seminar: Event, username: str) -> str:
    database = "sqlite" if settings.is_sqlite else settings.database_url.split(":", 1)[0]
    database = database.split("+", 1)[0]
    return (
        f"@{username} starting: mode={settings.mode} database={database} event={seminar.id} "
        f"languages={','.join(seminar.languages)} admins={len(settings.admin_ids)} "
        f"redis={'yes' if settings.redis_url else 'no'}"
    )


async def check_redis(url: str | None) -> None:
    """Raise ConfigError unless Redis at `url` answers PING (nothing to do without one)."""
    if not url:
        return
    from redis.asyncio import Redis

    try:
        client = Redis.from_url(
            url, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT
        )
    except ValueError as exc:
        raise ConfigError(f"REDIS_URL: {first_line(exc)}") from None
    try:
        # redis-py types ping() for its sync and async clients at once.
        await asyncio.wait_for(cast("Awaitable[bool]", client.ping()), REDIS_TIMEOUT * 2)
    except Exception as exc:  # any connection or protocol error: the setting is wrong
        raise ConfigError(f"REDIS_URL: cannot connect to Redis: {first_line(exc)}") from None
    finally:
        await client.aclose()


async def wait_for_telegram(
    settings: Settings,
    *,
    first_delay: float = TELEGRAM_FIRST_DELAY,
    max_delay: float = TELEGRAM_MAX_DELAY,
) -> str:
    """Ask `getMe` until Telegram answers; returns the bot's username.

    Network and server errors (and anything else but a refused token) are retried for
    ever: one WARNING line per failed attempt, the delay doubling from `first_delay` up
    to `max_delay` (Telegram's `retry_after` when it gives one).
    """
    from aiogram import Bot
    from aiogram.exceptions import TelegramRetryAfter, TelegramUnauthorizedError

    from bot.telegram_session import RetryMiddleware, create_session

    # One request per attempt: the session's own retries would log lines of their own.
    session = create_session(settings.telegram_api_base, retry=RetryMiddleware(max_tries=1))
    bot = Bot(token=settings.bot_token.get_secret_value(), session=session)
    delay = first_delay
    attempt = 0
    try:
        while True:
            attempt += 1
            try:
                me = await bot.get_me(request_timeout=TELEGRAM_REQUEST_TIMEOUT)
            except TelegramUnauthorizedError:
                raise ConfigError(
                    "BOT_TOKEN: Telegram rejected this token (401 Unauthorized)"
                ) from None
            except TelegramRetryAfter as exc:
                wait, reason = float(exc.retry_after), "429 Too Many Requests"
            except Exception as exc:  # network down, DNS, 5xx, a proxy's garbage: retry
                detail = first_line(exc).removeprefix("HTTP Client says - ")  # aiogram's prefix
                wait, reason = delay, f"{type(exc).__name__}: {detail}"
                delay = min(max_delay, delay * 2)
            else:
                if attempt > 1:
                    log.warning("Telegram answers again (after %d failed attempts)", attempt - 1)
                return me.username or str(me.id)
            log.warning(
                "Telegram not reachable (%s); attempt %d, next in %.0f s", reason, attempt, wait
            )
            await asyncio.sleep(wait)
    finally:
        await session.close()
