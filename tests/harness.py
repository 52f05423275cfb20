"""The bot wired exactly as in production, talking HTTP to the fake Bot API.

Updates are fed straight into `Dispatcher.feed_raw_update`, so each call returns once the
update has been handled; everything the bot sends goes over HTTP to `FakeBotAPI`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher
from pydantic import SecretStr

from bot.app import Resources, build_dispatcher, create_bot, open_resources
from bot.runner import webhook_extras
from core.event import Event, load_event
from core.i18n import I18n
from core.settings import DEFAULT_EVENT_FILE, Settings
from storage.migrate import upgrade
from tests.fakebot import FakeBotAPI

TOKEN = "123456:AAE-test-token-for-the-fake-bot-api-00"
WEBHOOK_SECRET = "test-webhook-secret-0123456789abcdefghij"


@dataclass
class Harness:
    fake: FakeBotAPI
    bot: Bot
    dp: Dispatcher
    resources: Resources
    settings: Settings
    seminar: Event
    delivery: Any = None  # bot.scheduler.DeliveryService with `with_scheduler=True`

    async def feed(self, update: dict[str, Any]) -> None:
        await self.dp.feed_raw_update(self.bot, update)

    async def send(self, user_id: int, text: str, **kwargs: Any) -> None:
        """The user types `text` (a command or anything else)."""
        await self.feed(self.fake.enqueue_message(user_id, text, **kwargs))

    async def press(self, user_id: int, button_text: str) -> None:
        """The user taps a button of the latest inline keyboard in their chat."""
        await self.feed(self.fake.press(user_id, button_text))

    async def callback(self, user_id: int, message_id: int, data: str) -> None:
        await self.feed(self.fake.enqueue_callback(user_id, message_id, data))

    def text(self, chat_id: int) -> str:
        """The latest bot message in the chat, as the user sees it."""
        return str(self.fake.last_message(chat_id).get("text", ""))

    def buttons(self, chat_id: int) -> list[str]:
        return self.fake.buttons(chat_id)

    def session(self) -> Any:
        return self.resources.session_factory()


@asynccontextmanager
async def running_bot(
    fake: FakeBotAPI,
    db_url: str,
    *,
    admin_ids: list[int] | None = None,
    event_file: Path = DEFAULT_EVENT_FILE,
    redis_url: str | None = None,
    mode: str = "polling",
    customize: Callable[[Dispatcher], Awaitable[None] | None] | None = None,
    with_scheduler: bool = False,
    settings_overrides: dict[str, Any] | None = None,
    **dispatcher_options: Any,
) -> AsyncIterator[Harness]:
    """A bot process in miniature; two in a row on one database model a restart.

    `with_scheduler`: also run the delivery engine and the reminder scheduler
    (`bot.scheduler.DeliveryService`), as the elected process does in production.
    """
    settings = Settings(
        bot_token=SecretStr(TOKEN),
        database_url=db_url,
        admin_ids=admin_ids or [],
        event_file=event_file,
        telegram_api_base=fake.base_url,
        redis_url=redis_url,
        mode=mode,
        webhook_secret=SecretStr(WEBHOOK_SECRET) if mode == "webhook" else None,
        webhook_register=False,
        _env_file=None,  # type: ignore[call-arg]
        **(settings_overrides or {}),
    )
    seminar = load_event(settings.event_file)
    resources = open_resources(settings)
    await upgrade(resources.engine)
    metrics, ledger = webhook_extras(settings, resources)
    bot = create_bot(settings, metrics=metrics)
    dp = build_dispatcher(
        settings=settings,
        seminar=seminar,
        i18n=I18n(),
        session_factory=resources.session_factory,
        storage=resources.storage,
        events_isolation=resources.events_isolation,
        metrics=metrics,
        ledger=ledger,
        **dispatcher_options,
    )
    if customize is not None:
        result = customize(dp)
        if result is not None:
            await result
    delivery = None
    if with_scheduler:
        from bot.scheduler import DeliveryService

        delivery = DeliveryService(
            settings=settings,
            seminar=seminar,
            i18n=dp["i18n"],
            session_factory=resources.session_factory,
            bot=bot,
            clock=dp.workflow_data.get("clock"),
        )
        await delivery.start()
        dp["delivery"] = delivery
    try:
        yield Harness(fake, bot, dp, resources, settings, seminar, delivery)
    finally:
        if delivery is not None:
            await delivery.stop()
        await bot.session.close()
        await resources.close()
