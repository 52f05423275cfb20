"""Run every benchmark and print its figures: `.venv/bin/python -m bench.run_all`.

Options are passed through as `--quick` (smaller sizes, for a smoke run). Benchmarks run
one after another (the machine has two cores: running them together would measure the
contention). PostgreSQL figures need TEST_POSTGRES_URL (`eval "$(scripts/services.sh
start)"`).

At the end a summary: each figure checked against a budget, its value (a ratio against
the baseline measured in the same run, with the absolute number), the budget, ok/miss.
Benchmarks report their figures through `bench.results.record`; the broadcast
benchmark's are read from its output.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.results import ENV, read

ROOT = Path(__file__).resolve().parent.parent

# (module, arguments, quick arguments)
BENCHMARKS: list[tuple[str, list[str], list[str]]] = [
    ("bench.throughput", [], ["--users", "30", "--rounds", "2"]),
    ("bench.latency", [], ["--quick"]),
    ("bench.ledger_bench", [], ["--updates", "600"]),
    ("bench.faq_bench", [], []),
    ("bench.footprint", ["--runs", "3"], ["--runs", "1"]),
    ("bench.export_bench", [], ["--participants", "1000", "--responses", "1000"]),
    ("bench.growth", [], ["--sizes", "1000,5000", "--users", "20", "--rounds", "3"]),
    ("bench.broadcast_bench", [], ["--recipients", "600"]),
    ("bench.broadcast_bench", ["--p429", "0"], ["--recipients", "600", "--p429", "0"]),
]


def broadcast_figures(output: str, args: list[str]) -> list[dict[str, Any]]:
    """The broadcast benchmark's goals, from its printed lines: ≥ 0.95 of the limit with
    no injected 429s, ≥ 0.86 with 5 % (its default), none lost or sent twice."""
    rows: list[dict[str, Any]] = []
    clean = "--p429" in args and float(args[args.index("--p429") + 1]) == 0
    label, goal = ("no 429s", 0.95) if clean else ("5 % 429s", 0.86)
    ratio = re.search(r"^rate / limit\s+([\d.]+)", output, re.M)
    achieved = re.search(r"^achieved rate\s+([\d.]+)", output, re.M)
    if ratio:
        value = float(ratio.group(1))
        rows.append(
            {
                "figure": f"broadcast ({label}): rate / limit",
                "value": f"{value:.3f}" + (f" ({achieved.group(1)} msg/s)" if achieved else ""),
                "budget": f"≥ {goal}",
                "ok": value >= goal,
            }
        )
    for name in ("lost", "duplicates"):
        found = re.search(rf"^{name}\s+(\d+)", output, re.M)
        if found:
            count = int(found.group(1))
            rows.append(
                {
                    "figure": f"broadcast ({label}): {name}",
                    "value": str(count),
                    "budget": "0",
                    "ok": count == 0,
                }
            )
    return rows


def summary(rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    width = max(len(r["figure"]) for r in rows)
    vwidth = max(len(r["value"]) for r in rows)
    print("== summary")
    print(f"{'figure':{width}}  {'value':{vwidth}}  {'budget':28}  result")
    for r in rows:
        verdict = {True: "ok", False: "MISS", None: ""}[r["ok"]]
        print(f"{r['figure']:{width}}  {r['value']:{vwidth}}  {r['budget']:28}  {verdict}")
    missed = [r for r in rows if r["ok"] is False]
    print(f"{len(rows) - len(missed)} of {len(rows)} figures within budget" if rows else "")


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    failed = []
    with tempfile.TemporaryDirectory() as tmp:
        results = Path(tmp) / "results.jsonl"
        env = {**os.environ, ENV: str(results)}
        extra: list[dict[str, Any]] = []
        for module, args, quick_args in BENCHMARKS:
            if not (ROOT / (module.replace(".", "/") + ".py")).exists():
                print(f"== {module}: not present\n")
                continue
            argv = [sys.executable, "-m", module, *(quick_args if quick else args)]
            print(f"== {' '.join(argv[2:])}", flush=True)
            started = time.monotonic()
            if module == "bench.broadcast_bench":  # prints its figures: read them
                proc = subprocess.Popen(
                    argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, bufsize=1
                )
                assert proc.stdout is not None
                lines = []
                for line in proc.stdout:
                    print(line, end="", flush=True)
                    lines.append(line)
                returncode = proc.wait()
                extra += broadcast_figures("".join(lines), argv)
            else:
                returncode = subprocess.run(argv, cwd=ROOT, env=env, check=False).returncode
            print(f"   ({time.monotonic() - started:.0f} s, exit {returncode})\n", flush=True)
            if returncode != 0:
                failed.append(module)
        summary(read(results) + extra)
    if failed:
        print("exit code ≠ 0 (a budget missed or an error):", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
