"""``generate()``: the clean population, the planted errors, the truth, in one call."""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Sequence

import numpy as np
import polars as pl

from bansos_validate import _arguments as _args
from bansos_validate.errors import InvalidArgument
from bansos_validate.synth._area import resolve_area
from bansos_validate.synth._people import build_latent
from bansos_validate.synth._plant import (
    TRUTH_COLUMNS,
    Truth,
    base_frame,
    household_frame,
    id_widths,
    plant_persons,
    plant_second_view,
)
from bansos_validate.synth._population import Population
from bansos_validate.synth._programs import PROGRAMS, build_rolls
from bansos_validate.synth._rates import ErrorRates, coerce_rates

__all__ = ["DEFAULT_REFERENCE_DATE", "generate"]

DEFAULT_REFERENCE_DATE = dt.date(2026, 1, 1)
"""The fixed default reference date: the same seed gives the same data on any day."""

_EARLIEST_REFERENCE = dt.date(2006, 1, 1)
_LATEST_REFERENCE = dt.date(2099, 12, 31)


MAX_HOUSEHOLDS = 2_000_000
"""The most households :func:`generate` makes in one call (about 7 million persons, some
gigabytes of memory); a larger population is generated region by region."""

_MAX_SEED = 2**128 - 1


def _check_int(name: str, value: object, minimum: int, maximum: int) -> int:
    checked: int = _args.integer(name, value, minimum=minimum, maximum=maximum)
    return checked


def _check_date(value: object) -> dt.date:
    if value is None:  # today would not be reproducible: synthetic data has a fixed date
        raise _args.fail("reference_date", "a date or ISO text 'YYYY-MM-DD'", value)
    value = _args.reference_date(value)
    if not _EARLIEST_REFERENCE <= value <= _LATEST_REFERENCE:
        raise InvalidArgument(
            f"Expected a reference_date from {_EARLIEST_REFERENCE} to {_LATEST_REFERENCE} "
            f"but got reference_date={value!r}"
        )
    return value


def generate(
    n_households: int = 1000,
    regions: Sequence[str] | str = ("3576",),
    seed: int = 0,
    error_rates: ErrorRates | dict[str, float] | None = None,
    reference_date: dt.date = DEFAULT_REFERENCE_DATE,
) -> Population:
    """Generate a synthetic population with planted errors and their ground truth.

    Households get real district and village codes of *regions*, families of plausible
    structure and ages, Indonesian names, NIKs and KK numbers valid by construction,
    socio-economic fields and program rolls by the published rules; then the errors of
    *error_rates* are planted, each recorded in ``truth``. Generation is vectorised
    (a million persons take well under a minute).

    The same arguments give the same tables, byte for byte, on any machine with the same
    versions of this library, numpy and Polars.

    Args:
        n_households: number of households (KK); about 3.5 persons each; from 1 to
            2,000,000 (``MAX_HOUSEHOLDS``: a larger population would take gigabytes of
            memory; generate it region by region).
        regions: Kemendagri regency (``"3576"``) or district (``"357601"``) codes;
            default Kota Mojokerto. BLT-DD only exists where there are desa, so a
            city of kelurahan alone (like the default) has an empty BLT-DD roll.
        seed: a non-negative integer (below 2**128).
        error_rates: ``ErrorRates``, a dict of overrides (``{"nik_typo": 0.01}``), or
            ``None`` for the defaults; ``ErrorRates.none()`` gives clean data.
        reference_date: the date ages, deaths, NIK centuries and the roll period
            (``periode``) refer to; fixed by default (2026-01-01), never today.

    Returns:
        The population.

    Raises:
        InvalidArgument: a bad argument (named in the message).

    >>> pop = generate(n_households=20, seed=1)
    >>> pop.households.height
    20
    >>> pop.persons.columns[:4]
    ['nik', 'no_kk', 'nama', 'jenis_kelamin']
    >>> sorted(pop.rolls)
    ['BLT-DD', 'BPNT', 'PBI-JK', 'PIP', 'PKH']
    """
    n = _check_int("n_households", n_households, 1, MAX_HOUSEHOLDS)
    seed = _check_int("seed", seed, 0, _MAX_SEED)
    ref = _check_date(reference_date)
    rates = coerce_rates(error_rates)
    codes = (regions,) if isinstance(regions, str) else tuple(_args.items("regions", regions))
    area = resolve_area(codes)

    lat = build_latent(seed, n, area, ref)
    base = base_frame(lat)
    truth = Truth()
    persons = plant_persons(seed, lat, base, rates, truth).frame
    second_view = plant_second_view(seed, lat, base, rates, truth)
    rolls = build_rolls(seed, lat, base, rates, truth)
    households = household_frame(lat)
    for program in PROGRAMS:
        flag = program.lower().replace("-", "_")
        households = households.with_columns(
            pl.col("household_id").is_in(rolls[program]["household_id"].implode()).alias(flag)
        )
    households = households.select(
        "no_kk",
        "desil",
        "kode_wilayah",
        "alamat",
        "rt",
        "rw",
        "pkh",
        "bpnt",
        "pbi_jk",
        "blt_dd",
        "pip",
        "household_id",
    )
    tables = {"persons": persons, "second_view": second_view}
    tables.update({f"rolls/{p}": rolls[p] for p in PROGRAMS})
    truth_frame = _truth_frame(truth, tables, lat.n_persons, lat.n_households)
    return Population(
        persons=persons.drop("_key"),
        households=households,
        rolls=types.MappingProxyType({p: rolls[p].drop("_key") for p in PROGRAMS}),
        second_view=second_view.drop("_key"),
        truth=truth_frame,
        seed=seed,
        reference_date=ref,
        error_rates=rates,
        regions=codes,
    )


