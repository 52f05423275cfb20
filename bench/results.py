"""Figures a benchmark reports to `bench.run_all`'s summary.

A benchmark calls `record(...)` for each figure it checks against a budget; when run by
`bench.run_all` (which sets `BENCH_RESULTS` to a file), the figures are appended to that
file as JSON lines, otherwise nothing happens.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

ENV = "BENCH_RESULTS"


def record(figure: str, value: str, budget: str = "", ok: bool | None = None) -> None:
    """One row of the summary: what was measured, its value, the budget, met or not."""
    path = os.environ.get(ENV)
    if not path:
        return
    row: dict[str, Any] = {"figure": figure, "value": value, "budget": budget, "ok": ok}
    with Path(path).open("a", encoding="utf-8") as out:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")


def read(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
