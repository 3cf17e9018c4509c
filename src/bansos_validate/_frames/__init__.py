"""The frame boundary: a caller's frame adopted once, computed on one engine, given back.

Every capability (tables, households, rules, matching, overlaps, the writers and the
report) takes the caller's frame through this package and gives results back through it,
so that knowing which library a frame comes from is written once:

* :func:`wrap` turns any supported frame (pandas, Polars eager or lazy, PyArrow, a DuckDB
  relation, a PySpark DataFrame, or a narwhals frame) into a narwhals frame, or raises
  :class:`~bansos_validate.errors.InvalidArgument`;
* :class:`Kind` says which of those it is and :class:`Engine` which engine computes it;
  capabilities ask a :class:`Kind` (``kind.polars``, ``kind.spark``...), never the
  frame's ``implementation``;
* :class:`Adopted` (from :func:`adopt`) holds the caller's frame, and gives a Polars
  result back as the caller's kind (:meth:`Adopted.give_back`);
* the engine-specific operations live here: a row index (:func:`add_index`), computing a
  plan once (:func:`materialize`, :func:`collect`), reading any frame into Polars
  (:func:`to_polars`, :func:`pandas_column`) and putting result columns beside the
  caller's own (:func:`attach`).

This package imports only :mod:`bansos_validate.errors` from the library (layer 1 of
``docs/architecture.md``); Polars, narwhals and the optional engines are imported on use.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from bansos_validate._frames._engine import (
    Adopted,
    Engine,
    Kind,
    add_index,
    adopt,
    attach,
    collect,
    collect_polars,
    implementation,
    kind_of,
    materialize,
    spark_frame,
    to_polars,
    wrap,
)
from bansos_validate._frames._pandas import pandas_column, pandas_frame, pandas_values
from bansos_validate._frames._text import text_value

__all__ = [
    "Adopted",
    "Engine",
    "Kind",
    "add_index",
    "adopt",
    "attach",
    "collect",
    "collect_polars",
    "implementation",
    "kind_of",
    "materialize",
    "pandas_column",
    "pandas_frame",
    "pandas_values",
    "spark_frame",
    "text_value",
    "to_polars",
    "wrap",
]
