"""Visa invitation letters: a DOCX template of the event folder, filled with a delegate's data.

The template (`registration.invitation_letter` of the event file, next to it; the example's
is written by `scripts/make_invitation_letter.py`) contains `{{placeholders}}`; every
paragraph (body, tables, headers, footers) is searched and each placeholder is replaced by
its value. A paragraph that contains a placeholder keeps the formatting of its first run.

python-docx is imported only when a letter is built.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

PLACEHOLDERS = (
    "host",
    "organiser_address",
    "reference",
    "today",
    "full_name",
    "job_title",
    "organisation",
    "economy",
    "citizenship",
    "passport_number",
    "role",
    "event_title",
    "event_dates",
    "venue",
    "arrival_date",
    "departure_date",
    "funding_sentence",
    "signatory",
    "contact",
)
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


class LetterTemplateError(Exception):
    """The template is missing or is not a DOCX file."""


def _paragraphs(container: Any) -> Iterator[Any]:
    yield from container.paragraphs
    for table in getattr(container, "tables", []):
        for row in table.rows:
            for cell in row.cells:
                yield from _paragraphs(cell)


def _all_paragraphs(document: Any) -> Iterator[Any]:
    yield from _paragraphs(document)
    for section in document.sections:
        for part in (section.header, section.footer):
            yield from _paragraphs(part)


def render_letter(template: Path, values: Mapping[str, str]) -> bytes:
    """The filled letter as DOCX bytes; unknown placeholders become empty."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    if not template.is_file():
        raise LetterTemplateError(f"{template}: no such file")
    try:
        document = Document(str(template))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise LetterTemplateError(f"{template}: not a DOCX file ({exc})") from None
    for paragraph in _all_paragraphs(document):
        full = "".join(run.text for run in paragraph.runs)
        if "{{" not in full:
            continue
        filled = _PLACEHOLDER.sub(lambda m: str(values.get(m[1], "")), full)
        runs = paragraph.runs
        runs[0].text = filled
        for run in runs[1:]:
            run.text = ""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def letter_text(data: bytes) -> str:
    """All paragraph text of a DOCX (for tests and previews)."""
    from docx import Document

    document = Document(io.BytesIO(data))
    return "\n".join(p.text for p in _all_paragraphs(document))
