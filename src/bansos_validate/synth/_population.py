"""The generated population and how it is written to files."""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import attrs

from bansos_validate import _arguments as _args
from bansos_validate.errors import InvalidArgument

if TYPE_CHECKING:
    import polars as pl

    from bansos_validate.synth._rates import ErrorRates

__all__ = ["EXCEL_MAX_ROWS", "Population"]

EXCEL_MAX_ROWS = 1_048_575
"""Data rows an Excel sheet can hold (1,048,576 rows less the header)."""

Format = Literal["csv", "parquet", "xlsx"]


@attrs.frozen(slots=True, eq=False, repr=False)
class Population:
    """A synthetic population: the tables as offices hold them, and the truth about them.

    Attributes:
        persons: the social-assistance roster (DTSEN-like), one row per household member,
            canonical columns (``bansos_validate.schema.PERSON_COLUMNS``; ``docs/tables.md``,
            "Canonical columns"), with planted errors.
        households: one row per KK: ``no_kk``, ``desil``, ``kode_wilayah``, ``alamat``,
            ``rt``, ``rw``, program flags ``pkh``, ``bpnt``, ``pbi_jk``, ``blt_dd``,
            ``pip`` (the household has a row on that roll) and ``household_id``.
        rolls: program name (``PKH``, ``BPNT``, ``PBI-JK``, ``BLT-DD``, ``PIP``) -> roll
            with ``program``, ``nik``, ``no_kk``, ``nama``, ``kode_wilayah``,
            ``periode``, ``person_id``, ``household_id``.
        second_view: the same people as the civil registry holds them (clean
            identifiers, its own spelling of names, newer KK numbers), in its own order.
        truth: one row per planted error: ``kind``, ``table``, ``row`` (0-based row in
            that table; null when the error is a missing row), ``column``,
            ``true_value``, ``observed_value`` (text, null where there is none),
            ``person_id``, ``household_id``.
        seed: the seed it was generated from.
        reference_date: the date ages, deaths and the roll period refer to.
        error_rates: the rates the errors were planted with.
        regions: the regency and district codes asked for.

    ``person_id`` (``P00000001``) and ``household_id`` (``H0000001``) are synthetic-only
    columns: the true identity of each row, for testing matching and deduplication.
    Real data has no such columns.
    """

    persons: pl.DataFrame
    households: pl.DataFrame
    rolls: Mapping[str, pl.DataFrame]
    second_view: pl.DataFrame
    truth: pl.DataFrame
    seed: int
    reference_date: dt.date
    error_rates: ErrorRates
    regions: tuple[str, ...]

    def __repr__(self) -> str:
        return (
            f"<Population seed={self.seed} regions={','.join(self.regions)} "
            f"{self.households.height:,} households, {self.persons.height:,} person rows, "
            f"{self.truth.height:,} planted errors>"
        )

    def table(self, name: str) -> pl.DataFrame:
        """Return a table by the name the truth uses: ``persons``, ``rolls/PKH``...

        Raises:
            InvalidArgument: the name is not a table of this population.
        """
        tables = self.tables()
        if not isinstance(name, str) or name not in tables:
            shown = _args.shown(name)
            raise InvalidArgument(f"Unknown table {shown}; expected one of {', '.join(tables)}")
        return tables[name]

    def tables(self) -> dict[str, pl.DataFrame]:
        """Return every table by name.

        The names are ``persons``, ``households``, ``second_view``, ``truth`` and
        ``rolls/<program>``, as in the truth's ``table`` column.
        """
        out = {
            "persons": self.persons,
            "households": self.households,
            "second_view": self.second_view,
            "truth": self.truth,
        }
        out.update({f"rolls/{program}": frame for program, frame in self.rolls.items()})
        return out

    def write(self, path: str | os.PathLike[str], format: Format = "csv") -> list[Path]:  # noqa: A002 - the natural name
        """Write one file per table into the folder *path* (created if needed).

        Files are ``persons``, ``households``, ``second_view``, ``truth`` and
        ``rolls_<program>`` (``rolls_PBI-JK.csv``). Identifiers are written as text.
        The same population gives the same bytes in CSV and Parquet.

        Args:
            path: the folder.
            format: ``csv``, ``parquet`` or ``xlsx`` (one workbook per table; needs the
                ``xlsxwriter`` package; a sheet holds at most 1,048,575 rows).

        Returns:
            The paths written.

        Raises:
            InvalidArgument: an unknown format, or a table too long for an Excel sheet.
            ImportError: ``xlsx`` without ``xlsxwriter`` installed.
        """
        _args.choice("format", format, ("csv", "parquet", "xlsx"))
        if not isinstance(path, str | os.PathLike) or not str(os.fspath(path)).strip():
            raise _args.fail("path", "a folder path (str or os.PathLike)", path)
        if "\0" in str(os.fspath(path)):
            raise _args.fail("path", "a folder path without NUL characters", path)
        tables = {name.replace("/", "_"): frame for name, frame in self.tables().items()}
        if format == "xlsx":
            _require_xlsxwriter()
            for name, frame in tables.items():
                if frame.height > EXCEL_MAX_ROWS:
                    raise InvalidArgument(
                        f"Table {name} has {frame.height:,} rows; an Excel sheet holds at most "
                        f"{EXCEL_MAX_ROWS:,}: write csv or parquet instead"
                    )
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        for name, frame in tables.items():
            target = folder / f"{name}.{format}"
            if format == "csv":
                frame.write_csv(target)
            elif format == "parquet":
                frame.write_parquet(target)
            else:
                _write_xlsx(frame, target, name, self.reference_date)
            written.append(target)
        return written


def _require_xlsxwriter() -> None:
    try:
        importlib.import_module("xlsxwriter")
    except ImportError as exc:
        raise ImportError(
            "Writing .xlsx files needs the xlsxwriter package: pip install xlsxwriter"
        ) from exc


def _write_xlsx(frame: pl.DataFrame, target: Path, sheet: str, created: dt.date) -> None:
    xlsxwriter = importlib.import_module("xlsxwriter")
    workbook = xlsxwriter.Workbook(str(target))
    # A fixed creation date keeps the file the same from run to run.
    workbook.set_properties(
        {"created": dt.datetime(created.year, created.month, created.day, tzinfo=dt.UTC)}
    )
    frame.write_excel(workbook=workbook, worksheet=sheet[:31], autofit=False)
    workbook.close()
