"""The dashboard's API over HTTP (docs/dashboard.md): who gets in, what they see, and
bulk decisions that go through the chat's rules (status, history, audit, the delegate
told in their language through the fake Bot API).

Refusals (no initData, a forged or stale one, a non-staff user, a demoted organiser)
answer 401/403, change nothing in the database and are audited as `denied`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select

from dashboard.auth import MAX_AGE
from services.stats import participation_stats
from storage.models import AuditEntry, StaffRole, User
from storage.models.registration import Registration, RegistrationChange
from tests.dashboard_helpers import DASHBOARD_URL, Served, auth, init_data, served_dashboard
from tests.fakebot import FakeBotAPI
from tests.test_console_fixture import ORGANISER, OVERSEER, seeded

DELEGATE = 105  # submitted, Peru
OTHER = 107  # rejected, Australia


@pytest.fixture
async def served(fake_api: FakeBotAPI, sqlite_url: str) -> AsyncIterator[Served]:
    async with served_dashboard(fake_api, sqlite_url, [OVERSEER]) as s:
        await seeded(s.harness.resources.session_factory, surveys=True)
        yield s


async def snapshot(served: Served) -> tuple[Any, ...]:
    """What a refused request must not change: statuses, history, tickets, messages."""
    async with served.harness.session() as session:
        statuses = (
            await session.execute(select(Registration.id, Registration.status).order_by("id"))
        ).all()
        changes = await session.scalar(select(func.count()).select_from(RegistrationChange))
    return tuple(statuses), changes, len(served.harness.fake.calls_of("sendMessage"))


async def denied_entries(served: Served) -> list[AuditEntry]:
    async with served.harness.session() as session:
        rows = await session.scalars(select(AuditEntry).where(AuditEntry.action == "denied"))
        return list(rows.all())


async def registration_id(served: Served, user_id: int) -> int:
    async with served.harness.session() as session:
        found = await session.scalar(select(Registration.id).where(Registration.user_id == user_id))
    assert found is not None
    return int(found)


async def test_an_organiser_reads_every_page(served: Served) -> None:
    async with aiohttp.ClientSession() as http:
        headers = auth(ORGANISER)
        async with http.get(served.base + "/api/me", headers=headers) as r:
            assert r.status == 200
            me = await r.json()
        assert me["role"] == "organiser" and me["can_export"] is False
        assert me["texts"]["dashboard-shown"] == "{from}–{to} of {total}"
        async with http.get(served.base + "/api/registrations", headers=headers) as r:
            assert r.status == 200
            page = await r.json()
        assert page["total"] == 11  # twelve, minus the draft
        async with http.get(
            served.base + "/api/registrations?economy=CHL&sort=name&dir=desc", headers=headers
        ) as r:
            rows = (await r.json())["rows"]
        assert [row["name"] for row in rows] == ["Maria Rojas", "Luis Vera", "Ana Soto"]
        async with http.get(served.base + "/api/registrations?q=анна", headers=headers) as r:
            found = (await r.json())["rows"]
        assert [row["name"] for row in found] in (["Анна Иванова"], [])  # SQLite: ASCII case
        async with http.get(served.base + "/api/registrations?q=Soto", headers=headers) as r:
            assert [row["name"] for row in (await r.json())["rows"]] == ["Ana Soto"]
        rid = await registration_id(served, 101)
        async with http.get(served.base + f"/api/registrations/{rid}", headers=headers) as r:
            detail = await r.json()
        assert detail["name"] == "Ana Soto"
        assert any(a["value"].startswith("=HYPERLINK") for a in detail["answers"])
        assert [h["to_status"] for h in detail["history"]] == ["submitted", "approved"]
        for path in ("quotas", "participation", "surveys", "surveys/feedback", "broadcasts"):
            async with http.get(served.base + "/api/" + path, headers=headers) as r:
                assert r.status == 200, path
        async with http.get(served.base + "/api/participation", headers=headers) as r:
            stats = await r.json()
        async with served.harness.session() as session:
            chat = await participation_stats(session, served.harness.seminar)  # /stats' numbers
        assert stats["totals"] == chat.totals
        assert stats["totals"] == {"registered": 9, "approved": 7, "attended": 6}
        async with http.get(served.base + "/api/surveys/feedback", headers=headers) as r:
            survey = await r.json()
        assert survey["anonymous"] is True
        assert "101" not in str(survey) and "Ana Soto" not in str(survey)
        async with http.get(served.base + "/api/tickets?status=open", headers=headers) as r:
            tickets = await r.json()
        assert [t["who"] for t in tickets["tickets"]] == ["Jorge Diaz"]
        # The export is the overseers' (as /export): refused and audited for an organiser.
        async with http.get(served.base + "/api/export?format=csv", headers=headers) as r:
            assert r.status == 403
    assert [e.actor_id for e in await denied_entries(served)] == [ORGANISER]


async def test_bulk_approval_goes_through_the_chats_rules(served: Served) -> None:
    fake = served.harness.fake
    ids = [await registration_id(served, DELEGATE), await registration_id(served, OTHER)]
    async with served.harness.session() as session:
        user = await session.get(User, OTHER)
        assert user is not None
        user.language = "ru"
        await session.commit()
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            served.base + "/api/decisions",
            json={"action": "approve", "ids": ids, "reason": "Welcome <b>aboard</b>"},
            headers=auth(ORGANISER),
        ) as r,
    ):
        assert r.status == 200
        body = await r.json()
    assert sorted(body["changed"]) == sorted(ids)
    async with served.harness.session() as session:
        rows = await session.scalars(select(Registration).where(Registration.id.in_(ids)))
        assert {r.status for r in rows} == {"approved"}
        audit = await session.scalars(
            select(AuditEntry).where(AuditEntry.action == "registration.approve")
        )
        assert {(e.actor_id, e.target) for e in audit} == {
            (ORGANISER, f"registration:{i}") for i in ids
        }
    texts = [m.get("text") or "" for m in fake.messages(DELEGATE)]
    assert any("approved" in t.lower() and "Welcome <b>aboard</b>" in t for t in texts), texts
    assert any(m.get("photo") for m in fake.messages(DELEGATE))  # the QR badge, as in the chat
    russian = [m.get("text") or "" for m in fake.messages(OTHER)]
    assert any("одобрен" in t.lower() for t in russian), russian
    # Travel details open with the approval: the button under the message, the column.
    approval = next(m for m in fake.messages(DELEGATE) if "approved" in (m.get("text") or ""))
    buttons = [b["text"] for row in approval["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == ["✈️ Travel details"]
    async with (
        aiohttp.ClientSession() as http,
        http.get(
            served.base + "/api/registrations?status=approved&sort=travel&dir=desc",
            headers=auth(ORGANISER),
        ) as r,
    ):
        rows = (await r.json())["rows"]
    async with served.harness.session() as session:
        missing = {
            reg.id: reg.travel_missing
            for reg in await session.scalars(select(Registration).where(Registration.id.in_(ids)))
        }
    shown = {row["id"]: row["travel"] for row in rows if row["id"] in ids}
    assert shown == {i: f"✈️ {n} missing" if n else "✈️ complete" for i, n in missing.items()}
    assert any(n for n in missing.values())
    assert rows[0]["travel"].endswith("missing")  # sorted: most missing first


async def test_bad_requests_get_a_clear_message_and_change_nothing(served: Served) -> None:
    before = await snapshot(served)
    async with aiohttp.ClientSession() as http:
        for payload in (
            {"action": "approve", "ids": []},
            {"action": "delete", "ids": [1]},
            {"action": "reject", "ids": [1], "reason": "x" * 501},
        ):
            async with http.post(
                served.base + "/api/decisions", json=payload, headers=auth(ORGANISER)
            ) as r:
                assert r.status == 400
                assert (await r.json())["error"]
        async with http.post(
            served.base + "/api/tickets/1/answer", json={"text": "  "}, headers=auth(ORGANISER)
        ) as r:
            assert r.status == 400
            assert (await r.json())["error"] == "Type an answer first."
    assert await snapshot(served) == before


@pytest.mark.parametrize(
    ("case", "status"),
    [
        ("none", 401),
        ("forged", 401),
        ("expired", 401),
        ("other-bot", 401),
        ("delegate", 403),
    ],
)
async def test_refused_requests_change_nothing_and_are_audited(
    served: Served, case: str, status: int
) -> None:
    headers = {
        "none": {},
        "forged": {"Authorization": "tma " + init_data(ORGANISER).replace("Staff", "Admin")},
        "expired": auth(ORGANISER, age=MAX_AGE + 60),
        "other-bot": auth(ORGANISER, token="999:another-bot-token"),
        "delegate": auth(DELEGATE),
    }[case]
    rid = await registration_id(served, DELEGATE)
    before = await snapshot(served)
    async with aiohttp.ClientSession() as http:
        async with http.post(
            served.base + "/api/decisions",
            json={"action": "approve", "ids": [rid]},
            headers=headers,
        ) as r:
            assert r.status == status
        async with http.get(served.base + "/api/registrations", headers=headers) as r:
            assert r.status == status
            assert "rows" not in await r.json()
    assert await snapshot(served) == before
    denied = await denied_entries(served)
    assert len(denied) == 2
    expected_actor = DELEGATE if case == "delegate" else ORGANISER if case == "expired" else None
    assert {e.actor_id for e in denied} == {expected_actor}
    assert all(e.target and e.target.startswith("dashboard ") for e in denied)


async def test_a_demoted_organiser_loses_access_at_once(served: Served) -> None:
    headers = auth(ORGANISER)  # the same initData, still fresh
    rid = await registration_id(served, DELEGATE)
    async with aiohttp.ClientSession() as http:
        async with http.get(served.base + "/api/me", headers=headers) as r:
            assert r.status == 200
        async with served.harness.session() as session:
            role = await session.get(StaffRole, ORGANISER)
            await session.delete(role)
            await session.commit()
        before = await snapshot(served)
        async with http.post(
            served.base + "/api/decisions", json={"action": "reject", "ids": [rid]}, headers=headers
        ) as r:
            assert r.status == 403
    assert await snapshot(served) == before
    assert [e.actor_id for e in await denied_entries(served)] == [ORGANISER]


async def test_the_overseer_downloads_the_export_and_the_report(served: Served) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.get(served.base + "/api/export?format=xlsx", headers=auth(OVERSEER)) as r:
            assert r.status == 200
            assert r.headers["Content-Disposition"].endswith('.xlsx"')
            body = await r.read()
        assert body[:2] == b"PK"  # a zip container (XLSX)
        async with http.get(served.base + "/api/report", headers=auth(ORGANISER)) as r:
            assert r.status == 200
            assert (await r.read())[:2] == b"PK"
    async with served.harness.session() as session:
        actions = (
            await session.execute(select(AuditEntry.actor_id, AuditEntry.action, AuditEntry.target))
        ).all()
    assert (OVERSEER, "export", "xlsx") in actions
    assert (ORGANISER, "report", "docx") in actions


async def test_the_page_and_its_assets_come_from_the_bot(served: Served) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.get(served.base + "/") as r:
            assert r.status == 200
            html = await r.text()
            csp = r.headers["Content-Security-Policy"]
        assert "script-src 'self' https://telegram.org" in csp and "unsafe-inline" not in csp
        for asset in ("static/app.js", "static/app.css"):
            assert asset in html
            async with http.get(f"{served.base}/{asset}") as r:
                assert r.status == 200
        # Nothing else from outside: the only external script is Telegram's own.
        externals = [part for part in html.split('"') if part.startswith("http")]
        assert externals == ["https://telegram.org/js/telegram-web-app.js"]
        async with http.get(served.base, allow_redirects=False) as r:
            assert r.status == 302 and r.headers["Location"] == "/dashboard/"
    assert DASHBOARD_URL.endswith("/dashboard")


async def test_staff_get_the_dashboard_button_and_others_do_not(served: Served) -> None:
    h = served.harness
    await h.send(ORGANISER, "/admin")
    markup = h.fake.last_message(ORGANISER).get("reply_markup") or {}
    web_apps = [
        b["web_app"]["url"]
        for row in markup.get("inline_keyboard", [])
        for b in row
        if "web_app" in b
    ]
    assert web_apps == [DASHBOARD_URL]
    await h.send(DELEGATE, "/admin")
    assert "web_app" not in str(h.fake.last_message(DELEGATE))


async def test_polling_mode_serves_the_dashboard_and_sets_staff_menu_buttons(
    served: Served,
) -> None:
    """bot/dashboard.py as the runner installs it: its own server in polling mode, and
    the menu button of every staff member (no one else's)."""
    import socket
    from types import SimpleNamespace

    from bot import dashboard as wiring

    h = served.harness
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = h.settings.model_copy(update={"dashboard_host": "127.0.0.1", "dashboard_port": port})
    process = SimpleNamespace(
        settings=settings,
        seminar=h.seminar,
        i18n=h.dp["i18n"],
        resources=h.resources,
        bot=h.bot,
        on_start=[],
        on_stop=[],
    )
    wiring.install(process)
    for start in process.on_start:
        await start(process)
    try:
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"http://127.0.0.1:{port}/dashboard/api/me", headers=auth(OVERSEER)) as r,
        ):
            assert r.status == 200
    finally:
        for stop in process.on_stop:
            await stop(process)
    buttons = {
        call.params["chat_id"]: call.params["menu_button"]
        for call in h.fake.calls_of("setChatMenuButton")
    }
    assert set(buttons) == {OVERSEER, ORGANISER}
    assert all(
        b["type"] == "web_app" and b["web_app"]["url"] == DASHBOARD_URL for b in buttons.values()
    )


