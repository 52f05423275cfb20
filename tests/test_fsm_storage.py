"""SQLAlchemyStorage on SQLite and PostgreSQL, alone and under aiogram-dialog."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

import pytest
from aiogram import Dispatcher
from aiogram.filters import CommandStart
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, StartMode, Window, setup_dialogs
from aiogram_dialog.test_tools import BotClient, MockMessageManager
from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator
from aiogram_dialog.widgets.kbd import Button, SwitchTo
from aiogram_dialog.widgets.text import Const, Format
from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from services.personal_data import erase_personal_data
from storage.db import create_engine, create_session_factory
from storage.fsm import SQLAlchemyStorage, forget_user
from storage.models import FSMRecord

KEY = StorageKey(bot_id=1, chat_id=10, user_id=10)


class Form(StatesGroup):
    name = State()
    age = State()


@pytest.fixture
def storage(session_factory: async_sessionmaker[AsyncSession]) -> SQLAlchemyStorage:
    return SQLAlchemyStorage(session_factory)


async def row_count(
    session_factory: async_sessionmaker[AsyncSession], storage: SQLAlchemyStorage
) -> int:
    """Rows in the table once the storage has written what it holds (it writes behind)."""
    await storage.flush()
    async with session_factory() as session:
        return await session.scalar(select(func.count()).select_from(FSMRecord)) or 0


@asynccontextmanager
async def recording_engine(db_url: str) -> AsyncIterator[tuple[AsyncEngine, list[str]]]:
    """A second engine on the database, and the SQL statements it runs."""
    engine = create_engine(db_url)
    statements: list[str] = []
    event.listen(
        engine.sync_engine,
        "before_cursor_execute",
        lambda _c, _cur, statement, *_: statements.append(statement),
    )
    try:
        yield engine, statements
    finally:
        await engine.dispose()


async def test_missing_key_has_no_state_and_no_data(storage: SQLAlchemyStorage) -> None:
    assert await storage.get_state(KEY) is None
    assert await storage.get_data(KEY) == {}


async def test_state_round_trip(storage: SQLAlchemyStorage) -> None:
    await storage.set_state(KEY, Form.name)
    assert await storage.get_state(KEY) == "Form:name"
    await storage.set_state(KEY, "Form:age")
    assert await storage.get_state(KEY) == "Form:age"
    await storage.set_state(KEY, None)
    assert await storage.get_state(KEY) is None


async def test_data_round_trip_and_update(storage: SQLAlchemyStorage) -> None:
    await storage.set_data(KEY, {"a": 1, "b": "x"})
    data = await storage.get_data(KEY)
    assert data == {"a": 1, "b": "x"}
    data["a"] = 99  # the caller's copy, not the stored data
    assert await storage.get_data(KEY) == {"a": 1, "b": "x"}

    assert await storage.update_data(KEY, {"b": "y", "c": [1]}) == {"a": 1, "b": "y", "c": [1]}
    assert await storage.get_data(KEY) == {"a": 1, "b": "y", "c": [1]}
    await storage.set_data(KEY, {"z": 0})  # replaces, does not merge
    assert await storage.get_data(KEY) == {"z": 0}


async def test_state_and_data_are_written_independently(storage: SQLAlchemyStorage) -> None:
    await storage.set_state(KEY, Form.age)
    await storage.set_data(KEY, {"a": 1})
    assert await storage.get_state(KEY) == "Form:age"
    await storage.set_state(KEY, Form.name)
    assert await storage.get_data(KEY) == {"a": 1}
    await storage.update_data(KEY, {"b": 2})
    assert await storage.get_state(KEY) == "Form:name"


async def test_clearing_state_and_data_deletes_the_row(
    storage: SQLAlchemyStorage, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await storage.set_state(KEY, Form.name)
    await storage.set_data(KEY, {"a": 1})
    assert await row_count(session_factory, storage) == 1
    await storage.set_state(KEY, None)
    assert await row_count(session_factory, storage) == 1  # data is still there
    assert await storage.get_data(KEY) == {"a": 1}
    await storage.set_data(KEY, {})
    assert await row_count(session_factory, storage) == 0

    await storage.update_data(KEY, {})  # an empty update of a missing key stores nothing
    await storage.set_state(KEY, None)
    assert await row_count(session_factory, storage) == 0


async def test_keys_with_a_destiny_are_distinct(
    storage: SQLAlchemyStorage, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    stack_key = replace(KEY, destiny="aiogd:stack:")
    context_key = replace(KEY, destiny="aiogd:context:abc")
    await storage.set_state(KEY, Form.name)
    await storage.set_data(KEY, {"who": "default"})
    await storage.set_data(stack_key, {"who": "stack"})
    await storage.set_state(context_key, Form.age)
    await storage.set_data(context_key, {"who": "context"})

    assert await storage.get_data(KEY) == {"who": "default"}
    assert await storage.get_data(stack_key) == {"who": "stack"}
    assert await storage.get_data(context_key) == {"who": "context"}
    assert await storage.get_state(KEY) == "Form:name"
    assert await storage.get_state(stack_key) is None
    assert await storage.get_state(context_key) == "Form:age"
    await storage.flush()
    async with session_factory() as session:
        keys = set((await session.scalars(select(FSMRecord.key))).all())
    assert keys == {"fsm:10:10:default", "fsm:10:10:aiogd:stack:", "fsm:10:10:aiogd:context:abc"}


async def test_concurrent_upserts_of_one_key(storage: SQLAlchemyStorage) -> None:
    await asyncio.gather(*(storage.set_data(KEY, {"n": i}) for i in range(50)))
    assert (await storage.get_data(KEY))["n"] in range(50)

    await asyncio.gather(*(storage.set_state(KEY, f"Form:s{i}") for i in range(50)))
    assert await storage.get_state(KEY) in {f"Form:s{i}" for i in range(50)}
    assert (await storage.get_data(KEY))["n"] in range(50)


async def test_concurrent_updates_of_one_key_lose_nothing(
    storage: SQLAlchemyStorage, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    other = replace(KEY, destiny="other")
    results = await asyncio.gather(
        *(storage.update_data(KEY if i % 2 else other, {f"k{i}": i}) for i in range(50))
    )
    assert all(f"k{i}" in result for i, result in enumerate(results))
    assert await storage.get_data(KEY) == {f"k{i}": i for i in range(1, 50, 2)}
    assert await storage.get_data(other) == {f"k{i}": i for i in range(0, 50, 2)}
    assert await row_count(session_factory, storage) == 2


async def test_nested_json_round_trip(storage: SQLAlchemyStorage) -> None:
    data: dict[str, Any] = {
        "list": [1, 2.5, None, True, False, "s", {"inner": [[], {}]}],
        "unicode": 'Привет, 世界 ✓ <b>&amp;</b> "quoted" \\ \n',
        "nested": {"a": {"b": {"c": {"d": [1, {"e": None}]}}}},
        "big": 2**53 + 1,
        "empty": {},
    }
    await storage.set_data(KEY, data)
    assert await storage.get_data(KEY) == data
    await storage.update_data(KEY, {"nested": {"x": [data["list"]]}})
    assert (await storage.get_data(KEY))["nested"] == {"x": [data["list"]]}


async def test_unserializable_data_is_refused(storage: SQLAlchemyStorage) -> None:
    with pytest.raises(TypeError):
        await storage.set_data(KEY, {"obj": object()})
    assert await storage.get_data(KEY) == {}


async def test_data_of_a_key_not_in_memory_is_written_without_reading_it(
    session_factory: async_sessionmaker[AsyncSession], db_url: str
) -> None:
    """A dialog start writes a new context: no read first, and a stored state survives."""
    first = SQLAlchemyStorage(session_factory)
    await first.set_state(KEY, Form.name)
    await first.set_data(KEY, {"old": 1})
    await first.close()

    async with recording_engine(db_url) as (engine, statements):
        second = SQLAlchemyStorage(create_session_factory(engine))
        await second.set_data(KEY, {"new": 2})
        assert await second.get_data(KEY) == {"new": 2}
        assert statements == []  # nothing read
        await second.flush()
        assert await second.get_state(KEY) == "Form:name"  # read when asked for
        async with session_factory() as session:
            row = (await session.execute(select(FSMRecord.state, FSMRecord.data))).one()
        assert row.state == "Form:name" and row.data == '{"new": 2}'

        # Clearing the data of a key not in memory: the row stays while it has a state...
        third = SQLAlchemyStorage(create_session_factory(engine))
        await third.set_data(KEY, {})
        assert await row_count(session_factory, third) == 1
        assert await third.get_data(KEY) == {}
        assert await third.get_state(KEY) == "Form:name"
        # ...and goes with it otherwise.
        other = replace(KEY, destiny="aiogd:context:xyz")
        await third.set_data(other, {"intent": "x"})
        await third.flush()
        fourth = SQLAlchemyStorage(create_session_factory(engine))
        await fourth.set_data(other, {})
        await fourth.set_state(KEY, None)
        assert await row_count(session_factory, fourth) == 0


async def test_a_flush_writes_many_keys_in_a_few_statements(
    session_factory: async_sessionmaker[AsyncSession], db_url: str
) -> None:
    """Keys changed by many users at once go out as one statement per kind of write."""
    users = range(100, 160)
    seed = SQLAlchemyStorage(session_factory)
    for user in users:  # rows to be cleared and deleted below
        await seed.set_data(replace(KEY, user_id=user, destiny="gone"), {"x": user})
        await seed.set_state(replace(KEY, user_id=user, destiny="gone"), Form.name)
    await seed.close()

    async with recording_engine(db_url) as (engine, statements):
        storage = SQLAlchemyStorage(create_session_factory(engine))
        storage.FLUSH_DELAY = 3600  # one flush below, however slow the machine
        for user in users:
            key = replace(KEY, user_id=user, chat_id=user)
            await storage.set_data(replace(key, destiny="blind"), {"n": user})  # data only
            await storage.set_data(replace(key, destiny="cleared"), {})  # cleared blind
        for user in users:  # read first: state and data known, then changed or deleted
            key = replace(KEY, user_id=user, chat_id=user)
            await storage.set_state(key, Form.age)
            await storage.update_data(key, {"user": user})
            gone = replace(KEY, user_id=user, destiny="gone")
            await storage.set_state(gone, None)
            await storage.set_data(gone, {})
        statements.clear()
        await storage.flush()
        assert storage._flusher is not None
        storage._flusher.cancel()
        assert len(statements) <= 5, statements
        assert not any(s.lstrip().upper().startswith("SELECT") for s in statements)

    fresh = SQLAlchemyStorage(session_factory)
    for user in users:
        key = replace(KEY, user_id=user, chat_id=user)
        assert await fresh.get_state(key) == "Form:age"
        assert await fresh.get_data(key) == {"user": user}
        assert await fresh.get_data(replace(key, destiny="blind")) == {"n": user}
    assert await row_count(session_factory, fresh) == 2 * len(users)


async def test_forgetting_a_user_drops_their_pending_writes_only(
    session_factory: async_sessionmaker[AsyncSession], db_url: str
) -> None:
    """/forget: the user's keys leave memory and the write queue, without a statement (a
    storage left over on a dropped database cannot fail it); other users' stay queued."""
    async with recording_engine(db_url) as (engine, statements):
        storage = SQLAlchemyStorage(create_session_factory(engine))
        gone, kept = replace(KEY, user_id=7, chat_id=7), replace(KEY, user_id=8, chat_id=8)
        for key in (gone, replace(gone, destiny="aiogd:stack"), kept):
            await storage.set_data(key, {"n": key.user_id})
        await forget_user(7, make_url("sqlite+aiosqlite:///another.sqlite3"))
        assert await storage.get_data(gone) == {"n": 7}  # a storage on another database
        await forget_user(7, engine.url)
        assert statements == []
        assert await storage.get_data(gone) == {}
        assert await storage.get_data(kept) == {"n": 8}
        await storage.close()
    async with session_factory() as session:
        keys = (await session.scalars(select(FSMRecord.key))).all()
    assert keys == [storage._key(kept)]


