"""FAQ retrieval: accuracy on the labelled questions, bad input, promoted entries."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.event import Event, load_event
from core.settings import DEFAULT_EVENT_FILE
from services.faq import FaqIndex, check_question, event_index, event_items, faq_index, terms
from storage.models import User
from storage.models.logistics import FaqEntry

LABELLED = Path(__file__).with_name("faq_questions.yaml")


@pytest.fixture(scope="module")
def seminar() -> Event:
    return load_event(DEFAULT_EVENT_FILE)


@pytest.fixture(scope="module")
def labelled() -> dict[str, list]:
    data: dict[str, list] = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    return data


def test_the_labelled_set_is_large_bilingual_and_valid(
    seminar: Event, labelled: dict[str, list]
) -> None:
    questions = labelled["questions"]
    assert len(questions) >= 60
    cyrillic = [q for q in questions if any("а" <= ch.lower() <= "я" for ch in q["q"])]
    assert len(cyrillic) >= 30 and len(questions) - len(cyrillic) >= 30
    ids = {entry.id for entry in seminar.faq.entries}
    assert {q["id"] for q in questions} <= ids
    assert {q["id"] for q in questions} == ids, "every FAQ entry has labelled questions"


def test_top1_accuracy_on_paraphrased_questions(seminar: Event, labelled: dict[str, list]) -> None:
    index = event_index(seminar)
    questions = labelled["questions"]
    misses = []
    confident = confident_wrong = 0
    for q in questions:
        matches = index.search(q["q"])
        if not matches or matches[0].item.id != q["id"]:
            misses.append((q["q"], q["id"], [(m.item.id, m.score) for m in matches]))
        answer = index.answer(q["q"])
        if answer.verdict == "confident":
            confident += 1
            confident_wrong += answer.matches[0].item.id != q["id"]
    accuracy = 1 - len(misses) / len(questions)
    print(
        f"\nFAQ top-1 accuracy: {accuracy:.3f} ({len(questions) - len(misses)}/{len(questions)}); "
        f"answered at once: {confident}, of them wrong: {confident_wrong}"
    )
    for miss in misses:
        print("  miss:", miss)
    assert accuracy >= 0.90
    # A confident answer is almost always the right one.
    assert confident_wrong <= 2
    assert confident >= len(questions) * 0.6


def test_questions_the_faq_does_not_cover_are_not_answered_confidently(
    seminar: Event, labelled: dict[str, list]
) -> None:
    index = event_index(seminar)
    verdicts = {q: index.answer(q).verdict for q in labelled["unanswerable"]}
    assert "confident" not in verdicts.values(), verdicts


def test_typos_word_order_and_the_other_language(seminar: Event) -> None:
    index = event_index(seminar)
    for text, expected in [
        ("wher is the venu", "venue"),
        ("password wifi what is", "wifi"),
        ("гостиница где", "accommodation"),
        ("Где проходит семинар?", "venue"),
        ("Когда проходит семинар?", "dates"),
        ("visa invitation letter", "visa"),
        ("виза", "visa"),
    ]:
        best = index.search(text)
        assert best and best[0].item.id == expected, (text, best)


def test_the_index_is_built_once_per_event(seminar: Event) -> None:
    assert event_index(seminar) is event_index(seminar)
    other = load_event(DEFAULT_EVENT_FILE)
    assert event_index(other) is not event_index(seminar)


def test_bad_questions_are_recognised() -> None:
    assert check_question("") == "empty"
    assert check_question("   ") == "empty"
    assert check_question(None) == "empty"
    assert check_question("😀😀🎉") == "no_words"
    assert check_question("?? 123 !!") == "no_words"
    assert check_question("a" * 1001) == "too_long"
    assert check_question("Where is the hotel?") is None
    assert check_question("酒店在哪里") is None  # words, in a language the FAQ does not speak
    assert terms("Hello, thanks!") == []
    assert terms("Гостиницу забронируете?") == ["гостиниц", "заброниру"]


def test_an_empty_faq_answers_nothing() -> None:
    index = FaqIndex([])
    assert index.search("where is the venue") == []
    assert index.answer("where is the venue").verdict == "none"


async def test_promoted_entries_join_the_index_and_leave_it(
    seminar: Event, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with session_factory() as session:
        static = await faq_index(session, seminar)
        assert static is event_index(seminar)
        session.add(User(id=1, first_name="A"))
        entry = FaqEntry(
            lang="en",
            question="Can I bring my child to the welcome reception?",
            answer="Yes, children are welcome at the reception.",
            topic="other",
        )
        session.add(entry)
        await session.commit()
        combined = await faq_index(session, seminar)
        assert len(combined) == len(event_items(seminar)) + 1
        assert await faq_index(session, seminar) is combined  # unchanged table: same index
        answer = combined.answer("can i bring my kid to the reception?")
        assert answer.verdict == "confident"
        assert answer.matches[0].item.id == f"db{entry.id}"
        assert answer.matches[0].item.answer_in("ru").startswith("Yes, children")
        entry.active = False
        await session.commit()
        assert await faq_index(session, seminar) is event_index(seminar)


async def test_a_question_reads_the_promoted_entries_version_at_most_every_few_seconds(
    seminar: Event,
    session_factory: async_sessionmaker[AsyncSession],
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Questions in a row do not each count the promoted entries; another process's new
    entry shows once the read is `VERSION_FRESH_FOR` old, this process's at once."""
    from sqlalchemy import event

    from services import faq
    from storage.db import create_engine, create_session_factory

    clock = [1000.0]
    monkeypatch.setattr(faq.time, "monotonic", lambda: clock[0])
    statements: list[str] = []
    engine = session_factory.kw["bind"]
    event.listen(
        engine.sync_engine,
        "before_cursor_execute",
        lambda _c, _cur, statement, *_: statements.append(statement),
    )
    async with session_factory() as session:
        assert await faq_index(session, seminar) is event_index(seminar)
        statements.clear()
        assert await faq_index(session, seminar) is event_index(seminar)
        assert statements == []  # the version read a moment ago is trusted

    other = create_engine(db_url)  # another process writes
    try:
        async with create_session_factory(other)() as session:
            session.add(User(id=2, first_name="B"))
            session.add(FaqEntry(lang="en", question="Is there a crèche?", answer="No.", topic="x"))
            await session.commit()
    finally:
        await other.dispose()
    async with session_factory() as session:
        assert await faq_index(session, seminar) is event_index(seminar)  # not seen yet
        clock[0] += faq.VERSION_FRESH_FOR
        assert len(await faq_index(session, seminar)) == len(event_items(seminar)) + 1

        session.add(FaqEntry(lang="en", question="Is there a gym?", answer="Yes.", topic="x"))
        await session.commit()  # this process: seen at once
        assert len(await faq_index(session, seminar)) == len(event_items(seminar)) + 2
