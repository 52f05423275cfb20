"""The delivery engine's progress message: the remaining time as text, and the recent
samples of a broadcast's pace the estimate is made from.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field


def format_eta(seconds: float) -> str:
    seconds = max(0, math.ceil(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


@dataclass
class _Progress:
    samples: deque[tuple[float, int]] = field(default_factory=lambda: deque(maxlen=20))
    last_text: str = ""
    last_edit: float = 0.0

    def rate(self, fallback: float) -> float:
        if len(self.samples) < 2:
            return fallback
        (t0, d0), (t1, d1) = self.samples[0], self.samples[-1]
        if t1 - t0 < 1.0 or d1 <= d0:
            return fallback
        return (d1 - d0) / (t1 - t0)
