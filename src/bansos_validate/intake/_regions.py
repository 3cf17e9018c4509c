"""Region codes as officers' files hold them: text, dotted, or a number cell.

A Kemendagri code has no leading zero (provinces run from 11), so a number cell loses
nothing but its type: ``3573011001.0`` is the village ``3573011001``. Every reader of
``kode_wilayah`` reads it through :func:`region_code`, so a village code typed as a
number is the same village in the table check, the matcher and the overlap engine.

>>> import polars as pl, narwhals as nw
>>> cells = ["35.73.01.1001", "3573011001.0", " 3573 ", "3573011001.0 "]
>>> codes = nw.from_native(pl.DataFrame({"k": cells}))
>>> codes.select(region_code(nw.col("k"))).to_native()["k"].to_list()
['3573011001', '3573011001', '3573', '3573011001']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import narwhals as nw

__all__ = ["NOT_REGION_DIGITS", "region_code"]

NOT_REGION_DIGITS = r"[.,]0+\s*$|[^0-9]"
"""What a region code loses when read, in one pass: at a separator, the ``.0`` that ends
the cell goes whole (with any space after it); any other character that is not a digit
goes alone. Polars readers that do not go through narwhals use it directly."""


def region_code(column: nw.Expr) -> nw.Expr:
    """The digits of a region code.

    A trailing ``.0`` of a number cell is dropped, then every separator (dots, spaces,
    dashes).
    """
    import narwhals as nw  # noqa: PLC0415 - the package imports no frame library

    return column.cast(nw.String).str.replace_all(NOT_REGION_DIGITS, "")
