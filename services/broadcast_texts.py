"""What a broadcast says: the messages one recipient gets, the progress text and its
Cancel button.

Cut out of `bot/delivery.py` so the broadcast screens (dialogs/ and handlers/) can preview
a broadcast and draw its progress without importing the delivery engine (the runtime
layer); the engine imports them back from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message

from core.event import Event
from core.i18n import I18n
from core.telegram_text import parsed_length, split_html
from storage.models.delivery import Broadcast, BroadcastState
from storage.repositories.broadcasts import Counts

MAX_CAPTION = 1024
SURVEY_CALLBACK_PREFIX = "svy:"
"""callback_data of the button that opens a survey: `dialogs.surveys.handlers.SurveyLink`."""
CANCEL_CALLBACK_PREFIX = "bcx:"
"""callback_data of the Cancel button under a progress message (`bcx:<broadcast id>`)."""


@dataclass(frozen=True)
class Part:
    """One message of a delivery: text, media (with caption) or the venue pin."""

    kind: str  # "text" | "photo" | "document" | "venue"
    text: str | None = None
    file_id: str | None = None
    markup: InlineKeyboardMarkup | None = None
    venue: tuple[float, float, str, str] | None = None

    async def send(self, bot: Bot, chat_id: int) -> Message:
        if self.kind == "photo":
            assert self.file_id is not None
            return await bot.send_photo(
                chat_id, self.file_id, caption=self.text, reply_markup=self.markup
            )
        if self.kind == "document":
            assert self.file_id is not None
            return await bot.send_document(
                chat_id, self.file_id, caption=self.text, reply_markup=self.markup
            )
        if self.kind == "venue":
            assert self.venue is not None
            latitude, longitude, title, address = self.venue
            return await bot.send_venue(chat_id, latitude, longitude, title, address)
        assert self.text is not None
        return await bot.send_message(chat_id, self.text, reply_markup=self.markup)


def pick_text(texts: dict[str, str], lang: str | None) -> str:
    """The recipient's language, else English, else any."""
    if lang and lang in texts:
        return texts[lang]
    if "en" in texts:
        return texts["en"]
    return next(iter(texts.values()), "")


def pick_markup(markups: dict[str, Any]) -> Any:
    return markups.get("en") or next(iter(markups.values()), None)


def build_parts(broadcast: Broadcast, lang: str, i18n: I18n, seminar: Event | None) -> list[Part]:
    """The messages one recipient gets, in their language."""
    text = pick_text(broadcast.texts or {}, lang)
    rows: list[list[InlineKeyboardButton]] = []
    if broadcast.button_url and broadcast.button_text:
        rows.append([InlineKeyboardButton(text=broadcast.button_text, url=broadcast.button_url)])
    if broadcast.survey_id:
        label = i18n.get(lang)("broadcast-open-survey")
        data = f"{SURVEY_CALLBACK_PREFIX}{broadcast.survey_id}"
        rows.append([InlineKeyboardButton(text=label, callback_data=data)])
    markup = InlineKeyboardMarkup(inline_keyboard=rows) if rows else None
    if broadcast.markup:
        stored = broadcast.markup.get(lang) or pick_markup(broadcast.markup)
        if stored:
            markup = InlineKeyboardMarkup.model_validate(stored)
    parts: list[Part] = []
    if broadcast.media_kind in ("photo", "document") and broadcast.media_file_id:
        if parsed_length(text) <= MAX_CAPTION:  # the text fits as the caption
            parts.append(Part(broadcast.media_kind, text or None, broadcast.media_file_id, markup))
            text = ""
        else:
            parts.append(Part(broadcast.media_kind, None, broadcast.media_file_id))
    if text:
        pieces = split_html(text)  # measured and cut as Telegram counts
        for i, piece in enumerate(pieces):
            parts.append(Part("text", piece, markup=markup if i == len(pieces) - 1 else None))
    if broadcast.venue and seminar is not None:
        venue = seminar.venue
        parts.append(
            Part(
                "venue",
                venue=(
                    venue.latitude,
                    venue.longitude,
                    venue.name.get(lang),
                    venue.address.get(lang),
                ),
            )
        )
    return parts


def progress_text(
    i18n: I18n, lang: str | None, broadcast: Broadcast, counts: Counts, eta: str | None
) -> str:
    l10n = i18n.get(lang)
    args = {
        "id": broadcast.id,
        "sent": counts.sent,
        "blocked": counts.blocked,
        "failed": counts.failed,
        "remaining": counts.pending,
        "cancelled": counts.cancelled,
        "total": counts.total,
    }
    if broadcast.state == BroadcastState.CANCELLED:
        return l10n("broadcast-progress-cancelled", **args)
    if broadcast.state == BroadcastState.DONE:
        return l10n("broadcast-progress-done", **args)
    return l10n("broadcast-progress", eta=eta or "…", **args)


def cancel_markup(i18n: I18n, lang: str | None, broadcast_id: int) -> InlineKeyboardMarkup:
    label = i18n.get(lang)("broadcast-cancel-button")
    data = f"{CANCEL_CALLBACK_PREFIX}{broadcast_id}"
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=label, callback_data=data)]]
    )
