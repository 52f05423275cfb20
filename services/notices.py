"""Notices to the overseers (a reminder missed while the bot was down, the retention
date's notices): stored as a broadcast to the overseers, so the delivery engine sends
each once and durably, in each overseer's language."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.delivery import BroadcastKind
from storage.repositories.audience import Audience
from storage.repositories.broadcasts import BroadcastRepo


async def notify_overseers(
    session: AsyncSession,
    runtime: Any,
    key: str,
    title: str,
    *,
    markup: dict[str, Any] | None = None,
    **args: Any,
) -> None:
    """A notice to the overseers, through the engine (durable, once); `runtime`: what the
    scheduler's jobs share (`seminar`, `i18n`, `admin_ids`); `markup`: buttons per
    language."""
    texts = {
        lang: runtime.i18n.get(lang)(key, title=title, **args) for lang in runtime.i18n.languages
    }
    repo = BroadcastRepo(session)
    broadcast = repo.create(
        kind=BroadcastKind.NOTICE,
        title=title,
        texts=texts,
        audience=Audience("overseers"),
        markup=markup,
    )
    await repo.start(broadcast, runtime.seminar, admin_ids=runtime.admin_ids)
