"""Frames in, the same frame type out, over the one frame boundary.

The matcher works on eager Polars frames in process. An input of another kind (pandas,
PyArrow, a Polars lazy frame, a DuckDB relation, a PySpark DataFrame) is read once
through :mod:`bansos_validate._frames` (lazy ones are collected, Spark's to the driver);
results are turned back into the kind of frame the caller gave.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bansos_validate import _frames

if TYPE_CHECKING:
    import polars as pl

__all__ = ["FrameKind", "read", "to_native"]

FrameKind = _frames.Adopted[Any]
"""What kind of frame the caller gave (the adopted frame, which knows how to give back)."""


def read(frame: Any, side: str) -> tuple[pl.DataFrame, FrameKind]:
    """Return ``frame`` as an eager Polars frame, and what kind of frame it was.

    Raises:
        InvalidArgument: ``frame`` is not a data frame narwhals can read.
    """
    adopted = _frames.adopt(frame, side)
    return adopted.to_polars(side), adopted


def to_native(frame: pl.DataFrame, kind: FrameKind) -> Any:
    """Return the Polars ``frame`` as the caller's kind of frame."""
    return kind.give_back(frame)
