"""The sheets of the overseer's export, one provider each; `WORKBOOK` lists them in order.

Each provider returns a `Sheet` whose rows are streamed from the database. Values are
raw (datetimes in UTC, booleans, lists); `ExportContext.cell` turns them into cells.
Choice answers are shown with their labels in the reader's language.
"""

from __future__ import annotations

from collections.abc import Sequence

from services.exports.base import MultiProvider, Provider
from services.exports.delivery_sheets import broadcasts, delivery_failures
from services.exports.registration_sheets import attendance, participants, status_history
from services.exports.staff_sheets import audit_log, roles
from services.exports.streaming import STREAM_CHUNK
from services.exports.survey_sheets import survey_sheet, surveys
from services.exports.ticket_sheets import tickets

__all__ = [
    "STREAM_CHUNK",
    "WORKBOOK",
    "attendance",
    "audit_log",
    "broadcasts",
    "delivery_failures",
    "participants",
    "roles",
    "status_history",
    "survey_sheet",
    "surveys",
    "tickets",
]


WORKBOOK: Sequence[Provider | MultiProvider] = (
    participants,
    status_history,
    attendance,
    surveys,
    tickets,
    broadcasts,
    delivery_failures,
    audit_log,
    roles,
)
"""The sheets of `/export`, in order (`surveys` gives one sheet per survey)."""
