"""Write the example event's invitation-letter template (a DOCX with {{placeholders}}).

    .venv/bin/python scripts/make_invitation_letter.py [path/to/invitation-letter.docx]

The bot fills the placeholders listed in `services/letters.py` (PLACEHOLDERS) with the
delegate's data. An organiser may edit the template in Word or LibreOffice: keep each
`{{name}}` typed in one go (the bot replaces them paragraph by paragraph).
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "events" / "apec-ip-seminar" / "invitation-letter.docx"


def build(path: Path) -> None:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"  # type: ignore[attr-defined]
    style.font.size = Pt(12)  # type: ignore[attr-defined]
    # Fixed properties, so that the file does not change each time it is generated.
    props = doc.core_properties
    props.author = "Seminar Secretariat"
    props.title = "Invitation letter"
    props.last_modified_by = "seminar-bot"
    props.revision = 1
    from datetime import datetime

    props.created = datetime(2027, 1, 1)
    props.modified = datetime(2027, 1, 1)

    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.add_run("{{host}}").bold = True
    doc.add_paragraph("{{organiser_address}}").alignment = WD_ALIGN_PARAGRAPH.CENTER

    doc.add_paragraph("Ref. {{reference}}\t\t\t\t\t\t{{today}}")
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("LETTER OF INVITATION").bold = True

    doc.add_paragraph("To the Consular Section of the Embassy of the Russian Federation")
    doc.add_paragraph(
        "{{host}} has the honour to invite {{full_name}}, {{job_title}}, {{organisation}} "
        "({{economy}}), a citizen of {{citizenship}}, passport No. {{passport_number}}, to "
        "take part as {{role}} in the {{event_title}}, to be held on {{event_dates}} at "
        "{{venue}}."
    )
    doc.add_paragraph(
        "The planned stay in the Russian Federation is from {{arrival_date}} to "
        "{{departure_date}}. {{funding_sentence}}"
    )
    doc.add_paragraph(
        "We kindly ask you to issue a single-entry business visa to the above-mentioned "
        "person for the period of the seminar."
    )
    doc.add_paragraph()
    doc.add_paragraph("Yours faithfully,")
    doc.add_paragraph("{{signatory}}")
    doc.add_paragraph("{{contact}}")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    build(target)
    print(target)
