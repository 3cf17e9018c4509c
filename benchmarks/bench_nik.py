"""Throughput of ``parse_nik`` and ``is_valid_nik`` against python-stdnum, in one run.

Usage::

    python benchmarks/bench_nik.py [N]

N NIKs (default 1,000,000; about 70% valid, the rest wrong in one way each, see
``benchmarks/_niks.py``) are checked by ``bansos_validate.parse_nik`` at full depth
(district lookup, date, every issue), by ``bansos_validate.is_valid_nik`` and by
``stdnum.id.nik.is_valid``. Goal (issue 2): ``parse_nik`` at least 4x stdnum.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _niks import generate
from stdnum.id import nik as stdnum_nik

import bansos_validate as bv


def _rate(label: str, func: Callable[[str], object], values: list[str]) -> float:
    start = time.perf_counter()
    valid = 0
    for value in values:  # results are not kept: this measures checking, not storing
        valid += func(value) is True
    seconds = time.perf_counter() - start
    rate = len(values) / seconds
    print(f"{label:<36} {seconds:7.2f} s  {rate:>12,.0f} NIK/s  ({valid:,} valid)")
    return rate


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    values = generate(n)
    ref = dt.date(2026, 11, 27)
    bv.parse_nik(values[0], reference_date=ref)  # load region data outside the timing
    stdnum_nik.is_valid(values[0])
    print(f"{n:,} NIKs, python {sys.version.split()[0]}")
    base = _rate("stdnum.id.nik.is_valid", stdnum_nik.is_valid, values)
    parse_nik = bv.parse_nik

    def parse_is_valid(value: str) -> bool:
        return parse_nik(value, reference_date=ref).is_valid

    parse = _rate("bansos_validate.parse_nik", parse_is_valid, values)
    valid = _rate(
        "bansos_validate.is_valid_nik", partial(bv.is_valid_nik, reference_date=ref), values
    )
    print(f"parse_nik / stdnum ratio:    {parse / base:5.2f}x (goal >= 4x)")
    print(f"is_valid_nik / stdnum ratio: {valid / base:5.2f}x")


if __name__ == "__main__":
    main()
