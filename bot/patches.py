"""Every patch of a library's internals, each with the upstream issue it works around.

Each has a test in tests/test_patches.py that fails when upstream changes what is patched
(then the patch is either dropped or redone):

- **Dialog ids** (aiogram-dialog). It makes an intent id from the current second and a
  random number from 0 to 99 (`aiogram_dialog.api.entities.stack.new_int_id`): two
  dialogs started in the same second share an id once in a hundred times. In one chat
  that is a user who opens a window within a second of the menu: both contexts are stored
  under the same key, the first one is overwritten, and the stack breaks ("Stack is
  broken ... resetting"). Upstream: Tishka17/aiogram_dialog pull request #501.
  `install_dialog_ids` replaces it with a random number of the same size, so that ids and
  callback data keep their length (at most 6 characters).
- **Response models** (aiogram's `BaseSession.check_response`). aiogram builds
  `Response[method.__returning__]` for every response it reads; pydantic keeps
  parametrized generic models only in a weak cache (pydantic/pydantic issue #6672, pull
  request #6681: a WeakValueDictionary, against a memory leak), so when nothing else holds
  the class it is collected and built again: about 10 ms per API call here.
  `KeptResponseTypesSession.check_response` holds one per result type (`response_type`).
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods import Response
from aiogram.methods.base import TelegramType

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.methods import TelegramMethod

# --- Dialog ids (Tishka17/aiogram_dialog#501) -------------------------------------------

ID_SPACE = 10**10  # what the original spans (100 × 10**8): ids stay within 6 characters


def new_int_id() -> int:
    return random.randrange(1, ID_SPACE)


def install_dialog_ids() -> None:
    """Make aiogram-dialog draw its intent and stack ids from `new_int_id` (idempotent)."""
    from aiogram_dialog.api.entities import stack

    stack.new_int_id = new_int_id  # `stack.new_id` looks it up on every call


# --- Response models kept alive (pydantic/pydantic#6672, #6681) -------------------------

_RESPONSE_TYPES: dict[Any, Any] = {}


def response_type(returning: Any) -> Any:
    """`Response[returning]`, built once per process."""
    cached = _RESPONSE_TYPES.get(returning)
    if cached is None:
        cached = _RESPONSE_TYPES[returning] = Response[returning]
    return cached


class KeptResponseTypesSession(AiohttpSession):
    """aiogram's aiohttp session, with the response models kept alive (see above)."""

    def check_response(
        self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int, content: str
    ) -> Response[TelegramType]:
        response_type(method.__returning__)
        return super().check_response(bot, method, status_code, content)
