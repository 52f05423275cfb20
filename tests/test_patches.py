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


# --- Text-input routing: the aiogram-dialog internals ui/patches.py reads ----------------


def _input_dialog() -> Any:
    from aiogram.fsm.state import State, StatesGroup
    from aiogram_dialog import Dialog, Window
    from aiogram_dialog.widgets.input import TextInput
    from aiogram_dialog.widgets.text import Const

    class PatchSG(StatesGroup):
        typed = State()
        plain = State()

    text_input = TextInput(id="t", filter=lambda m, **_: m.text != "no")
    dialog = Dialog(
        Window(Const("a"), text_input, state=PatchSG.typed),
        Window(Const("b"), state=PatchSG.plain),
    )
    return PatchSG, dialog, text_input


def test_dialog_windows_map_states_to_windows_whose_on_message_is_the_input() -> None:
    """`Dialog.windows` and `Window.on_message`, what `window_of` and `input_of` read."""
    from aiogram import Router

    from ui.patches import input_of, window_of

    group, dialog, text_input = _input_dialog()
    assert set(dialog.windows) == {group.typed, group.plain}
    root = Router()
    root.include_router(dialog)
    typed = window_of(root, group.typed)
    assert typed is dialog.windows[group.typed]
    assert input_of(typed) is text_input
    assert input_of(window_of(root, group.plain)) is None
    assert window_of(root, group.typed.__class__("elsewhere")) is None


def test_the_context_key_is_where_the_outer_middleware_puts_the_context() -> None:
    """`aiogd_context`: what `open_dialog_context` reads, set by aiogram-dialog's context
    middleware before the filters run."""
    from aiogram_dialog.context import intent_middleware

    from ui.patches import CONTEXT_KEY, open_dialog_context

    assert CONTEXT_KEY == "aiogd_context"
    assert "data[CONTEXT_KEY] = " in inspect.getsource(intent_middleware)
    marker = object()
    assert open_dialog_context({CONTEXT_KEY: marker}) is marker
    assert open_dialog_context({}) is None


def test_the_inputs_still_check_what_accepts_text_mirrors() -> None:
    """`accepts_text` repeats the checks of each input's `process_message` (the filters
    read as `filters`, `filter`, `inputs`): upstream must still make exactly those."""
    from aiogram_dialog.widgets.input import CombinedInput, MessageInput, TextInput

    text = inspect.getsource(TextInput.process_message)
    assert "if message.content_type != ContentType.TEXT:" in text
    assert "if self.filter and not await self.filter.call(" in text
    message = inspect.getsource(MessageInput.process_message)
    assert "for handler_filter in self.filters:" in message
    combined = inspect.getsource(CombinedInput.process_message)
    assert "for handler_filter in self.filters:" in combined
    assert "for input_widget in self.inputs:" in combined
    assert "return True" in combined


async def test_accepts_text_follows_the_filters_of_each_input() -> None:
    from aiogram.types import Chat, Message
    from aiogram.types import User as TgUser
    from aiogram_dialog.widgets.input import CombinedInput, MessageInput

    from ui.patches import accepts_text

    _group, _dialog, text_input = _input_dialog()

    def msg(text: str) -> Message:
        chat = Chat(id=1, type="private")
        user = TgUser(id=1, is_bot=False, first_name="U")
        return Message(message_id=1, date=0, chat=chat, from_user=user, text=text)  # type: ignore[arg-type]

    assert await accepts_text(text_input, msg("yes"), {})
    assert not await accepts_text(text_input, msg("no"), {})
    assert not await accepts_text(None, msg("yes"), {})
    photos_only = MessageInput(lambda *_: None, content_types="photo")
    assert not await accepts_text(photos_only, msg("yes"), {})
    assert await accepts_text(MessageInput(lambda *_: None), msg("yes"), {})
    assert await accepts_text(CombinedInput(photos_only, text_input), msg("yes"), {})
    assert not await accepts_text(CombinedInput(photos_only, text_input), msg("no"), {})


# --- Stack edit: save_stack deletes an empty stack only without a message id -----------


async def test_save_stack_deletes_an_empty_stack_only_without_a_message_id() -> None:
    """What /forget relies on (`forget_last_message` before `reset_stack`)."""
    from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
    from aiogram_dialog.api.entities import Stack
    from aiogram_dialog.context.storage import StorageProxy

    from ui.patches import forget_last_message

    class Bot:
        id = 42

    storage = MemoryStorage()
    proxy = StorageProxy(
        storage=storage,
        events_isolation=SimpleEventIsolation(),
        user_id=7,
        chat_id=7,
        thread_id=None,
        business_connection_id=None,
        bot=Bot(),  # type: ignore[arg-type]
        state_groups={},
    )
    stack = Stack()
    stack.last_message_id = 99
    await proxy.save_stack(stack)
    key = proxy._stack_key(stack.id)
    assert (await storage.get_data(key))["last_message_id"] == 99  # kept: a row
    forget_last_message(stack)
    assert stack.last_message_id is None
    await proxy.save_stack(stack)
    assert await storage.get_data(key) == {}  # empty data: the row is deleted
