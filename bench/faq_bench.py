"""FAQ retrieval benchmark: questions per second and latency of `FaqIndex.answer`.

    .venv/bin/python bench/faq_bench.py [--rounds 20]

Uses the example event's FAQ and the labelled questions of the accuracy test
(`tests/faq_questions.yaml`). Three runs:

- cold: each labelled question once, on a fresh index (no cached term matches);
- warm: the labelled questions again and again (what a busy day looks like);
- typos: every question with two random typos, new ones each round, so most words are
  unseen and go through the fuzzy matching.

Budget: >= 1000 questions/s and p95 < 5 ms in every run (exit code 1 otherwise).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bench.results import record  # noqa: E402
from core.event import load_event  # noqa: E402
from core.settings import DEFAULT_EVENT_FILE  # noqa: E402
from services.faq import FaqIndex, event_items  # noqa: E402

BUDGET_QPS = 1000.0
BUDGET_P95_MS = 5.0


def typo(text: str, rng: random.Random, count: int = 2) -> str:
    chars = list(text)
    for _ in range(count):
        letters = [i for i, ch in enumerate(chars) if ch.isalpha()]
        if not letters:
            break
        i = rng.choice(letters)
        kind = rng.randrange(3)
        if kind == 0 and i + 1 < len(chars):
            chars[i], chars[i + 1] = chars[i + 1], chars[i]  # swap
        elif kind == 1:
            del chars[i]  # drop
        else:
            chars.insert(i, chars[i])  # double
    return "".join(chars)


def measure(index: FaqIndex, questions: list[str]) -> tuple[float, float, float]:
    """(questions/s, median ms, p95 ms)."""
    latencies: list[float] = []
    started = time.perf_counter()
    for question in questions:
        t0 = time.perf_counter()
        index.answer(question)
        latencies.append((time.perf_counter() - t0) * 1000)
    elapsed = time.perf_counter() - started
    latencies.sort()
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
    return len(questions) / elapsed, statistics.median(latencies), p95


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    seminar = load_event(DEFAULT_EVENT_FILE)
    labelled = yaml.safe_load((ROOT / "tests" / "faq_questions.yaml").read_text("utf-8"))
    questions = [q["q"] for q in labelled["questions"]] + list(labelled["unanswerable"])

    t0 = time.perf_counter()
    index = FaqIndex(event_items(seminar))
    build_ms = (time.perf_counter() - t0) * 1000
    print(f"index: {len(index)} entries, built in {build_ms:.1f} ms")

    rng = random.Random(20270914)
    runs = {
        "cold": (FaqIndex(event_items(seminar)), questions),
        "warm": (index, questions * args.rounds),
        "typos": (
            FaqIndex(event_items(seminar)),
            [typo(q, rng) for _ in range(args.rounds) for q in questions],
        ),
    }
    ok = True
    for name, (idx, batch) in runs.items():
        qps, median, p95 = measure(idx, batch)
        within = qps >= BUDGET_QPS and p95 < BUDGET_P95_MS
        ok = ok and within
        record(
            f"FAQ retrieval ({name})",
            f"{qps:.0f} questions/s, p95 {p95:.2f} ms",
            f"≥ {BUDGET_QPS:.0f}/s, p95 < {BUDGET_P95_MS:.0f} ms",
            within,
        )
        print(
            f"{name:>5}: {len(batch):5d} questions  {qps:7.0f} questions/s  "
            f"median {median:.2f} ms  p95 {p95:.2f} ms  {'ok' if within else 'OVER BUDGET'}"
        )
    print(f"budget: >= {BUDGET_QPS:.0f} questions/s, p95 < {BUDGET_P95_MS:.0f} ms")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
