"""Localization with Project Fluent: one `.ftl` folder per language under `locales/`.

Each feature keeps its messages in its own file (`locales/<lang>/<feature>.ftl`) with
keys prefixed by the feature (`menu-`, `help-`, `registration-`, ...).

Fluent (and Babel under it) is imported with the first language loaded, which the bot
leaves until it takes updates.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fluent.runtime import FluentBundle

log = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DEFAULT_LANGUAGE = "en"


def pick_language(code: str | None, available: tuple[str, ...]) -> str:
    """Map a Telegram `language_code` ("ru", "ru-RU", "pt-br") onto an available language."""
    if code:
        base = code.split("-")[0].split("_")[0].lower()
        if base in available:
            return base
    return DEFAULT_LANGUAGE


_LONG_VALUE = 2000
"""A string value longer than this is put into the formatted text, not formatted."""


def _args(values: Mapping[str, Any]) -> dict[str, Any]:
    """Keep only what Fluent can format (strings and numbers)."""
    return {
        k: v
        for k, v in values.items()
        if isinstance(v, str | int | float) and not isinstance(v, bool)
    }


def _is_text(value: object) -> bool:
    """A compiled Fluent pattern that is plain text (no variable, term or reference)."""
    from fluent.runtime.resolver import Pattern, TextElement

    if isinstance(value, TextElement):
        return True
    return isinstance(value, Pattern) and all(isinstance(e, TextElement) for e in value.elements)


class Translator:
    """Messages of one language, falling back to English for a missing key."""

    def __init__(self, lang: str, bundle: FluentBundle, fallback: Translator | None) -> None:
        self.lang = lang
        self._bundle = bundle
        self._fallback = fallback
        # Messages without a placeable (button labels, most prompts) read the same every
        # time: formatted once.
        self._fixed: dict[str, str] = {}

    def has(self, key: str) -> bool:
        return self._bundle.has_message(key)

    def __call__(self, key: str, /, **args: Any) -> str:
        fixed = self._fixed.get(key)
        if fixed is not None:
            return fixed
        if not self._bundle.has_message(key):
            if self._fallback is not None:
                return self._fallback(key, **args)
            log.warning("missing message %r", key)
            return key
        message = self._bundle.get_message(key)
        if message.value is None:
            return key
        values = _args(args)
        # fluent.runtime refuses a placeable longer than 2,500 characters (the whole message
        # becomes "{???}"): a long value (an FAQ answer, an organiser's reply) goes in after.
        long = {k: v for k, v in values.items() if isinstance(v, str) and len(v) > _LONG_VALUE}
        stand_ins = {k: f"\ue000{n}\ue001" for n, k in enumerate(long)}
        text, errors = self._bundle.format_pattern(message.value, {**values, **stand_ins})
        for k, stand_in in stand_ins.items():
            text = str(text).replace(stand_in, long[k])
        for error in errors:
            log.warning("message %r (%s): %s", key, self.lang, error)
        if not errors and _is_text(message.value):
            self._fixed[key] = str(text)
        return str(text)


class I18n:
    """All languages found in `locales/`; English is the fallback.

    Each language is loaded when first asked for (parsing the Fluent files is a good part
    of the bot's start: it is left until the bot takes updates), English first.
    """

    def __init__(self, path: Path = LOCALES_DIR) -> None:
        self.path = path
        self._translators: dict[str, Translator] = {}
        langs = sorted(p.name for p in path.iterdir() if p.is_dir() and any(p.glob("*.ftl")))
        if DEFAULT_LANGUAGE not in langs:
            raise RuntimeError(f"{path}: no '{DEFAULT_LANGUAGE}' locale")
        # English first, so that every other language can fall back on it.
        ordered = [DEFAULT_LANGUAGE, *(lang for lang in langs if lang != DEFAULT_LANGUAGE)]
        self.languages: tuple[str, ...] = tuple(ordered)

    def _load(self, lang: str) -> Translator:
        from fluent.runtime import FluentBundle
        from fluent.syntax import FluentParser

        bundle = FluentBundle([lang], use_isolating=False)
        parser = FluentParser(with_spans=False)  # positions are for editors: not kept
        for file in sorted((self.path / lang).glob("*.ftl")):
            bundle.add_resource(parser.parse(file.read_text(encoding="utf-8")))
        fallback = None if lang == DEFAULT_LANGUAGE else self.get(DEFAULT_LANGUAGE)
        translator = self._translators[lang] = Translator(lang, bundle, fallback)
        return translator

    def get(self, lang: str | None) -> Translator:
        """The translator of `lang`; English for a language that is not available."""
        if lang is None or lang not in self.languages:
            lang = DEFAULT_LANGUAGE
        translator = self._translators.get(lang)
        return translator if translator is not None else self._load(lang)

    def message_keys(self, lang: str) -> set[str]:
        """Every message id defined for a language (used by the locale-completeness test)."""
        from fluent.syntax import FluentParser, ast

        keys: set[str] = set()
        for file in (self.path / lang).glob("*.ftl"):
            resource = FluentParser().parse(file.read_text(encoding="utf-8"))
            keys.update(e.id.name for e in resource.body if isinstance(e, ast.Message))
        return keys
