"""The database ledger's claims (bot/ledger_db.py): those that arrive together share one
transaction (group commit), and each still follows the claim rules."""

from __future__ import annotations

import asyncio

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.ledger import Claim
from bot.ledger_db import DatabaseLedger


async def test_claims_arriving_together_share_one_commit(
    engine: AsyncEngine, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """20 webhook requests at once: their claims take at most two commits (20 before,
    4.5 ms of ledger per update on SQLite, issue #20), each is won once, and the
    updates seen before are refused."""
    ledger = DatabaseLedger(session_factory)
    commits = 0

    def count(*_: object) -> None:
        nonlocal commits
        commits += 1

    event.listen(engine.sync_engine, "commit", count)
    try:
        ids = range(70_000, 70_020)
        outcomes = await asyncio.gather(*(ledger.claim(i) for i in ids))
        assert [o.claim for o in outcomes] == [Claim.WON] * 20
        assert commits <= 2, commits

        assert (await ledger.claim(70_003)).claim is Claim.BUSY  # in hand here
        await asyncio.gather(*(ledger.complete(i) for i in ids))
        again = await asyncio.gather(ledger.claim(70_005), ledger.claim(70_021))
        assert [o.claim for o in again] == [Claim.DONE, Claim.WON]

        other = DatabaseLedger(session_factory)  # another replica
        busy = await other.claim(70_021)
        assert busy.claim is Claim.BUSY and busy.retry_after > 0
        await other.aclose()
    finally:
        event.remove(engine.sync_engine, "commit", count)
        await ledger.aclose()
