"""Documents and links handed out to participants."""

from __future__ import annotations

from typing import Literal

from core.event.common import Id, LocalizedText, Url, _Model

MaterialKind = Literal[
    "programme",
    "information_note",
    "handout",
    "presentation",
    "publication",
    "questionnaire",
    "report",
    "video",
    "photo",
    "other",
]


class Material(_Model):
    id: Id
    title: LocalizedText
    url: Url
    kind: MaterialKind = "other"
    description: LocalizedText | None = None
