"""FAQ retrieval: a typed question -> the closest FAQ entries (rapidfuzz).

Entries come from the event file (`faq.entries`: localized question, variants and keywords)
and from the database (answers organisers promoted from tickets, `faq_entries`).

Matching works on *terms*: text is lower-cased, `ё` folded into `е`, split into words,
stop words dropped and endings cut by a tiny stemmer (English plural `s`, common Russian
endings). Each entry owns the terms of its question, variants and keywords in every
language, so a question in the other language still finds it. A query term matches an
entry's term exactly, by prefix, or fuzzily (`rapidfuzz.fuzz.ratio`, for typos). Two scores
are combined:

- *coverage*: the share of the query's term weight (IDF over entries) that the entry
  explains, and
- *phrase*: the best `fuzz.token_set_ratio` between the query and one of the entry's
  phrases (question or variant), which rewards near-verbatim questions.

The static index (event-file entries) is built once per loaded event and cached; the
promoted entries are re-read only when their table changes (a cheap count/max query).
"""

from __future__ import annotations

import bisect
import math
import re
import time
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from core.event import Event

MAX_QUESTION_LENGTH = 1000
"""Longer questions are refused with a request to shorten them."""

CONFIDENT = 62.0
"""Score from which the best entry is answered at once (if it is clearly ahead)."""
MARGIN = 8.0
"""How far ahead of the second entry a confident answer must be (below SURE)."""
SURE = 85.0
"""Score from which the best entry is answered whatever the margin."""
CLOSE = 34.0
"""Score from which entries are offered as "did you mean" buttons."""
PREFIX_SIMILARITY = 0.85
"""Similarity of a term that is a prefix of another (`transport` / `transportation`)."""
MATCH_CACHE_SIZE = 20_000
"""Query terms whose vocabulary matches are remembered (the cache is cleared when full)."""

Verdict = Literal["confident", "unsure", "none"]
Problem = Literal["empty", "too_long", "no_words"]

# --------------------------------------------------------------------------- text

_HYPHEN_IN_WORD = re.compile(r"(?<=\w)[-‐‑'’](?=\w)")
_WORD = re.compile(r"[^\W_]+")
_LETTER = re.compile(r"[^\W\d_]")


def _split(text: str) -> list[str]:
    return text.split()


STOP_WORDS = frozenset(
    _split(
        """
    a an the is are am was were be been being do does did done i me my mine you your we us
    our it its they them their he she his her this that these those to of in on at by for
    from with and or but if so as can could will would shall should may might must there
    here what which who whom whose how why please pls plz any some about into onto than
    then also just get got have has had need want like know tell let s t ll m re ve d hi
    hello hey thanks thank ok okay yes no not dear sir madam would
    и в во на с со к ко по о об от до за из у же ли бы а но или что как кто
    какой какая какое какие каком какую чем чего мне меня мой моя мое мои я ты вы вас
    ваш ваша ваше наш наша мы нам нас он она оно они их его ее это этот эта эти то тот
    та те там тут здесь есть быть будет будут было был была были ли можно нужно надо
    пожалуйста подскажите скажите привет здравствуйте спасибо да нет не ну также еще уже
    очень для при про под над без через так же бы всё все весь сколько время during much many
    """
    )
)

_RU_ENDINGS = sorted(
    set(
        _split(
            """
    иями ями ами ого его ому ему ыми ими ией ться тся ешь ишь ете ите ует уют ают яют
    ах ях ов ев ей ий ый ой ая яя ое ее ые ие ую юю ом ем ам ям ть ет ит ут ют ат ят ым им
    ию ия ие ью ья ье ы и а я о е у ю ь й
    """
        )
    ),
    key=len,
    reverse=True,
)
_CYRILLIC = re.compile(r"[а-я]")


def normalize(text: str) -> str:
    """Lower case, `ё` -> `е`, hyphens inside words removed (`wi-fi` -> `wifi`)."""
    return _HYPHEN_IN_WORD.sub("", text.lower().replace("ё", "е"))


