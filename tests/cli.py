"""`python -m bot <command>` in a subprocess, as a user runs it, with only the settings given.

Shared by the tests of the command-line sub-commands (`export`, `erase-expired`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = {"BOT_TOKEN", "DATABASE_URL", "REDIS_URL", "ADMIN_IDS", "EVENT_FILE"}


def run_command(tmp_path: Path, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot *argv` in `tmp_path` with the environment's settings replaced by
    `env` (nothing of the caller's BOT_TOKEN, DATABASE_URL... leaks in)."""
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    clean.update(PYTHONPATH=str(ROOT), **env)
    return subprocess.run(
        [sys.executable, "-m", "bot", *argv],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
