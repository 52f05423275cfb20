"""An organiser's decision and what follows it, one at a time (the chat's queue) or
several at once (the dashboard's bulk Approve / Waitlist / Reject).

`decide_and_tell`: `registration.decide` (quotas, the status history, the audit entry, a
commit), then the delegate is told in their language and a freed funded place is offered
to the organisers. The chat and the dashboard both go through it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from services import notify
from services import registration as svc
from storage.models.registration import Registration
from storage.repositories.registrations import RegistrationRepo

log = logging.getLogger(__name__)

BULK_ACTIONS = ("approve", "waitlist", "reject")
REASON_LIMIT = 500
"""As in the chat's reason prompt."""
MAX_BULK = 200


@dataclass
class BulkResult:
    changed: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    """Not in a status the action applies to (decided meanwhile, say)."""
    missing: list[int] = field(default_factory=list)
    notified: int = 0


async def decide_and_tell(
    ctx: notify.Notifying,
    registration: Registration,
    action: str,
    actor_id: int,
    reason: str | None,
    offer: Callable[[int], str],
) -> tuple[svc.Outcome, bool]:
    """Decide, then tell: the outcome, and whether the delegate was told (False when
    nothing changed). Raises `registration.NoPlace` as `decide` does."""
    outcome = await svc.decide(ctx.session, ctx.seminar, registration, action, actor_id, reason)
    if not outcome.changed:
        return outcome, False
    told = await notify.decision(ctx, outcome.registration, action, reason)
    await notify.offer_freed_place(ctx, outcome.freed, offer)
    return outcome, told


async def decide_many(
    ctx: notify.Notifying,
    registration_ids: Iterable[int],
    action: str,
    actor_id: int,
    reason: str | None,
    offer: Callable[[int], str],
) -> BulkResult:
    """Apply `action` to every registration; `offer(registration_id)` is the callback data
    of the organisers' "offer the freed place" button. Commits (per registration)."""
    if action not in BULK_ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    result = BulkResult()
    repo = RegistrationRepo(ctx.session)
    for registration_id in dict.fromkeys(registration_ids):
        registration = await repo.get(registration_id)
        if registration is None:
            result.missing.append(registration_id)
            continue
        outcome, told = await decide_and_tell(ctx, registration, action, actor_id, reason, offer)
        if not outcome.changed:
            result.unchanged.append(registration_id)
            continue
        result.changed.append(registration_id)
        result.notified += told
    return result
