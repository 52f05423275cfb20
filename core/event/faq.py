"""The organisers' FAQ of the event file (the answers promoted from tickets are a table,
`storage.models.logistics.FaqEntry`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from core.event.common import Id, LocalizedList, LocalizedText, _Model

FaqTopic = Literal[
    "venue",
    "dates",
    "programme",
    "registration",
    "accommodation",
    "transport",
    "visa",
    "per_diem",
    "airfare",
    "funding",
    "contacts",
    "wifi",
    "dress_code",
    "weather",
    "language",
    "materials",
    "meals",
    "health",
    "other",
]


class FaqItem(_Model):
    id: Id
    topic: FaqTopic
    question: LocalizedText
    variants: LocalizedList = Field(default_factory=lambda: LocalizedList({}))
    keywords: LocalizedList = Field(default_factory=lambda: LocalizedList({}))
    answer: LocalizedText
    location: bool = False
    """Send the venue pin with the answer."""


class Faq(_Model):
    entries: list[FaqItem] = Field(default_factory=list)
