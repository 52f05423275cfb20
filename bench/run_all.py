"""Run every benchmark and print its figures: `.venv/bin/python -m bench.run_all`.

Options are passed through as `--quick` (smaller sizes, for a smoke run). Benchmarks run
one after another (the machine has two cores: running them together would measure the
contention). PostgreSQL figures need TEST_POSTGRES_URL (`eval "$(scripts/services.sh
start)"`).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (module, arguments, quick arguments)
BENCHMARKS: list[tuple[str, list[str], list[str]]] = [
    ("bench.throughput", [], ["--users", "30", "--rounds", "2"]),
    ("bench.faq_bench", [], []),
    ("bench.footprint", ["--runs", "3"], ["--runs", "1"]),
    ("bench.export_bench", [], ["--participants", "1000", "--responses", "1000"]),
    ("bench.broadcast_bench", [], ["--recipients", "600"]),
]


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    failed = []
    for module, args, quick_args in BENCHMARKS:
        if not (ROOT / (module.replace(".", "/") + ".py")).exists():
            print(f"== {module}: not present\n")
            continue
        argv = [sys.executable, "-m", module, *(quick_args if quick else args)]
        print(f"== {' '.join(argv[2:])}", flush=True)
        started = time.monotonic()
        result = subprocess.run(argv, cwd=ROOT, check=False)
        print(f"   ({time.monotonic() - started:.0f} s, exit {result.returncode})\n", flush=True)
        if result.returncode != 0:
            failed.append(module)
    if failed:
        print("failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
