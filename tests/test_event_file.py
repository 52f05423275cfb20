"""The event file: the shipped example, the models' rules and the loader's error messages."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from core.event import (
    Event,
    EventFileError,
    LocalizedList,
    LocalizedText,
    load_event,
    parse_offset,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "events" / "apec-ip-seminar" / "event.yaml"
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

APEC_ECONOMIES = [
    "Australia",
    "Brunei Darussalam",
    "Canada",
    "Chile",
    "People's Republic of China",
    "Hong Kong, China",
    "Indonesia",
    "Japan",
    "Republic of Korea",
    "Malaysia",
    "Mexico",
    "New Zealand",
    "Papua New Guinea",
    "Peru",
    "The Philippines",
    "Russia",
    "Singapore",
    "Chinese Taipei",
    "Thailand",
    "United States",
    "Viet Nam",
]
TRAVEL_ELIGIBLE = [
    "Chile",
    "People's Republic of China",
    "Indonesia",
    "Malaysia",
    "Mexico",
    "Papua New Guinea",
    "Peru",
    "The Philippines",
    "Thailand",
    "Viet Nam",
]


@pytest.fixture(scope="module")
def event() -> Event:
    return load_event(EXAMPLE)


@pytest.fixture(scope="module")
def example_data() -> dict[str, Any]:
    data = yaml.load(EXAMPLE.read_text(encoding="utf-8"), Loader=LOADER)  # noqa: S506
    assert isinstance(data, dict)
    return data


def write_event(tmp_path: Path, data: dict[str, Any], name: str = "event.yaml") -> Path:
    path = tmp_path / name
    text = yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    with pytest.raises(EventFileError) as info:
        load_event(path)
    message = str(info.value)
    assert "\n" not in message
    return message


# --------------------------------------------------------------------------- the example


def test_example_loads_with_the_seminar_facts(event: Event) -> None:
    assert event.id == "apec-ip-seminar"
    assert (event.dates.start, event.dates.end) == (date(2027, 9, 14), date(2027, 9, 16))
    assert event.timezone == "Europe/Moscow"
    assert event.languages == ["en", "ru"]
    assert event.default_language == "en"
    assert [e.name.get("en") for e in event.economies] == APEC_ECONOMIES
    assert len(event.economies) == 21
    assert len(event.travel_eligible) == 10
    eligible = [e.name.get("en") for e in event.travel_eligible_economies()]
    assert sorted(eligible) == sorted(TRAVEL_ELIGIBLE)
    assert len(event.agenda.days) == 3
    assert [d.date for d in event.agenda.days] == event.dates.days()
    assert len(event.faq.entries) >= 14
    assert event.proposing_economy == "RUS"
    assert sorted(event.co_sponsors) == sorted(["ROK", "MEX", "PE", "PHL", "VN"])
    assert event.quotas.funded_per_economy == 2
    assert event.quotas.alternates_per_economy == 1
    assert event.quotas.women_nomination_target == 1


def test_example_covers_the_proposal_topics(event: Event) -> None:
    titles = {t.title.get("en").lower() for t in event.topics}
    for topic in (
        "ip commercialization",
        "ip marketing",
        "reducing innovation risks in ip management",
        "search and training of personnel",
        "technology transfer",
        "patenting abroad",
        "collaboration of smes and large businesses",
        "engagement of women in ip commercialization",
    ):
        assert topic in titles
    covered = {t for _, s in event.iter_sessions() for t in s.topics}
    assert covered == {t.id for t in event.topics}


def _walk(obj: Any) -> Iterator[LocalizedText]:
    if isinstance(obj, LocalizedText):
        yield obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _walk(getattr(obj, name))
    elif isinstance(obj, list | tuple):
        for item in obj:
            yield from _walk(item)
    elif isinstance(obj, dict):
        for item in obj.values():
            yield from _walk(item)


def test_every_text_of_the_example_is_in_english_and_russian(event: Event) -> None:
    texts = list(_walk(event))
    assert len(texts) > 300
    incomplete = [t.root for t in texts if not t.universal and set(t.root) != {"en", "ru"}]
    assert incomplete == []
    assert event.missing_translations() == []
    # Russian texts are in Russian (a copy-pasted English text would slip through otherwise).
    for text in texts:
        if not text.universal:
            assert any("а" <= ch.lower() <= "я" for ch in text.root["ru"]), text.root


def test_example_faq_has_paraphrases_and_keywords_in_both_languages(event: Event) -> None:
    topics = {entry.topic for entry in event.faq.entries}
    for needed in (
        "venue",
        "dates",
        "programme",
        "accommodation",
        "transport",
        "visa",
        "per_diem",
        "airfare",
        "contacts",
        "wifi",
        "dress_code",
        "weather",
        "registration",
        "language",
        "materials",
    ):
        assert needed in topics
    for entry in event.faq.entries:
        for lang in ("en", "ru"):
            assert len(entry.variants.root[lang]) >= 4, (entry.id, lang)
            assert len(entry.keywords.root[lang]) >= 3, (entry.id, lang)
    assert event.find_faq("venue") is not None
    assert event.find_faq("venue").location is True  # type: ignore[union-attr]


def test_example_has_no_real_contacts(event: Event) -> None:
    for organiser in event.organisers:
        assert organiser.email is None or organiser.email.endswith("@example.org")
        assert organiser.phone is None or organiser.phone.startswith("+7 000 000-")
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "rupto.ru" not in text
    assert "Gribanova" not in text


def test_example_surveys_and_reminders(event: Event) -> None:
    best = event.find_survey("best_practice")
    feedback = event.find_survey("feedback")
    assert best is not None and feedback is not None
    assert best.audience == "economy"
    assert best.opens is not None and event.resolve(best.opens)[0] < event.starts_at
    assert any(q.show_if for q in best.questions)
    assert any("women" in q.text.get("en").lower() for q in best.questions)
    assert feedback.anonymous and feedback.audience == "attended"
    assert feedback.opens is not None and event.resolve(feedback.opens) == [event.ends_at]
    matrix = feedback.question("sessions")
    assert matrix is not None and matrix.type == "session_matrix"
    assert matrix.scale_values() == [1, 2, 3, 4, 5]
    assert all(s.rateable for _, s in event.sessions_for(matrix))
    daily = event.find_reminder("daily-programme")
    assert daily is not None
    assert [m.date() for m in event.resolve(daily.at)] == event.dates.days()
    registration_ids = [f.id for f in event.registration.fields]
    for needed in ("full_name", "economy", "gender", "email", "funding_requested"):
        assert needed in registration_ids


def test_a_dumped_event_validates_again(event: Event) -> None:
    dumped = event.model_dump(mode="json", by_alias=True)
    again = Event.model_validate(dumped)
    assert again.model_dump(mode="json", by_alias=True) == dumped
    assert again.resolve(again.reminders[0].at) == event.resolve(event.reminders[0].at)
    plain = LocalizedText.model_validate("WIPO")
    assert plain.model_dump() == "WIPO"
    assert LocalizedText.model_validate(plain.model_dump()).universal


def test_lookups(event: Event) -> None:
    chile = event.economy("CHL")
    assert chile is not None and chile.name.get("ru") == "Чили"
    assert event.economy("XX") is None
    assert event.is_travel_eligible("VN")
    assert not event.is_travel_eligible("AUS")
    session = event.find_session("s7-women")
    assert session is not None and session.topics == ["women-in-ip"]
    day = event.day_of_session("s7-women")
    assert day is not None and day.date == date(2027, 9, 15)
    assert event.find_session("nope") is None
    assert event.role_for_invite_code(" speaker-change-me-2027 ") == "speaker"
    assert event.role_for_invite_code("wrong") is None


# --------------------------------------------------------------------------- time helpers


def test_time_helpers_are_aware_and_in_the_event_time_zone(event: Event) -> None:
    assert event.tz.key == "Europe/Moscow"
    day = event.agenda.days[0]
    session = day.sessions[1]
    start = event.session_start(day, session)
    assert start.tzinfo is not None
    assert start == datetime(2027, 9, 14, 9, 30, tzinfo=event.tz)
    assert start.utcoffset() == timedelta(hours=3)
    assert event.session_end(day, session) > start
    assert event.starts_at == datetime(2027, 9, 14, 8, 30, tzinfo=event.tz)
    assert event.ends_at == datetime(2027, 9, 16, 15, 45, tzinfo=event.tz)
    for moment in (event.starts_at, event.ends_at):
        assert moment.utcoffset() == timedelta(hours=3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-7d", datetime(2027, 9, 7, 8, 30)),
        ("-7d 10:00", datetime(2027, 9, 7, 10, 0)),
        ("-1d 18:00", datetime(2027, 9, 13, 18, 0)),
        ("start -2h", datetime(2027, 9, 14, 6, 30)),
        ("end +0h", datetime(2027, 9, 16, 15, 45)),
        ("end +3d 10:00", datetime(2027, 9, 19, 10, 0)),
        ("end +1d12h", datetime(2027, 9, 18, 3, 45)),
        ("2027-08-01 10:00", datetime(2027, 8, 1, 10, 0)),
    ],
)
def test_offsets_resolve_to_aware_moments(event: Event, text: str, expected: datetime) -> None:
    moments = event.resolve(parse_offset(text))
    assert moments == [expected.replace(tzinfo=event.tz)]
    assert all(m.tzinfo is not None for m in moments)


def test_daily_offset_gives_one_moment_per_day(event: Event) -> None:
    moments = event.resolve(parse_offset("day 08:00"))
    assert [m.date() for m in moments] == event.dates.days()
    assert {m.time() for m in moments} == {time(8, 0)}


@pytest.mark.parametrize("text", ["", "7", "next week", "-7x", "day", "-2h 18:00", "end 25:00"])
def test_bad_offsets_are_rejected(text: str) -> None:
    with pytest.raises(PydanticCustomError, match=r"expected|time of day"):
        parse_offset(text)


# --------------------------------------------------------------------------- LocalizedText


def test_localized_text_falls_back_to_english() -> None:
    text = LocalizedText.model_validate({"en": "Hello", "ru": "Привет"})
    assert text.get("ru") == "Привет"
    assert text.get("ru-RU") == "Привет"
    assert text.get("de") == "Hello"
    assert text.get(None) == "Hello"
    assert text.missing(["en", "ru", "zh"]) == ["zh"]
    only_en = LocalizedText.model_validate({"en": "Hello"})
    assert only_en.get("ru") == "Hello"
    assert only_en.missing(["en", "ru"]) == ["ru"]


def test_plain_string_is_the_same_text_for_every_language() -> None:
    text = LocalizedText.model_validate("  WIPO  ")
    assert text.universal
    assert text.get("ru") == text.get("en") == "WIPO"
    assert text.missing(["en", "ru"]) == []


def test_localized_text_needs_english_and_valid_language_codes() -> None:
    with pytest.raises(ValidationError, match="English"):
        LocalizedText.model_validate({"ru": "Привет"})
    with pytest.raises(ValidationError, match="language code"):
        LocalizedText.model_validate({"en": "Hi", "Russian": "Привет"})
    with pytest.raises(ValidationError, match="non-empty"):
        LocalizedText.model_validate({"en": "  "})


def test_localized_list() -> None:
    phrases = LocalizedList.model_validate({"en": ["hotel"], "ru": ["гостиница", "отель"]})
    assert phrases.get("ru") == ["гостиница", "отель"]
    assert phrases.get("de") == ["hotel"]
    assert phrases.all() == ["hotel", "гостиница", "отель"]
    universal = LocalizedList.model_validate(["Wi-Fi"])
    assert universal.get("ru") == ["Wi-Fi"]


# --------------------------------------------------------------------------- broken files

Mutation = Callable[[dict[str, Any]], None]


def _set(path: list[str | int], value: Any) -> Mutation:
    def apply(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return apply


def _drop(path: list[str | int]) -> Mutation:
    def apply(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return apply


def _rename(old: str, new: str) -> Mutation:
    def apply(data: dict[str, Any]) -> None:
        data[new] = data.pop(old)

    return apply


def _append(path: list[str | int], value: Any) -> Mutation:
    def apply(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path:
            target = target[key]
        target.append(value)

    return apply


BROKEN: list[tuple[str, Mutation, str, str]] = [
    (
        "bad-time",
        _set(["agenda", "days", 1, "sessions", 2, "start"], "25:99"),
        "agenda.days[1].sessions[2].start",
        "expected a time HH:MM, got '25:99'",
    ),
    (
        "end-before-start",
        _set(["agenda", "days", 0, "sessions", 0, "end"], "08:00"),
        "agenda.days[0].sessions[0].end",
        "expected a time after start (08:30)",
    ),
    ("missing-title", _drop(["title"]), "title", "required key is missing"),
    (
        "misspelt-key",
        _rename("venue", "venu"),
        "venu",
        "unknown key 'venu'; did you mean 'venue'?",
    ),
    (
        "unknown-nested-key",
        _set(["venue", "adress"], "x"),
        "venue.adress",
        "did you mean 'address'?",
    ),
    (
        "bad-timezone",
        _set(["timezone"], "Moscow"),
        "timezone",
        "expected an IANA time zone name",
    ),
    (
        "dates-reversed",
        _set(["dates", "end"], date(2027, 9, 1)),
        "dates.end",
        "expected a date on or after start (2027-09-14)",
    ),
    (
        "bad-date",
        _set(["dates", "start"], "14.09.2027"),
        "dates.start",
        "expected a date YYYY-MM-DD, got '14.09.2027'",
    ),
    (
        "latitude",
        _set(["venue", "latitude"], 123),
        "venue.latitude",
        "expected a latitude between -90 and 90",
    ),
    (
        "undeclared-economy",
        _append(["travel_eligible"], "XYZ"),
        "travel_eligible[10]",
        "expected a code declared under 'economies', got 'XYZ'",
    ),
    (
        "duplicate-economy",
        _append(["economies"], {"code": "AUS", "name": "Australia"}),
        "economies[21].code",
        "duplicate economy code 'AUS'",
    ),
    (
        "faq-topic",
        _set(["faq", "entries", 3, "topic"], "accomodation"),
        "faq.entries[3].topic",
        "expected one of: 'venue'",
    ),
    (
        "no-english",
        _set(["faq", "entries", 2, "answer"], {"ru": "Ответ"}),
        "faq.entries[2].answer",
        "expected an English text",
    ),
    (
        "unknown-language",
        _set(["faq", "entries", 2, "answer"], {"en": "A", "de": "B"}),
        "faq.entries[2].answer.de",
        "expected one of the event's languages (en, ru), got 'de'",
    ),
    (
        "unknown-speaker",
        _append(["agenda", "days", 0, "sessions", 1, "speakers"], "ghost"),
        "agenda.days[0].sessions[1].speakers[1]",
        "expected a speaker id declared under 'speakers', got 'ghost'",
    ),
    (
        "unknown-topic",
        _set(["agenda", "days", 2, "sessions", 0, "topics"], ["nope"]),
        "agenda.days[2].sessions[0].topics[0]",
        "expected a topic id declared under 'topics', got 'nope'",
    ),
    (
        "unknown-room",
        _set(["agenda", "days", 0, "sessions", 0, "room"], "attic"),
        "agenda.days[0].sessions[0].room",
        "expected a room id declared under 'venue.rooms', got 'attic'",
    ),
    (
        "day-outside-dates",
        _set(["agenda", "days", 2, "date"], date(2027, 9, 20)),
        "agenda.days[2].date",
        "expected a date between 2027-09-14 and 2027-09-16",
    ),
    (
        "bad-id",
        _set(["topics", 0, "id"], "IP Commercialization"),
        "topics[0].id",
        "expected an id of 1-32 lowercase letters",
    ),
    (
        "email",
        _set(["organisers", 0, "email"], "secretariat at example.org"),
        "organisers[0].email",
        "expected an e-mail address",
    ),
    (
        "quota-text",
        _set(["quotas", "funded_per_economy"], "two"),
        "quotas.funded_per_economy",
        "expected a whole number, got 'two'",
    ),
    (
        "quota-negative",
        _set(["quotas", "funded_per_economy"], -1),
        "quotas.funded_per_economy",
        "expected a number >= 0, got -1",
    ),
    (
        "reminder-offset",
        _set(["reminders", 0, "at"], "next week"),
        "reminders[0].at",
        "expected a moment like '-7d'",
    ),
    (
        "reminder-survey",
        _set(["reminders", 4, "unless_answered"], "feedbak"),
        "reminders[4].unless_answered",
        "expected a survey id declared under 'surveys', got 'feedbak'",
    ),
    (
        "question-type",
        _set(["surveys", 1, "questions", 1, "type"], "stars"),
        "surveys[1].questions[1].type",
        "expected one of: 'single', 'multi', 'scale'",
    ),
    (
        "option-on-text",
        _set(["surveys", 0, "questions", 0, "options"], [{"value": "a", "label": "A"}]),
        "surveys[0].questions[0].options",
        "'options' is not used by questions of type 'text'",
    ),
    (
        "matrix-session",
        _set(["surveys", 1, "questions", 3, "sessions"], ["s1-commercialization", "zzz"]),
        "surveys[1].questions[3].sessions[1]",
        "survey 'feedback': question 'sessions': expected a session id from the agenda",
    ),
    (
        "duplicate-question",
        _set(["surveys", 1, "questions", 2, "id"], "usefulness"),
        "surveys[1].questions[2].id",
        "survey 'feedback': duplicate question id 'usefulness'",
    ),
    (
        "show-if-value",
        _set(
            ["surveys", 1, "questions", 9, "show_if"],
            {"question": "outputs_use", "in": ["policy", "bogus"]},
        ),
        "surveys[1].questions[9].show_if.in[1]",
        "expected one of 'share', 'policy'",
    ),
    (
        "gender-without-opt-out",
        _set(
            ["registration", "fields", 6, "options"],
            [{"value": "female", "label": "F"}, {"value": "male", "label": "M"}],
        ),
        "registration.fields[6].options",
        "must offer the option 'prefer_not_to_say'",
    ),
    (
        "invite-role",
        _set(["invite_codes", "observer"], "OBSERVER-CODE-1"),
        "invite_codes.observer",
        "expected one of: 'speaker', 'organiser'",
    ),
    (
        "english-not-a-language",
        _set(["languages"], ["ru"]),
        "languages",
        "expected 'en' among the languages",
    ),
]


@pytest.mark.parametrize(
    ("name", "mutate", "where", "expected"), BROKEN, ids=[case[0] for case in BROKEN]
)
def test_broken_file_names_file_key_and_expectation(
    tmp_path: Path,
    example_data: dict[str, Any],
    name: str,
    mutate: Mutation,
    where: str,
    expected: str,
) -> None:
    data = copy.deepcopy(example_data)
    mutate(data)
    path = write_event(tmp_path, data, f"{name}.yaml")
    message = load_error(path)
    assert message.startswith(f"{path}: {where}: "), message
    assert expected in message, message


def _example_text_with(old: str, new: str) -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def test_raw_yaml_time_is_reported_as_written(tmp_path: Path) -> None:
    path = tmp_path / "event.yaml"
    text = _example_text_with('start: "10:45"', "start: 25:99")
    path.write_text(text, encoding="utf-8")
    message = load_error(path)
    assert message == (
        f"{path}: agenda.days[0].sessions[3].start: expected a time HH:MM, got '25:99'"
    )


def test_unquoted_times_and_yes_no_words_stay_text(tmp_path: Path) -> None:
    # YAML 1.1 reads 10:30 as the number 630 and `no` as false; the loader does not.
    path = tmp_path / "event.yaml"
    text = _example_text_with('start: "10:45"', "start: 10:45")
    text = text.replace("title: {en: Lunch, ru: Обед}", "title: {en: No, ru: Нет}", 1)
    path.write_text(text, encoding="utf-8")
    event = load_event(path)
    day, session = event.agenda.days[0], event.agenda.days[0].sessions[3]
    assert session.start == time(10, 45)
    assert day.sessions[6].title.get("en") == "No"


def test_impossible_date_is_a_validation_error(tmp_path: Path) -> None:
    path = tmp_path / "event.yaml"
    path.write_text(_example_text_with("start: 2027-09-14", "start: 2027-13-01"), "utf-8")
    assert load_error(path) == (
        f"{path}: dates.start: expected a date YYYY-MM-DD, got '2027-13-01'"
    )


def test_several_errors_report_the_first_and_count_the_rest(
    tmp_path: Path, example_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(example_data)
    data["timezone"] = 5
    data["quotas"]["funded_per_economy"] = "x"
    data["faq"]["entries"][0]["topic"] = "nope"
    message = load_error(write_event(tmp_path, data))
    assert ": timezone: expected text, got 5 (and 2 more)" in message


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"
    assert load_error(path) == f"{path}: file not found"


def test_directory_instead_of_file(tmp_path: Path) -> None:
    assert load_error(tmp_path) == f"{tmp_path}: expected a file, got a directory"


def test_unreadable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "event.yaml"
    path.write_bytes(b"id: x\ntitle: \xff\xfe\n")
    message = load_error(path)
    assert message.startswith(f"{path}: cannot read the file: not UTF-8 text")


def test_yaml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "event.yaml"
    path.write_text("id: x\ntitle: y\n  venue: z\n", encoding="utf-8")
    message = load_error(path)
    assert message.startswith(f"{path}: line 3, column 8: invalid YAML: ")
    assert "mapping values are not allowed" in message


def test_duplicate_key_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "event.yaml"
    path.write_text("id: x\ntitle: y\nid: z\n", encoding="utf-8")
    assert load_error(path) == (
        f"{path}: line 3, column 1: duplicate key 'id' (first given on line 1)"
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("- a\n- b\n", "(top level): expected a mapping of keys (id: ..., title: ...), got a list"),
        ("just text\n", "(top level): expected a mapping of keys"),
        ("", "the file is empty"),
    ],
)
def test_not_a_mapping(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "event.yaml"
    path.write_text(content, encoding="utf-8")
    assert load_error(path).startswith(f"{path}: {expected}")


def test_nothing_is_cached(tmp_path: Path, example_data: dict[str, Any]) -> None:
    data = copy.deepcopy(example_data)
    path = write_event(tmp_path, data)
    assert load_event(path).quotas.funded_per_economy == 2
    data["quotas"]["funded_per_economy"] = 3
    write_event(tmp_path, data)
    assert load_event(path).quotas.funded_per_economy == 3


# --------------------------------------------------------------------------- show_if


def _feedback_with_show_if(example_data: dict[str, Any], target: str) -> dict[str, Any]:
    data = copy.deepcopy(example_data)
    questions = data["surveys"][1]["questions"]
    assert questions[2]["id"] == "relevance"
    questions[2]["show_if"] = {"question": target, "equals": "x"}
    return data


@pytest.mark.parametrize(
    ("target", "why"),
    [("comments", "it comes later"), ("ghost", "there is no such question")],
)
def test_show_if_must_refer_to_an_earlier_question(
    tmp_path: Path, example_data: dict[str, Any], target: str, why: str
) -> None:
    data = _feedback_with_show_if(example_data, target)
    message = load_error(write_event(tmp_path, data))
    assert ": surveys[1].questions[2].show_if.question: " in message
    assert "survey 'feedback'" in message
    assert "question 'relevance'" in message
    assert f"'{target}'" in message
    assert why in message
    with pytest.raises(ValidationError, match="survey 'feedback'"):
        Event.model_validate(data)


def test_show_if_on_a_yes_no_question_takes_true_or_false(
    tmp_path: Path, example_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(example_data)
    questions = data["surveys"][0]["questions"]
    assert questions[2]["id"] == "support_types"
    questions[2]["show_if"] = {"question": "support_programmes", "equals": "yes"}
    message = load_error(write_event(tmp_path, data))
    assert "surveys[0].questions[2].show_if.equals: " in message
    assert "expected one of true, false" in message
    assert "got 'yes'" in message


def test_show_if_needs_exactly_one_condition(tmp_path: Path, example_data: dict[str, Any]) -> None:
    data = copy.deepcopy(example_data)
    data["surveys"][1]["questions"][2]["show_if"] = {"question": "role"}
    message = load_error(write_event(tmp_path, data))
    assert "surveys[1].questions[2].show_if: expected exactly one of" in message


def test_show_if_matches_answers(event: Event) -> None:
    feedback = event.find_survey("feedback")
    assert feedback is not None
    details = feedback.question("outputs_use_details")
    assert details is not None and details.show_if is not None
    assert details.show_if.matches(["share", "policy"])
    assert not details.show_if.matches(["share"])
    assert details.show_if.matches("other")
