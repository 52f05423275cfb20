"""The patches of libraries' internals (ui/patches.py): each still patches what upstream
does. A failure here means upstream changed: drop the patch if upstream fixed the problem,
or redo it for the new code."""

from __future__ import annotations

import gc
import inspect
import weakref
from typing import Any


def test_aiogram_dialog_still_draws_ids_from_the_second_and_100_values() -> None:
    """Tishka17/aiogram_dialog#501: the upstream id generator the patch replaces, and the
    call through the module global that makes replacing it work."""
    from aiogram_dialog.api.entities import stack

    source = inspect.getsource(stack)  # the file, whatever is installed over it
    assert (
        "def new_int_id() -> int:\n"
        "    return int(time.time()) % 100000000 + random.randint(0, 99) * 100000000\n"
    ) in source
    assert "return id_to_str(new_int_id())" in source
    assert "default_factory=new_id" in source and "_intent_id=new_id()" in source


def test_the_dialog_ids_patch_reaches_every_new_id(monkeypatch: Any) -> None:
    from aiogram.fsm.state import State
    from aiogram_dialog.api.entities import stack

    from ui import patches

    patches.install_dialog_ids()
    assert stack.new_int_id is patches.new_int_id
    monkeypatch.setattr(patches.random, "randrange", lambda _a, _b: 123_456_789)
    expected = stack.id_to_str(123_456_789)
    contexts = stack.Stack()
    assert contexts.id == expected
    assert contexts.push(State("a"), None).id == expected


def _build_and_drop(returning: Any) -> weakref.ref[Any]:
    """`Response[returning]` as aiogram builds it (in a function, holding nothing)."""
    from aiogram.methods import Response

    return weakref.ref(Response[returning])


def test_aiogram_still_builds_a_response_model_per_call_and_pydantic_drops_it() -> None:
    """pydantic/pydantic#6672 (#6681): a parametrized model nobody holds is collected, and
    aiogram's `check_response` parametrizes `Response` on every call."""
    from aiogram.client.session.base import BaseSession
    from aiogram.types import ChatMemberUpdated

    assert "Response[method.__returning__]" in inspect.getsource(BaseSession.check_response)
    # A result type the bot never asks for, so that no `response_type` holds it.
    ref = _build_and_drop(list[ChatMemberUpdated])
    gc.collect()
    assert ref() is None, "pydantic now keeps parametrized models: drop the patch"


def test_the_session_keeps_one_response_model_per_result_type() -> None:
    from aiogram.methods import GetMe, Response, SendMessage

    from bot.telegram_session import create_session
    from ui.patches import response_type

    session = create_session(None)
    ok = '{"ok": true, "result": {"id": 1, "is_bot": true, "first_name": "B"}}'
    assert session.check_response(None, GetMe(), 200, ok).result.id == 1  # type: ignore[arg-type, union-attr]
    kept = response_type(GetMe.__returning__)
    gc.collect()
    assert response_type(GetMe.__returning__) is kept
    assert issubclass(kept, Response)
    assert response_type(SendMessage.__returning__) is not kept
