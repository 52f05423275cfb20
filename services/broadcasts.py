"""Cancelling a broadcast: one rule for the composer's Cancel button
(`dialogs/broadcast`) and the ⛔ button under a progress message (`handlers/broadcast.py`).
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.repositories.audit import AuditRepo
from storage.repositories.broadcasts import BroadcastRepo

log = logging.getLogger(__name__)


async def cancel_broadcast(
    session: AsyncSession, delivery: Any, broadcast_id: int, actor: int | None
) -> int | None:
    """Cancel a scheduled or running broadcast (audited); None if it is not running.

    `delivery` is the runtime's delivery service (`dp["delivery"]`, see
    `bot.scheduler`), or None where none runs: told at once, so the engine stops sending
    and redraws the progress message."""
    repo = BroadcastRepo(session)
    broadcast = await repo.get(broadcast_id)
    if broadcast is None or broadcast.state not in ("scheduled", "sending"):
        return None
    count = await repo.cancel(broadcast)
    AuditRepo(session).add(actor, "broadcast.cancel", broadcast_id, f"not_sent={count}")
    await session.commit()
    if delivery is not None:
        try:
            delivery.engine.cancelled(broadcast_id)
            await delivery.engine.refresh_progress(broadcast_id)
            await delivery.refresh()
        except Exception:
            log.exception("could not redraw the progress of broadcast %s", broadcast_id)
    return count
