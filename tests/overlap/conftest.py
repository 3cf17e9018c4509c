"""Synthetic rolls with planted overlaps of every kind, and a ground-truth oracle.

``synth.generate`` plants ``exclusive_programs`` (PKH recipients on BLT-DD, who are also
on BPNT), ``cross_region``, ``duplicate_in_roll``, ``deceased_recipient``,
``excluded_occupation`` and ``duplicate_enrolment`` (one person under another NIK). This
fixture adds what synth does not plant:

* ``duplicate_household`` under another head (the same KK, another member's NIK) and
  under another KK number (found only with the roster);
* a BSU roll: PKH recipients on it (``bsu_pkh``), civil servants on it (person-scope
  occupation rule), and relatives of civil servants who are not themselves (not an
  overlap: the BSU rule is about the worker).

The oracle decides from the synthetic identities (``person_id``, ``household_id``) and
the clean roster whether a reported overlap is true; it never looks at NIK equality.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl
import pytest

from bansos_validate import synth

ROLL_KINDS = {
    "exclusive_programs": 0.05,
    "cross_region": 0.01,
    "deceased_recipient": 0.3,
    "excluded_occupation": 0.3,
    "duplicate_enrolment": 0.01,
    "duplicate_in_roll": 0.01,
}
IDS = ["person_id", "household_id"]
EXCLUDED = {"PNS", "TNI", "POLRI"}
BUMN = {"KARYAWAN BUMN"}
OFFICIALS = {"PERANGKAT DESA"}
EXCLUSIVE = {
    frozenset({"BLT-DD", "PKH"}): ("blt_dd_pkh", True),
    frozenset({"BLT-DD", "BPNT"}): ("blt_dd_bpnt", True),
    frozenset({"BSU", "PKH"}): ("bsu_pkh", False),
}


@dataclass
class Planted:
    """Rolls as given to find_overlaps, with their identities and planted rows."""

    rolls: dict[str, pl.DataFrame]  # without person_id / household_id
    ids: dict[str, pl.DataFrame]  # per roll: row, person_id, household_id, nik, no_kk, kode_wilayah
    planted: set[tuple[str, str, int]] = field(default_factory=set)  # (kind, roll, row)
    persons: pl.DataFrame = field(default_factory=pl.DataFrame)
    reference_date: dt.date = dt.date(2026, 1, 1)
    _jobs: tuple[dict[str, set[str]], set[str], dict[str, str]] | None = None

    def jobs(self) -> tuple[dict[str, set[str]], set[str], dict[str, str]]:
        """Occupations of living members per household, the deceased, own occupations."""
        if self._jobs is None:
            self._jobs = _jobs(self.persons)
        return self._jobs

    def person(self, roll: str, row: int) -> str:
        return str(self.ids[roll]["person_id"][row])

    def household(self, roll: str, row: int) -> str:
        return str(self.ids[roll]["household_id"][row])

    def value(self, roll: str, row: int, column: str) -> str | None:
        out = self.ids[roll][column][row]
        return None if out is None else str(out)


def _jobs(persons: pl.DataFrame) -> tuple[dict[str, set[str]], set[str], dict[str, str]]:
    living = persons.filter(pl.col("status_hidup") == "HIDUP")
    by_household: dict[str, set[str]] = {}
    for household, job in living.select("household_id", "pekerjaan").iter_rows():
        by_household.setdefault(household, set()).add(job)
    dead = set(persons.filter(pl.col("status_hidup") == "MENINGGAL")["person_id"].to_list())
    own = dict(living.select("person_id", "pekerjaan").iter_rows())
    return by_household, dead, own


def is_true_overlap(p: Planted, row: dict[str, object]) -> bool:
    """Whether an overlap is true by the synthetic identities (exact kinds)."""
    kind = row["kind"]
    a, ra = str(row["roll_a"]), int(row["row_a"])  # type: ignore[call-overload]
    program_a = str(row["program_a"])
    jobs, dead, own = p.jobs()
    if kind == "deceased_recipient":
        return p.person(a, ra) in dead
    if kind == "excluded_occupation":
        if program_a == "BSU":
            return own.get(p.person(a, ra)) in EXCLUDED
        found = jobs.get(p.household(a, ra), set())
        wanted = set(EXCLUDED)
        if program_a in ("PKH", "BPNT"):
            wanted |= BUMN
        if program_a == "BLT-DD":
            wanted |= OFFICIALS
        return bool(found & wanted)
    b, rb = str(row["roll_b"]), int(row["row_b"])  # type: ignore[call-overload]
    program_b = str(row["program_b"])
    same_person = p.person(a, ra) == p.person(b, rb)
    same_household = p.household(a, ra) == p.household(b, rb)
    if kind == "exclusive_programs":
        rule = EXCLUSIVE.get(frozenset({program_a, program_b}))
        return (
            rule is not None
            and rule[0] == row["rule"]
            and (same_person or (rule[1] and same_household))
        )
    if kind == "duplicate_in_roll":
        return same_person and program_a == program_b
    if kind == "cross_region":
        return (
            same_person
            and program_a == program_b
            and p.value(a, ra, "kode_wilayah")[:4] != p.value(b, rb, "kode_wilayah")[:4]  # type: ignore[index]
        )
    if kind == "duplicate_household":
        other = not same_person or p.value(a, ra, "nik") != p.value(b, rb, "nik")
        return same_household and program_a == program_b and other
    return False


def _with_row(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_row_index("row").with_columns(pl.col("row").cast(pl.Int64))


def build(seed: int = 3, *, rates: dict[str, float] | None = None, n: int = 2500) -> Planted:
    """Generate, plant the missing kinds, and return the rolls with their truth."""
    error_rates = {**synth.ErrorRates.none().as_dict(), **(ROLL_KINDS if rates is None else rates)}
    pop = synth.generate(
        n_households=n, regions=["3576", "3510"], seed=seed, error_rates=error_rates
    )
    persons = pop.persons
    frames = dict(pop.rolls.items())
    planted: set[tuple[str, str, int]] = set()
    for kind, table, row in pop.truth.select("kind", "table", "row").iter_rows():
        if row is not None and table.startswith("rolls/"):
            planted.add((kind, table.removeprefix("rolls/"), int(row)))
    if rates is None or rates:
        frames = _plant_households(frames, persons, planted)
        frames["BSU"] = _bsu_roll(frames, persons, planted)
    ids = {
        name: _with_row(f.select("person_id", "household_id", "nik", "no_kk", "kode_wilayah"))
        for name, f in frames.items()
    }
    rolls = {name: f.drop(IDS) for name, f in frames.items()}
    return Planted(rolls, ids, planted, persons, pop.reference_date)


def _plant_households(
    frames: dict[str, pl.DataFrame], persons: pl.DataFrame, planted: set[tuple[str, str, int]]
) -> dict[str, pl.DataFrame]:
    """PKH families twice: another member's NIK under the same KK, or under a new KK."""
    pkh = frames["PKH"]
    touched = {row for _, roll, row in planted if roll == "PKH"}
    people = persons.filter(pl.col("status_hidup") == "HIDUP").select(
        "nik", "nama", "household_id", "person_id"
    )
    existing = set(persons["no_kk"].to_list())
    extra = []
    candidates = [r for r in _with_row(pkh).iter_rows(named=True) if r["row"] not in touched]
    for i, row in enumerate(candidates[:: max(1, len(candidates) // 24)][:24]):
        others = people.filter(
            (pl.col("household_id") == row["household_id"])
            & (pl.col("person_id") != row["person_id"])
        )
        if others.height == 0:
            continue
        other = others.row(0, named=True)
        kk = row["no_kk"]
        kind = "same_kk" if i % 2 == 0 else "new_kk"
        if kind == "new_kk":
            serial = 9999
            while (kk := f"{row['no_kk'][:12]}{serial:04d}") in existing:
                serial -= 1
            existing.add(kk)
        extra.append(
            {
                **row,
                "nik": other["nik"],
                "nama": other["nama"],
                "person_id": other["person_id"],
                "no_kk": kk,
                "_plant": kind,
            }
        )
    added = pl.DataFrame(extra).drop("row")
    start = pkh.height
    out = pl.concat([pkh, added.drop("_plant").select(pkh.columns)])
    for offset, kind in enumerate(added["_plant"].to_list()):
        planted.add(("duplicate_household", "PKH", start + offset))
        planted.add((f"duplicate_household:{kind}", "PKH", start + offset))
    frames = dict(frames)
    frames["PKH"] = out
    return frames


def _bsu_roll(
    frames: dict[str, pl.DataFrame], persons: pl.DataFrame, planted: set[tuple[str, str, int]]
) -> pl.DataFrame:
    """A wage-subsidy roll: workers, some PKH recipients, some civil servants."""
    living = persons.filter(pl.col("status_hidup") == "HIDUP")
    on_pkh = set(frames["PKH"]["person_id"].to_list())
    pkh_households = set(frames["PKH"]["household_id"].to_list())
    workers = living.filter(
        pl.col("pekerjaan").is_in(["KARYAWAN SWASTA", "BURUH HARIAN LEPAS", "PEDAGANG"])
        & ~pl.col("person_id").is_in(list(on_pkh))
        & ~pl.col("household_id").is_in(list(pkh_households))
    ).head(300)
    civil = living.filter(pl.col("pekerjaan").is_in(sorted(EXCLUDED))).head(10)
    # relatives of civil servants who are not civil servants themselves: not flagged on BSU
    civil_households = set(
        living.filter(pl.col("pekerjaan").is_in(sorted(EXCLUDED)))["household_id"].to_list()
    )
    relatives = workers.filter(pl.col("household_id").is_in(list(civil_households))).head(5)
    recipients = frames["PKH"].filter(pl.col("person_id").is_unique()).head(12)
    columns = ["nik", "no_kk", "nama", "kode_wilayah", "person_id", "household_id"]
    base = pl.concat([workers.select(columns), relatives.select(columns)]).unique(
        "person_id", maintain_order=True
    )
    roll = pl.concat([base, civil.select(columns), recipients.select(columns)]).with_columns(
        program=pl.lit("BSU"), periode=pl.lit("2026-Q1")
    )
    start = base.height
    for i in range(civil.height):
        planted.add(("excluded_occupation", "BSU", start + i))
    start += civil.height
    for i in range(recipients.height):
        planted.add(("exclusive_programs", "BSU", start + i))
    return roll.select(
        "program", "nik", "no_kk", "nama", "kode_wilayah", "periode", "person_id", "household_id"
    )


@pytest.fixture(scope="session")
def planted() -> Planted:
    return build()


@pytest.fixture(scope="session")
def clean() -> Planted:
    return build(rates={})
