"""Vectorised table checks on any dataframe: :func:`check_table`."""

from __future__ import annotations

from bansos_validate.table._check import TableCheck, check_table

__all__ = ["TableCheck", "check_table"]

for _obj in (TableCheck, check_table):
    _obj.__module__ = __name__
