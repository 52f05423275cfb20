"""The dashboard's HTTP side: the page and its assets, and a JSON API over the services.

Routes (under the path of DASHBOARD_URL, `P`):

- `GET P/` the page, `GET P/static/<file>` its CSS and JavaScript (no CDN but Telegram's
  own `telegram-web-app.js`, which the page does without).
- `GET P/api/...` and `POST P/api/...`: every one authenticated (dashboard/auth.py);
  the data comes from services/, the answers are JSON, shown by the page as text only.

The page's texts come from `locales/<lang>/dashboard.ftl` in the staff member's stored
language. Responses carry a strict Content-Security-Policy (no inline script, scripts
only from this server and telegram.org), so text that slipped into HTML still could not
run.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import re
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.event import Event
from core.i18n import LOCALES_DIR, I18n
from core.messaging import Messenger
from core.settings import Settings
from dashboard import pages
from dashboard.auth import Link, Refused, Staff, authenticate, deny
from services import bulk_decisions, helpdesk
from services import registration as svc
from services.registration_table import TableQuery, as_dict, registration_page
from services.roles import Role
from storage.models import utcnow
from storage.repositories.audit import AuditRepo
from storage.repositories.tickets import TicketRepo
from ui import callbacks

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
TEXT_LINE = re.compile(r"^(dashboard-[a-z0-9-]+)\s*=(.*)$", re.MULTILINE)
VARIABLE = re.compile(r"\{\s*\$([a-z_]+)\s*\}")
CSP = (
    "default-src 'none'; script-src 'self' https://telegram.org; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'self' https://web.telegram.org https://*.telegram.org"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
MAX_BODY = 64 * 1024
MAX_ID = 2**31
"""Row ids are 32-bit integers: a larger number is no row (and no database error)."""


@dataclass
class Dashboard:
    """What the dashboard needs from the running bot (handed in by bot/)."""

    settings: Settings
    seminar: Event
    i18n: I18n
    session_factory: async_sessionmaker[AsyncSession]
    messenger: Messenger


@dataclass
class Request:
    """One authenticated API request: what a handler needs."""

    http: web.Request
    staff: Staff
    session: AsyncSession
    deps: Dashboard

    # The `notify.Notifying` protocol: decisions tell delegates through the bot.
    @property
    def messenger(self) -> Messenger:
        return self.deps.messenger

    @property
    def seminar(self) -> Event:
        return self.deps.seminar

    @property
    def settings(self) -> Settings:
        return self.deps.settings

    @property
    def i18n(self) -> I18n:
        return self.deps.i18n


Handler = Callable[[Request], Awaitable[web.StreamResponse]]


def bad_request(key: str, staff: Staff, **args: Any) -> web.Response:
    return json_response({"error": staff.l10n(key, **args)}, status=400)


def json_response(data: Any, status: int = 200) -> web.Response:
    return web.json_response(
        data,
        status=status,
        dumps=lambda value: json.dumps(value, ensure_ascii=False),
        headers=SECURITY_HEADERS,
    )


def api(deps: Dashboard, handler: Handler, needed: Role = Role.ORGANISER) -> Any:
    """An authenticated handler: refused requests get 401/403 and change nothing."""

    async def wrapped(http: web.Request) -> web.StreamResponse:
        started = time.perf_counter()
        async with deps.session_factory() as session:
            try:
                staff = await authenticate(http, session, deps.settings, deps.i18n, needed)
            except Refused as refused:
                return json_response({"error": refused.reason}, status=refused.status)
            response = await handler(Request(http, staff, session, deps))
        if not response.prepared:  # the server's time, for the browser's tools and bench/
            elapsed = (time.perf_counter() - started) * 1000
            response.headers["Server-Timing"] = f"app;dur={elapsed:.1f}"
        return response

    return wrapped


async def read_json(request: Request) -> dict[str, Any] | None:
    if request.http.content_length is not None and request.http.content_length > MAX_BODY:
        return None
    try:
        body = await request.http.json()
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        return None
    return body if isinstance(body, dict) else None


# --------------------------------------------------------------------------- page


def page_texts(i18n: I18n, lang: str) -> dict[str, str]:
    """Every `dashboard-*` message in `lang`; a variable `$name` stays as `{name}` for the
    page to fill in."""
    l10n = i18n.get(lang)
    return {
        key: l10n(key, **{name: f"{{{name}}}" for name in names})
        for key, names in text_keys().items()
    }


@functools.cache
def text_keys() -> dict[str, list[str]]:
    """The page's message keys and their variables (read once from the English file)."""
    source = (LOCALES_DIR / "en" / "dashboard.ftl").read_text(encoding="utf-8")
    return {key: VARIABLE.findall(value) for key, value in TEXT_LINE.findall(source)}


