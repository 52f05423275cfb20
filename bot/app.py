"""Wiring: one function builds the dispatcher the same way for production and tests."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, DefaultKeyBuilder
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.types import CallbackQuery
from aiogram_dialog import setup_dialogs
from aiogram_dialog.manager.message_manager import MessageManager
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.ledger import UpdateLedger
from bot.lifecycle import InFlight
from bot.messenger import BotMessenger, MessengerMiddleware
from bot.middlewares import DbSessionMiddleware, LanguageMiddleware, UserMiddleware
from bot.telegram_session import callback_answered, create_session
from bot.typed_text import TypedTextMiddleware
from core.event import Event
from core.i18n import I18n
from core.settings import Settings
from dialogs import dialogs_router
from handlers import fallback_router, handlers_router
from handlers.edits import RememberTypedInput
from services.programme import notify_programme_changes
from storage.db import create_engine, create_session_factory
from storage.fsm import SQLAlchemyStorage
from storage.repositories.users import UserCache
from ui.access import StaffDialogs
from ui.patches import install_dialog_ids

if TYPE_CHECKING:  # metrics are collected in webhook mode only: imported there
    from redis.asyncio import Redis

    from bot.metrics import Metrics

log = logging.getLogger(__name__)


def build_dispatcher(
    *,
    settings: Settings,
    seminar: Event,
    i18n: I18n,
    session_factory: async_sessionmaker[AsyncSession],
    storage: BaseStorage,
    events_isolation: BaseEventIsolation | None = None,
    metrics: Metrics | None = None,
    ledger: UpdateLedger | None = None,
    **workflow_data: Any,
) -> Dispatcher:
    """The dispatcher with middlewares, routers and dialogs; everything outside is injected."""
    isolation = events_isolation or SimpleEventIsolation()
    dp = Dispatcher(
        storage=storage,
        events_isolation=isolation,
        settings=settings,
        seminar=seminar,
        i18n=i18n,
        session_factory=session_factory,
        **workflow_data,
    )
    dp["in_flight"] = in_flight = InFlight()

    async def send_reminder_now(reminder_id: int) -> bool:
        """A scheduled reminder sent at once (the reminders dialog's "Send now"), through
        the delivery service of this process; False where none runs (the scheduler's tick
        sends it then). Injected so the dialog does not import the runtime."""
        service = dp.workflow_data.get("delivery")
        if service is None:
            return False
        from bot.scheduler import fire_reminder

        await fire_reminder(service.runtime, reminder_id)
        return True

    dp["send_reminder_now"] = send_reminder_now
    dp["metrics"] = metrics
    dp.update.outer_middleware(in_flight)
    if metrics is not None:
        from bot.metrics import UpdateMetricsMiddleware

        dp.update.outer_middleware(UpdateMetricsMiddleware(metrics))
    # The exactly-once ledger wraps the feeding of updates (bot/polling.py, bot/webhook.py),
    # not the dispatcher: its answer decides what Telegram is told.
    dp["ledger"] = ledger
    # Before anything reads a text: normalised once (and edits marked), see bot.typed_text.
    dp.update.outer_middleware(TypedTextMiddleware())
    dp.update.outer_middleware(MessengerMiddleware())  # services send through it
    dp.update.outer_middleware(DbSessionMiddleware(session_factory))
    dp.update.outer_middleware(UserMiddleware(i18n, user_cache(settings, session_factory)))
    dp.update.outer_middleware(LanguageMiddleware(i18n))
    dialogs = dialogs_router()
    dialogs.message.middleware(RememberTypedInput())  # an edit may then answer (edits.py)
    for observer in (dialogs.message, dialogs.callback_query):  # staff dialogs: staff only
        observer.middleware(StaffDialogs())
    dp.include_routers(handlers_router(), dialogs, fallback_router())
    install_dialog_ids()  # before any dialog starts: ids that do not collide
    setup_dialogs(dp, events_isolation=isolation, message_manager=OnceAnswered())
    dp.startup.register(announce_programme_changes)
    return dp


async def announce_programme_changes(
    bot: Bot,
    seminar: Event,
    i18n: I18n,
    session_factory: async_sessionmaker[AsyncSession],
    **_: Any,
) -> None:
    """On start: tell followers of sessions changed in the event file since the last
    start (once)."""
    try:
        await notify_programme_changes(BotMessenger(bot), session_factory, seminar, i18n)
    except Exception:  # never keep the bot from starting
        log.exception("programme: the change check failed")


def user_cache(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession]
) -> UserCache | None:
    """A cache of `users` rows when this process is the only one on its database (with
    Redis, replicas may share it: each update reads the row)."""
    engine = session_factory.kw.get("bind")
    if settings.redis_url or not isinstance(engine, AsyncEngine):
        return None
    return UserCache(engine)


class OnceAnswered(MessageManager):
    """aiogram-dialog's message manager, minus the second answer to a button press whose
    handler already answered it (with a toast)."""

    async def answer_callback(self, bot: Bot, callback_query: CallbackQuery) -> None:
        if callback_answered(bot, callback_query.id):
            return
        await super().answer_callback(bot, callback_query)


def create_bot(settings: Settings, metrics: Metrics | None = None) -> Bot:
    session = create_session(settings.telegram_api_base)
    if metrics is not None:
        from bot.metrics import SendMetricsMiddleware

        session.middleware(SendMetricsMiddleware(metrics))
    return Bot(
        token=settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


@dataclass
class Resources:
    """What a running process owns and must close."""

    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    storage: BaseStorage
    events_isolation: BaseEventIsolation
    # Awaited last, e.g. the FSM storage's engine.
    closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    # The Redis client when `settings.redis_url` is set (replicas share it: FSM storage,
    # update ledger, leader election, rate limit, schedule bus); None without Redis.
    redis: Redis | None = None

    async def close(self) -> None:
        await self.storage.close()
        await self.events_isolation.close()
        await self.engine.dispose()
        for close in self.closers:
            await close()


def open_resources(settings: Settings) -> Resources:
    """Database engine, FSM storage (database or Redis) and event isolation."""
    engine = create_engine(settings.database_url)
    session_factory = create_session_factory(engine)
    storage: BaseStorage
    isolation: BaseEventIsolation
    if settings.redis_url:
        from bot.dedup import leased_redis_isolation
        from storage.fsm_redis import ErasableRedisStorage

        # aiogram-dialog locks and stores under keys with a destiny: both need it. An
        # erasure of a user in this database deletes their keys (storage/fsm_redis.py).
        key_builder = DefaultKeyBuilder(with_destiny=True)
        storage = ErasableRedisStorage.from_url(
            settings.redis_url, key_builder=key_builder, database=engine.url
        )
        # Locks as leases: a crashed process frees its users as soon as its update claims.
        isolation = leased_redis_isolation(
            storage.redis, key_builder, settings.update_lease_seconds
        )
        return Resources(engine, session_factory, storage, isolation, redis=storage.redis)
    # Dialog state in the database, through connections of its own: an update holding a
    # connection of the main pool never waits for another one to read its dialog state
    # (see storage.db.SQLITE_POOL_SIZE). The pools of an in-memory database would be
    # different databases.
    storage_engine = engine
    if engine.url.database and engine.url.database != ":memory:":
        storage_engine = create_engine(settings.database_url, pool_size=2, max_overflow=2)
    storage = SQLAlchemyStorage(create_session_factory(storage_engine))
    resources = Resources(engine, session_factory, storage, SimpleEventIsolation())
    if storage_engine is not engine:
        resources.closers.append(storage_engine.dispose)
    return resources
