"""Who is asking: every API request carries the Mini App's `initData`.

`Authorization: tma <initData>` (the form Telegram's documentation suggests). The data is
checked with aiogram's helper (`safe_parse_webapp_init_data`: the HMAC made with the bot
token), must be at most `MAX_AGE` old, and the user's role is read from the database on
every request, so an organiser whose role was taken away is refused at once. Refusals
answer 401 (no valid identity) or 403 (valid, but not staff or not enough) and are written
to the audit log as `denied`; refusals without any identity are audited at most
`ANONYMOUS_AUDITS_PER_MINUTE` times a minute (a flood of junk requests must not fill the
audit log), the rest only logged.

Downloads inside Telegram go through `WebApp.downloadFile`, whose URL Telegram's client
fetches without the page's header: `Link` signs a two-minute link naming the file and the
staff member (HMAC with a key derived from the bot token), and the role is read again
when the link is used.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import time
from dataclasses import dataclass
from datetime import UTC

from aiogram.utils.web_app import WebAppInitData, safe_parse_webapp_init_data
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from core.i18n import I18n, Translator
from core.settings import Settings
from services.roles import Role, allows, role_of
from storage.models import User
from storage.repositories.audit import AuditRepo

log = logging.getLogger(__name__)

SCHEME = "tma"
MAX_AGE = 3600.0
"""Seconds an initData stays valid after Telegram signed it."""
CLOCK_SKEW = 300.0
"""An auth_date this far in the future is still accepted (clocks differ a little)."""
ANONYMOUS_AUDITS_PER_MINUTE = 30


@dataclass
class Staff:
    """The staff member a request comes from."""

    user_id: int
    role: Role
    lang: str
    l10n: Translator
    name: str


class Refused(Exception):
    def __init__(self, status: int, reason: str, user_id: int | None = None) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.user_id = user_id
        """Who asked, when the signature proved it (an expired initData, say)."""


class _Throttle:
    """At most `limit` events per minute."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.window = 0.0
        self.count = 0

    def allow(self) -> bool:
        now = time.monotonic()
        if now - self.window >= 60.0:
            self.window, self.count = now, 0
        self.count += 1
        return self.count <= self.limit


_anonymous = _Throttle(ANONYMOUS_AUDITS_PER_MINUTE)


def init_data_of(request: web.Request) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != SCHEME or not value.strip():
        return ""
    return value.strip()


def verify(token: str, init_data: str, now: float | None = None) -> WebAppInitData:
    """The signed data, or `Refused(401)` for a missing, forged, stale or user-less one."""
    if not init_data:
        raise Refused(401, "no initData")
    try:
        data = safe_parse_webapp_init_data(token, init_data)
    except Exception as exc:  # a bad signature (ValueError) or malformed fields (pydantic)
        raise Refused(401, "bad initData signature") from exc
    if data.user is None:
        raise Refused(401, "initData without a user")
    now = time.time() if now is None else now
    signed = data.auth_date
    if signed.tzinfo is None:
        signed = signed.replace(tzinfo=UTC)
    age = now - signed.timestamp()
    if age > MAX_AGE or age < -CLOCK_SKEW:
        raise Refused(401, "initData expired", data.user.id)
    return data


async def authenticate(
    request: web.Request,
    session: AsyncSession,
    settings: Settings,
    i18n: I18n,
    needed: Role = Role.ORGANISER,
    *,
    link: Link | None = None,
) -> Staff:
    """The staff member behind the request (its initData, or the signed download `link`
    its path carries); otherwise audits the refusal and raises `Refused`."""
    what = f"dashboard {request.method} {request.path}"
    token = settings.bot_token.get_secret_value()
    user_id: int | None = None
    name = ""
    try:
        if link is not None:
            user_id = link.verify(token)
        else:
            data = verify(token, init_data_of(request))
            assert data.user is not None
            user_id = data.user.id
            name = " ".join(p for p in (data.user.first_name, data.user.last_name) if p)
        role = await role_of(user_id, session, settings)
        if role is None:
            raise Refused(403, "not staff")
        if not allows(role, needed):
            raise Refused(403, f"needs {needed.value}")
    except Refused as refused:
        user_id = user_id if user_id is not None else refused.user_id
        await deny(session, what, user_id, refused.reason)
        raise
    user = await session.get(User, user_id)
    lang = user.language if user is not None and user.language in i18n.languages else "en"
    return Staff(user_id=user_id, role=role, lang=lang, l10n=i18n.get(lang), name=name)


async def deny(session: AsyncSession, what: str, user_id: int | None, reason: str) -> None:
    """Log and audit a refused request (see the module's doc for anonymous ones)."""
    log.warning("%s refused for %s: %s", what, user_id, reason)
    if user_id is not None or _anonymous.allow():
        await session.rollback()
        AuditRepo(session).add(user_id, "denied", what, reason)
        await session.commit()


# --------------------------------------------------------------------------- download links

LINK_SECONDS = 120
"""How long a download link stays valid."""
_LINK = re.compile(r"^(export|report)\.(xlsx|csv|docx)\.(\d{1,20})\.(\d{1,12})\.([0-9a-f]{64})$")


@dataclass
class Link:
    """A short-lived signed link to one download, for Telegram's `WebApp.downloadFile`
    (Telegram's client fetches the URL itself, without the page's initData header). It
    names the staff member; their role is read from the database again when it is used."""

    kind: str
    fmt: str
    user_id: int
    expires: int
    signature: str = ""

    def _payload(self) -> str:
        return f"{self.kind}.{self.fmt}.{self.user_id}.{self.expires}"

    @staticmethod
    def _sign(token: str, payload: str) -> str:
        key = hashlib.sha256(b"dashboard-download:" + token.encode()).digest()
        return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()

    @classmethod
    def issue(cls, token: str, kind: str, fmt: str, user_id: int) -> str:
        link = cls(kind, fmt, user_id, int(time.time()) + LINK_SECONDS)
        return f"{link._payload()}.{cls._sign(token, link._payload())}"

    @classmethod
    def parse(cls, text: str) -> Link | None:
        found = _LINK.match(text)
        if found is None:
            return None
        kind, fmt, user_id, expires, signature = found.groups()
        return cls(kind, fmt, int(user_id), int(expires), signature)

    def verify(self, token: str) -> int:
        """The staff member's id, or `Refused(401)` for a forged or expired link."""
        if not hmac.compare_digest(self._sign(token, self._payload()), self.signature):
            raise Refused(401, "bad download link")
        if time.time() > self.expires:
            raise Refused(401, "download link expired", self.user_id)
        return self.user_id


def sign_init_data(token: str, fields: dict[str, str]) -> str:
    """initData signed as Telegram signs it (for tests and local trials only)."""
    from urllib.parse import urlencode

    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    digest = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode({**fields, "hash": digest})
