"""Commands for the server: `seminar-bot export` and `seminar-bot erase-expired`.

`export --format xlsx|csv --out FILE`: the overseer's export. Reads the same settings as
the bot (`DATABASE_URL`, `EVENT_FILE`, `ADMIN_IDS`; no token needed), brings the database
schema up to date like the bot does on start, writes every sheet into FILE (never split:
the 50 MB limit is Telegram's) and records the export in the audit log. Does not import
aiogram.

`erase-expired [--dry-run]`: the retention erasure by hand (`erase_expired_main`).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

EXIT_OK = 0
EXIT_CONFIG = 2


def _fail(message: str) -> int:
    print(f"seminar-bot export: {message}", file=sys.stderr)
    return EXIT_CONFIG


def export_main(fmt: str, out: Path, lang: str) -> int:
    """Check the arguments and run the export; returns the process exit code."""
    import asyncio

    out = out.expanduser()
    if not out.parent.is_dir():
        return _fail(f"--out: folder {out.parent} does not exist")
    if out.is_dir():
        return _fail(f"--out: {out} is a folder; name the file to write")
    return asyncio.run(export_command(fmt, out, lang))


async def export_command(fmt: str, out: Path, lang: str) -> int:
    import shutil

    from pydantic import ValidationError

    from core.event import EventFileError, load_event
    from core.i18n import I18n
    from core.settings import Settings
    from services.exports import ExportContext, run_export
    from storage.db import create_engine, create_session_factory
    from storage.migrate import upgrade
    from storage.repositories.audit import AuditRepo

    if fmt not in ("xlsx", "csv"):
        return _fail(f"--format: expected xlsx or csv, got {fmt!r}")
    try:
        settings = Settings()
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0]).upper() if err["loc"] else "settings"
        return _fail(f"{name}: {err['msg']}")
    try:
        seminar = load_event(settings.event_file)
    except EventFileError as exc:
        return _fail(f"EVENT_FILE: {exc}")
    i18n = I18n()
    if lang not in i18n.languages:
        return _fail(f"--lang: expected one of {', '.join(i18n.languages)}, got {lang!r}")
    engine = create_engine(settings.database_url)
    try:
        try:
            await upgrade(engine)
        except Exception as exc:  # any driver error: a configuration problem
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            return _fail(f"DATABASE_URL: cannot open the database: {first}")
        factory = create_session_factory(engine)
        async with factory() as session:
            context = ExportContext(session, seminar, i18n.get(lang), settings.admin_ids)
            with tempfile.TemporaryDirectory(prefix="seminar-export-") as folder:
                result = await run_export(
                    context,
                    "csv" if fmt == "csv" else "xlsx",
                    Path(folder),
                    "export",
                    max_part_bytes=None,
                )
                shutil.move(str(result.files[0]), out)
            AuditRepo(session).add(
                None,
                "export",
                fmt,
                f"cli rows={result.total_rows} file={out.name}",
            )
            await session.commit()
    finally:
        await engine.dispose()
    sheets = ", ".join(f"{key} {rows}" for key, rows in result.rows.items())
    print(f"wrote {out}: {result.total_rows} rows ({sheets}) in {result.seconds:.1f} s")
    return EXIT_OK


# --------------------------------------------------------------------------- erase-expired


def erase_expired_main(dry_run: bool) -> int:
    """`seminar-bot erase-expired [--dry-run]`: the retention erasure, by hand.

    With `--dry-run` prints what would go (counts per kind) and changes nothing; without
    it erases if the retention date (`privacy.retention`) has come, once (run again, it
    erases only whoever has written to the bot since). Exit code 0 also when nothing is
    due, 2 on a configuration problem.
    """
    import asyncio

    return asyncio.run(erase_expired_command(dry_run))


async def erase_expired_command(dry_run: bool) -> int:
    from pydantic import ValidationError

    from core.event import EventFileError, load_event
    from core.i18n import I18n
    from core.settings import Settings
    from services import retention
    from storage.db import create_engine, create_session_factory
    from storage.migrate import upgrade
    from storage.models import utcnow

    def fail(message: str) -> int:
        print(f"seminar-bot erase-expired: {message}", file=sys.stderr)
        return EXIT_CONFIG

    try:
        settings = Settings()
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0]).upper() if err["loc"] else "settings"
        return fail(f"{name}: {err['msg']}")
    try:
        seminar = load_event(settings.event_file)
    except EventFileError as exc:
        return fail(f"EVENT_FILE: {exc}")
    engine = create_engine(settings.database_url)
    dialogs = None
    if settings.redis_url:  # the dialog state is there: the erasure deletes it too
        from aiogram.fsm.storage.base import DefaultKeyBuilder

        from storage.fsm_redis import ErasableRedisStorage

        dialogs = ErasableRedisStorage.from_url(
            settings.redis_url,
            key_builder=DefaultKeyBuilder(with_destiny=True),
            database=engine.url,
        )
    try:
        try:
            await upgrade(engine)
        except Exception as exc:  # any driver error: a configuration problem
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            return fail(f"DATABASE_URL: cannot open the database: {first}")
        async with create_session_factory(engine)() as session:
            outcome = await retention.erase_expired(
                session,
                seminar,
                I18n(),
                settings.admin_ids,
                utcnow(),
                dry_run=dry_run,
                again=True,
            )
    finally:
        await engine.dispose()
        if dialogs is not None:
            await dialogs.close()
    if outcome.state == "not_set":
        print("no retention date (privacy.retention in the event file): nothing to erase")
        return EXIT_OK
    day = retention.retention_day(seminar, outcome.due_at) if outcome.due_at else "?"
    counts = "\n".join(f"  {kind}: {outcome.counts.get(kind, 0)}" for kind in retention.KINDS)
    if outcome.state == "not_due":
        print(f"retention date {day} not reached: nothing erased. On that date:\n{counts}")
    elif outcome.state == "dry_run":
        print(f"dry run (retention date {day}): would erase\n{counts}")
    elif outcome.state == "already":
        print(f"already erased on {day}; nothing left to erase")
    else:
        print(f"erased (retention date {day}):\n{counts}")
    return EXIT_OK