# --- aiogram-dialog: an open dialog survives a restart -------------------------------------


class Steps(StatesGroup):
    first = State()
    second = State()


async def start(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(Steps.first, mode=StartMode.RESET_STACK)


async def on_ping(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data["pings"] = manager.dialog_data.get("pings", 0) + 1


async def get_pings(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"pings": dialog_manager.dialog_data.get("pings", 0)}


def make_dispatcher(storage: SQLAlchemyStorage) -> tuple[Dispatcher, MockMessageManager]:
    """A fresh 'process': dispatcher, dialog and message manager on `storage`."""
    dialog = Dialog(
        Window(
            Const("First"),
            SwitchTo(Const("Next"), id="next", state=Steps.second),
            state=Steps.first,
        ),
        Window(
            Format("Second, pings: {pings}"),
            Button(Const("Ping"), id="ping", on_click=on_ping),
            state=Steps.second,
            getter=get_pings,
        ),
    )
    dp = Dispatcher(storage=storage)
    dp.message.register(start, CommandStart())
    dp.include_router(dialog)
    message_manager = MockMessageManager()
    setup_dialogs(dp, message_manager=message_manager)
    return dp, message_manager


async def open_dialog_state(storage: SQLAlchemyStorage, chat_id: int) -> str:
    """The state of the top dialog of the user's default stack, read from `storage`."""
    stack_key = StorageKey(bot_id=1, chat_id=chat_id, user_id=chat_id, destiny="aiogd:stack:")
    stack = await storage.get_data(stack_key)
    intent_id = stack["intents"][-1]
    context = await storage.get_data(replace(stack_key, destiny=f"aiogd:context:{intent_id}"))
    state: str = context["state"]
    return state


async def test_dialog_continues_after_restart(
    session_factory: async_sessionmaker[AsyncSession], db_url: str
) -> None:
    first_storage = SQLAlchemyStorage(session_factory)
    dp, messages = make_dispatcher(first_storage)
    client = BotClient(dp)
    await client.send("/start")
    first = messages.one_message()
    assert first.text == "First"
    messages.reset_history()
    await client.click(first, InlineButtonTextLocator("Next"))
    second = messages.one_message()
    assert second.text == "Second, pings: 0"

    # "Restart": the process stops (its storage writes what it holds), then a new engine,
    # storage, dispatcher, dialog and client on the same database.
    await first_storage.close()
    engine = create_engine(db_url)
    try:
        storage = SQLAlchemyStorage(create_session_factory(engine))
        assert await open_dialog_state(storage, client.chat.id) == "Steps:second"
        dp, messages = make_dispatcher(storage)
        client = BotClient(dp)
        callback_id = await client.click(second, InlineButtonTextLocator("Ping"))
        messages.assert_answered(callback_id)
        assert messages.one_message().text == "Second, pings: 1"
        assert await open_dialog_state(storage, client.chat.id) == "Steps:second"
    finally:
        await engine.dispose()


async def test_writes_reach_the_database_soon_without_a_close(
    storage: SQLAlchemyStorage, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await storage.set_state(KEY, Form.name)
    await storage.update_data(KEY, {"step": 3})
    await asyncio.sleep(storage.FLUSH_DELAY * 4)
    async with session_factory() as session:
        row = (await session.execute(select(FSMRecord.state, FSMRecord.data))).one()
    assert row.state == "Form:name" and '"step": 3' in (row.data or "")
    # A new process on the same database reads it back.
    fresh = SQLAlchemyStorage(session_factory)
    assert await fresh.get_data(KEY) == {"step": 3}


# --- erasure: nothing of the user's comes back after the delete -----------------------------


class AnswerGate:
    """Holds the answer of the storage's first read until `go` is set (the read itself
    has run: its snapshot of the table is from before whatever happens meanwhile)."""

    def __init__(self, storage: SQLAlchemyStorage) -> None:
        self.factory = storage.session_factory
        self.kw = self.factory.kw
        self.answered = asyncio.Event()
        self.go = asyncio.Event()
        storage.session_factory = self  # type: ignore[assignment]

    def begin(self) -> Any:
        return self.factory.begin()

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[Any]:
        async with self.factory() as session:
            yield self._Session(session, self)

    class _Session:
        def __init__(self, session: AsyncSession, gate: AnswerGate) -> None:
            self.session, self.gate = session, gate

        async def execute(self, *args: Any, **kwargs: Any) -> Any:
            result = await self.session.execute(*args, **kwargs)
            if not self.gate.answered.is_set():
                self.gate.answered.set()
                await self.gate.go.wait()
            return result


async def erase(session_factory: async_sessionmaker[AsyncSession], user_id: int) -> None:
    async with session_factory() as session:
        await erase_personal_data(session, user_id)
        await session.commit()


async def stored_rows(
    session_factory: async_sessionmaker[AsyncSession],
) -> dict[str, tuple[str | None, str | None]]:
    async with session_factory() as session:
        rows = await session.execute(select(FSMRecord.key, FSMRecord.state, FSMRecord.data))
        return {key: (state, data) for key, state, data in rows}


async def test_a_read_begun_before_an_erasure_does_not_bring_the_old_row_back(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    """A read that fetched the user's row before the erasure and answers after it: the old
    state is not what the storage keeps, nor what the next write stores again."""
    key = replace(KEY, chat_id=7, user_id=7)
    seed = SQLAlchemyStorage(session_factory)
    await seed.set_state(key, Form.name)
    await seed.set_data(key, {"name": "Ann"})
    await seed.close()
    storage = SQLAlchemyStorage(session_factory)
    gate = AnswerGate(storage)
    reading = asyncio.create_task(storage.get_state(key))
    await gate.answered.wait()
    await erase(session_factory, 7)
    gate.go.set()
    assert await reading is None
    await storage.update_data(key, {"step": 2})  # the user goes on, as a new user
    await storage.flush()
    assert await stored_rows(session_factory) == {storage._key(key): (None, '{"step": 2}')}


async def test_during_an_erasure_the_users_keys_are_absent_and_not_written(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    """While the erasure's transaction is open the database still shows the user's rows:
    the storage does not read them back, and what an update of theirs writes meanwhile
    (made from the data being erased) is dropped; after it, the user starts afresh."""
    key = replace(KEY, chat_id=7, user_id=7)
    stack = replace(key, destiny="aiogd:stack:")
    seed = SQLAlchemyStorage(session_factory)
    await seed.set_state(key, Form.age)
    await seed.set_data(stack, {"intents": ["a"]})
    await seed.close()
    storage = SQLAlchemyStorage(session_factory)
    storage.FLUSH_DELAY = 0
    async with session_factory() as session:
        await erase_personal_data(session, 7)
        assert await storage.get_state(key) is None  # not the row not yet deleted
        await storage.set_data(stack, {})  # a blind write: known to have no row
        await storage.set_data(key, {"name": "Ann"})
        assert await storage.get_data(key) == {}
        await storage.flush()
        await asyncio.sleep(0.05)
        await session.commit()
    await storage.close()
    assert await stored_rows(session_factory) == {}
    await storage.set_state(key, Form.name)  # after the erasure, as a new user
    await storage.close()
    assert await stored_rows(session_factory) == {storage._key(key): ("Form:name", None)}


async def test_a_write_in_flight_during_an_erasure_is_deleted_again(
    session_factory: async_sessionmaker[AsyncSession], db_url: str
) -> None:
    """A flush of the user's old dialog state waits for SQLite's write lock, which the
    erasure holds: the erasure does not wait for it, and what it lands after the delete
    is deleted again."""
    key = replace(KEY, chat_id=7, user_id=7)
    storage = SQLAlchemyStorage(session_factory)
    await storage.set_state(key, Form.name)
    await storage.set_data(key, {"name": "Ann"})
    assert storage._flusher is not None
    storage._flusher.cancel()  # flushed by hand below
    storage.FLUSH_DELAY = 0
    loop = asyncio.get_running_loop()
    async with session_factory() as session:
        session.add(FSMRecord(key="fsm:9:9", state="x"))
        await session.flush()  # SQLite: the write lock is this transaction's now
        flushing = asyncio.create_task(storage.flush())
        await asyncio.sleep(0.2)  # the flush waits for the lock (SQLite) or lands
        started = loop.time()
        await erase_personal_data(session, 7)
        await session.commit()
        took = loop.time() - started
    await flushing
    await storage.close()
    assert took < 5  # not SQLite's 10 s busy timeout
    assert await stored_rows(session_factory) == {"fsm:9:9": ("x", None)}
    assert await storage.get_state(key) is None