async def test_paging_through_the_table(served: Served) -> None:
    seen: list[str] = []
    async with aiohttp.ClientSession() as http:
        for number in (1, 2, 3):
            async with http.get(
                served.base + f"/api/registrations?size=5&page={number}&sort=name",
                headers=auth(ORGANISER),
            ) as r:
                page = await r.json()
            assert page["total"] == 11 and page["size"] == 5
            seen += [row["name"] for row in page["rows"]]
    assert len(seen) == 11 and seen == sorted(seen, key=lambda n: n.encode())


async def test_webhook_mode_serves_it_beside_the_webhook(served: Served) -> None:
    from types import SimpleNamespace

    from aiohttp import web

    from bot.dashboard import mount_on
    from bot.webhook import build_web_app

    h = served.harness

    async def healthy() -> dict[str, bool]:
        return {"database": True}

    app = build_web_app(
        dp=h.dp, bot=h.bot, path="/telegram", secret="s" * 32, health=healthy, metrics=None
    )  # type: ignore[arg-type]
    process = SimpleNamespace(
        settings=h.settings, seminar=h.seminar, i18n=h.dp["i18n"], resources=h.resources, bot=h.bot
    )
    mount_on(app, process)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/dashboard/api/me") as r:
                assert r.status == 401
            async with http.get(
                f"http://127.0.0.1:{port}/dashboard/api/me", headers=auth(ORGANISER)
            ) as r:
                assert r.status == 200
            async with http.get(f"http://127.0.0.1:{port}/healthz") as r:
                assert r.status == 200
    finally:
        await runner.cleanup()


