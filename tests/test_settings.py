"""Configuration names and parsing (pydantic-settings)."""

from __future__ import annotations

import pytest

from core.settings import Settings


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    for name in (
        "BOT_TOKEN",
        "DATABASE_URL",
        "REDIS_URL",
        "ADMIN_IDS",
        "EVENT_FILE",
        "TELEGRAM_API_BASE",
        "LOG_LEVEL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(str(tmp_path))  # no stray .env


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1,2", [1, 2]), ("[1, 2]", [1, 2]), ("7", [7]), (" 1 , 2 ", [1, 2]), ("", [])],
)
def test_admin_ids_accept_commas_and_json(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: list[int]
) -> None:
    monkeypatch.setenv("ADMIN_IDS", raw)
    assert Settings().admin_ids == expected


def test_defaults_point_at_sqlite_and_the_example_event() -> None:
    settings = Settings()
    assert settings.database_url.startswith("sqlite+aiosqlite:///data/")
    assert settings.event_file.name == "event.yaml"
    assert settings.event_file.exists()
    assert settings.redis_url is None
    assert settings.telegram_api_base is None
    assert settings.log_level == "INFO"


def test_env_file_is_read(tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    Path(str(tmp_path), ".env").write_text("BOT_TOKEN=1:abc\nLOG_LEVEL=debug\nREDIS_URL=\n")
    settings = Settings()
    assert settings.bot_token.get_secret_value() == "1:abc"
    assert settings.log_level == "DEBUG"
    assert settings.redis_url is None


def test_bad_admin_id_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import ValidationError

    monkeypatch.setenv("ADMIN_IDS", "12,@someone")
    with pytest.raises(ValidationError):
        Settings()