async def on_index(_request: web.Request) -> web.StreamResponse:
    return web.FileResponse(STATIC / "index.html", headers=SECURITY_HEADERS)


async def on_me(request: Request) -> web.Response:
    staff = request.staff
    return json_response(
        {
            "user_id": staff.user_id,
            "name": staff.name,
            "role": staff.role.value,
            "lang": staff.lang,
            "can_export": staff.role == Role.OVERSEER,
            "event": request.seminar.title.get(staff.lang),
            "texts": page_texts(request.i18n, staff.lang),
            "filters": as_dict(pages.filters(request.seminar, staff.lang, staff.l10n)),
        }
    )


# --------------------------------------------------------------------------- registrations


def table_query(http: web.Request) -> TableQuery:
    q = http.query

    def number(name: str, default: int) -> int:
        try:
            return int(q.get(name, default))
        except ValueError:
            return default

    return TableQuery(
        status=q.get("status", ""),
        economy=q.get("economy", ""),
        funding=q.get("funding", ""),
        gender=q.get("gender", ""),
        search=q.get("q", "")[:200],
        sort=q.get("sort", "submitted_at"),
        descending=q.get("dir", "asc") == "desc",
        page=number("page", 1),
        size=number("size", 50),
    )


async def on_registrations(request: Request) -> web.Response:
    staff = request.staff
    page = await registration_page(
        request.session, request.seminar, table_query(request.http), staff.lang, staff.l10n
    )
    return json_response(as_dict(page))


async def on_registration(request: Request) -> web.Response:
    staff = request.staff
    try:
        registration_id = int(request.http.match_info["rid"])
    except ValueError:
        registration_id = 0
    if not 0 < registration_id < MAX_ID:
        return json_response({"error": staff.l10n("dashboard-error-not-found")}, status=404)
    found = await pages.registration(request.session, request.seminar, registration_id, staff)
    if found is None:
        return json_response({"error": staff.l10n("dashboard-error-not-found")}, status=404)
    return json_response(found)


async def on_decide(request: Request) -> web.Response:
    staff = request.staff
    body = await read_json(request)
    if body is None:
        return bad_request("dashboard-error-bad-request", staff)
    action = body.get("action")
    raw_ids = body.get("ids")
    if action not in bulk_decisions.BULK_ACTIONS or not isinstance(raw_ids, list):
        return bad_request("dashboard-error-bad-request", staff)
    ids = [i for i in raw_ids if isinstance(i, int) and not isinstance(i, bool) and 0 < i < MAX_ID]
    if not ids or len(ids) != len(raw_ids):
        return bad_request("dashboard-error-none-selected", staff)
    if len(ids) > bulk_decisions.MAX_BULK:
        return bad_request("dashboard-error-too-many", staff, max=bulk_decisions.MAX_BULK)
    reason_text = body.get("reason") or ""
    if not isinstance(reason_text, str):
        return bad_request("dashboard-error-bad-request", staff)
    reason = svc.clean_text(reason_text) or None
    if reason is not None and len(reason) > bulk_decisions.REASON_LIMIT:
        return bad_request(
            "dashboard-error-reason-long",
            staff,
            max=bulk_decisions.REASON_LIMIT,
            length=len(reason),
        )
    result = await bulk_decisions.decide_many(
        request, ids, action, staff.user_id, reason, callbacks.offer_place
    )
    return json_response(
        {
            **as_dict(result),
            "message": staff.l10n(
                "dashboard-decided",
                changed=len(result.changed),
                unchanged=len(result.unchanged) + len(result.missing),
            ),
        }
    )


# --------------------------------------------------------------------------- overviews


async def on_quotas(request: Request) -> web.Response:
    staff = request.staff
    return json_response(
        await pages.quotas(request.session, request.seminar, staff.lang, staff.l10n)
    )


async def on_participation(request: Request) -> web.Response:
    staff = request.staff
    return json_response(
        await pages.participation(request.session, request.seminar, staff.lang, staff.l10n)
    )


async def on_surveys(request: Request) -> web.Response:
    staff = request.staff
    return json_response(pages.survey_list(request.seminar, staff.lang))


