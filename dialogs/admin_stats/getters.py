"""Data for the console windows: compact monospace tables, everything escaped for HTML."""

from __future__ import annotations

from html import escape
from typing import Any

from aiogram_dialog import DialogManager
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event
from services import stats as st
from services.exports.labels import Labels
from storage.models import AuditEntry, User
from ui.context import Ctx

LABEL_WIDTH = 12
AUDIT_PAGE = 10
DETAILS_CHARS = 60


def pre_table(rows: list[list[Any]], *, first_width: int = LABEL_WIDTH) -> str:
    """A monospace table (first column left-aligned, numbers right-aligned) in <pre>."""
    if not rows:
        return ""
    cells = [[_fit(str(row[0]), first_width), *(str(v) for v in row[1:])] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    lines = [
        " ".join(
            [
                row[0].ljust(widths[0]),
                *(v.rjust(w) for v, w in zip(row[1:], widths[1:], strict=True)),
            ]
        ).rstrip()
        for row in cells
    ]
    return "<pre>" + escape("\n".join(lines)) + "</pre>"


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _context(manager: DialogManager) -> tuple[AsyncSession, Event, Labels]:
    ctx = Ctx.from_manager(manager)
    return ctx.session, ctx.seminar, Labels(ctx.seminar, ctx.l10n)


def scope_header(manager: DialogManager, first: str) -> list[str]:
    ctx = Ctx.from_manager(manager)
    l10n = ctx.l10n
    return [first, *(l10n(f"console-scope-{s}-short") for s in st.SCOPES)]


async def overview_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    session, seminar, labels = _context(dialog_manager)
    l10n = ctx.l10n
    stats = await st.participation_stats(session, seminar)
    statuses = ", ".join(
        f"{labels.status(s)} {n}" for s, n in stats.by_status.items() if s != "draft"
    )
    gender_rows: list[list[Any]] = [
        [labels.option("gender", value), *(counts[s] for s in st.SCOPES)]
        for value, counts in stats.breakdowns["gender"].items()
    ]
    gender_rows.append([l10n("console-total"), *(stats.totals[s] for s in st.SCOPES)])
    days = "\n".join(
        f"{d.day:%d.%m}: <b>{d.total}</b>"
        + (
            " ("
            + ", ".join(
                f"{escape(labels.option('gender', v) or v)} {d.by_gender[v]}"
                for v in stats.breakdowns["gender"]
                if d.by_gender.get(v)
            )
            + ")"
            if d.total
            else ""
        )
        for d in stats.attendance
    )
    met, applied = stats.women_target_met
    funding = stats.funding_totals
    return {
        **stats.totals,
        "drafts": stats.by_status.get("draft", 0),
        "erased": (
            "\n" + l10n("console-stats-erased", count=stats.erased_total)
            if stats.erased_total
            else ""
        )
        + (
            "\n"
            + l10n(
                "console-stats-travel",
                complete=stats.travel_complete,
                missing=stats.travel_incomplete,
            )
            if stats.travel_complete or stats.travel_incomplete
            else ""
        ),
        "statuses": escape(statuses),
        "gender_table": pre_table(
            [scope_header(dialog_manager, l10n("console-stats-gender")), *gender_rows]
        ),
        "attendance": days or "—",
        "women_met": met,
        "women_applied": applied,
        "women_target": stats.women_target,
        **{f"funding_{k}": v for k, v in funding.items()},
    }


async def economies_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    session, seminar, _labels = _context(dialog_manager)
    l10n = ctx.l10n
    stats = await st.participation_stats(session, seminar)
    rows: list[list[Any]] = [
        [
            l10n("console-stats-economy"),
            *(l10n(f"console-scope-{s}-short") for s in st.SCOPES),
            "♀",
            l10n("console-stats-funded-short"),
            l10n("console-stats-alternates-short"),
        ]
    ]
    idle = [e.code for e in stats.economies if not (e.registered or e.attended)]
    for e in stats.economies:
        if e.code in idle:
            continue
        rows.append(
            [
                e.code,
                e.registered,
                e.approved,
                e.attended,
                e.women,
                f"{e.funded}/{stats.funded_per_economy}" if e.travel_eligible else "–",
                f"{e.alternates}/{stats.alternates_per_economy}" if e.travel_eligible else "–",
            ]
        )
    return {
        "economy_table": pre_table(rows, first_width=6) if len(rows) > 1 else "",
        "idle": ", ".join(idle) or "—",
        "quota": stats.funded_per_economy,
        "alternates": stats.alternates_per_economy,
        "women_target": stats.women_target,
    }


async def profile_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    session, seminar, labels = _context(dialog_manager)
    l10n = ctx.l10n
    stats = await st.participation_stats(session, seminar)
    out: dict[str, Any] = {}
    for dimension in ("sector", "role"):
        rows: list[list[Any]] = [
            [labels.option(dimension, value), *(counts[s] for s in st.SCOPES)]
            for value, counts in stats.breakdowns[dimension].items()
            if any(counts.values())
        ]
        header = scope_header(dialog_manager, l10n(f"console-stats-{dimension}"))
        out[f"{dimension}_table"] = pre_table([header, *rows]) if rows else "—"
    return out


async def surveys_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    from services.survey_results import response_rate

    session, seminar, _labels = _context(dialog_manager)
    l10n = ctx.l10n
    lang = l10n.lang
    blocks = []
    for survey in seminar.surveys:
        rate = await response_rate(session, seminar, survey.id, lang)
        head = l10n(
            "console-stats-survey-rate",
            title=escape(survey.title.get(lang)),
            responded=rate.responded,
            audience=rate.audience,
            percent=f"{rate.percent:.0f}",
            unit=rate.unit,
        )
        if rate.unit == "economies":
            groups = {
                status: ", ".join(e.code for e in rate.per_economy if e.status == status)
                for status in ("submitted", "in_progress", "not_started")
            }
            lines = [
                l10n(f"console-stats-economies-{status.replace('_', '-')}", codes=codes)
                for status, codes in groups.items()
                if codes
            ]
            block = head + "\n" + "\n".join(lines)
        else:
            rows = [[e.code, f"{e.responded}/{e.audience}"] for e in rate.per_economy]
            block = head + ("\n" + _columns(rows) if rows else "")
        blocks.append(block)
    return {"surveys": "\n\n".join(blocks) or l10n("console-stats-no-surveys")}


def _columns(rows: list[list[Any]], columns: int = 3) -> str:
    """Short `code value` pairs in a few columns, to keep 21 economies on one screen."""
    cells = [f"{code:<4} {value:>5}" for code, value in rows]
    lines = ["  ".join(cells[i : i + columns]) for i in range(0, len(cells), columns)]
    return "<pre>" + escape("\n".join(lines)) + "</pre>"


async def audit_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    ctx = Ctx.from_manager(dialog_manager)
    session: AsyncSession = ctx.session
    seminar: Event = ctx.seminar
    l10n = ctx.l10n
    page = int(dialog_manager.dialog_data.get("page", 0))
    total = int(await session.scalar(select(func.count(AuditEntry.id))) or 0)
    pages = max(1, -(-total // AUDIT_PAGE))
    page = min(page, pages - 1)
    rows = (
        await session.execute(
            select(AuditEntry, User)
            .outerjoin(User, User.id == AuditEntry.actor_id)
            .order_by(AuditEntry.id.desc())
            .offset(page * AUDIT_PAGE)
            .limit(AUDIT_PAGE)
        )
    ).all()
    lines = []
    for entry, user in rows:
        at = entry.at.astimezone(seminar.tz)
        who = (
            l10n("console-audit-system")
            if entry.actor_id is None
            else (user.first_name if user and user.first_name else str(entry.actor_id))
        )
        line = f"<code>{at:%d.%m %H:%M}</code> {escape(who)} · <b>{escape(entry.action)}</b>"
        if entry.target:
            line += f" → {escape(entry.target)}"
        if entry.details:
            line += f"\n    <i>{escape(_fit(entry.details, DETAILS_CHARS))}</i>"
        lines.append(line)
    return {
        "entries": "\n".join(lines) or l10n("console-audit-empty"),
        "page": page + 1,
        "pages": pages,
        "total": total,
        "has_newer": page > 0,
        "has_older": page + 1 < pages,
    }
