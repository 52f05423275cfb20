"""Configuration from the environment and `.env` (pydantic-settings).

Every name here is a contract with the README and `.env.example`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EVENT_FILE = PROJECT_ROOT / "events" / "apec-ip-seminar" / "event.yaml"
DEFAULT_DATA_DIR = Path("data")
WEBHOOK_SECRET_MIN = 32


def default_database_url() -> str:
    return f"sqlite+aiosqlite:///{DEFAULT_DATA_DIR / 'seminar-bot.sqlite3'}"


class Settings(BaseSettings):
    """All settings of one bot process."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    bot_token: SecretStr = Field(default=SecretStr(""), validation_alias="BOT_TOKEN")
    database_url: str = Field(default_factory=default_database_url, validation_alias="DATABASE_URL")
    redis_url: str | None = Field(default=None, validation_alias="REDIS_URL")
    admin_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list, validation_alias="ADMIN_IDS"
    )
    event_file: Path = Field(default=DEFAULT_EVENT_FILE, validation_alias="EVENT_FILE")
    telegram_api_base: str | None = Field(default=None, validation_alias="TELEGRAM_API_BASE")
    log_level: str = Field(default="INFO", validation_alias="LOG_LEVEL")
    # `json`: one JSON object per log line, for log shippers (bot/startup.py).
    log_format: Literal["text", "json"] = Field(default="text", validation_alias="LOG_FORMAT")
    # Questions the FAQ cannot answer go to this group chat (else to the staff privately).
    helpdesk_chat_id: int | None = Field(default=None, validation_alias="HELPDESK_CHAT_ID")

    # Broadcasts and reminders (bot/delivery.py, bot/scheduler.py).
    broadcast_rate: float = Field(default=25.0, gt=0, le=1000, validation_alias="BROADCAST_RATE")
    reminder_grace_hours: float = Field(
        default=6.0, ge=0, le=24 * 30, validation_alias="REMINDER_GRACE_HOURS"
    )

    # Production: webhook mode behind a load balancer (see README, "Deployment").
    mode: Literal["polling", "webhook"] = Field(default="polling", validation_alias="MODE")
    webhook_host: str = Field(default="0.0.0.0", validation_alias="WEBHOOK_HOST")
    webhook_port: int = Field(default=8080, ge=1, le=65535, validation_alias="WEBHOOK_PORT")
    webhook_path: str = Field(default="/telegram", validation_alias="WEBHOOK_PATH")
    webhook_url: str | None = Field(default=None, validation_alias="WEBHOOK_URL")
    webhook_register: bool = Field(default=True, validation_alias="WEBHOOK_REGISTER")
    webhook_secret: SecretStr | None = Field(default=None, validation_alias="WEBHOOK_SECRET")
    # The organisers' dashboard (a Telegram Mini App, docs/dashboard.md): the public HTTPS URL
    # it opens at; unset, there is no dashboard. Served by the webhook server, or in polling
    # mode by a server of its own on DASHBOARD_HOST:DASHBOARD_PORT.
    dashboard_url: str | None = Field(default=None, validation_alias="DASHBOARD_URL")
    dashboard_host: str = Field(default="0.0.0.0", validation_alias="DASHBOARD_HOST")
    dashboard_port: int = Field(default=8081, ge=1, le=65535, validation_alias="DASHBOARD_PORT")
    # Scheduler leader election among replicas: the leader's lease, and how often others try.
    leader_lease_seconds: float = Field(default=30.0, gt=0, validation_alias="LEADER_LEASE_SECONDS")
    leader_retry_seconds: float = Field(default=10.0, gt=0, validation_alias="LEADER_RETRY_SECONDS")
    # A claim on an update being handled (bot/dedup.py): renewed while the handler runs,
    # taken over by another delivery this long after its process died.
    update_lease_seconds: float = Field(default=20.0, gt=0, validation_alias="UPDATE_LEASE_SECONDS")

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _parse_admin_ids(cls, value: Any) -> Any:
        """Accept `1,2`, `1 2` and JSON `[1, 2]`."""
        if value is None:
            return []
        if isinstance(value, int):
            return [value]
        if isinstance(value, str):
            text = value.strip()
            if not text:
                return []
            if text.startswith("["):
                return json.loads(text)
            return [part for part in text.replace(";", ",").replace(" ", ",").split(",") if part]
        return value

    @field_validator("redis_url", "telegram_api_base", "helpdesk_chat_id", mode="before")
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("dashboard_url", mode="before")
    @classmethod
    def _check_dashboard_url(cls, value: Any) -> Any:
        """Telegram opens Mini Apps over HTTPS only."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        text = str(value).strip()
        if not text.startswith("https://") or "?" in text or "#" in text:
            raise ValueError("must be an https:// URL without a query (the Mini App's address)")
        return text

    @property
    def dashboard_path(self) -> str:
        """The path the dashboard is served under: DASHBOARD_URL's, without a trailing slash
        ("" when it is the site's root)."""
        if not self.dashboard_url:
            return ""
        from urllib.parse import urlsplit

        return urlsplit(self.dashboard_url).path.rstrip("/")

    @field_validator("log_level")
    @classmethod
    def _check_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("expected one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower_format(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("webhook_path")
    @classmethod
    def _check_path(cls, value: str) -> str:
        if not value.startswith("/"):
            raise ValueError("must start with '/'")
        return value

    @field_validator("webhook_secret", mode="before")
    @classmethod
    def _check_secret(cls, value: Any) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        text = value.get_secret_value() if isinstance(value, SecretStr) else str(value)
        if len(text) < WEBHOOK_SECRET_MIN or len(text) > 256:
            raise ValueError(f"must be {WEBHOOK_SECRET_MIN} to 256 characters long")
        if not re.fullmatch(r"[A-Za-z0-9_-]+", text):
            raise ValueError("may only contain A-Z, a-z, 0-9, _ and -")
        return value

    @model_validator(mode="after")
    def _check_webhook(self) -> Settings:
        if self.mode == "webhook" and self.webhook_secret is None:
            raise ValueError(
                "WEBHOOK_SECRET: required in webhook mode "
                f"(at least {WEBHOOK_SECRET_MIN} characters of A-Z a-z 0-9 _ -)"
            )
        if self.mode == "webhook" and self.webhook_register and not self.webhook_url:
            raise ValueError("WEBHOOK_URL: required in webhook mode unless WEBHOOK_REGISTER=false")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
