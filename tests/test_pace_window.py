"""The adaptive broadcast pace (bot/pace.py) judges a 429 on what Telegram accepted."""

from __future__ import annotations

from bot.pace import AdaptiveRate


def test_stray_429s_after_each_burst_never_cut_the_pace() -> None:
    """5 % stray 429s at 30/s: every 1 s pause ends in a burst whose answers arrive in
    the same tenth of a second as the burst's own 429, most of them just after it. Those
    answers were sent before the pause and count: the pace is never cut (it was cut to the
    floor once the window held only paused ticks, issue #20: 0.65 of the limit)."""
    pace = AdaptiveRate(30.0, start=0.0)
    for i in range(30):  # a first second of steady sending
        pace.accepted(i / 30)
    now = 1.0
    for _ in range(15):
        for _ in range(5):  # the burst's first answers ...
            pace.accepted(now)
        assert not pace.limited(now - 0.05, now + 0.001, 1.0)  # ... its stray 429 ...
        for _ in range(23):  # ... and the rest of its answers
            pace.accepted(now + 0.002)
        now += 1.06  # the pause, the next burst, its round trip
    assert pace.cuts == 0
    assert pace.rate(now) == 30.0


def test_a_429_while_telegram_accepts_less_than_the_pace_cuts_it() -> None:
    """A lower limit: 10 accepted in the last second at a pace of 30 → cut below 10."""
    pace = AdaptiveRate(30.0, start=0.0)
    for i in range(30):
        pace.accepted(i / 30)
    for i in range(10):
        pace.accepted(1.0 + i / 10)
    assert pace.limited(1.95, 2.0, 1.0)
    assert pace.rate(2.5) < 10


def test_a_stray_429_at_a_fresh_start_only_pauses_and_a_probe_decides() -> None:
    """0.1 s into a broadcast, 4 accepted and a 429: too soon to tell a stray 429 from a
    lower limit. Not cut (it cost a broadcast ~5 s at a tenth of its pace, issue #20);
    the burst after the pause is a probe of what was accepted, and a 429 to it makes the
    cut."""
    stray = AdaptiveRate(30.0, start=0.0)
    for i in range(4):
        stray.accepted(0.05 + i / 30)
    assert not stray.limited(0.12, 0.17, 1.0)
    assert stray.burst_cap == 4 and stray.rate(1.2) == 30.0
    for i in range(60):  # the probe and what follows go through
        stray.accepted(1.2 + i / 30)
    assert not stray.limited(3.1, 3.15, 1.0)  # a later stray 429: judged, not cut
    assert stray.cuts == 0

    limited = AdaptiveRate(30.0, start=0.0)
    for i in range(4):
        limited.accepted(0.05 + i / 30)
    assert not limited.limited(0.12, 0.17, 1.0)
    limited.accepted(1.18)
    assert limited.limited(1.175, 1.2, 1.0)  # a 429 to the probe: cut
    assert limited.rate(1.5) < 4