def test_dashboard_url_must_be_https() -> None:
    from pydantic import ValidationError

    from core.settings import Settings

    for bad in ("http://bot.example.org/dashboard", "https://x.org/d?x=1", "bot.example.org"):
        with pytest.raises(ValidationError, match="https://"):
            Settings(dashboard_url=bad, _env_file=None)  # type: ignore[call-arg]
    settings = Settings(dashboard_url="https://x.org/", _env_file=None)  # type: ignore[call-arg]
    assert settings.dashboard_path == ""
    assert Settings(_env_file=None).dashboard_url is None  # type: ignore[call-arg]


async def test_the_page_speaks_the_staff_members_language(served: Served) -> None:
    async with served.harness.session() as session:
        user = await session.get(User, ORGANISER)
        assert user is not None
        user.language = "ru"
        await session.commit()
    async with aiohttp.ClientSession() as http:
        async with http.get(served.base + "/api/me", headers=auth(ORGANISER)) as r:
            me = await r.json()
        assert me["lang"] == "ru"
        assert me["texts"]["dashboard-tab-registrations"] == "Заявки"
        async with http.get(
            served.base + "/api/registrations?q=Soto", headers=auth(ORGANISER)
        ) as r:
            row = (await r.json())["rows"][0]
        assert (row["status_label"], row["economy_name"]) == ("одобрена", "Чили")
        async with http.post(
            served.base + "/api/decisions",
            json={"action": "approve", "ids": []},
            headers=auth(ORGANISER),
        ) as r:
            assert (await r.json())["error"] == "Выберите хотя бы одну заявку."


