"""Funded and alternate places per economy: a lock per economy so that two delegates
never take the last place together, the free place, and the overview organisers see.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from core.event import Event
from storage.models.registration import Funding
from storage.repositories.registrations import RegistrationRepo

# One lock per economy and event loop (tests run several loops in one process).
_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, asyncio.Lock]] = (
    weakref.WeakKeyDictionary()
)


@asynccontextmanager
async def quota_lock(session: AsyncSession, economy: str | None) -> AsyncIterator[None]:
    """Serialize quota decisions of one economy (in the process, and on PostgreSQL across
    processes with a transaction-scoped advisory lock)."""
    key = economy or ""
    locks = _locks.setdefault(asyncio.get_running_loop(), {})
    lock = locks.setdefault(key, asyncio.Lock())
    async with lock:
        if session.get_bind().dialect.name == "postgresql":
            await session.execute(
                text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"quota:{key}"}
            )
        yield


async def free_place(session: AsyncSession, seminar: Event, economy: str) -> Funding | None:
    """The kind of place still free for `economy` (funded first, then alternate), or None."""
    if not seminar.is_travel_eligible(economy):
        return None
    repo = RegistrationRepo(session)
    if await repo.places_held(economy, Funding.FUNDED) < seminar.quotas.funded_per_economy:
        return Funding.FUNDED
    if await repo.places_held(economy, Funding.ALTERNATE) < seminar.quotas.alternates_per_economy:
        return Funding.ALTERNATE
    return None


@dataclass
class QuotaLine:
    economy: str
    funded: int
    alternates: int
    waitlisted: int
    women: int


async def quota_overview(session: AsyncSession, seminar: Event) -> list[QuotaLine]:
    repo = RegistrationRepo(session)
    lines = []
    for economy in seminar.travel_eligible:
        lines.append(
            QuotaLine(
                economy=economy,
                funded=await repo.places_held(economy, Funding.FUNDED),
                alternates=await repo.places_held(economy, Funding.ALTERNATE),
                waitlisted=len(await repo.waitlist(economy)),
                women=await repo.women_registered(economy),
            )
        )
    return lines


# --------------------------------------------------------------------------- status changes