def stem(word: str) -> str:
    """A crude stemmer: enough to make `гостиницу` meet `гостиница` and `hotels` `hotel`."""
    if _CYRILLIC.search(word):
        for ending in _RU_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                return word[: -len(ending)]
        return word
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    return _WORD.findall(normalize(text))


def terms(text: str) -> list[str]:
    """Content terms of a text: stems of its words that are not stop words."""
    out: list[str] = []
    for word in words(text):
        if word in STOP_WORDS or (len(word) < 2 and not word.isdigit()):
            continue
        term = stem(word)
        if term not in out:
            out.append(term)
    return out


def check_question(text: str | None) -> Problem | None:
    """Why a typed text cannot be treated as a question, or None."""
    if text is None or not text.strip():
        return "empty"
    if len(text) > MAX_QUESTION_LENGTH:
        return "too_long"
    if not _LETTER.search(text):
        return "no_words"  # emoji, digits or punctuation only
    return None


def has_known_script(text: str) -> bool:
    """True if the text has Latin or Cyrillic letters (the languages the FAQ is written in)."""
    return bool(re.search(r"[a-zA-Zа-яА-ЯёЁ]", text))


# --------------------------------------------------------------------------- entries


@dataclass(frozen=True)
class SearchItem:
    """One answer the bot can give: from the event file or promoted from a ticket."""

    id: str
    """The event entry's id, or `db<N>` for a promoted entry."""
    topic: str
    question: dict[str, str]
    answer: dict[str, str]
    phrases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    location: bool = False

    def question_in(self, lang: str) -> str:
        return _pick(self.question, lang)

    def answer_in(self, lang: str) -> str:
        return _pick(self.answer, lang)

    @property
    def promoted_id(self) -> int | None:
        return int(self.id[2:]) if self.id.startswith("db") else None


def _pick(texts: dict[str, str], lang: str) -> str:
    if lang in texts:
        return texts[lang]
    if "en" in texts:
        return texts["en"]
    return next(iter(texts.values()))


def event_items(seminar: Event) -> list[SearchItem]:
    items: list[SearchItem] = []
    for entry in seminar.faq.entries:
        question = dict(entry.question.root)
        phrases = [*question.values(), *entry.variants.all()]
        items.append(
            SearchItem(
                id=entry.id,
                topic=entry.topic,
                question=question,
                answer=dict(entry.answer.root),
                phrases=tuple(dict.fromkeys(phrases)),
                keywords=tuple(entry.keywords.all()),
                location=entry.location,
            )
        )
    return items


# --------------------------------------------------------------------------- the index


@dataclass(frozen=True)
class Match:
    item: SearchItem
    score: float


@dataclass(frozen=True)
class Answer:
    """The outcome for one question: answer at once, offer choices, or hand over."""

    verdict: Verdict
    matches: list[Match] = field(default_factory=list)

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None


