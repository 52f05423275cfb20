"""The user middleware's cache of `users` rows (storage.repositories.users.UserCache):
a known user's update reads nothing, and every write to the row through the bot's code
paths (each declares it: `users_written`) is seen at once by the next update."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, select

from services.personal_data import erase_personal_data
from storage.db import writes_table
from storage.models import User
from storage.repositories.broadcasts import BroadcastRepo
from storage.repositories.users import UserCache, UserRepo, users_written
from tests.harness import Harness

USER = 777


@contextmanager
def statements(h: Harness) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        seen.append(statement)

    engine = h.resources.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def reads_of_users(seen: list[str]) -> list[str]:
    return [s for s in seen if s.lstrip().upper().startswith("SELECT") and "FROM users" in s]


async def row(h: Harness) -> User:
    async with h.session() as session:
        user = await session.scalar(select(User).where(User.id == USER))
    assert user is not None
    return user


async def test_a_known_user_is_not_read_again(harness: Harness) -> None:
    await harness.send(USER, "/start")  # created
    await harness.send(USER, "/help")  # read once, then cached
    with statements(harness) as seen:
        await harness.send(USER, "/help")
        await harness.send(USER, "/start")
    assert reads_of_users(seen) == []


async def test_a_user_blocked_meanwhile_is_unblocked_when_they_write(harness: Harness) -> None:
    await harness.send(USER, "/start")
    await harness.send(USER, "/help")
    # What the delivery engine does on a 403 (a Core UPDATE of the row).
    async with harness.session() as session:
        await BroadcastRepo(session).record_blocked(0, USER, "Forbidden: bot was blocked")
        await session.commit()
    assert (await row(harness)).blocked_at is not None
    await harness.send(USER, "/help")
    assert (await row(harness)).blocked_at is None


async def test_language_chosen_is_used_by_the_next_update(harness: Harness) -> None:
    await harness.send(USER, "/start")
    await harness.send(USER, "/help")
    await harness.send(USER, "/language")
    await harness.press(USER, "Русский")
    await harness.send(USER, "/help")
    assert (await row(harness)).language == "ru"
    assert "помощник участника" in harness.text(USER)
    async with harness.session() as session:  # changed in another session of the bot
        user = await session.get(User, USER)
        assert user is not None
        await UserRepo(session).set_language(user, "en")
        await session.commit()
    await harness.send(USER, "/help")
    assert "the seminar assistant" in harness.text(USER)


async def test_a_deleted_user_is_created_again(harness: Harness) -> None:
    await harness.send(USER, "/start")
    await harness.send(USER, "/help")
    async with harness.session() as session:  # what /forget and the overseer's erasure do
        await erase_personal_data(session, USER)
        await session.commit()
    await harness.send(USER, "/help")
    assert (await row(harness)).id == USER


async def test_a_row_written_while_it_was_read_is_not_kept(harness: Harness) -> None:
    cache = UserCache(harness.resources.engine)
    await harness.send(USER, "/start")
    token = cache.token(USER)
    async with harness.session() as session:
        user = await session.get(User, USER)
        assert user is not None
        async with harness.session() as writer:
            other = await writer.get(User, USER)
            assert other is not None
            other.first_name = "Other"
            users_written(writer, USER)
            await writer.commit()
        cache.put(user, token)  # read before that write committed: not kept
        assert cache.get(session, USER) is None
    token = cache.token(USER)
    async with harness.session() as session:
        user = await session.get(User, USER)
        assert user is not None
        cache.put(user, token)
    async with harness.session() as session:
        cached = cache.get(session, USER)
        assert cached is not None and cached.first_name == "Other"
        await UserRepo(session).set_language(cached, "ru")  # the cached object is written
        await session.flush()
        async with harness.session() as other_session:  # nothing is committed yet
            assert cache.get(other_session, USER) is not None
        await session.rollback()
    async with harness.session() as session:
        cached = cache.get(session, USER)
        assert cached is not None  # a rolled-back change wrote nothing: still cached
        await UserRepo(session).set_language(cached, "ru")
        await session.commit()
    assert (await row(harness)).language == "ru"
    async with harness.session() as session:
        assert cache.get(session, USER) is None  # that commit dropped it


def test_the_caches_see_writes_of_their_table_only() -> None:
    assert writes_table("UPDATE users SET language=? WHERE users.id = ?", "users")
    assert writes_table("INSERT INTO users (id, first_name) VALUES (?, ?)", "users")
    assert writes_table("DELETE FROM users WHERE users.id = ?", "users")
    assert writes_table("INSERT INTO faq_entries (lang) VALUES (?)", "faq_entries")
    assert not writes_table("SELECT users.id FROM users", "users")
    assert not writes_table("UPDATE users_archive SET x=1", "users")
    assert not writes_table("DELETE FROM faq_queries WHERE user_id = ?", "faq_entries")
