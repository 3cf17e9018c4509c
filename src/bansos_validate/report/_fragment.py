"""Small HTML views of result objects, for notebooks (``_repr_html_``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bansos_validate import _arguments as _args
from bansos_validate.errors import InvalidArgument
from bansos_validate.report import _model

if TYPE_CHECKING:
    from bansos_validate.issues import Lang

__all__ = ["fragment"]


def fragment(result: object, lang: Lang = "id") -> str:
    """Render a result object as a small HTML fragment (counts and a chart; no raw IDs).

    Supported: ``TableCheck``, ``HouseholdCheck``, ``MatchResult``, ``Decisions``,
    ``OverlapResult``, :class:`Report`, and any object with the results' rendering
    method ``_fragment(lang)`` (docs/architecture.md). Each result renders its own view
    from its own summary (its ``_repr_html_`` shows the same, in Bahasa Indonesia).

    Raises:
        InvalidArgument: *result* is not one of the supported objects.

    .. versionadded:: 0.1.0
    """
    lang = _args.lang(lang)
    if isinstance(result, _model.Report):
        return result.to_html(lang, max_rows=200)
    # The rendering protocol of results (docs/architecture.md): ``_fragment(lang)``.
    render = getattr(type(result), "_fragment", None)
    if callable(render):
        html: str = render(result, lang)
        return html
    raise InvalidArgument(
        "Expected a TableCheck, HouseholdCheck, MatchResult, Decisions, OverlapResult or "
        f"Report but got {type(result).__name__}"
    )