class FaqIndex:
    """Terms and phrases of a set of FAQ items, ready for many questions."""

    def __init__(self, items: Sequence[SearchItem]) -> None:
        self.items = list(items)
        self._by_id = {item.id: item for item in self.items}
        owners: dict[str, dict[int, float]] = {}
        for i, item in enumerate(self.items):
            for phrase in item.phrases:
                for term in terms(phrase):
                    owners.setdefault(term, {}).setdefault(i, 1.0)
            for keyword in item.keywords:
                for term in terms(keyword):
                    owners.setdefault(term, {})[i] = 1.5
        n = max(len(self.items), 1)
        self._owners = owners
        self._idf = {t: math.log((n + 1) / len(o)) for t, o in owners.items()}
        self._max_idf = math.log(n + 1)
        self._vocabulary = list(owners)
        self._sorted_vocabulary = sorted(t for t in owners if len(t) >= 4)
        self._matches: dict[str, list[tuple[str, float]]] = {}
        phrase_texts: list[str] = []
        phrase_owner: list[int] = []
        for i, item in enumerate(self.items):
            for phrase in item.phrases:
                joined = " ".join(terms(phrase))
                if joined:
                    phrase_texts.append(joined)
                    phrase_owner.append(i)
        self._phrases = phrase_texts
        self._phrase_owner = phrase_owner

    def __len__(self) -> int:
        return len(self.items)

    def get(self, item_id: str) -> SearchItem | None:
        return self._by_id.get(item_id)

    def _term_matches(self, term: str) -> list[tuple[str, float]]:
        """Vocabulary terms a query term stands for, with a similarity in 0..1 (cached)."""
        cached = self._matches.get(term)
        if cached is not None:
            return cached
        if term in self._owners:
            result = [(term, 1.0)]
        else:
            found: dict[str, float] = {}
            if len(term) >= 4:
                from rapidfuzz import fuzz, process  # loaded by the first question

                for candidate, score, _ in process.extract(
                    term, self._vocabulary, scorer=fuzz.ratio, score_cutoff=78, limit=4
                ):
                    found[candidate] = score / 100
                # The term is a prefix of a vocabulary term, or the other way round.
                start = bisect.bisect_left(self._sorted_vocabulary, term)
                for candidate in self._sorted_vocabulary[start:]:
                    if not candidate.startswith(term):
                        break
                    found[candidate] = max(found.get(candidate, 0.0), PREFIX_SIMILARITY)
                for end in range(4, len(term)):
                    candidate = term[:end]
                    if candidate in self._owners:
                        found[candidate] = max(found.get(candidate, 0.0), PREFIX_SIMILARITY)
            result = sorted(found.items(), key=lambda kv: -kv[1])
        if len(self._matches) >= MATCH_CACHE_SIZE:
            self._matches.clear()
        self._matches[term] = result
        return result

    def search(self, text: str, limit: int = 3) -> list[Match]:
        """The best `limit` items for a question, best first (scores 0..100)."""
        query = terms(text)
        if not query or not self.items:
            return []
        coverage = [0.0] * len(self.items)
        total = 0.0
        for term in query:
            matches = self._term_matches(term)
            if not matches:
                total += self._max_idf * 0.8  # an unknown word: some doubt, not a veto
                continue
            weight = max(self._idf[t] * s for t, s in matches)
            total += weight
            best_for_item: dict[int, float] = {}
            for candidate, similarity in matches:
                idf = self._idf[candidate]
                for i, boost in self._owners[candidate].items():
                    value = min(idf * similarity, weight) * boost
                    if value > best_for_item.get(i, 0.0):
                        best_for_item[i] = value
            for i, value in best_for_item.items():
                coverage[i] += value
        phrase = [0.0] * len(self.items)
        joined = " ".join(query)
        from rapidfuzz import fuzz, process  # loaded by the first question

        for _, score, k in process.extract(
            joined, self._phrases, scorer=fuzz.token_sort_ratio, limit=12, score_cutoff=40
        ):
            i = self._phrase_owner[k]
            phrase[i] = max(phrase[i], score)
        scored: list[Match] = []
        for i, item in enumerate(self.items):
            cov = min(100.0, 100 * coverage[i] / total) if total else 0.0
            if cov <= 0 and phrase[i] <= 0:
                continue
            score = 0.65 * cov + 0.35 * phrase[i] if cov > 0 else 0.3 * phrase[i]
            scored.append(Match(item, round(score, 1)))
        scored.sort(key=lambda m: -m.score)
        return scored[:limit]

    def answer(self, text: str) -> Answer:
        """Decide: one confident answer, two or three choices, or nothing close."""
        matches = self.search(text, limit=3)
        if not matches or matches[0].score < CLOSE:
            return Answer("none", [])
        top = matches[0].score
        second = matches[1].score if len(matches) > 1 else 0.0
        if top >= SURE or (top >= CONFIDENT and top - second >= MARGIN):
            return Answer("confident", matches[:1])
        close = [m for m in matches if m.score >= max(CLOSE, top * 0.6)]
        return Answer("unsure", close[:3])


