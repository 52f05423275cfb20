"""The two economy codes every event has besides its own list ("International
organisation", "Other"): stored in `registrations.economy` and named in texts, so they
live here, below both storage and the formatting that names them (lowercase, so they
never clash with an economy code of the event file)."""

from __future__ import annotations

ECONOMY_INTERNATIONAL = "intl"
"""`Registration.economy` of someone from an international organisation."""
ECONOMY_OTHER = "other"
"""`Registration.economy` of someone from no listed economy."""
