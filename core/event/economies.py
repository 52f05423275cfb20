"""The participating economies and the per-economy quotas of funded places."""

from __future__ import annotations

from pydantic import Field

from core.event.common import EconomyCode, LocalizedText, _Model


class Economy(_Model):
    code: EconomyCode
    name: LocalizedText


class Quotas(_Model):
    funded_per_economy: int = Field(default=2, ge=0)
    alternates_per_economy: int = Field(default=1, ge=0)
    women_nomination_target: int = Field(default=1, ge=0)
