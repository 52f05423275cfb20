"""The registration section of the event file, and the invitation-letter template."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from core.event import load_event
from services.letters import PLACEHOLDERS, LetterTemplateError, letter_text, render_letter
from tests.test_event_file import EXAMPLE, load_error, write_event

TEMPLATE = EXAMPLE.parent / "invitation-letter.docx"


@pytest.fixture(scope="module")
def example() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    return data


def _field(data: dict[str, Any], field_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(f for f in data["registration"]["fields"] if f["id"] == field_id)
    return found


def test_the_example_form() -> None:
    event = load_event(EXAMPLE)
    form = event.registration
    role = form.field("role")
    gender = form.field("gender")
    funding = form.field("funding_requested")
    departure = form.field("departure_date")
    assert role is not None and role.by_invite_code == ["speaker", "organiser"]
    assert gender is not None
    assert [o.value for o in gender.options] == ["female", "male", "other", "prefer_not_to_say"]
    assert funding is not None and funding.travel_eligible_only
    assert departure is not None and departure.not_before == "arrival_date"
    assert (form.date_window.before, form.date_window.after) == (30, 14)
    assert form.invitation_letter == "invitation-letter.docx" and TEMPLATE.is_file()
    for field in form.fields:
        assert field.label.get("ru") != field.label.get("en"), field.id


BROKEN = [
    (
        "invite-option",
        lambda d: _field(d, "role").update(by_invite_code=["speaker", "guest"]),
        "registration.fields[5].by_invite_code[1]",
        "expected one of 'delegate', 'speaker'",
    ),
    (
        "not-before",
        lambda d: _field(d, "departure_date").update(not_before="flight"),
        "registration.fields[11].not_before",
        "expected the id of an earlier field of type 'date', got 'flight'",
    ),
    (
        "eligible-without-economy",
        lambda d: _field(d, "full_name").update(travel_eligible_only=True),
        "registration.fields[0].travel_eligible_only",
        "needs an earlier field of type 'economy'",
    ),
    (
        "role-value-too-long",
        lambda d: _field(d, "role")["options"].append(
            {"value": "honorary-distinguished-guest", "label": "Guest"}
        ),
        "registration.fields[5].options[4].value",
        "at most 16 characters",
    ),
    (
        "letter-name",
        lambda d: d["registration"].update(invitation_letter="../letter.pdf"),
        "registration.invitation_letter",
        "",
    ),
]


@pytest.mark.parametrize(
    ("name", "mutate", "where", "expected"), BROKEN, ids=[b[0] for b in BROKEN]
)
def test_broken_registration_keys_are_named(
    tmp_path: Path, example: dict[str, Any], name: str, mutate: Any, where: str, expected: str
) -> None:
    data = copy.deepcopy(example)
    mutate(data)
    message = load_error(write_event(tmp_path, data, f"{name}.yaml"))
    assert f": {where}: " in message, message
    assert expected in message, message


def test_the_template_has_every_placeholder_and_renders(tmp_path: Path) -> None:
    text = letter_text(TEMPLATE.read_bytes())
    for name in PLACEHOLDERS:
        assert "{{" + name + "}}" in text, name
    values = {name: f"<{name}> & ü" for name in PLACEHOLDERS}
    filled = letter_text(render_letter(TEMPLATE, values))
    assert "{{" not in filled and "<full_name> & ü" in filled
    with pytest.raises(LetterTemplateError):
        render_letter(tmp_path / "missing.docx", values)
    (tmp_path / "bad.docx").write_text("not a zip")
    with pytest.raises(LetterTemplateError):
        render_letter(tmp_path / "bad.docx", values)
