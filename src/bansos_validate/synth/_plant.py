"""Turn the clean population into the tables as offices hold them, recording every change.

* ``persons``: the social-assistance roster (DTSEN-like), with identifier damage and
  household-structure errors.
* ``second_view``: the same people as the civil registry (Dukcapil/SIAK) holds them:
  clean identifiers, but names spelled its own way and newer KK numbers.
* ``households``: one row per KK.

Every cell that differs from the clean population gets a truth row. Errors are drawn
kind by kind from their own random streams, and computed row by row in Python only for
the few rows picked.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypeAlias

import attrs
import numpy as np
import polars as pl

from bansos_validate.synth import _damage, _names
from bansos_validate.synth._people import (
    HEAD,
    MARITAL,
    OCCUPATIONS,
    ROLES,
    SCHOOL,
    assign_serials,
    compose_numbers,
    epoch_days,
    iso_dates,
    labels,
    ymd,
)
from bansos_validate.synth._random import select, stream

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from numpy.typing import NDArray

    from bansos_validate.synth._people import Latent
    from bansos_validate.synth._rates import ErrorRates

    Maker: TypeAlias = Callable[[int, str | None, NDArray[np.float64]], str | None]

__all__ = ["Truth", "base_frame", "household_frame", "ids", "plant_persons", "plant_second_view"]

TRUTH_COLUMNS = (
    "kind",
    "table",
    "row",
    "column",
    "true_value",
    "observed_value",
    "person_id",
    "household_id",
)


@attrs.define(slots=True)
class Truth:
    """Truth rows collected while planting; rows are keys until the tables are sorted."""

    kind: list[str] = attrs.Factory(list)
    table: list[str] = attrs.Factory(list)
    key: list[int | None] = attrs.Factory(list)
    column: list[str | None] = attrs.Factory(list)
    true_value: list[str | None] = attrs.Factory(list)
    observed_value: list[str | None] = attrs.Factory(list)
    person: list[int | None] = attrs.Factory(list)
    household: list[int | None] = attrs.Factory(list)

    def add(  # noqa: PLR0913, PLR0917 - one truth row's fields, in the truth's order
        self,
        kind: str,
        table: str,
        keys: Sequence[int | None],
        column: str | None,
        true_value: Sequence[str | None],
        observed_value: Sequence[str | None],
        persons: Sequence[int | None],
        households: Sequence[int | None],
    ) -> None:
        """Add one truth row per key."""
        n = len(keys)
        self.kind.extend([kind] * n)
        self.table.extend([table] * n)
        self.key.extend(keys)
        self.column.extend([column] * n)
        self.true_value.extend(true_value)
        self.observed_value.extend(observed_value)
        self.person.extend(persons)
        self.household.extend(households)


def ids(prefix: str, numbers: NDArray[np.int64], width: int) -> pl.Series:
    """Format synthetic ids: ``P00000001``."""
    return pl.Series(numbers + 1).cast(pl.String).str.zfill(width).str.replace(r"^", prefix)


def id_widths(n_persons: int, n_households: int) -> tuple[int, int]:
    """Digits of person and household ids (8 and 7, more for huge populations)."""
    return max(8, len(str(n_persons))), max(7, len(str(n_households)))


def base_frame(lat: Latent) -> pl.DataFrame:
    """Return the clean persons table (all latent persons, canonical columns)."""
    hh = lat.p_hh
    pw, hw = id_widths(lat.n_persons, lat.n_households)
    village = lat.hh_village[hh]
    return pl.DataFrame(
        {
            "nik": lat.p_nik,
            "no_kk": lat.hh_kk.gather(hh),
            "nama": lat.p_nama,
            "jenis_kelamin": labels(("L", "P"), lat.p_female),
            "tempat_lahir": lat.p_birthplace,
            "tanggal_lahir": iso_dates(lat.p_birth),
            "hubungan_keluarga": labels(ROLES, lat.p_role),
            "status_perkawinan": labels(MARITAL, lat.p_marital),
            "pekerjaan": labels(OCCUPATIONS, lat.p_occupation),
            "alamat": lat.hh_alamat.gather(hh),
            "rt": pl.Series(lat.hh_rt[hh]).cast(pl.String).str.zfill(3),
            "rw": pl.Series(lat.hh_rw[hh]).cast(pl.String).str.zfill(3),
            "kode_wilayah": labels(lat.area.villages, village),
            "status_hidup": labels(("MENINGGAL", "HIDUP"), lat.p_alive),
            "tanggal_meninggal": iso_dates(lat.p_death, ~lat.p_alive),
            "hamil": lat.p_pregnant,
            "disabilitas_berat": lat.p_disabled,
            "jenjang_sekolah": labels(SCHOOL, lat.p_school),
            "person_id": ids("P", np.arange(lat.n_persons, dtype=np.int64), pw),
            "household_id": ids("H", hh, hw),
        }
    )


def household_frame(lat: Latent) -> pl.DataFrame:
    """Return the households table (program flags are added with the rolls)."""
    _, hw = id_widths(lat.n_persons, lat.n_households)
    return pl.DataFrame(
        {
            "no_kk": lat.hh_kk,
            "desil": pl.Series(lat.hh_desil, dtype=pl.Int64),
            "kode_wilayah": labels(lat.area.villages, lat.hh_village),
            "alamat": lat.hh_alamat,
            "rt": pl.Series(lat.hh_rt).cast(pl.String).str.zfill(3),
            "rw": pl.Series(lat.hh_rw).cast(pl.String).str.zfill(3),
            "household_id": ids("H", np.arange(lat.n_households, dtype=np.int64), hw),
        }
    )


def _other_household(lat: Latent, h: int, u: float) -> int:
    """Pick another household of the same village (a neighbour when it is alone)."""
    n = lat.n_households
    start = int(np.searchsorted(lat.hh_village, lat.hh_village[h], side="left"))
    end = int(np.searchsorted(lat.hh_village, lat.hh_village[h], side="right"))
    if end - start < 2:
        return (h + 1) % n
    t = start + int(u * (end - start - 1))
    return t + 1 if t >= h else t


@attrs.define(slots=True)
class _Column:
    """One persons column being damaged: clean and current values, rows already taken."""

    name: str
    clean: pl.Series
    values: pl.Series
    taken: NDArray[np.bool_]

    @classmethod
    def of(cls, base: pl.DataFrame, name: str, dropped: NDArray[np.bool_]) -> _Column:
        return cls(name, base[name], base[name], dropped.copy())


@attrs.define(slots=True)
class _Planter:
    """Plants one kind at a time into persons columns and records the truth."""

    seed: int
    lat: Latent
    rates: ErrorRates
    truth: Truth

    def pick(
        self, kind: str, eligible: NDArray[np.bool_], free: NDArray[np.bool_], n_draws: int = 2
    ) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """Pick the units of *kind* and draw uniforms for each (its own stream)."""
        rng = stream(self.seed, f"error:{kind}")
        picked = select(rng, getattr(self.rates, kind), eligible, free)
        return picked, rng.random((len(picked), n_draws))

    def apply(
        self,
        kind: str,
        col: _Column,
        picked: NDArray[np.int64],
        make: Callable[[int, str | None, NDArray[np.float64]], str | None],
        draws: NDArray[np.float64] | None = None,
    ) -> list[int]:
        """Store ``make(row, clean value, draws)`` in the picked rows; record truth rows.

        A row whose new value equals the clean one (or is ``None``, except for the
        ``*_missing`` kinds and death dates) is left alone.
        """
        if draws is None:
            draws = np.zeros((len(picked), 1))
        nullable = kind.endswith("_missing") or col.name == "tanggal_meninggal"
        rows: list[int] = []
        olds: list[str | None] = []
        news: list[str | None] = []
        clean = col.clean.gather(picked).to_list() if len(picked) else []
        for i, old, u in zip(picked.tolist(), clean, draws, strict=True):
            new = make(i, old, u)
            if (new is None and not nullable) or new == old:
                continue
            rows.append(i)
            olds.append(old)
            news.append(new)
        if rows:
            col.values = col.values.scatter(rows, pl.Series(news, dtype=pl.String))
            col.taken[rows] = True
            households = self.lat.p_hh[rows].tolist()
            self.truth.add(kind, "persons", rows, col.name, olds, news, rows, households)
        return rows


@attrs.define(slots=True)
class PersonsResult:
    """The planted persons table (with ``_key``) and what the later stages need."""

    frame: pl.DataFrame
    dropped: NDArray[np.bool_]


def _nik_makers(lat: Latent, present: NDArray[np.bool_]) -> dict[str, Maker]:
    def family(i: int, _old: str | None, _u: NDArray[np.float64]) -> str | None:
        h = int(lat.p_hh[i])
        start, end = int(lat.hh_start[h]), int(lat.hh_end[h])
        members = [j for j in range(start, end) if j != i and present[j]]
        return str(lat.p_nik[members[0]]) if members else None

    return {
        **_digit_makers(),
        "family_member": family,
        "day_month_swapped": lambda _i, old, _u: _damage.day_month_swapped(old) if old else None,
    }


def _digit_makers() -> dict[str, Maker]:
    return {
        "typo": lambda _i, old, u: _damage.typo(old, u[0], u[1]) if old else None,
        "transposed": lambda _i, old, u: _damage.transposed(old, u[0]) if old else None,
        "excel_scientific": lambda _i, old, _u: _damage.excel_scientific(old) if old else None,
        "excel_precision": lambda _i, old, _u: _damage.excel_precision(old) if old else None,
        "excel_float": lambda _i, old, _u: _damage.excel_float(old) if old else None,
        "dummy": lambda _i, _old, u: _damage.dummy(u[0]),
        "missing": lambda _i, _old, _u: None,
        "wrong_length": lambda _i, old, u: _damage.wrong_length(old, u[0], u[1]) if old else None,
    }


def _dob_differs(old: str, u: NDArray[np.float64], ref: dt.date) -> str:
    born = dt.date.fromisoformat(old)
    if u[0] < 0.4 and born.day <= 12 and born.day != born.month:
        return born.replace(day=born.month, month=born.day).isoformat()
    if u[0] < 0.7:
        year = born.year + (1 if u[1] < 0.5 else -1)
        day = min(born.day, 28) if born.month == 2 else born.day
        moved = born.replace(year=year, day=day)
        if moved > ref:
            moved = born.replace(year=born.year - 1, day=day)
        return moved.isoformat()
    return (born - dt.timedelta(days=1 + int(u[1] * 10))).isoformat()


def _dob_placeholder(old: str, u: NDArray[np.float64]) -> str:
    year = old[:4]
    first, second = f"{year}-07-01", f"{year}-12-31"
    if u[0] >= 0.5:
        first, second = second, first
    return first if first != old else second


def _heads(planter: _Planter, base: pl.DataFrame) -> tuple[NDArray[np.bool_], _Column]:
    """Plant ``missing_head`` (rows dropped) and ``two_heads``; return the dropped rows."""
    lat, truth = planter.lat, planter.truth
    everyone = np.ones(lat.n_households, dtype=np.bool_)
    size = lat.hh_end - lat.hh_start
    missing, _ = planter.pick("missing_head", size >= 2, everyone)
    heads = lat.hh_start[missing]
    dropped = np.zeros(lat.n_persons, dtype=np.bool_)
    dropped[heads] = True
    gone = heads.tolist()
    niks = lat.p_nik.gather(heads).to_list()
    truth.add(
        "missing_head",
        "persons",
        [None] * len(gone),
        "nik",
        niks,
        [None] * len(gone),
        gone,
        missing.tolist(),
    )

    adult = (lat.p_age >= 17) & (lat.p_role != HEAD)
    has_adult = np.bincount(lat.p_hh, weights=adult, minlength=lat.n_households) > 0
    free = everyone.copy()
    free[missing] = False
    second_heads, draws = planter.pick("two_heads", has_adult, free, 1)
    chosen = []
    for h, u in zip(second_heads.tolist(), draws[:, 0].tolist(), strict=True):
        candidates = [j for j in range(int(lat.hh_start[h]), int(lat.hh_end[h])) if adult[j]]
        chosen.append(candidates[int(u * len(candidates))])
    shdk = _Column.of(base, "hubungan_keluarga", dropped)
    picked = np.asarray(chosen, dtype=np.int64)
    planter.apply("two_heads", shdk, picked, lambda _i, _old, _u: "KEPALA KELUARGA")
    return dropped, shdk


def _identifiers(
    planter: _Planter, base: pl.DataFrame, dropped: NDArray[np.bool_]
) -> tuple[_Column, _Column, list[int], list[int]]:
    """Plant NIK and KK damage, moved members and persons listed under two KKs."""
    lat = planter.lat
    hh = lat.p_hh
    present = ~dropped
    nik = _Column.of(base, "nik", dropped)
    _, b_month, b_day = ymd(lat.p_birth)
    present_size = np.bincount(hh, weights=present, minlength=lat.n_households)[hh]
    nik_units = {
        "excel_precision": present & (lat.p_nik_serial % 10 != 0),
        "family_member": present & (present_size >= 2),
        "day_month_swapped": present & (b_day != b_month),
    }
    for name, make in _nik_makers(lat, present).items():
        picked, draws = planter.pick(f"nik_{name}", nik_units.get(name, present), ~nik.taken)
        planter.apply(f"nik_{name}", nik, picked, make, draws)

    kk = _Column.of(base, "no_kk", dropped)
    kk_digits = lat.hh_kk.str.slice(6, 4).cast(pl.Int64).to_numpy()[hh]
    kk_units = {
        "excel_precision": present & (lat.hh_kk_serial[hh] % 10 != 0),
        "day_month_swapped": present & (kk_digits // 100 != kk_digits % 100),
    }
    kk_makers = {
        **_digit_makers(),
        "day_month_swapped": lambda _i, old, _u: _damage.day_month_swapped(old) if old else None,
    }
    for name, make in kk_makers.items():
        picked, draws = planter.pick(f"kk_{name}", kk_units.get(name, present), ~kk.taken)
        planter.apply(f"kk_{name}", kk, picked, make, draws)

    extra_source: list[int] = []
    extra_target: list[int] = []
    if lat.n_households < 2:
        return nik, kk, extra_source, extra_target
    non_head = present & (lat.p_role != HEAD)
    picked, draws = planter.pick("member_moved", non_head, ~kk.taken)

    def moved(i: int, _old: str | None, u: NDArray[np.float64]) -> str:
        return str(lat.hh_kk[_other_household(lat, int(hh[i]), float(u[0]))])

    planter.apply("member_moved", kk, picked, moved, draws)
    picked, draws = planter.pick("nik_in_two_kks", non_head, ~nik.taken & ~kk.taken)
    for i, u in zip(picked.tolist(), draws[:, 0].tolist(), strict=True):
        extra_source.append(i)
        extra_target.append(_other_household(lat, int(hh[i]), u))
    return nik, kk, extra_source, extra_target


def plant_persons(
    seed: int, lat: Latent, base: pl.DataFrame, rates: ErrorRates, truth: Truth
) -> PersonsResult:
    """Plant the persons-table errors and return the table, sorted as a roster."""
    n = lat.n_persons
    hh = lat.p_hh
    planter = _Planter(seed, lat, rates, truth)
    dropped, shdk = _heads(planter, base)
    present = ~dropped
    nik, kk, extra_source, extra_target = _identifiers(planter, base, dropped)
    extra_keys = list(range(n, n + len(extra_source)))
    extra_kks = [str(lat.hh_kk[t]) for t in extra_target]
    true_kks = kk.clean.gather(extra_source).to_list() if extra_source else []
    households = hh[extra_source].tolist()
    truth.add(
        "nik_in_two_kks",
        "persons",
        extra_keys,
        "no_kk",
        true_kks,
        extra_kks,
        extra_source,
        households,
    )

    dob = _Column.of(base, "tanggal_lahir", dropped)
    picked, draws = planter.pick("dob_differs_from_nik", present, ~dob.taken)
    planter.apply(
        "dob_differs_from_nik",
        dob,
        picked,
        lambda _i, old, u: _dob_differs(old or "", u, lat.ref),
        draws,
    )
    picked, draws = planter.pick("dob_placeholder", present, ~dob.taken)
    planter.apply(
        "dob_placeholder", dob, picked, lambda _i, old, u: _dob_placeholder(old or "", u), draws
    )

    status = _Column.of(base, "status_hidup", dropped)
    died = _Column.of(base, "tanggal_meninggal", dropped)
    picked, _ = planter.pick("death_not_recorded", present & ~lat.p_alive, ~status.taken)
    rows = planter.apply("death_not_recorded", status, picked, lambda _i, _old, _u: "HIDUP")
    planter.apply(
        "death_not_recorded", died, np.asarray(rows, dtype=np.int64), lambda _i, _old, _u: None
    )

    frame = base.with_columns(
        nik=nik.values,
        no_kk=kk.values,
        tanggal_lahir=dob.values,
        hubungan_keluarga=shdk.values,
        status_hidup=status.values,
        tanggal_meninggal=died.values,
        _key=pl.Series(np.arange(n, dtype=np.int64)),
    )
    if extra_source:
        extra = base[extra_source].with_columns(
            no_kk=pl.Series(extra_kks, dtype=pl.String),
            _key=pl.Series(extra_keys, dtype=pl.Int64),
        )
        frame = pl.concat([frame, extra])
    # Roster order: by household, members in order, extra rows after their new KK's.
    kept = np.flatnonzero(present)
    keys = np.concatenate([kept, np.asarray(extra_keys, dtype=np.int64)])
    block = np.concatenate([hh[kept], np.asarray(extra_target, dtype=np.int64)])
    within = np.concatenate([kept - lat.hh_start[hh[kept]], n + np.arange(len(extra_keys))])
    return PersonsResult(frame[keys[np.lexsort((within, block))]], dropped)


def _name_makers(lat: Latent) -> dict[str, Callable[[int, str, NDArray[np.float64]], str | None]]:
    def old_spelling(i: int, name: str, _u: NDArray[np.float64]) -> str | None:
        prefixes, core, bin_part, degrees = _names.split_name(name)
        # An old-spelled clean name is written the modern way (as it was before the
        # generator archaised it: the rules cannot undo "TJ" from "TY"), a modern one
        # the old way.
        modern = lat.p_modern_core[i]
        new = modern if modern is not None else _names.to_old_spelling(" ".join(core))
        return _names.join_name(prefixes, str(new).split(), bin_part, degrees)

    def title_added(i: int, name: str, u: NDArray[np.float64]) -> str | None:
        return _names.add_title(name, "P" if lat.p_female[i] else "L", float(u[0]))

    def token_dropped(_i: int, name: str, u: NDArray[np.float64]) -> str | None:
        prefixes, core, bin_part, degrees = _names.split_name(name)
        if len(core) < 2:
            return None
        k = int(u[0] * len(core))
        return _names.join_name(prefixes, core[:k] + core[k + 1 :], bin_part, degrees)

    def reordered(_i: int, name: str, _u: NDArray[np.float64]) -> str | None:
        prefixes, core, bin_part, degrees = _names.split_name(name)
        return (
            _names.join_name(prefixes, (core[-1], *core[:-1]), bin_part, degrees)
            if len(core) > 1
            else None
        )

    fathers = {
        g: _names.POOLS[(g, "L")]["given1"]
        for g in (_names.JAWA, _names.SUNDA, _names.MELAYU, _names.ARAB)
    }

    def bin_binti(i: int, name: str, u: NDArray[np.float64]) -> str | None:
        prefixes, core, bin_part, degrees = _names.split_name(name)
        if bin_part:
            return _names.join_name(prefixes, core, (), degrees)
        pool = fathers.get(int(lat.p_group[i]))
        if pool is None:
            return None
        father = pool[int(u[0] * len(pool))]
        word = "BINTI" if lat.p_female[i] else "BIN"
        return _names.join_name(prefixes, core, (word, father), degrees)

    return {
        "old_spelling": old_spelling,
        "muhammad_variant": lambda _i, name, u: _names.muhammad_variant(name, float(u[0])),
        "title_added": title_added,
        "title_dropped": lambda _i, name, _u: _names.drop_titles(name),
        "typo": lambda _i, name, u: _names.typo(name, u.tolist()),
        "token_dropped": token_dropped,
        "tokens_reordered": reordered,
        "bin_binti": bin_binti,
    }


OLD_SPELLING_BEFORE = 1980
"""Only names of people born before this year are varied by the old-spelling rules."""

_MUHAMMAD_RE = (
    r"(^| )(" + "|".join(f.replace(".", r"\.") for f in _names.MUHAMMAD_FORMS) + r")( |$)"
)


def plant_second_view(
    seed: int, lat: Latent, base: pl.DataFrame, rates: ErrorRates, truth: Truth
) -> pl.DataFrame:
    """Plant the second view's differences and return it in its own (shuffled) order."""
    n = lat.n_persons
    names = base["nama"]
    taken = np.zeros(n, dtype=np.bool_)
    core = lat.p_core
    multi = core.str.contains(" ", literal=True).to_numpy()
    titled = (
        lat.p_hajj.is_not_null() | lat.p_acad.is_not_null() | lat.p_degree.is_not_null()
    ).to_numpy()
    has_bin = lat.p_bin.is_not_null().to_numpy()
    muslim = np.isin(lat.p_group, [_names.JAWA, _names.SUNDA, _names.MELAYU, _names.ARAB])
    everyone = np.ones(n, dtype=np.bool_)
    born = ymd(lat.p_birth)[0]
    eligible = {
        "old_spelling": np.isin(lat.p_group, list(_names.OLD_SPELLING_GROUPS))
        & (born < OLD_SPELLING_BEFORE)
        & core.str.contains(r"[JCYU]|KH|OE").to_numpy(),
        "muhammad_variant": core.str.contains(_MUHAMMAD_RE).to_numpy(),
        "title_added": ~titled & (lat.p_age >= 23),
        "title_dropped": titled,
        "typo": everyone,
        "token_dropped": multi,
        "tokens_reordered": multi,
        "bin_binti": muslim | has_bin,
    }
    for name, make in _name_makers(lat).items():
        kind = f"name_{name}"
        rng = stream(seed, f"error:{kind}")
        picked = select(rng, getattr(rates, kind), eligible[name], ~taken)
        draws = rng.random((len(picked), 3))
        rows: list[int] = []
        olds: list[str] = []
        values: list[str] = []
        clean = base["nama"].gather(picked).to_list() if len(picked) else []
        for i, old, u in zip(picked.tolist(), clean, draws, strict=True):
            new = make(i, old, u)
            if new is None or new == old:
                continue
            rows.append(i)
            olds.append(old)
            values.append(new)
        if rows:
            names = names.scatter(rows, pl.Series(values, dtype=pl.String))
            taken[rows] = True
            truth.add(
                kind, "second_view", rows, "nama", olds, values, rows, lat.p_hh[rows].tolist()
            )

    # Newer KK numbers: a card issued after a move or split, for the whole household.
    rng = stream(seed, "error:kk_changed")
    households = select(
        rng,
        rates.kk_changed,
        np.ones(lat.n_households, dtype=np.bool_),
        np.ones(lat.n_households, dtype=np.bool_),
    )
    kk = base["no_kk"]
    if len(households):
        ref_days = epoch_days(lat.ref)
        issued = ref_days - 1 - np.floor(rng.random(len(households)) * 730).astype(np.int64)
        year, month, day = ymd(issued)
        district = lat.area.district_codes[lat.hh_district[households]]
        key = district * 10**8 + day * 10**4 + month * 100 + year % 100
        serial = assign_serials(rng, key, base=5001)
        new_kk = compose_numbers(district, day, month, year, serial).to_list()
        members = [np.arange(lat.hh_start[h], lat.hh_end[h]) for h in households.tolist()]
        counts = [len(m) for m in members]
        rows_kk = np.concatenate(members).astype(np.int64)
        values_kk = [k for k, c in zip(new_kk, counts, strict=True) for _ in range(c)]
        old = kk.gather(rows_kk).to_list()
        kk = kk.scatter(rows_kk, pl.Series(values_kk, dtype=pl.String))
        truth.add(
            "kk_changed",
            "second_view",
            rows_kk.tolist(),
            "no_kk",
            old,
            values_kk,
            rows_kk.tolist(),
            lat.p_hh[rows_kk].tolist(),
        )

    order = stream(seed, "second_view:order").permutation(n)
    frame = base.with_columns(nama=names, no_kk=kk, _key=pl.Series(np.arange(n, dtype=np.int64)))
    return frame[order]
