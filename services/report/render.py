"""Writing the completion report's DOCX from `ReportData` (sync, run in a worker
thread; python-docx and the charts are imported lazily). One function lays out
the whole document in reading order, which is why it stays in one piece.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.event import Event
from core.formatting import event_dates
from core.i18n import Translator
from services import stats as st
from services.exports.labels import Labels
from services.report.data import ReportData, SurveySection
from services.survey_results import QuestionResult

CHART_WIDTH_CM = 15.0


@dataclass
class ReportSummary:
    path: Path
    sections: list[str]
    charts: int


class _Doc:
    """A thin helper over python-docx for headings, tables and charts."""

    def __init__(self) -> None:
        from docx import Document

        self.document = Document()
        self.sections: list[str] = []
        self.charts = 0

    def heading(self, text: str, level: int = 1) -> None:
        self.document.add_heading(text, level=level)
        if level == 1:
            self.sections.append(text)

    def paragraph(self, text: str, *, italic: bool = False, bold: bool = False) -> None:
        run = self.document.add_paragraph().add_run(text)
        run.italic = italic
        run.bold = bold

    def bullet(self, text: str) -> None:
        self.document.add_paragraph(text, style="List Bullet")

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(str(header)).bold = True
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = _text(value)
        self.document.add_paragraph()

    def chart(self, png: bytes) -> None:
        from docx.shared import Cm

        self.document.add_picture(io.BytesIO(png), width=Cm(CHART_WIDTH_CM))
        self.charts += 1

    def save(self, path: Path) -> None:
        self.document.save(str(path))


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def render_report(data: ReportData, seminar: Event, l10n: Translator, path: Path) -> ReportSummary:
    """Write the DOCX (sync: run it in a thread)."""
    from services import charts

    doc = _Doc()
    lang = l10n.lang
    labels = Labels(seminar, l10n)
    title = seminar.title.get(lang)
    doc.document.add_heading(l10n("console-report-title"), level=0)
    doc.paragraph(title, bold=True)
    local = data.generated_at.astimezone(seminar.tz)
    doc.paragraph(l10n("console-report-generated", at=f"{local:%Y-%m-%d %H:%M}"), italic=True)

    # ------------------------------------------------------------ event facts
    doc.heading(l10n("console-report-facts"))
    speakers = seminar.speakers
    women_speakers = sum(1 for s in speakers if s.gender == "female")
    facts: list[tuple[str, Any]] = [
        (l10n("console-report-fact-title"), title),
        (l10n("console-report-fact-dates"), event_dates(seminar, lang)),
        (l10n("console-report-fact-venue"), seminar.venue.name.get(lang)),
    ]
    if seminar.host is not None:
        facts.append((l10n("console-report-fact-host"), seminar.host.get(lang)))
    if seminar.sponsoring_forum is not None:
        facts.append((l10n("console-report-fact-forum"), seminar.sponsoring_forum.get(lang)))
    if seminar.proposing_economy:
        facts.append(
            (l10n("console-report-fact-proposing"), labels.economy(seminar.proposing_economy))
        )
    if seminar.co_sponsors:
        facts.append(
            (
                l10n("console-report-fact-cosponsors"),
                ", ".join(labels.economy(c) or c for c in seminar.co_sponsors),
            )
        )
    facts += [
        (l10n("console-report-fact-economies"), len(seminar.economies)),
        (l10n("console-report-fact-eligible"), len(seminar.travel_eligible)),
        (l10n("console-report-fact-days"), len(seminar.agenda.days)),
        (l10n("console-report-fact-sessions"), sum(1 for _ in seminar.rateable_sessions())),
        (
            l10n("console-report-fact-speakers"),
            l10n("console-report-speakers-value", total=len(speakers), women=women_speakers),
        ),
    ]
    doc.table([l10n("console-report-col-item"), l10n("console-report-col-value")], facts)

    # ------------------------------------------------------------ participation
    stats = data.stats
    doc.heading(l10n("console-report-participation"))
    doc.paragraph(
        l10n(
            "console-report-participation-summary",
            registered=stats.totals["registered"],
            approved=stats.totals["approved"],
            attended=stats.totals["attended"],
            economies=sum(1 for e in stats.economies if e.approved),
        )
    )
    if stats.erased_total:
        counts = stats.erased
        doc.paragraph(
            l10n(
                "console-report-erased",
                count=stats.erased_total,
                statuses=", ".join(
                    f"{labels.status(k)} {n}" for k, n in counts.get("status", {}).items()
                ),
                genders=", ".join(
                    f"{labels.option('gender', k)} {n}" for k, n in counts.get("gender", {}).items()
                ),
            ),
            italic=True,
        )
    doc.heading(l10n("console-report-by-status"), 2)
    doc.table(
        [l10n("console-report-col-status"), l10n("console-report-col-count")],
        [(labels.status(s), n) for s, n in stats.by_status.items()],
    )
    scope_headers = [l10n(f"console-scope-{s}") for s in st.SCOPES]
    doc.heading(l10n("console-report-by-gender"), 2)
    gender = stats.breakdowns["gender"]
    doc.table(
        [l10n("console-report-col-gender"), *scope_headers, l10n("console-report-col-share")],
        [
            (
                labels.option("gender", value),
                *(counts[s] for s in st.SCOPES),
                _percent(counts[_main_scope(stats)], stats.totals[_main_scope(stats)]),
            )
            for value, counts in gender.items()
        ]
        + [(l10n("console-report-total"), *(stats.totals[s] for s in st.SCOPES), "100%")],
    )
    main = _main_scope(stats)
    doc.chart(
        charts.pie_chart(
            l10n("console-chart-gender", scope=l10n(f"console-scope-{main}")),
            [labels.option("gender", v) or v for v in gender],
            [counts[main] for counts in gender.values()],
        )
    )
    for dimension in ("sector", "role"):
        doc.heading(l10n(f"console-report-by-{dimension}"), 2)
        doc.table(
            [l10n(f"console-report-col-{dimension}"), *scope_headers],
            [
                (labels.option(dimension, value), *(counts[s] for s in st.SCOPES))
                for value, counts in stats.breakdowns[dimension].items()
                if any(counts.values())
            ],
        )
    doc.heading(l10n("console-report-by-economy"), 2)
    doc.table(
        [
            l10n("console-report-col-economy"),
            *scope_headers,
            l10n("console-report-col-women"),
            l10n("console-report-col-funded"),
            l10n("console-report-col-alternates"),
            l10n("console-report-col-self-funded"),
        ],
        [
            (
                labels.economy(e.code),
                e.registered,
                e.approved,
                e.attended,
                e.women,
                f"{e.funded}/{stats.funded_per_economy}" if e.travel_eligible else "—",
                f"{e.alternates}/{stats.alternates_per_economy}" if e.travel_eligible else "—",
                e.self_funded,
            )
            for e in stats.economies
        ],
    )
    funding = stats.funding_totals
    met, applied = stats.women_target_met
    doc.bullet(l10n("console-report-funding", **funding))
    doc.bullet(
        l10n("console-report-women-target", met=met, applied=applied, target=stats.women_target)
    )
    economies = [e for e in stats.economies if e.registered]
    if economies:
        doc.chart(
            charts.bar_chart(
                l10n("console-chart-economies"),
                [e.code for e in economies],
                {
                    l10n("console-scope-registered"): [e.registered for e in economies],
                    l10n("console-report-col-women"): [e.women for e in economies],
                },
            )
        )

    # ------------------------------------------------------------ attendance
    doc.heading(l10n("console-report-attendance"))
    gender_values = list(gender)
    doc.table(
        [
            l10n("console-report-col-day"),
            l10n("console-report-total"),
            *(labels.option("gender", v) or v for v in gender_values),
        ],
        [
            (day.day.isoformat(), day.total, *(day.by_gender.get(v, 0) for v in gender_values))
            for day in stats.attendance
        ],
    )
    if stats.attendance:
        doc.chart(
            charts.bar_chart(
                l10n("console-chart-attendance"),
                [d.day.strftime("%d.%m") for d in stats.attendance],
                {
                    labels.option("gender", v) or v: [
                        d.by_gender.get(v, 0) for d in stats.attendance
                    ]
                    for v in gender_values
                    if any(d.by_gender.get(v) for d in stats.attendance)
                }
                or {l10n("console-report-total"): [0 for _ in stats.attendance]},
            )
        )

    # ------------------------------------------------------------ questionnaire
    doc.heading(l10n("console-report-questionnaire"))
    _survey(doc, data.questionnaire, l10n, charts_too=False)

    # ------------------------------------------------------------ feedback
    doc.heading(l10n("console-report-feedback"))
    _survey(doc, data.feedback, l10n, charts_too=True)

    # ------------------------------------------------------------ helpdesk
    doc.heading(l10n("console-report-helpdesk"))
    helpdesk = data.helpdesk
    if not helpdesk.questions and not helpdesk.tickets:
        doc.paragraph(l10n("console-report-no-data"), italic=True)
    else:
        doc.paragraph(
            l10n(
                "console-report-helpdesk-total",
                questions=helpdesk.questions,
                tickets=helpdesk.tickets,
                answered=helpdesk.tickets_answered,
            )
        )
        if helpdesk.themes:
            doc.table(
                [l10n("console-report-col-theme"), l10n("console-report-col-count")],
                helpdesk.themes,
            )

    # ------------------------------------------------------------ recommendations
    doc.heading(l10n("console-report-recommendations"))
    doc.paragraph(l10n("console-report-recommendations-placeholder"), italic=True)

    doc.save(path)
    return ReportSummary(path=path, sections=doc.sections, charts=doc.charts)


def _main_scope(stats: st.ParticipationStats) -> str:
    """Attended once the event has check-ins, approved before."""
    return "attended" if stats.totals["attended"] else "approved"


def _survey(
    doc: _Doc, section: SurveySection | None, l10n: Translator, *, charts_too: bool
) -> None:
    if section is None:
        doc.paragraph(l10n("console-report-no-survey"), italic=True)
        return
    doc.paragraph(
        l10n(
            "console-report-responses",
            title=section.title,
            responses=section.responded,
            audience=section.audience,
            unit=section.unit,
        )
    )
    if section.answered_by:
        doc.paragraph(l10n("console-report-answered-by", economies=", ".join(section.answered_by)))
    if not section.responded:
        doc.paragraph(l10n("console-report-no-data"), italic=True)
        return
    if charts_too:  # feedback: ratings first, then sessions, choices and free text
        order = {"scale": 0, "session_matrix": 1, "text": 3}
        for topic in section.topics:
            topic.questions.sort(key=lambda q: order.get(q.type, 2))
    for topic in section.topics:
        if topic.title:
            doc.heading(topic.title, 2)
        for item in topic.questions:
            _question(doc, item, l10n, charts_too=charts_too)


def _question(doc: _Doc, item: QuestionResult, l10n: Translator, *, charts_too: bool) -> None:
    from services.survey_results import chart_png

    doc.heading(item.text, 3)
    line = l10n("console-report-answered", answered=item.answered)
    if item.mean is not None:
        line += " · " + l10n("console-report-mean", mean=f"{item.mean:.2f}")
    if item.type == "number" and item.minimum is not None:
        line += " · " + l10n(
            "console-report-range", low=f"{item.minimum:g}", high=f"{item.maximum:g}"
        )
    doc.paragraph(line)
    if item.type == "text":
        if not item.texts:
            doc.paragraph(l10n("console-report-no-answers"), italic=True)
        for text in item.texts:
            doc.bullet(text)
        return
    if item.type == "session_matrix":
        doc.table(
            [
                l10n("console-report-col-session"),
                l10n("console-report-col-ratings"),
                l10n("console-report-col-mean"),
            ],
            [(s.title, s.rated, s.mean) for s in item.sessions],
        )
    elif item.counts:
        yes, no = l10n("console-yes"), l10n("console-no")

        def label(count: Any) -> str:
            if item.type == "yes_no":
                return yes if count.value is True else no
            if item.type == "scale" and item.min_label and item.max_label:
                if count.value == item.counts[0].value:
                    return f"{count.label} — {item.min_label}"
                if count.value == item.counts[-1].value:
                    return f"{count.label} — {item.max_label}"
            return str(count.label)

        doc.table(
            [
                l10n("console-report-col-answer"),
                l10n("console-report-col-count"),
                l10n("console-report-col-share"),
            ],
            [(label(c), c.count, f"{c.percent:g}%") for c in item.counts],
        )
    if charts_too and item.type in ("scale", "session_matrix"):
        png = chart_png(
            item,
            yes=l10n("console-yes"),
            no=l10n("console-no"),
            mean=l10n("console-report-mean-word"),
            median=l10n("console-report-median-word"),
        )
        if png is not None:
            doc.chart(png)
