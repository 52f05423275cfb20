"""Tells every replica at once that what is scheduled changed (Redis publish/subscribe).

Only the elected leader runs the reminder clock (`bot/scheduler.py`). A reminder or a
scheduled broadcast changed through another replica used to reach the leader at its next
30-second tick. With Redis (several replicas), the replica that changed it publishes on a
channel of the bot, and every other replica re-arms at once: the leader its clock, each
replica its delivery engine. Without Redis there is one process, which re-arms itself.

Losing the subscription (Redis restarting) loses nothing: the leader's tick is still
there, and the bus subscribes again with a growing pause.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger(__name__)

RETRY_FIRST_S = 1.0
RETRY_MAX_S = 30.0


class ScheduleBus:
    def __init__(
        self, redis: Any, channel: str, me: str, on_change: Callable[[], Awaitable[None]]
    ) -> None:
        self.redis = redis
        self.channel = channel
        self.me = me  # what this process publishes: its own messages are not news to it
        self.on_change = on_change
        self.subscribed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="schedule-bus")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def publish(self) -> None:
        """Tell the other replicas; a failure is logged, never the user's problem."""
        try:
            await self.redis.publish(self.channel, self.me)
        except Exception as exc:  # Redis away: the leader's tick catches up
            log.warning("schedule bus: could not publish a change: %s", exc)

    async def _run(self) -> None:
        delay = RETRY_FIRST_S
        while True:
            try:
                await self._listen()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("schedule bus: %s; subscribing again in %.0f s", exc, delay)
            if self.subscribed.is_set():  # it worked for a while: start the pauses over
                self.subscribed.clear()
                delay = RETRY_FIRST_S
            await asyncio.sleep(delay)
            delay = min(RETRY_MAX_S, delay * 2)

    async def _listen(self) -> None:
        pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        try:
            await pubsub.subscribe(self.channel)
            self.subscribed.set()
            async for message in pubsub.listen():
                if message.get("type") != "message" or _text(message.get("data")) == self.me:
                    continue
                try:
                    await self.on_change()
                except Exception:  # one failed refresh must not end the subscription
                    log.exception("schedule bus: re-arming after a change failed")
        finally:
            with contextlib.suppress(Exception):
                await pubsub.aclose()


def _text(data: Any) -> str:
    return data.decode() if isinstance(data, bytes) else str(data)
