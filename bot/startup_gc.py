"""The cyclic garbage collector while the process starts.

Starting creates a few hundred thousand objects that live as long as the process
(modules, classes, aiogram's pydantic models, SQLAlchemy mappers, routers and dialogs,
the parsed locales). Each full collection walks all of them and finds next to nothing to
free: several of them run during the start, a few tenths of a second each on a slow
machine. So `hold()` turns automatic collection off for the start, and `release()`, once
the bot takes updates, freezes what was built so far (`gc.freeze`: left out of every later
collection, which stays cheaper for the life of the process too) and turns it on again.
"""

from __future__ import annotations

import gc

_held = False


def hold() -> None:
    """No automatic collection until `release()` (if collection is on at all)."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release() -> None:
    """Freeze what exists and collect again; does nothing unless `hold()` turned it off."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()
