"""Registration rules: the form, consent, quotas and the waitlist, status changes with
their history, check-in, invitation letters and the personal data of a registration.

Functions that change something say whether they commit; handlers call them and notify
people afterwards (see `services/notify.py`).

Quotas: each travel-eligible economy has `quotas.funded_per_economy` funded places and
`quotas.alternates_per_economy` alternate places. A submitted funded request takes a free
funded place, else a free alternate place, else it is waitlisted automatically (also when
others of the economy are already waiting: no one jumps the queue). Submitted and approved
registrations hold their place; rejection, withdrawal or waitlisting frees it, and the
freed place is offered to the first waitlisted delegate of the economy once an organiser
confirms (`promote`).

The package splits these by responsibility:
`form`, `stages` (nomination and travel details), `answers`, `quotas`, `status`,
`attendance`, `personal`.
Import from here (`from services import registration as svc`).
"""

from services.registration.answers import accept_consent, save_answer
from services.registration.attendance import check_in, decide_letter, request_letter, venue_code
from services.registration.form import (
    COLUMNS,
    DEFAULT_TEXT_LIMIT,
    LOCKED_IDS,
    NAME_FIELD,
    SPECIAL_ECONOMIES,
    InputError,
    S,
    check_date,
    clean_text,
    date_window,
    economy_items,
    event_today,
    field_visible,
    is_locked,
    next_field,
    parse_boolean,
    parse_date_text,
    parse_email,
    parse_number,
    parse_phone,
    parse_text,
    previous_field,
    search_economies,
    session_items,
    valid_economy,
    visible_fields,
)
from services.registration.personal import (
    collect_registration_data,
    erase_registration_data,
    erased_counts,
    registration_totals,
)
from services.registration.quotas import QuotaLine, free_place, quota_lock, quota_overview
from services.registration.stages import (
    NOMINATION,
    TRAVEL,
    TRAVEL_CALLBACK,
    Completeness,
    answers_completeness,
    has_travel_stage,
    next_stage_field,
    previous_stage_field,
    refresh_all_travel_missing,
    refresh_travel_missing,
    stage_fields,
    travel_completeness,
    travel_edit_until,
    travel_missing,
    travel_open,
    travel_open_for,
    travel_refusal,
)
from services.registration.status import (
    ACTIONS,
    ALLOWED,
    NoPlace,
    Outcome,
    decide,
    first_waitlisted,
    holds_place,
    set_focal_point,
    set_role,
    staff_ids,
    submit,
    withdraw,
)

__all__ = [
    "ACTIONS",
    "ALLOWED",
    "COLUMNS",
    "DEFAULT_TEXT_LIMIT",
    "LOCKED_IDS",
    "NAME_FIELD",
    "NOMINATION",
    "SPECIAL_ECONOMIES",
    "TRAVEL",
    "TRAVEL_CALLBACK",
    "Completeness",
    "InputError",
    "NoPlace",
    "Outcome",
    "QuotaLine",
    "S",
    "accept_consent",
    "answers_completeness",
    "check_date",
    "check_in",
    "clean_text",
    "collect_registration_data",
    "date_window",
    "decide",
    "decide_letter",
    "economy_items",
    "erase_registration_data",
    "erased_counts",
    "event_today",
    "field_visible",
    "first_waitlisted",
    "free_place",
    "has_travel_stage",
    "holds_place",
    "is_locked",
    "next_field",
    "next_stage_field",
    "parse_boolean",
    "parse_date_text",
    "parse_email",
    "parse_number",
    "parse_phone",
    "parse_text",
    "previous_field",
    "previous_stage_field",
    "quota_lock",
    "quota_overview",
    "refresh_all_travel_missing",
    "refresh_travel_missing",
    "registration_totals",
    "request_letter",
    "save_answer",
    "search_economies",
    "session_items",
    "set_focal_point",
    "set_role",
    "staff_ids",
    "stage_fields",
    "submit",
    "travel_completeness",
    "travel_edit_until",
    "travel_missing",
    "travel_open",
    "travel_open_for",
    "travel_refusal",
    "valid_economy",
    "venue_code",
    "visible_fields",
    "withdraw",
]
