"""The console through the dispatcher: /stats, /export, /report, /audit and the admin menu."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from sqlalchemy import select

from storage.models import AuditEntry, StaffRole
from tests.conftest import ADMIN_ID
from tests.harness import Harness
from tests.test_console_fixture import ORGANISER, PEOPLE, seed

assert ADMIN_ID == 1000  # the fixture's overseer


async def seeded(harness: Harness) -> None:
    async with harness.session() as session:
        await seed(session)


async def audit(harness: Harness, action: str) -> list[tuple[Any, ...]]:
    async with harness.session() as session:
        rows = await session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
        return [(e.actor_id, e.target, e.details) for e in rows.all()]


def text_of(harness: Harness) -> str:
    return harness.text(ADMIN_ID)


def documents(harness: Harness, chat: int) -> list[dict[str, Any]]:
    return [m for m in harness.fake.messages(chat) if "document" in m]


def file_of(harness: Harness, message: dict[str, Any]) -> bytes:
    return harness.fake.file_content(message["document"]["file_id"])


async def test_stats_tables_with_exact_numbers_and_charts(harness: Harness) -> None:
    await seeded(harness)
    await harness.send(ADMIN_ID, "/stats")
    text = harness.text(ADMIN_ID)
    assert "Registered 9 · approved 7 · attended 6" in text
    assert "submitted 1, approved 7, waitlisted 1, rejected 1, withdrawn 1 · drafts 1" in text
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "Gender Reg Appr Att" in lines
    assert "Female 5 4 4" in lines
    assert "Male 3 2 1" in lines
    assert "Prefer not… 1 1 1" in lines  # "prefer not to say" is counted
    assert "Total 9 7 6" in lines
    assert "funded 2, alternates 1, over quota 1, undecided 1, self-funded 4" in text
    assert "4 of 6 economies reach the target of 1" in text
    assert "14.09: 5 (Female 3, Male 1, Prefer not to say 1)" in lines
    assert "16.09: 2 (Female 2)" in lines

    await harness.press(ADMIN_ID, "Economies")
    lines = [" ".join(line.split()) for line in harness.text(ADMIN_ID).splitlines()]
    assert "CHL 3 2 2 2 2/2 0/1" in lines
    assert "PE 2 1 1 0 0/2 1/1" in lines
    assert "AUS 1 1 1 1 – –" in lines
    assert "intl 1 1 1 1 – –" in lines
    assert not any(line.startswith("JPN") for line in lines)  # a draft is no application
    assert "No applications yet: BD, CDA, PRC, HKC, INA, JPN," in text_of(harness)

    await harness.press(ADMIN_ID, "Profile")
    lines = [" ".join(line.split()) for line in harness.text(ADMIN_ID).splitlines()]
    assert "Delegate 5 3 3" in lines
    assert "Speaker 2 2 2" in lines

    await harness.press(ADMIN_ID, "Surveys")
    text = harness.text(ADMIN_ID)
    for survey in harness.seminar.surveys:
        assert survey.title.get("en") in text
    assert "0 of 21 economies (0%)" in text

    before = len(harness.fake.calls_of("sendPhoto"))
    answers_before = len(harness.fake.calls_of("answerCallbackQuery"))
    await harness.press(ADMIN_ID, "Charts")
    photos = harness.fake.calls_of("sendPhoto")[before:]
    assert len(photos) == 4  # gender, economies, attendance, survey rates
    assert all(c.ok for c in photos)
    # The handler answered the press itself: aiogram-dialog does not answer it again.
    answers = harness.fake.calls_of("answerCallbackQuery")[answers_before:]
    assert len(answers) == 1 and answers[0].ok
    assert "Charts" in " ".join(harness.buttons(ADMIN_ID))  # the window again, below

    await harness.press(ADMIN_ID, "Back")
    await harness.send(ADMIN_ID, "/stats", language_code="ru")


async def test_stats_in_russian(harness: Harness) -> None:
    from storage.models.registration import ErasedCount

    await seeded(harness)
    async with harness.session() as session:
        session.add(ErasedCount(dimension="registrations", value="erased", count=2))
        await session.commit()
    await harness.send(ADMIN_ID, "/language")
    await harness.press(ADMIN_ID, "Русский")
    await harness.send(ADMIN_ID, "/stats")
    text = harness.text(ADMIN_ID)
    assert "Зарегистрированы 9 · одобрены 7 · присутствовали 6" in text
    assert "Удалены по просьбе участников: 2 (выше не учтены)" in text
    assert "Женский" in text


async def test_export_xlsx_and_csv_are_sent_and_audited(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook

    from services.exports import run
    from ui import documents as sending

    await seeded(harness)
    monkeypatch.setattr(sending, "PROGRESS_INTERVAL", 0.0)
    monkeypatch.setattr(run, "PROGRESS_EVERY_ROWS", 10)
    await harness.send(ADMIN_ID, "/export")
    edits = [c.params["text"] for c in harness.fake.calls_of("editMessageText")]
    assert edits[:2] == [
        "⏳ Preparing the export… 21% (10 of 48 rows)",
        "⏳ Preparing the export… 42% (20 of 48 rows)",
    ]
    assert edits[-1].startswith("✅ Export ready: 48 rows in one file")
    docs = documents(harness, ADMIN_ID)
    assert len(docs) == 1
    assert docs[0]["document"]["file_name"].endswith(".xlsx")
    assert "rows" in docs[0]["caption"]
    workbook = load_workbook(io.BytesIO(file_of(harness, docs[0])), read_only=True)
    assert workbook.sheetnames == [
        "Participants",
        "Status history",
        "Attendance",
        "Best practices on IP commercial",
        "Seminar feedback",
        "Questions to staff",
        "Broadcasts",
        "Delivery failures",
        "Audit log",
        "Roles",
    ]
    participants = list(workbook["Participants"].iter_rows(values_only=True))
    assert len(participants) == 1 + len(PEOPLE)
    texts = [m.get("text", "") for m in harness.fake.messages(ADMIN_ID)]
    assert any(t.startswith("✅ Export ready: 48 rows in one file") for t in texts)  # edited

    await harness.send(ADMIN_ID, "/export csv")
    docs = documents(harness, ADMIN_ID)
    assert docs[-1]["document"]["file_name"].endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(file_of(harness, docs[-1]))) as archive:
        assert "01-participants.csv" in archive.namelist()

    await harness.send(ADMIN_ID, "/export pdf")
    assert "/export csv" in harness.text(ADMIN_ID)
    assert len(documents(harness, ADMIN_ID)) == 2

    exports = await audit(harness, "export")
    assert [(actor, target) for actor, target, _ in exports] == [
        (ADMIN_ID, "xlsx"),
        (ADMIN_ID, "csv"),
    ]
    assert f"participants={len(PEOPLE)}" in exports[0][2]


async def test_a_large_export_is_sent_in_parts(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import documents as sending

    await seeded(harness)
    monkeypatch.setattr(sending, "PART_LIMIT", 12_000)
    await harness.send(ADMIN_ID, "/export")
    docs = documents(harness, ADMIN_ID)
    parts = len(docs)
    assert parts > 1
    assert [d["caption"].split(", ")[-1] for d in docs] == [
        f"part {i} of {parts}. Personal data: keep it safe." for i in range(1, parts + 1)
    ]
    assert [d["document"]["file_name"].rsplit("-", 1)[-1] for d in docs] == [
        f"part{i}.xlsx" for i in range(1, parts + 1)
    ]
    [(actor, target, details)] = await audit(harness, "export")
    assert (actor, target) == (ADMIN_ID, "xlsx") and f"files={parts}" in details


async def test_report_is_sent_and_audited(harness: Harness) -> None:
    from docx import Document

    await seeded(harness)
    await harness.send(ADMIN_ID, "/report")
    docs = documents(harness, ADMIN_ID)
    assert len(docs) == 1 and docs[0]["document"]["file_name"].endswith(".docx")
    document = Document(io.BytesIO(file_of(harness, docs[0])))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Participation" in headings and "Recommendations" in headings
    texts = [m.get("text", "") for m in harness.fake.messages(ADMIN_ID)]
    assert any("report draft is ready" in t for t in texts)
    [(actor, target, details)] = await audit(harness, "report")
    assert (actor, target) == (ADMIN_ID, "docx") and "sections=" in details


async def test_audit_log_pages(harness: Harness) -> None:
    await seeded(harness)
    async with harness.session() as session:
        for i in range(25):
            session.add(AuditEntry(actor_id=ADMIN_ID, action="test.action", target=f"t{i}"))
        await session.commit()
    await harness.send(ADMIN_ID, "/audit")
    text = harness.text(ADMIN_ID)
    assert "Audit log</b>" not in text  # rendered HTML, not raw
    assert "Audit log (26), page 1 of 3" in text
    assert "test.action → t24" in text and "t14" not in text.replace("t14 ", "x")
    assert harness.buttons(ADMIN_ID) == ["Older ➡️", "⬅️ Back"]
    await harness.press(ADMIN_ID, "Older")
    assert "page 2 of 3" in harness.text(ADMIN_ID)
    await harness.press(ADMIN_ID, "Older")
    text = harness.text(ADMIN_ID)
    assert "page 3 of 3" in text and "role.grant → 2000" in text
    assert harness.buttons(ADMIN_ID) == ["⬅️ Newer", "⬅️ Back"]


async def test_admin_menu_entries_of_the_console(harness: Harness) -> None:
    await seeded(harness)
    await harness.send(ADMIN_ID, "/admin")
    await harness.press(ADMIN_ID, "Statistics")
    assert "Registered 9" in harness.text(ADMIN_ID)
    await harness.press(ADMIN_ID, "Back")
    assert "Organisers' menu" in harness.text(ADMIN_ID)

    await harness.press(ADMIN_ID, "Exports")
    assert "personal data" in harness.text(ADMIN_ID)
    await harness.press(ADMIN_ID, "CSV files")
    assert documents(harness, ADMIN_ID)[-1]["document"]["file_name"].endswith(".zip")
    assert any("Excel workbook" in b for b in harness.buttons(ADMIN_ID))  # again, below the file
    await harness.press(ADMIN_ID, "Back")

    await harness.press(ADMIN_ID, "Report draft")
    assert documents(harness, ADMIN_ID)[-1]["document"]["file_name"].endswith(".docx")
    assert any("Roles" in b for b in harness.buttons(ADMIN_ID))  # the admin menu, below

    await harness.press(ADMIN_ID, "Roles")
    assert "Oscar" in harness.text(ADMIN_ID) or any("Oscar" in b for b in harness.buttons(ADMIN_ID))
    await harness.press(ADMIN_ID, "Back")
    await harness.press(ADMIN_ID, "Audit log")
    assert "export" in harness.text(ADMIN_ID) and "report" in harness.text(ADMIN_ID)


async def test_an_organiser_sees_statistics_but_not_roles_or_exports(harness: Harness) -> None:
    await seeded(harness)
    async with harness.session() as session:
        assert await session.get(StaffRole, ORGANISER) is not None
    await harness.send(ORGANISER, "/stats")
    assert "Registered 9" in harness.text(ORGANISER)
    await harness.send(ORGANISER, "/report")
    assert documents(harness, ORGANISER)

    await harness.send(ORGANISER, "/admin")
    for entry in ("Roles", "Exports"):
        await harness.press(ORGANISER, entry)
        answer = list(harness.fake.answered_callbacks().values())[-1]
        assert answer["text"] == "Only the Project Overseer can do this."
        assert "Organisers' menu" in harness.text(ORGANISER)
    denied = await audit(harness, "denied")
    assert [(a, t) for a, t, _ in denied] == [(ORGANISER, "roles"), (ORGANISER, "exports")]
    assert len(documents(harness, ORGANISER)) == 1  # the report only