# --------------------------------------------------------------------------- caches

_static: dict[int, tuple[weakref.ref[Event], FaqIndex]] = {}
"""id(event) -> the index of its FAQ (events are not hashable; entries die with them)."""
_combined: weakref.WeakKeyDictionary[object, tuple[Event, tuple[int, int], FaqIndex]] = (
    weakref.WeakKeyDictionary()
)
"""engine -> (event, version of the promoted entries, index of both)."""


def event_index(seminar: Event) -> FaqIndex:
    """The index of the event file's FAQ, built once per loaded event."""
    key = id(seminar)
    cached = _static.get(key)
    if cached is not None and cached[0]() is seminar:
        return cached[1]
    index = FaqIndex(event_items(seminar))
    _static[key] = (weakref.ref(seminar), index)
    weakref.finalize(seminar, _static.pop, key, None)
    return index


def promoted_item(row_id: int, topic: str, lang: str, question: str, answer: str) -> SearchItem:
    return SearchItem(
        id=f"db{row_id}",
        topic=topic,
        question={lang: question},
        answer={lang: answer},
        phrases=(question,),
    )


# How long a read of the promoted entries' version is trusted. A write to `faq_entries`
# through the same engine drops it at once; other processes' writes show within this.
VERSION_FRESH_FOR = 5.0
_versions: weakref.WeakKeyDictionary[object, tuple[float, tuple[int, int]]] = (
    weakref.WeakKeyDictionary()
)
"""engine -> (when read, version of the promoted entries)."""
_watched: weakref.WeakSet[Any] = weakref.WeakSet()


def _watch_writes(engine: Any) -> None:
    """Drop the engine's version whenever a statement of this process writes the table."""
    from sqlalchemy import event

    from storage.db import writes_table

    def on_statement(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if writes_table(statement, "faq_entries"):
            _versions.pop(engine, None)

    event.listen(engine, "before_cursor_execute", on_statement)


async def _version(session: AsyncSession, engine: Any) -> tuple[int, int]:
    """(count, highest id) of the active promoted entries: a read at most
    `VERSION_FRESH_FOR` seconds old."""
    from sqlalchemy import func, select

    from storage.models.logistics import FaqEntry

    known = _versions.get(engine)
    if known is not None and time.monotonic() - known[0] < VERSION_FRESH_FOR:
        return known[1]
    if engine not in _watched:
        _watch_writes(engine)
        _watched.add(engine)
    read_at = time.monotonic()
    row = (
        await session.execute(
            select(func.count(FaqEntry.id), func.coalesce(func.max(FaqEntry.id), 0)).where(
                FaqEntry.active.is_(True)
            )
        )
    ).one()
    version = (int(row[0]), int(row[1]))
    _versions[engine] = (read_at, version)
    return version


async def faq_index(session: AsyncSession, seminar: Event) -> FaqIndex:
    """Event entries plus the promoted ones in the database, rebuilt only when those change."""
    from sqlalchemy import select

    from storage.models.logistics import FaqEntry

    bind = session.bind
    key: object = getattr(bind, "sync_engine", bind)
    version = await _version(session, key)
    static = event_index(seminar)
    if version[0] == 0:
        return static
    cached = _combined.get(key)
    if cached is not None and cached[0] is seminar and cached[1] == version:
        return cached[2]
    rows = (
        await session.scalars(
            select(FaqEntry).where(FaqEntry.active.is_(True)).order_by(FaqEntry.id)
        )
    ).all()
    extra = [promoted_item(r.id, r.topic, r.lang, r.question, r.answer) for r in rows]
    index = FaqIndex([*static.items, *extra])
    _combined[key] = (seminar, version, index)
    return index


def topics_in_order(items: Iterable[SearchItem]) -> list[str]:
    """Topics of the items, in the order they first appear."""
    return list(dict.fromkeys(item.topic for item in items))
