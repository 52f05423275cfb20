"""Shared helpers of the delivery, broadcast and reminder tests."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from pydantic import SecretStr
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery import DeliveryEngine
from bot.engine_bot import engine_bot
from core.event import Event
from core.i18n import I18n
from core.settings import Settings
from storage.models import User, utcnow
from storage.models.registration import Attendance, Registration
from storage.repositories.audience import Audience
from storage.repositories.broadcasts import BroadcastRepo
from tests.fakebot import FakeBotAPI
from tests.harness import TOKEN

SEND_METHODS = {"sendmessage", "sendphoto", "senddocument", "sendvenue"}
I18N = I18n()  # parsing the locales takes a while: once per test session


def fake_settings(fake: FakeBotAPI, **overrides: Any) -> Settings:
    return Settings(
        bot_token=SecretStr(TOKEN),
        telegram_api_base=fake.base_url,
        _env_file=None,  # type: ignore[call-arg]
        **overrides,
    )


def make_engine(
    fake: FakeBotAPI,
    session_factory: async_sessionmaker[AsyncSession],
    seminar: Event | None = None,
    **options: Any,
) -> DeliveryEngine:
    options.setdefault("rate", 200.0)
    options.setdefault("poll_interval", 0.1)
    options.setdefault("progress_every", 0.3)
    options.setdefault("backoff_base", 0.05)
    return DeliveryEngine(
        bot=engine_bot(fake_settings(fake)),
        session_factory=session_factory,
        i18n=I18N,
        seminar=seminar,
        **options,
    )


async def add_users(
    session_factory: async_sessionmaker[AsyncSession],
    ids: Iterable[int],
    language: str = "en",
) -> None:
    now = utcnow()
    rows = [
        {
            "id": uid,
            "first_name": f"U{uid}",
            "language": language,
            "language_chosen": False,
            "first_seen": now,
            "last_seen": now,
        }
        for uid in ids
    ]
    async with session_factory() as session:
        await session.execute(insert(User), rows)
        await session.commit()


async def add_registration(
    session: AsyncSession,
    user_id: int,
    *,
    status: str = "approved",
    role: str | None = "delegate",
    economy: str | None = "CHL",
    funding: str = "none",
    attended: Iterable[date] = (),
) -> Registration:
    registration = Registration(
        user_id=user_id,
        status=status,
        role=role,
        economy=economy,
        funding=funding,
        answers={},
        consent_version="2027-1",
    )
    session.add(registration)
    await session.flush()
    for day in attended:
        session.add(Attendance(registration_id=registration.id, day=day, method="badge"))
    return registration


async def broadcast(
    session_factory: async_sessionmaker[AsyncSession],
    seminar: Event,
    texts: dict[str, str],
    audience: Audience | None = None,
    **fields: Any,
) -> tuple[int, int]:
    """Store a broadcast with its deliveries; returns (broadcast id, recipients)."""
    async with session_factory() as session:
        repo = BroadcastRepo(session)
        row = repo.create(texts=texts, audience=audience or Audience("all"), **fields)
        count = await repo.start(row, seminar)
        await session.commit()
        return row.id, count


def delivered(fake: FakeBotAPI, method: str = "sendMessage") -> Counter[int]:
    """Successful sends per chat."""
    return Counter(
        int(c.params["chat_id"]) for c in fake.calls_of(method) if c.ok and "chat_id" in c.params
    )
