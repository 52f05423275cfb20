"""Autogenerate an Alembic migration from the models.

    .venv/bin/python scripts/new_migration.py 0003_surveys "survey responses"

Migrates a throwaway SQLite database to the current heads, compares it with the models
and writes `storage/migrations/versions/<rev_id>.py`. Review the result (and that it
works on PostgreSQL: `./scripts/test -k migrations`).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from alembic import command

from storage.db import create_engine
from storage.migrate import MIGRATIONS_DIR, alembic_config, upgrade


async def main(rev_id: str, message: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/autogenerate.sqlite3"
        engine = create_engine(url)
        await upgrade(engine)
        await engine.dispose()
        cfg = alembic_config(url=url)
        script = await asyncio.to_thread(
            command.revision, cfg, message=message, autogenerate=True, rev_id=rev_id
        )
    generated = Path(script.path) if script and not isinstance(script, list) else None
    if generated is not None:
        target = MIGRATIONS_DIR / "versions" / f"{rev_id}.py"
        generated.rename(target)
        print(target)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    asyncio.run(main(sys.argv[1], sys.argv[2]))