def _positions(frame: pl.DataFrame) -> np.ndarray[tuple[int], np.dtype[np.int64]]:
    keys = frame["_key"].to_numpy()
    positions = np.full(int(keys.max()) + 1 if len(keys) else 0, -1, dtype=np.int64)
    positions[keys] = np.arange(len(keys), dtype=np.int64)
    return positions


def _truth_frame(
    truth: Truth, tables: dict[str, pl.DataFrame], n_persons: int, n_households: int
) -> pl.DataFrame:
    positions = {name: _positions(frame) for name, frame in tables.items()}
    rows: list[int | None] = []
    for table, key in zip(truth.table, truth.key, strict=True):
        rows.append(None if key is None else int(positions[table][key]))
    pw, hw = id_widths(n_persons, n_households)
    frame = pl.DataFrame(
        {
            "kind": pl.Series(truth.kind, dtype=pl.String),
            "table": pl.Series(truth.table, dtype=pl.String),
            "row": pl.Series(rows, dtype=pl.Int64),
            "column": pl.Series(truth.column, dtype=pl.String),
            "true_value": pl.Series(truth.true_value, dtype=pl.String),
            "observed_value": pl.Series(truth.observed_value, dtype=pl.String),
            "person": pl.Series(truth.person, dtype=pl.Int64),
            "household": pl.Series(truth.household, dtype=pl.Int64),
        }
    )
    frame = frame.with_columns(
        person_id=pl.when(pl.col("person").is_not_null()).then(
            pl.concat_str([pl.lit("P"), (pl.col("person") + 1).cast(pl.String).str.zfill(pw)])
        ),
        household_id=pl.when(pl.col("household").is_not_null()).then(
            pl.concat_str([pl.lit("H"), (pl.col("household") + 1).cast(pl.String).str.zfill(hw)])
        ),
    ).drop("person", "household")
    return frame.sort(
        ["table", "row", "column", "kind"], nulls_last=True, maintain_order=True
    ).select(TRUTH_COLUMNS)
