"""Demo: check a handful of synthetic NIK and KK values and print what is wrong.

Run with ``python examples/demo.py``. Every number here is synthetic, built with
``nik.compose`` from real Kota Mojokerto district codes; none belongs to a person.
"""

from __future__ import annotations

import datetime as dt

import bansos_validate as bv
from bansos_validate.ids import kk, nik

REF = dt.date(2026, 11, 27)


def samples() -> list[tuple[str, object]]:
    """Return (description, value) pairs: clean values and the mistakes real data has."""
    woman = nik.compose("357601", dt.date(1991, 3, 4), "P", 3)
    child = nik.compose("357602", dt.date(2010, 8, 17), "L", 12)
    return [
        ("clean, woman born 1991", woman),
        ("clean, child born 2010", child),
        ("spaces and dashes", f"{woman[:4]} {woman[4:8]}-{woman[8:12]}-{woman[12:]}"),
        ("Excel scientific notation", "3.57601E+15"),
        ("Excel number, 16th digit lost", float(woman[:15] + "0")),
        ("typo: a letter O for zero", woman[:6] + "O" + woman[7:]),
        ("17 digits", woman + "1"),
        ("day 85 (impossible)", woman[:6] + "85" + woman[8:]),
        ("serial 0000", woman[:12] + "0000"),
        ("province 10 (does not exist)", "10" + woman[2:]),
        ("dummy value", "1234567890123456"),
        ("pre-2022 Papua code (Merauke)", "910101" + woman[6:]),
        ("placeholder birth date 1 July", nik.compose("357603", dt.date(1960, 7, 1), "L", 7)),
    ]


def main() -> None:
    """Print one line per sample: masked value, status and the issues in Bahasa Indonesia."""
    print(f"bansos-validate {bv.__version__}; region data {bv.regions.data_version()['decree']}")
    print(f"reference date {REF}\n")
    for description, value in samples():
        info = bv.parse_nik(value, reference_date=REF)
        print(f"{description:<32} {bv.mask_nik(value):<20} {info.status}")
        for issue in info.issues:
            print(f"{'':<32}   {issue.severity.value:<7} {issue.code}: {issue.message()}")
    family = kk.compose("357601", dt.date(2019, 5, 20), 41)
    print(f"\nKK {bv.mask_kk(family)}: {bv.parse_kk(family, reference_date=REF).status}")


if __name__ == "__main__":
    main()
