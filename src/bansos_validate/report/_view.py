"""What the renderers read of a report: a protocol, so that they need not import ``Report``.

``Report`` (``report/_model.py``) calls the HTML renderer and the folder writer; they
take anything with these members, and so import nothing back from the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import datetime as dt

    import polars as pl

    from bansos_validate.intake import Manifest
    from bansos_validate.issues import Lang
    from bansos_validate.rules import Decisions
    from bansos_validate.table import TableCheck

__all__ = ["ReportView"]


class ReportView(Protocol):
    """The members of :class:`bansos_validate.report.Report` the renderers read."""

    @property
    def table(self) -> TableCheck | None: ...

    @property
    def decisions(self) -> tuple[Decisions, ...]: ...

    @property
    def title(self) -> str | None: ...

    @property
    def synthetic(self) -> bool: ...

    @property
    def generated_at(self) -> dt.datetime: ...

    @property
    def manifest(self) -> Manifest: ...

    def findings(self, lang: Lang = "id", *, unmasked: bool = False) -> pl.DataFrame: ...

    def summary(self, lang: Lang = "id") -> dict[str, Any]: ...

    def to_html(
        self, lang: Lang = "id", *, unmasked: bool = False, max_rows: int = 2000
    ) -> str: ...
