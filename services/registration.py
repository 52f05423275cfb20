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
"""

from __future__ import annotations

import asyncio
import re
import secrets
import unicodedata
import weakref
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql, sqlite

from core.event import Event, RegistrationField
from services.personal_data import register_personal_data
from storage.models import StaffRole, utcnow
from storage.models.registration import (
    ECONOMY_INTERNATIONAL,
    ECONOMY_OTHER,
    Attendance,
    ErasedCount,
    Funding,
    InvitationLetter,
    LetterStatus,
    Registration,
    RegistrationChange,
    RegistrationStatus,
    VenueCode,
)
from storage.repositories.audit import AuditRepo
from storage.repositories.registrations import RegistrationRepo, get_by_user

S = RegistrationStatus

# Answers also kept in their own column, with the column's width.
COLUMNS: dict[str, int | None] = {
    "full_name": 256,
    "economy": 16,
    "organisation": 256,
    "sector": 32,
    "role": 16,
    "gender": 24,
    "email": 256,
    "funding_requested": None,
}
# Field ids the delegate cannot change once submitted (they decide the quotas).
LOCKED_IDS = frozenset({"economy", "role", "funding_requested"})
DEFAULT_TEXT_LIMIT = 500
SPECIAL_ECONOMIES = (ECONOMY_INTERNATIONAL, ECONOMY_OTHER)


class InputError(ValueError):
    """A bad answer: `key` is a message of locales/*/registration.ftl, `args` its values."""

    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


# --------------------------------------------------------------------------- the form


def field_visible(seminar: Event, field: RegistrationField, answers: dict[str, Any]) -> bool:
    """Whether the form asks `field`, given the answers so far."""
    if field.show_if is not None and not field.show_if.matches(answers.get(field.show_if.question)):
        return False
    if field.travel_eligible_only:
        economy = next(
            (answers.get(f.id) for f in seminar.registration.fields if f.type == "economy"), None
        )
        if not isinstance(economy, str) or not seminar.is_travel_eligible(economy):
            return False
    return True


def visible_fields(seminar: Event, answers: dict[str, Any]) -> list[RegistrationField]:
    return [f for f in seminar.registration.fields if field_visible(seminar, f, answers)]


def next_field(seminar: Event, answers: dict[str, Any]) -> RegistrationField | None:
    """The first field asked but not answered yet (None: the form is complete)."""
    return next((f for f in visible_fields(seminar, answers) if f.id not in answers), None)


def previous_field(
    seminar: Event, answers: dict[str, Any], current: str
) -> RegistrationField | None:
    fields = visible_fields(seminar, answers)
    ids = [f.id for f in fields]
    if current in ids:
        index = ids.index(current)
    else:  # the current field is not (or no longer) asked: go back from its position
        order = [f.id for f in seminar.registration.fields]
        position = order.index(current) if current in order else len(order)
        index = sum(1 for f in fields if order.index(f.id) < position)
    return fields[index - 1] if index > 0 else None


def is_locked(field: RegistrationField) -> bool:
    return field.type == "economy" or field.id in LOCKED_IDS


def date_window(seminar: Event) -> tuple[date, date]:
    window = seminar.registration.date_window
    return (
        seminar.dates.start - timedelta(days=window.before),
        seminar.dates.end + timedelta(days=window.after),
    )


def event_today(seminar: Event) -> date:
    """Today in the event's time zone."""
    return datetime.now(seminar.tz).date()


# --------------------------------------------------------------------------- parsing

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(raw: str) -> str:
    """Strip, drop control characters, normalize Unicode (NFC); emoji and HTML stay."""
    return unicodedata.normalize("NFC", _CONTROL.sub("", raw)).strip()


def parse_text(field: RegistrationField, raw: str) -> str:
    value = clean_text(raw)
    if not value:
        raise InputError("registration-error-empty")
    if value.startswith("/"):
        raise InputError("registration-error-command")
    limit = field.max_length or DEFAULT_TEXT_LIMIT
    column = COLUMNS.get(field.id)
    if column is not None:
        limit = min(limit, column)
    if len(value) > limit:
        raise InputError("registration-error-too-long", max=limit, length=len(value))
    return value


def parse_email(raw: str) -> str:
    from email_validator import EmailNotValidError, validate_email

    value = clean_text(raw)
    try:
        result = validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        raise InputError("registration-error-email") from None
    if len(result.normalized) > COLUMNS["email"]:  # type: ignore[operator]
        raise InputError("registration-error-email")
    return str(result.normalized)


def parse_phone(raw: str) -> str:
    import phonenumbers

    value = clean_text(raw)
    if not value.startswith("+") and value.startswith("00"):
        value = "+" + value[2:]
    elif not value.startswith("+") and value[:1].isdigit():
        value = "+" + value  # a shared contact comes without the '+'
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        raise InputError("registration-error-phone") from None
    if not phonenumbers.is_valid_number(number):
        raise InputError("registration-error-phone")
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%y")


def parse_date_text(raw: str) -> date:
    value = clean_text(raw)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise InputError("registration-error-date-format")


def check_date(
    seminar: Event, field: RegistrationField, value: date, answers: dict[str, Any]
) -> date:
    low, high = date_window(seminar)
    if not low <= value <= high:
        raise InputError(
            "registration-error-date-window", first=low.isoformat(), last=high.isoformat()
        )
    if field.not_before is not None:
        earlier = answers.get(field.not_before)
        if isinstance(earlier, str) and value < date.fromisoformat(earlier):
            raise InputError("registration-error-date-order", earlier=earlier)
    return value


def parse_number(field: RegistrationField, raw: str) -> int | float:
    value = clean_text(raw).replace(",", ".").replace(" ", "")
    try:
        number = float(value)
    except ValueError:
        raise InputError("registration-error-number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise InputError("registration-error-number")
    if field.min is not None and number < field.min:
        raise InputError("registration-error-number-min", min=f"{field.min:g}")
    if field.max is not None and number > field.max:
        raise InputError("registration-error-number-max", max=f"{field.max:g}")
    return int(number) if number.is_integer() else number


_YES = {"yes", "y", "да", "д", "+", "true"}
_NO = {"no", "n", "нет", "н", "-", "false"}


def parse_boolean(raw: str) -> bool:
    value = clean_text(raw).lower().rstrip(".!")
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise InputError("registration-error-button")


def economy_items(seminar: Event, lang: str) -> list[tuple[str, str]]:
    """(name, code) of every economy of the event file, in file order."""
    return [(e.name.get(lang), e.code) for e in seminar.economies]


def _fold(value: str) -> str:
    return unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower() or (
        value.lower()
    )


def search_economies(
    seminar: Event, query: str, lang: str, specials: dict[str, str]
) -> list[tuple[str, str]]:
    """Economies (and the special choices) whose name, in any language, or code matches."""
    wanted = clean_text(query).lower()
    folded = _fold(wanted)
    if not wanted:
        return []
    found: list[tuple[str, str]] = []
    for economy in seminar.economies:
        names = [economy.name.get(lang), *economy.name.root.values(), economy.code]
        if any(wanted in n.lower() or (folded and folded in _fold(n)) for n in names):
            found.append((economy.name.get(lang), economy.code))
    for code, label in specials.items():
        if wanted in label.lower():
            found.append((label, code))
    return found


def valid_economy(seminar: Event, value: str) -> bool:
    return value in SPECIAL_ECONOMIES or seminar.economy(value) is not None


def session_items(seminar: Event) -> list[tuple[str, str]]:
    """(session id, day date ISO) of the sessions one may be interested in, agenda order."""
    return [(s.id, d.date.isoformat()) for d, s in seminar.rateable_sessions()]


# --------------------------------------------------------------------------- consent, answers


async def accept_consent(session: AsyncSession, user_id: int, version: str) -> Registration:
    """Create the draft (or renew the consent of an existing registration); commits."""
    registration = await get_by_user(session, user_id)
    now = utcnow()
    if registration is None:
        registration = Registration(
            user_id=user_id,
            status=S.DRAFT,
            answers={},
            funding=Funding.NONE,
            funding_requested=False,
            focal_point=False,
            consent_version=version,
            consent_at=now,
            created_at=now,
            updated_at=now,
        )
        session.add(registration)
    else:
        registration.consent_version = version
        registration.consent_at = now
    await session.commit()
    return registration


def _column_value(field_id: str, value: Any) -> Any:
    if field_id == "funding_requested":
        return bool(value)
    if value is None:
        return None
    text_value = str(value)
    width = COLUMNS[field_id]
    return text_value[:width] if width else text_value


async def save_answer(
    session: AsyncSession, registration: Registration, field_id: str, value: Any
) -> None:
    """Store one answer (None: skipped) and its column copy; commits."""
    answers = dict(registration.answers or {})
    answers[field_id] = value
    registration.answers = answers
    if field_id in COLUMNS:
        setattr(registration, field_id, _column_value(field_id, value))
    registration.updated_at = utcnow()
    await session.commit()


def _drop_hidden(seminar: Event, registration: Registration) -> None:
    """Forget answers to fields the form no longer asks (an earlier answer changed)."""
    answers = dict(registration.answers or {})
    asked = {f.id for f in visible_fields(seminar, answers)}
    known = {f.id for f in seminar.registration.fields}
    for key in list(answers):
        if key in known and key not in asked:
            del answers[key]
            if key in COLUMNS:
                setattr(registration, key, _column_value(key, None))
    registration.answers = answers


# --------------------------------------------------------------------------- quotas

# One lock per economy and event loop (tests run several loops in one process).
_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, asyncio.Lock]] = (
    weakref.WeakKeyDictionary()
)


@asynccontextmanager
async def quota_lock(session: AsyncSession, economy: str | None) -> AsyncIterator[None]:
    """Serialize quota decisions of one economy (in the process, and on PostgreSQL across
    processes with a transaction-scoped advisory lock)."""
    key = economy or ""
    locks = _locks.setdefault(asyncio.get_running_loop(), {})
    lock = locks.setdefault(key, asyncio.Lock())
    async with lock:
        if session.get_bind().dialect.name == "postgresql":
            await session.execute(
                text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"quota:{key}"}
            )
        yield


async def free_place(session: AsyncSession, seminar: Event, economy: str) -> Funding | None:
    """The kind of place still free for `economy` (funded first, then alternate), or None."""
    if not seminar.is_travel_eligible(economy):
        return None
    repo = RegistrationRepo(session)
    if await repo.places_held(economy, Funding.FUNDED) < seminar.quotas.funded_per_economy:
        return Funding.FUNDED
    if await repo.places_held(economy, Funding.ALTERNATE) < seminar.quotas.alternates_per_economy:
        return Funding.ALTERNATE
    return None


@dataclass
class QuotaLine:
    economy: str
    funded: int
    alternates: int
    waitlisted: int
    women: int


async def quota_overview(session: AsyncSession, seminar: Event) -> list[QuotaLine]:
    repo = RegistrationRepo(session)
    lines = []
    for economy in seminar.travel_eligible:
        lines.append(
            QuotaLine(
                economy=economy,
                funded=await repo.places_held(economy, Funding.FUNDED),
                alternates=await repo.places_held(economy, Funding.ALTERNATE),
                waitlisted=len(await repo.waitlist(economy)),
                women=await repo.women_registered(economy),
            )
        )
    return lines


# --------------------------------------------------------------------------- status changes


def _history(
    session: AsyncSession,
    registration: Registration,
    to: str,
    actor_id: int | None,
    reason: str | None = None,
    from_status: str | None = None,
) -> None:
    session.add(
        RegistrationChange(
            registration_id=registration.id,
            at=utcnow(),
            from_status=from_status if from_status is not None else registration.status,
            to_status=to,
            actor_id=actor_id,
            reason=reason,
        )
    )


def _set_status(
    session: AsyncSession,
    registration: Registration,
    to: str,
    actor_id: int | None,
    reason: str | None = None,
) -> None:
    _history(session, registration, to, actor_id, reason)
    registration.status = to
    registration.updated_at = utcnow()
    if to == S.APPROVED and registration.checkin_token is None:
        registration.checkin_token = secrets.token_urlsafe(16)


def holds_place(registration: Registration) -> bool:
    return registration.funding in (Funding.FUNDED, Funding.ALTERNATE) and registration.status in (
        S.SUBMITTED,
        S.APPROVED,
    )


@dataclass
class Outcome:
    """What a status change did: `freed` names the economy whose place it freed."""

    registration: Registration
    changed: bool
    freed: str | None = None


async def submit(session: AsyncSession, seminar: Event, registration: Registration) -> Outcome:
    """Submit a draft (or a withdrawn registration again): quotas decide funded requests.

    A second call (a double-tapped Confirm) changes nothing. Commits.
    """
    async with quota_lock(session, registration.economy):
        now = utcnow()
        claimed = await session.execute(
            update(Registration)
            .where(
                Registration.id == registration.id,
                Registration.status.in_((S.DRAFT, S.WITHDRAWN)),
            )
            .values(status=S.SUBMITTED, submitted_at=now, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            await session.rollback()
            await session.refresh(registration)
            return Outcome(registration, changed=False)
        previous = registration.status
        await session.refresh(registration)
        _drop_hidden(seminar, registration)
        _history(session, registration, S.SUBMITTED, registration.user_id, from_status=previous)
        economy = registration.economy
        registration.funding = Funding.NONE
        if registration.funding_requested and economy and seminar.is_travel_eligible(economy):
            waiting = await RegistrationRepo(session).waitlist(economy)
            place = None if waiting else await free_place(session, seminar, economy)
            if place is None:
                registration.funding = Funding.WAITLISTED
                _set_status(session, registration, S.WAITLISTED, None, "quota")
            else:
                registration.funding = place
        await session.commit()
    return Outcome(registration, changed=True)


ACTIONS = ("approve", "waitlist", "reject", "promote")
ALLOWED: dict[str, tuple[str, ...]] = {
    "approve": (S.SUBMITTED, S.WAITLISTED, S.REJECTED),
    "waitlist": (S.SUBMITTED, S.APPROVED),
    "reject": (S.SUBMITTED, S.WAITLISTED, S.APPROVED),
    "promote": (S.WAITLISTED,),
    "withdraw": (S.SUBMITTED, S.WAITLISTED, S.APPROVED),
}


class NoPlace(Exception):
    """`promote` found no free place for the economy."""


async def decide(
    session: AsyncSession,
    seminar: Event,
    registration: Registration,
    action: str,
    actor_id: int,
    reason: str | None = None,
) -> Outcome:
    """An organiser's decision (`approve`, `waitlist`, `reject`, `promote`), audited; commits.

    `approve` of a waitlisted funded request approves it without funding; `promote` gives
    it the free place (raises NoPlace if there is none).
    """
    async with quota_lock(session, registration.economy):
        await session.refresh(registration)
        if registration.status not in ALLOWED[action]:
            return Outcome(registration, changed=False)
        held = holds_place(registration)
        economy = registration.economy
        if action == "approve":
            if registration.funding == Funding.WAITLISTED:
                registration.funding = Funding.NONE
            _set_status(session, registration, S.APPROVED, actor_id, reason)
        elif action == "promote":
            if registration.funding != Funding.WAITLISTED or not economy:
                return Outcome(registration, changed=False)
            place = await free_place(session, seminar, economy)
            if place is None:
                raise NoPlace(economy)
            registration.funding = place
            _set_status(session, registration, S.APPROVED, actor_id, reason or "freed place")
        elif action == "waitlist":
            if held:
                registration.funding = Funding.WAITLISTED
            _set_status(session, registration, S.WAITLISTED, actor_id, reason)
        elif action == "reject":
            registration.funding = Funding.NONE
            _set_status(session, registration, S.REJECTED, actor_id, reason)
        AuditRepo(session).add(
            actor_id, f"registration.{action}", f"registration:{registration.id}", reason
        )
        freed = economy if held and not holds_place(registration) else None
        await session.commit()
    return Outcome(registration, changed=True, freed=freed)


async def withdraw(session: AsyncSession, registration: Registration) -> Outcome:
    """The delegate withdraws: the place is freed. Commits."""
    async with quota_lock(session, registration.economy):
        await session.refresh(registration)
        if registration.status not in ALLOWED["withdraw"]:
            return Outcome(registration, changed=False)
        held = holds_place(registration)
        registration.funding = Funding.NONE
        _set_status(session, registration, S.WITHDRAWN, registration.user_id)
        await session.commit()
    return Outcome(registration, changed=True, freed=registration.economy if held else None)


async def first_waitlisted(
    session: AsyncSession, seminar: Event, economy: str
) -> Registration | None:
    """The delegate a freed place of `economy` goes to, if a place is free."""
    waiting = await RegistrationRepo(session).waitlist(economy)
    if not waiting or await free_place(session, seminar, economy) is None:
        return None
    return waiting[0]


async def set_focal_point(
    session: AsyncSession, registration: Registration, value: bool, actor_id: int
) -> None:
    """Mark (or unmark) the focal point of the registration's economy: one per economy."""
    if value and registration.economy:
        await session.execute(
            update(Registration)
            .where(
                Registration.economy == registration.economy,
                Registration.id != registration.id,
                Registration.focal_point.is_(True),
            )
            .values(focal_point=False)
            .execution_options(synchronize_session="fetch")
        )
    registration.focal_point = value
    AuditRepo(session).add(
        actor_id, "registration.focal_point", f"registration:{registration.id}", str(value).lower()
    )
    await session.commit()


async def set_role(
    session: AsyncSession, registration: Registration, role: str, actor_id: int
) -> None:
    answers = dict(registration.answers or {})
    answers["role"] = role
    registration.answers = answers
    registration.role = role
    AuditRepo(session).add(actor_id, "registration.role", f"registration:{registration.id}", role)
    await session.commit()


# --------------------------------------------------------------------------- staff


async def staff_ids(session: AsyncSession, admin_ids: Iterable[int]) -> list[int]:
    """Overseers and organisers: who is told about new registrations and requests."""
    rows = await session.scalars(select(StaffRole.user_id).order_by(StaffRole.user_id))
    return list(dict.fromkeys([*admin_ids, *rows.all()]))


# --------------------------------------------------------------------------- check-in


def _insert(session: AsyncSession, table: Any) -> postgresql.Insert | sqlite.Insert:
    # The dialect's module is imported when used: a SQLite bot never loads PostgreSQL's.
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table)
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table)


async def check_in(
    session: AsyncSession, registration: Registration, day: date, method: str, by: int | None
) -> tuple[Attendance, bool]:
    """Mark the participant present on `day`; (row, False) if already present. Commits."""
    repo = RegistrationRepo(session)
    existing = await repo.attendance_on(registration.id, day)
    if existing is not None:
        return existing, False
    stmt = _insert(session, Attendance).values(
        registration_id=registration.id, day=day, at=utcnow(), method=method, by_user_id=by
    )
    await session.execute(stmt.on_conflict_do_nothing())
    await session.commit()
    row = await repo.attendance_on(registration.id, day)
    assert row is not None
    return row, row.method == method and row.by_user_id == by


async def venue_code(
    session: AsyncSession, day: date, actor_id: int | None, *, renew: bool = False
) -> str:
    """The venue check-in code of `day`, created on first use (or replaced); commits."""
    row = await session.get(VenueCode, day)
    if row is not None and not renew:
        return row.code
    code = secrets.token_urlsafe(9)
    if row is None:
        session.add(VenueCode(day=day, code=code, created_by=actor_id, created_at=utcnow()))
    else:
        row.code = code
        row.created_by = actor_id
        row.created_at = utcnow()
    if actor_id is not None:
        AuditRepo(session).add(
            actor_id, "checkin.venue_code", day.isoformat(), "renew" if renew else "new"
        )
    await session.commit()
    return code


# --------------------------------------------------------------------------- letters


async def request_letter(
    session: AsyncSession, registration: Registration, passport_number: str, citizenship: str
) -> InvitationLetter:
    """A new request (replacing a rejected one); commits."""
    letter = await RegistrationRepo(session).letter(registration.id)
    if letter is None:
        letter = InvitationLetter(registration_id=registration.id)
        session.add(letter)
    letter.status = LetterStatus.REQUESTED
    letter.passport_number = passport_number
    letter.citizenship = citizenship
    letter.requested_at = utcnow()
    letter.decided_at = None
    letter.decided_by = None
    letter.reason = None
    await session.commit()
    return letter


async def decide_letter(
    session: AsyncSession,
    letter: InvitationLetter,
    approve: bool,
    actor_id: int,
    reason: str | None = None,
) -> bool:
    """Approve (sent) or reject a requested letter; False if it was decided already. Commits
    (call it after the letter has been sent)."""
    await session.refresh(letter)
    if letter.status != LetterStatus.REQUESTED:
        return False
    letter.status = LetterStatus.SENT if approve else LetterStatus.REJECTED
    letter.decided_at = utcnow()
    letter.decided_by = actor_id
    letter.reason = reason
    AuditRepo(session).add(
        actor_id,
        "letter.approve" if approve else "letter.reject",
        f"registration:{letter.registration_id}",
        reason,
    )
    await session.commit()
    return True


# --------------------------------------------------------------------------- personal data


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


async def collect_registration_data(session: AsyncSession, user_id: int) -> dict[str, Any]:
    registration = await get_by_user(session, user_id)
    if registration is None:
        return {"registration": None}
    repo = RegistrationRepo(session)
    columns = [c.key for c in Registration.__table__.columns]
    letter = await repo.letter(registration.id)
    return {
        "registration": {c: _iso(getattr(registration, c)) for c in columns},
        "registration_history": [
            {
                "at": _iso(change.at),
                "from": change.from_status,
                "to": change.to_status,
                "by_self": change.actor_id == user_id,
                "reason": change.reason,
            }
            for change in await repo.history(registration.id)
        ],
        "attendance": [
            {"day": _iso(a.day), "at": _iso(a.at), "method": a.method}
            for a in await repo.attendance(registration.id)
        ],
        "invitation_letter": None
        if letter is None
        else {
            "status": letter.status,
            "passport_number": letter.passport_number,
            "citizenship": letter.citizenship,
            "requested_at": _iso(letter.requested_at),
            "decided_at": _iso(letter.decided_at),
            "reason": letter.reason,
        },
    }


async def _count_erased(session: AsyncSession, dimension: str, value: str) -> None:
    stmt = _insert(session, ErasedCount).values(dimension=dimension, value=value[:64], count=1)
    await session.execute(
        stmt.on_conflict_do_update(
            index_elements=[ErasedCount.dimension, ErasedCount.value],
            set_={"count": ErasedCount.count + 1},
        )
    )


async def erase_registration_data(session: AsyncSession, user_id: int) -> None:
    """Delete the registration (history, attendance, letter) keeping anonymous counts, and
    drop the user's id from the rows about others (check-ins and decisions as staff)."""
    registration = await get_by_user(session, user_id)
    if registration is not None:
        if registration.status != S.DRAFT:
            await _count_erased(session, "registrations", "erased")
            for dimension in ("status", "economy", "gender", "role", "sector", "funding"):
                value = getattr(registration, dimension)
                if value:
                    await _count_erased(session, dimension, str(value))
            for attendance in await RegistrationRepo(session).attendance(registration.id):
                await _count_erased(session, "attended_day", attendance.day.isoformat())
        for model in (Attendance, RegistrationChange, InvitationLetter):
            await session.execute(delete(model).where(model.registration_id == registration.id))
        await session.execute(delete(Registration).where(Registration.id == registration.id))
        session.expunge(registration)
    await session.execute(
        update(Attendance).where(Attendance.by_user_id == user_id).values(by_user_id=None)
    )
    await session.execute(
        update(RegistrationChange)
        .where(RegistrationChange.actor_id == user_id)
        .values(actor_id=None)
    )
    await session.execute(
        update(InvitationLetter)
        .where(InvitationLetter.decided_by == user_id)
        .values(decided_by=None)
    )
    await session.execute(
        update(VenueCode).where(VenueCode.created_by == user_id).values(created_by=None)
    )


async def erased_counts(session: AsyncSession) -> dict[tuple[str, str], int]:
    """The anonymous counts kept from erased registrations."""
    rows = await session.execute(
        select(ErasedCount.dimension, ErasedCount.value, ErasedCount.count)
    )
    return {(d, v): c for d, v, c in rows.all()}


async def registration_totals(session: AsyncSession) -> int:
    count = await session.scalar(select(func.count()).select_from(Registration))
    return int(count or 0)


register_personal_data(collect_registration_data, erase_registration_data)
