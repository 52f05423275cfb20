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

Own code, not a library: aiogram has no flood control at all, and the rate limiters on
PyPI (aiolimiter, pyrate-limiter, limits) keep a fixed rate; none adapts to 429s. The
state is small (a rate, two times, counts per tenth of a second), and
`bot.delivery.RedisRateLimiter` keeps the same state in Redis with the same rules
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


def default_floor(ceiling: float) -> float:
    return min(ceiling, max(0.5, ceiling / 25))


def default_increase(ceiling: float) -> float:
    """Messages/s regained per second: from a cut to the ceiling in about 20 s."""
    return max(0.25, ceiling / 20)


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
        self.pause_from = -math.inf
        self.pause_until = -math.inf
        self.cuts = 0
        self._ticks: deque[list[int]] = deque()  # [tick, accepted], oldest first

    def rate(self, now: float) -> float:
        return min(self.ceiling, self.base + self.increase * max(0.0, now - self.since))

    def accepted(self, now: float) -> None:
        """Telegram accepted a message (answered anything but 429)."""
        tick = int(now / TICK)
        if self._ticks and self._ticks[-1][0] == tick:
            self._ticks[-1][1] += 1
        else:
            self._ticks.append([tick, 1])
        horizon = tick - int((WINDOW + 120.0) / TICK)  # a window plus the longest pause
        while self._ticks and self._ticks[0][0] < horizon:
            self._ticks.popleft()

    def accepted_lately(self, now: float) -> int:
        """Accepted messages in the last `WINDOW` seconds, the last pause left out."""
        ticks = ((t, n) for t, n in self._ticks)
        return window_count(ticks, now, self.pause_from, self.pause_until)

    def limited(self, sent_at: float, now: float, retry_after: float) -> bool:
        """Telegram answered 429 to a request sent at `sent_at`; True if the pace was cut."""
        cut = False
        if sent_at >= self.cut_at:
            rate = self.rate(now)
            accepted = self.accepted_lately(now)
            if accepted < NOISE * rate * WINDOW:
                self.base = max(self.floor, min(rate, DECREASE * accepted / WINDOW))
                self.since = now + retry_after  # the climb starts when the pause ends
                self.cut_at = now
                self.cuts += 1
                cut = True
        if now >= self.pause_until:
            self.pause_from = now
        self.pause_until = max(self.pause_until, now + retry_after)
        return cut


def window_count(
    ticks: Iterable[tuple[int, int]], now: float, pause_from: float, pause_until: float
) -> int:
    """Sum of (tick, count) over the last `WINDOW` seconds outside the pause
    [pause_from, pause_until): the window reaches back past the pause."""
    end = int(now / TICK)
    start = end - round(WINDOW / TICK) + 1
    p0 = p1 = 0
    if pause_from > -math.inf:
        p0, p1 = int(pause_from / TICK), min(end + 1, int(pause_until / TICK))
        if p1 > p0 and p1 > start:
            start -= p1 - p0
    return sum(n for t, n in ticks if start <= t <= end and not p0 <= t < p1)
