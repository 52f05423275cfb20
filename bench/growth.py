"""Growth: update throughput and export time at 1k, 10k and 50k participants.

    .venv/bin/python -m bench.growth [--sizes 1000,10000,50000] [--users 30] [--rounds 3]

For each size a fresh SQLite database is filled as bench/export_bench.py fills it (that
many registered participants with their answers, status changes and check-ins, and as
many anonymous feedback responses), then:

- throughput: the scenarios of bench/throughput.py (`--users` at once, `--rounds` timed
  steps each), the simulated users being participants of the filled database;
- export: the XLSX and CSV exports in a fresh process (`seminar-bot export`'s code).

Printed: each figure and its ratio to the smallest size. Linear growth means flat
throughput (ratio ≈ 1) and export time proportional to the size: the cost per
participant (µs) stays level, and so does the marginal cost between sizes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.results import record

ROOT = Path(__file__).resolve().parent.parent
# The export of 50k participants may take at most this many times the per-participant
# cost measured at 10k (a margin for noise): more would mean worse than linear.
LINEAR_SLACK = 1.5
# Throughput at the largest size must keep this share of the smallest size's.
FLAT_SHARE = 0.7


def export_child(url: str, fmt: str, out: Path) -> dict[str, float]:
    out.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "bench.export_bench", "--child", url, fmt, "cli", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


async def throughput(url: str, users: int, rounds: int) -> dict[str, float]:
    from bench.throughput import SCENARIOS, bot_scenarios

    results = await bot_scenarios("", url, users, rounds)
    return {s.name: r.rate for s, r in zip(SCENARIOS, results, strict=True)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    from bench.export_bench import fill

    rates: dict[int, dict[str, float]] = {}
    exports: dict[int, dict[str, dict[str, float]]] = {}
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite+aiosqlite:///{tmp}/growth.sqlite3"
            started = time.perf_counter()
            asyncio.run(fill(url, size, size))
            print(f"  {size}: filled in {time.perf_counter() - started:.0f} s", flush=True)
            rates[size] = asyncio.run(throughput(url, args.users, args.rounds))
            exports[size] = {
                fmt: export_child(url, fmt, Path(tmp) / fmt) for fmt in ("xlsx", "csv")
            }
            print(
                f"  {size}: "
                + ", ".join(f"{k} {v:.0f} upd/s" for k, v in rates[size].items())
                + ", "
                + ", ".join(f"{f} {e['seconds']:.2f} s" for f, e in exports[size].items()),
                flush=True,
            )

    first, last = sizes[0], sizes[-1]
    print(f"\nthroughput ({args.users} users at once), updates/s and ratio to {first}:")
    names = list(rates[first])
    print(f"{'participants':>12} " + " ".join(f"{n[:24]:>24}" for n in names))
    for size in sizes:
        cells = [f"{rates[size][n]:8.0f} ×{rates[size][n] / rates[first][n]:5.2f}" for n in names]
        print(f"{size:>12} " + " ".join(f"{c:>24}" for c in cells))

    print(f"\nexport (fresh process; {first} … {last} participants and as many responses):")
    print(
        f"{'participants':>12} {'format':>6} {'seconds':>8} {'÷ ' + str(first):>8} "
        f"{'µs/participant':>15} {'marginal µs':>12} {'peak MB':>8}"
    )
    ok = True
    for fmt in ("xlsx", "csv"):
        previous: int | None = None
        for size in sizes:
            e = exports[size][fmt]
            per = e["seconds"] / size * 1e6
            marginal = ""
            if previous is not None:
                extra = e["seconds"] - exports[previous][fmt]["seconds"]
                marginal = f"{extra / (size - previous) * 1e6:.0f}"
            print(
                f"{size:>12} {fmt:>6} {e['seconds']:8.2f} "
                f"{e['seconds'] / exports[first][fmt]['seconds']:8.1f} {per:15.0f} "
                f"{marginal:>12} {e['peak_mb']:8.0f}"
            )
            previous = size
        if len(sizes) >= 2:
            before = sizes[-2]
            per_before = exports[before][fmt]["seconds"] / before
            per_last = exports[last][fmt]["seconds"] / last
            linear = per_last <= per_before * LINEAR_SLACK
            ok = ok and linear
            record(
                f"growth: {fmt.upper()} export {before} → {last} participants",
                f"{exports[before][fmt]['seconds']:.1f} s → {exports[last][fmt]['seconds']:.1f} s "
                f"(µs/participant {per_before * 1e6:.0f} → {per_last * 1e6:.0f})",
                f"per-participant cost ≤ ×{LINEAR_SLACK} (linear)",
                linear,
            )
    shares = [rates[last][name] / rates[first][name] for name in names]
    for name, share in zip(names, shares, strict=True):
        record(
            f"growth: throughput {name}, {last} vs {first} participants",
            f"{share:.2f} ({rates[first][name]:.0f} → {rates[last][name]:.0f} upd/s)",
        )
    # One scenario's ratio swings with the machine's load; their geometric mean less so.
    mean = math.prod(shares) ** (1 / len(shares))
    flat = mean >= FLAT_SHARE
    ok = ok and flat
    record(
        f"growth: throughput at {last} vs {first} participants (geometric mean)",
        f"{mean:.2f}",
        f"≥ {FLAT_SHARE:.2f} (flat)",
        flat,
    )
    print(
        f"\nlinear: per-participant export cost at {last} ≤ ×{LINEAR_SLACK} of {sizes[-2]}; "
        f"throughput at {last} ≥ {FLAT_SHARE:.0%} of {first} (geometric mean of the "
        f"scenarios: {mean:.2f}): {'yes' if ok else 'NO'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
