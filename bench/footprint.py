"""Cold start and idle memory of the bot, beside a bare aiogram + aiogram-dialog bot.

    .venv/bin/python -m bench.footprint [--runs 3]

Each process is started against a fake Bot API on loopback; cold start is the time from
spawning the process to its first getUpdates; idle RSS is read from /proc after the
process has answered /start and sat idle for 2 s. Budget: RSS within 60 MB of the bare
bot, cold start within 1 s of it.

The bot's bytecode is compiled first, as the Docker image does (`compileall`) and as pip
did for the dependencies both bots import: with PYTHONDONTWRITEBYTECODE set, every start
of a checkout would otherwise compile the bot's sources anew (about 0.4 s on a slow
machine), which no deployed start does.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results import record  # noqa: E402
from tests.fakebot import FakeBotAPI  # noqa: E402
from tests.harness import TOKEN  # noqa: E402

BUDGET_COLD_S = 1.0
BUDGET_RSS_MB = 60.0
PACKAGES = ("bot", "dialogs", "handlers", "dashboard", "ui", "services", "storage", "core")
"""What the Docker image compiles (its COPY list; tests/test_packaging.py checks that list)."""


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(
    fake: FakeBotAPI, argv: list[str], env: dict[str, str], user: int
) -> tuple[float, float]:
    since = fake.mark()
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv, env=env, cwd=env["WORKDIR"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        fake.wait_polling_sync(120, since=since)
        cold = time.perf_counter() - started
        fake.enqueue_message(user, "/start")
        fake.wait_for_sync(lambda c: c.method == "sendMessage", 60)
        time.sleep(2)
        return cold, rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for package in PACKAGES:
        compileall.compile_dir(ROOT / package, quiet=1)
    fake = FakeBotAPI()
    fake.start_in_thread()
    results: dict[str, list[tuple[float, float]]] = {"bare": [], "bot": []}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            env = {
                **os.environ,
                "PYTHONPATH": str(ROOT),
                "BOT_TOKEN": TOKEN,
                "TELEGRAM_API_BASE": fake.base_url,
                "DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/bot.sqlite3",
                "LOG_LEVEL": "WARNING",
                "WORKDIR": tmp,
            }
            for name in ("REDIS_URL", "MODE"):
                env.pop(name, None)
            for run in range(args.runs):  # alternate, so that load changes hit both alike
                results["bare"].append(
                    measure(
                        fake,
                        [sys.executable, "-m", "bench.bare_bot"],
                        {**env, "WORKDIR": str(ROOT)},
                        100 + run,
                    )
                )
                results["bot"].append(measure(fake, [sys.executable, "-m", "bot"], env, 200 + run))
    finally:
        fake.stop_thread()
    bare_cold = statistics.median(c for c, _ in results["bare"])
    bot_cold = statistics.median(c for c, _ in results["bot"])
    bare_rss = statistics.median(r for _, r in results["bare"])
    bot_rss = statistics.median(r for _, r in results["bot"])
    print(f"{'':24} {'cold start s':>13} {'idle RSS MB':>12}")
    print(f"{'bare aiogram + dialog':24} {bare_cold:13.2f} {bare_rss:12.1f}")
    print(f"{'seminar-bot':24} {bot_cold:13.2f} {bot_rss:12.1f}")
    print(
        f"difference: cold start +{bot_cold - bare_cold:.2f} s (budget ≤ 1.0, ratio "
        f"{bot_cold / bare_cold:.2f}), RSS +{bot_rss - bare_rss:.1f} MB (budget ≤ 60)"
    )
    cold_ok = bot_cold - bare_cold <= BUDGET_COLD_S
    rss_ok = bot_rss - bare_rss <= BUDGET_RSS_MB
    record(
        "footprint: cold start to first getUpdates",
        f"+{bot_cold - bare_cold:.2f} s, ×{bot_cold / bare_cold:.2f} "
        f"({bot_cold:.2f} s vs bare {bare_cold:.2f} s)",
        f"≤ +{BUDGET_COLD_S:.0f} s of the bare bot",
        cold_ok,
    )
    record(
        "footprint: idle RSS",
        f"+{bot_rss - bare_rss:.0f} MB, ×{bot_rss / bare_rss:.2f} "
        f"({bot_rss:.0f} MB vs bare {bare_rss:.0f} MB)",
        f"≤ +{BUDGET_RSS_MB:.0f} MB of the bare bot",
        rss_ok,
    )
    return 0 if cold_ok and rss_ok else 1


if __name__ == "__main__":
    sys.exit(main())
