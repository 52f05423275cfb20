"""Unique intent ids for aiogram-dialog.

aiogram-dialog (2.x) makes an intent id from the current second and a random number
from 0 to 99 (`aiogram_dialog.api.entities.stack.new_int_id`): two dialogs started in the
same second share an id once in a hundred times. In one chat that is a user who opens a
window within a second of the menu: both contexts are stored under the same key, the
first one is overwritten, and the stack breaks ("Stack is broken ... resetting"; upstream
Tishka17/aiogram_dialog pull request #501). This replaces it with a random number of the
same size, so that ids and callback data keep their length (at most 6 characters).
"""

from __future__ import annotations

import random

from aiogram_dialog.api.entities import stack

ID_SPACE = 10**10  # what the original spans (100 × 10**8): ids stay within 6 characters


def new_int_id() -> int:
    return random.randrange(1, ID_SPACE)


def install() -> None:
    """Make aiogram-dialog draw its intent and stack ids from `new_int_id` (idempotent)."""
    stack.new_int_id = new_int_id  # `stack.new_id` looks it up on every call
