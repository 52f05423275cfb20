"""A consultation round on the draft programme: two economies comment, one approves, the
organiser follows the results, exports them and closes the consultation."""

from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import select

from storage.models import AuditEntry
from storage.models.logistics import Consultation, ConsultationResponse
from storage.models.registration import Registration
from tests.conftest import ADMIN_ID
from tests.fakebot import FakeBotAPI
from tests.harness import Harness, running_bot
from tests.test_programme import _changed_event

PERU, MEXICO, VIETNAM, CHILE, OBSERVER = 701, 702, 703, 704, 705


async def _register(h: Harness) -> None:
    people = [
        (PERU, "PE", True, "en"),
        (MEXICO, "MEX", True, "en"),
        (VIETNAM, "VN", True, "ru"),
        (CHILE, "CHL", False, "en"),
        (OBSERVER, "PE", False, "en"),
    ]
    for user, _, _, lang in people:
        await h.send(user, "/start", language_code=lang)
    async with h.session() as session:
        for user, economy, focal, _ in people:
            session.add(
                Registration(
                    user_id=user,
                    status="approved",
                    full_name=f"Delegate {user}",
                    economy=economy,
                    focal_point=focal,
                    consent_version="2027-1",
                )
            )
        await session.commit()


async def _open_invitation(h: Harness, user: int, label: str) -> None:
    invite = next(
        m
        for m in reversed(h.fake.messages(user))
        if any(
            label in b["text"]
            for row in m.get("reply_markup", {}).get("inline_keyboard", [])
            for b in row
        )
    )
    await h.callback(user, invite["message_id"], "cs:o")


async def test_a_consultation_round(fake_api: FakeBotAPI, sqlite_url: str, tmp_path: Path) -> None:
    async with running_bot(fake_api, sqlite_url, admin_ids=[ADMIN_ID]) as h:
        await _register(h)
        await h.send(ADMIN_ID, "/consultation")
        assert "No consultation yet" in h.text(ADMIN_ID)
        await h.press(ADMIN_ID, "Open the consultation")
        assert "3 people from 3 economies" in h.text(ADMIN_ID)
        await h.press(ADMIN_ID, "Send")
        assert any("delivered to 3 of 3" in m.get("text", "") for m in h.fake.messages(ADMIN_ID))
        for user in (PERU, MEXICO):
            assert "Draft programme for comment" in h.text(user)
        assert "Проект программы для обсуждения" in h.text(VIETNAM)
        for user in (CHILE, OBSERVER):
            assert not any("Draft programme" in m.get("text", "") for m in h.fake.messages(user))

        # Peru comments on session 1 and approves the programme as a whole.
        await _open_invitation(h, PERU, "Review")
        listing = h.text(PERU)
        assert "4. ▫️ Tue 14 Sep 11:30 Session 1. IP commercialization" in listing
        assert "Coffee break" not in listing
        await h.press(PERU, "4")
        await h.press(PERU, "Comment")
        await h.send(PERU, "Add a case study <b>from Peru</b> & Chile")
        assert "4. 💬" in h.text(PERU)
        await h.press(PERU, "Approve the whole programme")
        assert "✅ <b>Whole programme:</b> approved" in h.fake.last_message(PERU)["raw_text"]

        # Mexico comments on the whole programme; a too long comment is refused first.
        await _open_invitation(h, MEXICO, "Review")
        await h.press(MEXICO, "Comment on the whole programme")
        await h.send(MEXICO, "x" * 2500)
        assert "under 2,000 characters" in h.fake.messages(MEXICO)[-2]["text"]
        await h.send(MEXICO, "Please leave time for Q&A after each session.")
        assert "💬 Whole programme: commented" in h.text(MEXICO)

        # Viet Nam approves (in Russian); it can also follow from the programme menu.
        await h.send(VIETNAM, "/start", language_code="ru")
        await h.press(VIETNAM, "Программа")
        assert "Проект программы" in h.text(VIETNAM)
        await h.press(VIETNAM, "Обсудить проект")
        await h.press(VIETNAM, "Одобрить программу целиком")
        assert "Программа в целом:</b> одобрена" in h.fake.last_message(VIETNAM)["raw_text"]

        # Someone who is not a focal point cannot answer.
        await h.send(CHILE, "/start")
        await h.callback(CHILE, h.fake.last_message(CHILE)["message_id"], "cs:o")
        assert "focal points" in h.text(CHILE)

        # The organiser sees approvals and comments per economy, escaped.
        await h.send(ADMIN_ID, "/consultation")
        assert "answers from 3 economies" in h.text(ADMIN_ID)
        await h.press(ADMIN_ID, "Results by economy")
        results = h.fake.last_message(ADMIN_ID)
        assert "Peru</b>: ✅ programme approved · sessions approved: 0/" in results["raw_text"]
        assert "Mexico</b>: 💬 programme commented" in results["raw_text"]
        assert "Viet Nam</b>: ✅ programme approved" in results["raw_text"]
        assert "&lt;b&gt;from Peru&lt;/b&gt; &amp; Chile" in results["raw_text"]
        assert "Q&amp;A" in results["raw_text"]
        await h.press(ADMIN_ID, "Back")
        await h.press(ADMIN_ID, "Export")
        document = h.fake.messages(ADMIN_ID)[-2]["document"]
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(h.fake.file_content(document["file_id"]))).active
        assert sheet is not None
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        assert rows[0] == ["Economy", "Delegate", "Session", "Answer", "Comment", "Time"]
        assert rows[1][:2] == ["Peru", "Delegate 701"]
        assert {(r[0], r[3]) for r in rows[1:]} == {
            ("Peru", "Comment"),
            ("Peru", "Approved"),
            ("Mexico", "Comment"),
            ("Viet Nam", "Approved"),
        }

    # The organisers change the event file after the comments and restart the bot.
    changed = _changed_event(tmp_path)
    async with running_bot(fake_api, sqlite_url, admin_ids=[ADMIN_ID], event_file=changed) as h:
        await h.send(ADMIN_ID, "/consultation")
        await h.press(ADMIN_ID, "Close and publish")
        assert "Sessions changed since the draft: 3" in h.text(ADMIN_ID)
        assert "5 registered participants" in h.text(ADMIN_ID)
        await h.press(ADMIN_ID, "Close and publish")
        for user in (PERU, MEXICO, CHILE, OBSERVER):
            final = h.text(user)
            assert "The final programme of the seminar is published" in final
            assert "Session 2. IP marketing" in final and "now Tue 14 Sep 14:30–16:00" in final
            assert "Discussion and wrap-up of day 1: removed" in final
        assert "Опубликована окончательная программа" in h.text(VIETNAM)
        await h.press(PERU, "Open the programme")
        assert "Final programme" in h.text(PERU)
        assert "Comment on the draft" not in h.buttons(PERU)
        async with h.session() as session:
            consultation = (await session.scalars(select(Consultation))).one()
            answers = (await session.scalars(select(ConsultationResponse))).all()
            audit = (await session.scalars(select(AuditEntry.action))).all()
        assert consultation.status == "closed" and consultation.recipients == 3
        assert len(answers) == 4
        assert {"consultation.open", "consultation.close"} <= set(audit)
