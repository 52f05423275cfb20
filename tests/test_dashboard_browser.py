"""The dashboard in a real browser: Debian's headless chromium driven by Playwright.

One browser for the module, one bot with its dashboard on loopback, the known fixture of
tests/test_console_fixture.py plus a registration, a ticket and a survey answer full of
hostile text. Each page is opened as Telegram opens a Mini App (the signed initData in
the address), at a phone's 390×844 and a desktop's 1280×800; screenshots go to
tests/artifacts/ for a person to look at.

Chromium missing: skipped, or failed with REQUIRE_SERVICES=1 (CI: scripts/browser.sh
installs it).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import pytest_asyncio
from sqlalchemy import select

from storage.models import User
from storage.models.logistics import Ticket
from storage.models.registration import Registration
from storage.models.surveys import SurveyAnonymousResponse
from tests.dashboard_helpers import Served, init_data, served_dashboard
from tests.fakebot import FakeBotAPI
from tests.test_console_fixture import ORGANISER, OVERSEER, T0, seeded

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
PAGES = ("registrations", "quotas", "participation", "surveys", "tickets", "downloads")

HOSTILE_NAME = '<img src=x onerror=alert(1)><script>alert("name")</script> مرحبا بالعالم'
HOSTILE_ANSWER = ("<script>alert('answer')</script>" + "ש" * 20).ljust(5000, "x")
HOSTILE_USER = 4242

pytestmark = [pytest.mark.asyncio(loop_scope="module")]


def _require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    message = f"{CHROMIUM} is missing: install Debian's chromium (scripts/browser.sh)"
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"{message} (REQUIRE_SERVICES=1 forbids skipping)", pytrace=False)
    pytest.skip(message)


@dataclass
class Env:
    served: Served
    browser: Any
    dialogs: list[str] = field(default_factory=list)
    """Every alert/confirm/prompt the pages opened (hostile text must open none)."""


async def seed_hostile(served: Served) -> None:
    async with served.harness.session() as session:
        session.add(User(id=HOSTILE_USER, first_name="<b>x</b>", language="en"))
        await session.flush()
        session.add(
            Registration(
                user_id=HOSTILE_USER,
                status="waitlisted",
                answers={
                    "full_name": HOSTILE_NAME,
                    "organisation": HOSTILE_ANSWER,
                    "job_title": "<i>chief</i> & co",
                },
                full_name=HOSTILE_NAME,
                economy="AUS",
                organisation=HOSTILE_ANSWER[:200],
                gender="female",
                consent_version="1",
                submitted_at=T0,
            )
        )
        session.add(
            Ticket(
                user_id=HOSTILE_USER,
                status="open",
                question="<script>alert('ticket')</script> ما هو الموعد؟",
                lang="en",
            )
        )
        session.add(
            SurveyAnonymousResponse(
                id="f" * 32,
                survey_id="feedback",
                answers={"lessons_learned": "<img src=x onerror=alert('survey')>"},
            )
        )
        await session.commit()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def env() -> AsyncIterator[Env]:
    _require_chromium()
    from playwright.async_api import async_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    async with AsyncExitStack() as stack:
        folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="dashboard-browser-"))
        fake = FakeBotAPI()
        await fake.start()
        stack.push_async_callback(fake.stop)
        served = await stack.enter_async_context(
            served_dashboard(fake, f"sqlite+aiosqlite:///{folder}/bot.sqlite3", [OVERSEER])
        )
        await seeded(served.harness.resources.session_factory, surveys=True)
        await seed_hostile(served)
        playwright = await stack.enter_async_context(async_playwright())
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        stack.push_async_callback(browser.close)
        yield Env(served, browser)
        assert not fake.server_errors, fake.server_errors


async def open_page(env: Env, viewport: dict[str, int], user_id: int) -> Any:
    """The dashboard as Telegram opens it for `user_id` (initData in the address)."""
    # Without the page's Content-Security-Policy (Playwright's waits evaluate script): the
    # hostile text must stay text by the page's own doing, not only because CSP blocks it.
    context = await env.browser.new_context(
        viewport=viewport, accept_downloads=True, bypass_csp=True
    )
    # Telegram's script is the only outside asset: not reachable here, and not needed.
    await context.route("https://telegram.org/**", lambda route: route.abort())
    page = await context.new_page()

    async def on_dialog(dialog: Any) -> None:
        env.dialogs.append(dialog.message)
        await dialog.dismiss()

    page.on("dialog", on_dialog)
    await page.goto(f"{env.served.base}/#tgWebAppData={quote(init_data(user_id))}")
    await page.wait_for_selector("body[data-ready='1']", timeout=15_000)
    return page


async def names_shown(page: Any) -> list[str]:
    names: list[str] = await page.locator("#regs tbody td.name a").all_inner_texts()
    return names


async def show(page: Any, name: str) -> None:
    await page.click(f"#tabs button[data-page='{name}']")
    await page.wait_for_function(
        "document.getElementById('status').textContent === ''", timeout=15_000
    )


async def screenshot(page: Any, name: str, viewport: dict[str, int]) -> None:
    path = ARTIFACTS / f"dashboard-{name}-{viewport['width']}x{viewport['height']}.png"
    await page.screenshot(path=str(path), full_page=True)


async def test_every_page_on_a_phone_and_a_desktop(env: Env) -> None:
    for viewport in (PHONE, DESKTOP):
        page = await open_page(env, viewport, ORGANISER)
        names = await names_shown(page)
        assert {"Ana Soto", "Jorge Diaz", "Анна Иванова", HOSTILE_NAME} <= set(names)
        assert "Ken Sato" not in names  # a draft
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"] + 1, "the page scrolls sideways"
        await screenshot(page, "registrations", viewport)
        for name in PAGES[1:]:
            await show(page, name)
            if name in ("quotas", "participation", "surveys"):
                bars = page.locator("#page svg.chart rect")
                assert await bars.count() > 0, name
                drawn = await page.evaluate(
                    "[...document.querySelectorAll('#page svg.chart rect')]"
                    ".filter(r => r.getBoundingClientRect().width > 0).length"
                )
                assert drawn > 0, name
            # No value missing on the way shows as JavaScript's "null" or "undefined".
            words = set((await page.inner_text("#page")).split())
            assert not {"null", "undefined", "NaN"} & words, name
            await screenshot(page, name, viewport)
        await show(page, "quotas")
        assert "Chile" in await page.inner_text("#page")
        await page.context.close()
    assert env.dialogs == []


async def test_filter_and_bulk_approval(env: Env) -> None:
    served = env.served
    page = await open_page(env, DESKTOP, ORGANISER)
    await page.select_option("select[name='status']", "submitted")
    await page.wait_for_function("document.querySelectorAll('#regs tbody tr').length === 1")
    assert await names_shown(page) == ["Jorge Diaz"]
    await page.check("#regs tbody tr input[type='checkbox']")
    await page.select_option("select[name='status']", "rejected")
    await page.wait_for_function(
        "[...document.querySelectorAll('#regs td.name a')].map(a => a.textContent)"
        ".join() === 'Tom Green'"
    )
    await page.check("#regs tbody tr input[type='checkbox']")
    assert await page.inner_text("#selected") == "Selected: 2"
    await page.fill("input[name='reason']", "See you in <b>Lima</b>")
    await page.click(".bulk button[name='approve']")
    await page.click("#confirm button[name='confirm']")
    await page.wait_for_function(
        "document.getElementById('bulk-result').textContent.startsWith('Done')"
    )
    assert await page.inner_text("#bulk-result") == "Done: 2 changed, 0 left as they were."
    # The table follows: the filter shows no rejected registration any more.
    await page.wait_for_selector("#regs td.muted")
    async with served.harness.session() as session:
        statuses = dict(
            (
                await session.execute(
                    select(Registration.user_id, Registration.status).where(
                        Registration.user_id.in_((105, 107))
                    )
                )
            ).all()
        )
    assert statuses == {105: "approved", 107: "approved"}
    for delegate in (105, 107):
        texts = [m.get("text") or "" for m in served.harness.fake.messages(delegate)]
        assert any("See you in <b>Lima</b>" in t for t in texts), texts
    await page.select_option("select[name='status']", "")
    await page.fill("input[name='q']", "soto")
    await page.wait_for_function(
        "[...document.querySelectorAll('#regs td.name a')].map(a => a.textContent)"
        ".join() === 'Ana Soto'"
    )
    await page.context.close()
    assert env.dialogs == []


async def test_hostile_text_is_shown_never_run(env: Env) -> None:
    page = await open_page(env, DESKTOP, OVERSEER)
    await page.fill("input[name='q']", "مرحبا")
    await page.wait_for_function("document.querySelectorAll('#regs td.name a').length === 1")
    await page.click("#regs td.name a")
    await page.wait_for_selector("#detail[open]")
    detail = await page.inner_text("#detail")
    assert HOSTILE_NAME in detail
    assert HOSTILE_ANSWER in detail  # all 5,000 characters, as text
    assert "<i>chief</i> & co" in detail
    await screenshot(page, "registration-detail", DESKTOP)
    await page.click("#detail-close")
    await show(page, "tickets")
    assert "<script>alert('ticket')</script> ما هو الموعد؟" in await page.inner_text("#page")
    await show(page, "surveys")
    await page.select_option("select[name='survey']", "feedback")
    await page.wait_for_function(
        "[...document.querySelectorAll('ul.texts li')]"
        ".some(li => li.textContent === \"<img src=x onerror=alert('survey')>\")"
    )
    # No element came from the hostile text: neither an <img> nor a <script> in the page.
    assert await page.locator("#page img, #detail img").count() == 0
    assert await page.locator("body script").count() == 0
    # The overseer downloads the export.
    await show(page, "downloads")
    async with page.expect_download() as info:
        await page.click("button[name='xlsx']")
    download = await info.value
    assert download.suggested_filename.endswith(".xlsx")
    saved = Path(await download.path())
    assert saved.read_bytes()[:2] == b"PK"
    await page.context.close()
    assert env.dialogs == []


async def test_inside_telegram_the_client_downloads_from_a_signed_link(env: Env) -> None:
    """As in Telegram: initData from `Telegram.WebApp`, downloads by `downloadFile` (here a
    stand-in that records its call; the test then fetches the URL as Telegram would)."""
    import aiohttp

    context = await env.browser.new_context(viewport=PHONE, bypass_csp=True)
    await context.route("https://telegram.org/**", lambda route: route.abort())
    stand_in = (
        "window.__downloads = [];"
        "window.Telegram = {WebApp: {initData: INIT, ready() {}, expand() {},"
        " isVersionAtLeast: () => true, downloadFile: (p) => window.__downloads.push(p)}};"
    )
    await context.add_init_script(stand_in.replace("INIT", json.dumps(init_data(ORGANISER))))
    page = await context.new_page()
    await page.goto(f"{env.served.base}/")  # no initData in the address this time
    await page.wait_for_selector("body[data-ready='1']", timeout=15_000)
    await show(page, "downloads")
    assert await page.locator("button[name='xlsx']").is_disabled()  # overseers only
    await page.click("button[name='report']")
    await page.wait_for_function("window.__downloads.length === 1", timeout=10_000)
    asked = await page.evaluate("window.__downloads[0]")
    assert asked["file_name"].endswith(".docx")
    assert asked["url"].startswith(env.served.base + "/download/report.docx.")
    async with aiohttp.ClientSession() as http, http.get(asked["url"]) as response:
        assert response.status == 200
        assert (await response.read())[:2] == b"PK"
    await context.close()
    assert env.dialogs == []