async def test_an_organiser_answers_a_ticket(served: Served) -> None:
    from storage.models.logistics import Ticket

    async with served.harness.session() as session:
        ticket_id = await session.scalar(select(Ticket.id).where(Ticket.user_id == DELEGATE))
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            served.base + f"/api/tickets/{ticket_id}/answer",
            json={"text": "Yes: apply <early> & keep the letter"},
            headers=auth(ORGANISER),
        ) as r,
    ):
        assert r.status == 200
        assert (await r.json())["message"] == "Answer sent."
    text = served.harness.fake.last_message(DELEGATE)["text"]
    assert "Yes: apply <early> & keep the letter" in text
    async with served.harness.session() as session:
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None and ticket.status == "answered"
        audit = await session.scalar(select(AuditEntry).where(AuditEntry.action == "ticket.answer"))
        assert audit is not None and audit.actor_id == ORGANISER


async def test_granting_and_revoking_the_role_changes_the_menu_button(served: Served) -> None:
    h = served.harness
    newcomer = 502
    await h.send(newcomer, "/start", first_name="Nina")
    await h.send(OVERSEER, "/admins")
    await h.press(OVERSEER, "Add an organiser")
    await h.send(OVERSEER, str(newcomer))
    await h.press(OVERSEER, "Yes")

    def buttons() -> list[dict[str, Any]]:
        return [
            c.params["menu_button"]
            for c in h.fake.calls_of("setChatMenuButton")
            if c.params["chat_id"] == newcomer
        ]

    assert buttons() == [
        {"type": "web_app", "text": "Dashboard", "web_app": {"url": DASHBOARD_URL}}
    ]
    await h.press(OVERSEER, "Nina")
    await h.press(OVERSEER, "Remove the organiser role")
    await h.press(OVERSEER, "Yes")
    assert buttons()[-1] == {"type": "default"}


