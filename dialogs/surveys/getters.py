"""Data for the survey windows. Everything typed by a user or taken from the event file is
escaped here before it goes into an HTML message."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from core.telegram_text import fit_html
from dialogs.surveys.common import (
    REVIEW_PAGE,
    answer_text,
    current_question,
    current_survey,
    esc,
    moment,
    shorten,
)
from services import surveys as engine
from ui.context import Ctx


def _seq(manager: DialogManager) -> int:
    return int(manager.dialog_data.get("seq", 0))


async def list_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager = dialog_manager
    ctx = Ctx.from_manager(manager)
    ctx = Ctx.from_manager(manager)
    seminar, lang, l10n = ctx.seminar, ctx.lang, ctx.l10n
    found = await engine.surveys_for(ctx.session, seminar, ctx.user.id, ctx.now())
    items = []
    for access in found:
        if access.role == "observer":
            icon = "👁"
        elif access.completed:
            icon = "✅"
        elif access.phase == "upcoming":
            icon = "⏳"
        elif access.phase == "closed":
            icon = "🔒"
        elif access.response is not None:
            icon = "✏️"
        else:
            icon = "🆕"
        items.append((f"{icon} {shorten(access.survey.title.get(lang), 50)}", access.survey.id))
    text = l10n("surveys-list-title") if items else l10n("surveys-list-empty")
    return {"surveys": items, "list_text": text}


async def intro_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager = dialog_manager
    ctx = Ctx.from_manager(manager)
    ctx = Ctx.from_manager(manager)
    seminar, lang, l10n = ctx.seminar, ctx.lang, ctx.l10n
    survey = current_survey(manager)
    if survey is None:
        return {"intro_text": l10n("surveys-error-stale"), "can_go": False, "can_read": False}
    access = await engine.get_access(ctx.session, seminar, survey, ctx.user.id, ctx.now())
    lines = [f"<b>{esc(survey.title.get(lang))}</b>"]
    if survey.intro is not None:
        lines.append(esc(survey.intro.get(lang)))
    notes: list[str] = []
    economy = seminar.economy(access.economy) if access.economy else None
    economy_name = esc(economy.name.get(lang)) if economy else esc(access.economy or "")
    if survey.anonymous:
        notes.append(l10n("surveys-intro-anonymous"))
    if access.role == "observer":
        who = esc(access.respondent_name or "?")
        key = "surveys-observer-submitted" if access.completed else "surveys-observer-answering"
        notes.append(l10n(key, economy=economy_name, name=who))
    elif access.role == "outsider":
        notes.append(l10n("surveys-not-for-you"))
    elif survey.audience == "economy":
        notes.append(l10n("surveys-intro-economy", economy=economy_name))
    go_label = ""
    if access.phase == "upcoming" and access.opens is not None:
        notes.append(l10n("surveys-not-open-yet", date=moment(seminar, access.opens, lang)))
    elif access.phase == "closed":
        closed = moment(seminar, access.closes, lang) if access.closes else ""
        notes.append(l10n("surveys-closed", date=closed))
    elif access.role == "respondent":
        if access.completed and not access.editing_submitted:
            notes.append(l10n("surveys-already-submitted"))
        elif access.completed:
            until = moment(seminar, access.closes, lang) if access.closes else ""
            key = "surveys-editable-until" if access.closes else "surveys-editable"
            notes.append(l10n(key, date=until))
            go_label = l10n("surveys-btn-change")
        else:
            answers = access.answers
            shown = engine.visible_questions(survey, answers)
            if access.response is not None and answers:
                done = sum(1 for q in shown if q.id in answers)
                notes.append(l10n("surveys-intro-progress", done=done, total=len(shown)))
                go_label = l10n("surveys-btn-continue")
            else:
                notes.append(l10n("surveys-intro-count", total=len(shown)))
                go_label = l10n("surveys-btn-start")
            if access.closes is not None:
                notes.append(l10n("surveys-closes-on", date=moment(seminar, access.closes, lang)))
    text = "\n\n".join([*lines, "\n".join(notes)]) if notes else "\n\n".join(lines)
    return {
        "intro_text": text,
        "can_go": bool(go_label) and access.can_answer,
        "go_label": go_label or l10n("surveys-btn-start"),
        "can_read": access.can_read,
    }


async def question_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager = dialog_manager
    ctx = Ctx.from_manager(manager)
    ctx = Ctx.from_manager(manager)
    seminar, lang, l10n = ctx.seminar, ctx.lang, ctx.l10n
    survey = current_survey(manager)
    question = current_question(manager)
    if survey is None or question is None:
        return {"body": l10n("surveys-error-stale"), "choices": [], "nav": []}
    access = await engine.get_access(ctx.session, seminar, survey, ctx.user.id, ctx.now())
    answers = access.answers
    value = answers.get(question.id)
    seq = _seq(manager)
    number, total = engine.progress(survey, answers, question.id)
    parts = [
        l10n(
            "surveys-progress",
            title=esc(shorten(survey.title.get(lang), 60)),
            number=number,
            total=total,
        ),
        f"<b>{esc(question.text.get(lang))}</b>",
    ]
    if question.help is not None:
        parts.append(f"<i>{esc(question.help.get(lang))}</i>")
    choices: list[tuple[str, str]] = []
    kind = question.type
    if kind == "single":
        for i, option in enumerate(question.options):
            mark = "✅ " if value == option.value else ""
            choices.append((mark + option.label.get(lang), f"{seq}.{i}"))
    elif kind == "multi":
        chosen = value if isinstance(value, list) else []
        for i, option in enumerate(question.options):
            mark = "✅ " if option.value in chosen else "▫️ "
            choices.append((mark + option.label.get(lang), f"{seq}.{i}"))
        low, high = engine.multi_bounds(question)
        if low == high:
            parts.append(l10n("surveys-hint-multi-exact", count=low))
        elif high < len(question.options):
            parts.append(l10n("surveys-hint-multi-max", min=low, max=high))
        else:
            parts.append(l10n("surveys-hint-multi", min=low))
    elif kind == "yes_no":
        for i, (flag, key) in enumerate(((True, "surveys-yes"), (False, "surveys-no"))):
            mark = "✅ " if value is flag else ""
            choices.append((mark + l10n(key), f"{seq}.{i}"))
    elif kind == "scale":
        for i, point in enumerate(question.scale_values()):
            mark = "✅" if value == point else ""
            choices.append((f"{mark}{point}", f"{seq}.{i}"))
        parts.append(_scale_hint(manager, question))
    elif kind == "text":
        parts.append(l10n("surveys-hint-text", limit=question.max_length or 4000))
    elif kind == "number":
        parts.append(_number_hint(manager, question))
    elif kind == "session_matrix":
        sessions = seminar.sessions_for(question)
        index = min(int(manager.dialog_data.get("mi", 0)), max(len(sessions) - 1, 0))
        rated = value if isinstance(value, dict) else {}
        if sessions:
            day, session = sessions[index]
            when = f"{day.date.strftime('%d.%m')} {session.start:%H:%M}"
            parts.append(
                l10n(
                    "surveys-matrix-session",
                    number=index + 1,
                    total=len(sessions),
                    when=when,
                    session=esc(session.title.get(lang)),
                )
            )
            current = rated.get(session.id)
            for i, point in enumerate(question.scale_values()):
                mark = "✅" if current == point else ""
                choices.append((f"{mark}{point}", f"{seq}.{i}"))
        parts.append(_scale_hint(manager, question))
    if kind in ("text", "number") and value is not None:
        shown = answer_text(seminar, question, value, l10n, lang, limit=300)
        parts.append(l10n("surveys-your-answer", answer=esc(shown)))
    nav = _nav(manager, question, value, seq)
    return {"body": "\n\n".join(p for p in parts if p), "choices": choices, "nav": nav}


def _scale_hint(manager: DialogManager, question: Any) -> str:
    ctx = Ctx.from_manager(manager)
    l10n, lang = ctx.l10n, ctx.lang
    if question.min_label is None and question.max_label is None:
        return l10n("surveys-hint-scale", min=question.min, max=question.max)
    return l10n(
        "surveys-hint-scale-labels",
        min=question.min,
        max=question.max,
        min_label=esc(question.min_label.get(lang) if question.min_label else ""),
        max_label=esc(question.max_label.get(lang) if question.max_label else ""),
    )


def _number_hint(manager: DialogManager, question: Any) -> str:
    ctx = Ctx.from_manager(manager)
    l10n = ctx.l10n
    if question.min is not None and question.max is not None:
        return l10n("surveys-hint-number-range", min=question.min, max=question.max)
    if question.min is not None:
        return l10n("surveys-hint-number-min", min=question.min)
    if question.max is not None:
        return l10n("surveys-hint-number-max", max=question.max)
    return l10n("surveys-hint-number")


def _nav(manager: DialogManager, question: Any, value: Any, seq: int) -> list[tuple[str, str]]:
    """The navigation buttons of a question: (label, "<seq>.<code>")."""
    ctx = Ctx.from_manager(manager)
    l10n = ctx.l10n
    nav = [(l10n("surveys-btn-back"), f"{seq}.b")]
    kind = question.type
    if kind == "multi":
        nav.append((l10n("surveys-btn-done"), f"{seq}.d"))
    if kind == "session_matrix":
        nav.append((l10n("surveys-btn-skip-session"), f"{seq}.s"))
        nav.append((l10n("surveys-btn-skip-rest"), f"{seq}.r"))
    elif not question.required:
        nav.append((l10n("surveys-btn-skip"), f"{seq}.s"))
    if kind in ("text", "number") and value is not None:
        nav.append((l10n("surveys-btn-keep"), f"{seq}.k"))
    nav.append((l10n("surveys-btn-later"), f"{seq}.l"))
    return nav


async def review_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager = dialog_manager
    ctx = Ctx.from_manager(manager)
    ctx = Ctx.from_manager(manager)
    seminar, lang, l10n = ctx.seminar, ctx.lang, ctx.l10n
    survey = current_survey(manager)
    if survey is None:
        return {"review_text": l10n("surveys-error-stale"), "edits": [], "nav": []}
    access = await engine.get_access(ctx.session, seminar, survey, ctx.user.id, ctx.now())
    readonly = bool(manager.dialog_data.get("ro")) or not access.can_answer
    answers = access.answers
    shown = engine.visible_questions(survey, answers)
    pages = max(1, -(-len(shown) // REVIEW_PAGE))
    page = min(int(manager.dialog_data.get("page", 0)), pages - 1)
    seq = _seq(manager)
    lines = [f"<b>{esc(survey.title.get(lang))}</b>"]
    if access.role == "observer" and access.respondent_name:
        lines.append(l10n("surveys-review-by", name=esc(access.respondent_name)))
    key = "surveys-review-readonly" if readonly else "surveys-review-intro"
    lines.append(l10n(key, page=page + 1, pages=pages))
    edits = []
    entries = []
    for offset, question in enumerate(shown[page * REVIEW_PAGE : (page + 1) * REVIEW_PAGE]):
        number = page * REVIEW_PAGE + offset + 1
        if question.id in answers:
            shown_answer = answer_text(seminar, question, answers[question.id], l10n, lang)
        else:
            shown_answer = l10n("surveys-answer-missing")
        entries.append(
            f"{number}. {esc(shorten(question.text.get(lang), 80))}\n"
            f"   → <i>{esc(shown_answer)}</i>"
        )
        if not readonly:
            index = survey.questions.index(question)
            edits.append((f"✏️ {number}", f"{seq}.{index}"))
    lines.append("\n".join(entries))
    nav = []
    if page > 0:
        nav.append(("◀️", f"{seq}.p"))
    if page + 1 < pages:
        nav.append(("▶️", f"{seq}.n"))
    if not readonly:
        label = "surveys-btn-save" if access.completed else "surveys-btn-submit"
        nav.append((l10n(label), f"{seq}.S"))
    nav.append((l10n("surveys-btn-back"), f"{seq}.b"))
    text = "\n\n".join(lines)
    text = fit_html(text, 4000)  # no tag or `&amp;` cut in half
    return {"review_text": text, "edits": edits, "nav": nav}


async def done_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager = dialog_manager
    ctx = Ctx.from_manager(manager)
    ctx = Ctx.from_manager(manager)
    seminar, lang, l10n = ctx.seminar, ctx.lang, ctx.l10n
    survey = current_survey(manager)
    if survey is None:
        return {"done_text": l10n("surveys-done")}
    access = await engine.get_access(ctx.session, seminar, survey, ctx.user.id, ctx.now())
    text = l10n("surveys-done-anonymous" if survey.anonymous else "surveys-done")
    if access.editing_submitted and access.closes is not None:
        text += "\n\n" + l10n("surveys-editable-until", date=moment(seminar, access.closes, lang))
    return {"done_text": text}
