"""Charts as PNG bytes (matplotlib's Agg canvas, imported only when a chart is drawn).

The object API (`Figure` + `FigureCanvasAgg`) is used instead of pyplot: no global
state, no GUI backend, safe to call from several tasks or threads. Labels may be Cyrillic
(DejaVu Sans ships with matplotlib); keep emoji out of them.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from typing import Any

PALETTE = ("#2b6cb0", "#dd6b20", "#38a169", "#805ad5", "#d53f8c", "#718096", "#d69e2e")
DPI = 110


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=DPI, layout="constrained")


def _png(figure: Any) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: dict[str, Sequence[float]],
    *,
    horizontal: bool = False,
    ylabel: str | None = None,
) -> bytes:
    """Grouped bars: one group per label, one bar per series (a legend if several)."""
    labels = [_wrap(label, 32 if horizontal else 16) for label in labels]
    count = max(len(labels), 1)
    if horizontal:
        figure = _figure(7.0, max(2.5, 0.32 * count * max(len(series), 1) + 1.2))
    else:
        figure = _figure(max(5.0, min(12.0, 0.6 * count * max(len(series), 1) + 2)), 4.0)
    ax = figure.add_subplot()
    width = 0.8 / max(len(series), 1)
    positions = list(range(len(labels)))
    for i, (name, values) in enumerate(series.items()):
        offsets = [p - 0.4 + width * (i + 0.5) for p in positions]
        color = PALETTE[i % len(PALETTE)]
        if horizontal:
            bars = ax.barh(offsets, values, height=width, label=name, color=color)
        else:
            bars = ax.bar(offsets, values, width=width, label=name, color=color)
        ax.bar_label(bars, fmt=_number_format(values), fontsize=8, padding=2)
    if horizontal:
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        ax.margins(x=0.12)
    else:
        ax.set_xticks(positions, labels, rotation=30 if count > 5 else 0, ha="right")
        ax.margins(y=0.12)
    if max((max(values, default=0) for values in series.values()), default=0) <= 0:
        (ax.set_xlim if horizontal else ax.set_ylim)(0, 1)  # nothing yet: a plain axis
    if all(_number_format(values) == "%d" for values in series.values()):
        from matplotlib.ticker import MaxNLocator

        (ax.xaxis if horizontal else ax.yaxis).set_major_locator(MaxNLocator(integer=True))
    if ylabel:
        (ax.set_xlabel if horizontal else ax.set_ylabel)(ylabel)
    ax.set_title(title)
    if len(series) > 1:
        ax.legend(fontsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _png(figure)


def pie_chart(title: str, labels: Sequence[str], values: Sequence[float]) -> bytes:
    """Shares of a whole, with the count and the percentage on each slice."""
    figure = _figure(5.5, 4.0)
    ax = figure.add_subplot()
    shown = [(label, value) for label, value in zip(labels, values, strict=True) if value > 0]
    total = sum(v for _, v in shown)
    if not shown:
        ax.text(0.5, 0.5, "0", ha="center", va="center", fontsize=20)
        ax.set_axis_off()
    else:
        ax.pie(
            [v for _, v in shown],
            labels=[label for label, _ in shown],
            colors=PALETTE[: len(shown)],
            autopct=lambda pct: f"{round(pct * total / 100):d} ({pct:.0f}%)",
            startangle=90,
            counterclock=False,
            textprops={"fontsize": 9},
        )
        ax.axis("equal")
    ax.set_title(title)
    return _png(figure)


def _wrap(text: str, width: int) -> str:
    """At most three lines of `width` characters (the rest cut with an ellipsis)."""
    if len(text) <= width:
        return text
    lines = textwrap.wrap(text, width) or [text]
    if len(lines) > 3:
        lines = [*lines[:2], lines[2][: width - 1] + "…"]
    return "\n".join(lines)


def _number_format(values: Sequence[float]) -> str:
    return (
        "%.1f" if any(isinstance(v, float) and not float(v).is_integer() for v in values) else "%d"
    )
