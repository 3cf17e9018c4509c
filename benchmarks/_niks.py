"""Generate a reproducible mix of valid and invalid NIKs for the NIK benchmarks."""

from __future__ import annotations

import random

from bansos_validate import regions

#: Share of each kind in the generated mix (the rest is valid).
MIX = {
    "valid": 0.70,
    "wrong_length": 0.05,
    "letters": 0.03,
    "bad_day": 0.05,
    "bad_month": 0.03,
    "bad_date": 0.02,
    "serial_zero": 0.03,
    "bad_province": 0.03,
    "unknown_district": 0.03,
    "dummy": 0.03,
}


def generate(n: int, seed: int = 0) -> list[str]:
    """Return *n* NIK strings: about 70% valid, the rest wrong in one way each."""
    rng = random.Random(seed)
    districts = [d.code for d in regions.districts()]
    kinds = list(MIX)
    weights = list(MIX.values())
    out: list[str] = []
    for kind in rng.choices(kinds, weights, k=n):
        district = rng.choice(districts)
        day = rng.randint(1, 28) + rng.choice((0, 40))
        month = rng.randint(1, 12)
        year = rng.randint(0, 99)
        serial = rng.randint(1, 9999)
        if kind == "bad_day":
            day = rng.choice((0, 32, 35, 40, 72, 85, 99))
        elif kind == "bad_month":
            month = rng.choice((0, 13, 19, 99))
        elif kind == "bad_date":
            day, month = 30 + rng.choice((0, 40)), 2
        elif kind == "serial_zero":
            serial = 0
        elif kind == "bad_province":
            district = rng.choice(("10", "20", "30", "40", "99")) + district[2:]
        elif kind == "unknown_district":
            district = district[:4] + "99"
        nik = f"{district}{day:02d}{month:02d}{year:02d}{serial:04d}"
        if kind == "wrong_length":
            nik = nik[: rng.choice((12, 15))] if rng.random() < 0.5 else nik + "1"
        elif kind == "letters":
            nik = nik[:10] + "O" + nik[11:]
        elif kind == "dummy":
            nik = str(rng.randint(0, 9)) * 16
        out.append(nik)
    return out
