"""Small HTML views of results for notebooks: a title, figures, a chart; no raw IDs.

Each result renders its own view from its own summary (its ``_fragment(lang)``, which its
``_repr_html_`` calls) with these pieces; :func:`bansos_validate.report.fragment` calls the
same method, so the report package renders nothing it would have to import back.
"""

from __future__ import annotations

from html import escape
from typing import Any

from bansos_validate._present import _svg

__all__ = ["codes_chart", "wrap"]

_STYLE = (
    "<style>.bv-frag{font-family:system-ui,sans-serif;font-size:13px}"
    ".bv-frag table{border-collapse:collapse}.bv-frag td,.bv-frag th{padding:2px 8px;"
    "border-bottom:1px solid #e2e8f0;text-align:left}.bv-frag td.n{text-align:right}"
    ".bv-frag svg{max-width:100%;height:auto}</style>"
)
_TOP = 10


def _rows(pairs: list[tuple[str, str]]) -> str:
    return "".join(f"<tr><th>{escape(k)}</th><td class='n'>{escape(v)}</td></tr>" for k, v in pairs)


def wrap(
    title: str, pairs: list[tuple[str, str]], chart: str = "", notes: list[str] | None = None
) -> str:
    """The fragment: *title*, a table of (label, figure) *pairs*, a *chart*, then *notes*.

    >>> "<th>Valid</th><td class='n'>3</td>" in wrap("TableCheck", [("Valid", "3")])
    True
    """
    listed = "".join(f"<li>{escape(note)}</li>" for note in notes or ())
    return (
        f"{_STYLE}<div class='bv-frag'><b>{escape(title)}</b>"
        f"<table>{_rows(pairs)}</table>{chart}{f'<ul>{listed}</ul>' if listed else ''}</div>"
    )


def codes_chart(codes: list[dict[str, Any]]) -> str:
    """A bar chart of the ten most frequent issue codes (``code``, ``severity``, ``count``)."""
    top = codes[:_TOP]
    return _svg.bars(
        [(c["code"], c["count"]) for c in top],
        colors=[_svg.COLORS[c["severity"]] for c in top],
        title="issues by code",
    )
