"""`seminar-bot export` from the command line: the real entry point in a subprocess."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

from sqlalchemy import select

from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.models import AuditEntry
from tests.cli import run_command
from tests.test_console_fixture import OVERSEER, PEOPLE, seed


def run_cli(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_command(tmp_path, "export", *args, **env)


async def test_cli_exports_xlsx_and_csv_and_logs_it(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    engine = create_engine(url)
    try:
        await upgrade(engine)
        async with create_session_factory(engine)() as session:
            await seed(session)

        out = tmp_path / "export.xlsx"
        done = run_cli(
            tmp_path,
            "--format",
            "xlsx",
            "--out",
            str(out),
            DATABASE_URL=url,
            ADMIN_IDS=str(OVERSEER),
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"wrote {out}: ")
        assert f"participants {len(PEOPLE)}" in done.stdout
        assert "aiogram" not in done.stderr
        workbook = load_workbook(out, read_only=True)
        assert workbook.sheetnames[0] == "Participants"
        assert len(list(workbook["Participants"].iter_rows())) == 1 + len(PEOPLE)
        roles = list(workbook["Roles"].iter_rows(values_only=True))
        assert roles[1][:4] == (OVERSEER, "Olga Overseer", None, "overseer")

        csv_out = tmp_path / "export.zip"
        done = run_cli(
            tmp_path,
            "--format",
            "csv",
            "--out",
            str(csv_out),
            "--lang",
            "ru",
            DATABASE_URL=url,
        )
        assert done.returncode == 0, done.stderr
        with zipfile.ZipFile(csv_out) as archive:
            first = archive.read("01-participants.csv").decode("utf-8-sig")
        assert first.startswith("№ регистрации,Telegram ID")

        async with create_session_factory(engine)() as session:
            rows = (
                await session.scalars(select(AuditEntry).where(AuditEntry.action == "export"))
            ).all()
        assert [(e.actor_id, e.target) for e in rows] == [(None, "xlsx"), (None, "csv")]
        assert rows[0].details == f"cli rows=48 file={out.name}"
    finally:
        await engine.dispose()


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    done = run_cli(tmp_path, "--out", str(tmp_path / "missing" / "x.xlsx"))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"seminar-bot export: --out: folder {tmp_path / 'missing'} does not exist"
    ]
    done = run_cli(tmp_path, "--format", "pdf", "--out", "x")
    assert done.returncode == 2 and "invalid choice: 'pdf'" in done.stderr
