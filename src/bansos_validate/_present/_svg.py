"""Inline SVG bar charts, drawn here so that the report needs no script or network.

>>> svg = bars([("nik_dummy", 12), ("kk_missing", 3)])
>>> svg.startswith('<svg class="chart"') and svg.count("<rect") == 2
True
>>> bars([])
''
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

__all__ = ["COLORS", "bars", "plain", "stacked_bars"]

COLORS = {
    "valid": "#2f855a",
    "warning": "#d69e2e",
    "invalid": "#c53030",
    "excel_damaged": "#805ad5",
    "skipped": "#cbd5e0",
    "error": "#c53030",
    "info": "#3182ce",
    "eligible": "#2f855a",
    "not_eligible": "#a0aec0",
    "undetermined": "#d69e2e",
    "bar": "#2b6cb0",
}

_WIDTH = 720
_LABEL = 230
_ROW = 22
_PAD = 6
_MAX_LABEL_CHARS = 34


def _label(text: str) -> str:
    return text if len(text) <= _MAX_LABEL_CHARS else text[: _MAX_LABEL_CHARS - 1] + "…"


def plain(value: float) -> str:
    """Digits grouped by a narrow no-break space, which reads the same in both languages."""
    return f"{value:,.0f}".replace(",", "\u202f")


def _open(height: int, title: str) -> str:
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{escape(title)}" viewBox="0 0 {_WIDTH} {height}" '
        f'width="{_WIDTH}" height="{height}">'
    )


def bars(
    items: Sequence[tuple[str, float]],
    *,
    title: str = "",
    color: str = COLORS["bar"],
    colors: Sequence[str] | None = None,
    fmt: Callable[[float], str] = plain,
) -> str:
    """Draw a horizontal bar chart, one labelled bar per item (``''`` when empty).

    Args:
        items: ``(label, value)`` pairs, drawn top to bottom.
        title: the accessible name of the chart.
        color: the bar colour.
        colors: one colour per item, instead of *color*.
        fmt: formats the value printed at the end of each bar.
    """
    if not items:
        return ""
    top = max((value for _, value in items), default=0) or 1
    span = _WIDTH - _LABEL - 110
    height = len(items) * _ROW + 2 * _PAD
    parts = [_open(height, title)]
    for i, (label, value) in enumerate(items):
        y = _PAD + i * _ROW
        width = max(value / top * span, 1.5) if value > 0 else 0
        fill = colors[i] if colors is not None else color
        shown = fmt(value)
        parts.append(
            f'<text x="{_LABEL - 8}" y="{y + 15}" text-anchor="end" class="label">'
            f"{escape(_label(label))}</text>"
            f'<rect x="{_LABEL}" y="{y + 3}" width="{width:.1f}" height="{_ROW - 6}" '
            f'fill="{fill}"><title>{escape(label)}: {escape(shown)}</title></rect>'
            f'<text x="{_LABEL + width + 6:.1f}" y="{y + 15}" class="value">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def stacked_bars(
    rows: Sequence[tuple[str, Sequence[float]]],
    series: Sequence[str],
    *,
    title: str = "",
    fmt: Callable[[float], str] = plain,
) -> str:
    """Draw horizontal stacked bars: one bar per row, one segment per series.

    Args:
        rows: ``(label, values)``, one value per entry of *series*.
        series: the series names; their colours come from :data:`COLORS`.
        title: the accessible name of the chart.
        fmt: formats the total printed at the end of each bar.
    """
    if not rows:
        return ""
    top = max((sum(values) for _, values in rows), default=0) or 1
    span = _WIDTH - _LABEL - 110
    height = len(rows) * _ROW + 2 * _PAD
    parts = [_open(height, title)]
    for i, (label, values) in enumerate(rows):
        y = _PAD + i * _ROW
        x = float(_LABEL)
        parts.append(
            f'<text x="{_LABEL - 8}" y="{y + 15}" text-anchor="end" class="label">'
            f"{escape(_label(label))}</text>"
        )
        for name, value in zip(series, values, strict=True):
            if value <= 0:
                continue
            width = max(value / top * span, 1.5)
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 3}" width="{width:.1f}" height="{_ROW - 6}" '
                f'fill="{COLORS.get(name, COLORS["bar"])}"><title>{escape(label)}, '
                f"{escape(name)}: {escape(fmt(value))}</title></rect>"
            )
            x += width
        parts.append(
            f'<text x="{x + 6:.1f}" y="{y + 15}" class="value">{escape(fmt(sum(values)))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
