"""Entry point: `python -m bot` (or `seminar-bot`) runs the bot (long polling or webhook).

A configuration problem ends the process with exit code 2 and one line naming the
setting or file and what is wrong.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path
from typing import NoReturn

from pydantic import ValidationError

from bot.startup import ConfigError, first_line

EXIT_CONFIG = 2
log = logging.getLogger("bot")


def fail(message: str) -> NoReturn:
    print(f"seminar-bot: {message}", file=sys.stderr)
    raise SystemExit(EXIT_CONFIG)


def load_settings() -> object:
    from core.settings import Settings

    try:
        return Settings()
    except ValidationError as exc:
        err = exc.errors()[0]
        message = str(err["msg"]).removeprefix("Value error, ")
        if not err["loc"]:  # a check across settings names them itself
            raise ConfigError(message) from None
        raise ConfigError(f"{str(err['loc'][0]).upper()}: {message}") from None


def check_token(token: str) -> None:
    from aiogram.utils.token import TokenValidationError, validate_token

    if not token:
        raise ConfigError("BOT_TOKEN: missing; set it in the environment or in .env")
    try:
        validate_token(token)
    except TokenValidationError:
        raise ConfigError(
            "BOT_TOKEN: malformed; expected '<digits>:<secret>' as given by @BotFather"
        ) from None


async def run_bot() -> None:
    from bot.app import open_resources
    from bot.replicas import ReplicaConflict, ReplicaRegistry
    from bot.runner import run
    from bot.startup import check_redis, configure_logging, start_line, wait_for_telegram
    from core.event import EventFileError, load_event
    from core.settings import Settings
    from storage.migrate import upgrade

    settings = load_settings()
    assert isinstance(settings, Settings)
    configure_logging(settings)
    check_token(settings.bot_token.get_secret_value())
    try:
        seminar = load_event(settings.event_file)
    except EventFileError as exc:
        raise ConfigError(f"EVENT_FILE: {exc}") from None
    await check_redis(settings.redis_url)
    try:
        resources = open_resources(settings)
    except Exception as exc:  # a malformed URL or a folder that cannot be created
        raise ConfigError(f"DATABASE_URL: {first_line(exc)}") from None
    try:
        try:
            await upgrade(resources.engine)
        except Exception as exc:  # any driver error: report it as a configuration problem
            raise ConfigError(
                f"DATABASE_URL: cannot open the database: {first_line(exc)}"
            ) from None
        username = await wait_for_telegram(settings)  # no network: retried; 401: ConfigError
        log.info("%s", start_line(settings, seminar, username))
        replicas = ReplicaRegistry(resources.session_factory, settings)
        try:
            await replicas.register()
        except ReplicaConflict as exc:
            raise ConfigError(str(exc)) from None
        try:
            await run(settings, seminar, resources, replicas)
        finally:
            await replicas.unregister()
    finally:
        await resources.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="seminar-bot", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the bot (MODE=polling or webhook); the default")
    export = sub.add_parser("export", help="write every sheet of the overseer's export")
    export.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    export.add_argument("--out", required=True, type=Path, help="the file to write")
    export.add_argument("--lang", default="en", help="language of the headers (en, ru)")
    erase = sub.add_parser("erase-expired", help="erase personal data past privacy.retention")
    erase.add_argument("--dry-run", action="store_true", help="print what would go; change nothing")
    args = parser.parse_args(argv)
    try:
        if args.command in (None, "run"):
            from bot import startup_gc

            startup_gc.hold()  # until the bot takes updates (see bot/startup_gc.py)
            asyncio.run(run_bot())
        elif args.command == "export":
            from bot.cli import export_main

            raise SystemExit(export_main(args.format, args.out, args.lang))
        elif args.command == "erase-expired":
            from bot.cli import erase_expired_main

            raise SystemExit(erase_expired_main(args.dry_run))
    except ConfigError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
