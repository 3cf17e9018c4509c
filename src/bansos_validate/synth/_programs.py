"""Program rolls drawn by the published rules (docs/domain.md, "Programs"), then errors.

Rules applied to the clean population at the reference date (living members only):

* **PKH** (household; recipient is the wife, else the head): desil <= 4, at least one
  component (pregnant, age < 6, in SD/SMP/SMA, severe disability, age >= 70) and no
  PNS/TNI/POLRI member.
* **BPNT** (household): desil <= 4 and no PNS/TNI/POLRI member; every PKH household,
  and 70% of the others (the programme has a quota).
* **BLT-DD** (household, desa only: it is paid from village funds): desil <= 4, not on
  PKH or BPNT, no PNS/TNI/POLRI member and no village official.
* **PBI-JK** (every living member): desil <= 5, no PNS/TNI/POLRI/BUMN member.
* **PIP** (pupils aged 6-21 in SD/SMP/SMA): desil <= 4 or a PKH household, no
  PNS/TNI/POLRI member.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from bansos_validate import regions
from bansos_validate.synth._people import (
    EXCLUDED_OCCUPATIONS,
    FORMAL_OCCUPATIONS,
    HEAD,
    ISTRI,
    O_VILLAGE,
    SD,
    SMA,
    SMP,
    assign_serials,
    compose_numbers,
    ymd,
)
from bansos_validate.synth._random import select, stream

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from bansos_validate.synth._people import Latent
    from bansos_validate.synth._plant import Truth
    from bansos_validate.synth._rates import ErrorRates

__all__ = ["BPNT_QUOTA", "PROGRAMS", "build_rolls", "periode"]

PROGRAMS = ("PKH", "BPNT", "PBI-JK", "BLT-DD", "PIP")
"""Program names, the keys of ``Population.rolls``."""

HOUSEHOLD_PROGRAMS = frozenset({"PKH", "BPNT", "BLT-DD"})

BPNT_QUOTA = 0.7
"""Share of eligible non-PKH households that BPNT reaches (PKH households all get it)."""

_ROLL_COLUMNS = (
    "program",
    "nik",
    "no_kk",
    "nama",
    "kode_wilayah",
    "periode",
    "person_id",
    "household_id",
)


def periode(ref_year: int, ref_month: int) -> str:
    """Return the quarter of a date as written on rolls: ``2026-Q1``.

    >>> periode(2026, 11)
    '2026-Q4'
    """
    return f"{ref_year}-Q{(ref_month - 1) // 3 + 1}"


def _per_household(lat: Latent, mask: NDArray[np.bool_]) -> NDArray[np.bool_]:
    return np.bincount(lat.p_hh, weights=mask, minlength=lat.n_households) > 0


def _recipients(lat: Latent) -> NDArray[np.int64]:
    """Return who receives each household's aid (-1: nobody is alive).

    The wife, else the head, else the oldest living member.
    """
    alive = lat.p_alive
    score = np.full(lat.n_persons, 9, dtype=np.int64)
    score[alive] = 2
    score[alive & (lat.p_role == HEAD)] = 1
    score[alive & (lat.p_role == ISTRI)] = 0
    order = np.lexsort((np.arange(lat.n_persons), score, lat.p_hh))
    first = order[lat.hh_start]
    return np.where(score[first] < 9, first, -1).astype(np.int64)


class _Roll:
    """Rows of one roll as person indices, with overrides for planted rows."""

    def __init__(self, program: str, persons: NDArray[np.int64]) -> None:
        self.program = program
        self.persons: list[int] = persons.tolist()
        self.kept = len(self.persons)
        self.nik: list[str | None] = [None] * len(self.persons)
        self.village: list[str | None] = [None] * len(self.persons)
        # (kind, row, column, true value, observed value or None for the row's NIK)
        self.planted: list[tuple[str, int, str, str | None, str | None]] = []

    def plant(
        self,
        kind: str,
        person: int,
        *,
        nik: str | None = None,
        village: str | None = None,
        truth: tuple[str, str | None] = ("nik", None),
    ) -> None:
        """Add a row for *person* and remember its truth row (column, true value)."""
        self.persons.append(person)
        self.nik.append(nik)
        self.village.append(village)
        column, true_value = truth
        observed = village if column == "kode_wilayah" else nik
        self.planted.append((kind, len(self.persons) - 1, column, true_value, observed))

    def kept_persons(self) -> NDArray[np.int64]:
        """The rule-based rows left after exclusion errors (the unit of row-level kinds)."""
        return np.asarray(self.persons[: self.kept], dtype=np.int64)


def _other_villages(lat: Latent, rng: np.random.Generator, count: int) -> list[str]:
    """Village codes in other regencies of the same province (a person enrolled twice).

    None when the population covers every regency of the country: there is no other.
    """
    targets = set(lat.area.regency_codes)
    province = lat.area.regency_codes[0][:2]
    others = [r.code for r in regions.regencies(province) if r.code not in targets]
    if not others:
        others = [r.code for r in regions.regencies() if r.code not in targets]
    if not others:
        return []
    out: list[str] = []
    for u in rng.random((count, 3)):
        regency = others[int(u[0] * len(others))]
        districts = regions.districts(regency)
        villages = regions.villages(districts[int(u[1] * len(districts))].code)
        out.append(villages[int(u[2] * len(villages))].code)
    return out


def _pick(
    seed: int, kind: str, rate: float, eligible: NDArray[np.bool_]
) -> tuple[NDArray[np.int64], np.random.Generator]:
    rng = stream(seed, f"error:{kind}")
    return select(rng, rate, eligible, np.ones(len(eligible), dtype=np.bool_)), rng


class _Builder:
    """Facts of each household, the rule-based rolls and the planting of their errors."""

    def __init__(self, seed: int, lat: Latent, rates: ErrorRates) -> None:
        self.seed, self.lat, self.rates = seed, lat, rates
        hh, alive, age = lat.p_hh, lat.p_alive, lat.p_age
        pupil = np.isin(lat.p_school, [SD, SMP, SMA])
        component = alive & (lat.p_pregnant | (age < 6) | pupil | lat.p_disabled | (age >= 70))
        self.has_component = _per_household(lat, component)
        jobs = lat.p_occupation
        self.excluded = _per_household(lat, alive & np.isin(jobs, EXCLUDED_OCCUPATIONS))
        self.formal = _per_household(lat, alive & np.isin(jobs, FORMAL_OCCUPATIONS))
        official = _per_household(lat, alive & (jobs == O_VILLAGE))
        self.desa = lat.area.village_is_desa[lat.hh_village]
        self.recipient = _recipients(lat)
        has_recipient = self.recipient >= 0
        desil = lat.hh_desil
        quota = stream(seed, "rolls:quota").random(lat.n_households) < BPNT_QUOTA
        ok = ~self.excluded & has_recipient
        pkh = (desil <= 4) & self.has_component & ok
        bpnt = (desil <= 4) & ok & (pkh | quota)
        blt = self.desa & (desil <= 4) & ~pkh & ~bpnt & ok & ~official
        school_age = pupil & (age >= 6) & (age <= 21)
        middle = (desil >= 5) & (desil <= 7)
        recipient = self.recipient
        self.rule_units: dict[str, NDArray[np.int64]] = {
            "PKH": recipient[pkh],
            "BPNT": recipient[bpnt],
            "PBI-JK": np.flatnonzero(alive & (desil[hh] <= 5) & ~self.formal[hh]),
            "BLT-DD": recipient[blt],
            "PIP": np.flatnonzero(
                alive & school_age & ((desil[hh] <= 4) | pkh[hh]) & ~self.excluded[hh]
            ),
        }
        # Units just outside the rules (desil 5-7, else eligible): inclusion errors.
        self.outside: dict[str, NDArray[np.int64]] = {
            "PKH": recipient[middle & self.has_component & ok],
            "BPNT": recipient[middle & ok],
            "PBI-JK": np.flatnonzero(
                alive & (desil[hh] >= 6) & (desil[hh] <= 7) & ~self.formal[hh]
            ),
            "BLT-DD": recipient[self.desa & middle & ok & ~official],
            "PIP": np.flatnonzero(alive & school_age & middle[hh] & ~pkh[hh] & ~self.excluded[hh]),
        }
        self.rolls: dict[str, _Roll] = {}

    def rules_and_membership_errors(self, base: pl.DataFrame, truth: Truth) -> None:
        """Draw each roll by its rules, leaving some units out and putting some in."""
        hh = self.lat.p_hh
        for program in PROGRAMS:
            units = self.rule_units[program]
            dropped, _ = _pick(
                self.seed,
                f"exclusion_error:{program}",
                self.rates.exclusion_error,
                np.ones(len(units), dtype=np.bool_),
            )
            gone = units[dropped]
            column = "no_kk" if program in HOUSEHOLD_PROGRAMS else "nik"
            values = base[column].gather(gone).to_list() if len(gone) else []
            missing = [None] * len(gone)
            truth.add(
                "exclusion_error",
                f"rolls/{program}",
                missing,
                column,
                values,
                missing,
                gone.tolist(),
                hh[gone].tolist(),
            )
            keep = np.ones(len(units), dtype=np.bool_)
            keep[dropped] = False
            roll = self.rolls[program] = _Roll(program, units[keep])
            cand = self.outside[program]
            if len(cand):
                rate = min(1.0, self.rates.inclusion_error * len(units) / len(cand))
                picked, _ = _pick(
                    self.seed,
                    f"inclusion_error:{program}",
                    rate,
                    np.ones(len(cand), dtype=np.bool_),
                )
                for p in cand[picked].tolist():
                    roll.plant("inclusion_error", p)

    def overlaps(self) -> None:
        """PKH households on BLT-DD, PNS/TNI/POLRI households, deceased PBI-JK members."""
        lat, rates = self.lat, self.rates
        hh = lat.p_hh
        pkh = self.rolls["PKH"].kept_persons()
        picked, _ = _pick(
            self.seed, "exclusive_programs", rates.exclusive_programs, self.desa[hh[pkh]]
        )
        for p in pkh[picked].tolist():
            self.rolls["BLT-DD"].plant("exclusive_programs", p)
        civil = (lat.hh_desil <= 4) & self.excluded & (self.recipient >= 0)
        picked, _ = _pick(self.seed, "excluded_occupation", rates.excluded_occupation, civil)
        for h in picked.tolist():
            program = "PKH" if self.has_component[h] else "BPNT"
            self.rolls[program].plant("excluded_occupation", int(self.recipient[h]))
        pbi_household = (lat.hh_desil <= 5) & ~self.formal
        picked, _ = _pick(
            self.seed,
            "deceased_recipient",
            rates.deceased_recipient,
            ~lat.p_alive & pbi_household[hh],
        )
        for p in picked.tolist():
            self.rolls["PBI-JK"].plant("deceased_recipient", p)

    def repeats(self, base: pl.DataFrame) -> None:
        """Rows repeated in another regency, under another NIK, or exactly."""
        lat, rates = self.lat, self.rates
        duplicates: list[tuple[str, int]] = []
        for program, roll in self.rolls.items():
            kept = roll.kept_persons()
            every = np.ones(len(kept), dtype=np.bool_)
            picked, rng = _pick(self.seed, f"cross_region:{program}", rates.cross_region, every)
            villages = _other_villages(lat, rng, len(picked)) if len(picked) else []
            if len(villages) != len(picked):  # every regency is in the population
                picked = picked[:0]
            for p, village in zip(kept[picked].tolist(), villages, strict=True):
                true_village = lat.area.villages[lat.hh_village[lat.p_hh[p]]]
                roll.plant("cross_region", p, village=village, truth=("kode_wilayah", true_village))
            picked, _ = _pick(
                self.seed, f"duplicate_enrolment:{program}", rates.duplicate_enrolment, every
            )
            duplicates.extend((program, p) for p in kept[picked].tolist())
            picked, _ = _pick(
                self.seed, f"duplicate_in_roll:{program}", rates.duplicate_in_roll, every
            )
            for p in kept[picked].tolist():
                roll.plant("duplicate_in_roll", p)
        if duplicates:
            persons = np.asarray([p for _, p in duplicates], dtype=np.int64)
            for (program, p), other in zip(
                duplicates, _second_niks(self.seed, lat, persons), strict=True
            ):
                self.rolls[program].plant(
                    "duplicate_enrolment", p, nik=other, truth=("nik", str(base["nik"][p]))
                )


def build_rolls(
    seed: int, lat: Latent, base: pl.DataFrame, rates: ErrorRates, truth: Truth
) -> dict[str, pl.DataFrame]:
    """Draw the five rolls and plant their errors; truth rows get keys per roll."""
    builder = _Builder(seed, lat, rates)
    builder.rules_and_membership_errors(base, truth)
    builder.overlaps()
    builder.repeats(base)
    ref_period = periode(lat.ref.year, lat.ref.month)
    frames: dict[str, pl.DataFrame] = {}
    for program, roll in builder.rolls.items():
        frames[program] = _frame(roll, base, ref_period)
        for kind, row, column, true_value, observed in roll.planted:
            p = roll.persons[row]
            shown = observed if observed is not None else str(base["nik"][p])
            truth.add(
                kind,
                f"rolls/{program}",
                [row],
                column,
                [true_value],
                [shown],
                [p],
                [int(lat.p_hh[p])],
            )
    return frames


def _second_niks(seed: int, lat: Latent, persons: NDArray[np.int64]) -> list[str]:
    """Another NIK for each person: registered again in another district of the province."""
    rng = stream(seed, "rolls:second_nik")
    area = lat.area
    home = lat.p_nik_district[persons]
    start, end = area.province_start[home], area.province_end[home]
    district = start + np.floor(rng.random(len(persons)) * (end - start)).astype(np.int64)
    same = district == home
    district[same] = np.where(
        end[same] - start[same] > 1,
        start[same] + (district[same] - start[same] + 1) % (end[same] - start[same]),
        district[same],
    )
    year, month, day = ymd(lat.p_birth[persons])
    day = day + 40 * lat.p_female[persons]
    codes = area.district_codes[district]
    key = codes * 10**8 + day * 10**4 + month * 100 + year % 100
    serial = assign_serials(rng, key, base=5001)
    return [str(x) for x in compose_numbers(codes, day, month, year, serial).to_list()]


def _frame(roll: _Roll, base: pl.DataFrame, ref_period: str) -> pl.DataFrame:
    persons = np.asarray(roll.persons, dtype=np.int64)
    picked = base.select("nik", "no_kk", "nama", "kode_wilayah", "person_id", "household_id")[
        persons
    ]
    nik = picked["nik"]
    village = picked["kode_wilayah"]
    nik_rows = [i for i, v in enumerate(roll.nik) if v is not None]
    if nik_rows:
        nik = nik.scatter(nik_rows, pl.Series([roll.nik[i] for i in nik_rows], dtype=pl.String))
    village_rows = [i for i, v in enumerate(roll.village) if v is not None]
    if village_rows:
        village = village.scatter(
            village_rows, pl.Series([roll.village[i] for i in village_rows], dtype=pl.String)
        )
    frame = picked.with_columns(
        program=pl.lit(roll.program),
        nik=nik,
        kode_wilayah=village,
        periode=pl.lit(ref_period),
        _key=pl.Series(np.arange(len(persons), dtype=np.int64)),
    )
    return frame.select(*_ROLL_COLUMNS, "_key").sort(["kode_wilayah", "no_kk", "person_id", "_key"])
