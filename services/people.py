"""How a registered person is named in staff messages, and the HTML escaping of values:
shared by the services that notify people and the screens that show them."""

from __future__ import annotations

import html
from typing import Any

from core.event import Event
from core.formatting import economy_name
from core.i18n import Translator
from storage.models.registration import Registration


def esc(value: Any) -> str:
    return html.escape(str(value), quote=False)


def person(seminar: Event, registration: Registration, lang: str, l10n: Translator) -> str:
    """'Name (Economy)', escaped, for staff messages."""
    name = registration.full_name or l10n("registration-no-name")
    economy = economy_name(seminar, registration.economy, lang, l10n)
    return f"{esc(name)} ({esc(economy)})"
