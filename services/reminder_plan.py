"""The event file's reminder plan in the database, and the texts of a reminder.

`sync_plan` brings `scheduled_reminders` in line with the event file (one row per
occurrence); `reminder_texts` renders a reminder per language with its generated parts
(the day's programme, the venue, materials, contacts). The clock that fires them is
`bot/scheduler.py`.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.event import AgendaDay, Event
from core.i18n import I18n
from storage.models.delivery import PublishedMaterial, ReminderState, ScheduledReminder
from storage.repositories.materials import MaterialRepo
from storage.repositories.reminders import ReminderRepo

# --------------------------------------------------------------------------- the plan


def plan_key(reminder_id: str, moment: datetime, daily: bool) -> str:
    return f"plan:{reminder_id}:{moment.date().isoformat()}" if daily else f"plan:{reminder_id}"


def plan_texts(seminar: Event, text: Any) -> dict[str, str]:
    """The event file's plain text per language, escaped for HTML."""
    languages = text.languages() if not text.universal else ["en"]
    return {lang: html.escape(text.get(lang), quote=False) for lang in languages}


async def sync_plan(
    session: AsyncSession, seminar: Event, now: datetime, grace: timedelta
) -> dict[str, int]:
    """Bring `scheduled_reminders` in line with the event file's plan; the caller commits.

    New occurrences are scheduled (one already more than `grace` late is recorded as
    missed without a report: it was never due while the bot ran); unedited scheduled
    ones follow the file; those removed from the file are cancelled.
    """
    existing = await ReminderRepo(session).by_key()
    wanted: set[str] = set()
    added = updated = cancelled = 0
    for reminder in seminar.reminders:
        daily = reminder.at.repeats_daily
        for moment in seminar.resolve(reminder.at):
            key = plan_key(reminder.id, moment, daily)
            wanted.add(key)
            values: dict[str, Any] = {
                "plan_id": reminder.id,
                "due_at": moment.astimezone(UTC),
                "texts": plan_texts(seminar, reminder.text),
                "audience": reminder.audience,
                "include": list(reminder.include),
                "survey_id": reminder.survey,
                "unless_answered": reminder.unless_answered,
            }
            row = existing.get(key)
            if row is None:
                state = ReminderState.SCHEDULED
                note = None
                if values["due_at"] < now - grace:
                    state, note = ReminderState.MISSED, "already past when the plan was loaded"
                session.add(
                    ScheduledReminder(
                        key=key, state=state, note=note, edited=False, created_at=now, **values
                    )
                )
                added += 1
            elif row.state == ReminderState.SCHEDULED and not row.edited:
                changed = False
                for name, value in values.items():
                    if getattr(row, name) != value:
                        setattr(row, name, value)
                        changed = True
                updated += changed
    for key, row in existing.items():
        if (
            key.startswith("plan:")
            and key not in wanted
            and row.state == ReminderState.SCHEDULED
            and not row.edited
        ):
            row.state = ReminderState.CANCELLED
            row.note = "removed from the event file"
            cancelled += 1
    await session.flush()
    return {"added": added, "updated": updated, "cancelled": cancelled}


# --------------------------------------------------------------------------- rendering


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def programme_block(seminar: Event, day: AgendaDay, lang: str) -> str:
    lines = [f"<b>{_esc(day.title.get(lang))}</b>"]
    for item in day.sorted_sessions():
        line = f"{item.start:%H:%M}–{item.end:%H:%M} {_esc(item.title.get(lang))}"
        room = seminar.find_room(item.room) if item.room else None
        if room is not None:
            line += f" · {_esc(room.name.get(lang))}"
        lines.append(line)
    return "\n".join(lines)


def render_includes(
    seminar: Event,
    i18n: I18n,
    lang: str,
    include: list[str],
    due_at: datetime,
    materials: list[PublishedMaterial],
) -> tuple[list[str], bool]:
    """Generated blocks appended to a reminder, and whether to send the venue pin."""
    l10n = i18n.get(lang)
    blocks: list[str] = []
    venue_pin = False
    for item in include:
        if item == "day_programme":
            day = seminar.day(due_at.astimezone(seminar.tz).date())
            if day is not None and day.sessions:
                blocks.append(programme_block(seminar, day, lang))
        elif item == "programme":
            blocks.extend(programme_block(seminar, d, lang) for d in seminar.agenda.days)
        elif item == "venue_location":
            venue_pin = True
            venue = seminar.venue
            text = f"📍 <b>{_esc(venue.name.get(lang))}</b>\n{_esc(venue.address.get(lang))}"
            if venue.map_url:
                text += (
                    f'\n<a href="{html.escape(venue.map_url)}">{_esc(l10n("broadcast-map"))}</a>'
                )
            blocks.append(text)
        elif item == "materials":
            lines = [f"<b>{_esc(l10n('broadcast-inc-materials'))}</b>"]
            if materials:
                for m in materials:
                    title = _esc(m.title.get(lang) or m.title.get("en") or "")
                    if m.url:
                        lines.append(f'• <a href="{html.escape(m.url)}">{title}</a>')
                    else:
                        lines.append(f"• {title} — /materials")
            else:
                for material in seminar.materials:
                    title = _esc(material.title.get(lang))
                    lines.append(f'• <a href="{html.escape(material.url)}">{title}</a>')
            blocks.append("\n".join(lines))
        elif item == "contacts":
            lines = [f"<b>{_esc(l10n('broadcast-inc-contacts'))}</b>"]
            for organiser in seminar.organisers:
                contact = [c for c in (organiser.email, organiser.phone, organiser.telegram) if c]
                line = f"• {_esc(organiser.name.get(lang))} — {_esc(organiser.role.get(lang))}"
                if contact:
                    line += f": {_esc(', '.join(contact))}"
                lines.append(line)
            blocks.append("\n".join(lines))
    return blocks, venue_pin


async def reminder_texts(
    session: AsyncSession, seminar: Event, i18n: I18n, row: ScheduledReminder
) -> tuple[dict[str, str], bool]:
    """The texts per language of a reminder with its generated parts appended."""
    materials = await MaterialRepo(session).published() if "materials" in row.include else []
    languages = list(dict.fromkeys([*seminar.languages, *i18n.languages]))
    texts: dict[str, str] = {}
    venue = False
    base = row.texts or {}
    for lang in languages:
        text = base.get(lang) or base.get("en") or next(iter(base.values()), "")
        blocks, venue = render_includes(
            seminar, i18n, lang, list(row.include or []), row.due_at, materials
        )
        texts[lang] = "\n\n".join([text, *blocks]) if text else "\n\n".join(blocks)
    return texts, venue


def format_moment(seminar: Event, moment: datetime) -> str:
    return moment.astimezone(seminar.tz).strftime("%Y-%m-%d %H:%M")


def reminder_title(row: ScheduledReminder) -> str:
    return row.plan_id or row.key