async def test_download_links_for_telegrams_download_file(served: Served) -> None:
    """Inside Telegram the client fetches the file itself: a signed two-minute link,
    the role checked again when it is used; a forged, stale or demoted one is refused."""
    import time as clock

    from dashboard.auth import Link

    token = served.harness.settings.bot_token.get_secret_value()
    async with aiohttp.ClientSession() as http:
        async with http.post(
            served.base + "/api/download-links",
            json={"kind": "report", "format": "docx"},
            headers=auth(ORGANISER),
        ) as r:
            assert r.status == 200
            link = await r.json()
        assert link["file_name"].endswith(".docx") and link["url"].startswith("download/")
        async with http.get(f"{served.base}/{link['url']}") as r:  # no initData
            assert r.status == 200
            assert (await r.read())[:2] == b"PK"
        # An organiser gets no link to the export of personal data.
        async with http.post(
            served.base + "/api/download-links",
            json={"kind": "export", "format": "xlsx"},
            headers=auth(ORGANISER),
        ) as r:
            assert r.status == 403
        forged = link["url"][:-4] + ("0000" if not link["url"].endswith("0000") else "1111")
        stale = Link(kind="report", fmt="docx", user_id=ORGANISER, expires=int(clock.time()) - 1)
        stale_url = f"download/{stale._payload()}.{Link._sign(token, stale._payload())}"
        exporting = "download/" + Link.issue(token, "export", "csv", ORGANISER)
        for url, status in (
            (forged, 401),
            (stale_url, 401),
            ("download/report.docx.1.2.xyz", 401),
            (exporting, 403),
        ):
            async with http.get(f"{served.base}/{url}") as r:
                assert r.status == status, url
    denied = await denied_entries(served)
    assert [(e.actor_id, e.details) for e in denied] == [
        (ORGANISER, "needs overseer"),
        (None, "bad download link"),
        (ORGANISER, "download link expired"),
        (None, "bad download link"),
        (ORGANISER, "needs overseer"),
    ]
    async with served.harness.session() as session:
        reports = await session.scalars(select(AuditEntry).where(AuditEntry.action == "report"))
        assert [e.actor_id for e in reports] == [ORGANISER]


async def test_ids_that_are_no_rows_are_not_found(served: Served) -> None:
    async with aiohttp.ClientSession() as http:
        for path in ("/api/registrations/99999999999999999999", "/api/registrations/x"):
            async with http.get(served.base + path, headers=auth(ORGANISER)) as r:
                assert r.status == 404
                assert (await r.json())["error"] == "Not found (erased meanwhile?)."
        async with http.post(
            served.base + "/api/decisions",
            json={"action": "approve", "ids": [2**40]},
            headers=auth(ORGANISER),
        ) as r:
            assert r.status == 400
        async with http.post(
            served.base + "/api/decisions",
            json={"action": "approve", "ids": [424242]},
            headers=auth(ORGANISER),
        ) as r:
            assert (await r.json())["missing"] == [424242]
