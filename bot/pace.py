"""The broadcast pace that adapts to the limit Telegram enforces (AIMD).

`BROADCAST_RATE` is a ceiling, not a promise: the real limit may be lower (another bot on
the token, a smaller allowance for this bot, a Bot API server of its own). Sending at the
ceiling against a lower limit ends every 429 pause in a burst that meets the next 429.
After a 429 the pace is cut to a little under what Telegram *accepted* in the last second
of sending (multiplicative decrease, in the spirit of TCP Westwood: the cut is measured,
not a blind halving), and climbs back by `increase` messages/s every second (additive
increase) up to the ceiling.

Not every 429 means the pace is too high (an isolated one may come from elsewhere): a 429
while Telegram accepted at least `NOISE` of the pace in the last second only pauses (as
before) and keeps the pace. The second of sending that is measured leaves out the time
spent in the previous pause, so a 429 met in the burst right after a pause is judged by
the pace before it. Only one cut per pause: a 429 answering a request sent before the last
cut was sent at the old pace.

A fresh start is judged on the ticks since sending began (not on a whole second that
began before it), and its first 429 within that first second only pauses: too soon to tell
a stray 429 from a lower limit. The burst after that pause is a probe no larger than what
Telegram accepted before it (`burst_cap`); a 429 to the probe makes the cut the first one
did not (issue #20: a stray 429 0.1 s into a broadcast cut it to a tenth of its pace for
five seconds). In replicas (`bot.limiter.RedisRateLimiter`) the shared pace keeps judging
every 429 on a whole second (`_CUT`): the probe is this process's only.

Own code, not a library: aiogram has no flood control at all, and the rate limiters on
PyPI (aiolimiter, pyrate-limiter, limits) keep a fixed rate; none adapts to 429s. The
state is small (a rate, two times, counts per tenth of a second), and
`bot.limiter.RedisRateLimiter` keeps the same state in Redis with the same rules
(`CUT_SCRIPT`), so replicas adapt together.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable

NOISE = 0.75
"""A 429 while Telegram accepted at least this share of the pace in the last second of
sending does not lower the pace."""
DECREASE = 0.8
"""After a cut the pace is this share of what Telegram accepted in the last second."""
WINDOW = 1.0
"""Seconds of sending (pauses left out) over which accepted messages are counted."""
TICK = 0.1
"""Accepted messages are counted per tenth of a second."""
HORIZON = 1500
"""Ticks kept (150 s: a window plus the longest pause worth honouring)."""
IDLE = 10.0
"""Seconds without an accepted message after which sending starts afresh (see `limited`)."""
PAUSES = 32
"""Pauses remembered: the window of sending reaches back past them."""
PROBE = 0.05
"""Seconds after a spared 429's pause within which a request sent is part of the probe."""


def default_floor(ceiling: float) -> float:
    return min(ceiling, max(0.5, ceiling / 25))


def default_increase(ceiling: float) -> float:
    """Messages/s regained per second: from a cut to the ceiling in at most 8 s."""
    return max(0.25, ceiling / 8)