async def on_survey(request: Request) -> web.Response:
    staff = request.staff
    survey_id = request.http.match_info["sid"]
    if request.seminar.find_survey(survey_id) is None:
        return json_response({"error": staff.l10n("dashboard-error-not-found")}, status=404)
    return json_response(
        await pages.survey(request.session, request.seminar, survey_id, staff.lang, staff.l10n)
    )


async def on_tickets(request: Request) -> web.Response:
    staff = request.staff
    status = request.http.query.get("status", "open")
    if status not in ("open", "answered"):
        return bad_request("dashboard-error-bad-request", staff)
    return json_response(await pages.tickets(request.session, request.seminar, status, staff))


async def on_ticket_answer(request: Request) -> web.Response:
    staff = request.staff
    body = await read_json(request)
    try:
        ticket_id = int(request.http.match_info["tid"])
    except ValueError:
        ticket_id = 0
    if not 0 < ticket_id < MAX_ID:
        return json_response({"error": staff.l10n("dashboard-error-not-found")}, status=404)
    text = svc.clean_text(str((body or {}).get("text") or ""))
    if not text:
        return bad_request("dashboard-error-empty-answer", staff)
    if len(text) > helpdesk.MAX_ANSWER:
        return bad_request(
            "dashboard-error-answer-long", staff, max=helpdesk.MAX_ANSWER, length=len(text)
        )
    ticket = await TicketRepo(request.session).get(ticket_id)
    if ticket is None:
        return json_response({"error": staff.l10n("dashboard-error-not-found")}, status=404)
    delivered = await helpdesk.relay_answer(
        request.messenger,
        request.session,
        request.seminar,
        request.i18n,
        ticket,
        staff.user_id,
        text,
    )
    key = "dashboard-ticket-sent" if delivered else "dashboard-ticket-not-delivered"
    return json_response({"delivered": delivered, "message": staff.l10n(key)})


async def on_broadcasts(request: Request) -> web.Response:
    staff = request.staff
    return json_response(await pages.broadcasts(request.session, request.seminar, staff))


# --------------------------------------------------------------------------- downloads


async def _send_file(http: web.Request, path: Path, content_type: str) -> web.StreamResponse:
    size = (await asyncio.to_thread(path.stat)).st_size
    response = web.StreamResponse(
        headers={
            **SECURITY_HEADERS,
            "Content-Type": content_type,
            "Content-Disposition": f'attachment; filename="{path.name}"',
            "Content-Length": str(size),
        }
    )
    await response.prepare(http)
    with path.open("rb") as file:
        while chunk := await asyncio.to_thread(file.read, 1 << 16):
            await response.write(chunk)
    await response.write_eof()
    return response


async def on_export(request: Request) -> web.StreamResponse:
    asked = request.http.query.get("format", "xlsx")
    if asked not in ("xlsx", "csv"):
        return bad_request("dashboard-error-bad-request", request.staff)
    return await send_export(request, asked)


async def send_export(request: Request, asked: str) -> web.StreamResponse:
    """The overseer's export (XLSX, or a ZIP of CSV files), as `/export` sends it."""
    from services.exports import ExportContext, Format, export_basename, run_export

    staff = request.staff
    fmt: Format = "xlsx" if asked == "xlsx" else "csv"
    context = ExportContext(
        request.session, request.seminar, staff.l10n, admin_ids=request.settings.admin_ids
    )
    basename = export_basename(request.seminar, utcnow())
    with tempfile.TemporaryDirectory(prefix="seminar-export-") as folder:
        result = await run_export(context, fmt, Path(folder), basename, max_part_bytes=None)
        AuditRepo(request.session).add(
            staff.user_id,
            "export",
            fmt,
            f"dashboard rows={result.total_rows} "
            + " ".join(f"{k}={n}" for k, n in result.rows.items()),
        )
        await request.session.commit()
        kind = (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            if fmt == "xlsx"
            else "application/zip"
        )
        return await _send_file(request.http, result.files[0], kind)


async def on_report(request: Request) -> web.StreamResponse:
    """The completion-report draft (DOCX), as `/report` sends it."""
    return await send_report(request)


async def send_report(request: Request) -> web.StreamResponse:
    from services.report import build_report

    staff = request.staff
    now = utcnow()
    local = now.astimezone(request.seminar.tz)
    with tempfile.TemporaryDirectory(prefix="seminar-report-") as folder:
        path = Path(folder) / f"{request.seminar.id}-report-draft-{local:%Y-%m-%d}.docx"
        summary = await build_report(request.session, request.seminar, staff.l10n, path, now)
        AuditRepo(request.session).add(
            staff.user_id,
            "report",
            "docx",
            f"dashboard sections={len(summary.sections)} charts={summary.charts}",
        )
        await request.session.commit()
        kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return await _send_file(request.http, path, kind)


