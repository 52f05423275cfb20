"""The broadcast's pace: the global token bucket at the adaptive rate (`bot.pace`) and one
turn per chat, in this process (`RateLimiter`) or shared by the replicas in Redis
(`RedisRateLimiter`, Lua scripts with the same rules), and the tap that makes the
dialogs' own sends count against it (`InteractiveTap`). Used by the delivery engine
(`bot/delivery.py`)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods.base import TelegramType

from bot.pace import DECREASE, HORIZON, NOISE, TICK, WINDOW, AdaptiveRate

if TYPE_CHECKING:
    from aiogram.methods import Response, TelegramMethod

log = logging.getLogger(__name__)

_SEND_PREFIXES = ("Send", "Edit", "Copy", "Forward")


class RateLimiter:
    """Global token bucket at the adaptive pace, plus one message a second per chat.

    The pace is `bot.pace.AdaptiveRate`: `rate` is the ceiling (`BROADCAST_RATE`); a 429
    reported with `limited()` may cut the pace, which then climbs back. The bucket holds
    one second of the current pace (the burst after a pause is never more than that).

    `acquire()` waits (one waiter at a time, so no herd); `note()` takes a token at once
    for a send that must not wait (a reply in a dialog), possibly into debt. Per chat, a
    message that waits *reserves* the chat's next turn (`reserve_chat`): replies sent
    meanwhile do not push it back, so a busy chat delays a broadcast by at most
    `per_chat`, never indefinitely.
    """

    def __init__(
        self,
        rate: float,
        *,
        burst: float | None = None,
        per_chat: float = 1.1,  # Telegram: about one per second; a margin for jitter
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate
        self.burst = burst  # seconds of the current pace; default one
        self.per_chat = per_chat
        self.clock = clock
        self.pace = AdaptiveRate(rate, start=clock())
        self.tokens = 0.0  # start empty: a smooth start instead of a burst
        self._updated = clock()
        self._chat_next: dict[int, float] = {}
        self._lock = asyncio.Lock()
        self._cap: tuple[float, float] | None = None  # (until, tokens): a probe burst

    @property
    def capacity(self) -> float:
        current = self.pace.rate(self.clock())
        return max(1.0, self.burst if self.burst is not None else current)

    def current_rate(self) -> float:
        return self.pace.rate(self.clock())

    def _refill(self) -> float:
        now = self.clock()
        rate = self.pace.rate(now)
        capacity = max(1.0, self.burst if self.burst is not None else rate)
        if self._cap is not None:  # the burst after a spared 429's pause: a probe
            if now <= self._cap[0] + TICK:
                capacity = min(capacity, self._cap[1])
            else:
                self._cap = None
        self.tokens = min(capacity, self.tokens + (now - self._updated) * rate)
        self._updated = now
        return now

    def chat_ready_in(self, chat_id: int) -> float:
        return max(0.0, self._chat_next.get(chat_id, 0.0) - self.clock())

    def note(self, chat_id: int | None = None) -> None:
        """A send that does not wait: it takes a token now."""
        now = self._refill()
        self.tokens = max(-self.capacity, self.tokens - 1.0)
        if chat_id is not None:
            self._chat_next[chat_id] = max(self._chat_next.get(chat_id, 0.0), now + self.per_chat)

    async def try_chat(self, chat_id: int) -> float:
        """0 and the chat's turn taken if it is free now, else how long until it is."""
        wait = self.chat_ready_in(chat_id)
        if wait <= 0:
            self._chat_next[chat_id] = self.clock() + self.per_chat
        return wait

    async def reserve_chat(self, chat_id: int) -> float:
        """Take the chat's next turn; returns how long to wait for it."""
        now = self.clock()
        slot = max(now, self._chat_next.get(chat_id, 0.0))
        self._chat_next[chat_id] = slot + self.per_chat
        if len(self._chat_next) > 4096:
            self.prune()
        return slot - now

    async def acquire(self, chat_id: int | None = None) -> None:
        """Wait until one more message may go (to `chat_id`)."""
        if chat_id is not None:
            delay = await self.reserve_chat(chat_id)
            if delay > 0:
                await asyncio.sleep(delay)
        await self.take()

    async def take(self) -> None:
        async with self._lock:
            await self._take()

    async def _take(self) -> None:
        """Take one token of the global bucket, waiting for it."""
        while True:
            now = self._refill()
            if self.tokens >= 1.0:
                self.tokens -= 1.0
                return
            await asyncio.sleep((1.0 - self.tokens) / self.pace.rate(now))

    def accepted(self) -> None:
        """Telegram accepted a message (anything but 429): the pace's measure."""
        self.pace.accepted(self.clock())

    async def limited(self, sent_at: float, retry_after: float) -> bool:
        """Telegram answered 429 to a request sent at `sent_at` (this clock): the pace
        may be cut; other processes sharing the limit pause too. True if it was cut."""
        now = self.clock()
        cut = self.pace.limited(sent_at, now, retry_after)
        if cut:
            self.tokens = min(self.tokens, self.capacity)
        if self.pace.burst_cap is not None:
            self._cap = (now + retry_after, self.pace.burst_cap)
        await self.pause(retry_after)
        return cut

    async def pause(self, seconds: float) -> None:
        """Telegram answered 429: other processes sharing the limit pause too (the
        process's own `FloodGate` pauses this one)."""

    def stamp(self, chat_id: int) -> None:
        """A message to `chat_id` starts now: the next one waits `per_chat` from here."""
        self._chat_next[chat_id] = max(
            self._chat_next.get(chat_id, 0.0), self.clock() + self.per_chat
        )

    def prune(self) -> None:
        now = self.clock()
        self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}


