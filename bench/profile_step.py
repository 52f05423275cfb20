"""Where one step's time goes: cProfile of a `bench.throughput` scenario after a warm-up.

    .venv/bin/python -m bench.profile_step "/start" [--users 50] [--rounds 6] [--sort tottime]

The bot is built as `bench.throughput` builds it (SQLite in a temporary folder); only the
timed steps are profiled, not the start or the warm-up. The scenario is the first of
`bench.throughput.SCENARIOS` whose name starts with the given text.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import tempfile
from pathlib import Path

from bench import throughput


async def profile(prefix: str, users: int, rounds: int, sort: str, lines: int) -> None:
    matching = [s for s in throughput.SCENARIOS if s.name.startswith(prefix)]
    if not matching:
        raise SystemExit(f"no scenario starts with {prefix!r}")
    scenario = matching[0]
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'profile.sqlite3'}"
        driver, close = await throughput.build_bot(url)
        try:
            await throughput.measure("warm-up", driver, scenario, users, 1)
            profiler = cProfile.Profile()
            profiler.enable()
            result = await throughput.measure(scenario.name, driver, scenario, users, rounds)
            profiler.disable()
        finally:
            await close()
    rate = result.updates / result.seconds
    print(f"{scenario.name}: {result.updates} updates, {rate:.0f} upd/s under the profiler")
    pstats.Stats(profiler).sort_stats(sort).print_stats(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenario", help='e.g. "/start", "button", "registration"')
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--lines", type=int, default=40)
    args = parser.parse_args()
    asyncio.run(profile(args.scenario, args.users, args.rounds, args.sort, args.lines))


if __name__ == "__main__":
    main()