class AdaptiveRate:
    """The current pace of one process: `rate()`, `accepted()`, `limited()`."""

    def __init__(
        self,
        ceiling: float,
        *,
        floor: float | None = None,
        increase: float | None = None,
        start: float = 0.0,
    ) -> None:
        self.ceiling = ceiling
        self.floor = default_floor(ceiling) if floor is None else floor
        self.increase = default_increase(ceiling) if increase is None else increase
        self.base = ceiling
        self.since = start
        self.cut_at = -math.inf
        self.cuts = 0
        self.target = ceiling  # after a first cut, the pace doubles back up to this
        self.doubling = False
        self._busy_cuts = 0  # cuts since sending last started afresh
        self._last_accepted = -math.inf
        self._busy_start = math.inf  # when sending last started afresh
        self._spared = False  # the first 429 since then was not judged
        self._probe: tuple[float, float] | None = None  # (the cut it deferred, pause end)
        self.burst_cap: float | None = None  # the burst after the spared 429's pause
        self._ticks: dict[int, int] = {}  # tick -> accepted messages
        self._pauses: deque[tuple[int, int]] = deque(maxlen=PAUSES)  # [from, until) ticks

    def rate(self, now: float) -> float:
        return pace_at(
            now, self.ceiling, self.base, self.since, self.increase, self.doubling, self.target
        )

    def accepted(self, now: float) -> None:
        """Telegram accepted a message (answered anything but 429)."""
        if now - self._last_accepted > IDLE:
            self._busy_cuts = 0
            self._busy_start = now
            self._spared = False
            self._probe = None
        self._last_accepted = now
        tick = int(now / TICK)
        self._ticks[tick] = self._ticks.get(tick, 0) + 1
        if len(self._ticks) > HORIZON:
            for old in [t for t in self._ticks if t < tick - HORIZON]:
                del self._ticks[old]

    def accepted_lately(self, now: float) -> int:
        """Accepted messages in the last `WINDOW` seconds of sending (pauses left out)."""
        ticks = recent_ticks(int(now / TICK), self._pauses)
        return sum(self._ticks.get(t, 0) for t in ticks)

    def limited(self, sent_at: float, now: float, retry_after: float) -> bool:
        """Telegram answered 429 to a request sent at `sent_at`; True if the pace was cut."""
        cut = False
        self.burst_cap = None
        if self._probe is not None and sent_at > self._probe[1] + PROBE:
            self._probe = None  # the probe went through: that first 429 was a stray one
        if sent_at >= self.cut_at:
            rate = self.rate(now)
            # Only the ticks since sending started afresh: a fresh start has sent for
            # less than a window, and the ticks before it say nothing of the limit.
            start = int(self._busy_start / TICK) if self._busy_start < math.inf else None
            ticks = [
                t
                for t in recent_ticks(int(now / TICK), self._pauses)
                if start is not None and t >= start
            ]
            accepted = sum(self._ticks.get(t, 0) for t in ticks)
            span = len(ticks) * TICK
            # Judged against the pace in the middle of the window (it may be climbing).
            middle = sorted(ticks)[len(ticks) // 2] * TICK if ticks else now
            deferred = None
            if self._probe is not None:  # a 429 to the probe: the first one was not stray
                deferred, self._probe = self._probe[0], None
            elif not self._spared and span < WINDOW:
                # The first 429 of a fresh start: as likely a stray one as the limit.
                # Not judged; the burst after the pause is no more than what Telegram
                # just accepted (a probe), and a 429 to that probe makes the cut that
                # was not made now.
                self._spared = True
                self._probe = (
                    max(self.floor, min(rate, DECREASE * accepted / WINDOW)),
                    now + retry_after,
                )
                self.burst_cap = max(1.0, float(accepted))
                self.cut_at = now  # the requests in flight were sent before it
            elif span and accepted < NOISE * self.rate(middle) * span:
                deferred = max(self.floor, min(rate, DECREASE * accepted / span))
            if deferred is not None:
                self.base = deferred
                self.since = now + retry_after  # the climb starts when the pause ends
                self.cut_at = now
                self.doubling = False
                self.target = rate
                self._busy_cuts += 1
                self.cuts += 1
                cut = True
        # From the next tick: the answers that arrived with this 429 (a burst's other
        # messages land in the same tick) were sent before the pause and are counted.
        add_pause(self._pauses, int(now / TICK) + 1, int((now + retry_after) / TICK))
        return cut


def pace_at(
    now: float,
    ceiling: float,
    base: float,
    since: float,
    increase: float,
    doubling: bool,
    target: float,
) -> float:
    """The pace `now`: from `base` at `since`, additive increase (and, after a first cut,
    doubling each second up to `target`), never above `ceiling`."""
    elapsed = max(0.0, now - since)
    rate = base + increase * elapsed
    if doubling:
        rate = max(rate, min(target, base * 2.0 ** min(elapsed, 30.0)))
    return min(ceiling, rate)


def add_pause(pauses: deque[tuple[int, int]], start: int, until: int) -> None:
    """Record a pause [start, until) in ticks, merged with the last one if they overlap."""
    if pauses and start <= pauses[-1][1]:
        first, last = pauses.pop()
        pauses.append((min(first, start), max(last, until)))
    else:
        pauses.append((start, until))


def recent_ticks(end: int, pauses: Iterable[tuple[int, int]]) -> list[int]:
    """The last `WINDOW` seconds of ticks up to `end`, skipping the ticks of pauses."""
    spans = sorted(pauses, reverse=True)
    wanted = round(WINDOW / TICK)
    ticks: list[int] = []
    tick = end
    while len(ticks) < wanted and tick > end - HORIZON:
        paused = next((p for p in spans if p[0] <= tick < p[1]), None)
        if paused is None:
            ticks.append(tick)
            tick -= 1
        else:
            tick = paused[0] - 1
    return ticks
