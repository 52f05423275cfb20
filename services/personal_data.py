"""Everything stored about one person: `/mydata` collects it, `/forget` erases it.

Each feature that stores personal data registers one collector and one eraser::

    from services.personal_data import register_personal_data

    async def collect(session: AsyncSession, user_id: int) -> dict[str, Any]:
        return {"surveys": [...]}        # merged into the /mydata document

    async def erase(session: AsyncSession, user_id: int) -> None:
        ...                               # delete or anonymize; do not commit

    register_personal_data(collect, erase)

`collect_personal_data` starts with the `users` row and then runs every collector;
`erase_personal_data` runs every eraser, then deletes the `users` row, the user's
dialog state in `fsm_records` and removes the user's id from the audit log. The caller
commits (one transaction for the whole erase).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import delete, event, or_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from storage.fsm import forget_user
from storage.models import AuditEntry, FSMRecord, User
from storage.repositories.users import users_written

Collector = Callable[[AsyncSession, int], Awaitable[dict[str, Any]]]
Eraser = Callable[[AsyncSession, int], Awaitable[None]]

PERSONAL_DATA_COLLECTORS: list[Collector] = []
"""Async callables `(session, user_id) -> dict` whose results make up `/mydata`."""
PERSONAL_DATA_ERASERS: list[Eraser] = []
"""Async callables `(session, user_id) -> None` run by `/forget` (they do not commit)."""


def register_personal_data(
    collector: Collector | None = None, eraser: Eraser | None = None
) -> None:
    """Add a feature's collector and eraser (registering the same function twice is a no-op)."""
    if collector is not None and collector not in PERSONAL_DATA_COLLECTORS:
        PERSONAL_DATA_COLLECTORS.append(collector)
    if eraser is not None and eraser not in PERSONAL_DATA_ERASERS:
        PERSONAL_DATA_ERASERS.append(eraser)


def _user_dict(user: User) -> dict[str, Any]:
    """Every column of the user's row (dates as ISO text)."""
    out: dict[str, Any] = {}
    for column in User.__table__.columns:
        value = getattr(user, column.key)
        out[column.key] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


async def collect_personal_data(session: AsyncSession, user_id: int) -> dict[str, Any]:
    """The `/mydata` document: the user row and what every feature keeps about the user."""
    user = await session.get(User, user_id)
    document: dict[str, Any] = {"user": _user_dict(user) if user is not None else None}
    for collector in PERSONAL_DATA_COLLECTORS:
        document.update(await collector(session, user_id))
    return document


def _fsm_key_patterns(user_id: int) -> list[str]:
    # aiogram keys are "<prefix>:<bot>:<chat>:<user>[:<thread>...]:<destiny>[:<part>]".
    return [f"%:{user_id}:%", f"%:{user_id}"]


_ERASED = "personal_data.erased"  # session.info: what to call when the transaction ends


def _transaction_ended(session: Session, transaction: SessionTransaction) -> None:
    """The erasing transaction is over (committed or not): the dialog storages may read
    the users' keys from the database again (`storage.fsm.forget_user`)."""
    if transaction.parent is None:
        for erased in session.info.pop(_ERASED, []):
            erased()
        session.info[_ERASED] = []


async def erase_personal_data(session: AsyncSession, user_id: int) -> None:
    """Run every eraser, then remove the user row, dialog state and audit references."""
    # Dialog state held in memory or in Redis (storage/fsm.py): the storages treat the
    # user's keys as gone until this transaction ends.
    erased = await forget_user(user_id, session.get_bind().engine.url)
    pending = session.info.get(_ERASED)
    if pending is None:  # one listener per session, however many users it erases
        pending = session.info[_ERASED] = []
        event.listen(session.sync_session, "after_transaction_end", _transaction_ended)
    pending.append(erased)
    for eraser in PERSONAL_DATA_ERASERS:
        await eraser(session, user_id)
    await session.execute(
        update(AuditEntry).where(AuditEntry.actor_id == user_id).values(actor_id=None)
    )
    await session.execute(
        update(AuditEntry).where(AuditEntry.target == str(user_id)).values(target=None)
    )
    await session.execute(
        delete(FSMRecord).where(or_(*(FSMRecord.key.like(p) for p in _fsm_key_patterns(user_id))))
    )
    user = await session.get(User, user_id)
    if user is not None:
        await session.delete(user)
    users_written(session, user_id)
    await session.flush()