def download_name(request: Request, kind: str, fmt: str) -> str:
    from services.exports import export_basename

    now = utcnow()
    if kind == "report":
        return (
            f"{request.seminar.id}-report-draft-{now.astimezone(request.seminar.tz):%Y-%m-%d}.docx"
        )
    return export_basename(request.seminar, now) + (".xlsx" if fmt == "xlsx" else ".zip")


async def on_download_link(request: Request) -> web.Response:
    """A short-lived link to a download, for Telegram's `WebApp.downloadFile` (its client
    fetches the file itself, without the page's initData header)."""
    staff = request.staff
    body = await read_json(request) or {}
    kind, fmt = str(body.get("kind")), str(body.get("format", "docx"))
    if (kind, fmt) not in (("export", "xlsx"), ("export", "csv"), ("report", "docx")):
        return bad_request("dashboard-error-bad-request", staff)
    if kind == "export" and staff.role != Role.OVERSEER:
        what = f"dashboard {request.http.method} {request.http.path} export"
        await deny(request.session, what, staff.user_id, "needs overseer")
        return json_response({"error": "needs overseer"}, status=403)
    token = request.settings.bot_token.get_secret_value()
    return json_response(
        {
            "url": "download/" + Link.issue(token, kind, fmt, staff.user_id),
            "file_name": download_name(request, kind, fmt),
        }
    )


def on_download(deps: Dashboard) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """`GET P/download/<link>`: the file of a signed link (the role checked again)."""

    async def download(http: web.Request) -> web.StreamResponse:
        link = Link.parse(http.match_info["link"])
        async with deps.session_factory() as session:
            if link is None:
                await deny(session, f"dashboard GET {http.path}", None, "bad download link")
                return json_response({"error": "bad download link"}, status=401)
            needed = Role.OVERSEER if link.kind == "export" else Role.ORGANISER
            try:
                staff = await authenticate(
                    http, session, deps.settings, deps.i18n, needed, link=link
                )
            except Refused as refused:
                return json_response({"error": refused.reason}, status=refused.status)
            request = Request(http, staff, session, deps)
            if link.kind == "export":
                return await send_export(request, link.fmt)
            return await send_report(request)

    return download


# --------------------------------------------------------------------------- wiring


def mount(app: web.Application, deps: Dashboard) -> None:
    """Add the dashboard's routes to `app` under the path of DASHBOARD_URL."""
    prefix = deps.settings.dashboard_path
    routes = [
        web.get(f"{prefix}/", on_index),
        web.static(f"{prefix}/static", STATIC, append_version=False),
        web.get(f"{prefix}/api/me", api(deps, on_me)),
        web.get(f"{prefix}/api/registrations", api(deps, on_registrations)),
        web.get(f"{prefix}/api/registrations/{{rid}}", api(deps, on_registration)),
        web.post(f"{prefix}/api/decisions", api(deps, on_decide)),
        web.get(f"{prefix}/api/quotas", api(deps, on_quotas)),
        web.get(f"{prefix}/api/participation", api(deps, on_participation)),
        web.get(f"{prefix}/api/surveys", api(deps, on_surveys)),
        web.get(f"{prefix}/api/surveys/{{sid}}", api(deps, on_survey)),
        web.get(f"{prefix}/api/tickets", api(deps, on_tickets)),
        web.post(f"{prefix}/api/tickets/{{tid}}/answer", api(deps, on_ticket_answer)),
        web.get(f"{prefix}/api/broadcasts", api(deps, on_broadcasts)),
        web.get(f"{prefix}/api/export", api(deps, on_export, needed=Role.OVERSEER)),
        web.get(f"{prefix}/api/report", api(deps, on_report)),
        web.post(f"{prefix}/api/download-links", api(deps, on_download_link)),
        web.get(f"{prefix}/download/{{link}}", on_download(deps)),
    ]
    if prefix:
        routes.append(web.get(prefix, on_redirect(prefix)))
    app.router.add_routes(routes)


def on_redirect(prefix: str) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def redirect(_request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound(f"{prefix}/")

    return redirect


def create_app(deps: Dashboard) -> web.Application:
    """An application serving only the dashboard (polling mode, tests)."""
    app = web.Application(client_max_size=MAX_BODY)
    mount(app, deps)
    return app
