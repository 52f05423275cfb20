"""Every language has exactly the same messages, and each renders."""

from __future__ import annotations

from core.i18n import I18n, pick_language


def test_every_locale_has_the_same_keys() -> None:
    i18n = I18n()
    assert set(i18n.languages) >= {"en", "ru"}
    english = i18n.message_keys("en")
    assert len(english) > 10
    for lang in i18n.languages:
        keys = i18n.message_keys(lang)
        assert keys == english, (
            f"{lang}: missing {sorted(english - keys)}, extra {sorted(keys - english)}"
        )


def test_russian_differs_from_english_and_falls_back() -> None:
    i18n = I18n()
    en, ru = i18n.get("en"), i18n.get("ru")
    assert en("menu-programme") != ru("menu-programme")
    assert i18n.get("xx")("menu-programme") == en("menu-programme")
    assert ru("no-such-key") == "no-such-key"


def test_telegram_language_codes_map_to_available_languages() -> None:
    available = ("en", "ru")
    assert pick_language("ru", available) == "ru"
    assert pick_language("ru-RU", available) == "ru"
    assert pick_language("de", available) == "en"
    assert pick_language(None, available) == "en"
