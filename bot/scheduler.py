"""The clock of reminders: APScheduler 3 wakes us, the database decides.

The database is the source of truth for what is scheduled and what has been sent
(`scheduled_reminders`, `broadcasts`): APScheduler keeps no state of its own (a memory
job store, rebuilt on every start) and only calls two module-level jobs with fixed ids:

- `reminders-tick` every 30 s, and `reminders-next` at the next due moment: both run
  `fire_due()`, which hands every reminder and scheduled broadcast that came due to the
  delivery engine, once (a compare-and-set on its state, in the same transaction that
  creates the broadcast and its delivery rows);
- `session-reminders` every minute: the logistics feature's reminders of followed
  sessions (`services/programme.py`), sent through the same engine;
- `retention` every minute: the notices before the erasure of personal data and the
  erasure itself (`bot/retention.py`), each once.

On start the event file's plan is synchronised into `scheduled_reminders` (one row per
occurrence: a `day 08:00` reminder has one per event day; `services/reminder_plan.py`,
which also renders a reminder's texts), then everything overdue is
handled: sent once if it is at most `REMINDER_GRACE_HOURS` late, otherwise marked
missed and reported to the overseers (through the engine, so the report is durable too).
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery import DeliveryEngine
from bot.engine_bot import engine_bot
from bot.limiter import RedisRateLimiter
from bot.retention import JOB_RETENTION, fire_retention
from bot.schedule_bus import ScheduleBus
from core.event import Event
from core.i18n import I18n
from services.notices import notify_overseers
from services.programme import queue_session_reminders
from services.registration.stages import refresh_all_travel_missing
from services.reminder_plan import format_moment, reminder_texts, reminder_title, sync_plan
from storage.models.base import utcnow
from storage.models.delivery import (
    Broadcast,
    BroadcastKind,
    BroadcastState,
    ReminderState,
    ScheduledReminder,
)
from storage.repositories.audience import Audience
from storage.repositories.broadcasts import BroadcastRepo
from storage.repositories.reminders import ReminderRepo

if TYPE_CHECKING:
    from aiogram import Bot
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from core.settings import Settings

log = logging.getLogger(__name__)

JOB_TICK = "reminders-tick"
JOB_NEXT = "reminders-next"
JOB_SESSIONS = "session-reminders"
TICK_SECONDS = 30
SESSION_TICK_SECONDS = 60
RETENTION_TICK_SECONDS = 60


# --------------------------------------------------------------------------- runtime

_RUNTIMES: dict[str, Runtime] = {}
"""Jobs get only a key (picklable); the live objects are looked up here."""


@dataclass
class Runtime:
    session_factory: async_sessionmaker[AsyncSession]
    seminar: Event
    i18n: I18n
    admin_ids: list[int]
    grace: timedelta
    engine: DeliveryEngine | None = None
    key: str = field(default_factory=lambda: uuid.uuid4().hex)
    clock: Callable[[], datetime] = utcnow
    """The current moment (tests put a `clock` in the dispatcher's data)."""

    def wake(self) -> None:
        if self.engine is not None:
            self.engine.wake()


async def reminders_job(runtime_key: str) -> None:
    """Job `reminders-tick` / `reminders-next`: hand what came due to the engine."""
    runtime = _RUNTIMES.get(runtime_key)
    if runtime is None:
        return
    await fire_due(runtime)
    scheduler = _SCHEDULERS.get(runtime_key)
    if scheduler is not None:
        await scheduler.refresh()


async def retention_job(runtime_key: str) -> None:
    """Job `retention`: the notices and the erasure that came due (`bot/retention.py`)."""
    runtime = _RUNTIMES.get(runtime_key)
    if runtime is not None:
        await fire_retention(runtime)


async def session_reminders_job(runtime_key: str) -> None:
    """Job `session-reminders`: followed sessions about to start."""
    runtime = _RUNTIMES.get(runtime_key)
    if runtime is not None:
        await fire_session_reminders(runtime)


# --------------------------------------------------------------------------- broadcasts


async def start_reminder_broadcast(
    session: AsyncSession, runtime: Runtime, row: ScheduledReminder
) -> Broadcast:
    texts, venue = await reminder_texts(session, runtime.seminar, runtime.i18n, row)
    if row.audience == "travel_missing":  # the event file's travel fields may have changed
        await refresh_all_travel_missing(session, runtime.seminar)
    audience = Audience(row.audience, unless_answered=row.unless_answered)
    repo = BroadcastRepo(session)
    broadcast = repo.create(
        kind=BroadcastKind.REMINDER,
        title=reminder_title(row),
        texts=texts,
        audience=audience,
        survey_id=row.survey_id,
        venue=venue,
        created_by=row.created_by,
    )
    await repo.start(broadcast, runtime.seminar, admin_ids=runtime.admin_ids)
    return broadcast


# --------------------------------------------------------------------------- firing


async def fire_reminder(runtime: Runtime, reminder_id: int, *, now: datetime | None = None) -> str:
    """Send one scheduled reminder now (or mark it missed); returns its new state or ''."""
    now = now or runtime.clock()
    async with runtime.session_factory() as session:
        row = await session.get(ScheduledReminder, reminder_id)
        if row is None or row.state != ReminderState.SCHEDULED:
            return ""
        late = now - row.due_at
        repo = ReminderRepo(session)
        if late > runtime.grace:
            note = (
                f"came due at {format_moment(runtime.seminar, row.due_at)} while the bot was down"
            )
            if not await repo.take(reminder_id, ReminderState.MISSED, note):
                return ""
            await notify_overseers(
                session,
                runtime,
                "reminders-missed-notice",
                reminder_title(row),
                due=format_moment(runtime.seminar, row.due_at),
                hours=round(late.total_seconds() / 3600, 1),
            )
            state = ReminderState.MISSED
        else:
            if not await repo.take(reminder_id, ReminderState.SENT):
                return ""
            broadcast = await start_reminder_broadcast(session, runtime, row)
            row.broadcast_id = broadcast.id
            state = ReminderState.SENT
        await session.commit()
    log.info("reminder %s (%s): %s", reminder_id, reminder_title(row), state)
    runtime.wake()
    return state


async def start_scheduled_broadcast(
    runtime: Runtime, broadcast_id: int, *, now: datetime | None = None, force: bool = False
) -> str:
    """A scheduled broadcast came due (or `force`: send it now)."""
    now = now or runtime.clock()
    async with runtime.session_factory() as session:
        repo = BroadcastRepo(session)
        broadcast = await repo.get(broadcast_id)
        if broadcast is None or broadcast.state != BroadcastState.SCHEDULED:
            return ""
        scheduled_at = broadcast.scheduled_at or now
        late = now - scheduled_at
        if late > runtime.grace and not force:
            if not await repo.take_scheduled(broadcast_id, BroadcastState.MISSED):
                return ""
            await notify_overseers(
                session,
                runtime,
                "broadcast-missed-notice",
                f"#{broadcast_id}",
                due=format_moment(runtime.seminar, scheduled_at),
                hours=round(late.total_seconds() / 3600, 1),
            )
            state = BroadcastState.MISSED
        else:
            if not await repo.take_scheduled(broadcast_id, BroadcastState.SENDING):
                return ""
            await repo.start(broadcast, runtime.seminar, admin_ids=runtime.admin_ids)
            state = BroadcastState.SENDING
        await session.commit()
    runtime.wake()
    return state


async def fire_due(runtime: Runtime, now: datetime | None = None) -> int:
    """Everything that came due: reminders and scheduled broadcasts. Returns how many."""
    now = now or runtime.clock()
    async with runtime.session_factory() as session:
        reminders = [r.id for r in await ReminderRepo(session).due(now)]
        broadcasts = [b.id for b in await BroadcastRepo(session).due_scheduled(now)]
    handled = 0
    for reminder_id in reminders:
        try:
            handled += bool(await fire_reminder(runtime, reminder_id, now=now))
        except Exception:
            log.exception("reminder %s could not be sent; will try again", reminder_id)
    for broadcast_id in broadcasts:
        try:
            handled += bool(await start_scheduled_broadcast(runtime, broadcast_id, now=now))
        except Exception:
            log.exception("scheduled broadcast %s could not start; will try again", broadcast_id)
    return handled


async def fire_session_reminders(runtime: Runtime, now: datetime | None = None) -> int:
    """Followed sessions about to start (`services.programme`), through the engine."""
    count = await queue_session_reminders(
        runtime.session_factory, runtime.seminar, runtime.i18n, now or runtime.clock()
    )
    if count:
        runtime.wake()
    return count


# --------------------------------------------------------------------------- APScheduler

_SCHEDULERS: dict[str, ReminderScheduler] = {}


class ReminderScheduler:
    """APScheduler (3.x, memory job store) as the clock over the database's plan."""

    def __init__(self, runtime: Runtime, *, session_reminders: bool = True) -> None:
        self.runtime = runtime
        self.session_reminders = session_reminders
        self.scheduler: AsyncIOScheduler | None = None

    async def start(self) -> None:
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        runtime = self.runtime
        _RUNTIMES[runtime.key] = runtime
        _SCHEDULERS[runtime.key] = self
        now = runtime.clock()
        async with runtime.session_factory() as session:
            result = await sync_plan(session, runtime.seminar, now, runtime.grace)
            await session.commit()
        log.info("reminder plan: %s", result)
        await fire_due(runtime, now)  # what came due while the bot was down
        try:
            await fire_retention(runtime, now)  # the retention notices and erasure, too
        except Exception:
            log.exception("retention: could not run; will try again")
        self.scheduler = AsyncIOScheduler(
            timezone=UTC,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )
        self.scheduler.add_job(
            reminders_job,
            "interval",
            seconds=TICK_SECONDS,
            id=JOB_TICK,
            args=[runtime.key],
            replace_existing=True,
        )
        self.scheduler.add_job(
            retention_job,
            "interval",
            seconds=RETENTION_TICK_SECONDS,
            id=JOB_RETENTION,
            args=[runtime.key],
            replace_existing=True,
        )
        if self.session_reminders:
            self.scheduler.add_job(
                session_reminders_job,
                "interval",
                seconds=SESSION_TICK_SECONDS,
                id=JOB_SESSIONS,
                args=[runtime.key],
                replace_existing=True,
            )
        self.scheduler.start()
        await self.refresh()

    async def refresh(self) -> None:
        """(Re)arm `reminders-next` at the earliest moment something is due."""
        if self.scheduler is None:
            return
        runtime = self.runtime
        now = runtime.clock()
        async with runtime.session_factory() as session:
            upcoming = await ReminderRepo(session).upcoming(now)
            next_broadcast = await BroadcastRepo(session).next_scheduled_at()
        moments = [r.due_at for r in upcoming[:1]]
        if next_broadcast is not None:
            moments.append(next_broadcast)
        if not moments:
            with contextlib.suppress(Exception):
                self.scheduler.remove_job(JOB_NEXT)
            return
        when = max(min(moments), now + timedelta(milliseconds=50))
        self.scheduler.add_job(
            reminders_job,
            "date",
            run_date=when,
            id=JOB_NEXT,
            args=[runtime.key],
            replace_existing=True,
        )

    def jobs(self) -> list[str]:
        return [job.id for job in self.scheduler.get_jobs()] if self.scheduler else []

    async def stop(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
            self.scheduler = None
        _RUNTIMES.pop(self.runtime.key, None)
        _SCHEDULERS.pop(self.runtime.key, None)


# --------------------------------------------------------------------------- the service


class DeliveryService:
    """The delivery engine and the reminder scheduler of one process.

    The engine runs in every process (replicas share the sending); the scheduler only on
    the elected leader. Dialogs reach the service as `delivery` in the handler data
    (`dp["delivery"]`): `wake()` after storing a broadcast, `refresh()` after changing what
    is scheduled. With Redis (replicas), `refresh()` also tells the other replicas at once
    (`bot/schedule_bus.py`): the leader re-arms its clock without waiting for its tick.
    """

    def __init__(
        self,
        *,
        settings: Settings,
        seminar: Event,
        i18n: I18n,
        session_factory: async_sessionmaker[AsyncSession],
        bot: Bot,
        engine: DeliveryEngine | None = None,
        session_reminders: bool = True,
        clock: Callable[[], datetime] | None = None,
        redis: Any = None,
        owner: str | None = None,
        live_owners: Callable[[], Awaitable[Iterable[str]]] | None = None,
    ) -> None:
        limiter = None
        if redis is not None:
            limiter = RedisRateLimiter(
                redis,
                settings.broadcast_rate,
                key=f"seminar-bot:{settings.bot_token.get_secret_value().split(':', 1)[0]}:rate",
            )
        self.engine = engine or DeliveryEngine(
            bot=engine_bot(settings, like=bot),
            session_factory=session_factory,
            i18n=i18n,
            seminar=seminar,
            rate=settings.broadcast_rate,
            limiter=limiter,
            owner=owner,
            live_owners=live_owners,
        )
        self.engine.attach(bot)
        self.runtime = Runtime(
            session_factory=session_factory,
            seminar=seminar,
            i18n=i18n,
            admin_ids=list(settings.admin_ids),
            grace=timedelta(hours=settings.reminder_grace_hours),
            engine=self.engine,
            clock=clock or utcnow,
        )
        self.scheduler = ReminderScheduler(self.runtime, session_reminders=session_reminders)
        self.bus: ScheduleBus | None = None
        if redis is not None:
            bot_id = settings.bot_token.get_secret_value().split(":", 1)[0]
            self.bus = ScheduleBus(
                redis,
                channel=f"seminar-bot:{bot_id}:schedule",
                me=owner or uuid.uuid4().hex,
                on_change=self._changed_elsewhere,
            )

    async def start(self) -> None:
        """The engine and the scheduler (one process)."""
        await self.engine.start()
        await self.start_bus()
        await self.scheduler.start()

    async def start_bus(self) -> None:
        if self.bus is not None:
            await self.bus.start()

    async def stop(self) -> None:
        if self.bus is not None:
            await self.bus.stop()
        await self.scheduler.stop()
        await self.engine.close()

    def wake(self) -> None:
        self.engine.wake()

    async def refresh(self) -> None:
        """After a change of what is scheduled: re-arm here, and tell the other replicas."""
        await self.scheduler.refresh()
        self.engine.wake()
        if self.bus is not None:
            await self.bus.publish()

    async def _changed_elsewhere(self) -> None:
        await self.scheduler.refresh()  # nothing to do unless this process is the leader
        self.engine.wake()


def install(process: Any) -> None:
    """The engine in every process of `bot.runner.Process`; the scheduler on the leader."""

    async def started(p: Any) -> None:
        registry = p.replicas

        async def live_owners() -> list[str]:
            return [r.id for r in await registry.others()]

        service = DeliveryService(
            settings=p.settings,
            seminar=p.seminar,
            i18n=p.i18n,
            session_factory=p.resources.session_factory,
            bot=p.bot,
            clock=p.dp.workflow_data.get("clock"),
            redis=p.resources.redis,
            owner=registry.id if registry is not None else None,
            live_owners=live_owners if registry is not None else None,
        )
        await service.engine.start()
        await service.start_bus()
        p.dp["delivery"] = service

    async def stopped(p: Any) -> None:
        service = p.dp.workflow_data.pop("delivery", None)
        if isinstance(service, DeliveryService):
            await service.stop()

    async def elected(p: Any) -> None:
        service = p.dp.workflow_data.get("delivery")
        if isinstance(service, DeliveryService):
            await service.scheduler.start()

    async def lost(p: Any) -> None:
        service = p.dp.workflow_data.get("delivery")
        if isinstance(service, DeliveryService):
            await service.scheduler.stop()

    process.on_start.append(started)
    process.on_stop.append(stopped)
    process.on_elected.append(elected)
    process.on_lost.append(lost)
