"""Data for the survey results windows (organisers)."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from core.event import Survey
from core.telegram_text import fit_html
from dialogs.surveys.common import esc, shorten
from services import survey_results
from services.survey_results import QuestionResult
from ui.context import Ctx


def selected_survey(manager: DialogManager) -> Survey | None:
    ctx = Ctx.from_manager(manager)
    survey_id = manager.dialog_data.get("s")
    return ctx.seminar.find_survey(survey_id) if survey_id else None


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}"


async def list_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager = dialog_manager
    ctx = Ctx.from_manager(manager)
    seminar, lang, l10n = ctx.seminar, ctx.lang, ctx.l10n
    items = []
    for survey in seminar.surveys:
        rate = await survey_results.response_rate(ctx.session, seminar, survey.id, lang)
        label = f"{shorten(survey.title.get(lang), 40)} · {rate.responded}/{rate.audience}"
        items.append((label, survey.id))
    text = l10n("surveys-admin-title") if items else l10n("surveys-admin-list-empty")
    return {"surveys": items, "text": text}


async def summary_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager = dialog_manager
    ctx = Ctx.from_manager(manager)
    seminar, lang, l10n = ctx.seminar, ctx.lang, ctx.l10n
    survey = selected_survey(manager)
    if survey is None:
        return {"text": l10n("surveys-error-stale")}
    rate = await survey_results.response_rate(ctx.session, seminar, survey.id, lang)
    key = (
        "surveys-admin-rate-economies" if rate.unit == "economies" else "surveys-admin-rate-people"
    )
    lines = [
        f"<b>{esc(survey.title.get(lang))}</b>",
        l10n(
            key,
            responded=rate.responded,
            total=rate.audience,
            percent=f"{rate.percent:g}",
            progress=rate.in_progress,
        ),
    ]
    if rate.submitted != rate.responded:
        lines.append(l10n("surveys-admin-submitted-total", count=rate.submitted))
    if survey.anonymous:
        lines.append(l10n("surveys-admin-anonymous"))
    if rate.unit == "economies":
        icons = {"submitted": "✅", "in_progress": "✏️", "not_started": "▫️"}
        marks = [f"{icons.get(r.status or '', '▫️')} {esc(r.name)}" for r in rate.per_economy]
        lines.append(
            l10n("surveys-admin-by-economy")
            + "\n"
            + "\n".join(marks)
            + "\n"
            + l10n("surveys-admin-economy-legend")
        )
    elif rate.per_economy:
        rows = [
            f"{esc(r.name)}: {r.responded}/{r.audience} ({r.percent:g}%)" for r in rate.per_economy
        ]
        lines.append(l10n("surveys-admin-by-economy") + "\n" + "\n".join(rows))
    elif rate.audience == 0:
        lines.append(l10n("surveys-admin-nobody"))
    text = "\n\n".join(lines)
    return {"text": fit_html(text, 4000)}


def describe_result(manager: DialogManager, result: QuestionResult) -> list[str]:
    """Lines describing one question's aggregates (escaped, for an HTML message)."""
    ctx = Ctx.from_manager(manager)
    l10n = ctx.l10n
    lines = [l10n("surveys-admin-answered", answered=result.answered, skipped=result.skipped)]
    if result.answered == 0:
        lines.append(l10n("surveys-admin-no-answers"))
        return lines
    if result.type == "yes_no":
        for count in result.counts:
            label = l10n("surveys-yes") if count.value is True else l10n("surveys-no")
            lines.append(f"{label}: {count.count} ({count.percent:g}%)")
    elif result.type in ("single", "multi", "scale"):
        for count in result.counts:
            label = esc(shorten(count.label, 60))
            lines.append(f"{label}: {count.count} ({count.percent:g}%)")
        if result.type == "scale":
            lines.append(
                l10n("surveys-admin-mean", mean=_number(result.mean), median=_number(result.median))
            )
    elif result.type == "number":
        lines.append(
            l10n(
                "surveys-admin-number",
                mean=_number(result.mean),
                median=_number(result.median),
                min=_number(result.minimum),
                max=_number(result.maximum),
            )
        )
    elif result.type == "text":
        lines.append(l10n("surveys-admin-texts-count", count=len(result.texts)))
    elif result.type == "session_matrix":
        mean_word, median_word = l10n("surveys-admin-word-mean"), l10n("surveys-admin-word-median")
        for row in result.sessions:
            distribution = " ".join(f"{c.value}:{c.count}" for c in row.counts)
            lines.append(
                f"<b>{esc(shorten(row.title, 50))}</b>\n"
                f"{mean_word} {_number(row.mean)} · {median_word} {_number(row.median)} · "
                f"n={row.rated} · [{distribution}]"
            )
    return lines


async def question_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager = dialog_manager
    ctx = Ctx.from_manager(manager)
    seminar, lang, l10n = ctx.seminar, ctx.lang, ctx.l10n
    survey = selected_survey(manager)
    if survey is None:
        return {"text": l10n("surveys-error-stale"), "nav": []}
    results = await survey_results.question_results(ctx.session, seminar, survey.id, lang)
    index = min(int(manager.dialog_data.get("qi", 0)), len(results) - 1)
    result = results[index]
    lines = [
        l10n("surveys-admin-question-head", number=index + 1, total=len(results)),
        esc(result.text),
        "\n".join(describe_result(manager, result)),
    ]
    text = "\n\n".join(lines)
    text = fit_html(text, 4000)  # no tag or `&amp;` cut in half
    nav = []
    if index > 0:
        nav.append(("◀️", "p"))
    if index + 1 < len(results):
        nav.append(("▶️", "n"))
    return {"text": text, "nav": nav}
