"""The programme's messages to followers: reminders before followed sessions and notices
of changed sessions. The data (follows, claims, the agenda snapshot) is
`storage.repositories.follows`; the texts are `services.programme_texts`.

- `queue_session_reminders`: the one path of session reminders. Followed sessions about
  to start are claimed (each reminder once, even with several processes) and stored as a
  broadcast per session; the delivery engine sends them. The scheduler's
  `session-reminders` job (`bot/scheduler.py`) calls it every minute.
- `notify_programme_changes`: at start-up, tells followers of sessions changed in the
  event file since the last start (once), through a `core.messaging.Messenger`.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.event import Event
from core.i18n import I18n
from core.messaging import MessagingError, Messenger
from services.programme_texts import change_text, reminder_markup, reminder_text
from storage.models import User
from storage.models.delivery import BroadcastKind
from storage.repositories.broadcasts import BroadcastRepo
from storage.repositories.follows import (
    FollowRepo,
    apply_agenda_changes,
    claim_session_reminders,
    due_session_reminders,
)

log = logging.getLogger(__name__)


async def queue_session_reminders(
    session_factory: async_sessionmaker[AsyncSession],
    seminar: Event,
    i18n: I18n,
    now: datetime,
) -> int:
    """Claim the reminders due at `now` (aware) and hand them to the delivery engine as one
    broadcast per session; returns how many deliveries were queued. The caller wakes the
    engine."""
    minutes = seminar.programme.reminder_minutes
    count = 0
    async with session_factory() as session:
        due = await due_session_reminders(session, seminar, now, minutes)
        if not due:
            return 0
        claimed = await claim_session_reminders(session, seminar, due)
        by_session: dict[str, list[int]] = defaultdict(list)
        for user_id, session_id in claimed:
            by_session[session_id].append(user_id)
        repo = BroadcastRepo(session)
        for session_id, user_ids in by_session.items():
            texts: dict[str, str] = {}
            markups: dict[str, Any] = {}
            for lang in i18n.languages:
                l10n = i18n.get(lang)
                texts[lang] = reminder_text(seminar, l10n, lang, session_id, now)
                markup = reminder_markup(l10n, session_id)
                markups[lang] = markup.model_dump(mode="json", exclude_none=True)
            broadcast = repo.create(
                kind=BroadcastKind.SESSION,
                title=session_id,
                texts=texts,
                markup=markups,
                audience={"kind": "session", "value": session_id},
            )
            count += await repo.start(broadcast, seminar, user_ids=user_ids)
        await session.commit()
    return count


async def notify_programme_changes(
    messenger: Messenger,
    session_factory: async_sessionmaker[AsyncSession],
    seminar: Event,
    i18n: I18n,
) -> int:
    """Compare the agenda with the snapshot and tell followers of changed sessions (once).

    Returns the number of messages delivered. Run at start-up.
    """
    async with session_factory() as session:
        changes = await apply_agenda_changes(session, seminar)
        followers = await FollowRepo(session).followers(c.session_id for c in changes)
        languages: dict[int, str] = {}
        for users in followers.values():
            for user_id in users:
                if user_id not in languages:
                    user = await session.get(User, user_id)
                    languages[user_id] = user.language if user is not None else "en"
        await session.commit()
    delivered = 0
    for change in changes:
        for user_id in followers.get(change.session_id, []):
            lang = languages[user_id]
            l10n = i18n.get(lang)
            markup = reminder_markup(l10n, change.session_id) if change.after else None
            try:
                await messenger.send(
                    user_id, change_text(seminar, l10n, lang, change), markup=markup
                )
                delivered += 1
            except MessagingError as exc:
                log.warning("programme change to %s not delivered: %s", user_id, exc)
    if changes:
        log.info("programme: %d session(s) changed, %d message(s) sent", len(changes), delivered)
    return delivered
