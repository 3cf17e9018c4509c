"""pandas frames read into Polars, column by column where a column mixes Python objects.

pandas keeps columns of ``object`` dtype: any Python values side by side (text, numbers,
dates, ``None``, ``NaN``, lone surrogates). Polars and Arrow need one type per column.
The readers here never stop on such a column: they read it as text, or keep the odd
values apart so the caller can report them.

Each capability reads what it needs:

* :func:`pandas_frame`: the whole frame, Polars' own conversion first, then column by
  column with mixed columns as text (overlap rolls, reference lists, the writers);
* :func:`pandas_column` with ``objects``: an identifier column whose non-text values are
  replaced by markers and kept in ``objects`` (the table check reports them);
* :func:`pandas_column` with ``as_text=True``: every value as text, dates as ISO dates
  (the household check, which compares text);
* :func:`pandas_values`: the values as Polars reads them, text when a column is mixed,
  an error naming the column when it cannot be read at all (eligibility rules).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from bansos_validate._frames._text import text_value
from bansos_validate.errors import SchemaError

if TYPE_CHECKING:
    import polars as pl

__all__ = ["pandas_column", "pandas_frame", "pandas_values"]


def _is_nan(value: object) -> bool:
    return isinstance(value, float) and value != value  # noqa: PLR0124 - NaN


def pandas_frame(native: Any, what: str) -> pl.DataFrame:
    """A pandas frame as a Polars frame; a column of mixed Python objects read as text.

    Raises:
        SchemaError: a column of a non-object dtype Polars cannot read.
    """
    import polars as pl  # noqa: PLC0415

    try:
        converted: pl.DataFrame = pl.from_pandas(native)
    except (TypeError, ValueError, pl.exceptions.PolarsError, ImportError):
        pass
    else:
        return converted
    columns = {}
    for name in native.columns:
        series = native[name]
        if series.dtype == object:
            columns[str(name)] = pl.Series(
                str(name),
                [None if v is None or _is_nan(v) else text_value(str(v)) for v in series.tolist()],
                dtype=pl.String,
            )
        else:
            try:
                columns[str(name)] = pl.from_pandas(series)
            except (TypeError, ValueError, pl.exceptions.PolarsError) as exc:
                raise SchemaError(
                    f"the {what} column {name!r} cannot be read ({exc}); give it one type",
                    column=str(name),
                    found=[str(c) for c in native.columns],
                ) from None
    return pl.DataFrame(columns)


def pandas_column(
    name: str,
    series: Any,
    *,
    objects: dict[str, dict[str, object]] | None = None,
    as_text: bool = False,
) -> pl.Series:
    r"""One pandas column as a Polars series named *name*.

    A column of a non-object dtype is converted by Polars. An object column is read:

    * with *objects* given (an identifier column): text kept (lone surrogates replaced),
      ``None`` kept, any other Python object replaced by the marker ``"\\x00{position}"``
      and recorded in ``objects[name][marker]``;
    * with *as_text*: every value as text, dates as ``YYYY-MM-DD``, ``None``/``NaN``/
      ``<NA>``/``NaT`` as null;
    * otherwise: as Polars reads the values, or as text when they are of mixed types.
    """
    import polars as pl  # noqa: PLC0415

    if series.dtype != object:
        return pl.Series(pl.from_pandas(series.rename(name)))
    if objects is not None:
        originals: dict[str, object] = {}
        out: list[str | None] = []
        for i, value in enumerate(series.tolist()):
            if isinstance(value, str):
                out.append(text_value(value))
            elif value is None:
                out.append(None)
            else:
                marker = f"\x00{i}"
                originals[marker] = value
                out.append(marker)
        objects[name] = originals
        return pl.Series(name, out, dtype=pl.String)
    if as_text:
        texts: list[str | None] = []
        for value in series.tolist():
            if value is None or _is_nan(value):
                texts.append(None)
            elif isinstance(value, dt.date):
                texts.append(value.isoformat()[:10])
            else:
                text = text_value(str(value))
                texts.append(None if text in {"<NA>", "NaT"} else text)
        return pl.Series(name, texts, dtype=pl.String)
    import pandas as pd  # noqa: PLC0415 - only reached with pandas input

    try:
        return pl.Series(name, series.tolist())
    except (TypeError, ValueError, pl.exceptions.PolarsError):
        return pl.Series(
            name,
            [None if v is None or v is pd.NA else text_value(str(v)) for v in series.tolist()],
            dtype=pl.String,
        )


def pandas_values(native: Any, what: str) -> pl.DataFrame:
    """A pandas frame as Polars, column by column: Polars' reading, else values, else text.

    Raises:
        SchemaError: a column pandas itself fails to give (the message names it).
    """
    import polars as pl  # noqa: PLC0415 - the embedded engine

    columns = []
    for name in native.columns:
        series = native[name]
        try:
            columns.append(pl.from_pandas(series.rename(str(name))))
        except (TypeError, ValueError, pl.exceptions.PolarsError, ImportError):
            values = [
                None if v is None or _is_nan(v) else text_value(v) if isinstance(v, str) else v
                for v in series.tolist()
            ]
            try:
                columns.append(pl.Series(str(name), values))
            except (TypeError, ValueError, pl.exceptions.PolarsError):
                columns.append(
                    pl.Series(
                        str(name),
                        [None if v is None else text_value(str(v)) for v in values],
                        dtype=pl.String,
                    )
                )
        except Exception as exc:  # noqa: BLE001 - pandas raises several kinds
            raise SchemaError(
                f"the {what} column {name!r} cannot be read ({type(exc).__name__}); "
                "give it one type",
                column=str(name),
                found=[str(c) for c in native.columns],
            ) from None
    return pl.DataFrame(columns)
