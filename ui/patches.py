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
- **Text-input routing** (aiogram-dialog). An open dialog takes every message, whether or
  not its window has an input (the maintainer in Tishka17/aiogram_dialog#461); there is no
  API to ask whether the open window would take a typed text, which the free-text
  questions need (handlers/questions.py: `FreeText`). Internal API relied on: the data
  key `aiogd_context` (`aiogram_dialog.api.internal.CONTEXT_KEY`, set by the outer
  context middleware), `Dialog.windows` (state -> window), `Window.on_message` (the
  window's input widget), and the inputs' `filters` / `filter` / `inputs` attributes that
  their `process_message` checks (`accepts_text` mirrors those checks without running
  the handlers). Helpers: `open_dialog_context`, `window_of`, `input_of`, `accepts_text`.
- **Stack edit** (aiogram-dialog). No upstream issue (#106 is about contexts, closed);
  internal API: `Stack.last_message_id` and `StorageProxy.save_stack`, which writes an
  empty stack as empty data (the row is deleted) only if it keeps no message id.
  `forget_last_message` clears it, so that a reset stack leaves nothing stored (/forget).
"""

from __future__ import annotations

import random
import weakref
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from aiogram import Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.enums import ContentType
from aiogram.fsm.state import State
from aiogram.methods import Response
from aiogram.methods.base import TelegramType
from aiogram.types import Message
from aiogram_dialog.api.entities import Context, Stack
from aiogram_dialog.api.internal import CONTEXT_KEY
from aiogram_dialog.setup import collect_dialogs
from aiogram_dialog.widgets.input import BaseInput, CombinedInput, MessageInput, TextInput

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.methods import TelegramMethod

__all__ = [
    "CONTEXT_KEY",
    "KeptResponseTypesSession",
    "accepts_text",
    "forget_last_message",
    "input_of",
    "install_dialog_ids",
    "open_dialog_context",
    "response_type",
    "window_of",
]

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


# --- Text-input routing (Tishka17/aiogram_dialog#461; internal API, see above) ----------


def open_dialog_context(data: Mapping[str, Any]) -> Context | None:
    """The open dialog's context, as aiogram-dialog's outer middleware loaded it (before
    any `DialogManager` exists: usable in filters and outer/inner middlewares)."""
    context: Context | None = data.get(CONTEXT_KEY)
    return context


_windows: weakref.WeakKeyDictionary[Router, dict[str, Any]] = weakref.WeakKeyDictionary()
"""Per dispatcher: dialog state name -> its window (built on the first look-up)."""


def window_of(root: Router, state: State) -> Any:
    """The window of the dialog state `state` among the dialogs under `root` (None: no
    dialog there has it)."""
    index = _windows.get(root)
    if index is None:
        index = {}
        for dialog in collect_dialogs(root):
            for window_state, window in getattr(dialog, "windows", {}).items():
                index[window_state.state] = window
        _windows[root] = index
    return index.get(state.state or "")


def input_of(window: Any) -> BaseInput | None:
    """The window's input widget (`Window.on_message`), None if it has none."""
    widget: BaseInput | None = getattr(window, "on_message", None)
    return widget


async def accepts_text(widget: BaseInput | None, message: Message, data: dict[str, Any]) -> bool:
    """Would this window input take the message? The checks each input's
    `process_message` makes before calling its handler. (An unknown input kind: yes.)"""
    if widget is None:
        return False
    if isinstance(widget, CombinedInput):
        for check in widget.filters:
            if not await check.call(message, **data):
                return False
        for child in widget.inputs:
            if await accepts_text(child, message, data):
                return True
        return False
    if isinstance(widget, TextInput):
        if message.content_type != ContentType.TEXT:
            return False
        return widget.filter is None or bool(await widget.filter.call(message, **data))
    if isinstance(widget, MessageInput):
        for check in widget.filters:
            if not await check.call(message, **data):
                return False
        return True
    return True


# --- Stack edit (no upstream issue; internal API: Stack.last_message_id, save_stack) -----


def forget_last_message(stack: Stack) -> None:
    """Drop the stack's window message id, so that saving the stack once it is empty
    deletes its row (`save_stack` keeps an empty stack that remembers a message)."""
    stack.last_message_id = None
