"""Exports read back: the XLSX cell by cell with openpyxl, the CSV ZIP with a formula list."""

from __future__ import annotations

import csv
import gc
import io
import zipfile
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.event import Event
from core.i18n import I18n
from services.exports import ExportContext, neutralise, run_export, write_export
from services.exports.base import FORMULA_PREFIXES, Sheet
from tests.test_console_fixture import FORMULAS, OVERSEER, PEOPLE, example_event, seeded


@pytest.fixture
def seminar() -> Event:
    return example_event()


def context(session: AsyncSession, seminar: Event, lang: str = "en") -> ExportContext:
    return ExportContext(session, seminar, I18n().get(lang), admin_ids=[OVERSEER])


def sheet_rows(path: Path) -> dict[str, list[list[Any]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.escape import unescape

    workbook = load_workbook(path)
    # Excel decodes OOXML's `_xHHHH_` escapes (a CR is written `_x000D_`); openpyxl does not.
    out = {
        ws.title: [
            [unescape(v) if isinstance(v, str) else v for v in r]
            for r in ws.iter_rows(values_only=True)
        ]
        for ws in workbook
    }
    # No cell may be a formula.
    for ws in workbook:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    return out


def csv_files(path: Path) -> dict[str, list[list[str]]]:
    out = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            raw = archive.read(name)
            assert raw.startswith(b"\xef\xbb\xbf"), name  # UTF-8 BOM for Excel
            out[name] = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    return out


def assert_neutral(values: list[Any]) -> None:
    for value in values:
        if isinstance(value, str):
            assert not value.startswith(FORMULA_PREFIXES), repr(value)


def test_every_formula_prefix_is_neutralised() -> None:
    for payload in [*FORMULAS, "=1", "+1", "-1", "@A1", "\tx", "\rx", "\0x"]:
        assert neutralise(payload) == "'" + payload
    for harmless in ("Ana", " =1", "1-2", "", "'=1", "Анна"):
        assert neutralise(harmless) == harmless


def test_xlsx_cells_are_text_as_typed(tmp_path: Path) -> None:
    """The writer interprets nothing: no formula, number, URL, or raw XML from a text."""
    from services.exports.writers import open_writer

    typed = [
        "<r><t>x</t></r>",  # XlsxWriter's constant-memory mode writes this unescaped
        '<r><t>a</t></r></is></c><c r="B2"><f>1+1</f></c><c><is><r><t>b</t></r>',
        'a & b <c> "d"',
        "_x0041_",  # Excel's own escape syntax, kept literally
        "line\r\nbreak",
        "http://example.org",
        "1e3",
        "=1+1",
        " padded ",
    ]
    path = tmp_path / "cells.xlsx"
    writer = open_writer("xlsx", path)
    writer.start_sheet("k", "Sheet: one/two?", ["<h&>"])
    writer.write_row(typed)
    writer.write_row([1, 2.5, datetime(2027, 9, 14, 9, 30), None, "\x01tail"])
    writer.close()
    (title, rows), *_ = sheet_rows(path).items()
    assert title == "Sheet  one two"
    assert rows == [
        ["<h&>", None, None, None, None, None, None, None, None],
        typed,
        [1, 2.5, datetime(2027, 9, 14, 9, 30), None, "tail", None, None, None, None],
    ]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
async def test_a_failed_export_leaves_no_open_file(
    session_factory: async_sessionmaker[AsyncSession], seminar: Event, tmp_path: Path, fmt: str
) -> None:
    """XlsxWriter keeps each sheet in a temporary file until `close`: a provider that fails
    half way must not leave it open (a ResourceWarning, an error here) or behind."""

    async def rows() -> AsyncIterator[list[Any]]:
        for i in range(300):
            yield [i, f"row {i}"]
        raise RuntimeError("the database went away")

    sheet = Sheet("broken", "Broken", ["n", "text"], rows)
    folder = tmp_path / "out"
    folder.mkdir()
    async with session_factory() as session:
        with pytest.raises(RuntimeError, match="went away"):
            await write_export(context(session, seminar), [sheet], fmt, folder, "out")  # type: ignore[arg-type]
    gc.collect()
    suffix = ".xlsx" if fmt == "xlsx" else ".zip"
    assert [p.name for p in folder.iterdir()] == [f"out-part1{suffix}"]


async def test_xlsx_workbook_cell_by_cell(
    session_factory: async_sessionmaker[AsyncSession], seminar: Event, tmp_path: Path
) -> None:
    await seeded(session_factory, surveys=True)
    async with session_factory() as session:
        result = await run_export(context(session, seminar), "xlsx", tmp_path, "out")
    assert [p.name for p in result.files] == ["out.xlsx"]
    assert result.rows["participants"] == len(PEOPLE)
    assert result.rows["attendance"] == 12  # 3 + 2 + 1 + 2 + 3 + 1 days in the fixture
    sheets = sheet_rows(result.files[0])
    assert list(sheets) == [
        "Participants",
        "Status history",
        "Attendance",
        "Best practices on IP commercial",  # 31 characters at most
        "Seminar feedback",
        "Questions to staff",
        "Broadcasts",
        "Delivery failures",
        "Audit log",
        "Roles",
    ]

    header, *rows = sheets["Participants"]
    assert header[:15] == [
        "Registration no.",
        "Telegram ID",
        "Username",
        "Status",
        "Economy code",
        "Funding",
        "Focal point",
        "Language",
        "Created (Europe/Moscow)",
        "Submitted (Europe/Moscow)",
        "Updated (Europe/Moscow)",
        "Privacy notice version",
        "Consent given (Europe/Moscow)",
        "Days attended",
        "Travel details",
    ]
    form = seminar.registration.fields
    assert header[15:] == [f.label.get("en") for f in form]
    assert len(rows) == len(PEOPLE)
    col = {name: i for i, name in enumerate(header)}
    first = rows[0]
    assert first[:8] == [1, 101, None, "approved", "CHL", "funded", "No", "en"]
    # 2027-06-01 09:00 UTC is 12:00 in Moscow; Excel holds naive local times.
    assert first[col["Created (Europe/Moscow)"]] == datetime(2027, 6, 1, 12, 0)
    assert first[col["Submitted (Europe/Moscow)"]] == datetime(2027, 6, 1, 12, 30)
    assert first[col["Consent given (Europe/Moscow)"]] == datetime(2027, 6, 1, 12, 0)
    assert first[col["Privacy notice version"]] == "1"
    assert first[col["Days attended"]] == 3
    assert first[col["Travel details"]].count("/") == 1  # approved: given/asked
    assert first[col["Full name"]] == "Ana Soto"
    assert first[col["Economy"]] == "Chile"
    assert first[col["Gender"]] == "Female"
    assert first[col["Sector"]] == "Government / policy maker"
    assert first[col["Funding requested"]] == "Yes"
    assert first[col["Hotel needed"]] == "No"
    assert first[col["Arrival date"]] == datetime(2027, 9, 13, 0, 0)
    # Formula payloads come back as the text typed, behind an apostrophe.
    assert first[col["Organisation"]] == "'" + FORMULAS[0]
    assert first[col["Phone"]] == "'" + FORMULAS[1]
    assert first[col["Dietary requirements"]] == "'" + FORMULAS[2]
    assert first[col["Job title"]] == "'" + FORMULAS[3]
    assert first[col["Flight details"]] == "'" + FORMULAS[4]
    assert first[col["Accessibility needs"]] == "'" + FORMULAS[5]
    # NUL cannot be stored in XLSX: dropped, and the rest is still neutral.
    assert rows[1][col["Dietary requirements"]] == "'=1+1"
    by_user = {r[1]: r for r in rows}
    assert by_user[108][col["Full name"]] == "Анна Иванова"
    assert by_user[104][col["Gender"]] == "Prefer not to say"
    assert by_user[112][col["Economy"]] == "International organisation"
    assert by_user[110][col["Status"]] == "draft"
    assert by_user[110][col["Submitted (Europe/Moscow)"]] is None
    for row in rows:
        assert_neutral(row)

    header, *history = sheets["Status history"]
    assert header == [
        "Registration no.",
        "Full name",
        "Economy code",
        "When (Europe/Moscow)",
        "From",
        "To",
        "By (Telegram ID)",
        "Reason",
    ]
    assert history[0] == [
        1,
        "Ana Soto",
        "CHL",
        datetime(2027, 6, 2, 12, 0),
        "draft",
        "submitted",
        101,
        None,
    ]
    assert history[1] == [
        1,
        "Ana Soto",
        "CHL",
        datetime(2027, 6, 3, 12, 0),
        "submitted",
        "approved",
        OVERSEER,
        None,
    ]
    waitlisted = [h for h in history if h[5] == "waitlisted"]
    assert waitlisted == [
        [
            3,
            "Maria Rojas",
            "CHL",
            datetime(2027, 6, 3, 14, 0),
            "submitted",
            "waitlisted",
            OVERSEER,
            "quota",
        ]
    ]
    assert len(history) == 21  # 11 submitted, then 10 decided or withdrawn

    header, *attendance = sheets["Attendance"]
    assert header[:5] == ["Registration no.", "Full name", "Economy code", "Gender", "Day"]
    assert attendance[0] == [
        1,
        "Ana Soto",
        "CHL",
        "Female",
        datetime(2027, 9, 14, 0, 0),
        datetime(2027, 9, 14, 9, 10),
        "badge",
        2000,
    ]
    assert len(attendance) == 12

    header, *audit = sheets["Audit log"]
    assert header == [
        "Entry no.",
        "When (Europe/Moscow)",
        "By (Telegram ID)",
        "By",
        "Action",
        "Target",
        "Details",
    ]
    assert audit == [
        [
            1,
            datetime(2027, 6, 1, 12, 0),
            OVERSEER,
            "Olga Overseer",
            "role.grant",
            "2000",
            "organiser",
        ]
    ]

    # The questionnaire: one row per economy that submitted, with who answered.
    header, *answers = sheets["Best practices on IP commercial"]
    questionnaire = seminar.find_survey("best_practice")
    assert questionnaire is not None
    assert header[:6] == [
        "Response no.",
        "Economy code",
        "Economy",
        "Respondent",
        "Telegram ID",
        "Submitted (Europe/Moscow)",
    ]
    assert header[6:] == [q.text.get("en") for q in questionnaire.questions]
    assert [r[1:5] for r in answers] == [
        ["CHL", "Chile", "Ana Soto", 101],
        ["PE", "Peru", "Alex Quispe", 104],
    ]  # the draft of Russia is not exported
    col = {name: i for i, name in enumerate(header)}
    chile = answers[0]
    assert chile[5] == datetime(2027, 6, 4, 12, 0)
    assert chile[col[questionnaire.questions[1].text.get("en")]] == "Yes"
    assert (
        chile[col[questionnaire.questions[2].text.get("en")]] == "Grants; Innovation or IP vouchers"
    )
    assert chile[col[questionnaire.questions[3].text.get("en")]] == "'=cmd|' /C calc'!A0"
    assert answers[1][col[questionnaire.questions[1].text.get("en")]] == "No"

    # The feedback survey is anonymous: no user id, name, economy or time in its sheet.
    header, *answers = sheets["Seminar feedback"]
    feedback = seminar.find_survey("feedback")
    assert feedback is not None
    assert header[0] == "Response no."
    assert not {"Telegram ID", "Respondent", "Economy", "Economy code"} & set(header)
    assert not [h for h in header if "Europe/Moscow" in h]
    keynote = seminar.find_session("d1-keynote")
    assert keynote is not None
    assert f"Rating: {keynote.title.get('en')}" in header
    assert [r[0] for r in answers] == [1, 2, 3]
    cells = [v for row in answers for v in row[1:]]
    for uid, *_rest in PEOPLE:
        assert uid not in cells
    assert not {p[-1] for p in PEOPLE} & {c for c in cells if isinstance(c, str)}
    col = {name: i for i, name in enumerate(header)}
    usefulness = col[feedback.questions[1].text.get("en")]
    assert sorted(r[usefulness] for r in answers) == [3, 4, 5]
    lessons = col["What are the main lessons you learned?"]
    assert "'=1+1" in [r[lessons] for r in answers]
    assert [r[col[f"Rating: {keynote.title.get('en')}"]] for r in answers] == [5, 3, None]

    header, *tickets = sheets["Questions to staff"]
    assert header[:7] == [
        "Ticket no.",
        "Telegram ID",
        "Full name",
        "Economy code",
        "Status",
        "Language",
        "Question",
    ]
    assert [t[:7] for t in tickets] == [
        [1, 105, "Jorge Diaz", "PE", "open", "en", "Visa for PE?"],
        [2, 106, "Kate Brown", "AUS", "answered", "en", "Parking?"],
    ]

    header, *sent = sheets["Broadcasts"]
    assert header[10:] == [
        "Recipients",
        "Waiting",
        "Sending",
        "Delivered",
        "Blocked the bot",
        "Failed",
        "Cancelled",
    ]
    assert sent[0][:5] == [1, "broadcast", "Welcome", "done", "approved"]
    assert sent[0][10:] == [3, 0, 0, 2, 1, 0, 0]

    header, *failures = sheets["Delivery failures"]
    assert header == [
        "Broadcast no.",
        "Title",
        "Telegram ID",
        "Name",
        "Username",
        "State",
        "Attempts",
        "Error",
    ]
    assert failures == [
        [1, "Welcome", 104, "Alex", None, "blocked", 0, "Forbidden: bot was blocked by the user"]
    ]

    header, *roles = sheets["Roles"]
    assert roles == [
        [OVERSEER, "Olga Overseer", None, "overseer", "ADMIN_IDS", None],
        [2000, "Oscar", "oscar_org", "organiser", OVERSEER, datetime(2027, 6, 1, 12, 0)],
    ]


async def test_csv_zip_in_russian_with_bom_and_neutral_cells(
    session_factory: async_sessionmaker[AsyncSession], seminar: Event, tmp_path: Path
) -> None:
    await seeded(session_factory)
    async with session_factory() as session:
        result = await run_export(context(session, seminar, "ru"), "csv", tmp_path, "out")
    assert [p.name for p in result.files] == ["out.zip"]
    files = csv_files(result.files[0])
    assert list(files) == [
        "01-participants.csv",
        "02-history.csv",
        "03-attendance.csv",
        "04-survey-best_practice.csv",
        "05-survey-feedback.csv",
        "06-tickets.csv",
        "07-broadcasts.csv",
        "08-failures.csv",
        "09-audit.csv",
        "10-roles.csv",
    ]
    header, *rows = files["01-participants.csv"]
    assert header[:4] == ["№ регистрации", "Telegram ID", "Имя пользователя", "Статус"]
    assert header[8] == "Создана (Europe/Moscow)"
    col = {name: i for i, name in enumerate(header)}
    first = rows[0]
    assert first[0:2] == ["1", "101"]
    assert first[col["Статус"]] == "одобрена"
    assert first[col["Экономика"]] == "Чили"
    assert first[col["Создана (Europe/Moscow)"]] == "2027-06-01 12:00"
    assert first[col["Запрос финансирования"]] == "Да"
    typed = [
        first[col[c]]
        for c in (
            "Организация",
            "Телефон",
            "Особенности питания",
            "Должность",
            "Данные рейса",
            "Особые потребности",
        )
    ]
    assert typed == ["'" + f for f in FORMULAS[:6]]
    assert rows[1][col["Особенности питания"]] == "'" + FORMULAS[6]  # NUL kept in CSV, neutral
    names = {r[col["Полное имя"]] for r in rows}
    assert "Анна Иванова" in names and "Иван Петров" in names
    for _header, *body in files.values():
        for row in body:
            assert_neutral(row)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
async def test_large_exports_are_split_below_the_limit(
    session_factory: async_sessionmaker[AsyncSession], seminar: Event, tmp_path: Path, fmt: str
) -> None:
    await seeded(session_factory)
    limit = {"xlsx": 12_000, "csv": 2_000}[fmt]
    progress: list[tuple[int, int]] = []

    async def on_progress(done: int, total: int) -> None:
        progress.append((done, total))

    async with session_factory() as session:
        whole_dir = tmp_path / "whole"
        whole_dir.mkdir()
        whole = await run_export(
            context(session, seminar), fmt, whole_dir, "all", max_part_bytes=None
        )
        split = await run_export(
            context(session, seminar),
            fmt,
            tmp_path,
            "part",
            max_part_bytes=limit,
            progress=on_progress,
        )
    assert len(whole.files) == 1
    assert len(split.files) > 2
    suffix = ".xlsx" if fmt == "xlsx" else ".zip"
    assert [p.name for p in split.files] == [
        f"part-part{i}{suffix}" for i in range(1, len(split.files) + 1)
    ]
    for path in split.files:
        assert path.stat().st_size < limit
    assert split.rows == whole.rows
    assert progress and progress[-1] == (whole.total_rows, whole.total_rows)

    # Every row of the whole export is in exactly one part, headers repeated in each.
    def rows_by_sheet(paths: list[Path]) -> dict[str, list[list[Any]]]:
        merged: dict[str, list[list[Any]]] = {}
        for path in paths:
            if fmt == "xlsx":
                parts = sheet_rows(path)
            else:
                parts = {n.split("-", 1)[1]: r for n, r in csv_files(path).items()}
            for name, (header, *body) in parts.items():
                merged.setdefault(name, [header]).extend(body)
                assert merged[name][0] == header
        return merged

    assert rows_by_sheet(split.files) == rows_by_sheet(whole.files)