_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local ceiling, inc, mode = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
if mode == 'take' then
    local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
    if paused > now then return tostring(paused - now) end
end
local s = redis.call('HMGET', KEYS[1], 't', 'at', 'base', 'since')
local base = tonumber(s[3] or ARGV[1])
local rate = math.min(ceiling, base + inc * math.max(0, now - tonumber(s[4] or '0')))
local capacity = math.max(1, rate)
local tokens = tonumber(s[1] or '0')
local at = tonumber(s[2] or tostring(now))
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
local wait = 0
if mode == 'take' then
    if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
elseif mode == 'debt' then
    tokens = math.max(-capacity, tokens - 1)
else
    return tostring(rate)
end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'at', tostring(now))
redis.call('EXPIRE', KEYS[1], 3600)
return tostring(wait)
"""
_PAUSE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local until_ = now + tonumber(ARGV[1])
if until_ > tonumber(redis.call('GET', KEYS[1]) or '0') then
    redis.call('SET', KEYS[1], tostring(until_), 'PX', math.ceil(tonumber(ARGV[1]) * 1000) + 1000)
end
return 1
"""
_ACCEPTED = """
local t = redis.call('TIME')
local tick = math.floor((tonumber(t[1]) + tonumber(t[2]) / 1000000) / tonumber(ARGV[1]))
redis.call('HINCRBY', KEYS[1], tostring(tick), 1)
redis.call('EXPIRE', KEYS[1], 300)
if redis.call('HLEN', KEYS[1]) > tonumber(ARGV[2]) + 100 then
    for _, f in ipairs(redis.call('HKEYS', KEYS[1])) do
        if tonumber(f) < tick - tonumber(ARGV[2]) then redis.call('HDEL', KEYS[1], f) end
    end
end
return 1
"""
_CUT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local ceiling, inc, floor_ = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local sent_at, retry = now - tonumber(ARGV[4]), tonumber(ARGV[5])
local noise, decrease = tonumber(ARGV[6]), tonumber(ARGV[7])
local window, tick, horizon = tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])
local s = redis.call('HMGET', KEYS[1], 'base', 'since', 'cut_at', 't')
local base, since = tonumber(s[1] or ARGV[1]), tonumber(s[2] or '0')
local cut_at = tonumber(s[3] or '-1')
local pauses = {}
for _, p in ipairs(redis.call('LRANGE', KEYS[4], 0, -1)) do
    local a, b = string.match(p, '(-?%d+):(-?%d+)')
    pauses[#pauses + 1] = {tonumber(a), tonumber(b)}
end
local e = math.floor(now / tick)
local cut = 0
if sent_at >= cut_at then
    local rate = math.min(ceiling, base + inc * math.max(0, now - since))
    local fields, i = {}, e
    local wanted = math.floor(window / tick + 0.5)
    while #fields < wanted and i > e - horizon do
        local skip = nil
        for _, p in ipairs(pauses) do
            if p[1] <= i and i < p[2] then skip = p[1] end
        end
        if skip then i = skip - 1 else fields[#fields + 1] = tostring(i); i = i - 1 end
    end
    local accepted = 0
    for _, n in ipairs(redis.call('HMGET', KEYS[3], unpack(fields))) do
        accepted = accepted + tonumber(n or '0')
    end
    local middle = now
    if #fields > 0 then middle = tonumber(fields[#fields - math.floor(#fields / 2)]) * tick end
    local reference = math.min(ceiling, base + inc * math.max(0, middle - since))
    if accepted < noise * reference * window then
        local new = math.max(floor_, math.min(rate, decrease * accepted / window))
        local tokens = math.min(tonumber(s[4] or '0'), math.max(1, new))
        redis.call('HSET', KEYS[1], 'base', tostring(new), 'since', tostring(now + retry),
            'cut_at', tostring(now), 't', tostring(tokens))
        redis.call('EXPIRE', KEYS[1], 3600)
        cut = 1
    end
end
local p0, p1 = e + 1, math.floor((now + retry) / tick)
local head = redis.call('LINDEX', KEYS[4], 0)
if head then
    local a, b = string.match(head, '(-?%d+):(-?%d+)')
    if p0 <= tonumber(b) then
        redis.call('LPOP', KEYS[4])
        p0, p1 = math.min(p0, tonumber(a)), math.max(p1, tonumber(b))
    end
end
redis.call('LPUSH', KEYS[4], p0 .. ':' .. p1)
redis.call('LTRIM', KEYS[4], 0, 31)
redis.call('EXPIRE', KEYS[4], 300)
local until_ = now + retry
if until_ > tonumber(redis.call('GET', KEYS[2]) or '0') then
    redis.call('SET', KEYS[2], tostring(until_), 'PX', math.ceil(retry * 1000) + 1000)
end
return cut
"""
_CHAT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local per_chat, mode = tonumber(ARGV[1]), ARGV[2]
local next_ = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, next_)
if mode == 'try' and slot > now then return tostring(slot - now) end
local until_ = slot + per_chat
if mode == 'note' then until_ = math.max(next_, now + per_chat) end
redis.call('SET', KEYS[1], tostring(until_), 'PX', math.ceil((until_ - now) * 1000) + 1)
if mode == 'reserve' then return tostring(slot - now) end
return '0'
"""


class RedisRateLimiter(RateLimiter):
    """The bucket, the adaptive pace, the 429 pause and each chat's next turn kept in
    Redis, shared by every replica.

    Each step is a Lua script (atomic, Redis's clock), so the replicas together send at
    most the current pace; a 429 seen by one pauses all of them and may cut the pace of
    all (`_CUT`: the rules of `bot.pace.AdaptiveRate`, on the messages every replica
    reported accepted); one message a second per chat holds across replicas too.
    """

    def __init__(self, redis: Any, rate: float, *, key: str, **kwargs: Any) -> None:
        super().__init__(rate, **kwargs)
        self.redis = redis
        self.key = key
        self.keys = [f"{key}:bucket", f"{key}:pause", f"{key}:ok", f"{key}:pauses"]
        self._take_script = redis.register_script(_TAKE)
        self._pause_script = redis.register_script(_PAUSE)
        self._accepted_script = redis.register_script(_ACCEPTED)
        self._cut_script = redis.register_script(_CUT)
        self._chat_script = redis.register_script(_CHAT)
        self._notes: set[asyncio.Task[Any]] = set()
        self._shared_rate = rate

    async def _script(self, mode: str) -> float:
        raw = await self._take_script(
            keys=self.keys[:2], args=[self.rate, self.pace.increase, mode]
        )
        return float(raw)

    def current_rate(self) -> float:
        return self._shared_rate

    async def shared_rate(self) -> float:
        """The pace every replica keeps to now."""
        self._shared_rate = await self._script("rate")
        return self._shared_rate

    async def _take(self) -> None:
        while (wait := await self._script("take")) > 0:  # noqa: ASYNC110 - a shared bucket
            await asyncio.sleep(min(wait, 1.0))

    def _background(self, coro: Awaitable[Any]) -> None:
        task: asyncio.Task[Any] = asyncio.ensure_future(coro)
        self._notes.add(task)
        task.add_done_callback(self._noted)

    def note(self, chat_id: int | None = None) -> None:
        super().note(chat_id)
        self._background(self._script("debt"))
        if chat_id is not None:
            self._background(self._chat(chat_id, "note"))

    def stamp(self, chat_id: int) -> None:
        super().stamp(chat_id)
        self._background(self._chat(chat_id, "note"))

    def _noted(self, task: asyncio.Task[Any]) -> None:
        self._notes.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning(
                "delivery: the shared rate limit was not told of a send: %r", task.exception()
            )

    async def _chat(self, chat_id: int, mode: str) -> float:
        raw = await self._chat_script(
            keys=[f"{self.key}:chat:{chat_id}"], args=[self.per_chat, mode]
        )
        return float(raw)

    async def try_chat(self, chat_id: int) -> float:
        return await self._chat(chat_id, "try")

    async def reserve_chat(self, chat_id: int) -> float:
        return await self._chat(chat_id, "reserve")

    def accepted(self) -> None:
        super().accepted()
        self._background(self._accepted_script(keys=self.keys[2:3], args=[TICK, HORIZON]))

    async def limited(self, sent_at: float, retry_after: float) -> bool:
        self.pace.limited(sent_at, self.clock(), retry_after)  # the local view, for logs
        try:
            cut = await self._cut_script(
                keys=self.keys,
                args=[
                    self.rate,
                    self.pace.increase,
                    self.pace.floor,
                    max(0.0, self.clock() - sent_at),
                    retry_after,
                    NOISE,
                    DECREASE,
                    WINDOW,
                    TICK,
                    HORIZON,
                ],
            )
            await self.shared_rate()
        except Exception:
            log.exception("delivery: could not share a 429")
            return False
        return bool(cut)

    async def pause(self, seconds: float) -> None:
        try:
            await self._pause_script(keys=self.keys[1:2], args=[seconds])
        except Exception:
            log.exception("delivery: could not share a 429 pause")


def _chat_of(method: Any) -> int | None:
    chat_id = getattr(method, "chat_id", None)
    return chat_id if isinstance(chat_id, int) else None


class InteractiveTap(BaseRequestMiddleware):
    """On the bot that answers updates: its sends take from the engine's budget first."""

    def __init__(self, limiter: RateLimiter) -> None:
        self.limiter = limiter

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        name = type(method).__name__
        if name.startswith(_SEND_PREFIXES) and name != "SendChatAction":
            self.limiter.note(_chat_of(method))
        return await make_request(bot, method)
