"""The clean ("latent") population: households, members, identities and names, as arrays.

Everything here is vectorised over households or persons with numpy; strings are built
with Polars. Planted errors are applied later, on copies (``_plant.py``).

Family structure per household (KK):

* a head (KEPALA KELUARGA), a man in about 85% of households; a woman head is mostly
  widowed or divorced;
* a spouse (ISTRI, or SUAMI for a married woman head) when the head is KAWIN; age gap
  -3 to +12 years, the husband usually older;
* 0-5 children (ANAK) born when the younger parent was 18-45, at most 35 years old;
* sometimes a married child with a spouse (MENANTU) and 0-3 grandchildren (CUCU);
* sometimes one or two parents of the head (ORANG TUA) or of the spouse (MERTUA),
  20-35 years older; sometimes another relative (FAMILI LAIN) or a maid (PEMBANTU).

Nobody is older than 96 at the reference date, so every NIK's two-digit year resolves
to the right century.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs
import numpy as np
import polars as pl

from bansos_validate.schema import SHDK
from bansos_validate.synth import _names
from bansos_validate.synth._random import categorical, stream, uniform_int

if TYPE_CHECKING:
    from collections.abc import Sequence

    from numpy.typing import NDArray

    from bansos_validate.synth._area import Area

__all__ = [
    "MARITAL",
    "OCCUPATIONS",
    "ROLES",
    "SCHOOL",
    "Latent",
    "build_latent",
    "epoch_days",
    "iso_dates",
    "labels",
    "ymd",
]

ROLES = SHDK
HEAD, SUAMI, ISTRI, ANAK, MENANTU, CUCU, ORANG_TUA, MERTUA, FAMILI, PEMBANTU, LAINNYA = range(11)
_RANK = np.array([0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9], dtype=np.int64)

MARITAL = ("BELUM KAWIN", "KAWIN", "CERAI HIDUP", "CERAI MATI")
BELUM, KAWIN, CERAI_HIDUP, CERAI_MATI = range(4)

SCHOOL = ("TIDAK SEKOLAH", "PAUD", "SD", "SMP", "SMA")
TIDAK_SEKOLAH, PAUD, SD, SMP, SMA = range(5)

OCCUPATIONS = (
    "BELUM/TIDAK BEKERJA",
    "PELAJAR/MAHASISWA",
    "MENGURUS RUMAH TANGGA",
    "WIRASWASTA",
    "KARYAWAN SWASTA",
    "BURUH HARIAN LEPAS",
    "PETANI/PEKEBUN",
    "BURUH TANI/PERKEBUNAN",
    "PEDAGANG",
    "SOPIR",
    "TUKANG BATU",
    "GURU",
    "PENSIUNAN",
    "PNS",
    "TNI",
    "POLRI",
    "KARYAWAN BUMN",
    "PERANGKAT DESA",
    "PEMBANTU RUMAH TANGGA",
)
"""Occupation labels (``pekerjaan``), upper case as on a KK."""
(
    O_NONE, O_STUDENT, O_HOME, O_SELF, O_PRIVATE, O_DAILY, O_FARMER, O_FARMHAND, O_TRADER,
    O_DRIVER, O_BUILDER, O_TEACHER, O_RETIRED, O_PNS, O_TNI, O_POLRI, O_BUMN, O_VILLAGE, O_MAID,
) = range(19)  # fmt: skip

EXCLUDED_OCCUPATIONS = np.array([O_PNS, O_TNI, O_POLRI], dtype=np.int64)
"""PNS/ASN, TNI and POLRI: a living member excludes the household from PKH, BPNT, BLT-DD."""

FORMAL_OCCUPATIONS = np.array([O_PNS, O_TNI, O_POLRI, O_BUMN], dtype=np.int64)
"""Occupations with employer-paid health insurance: excluded from PBI-JK too."""

_EPOCH = dt.date(1970, 1, 1)
_DAYS_PER_YEAR = 365.25


def epoch_days(day: dt.date) -> int:
    """Return the number of days from 1970-01-01 to *day*."""
    return (day - _EPOCH).days


def ymd(days: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Split epoch days into (year, month, day) arrays.

    >>> [a.tolist() for a in ymd(np.array([0, 19723]))]
    [[1970, 2024], [1, 1], [1, 1]]
    """
    d = days.astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    year = d.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (d - months.astype("datetime64[D]")).astype(np.int64) + 1
    return year, month, day


def iso_dates(days: NDArray[np.int64], valid: NDArray[np.bool_] | None = None) -> pl.Series:
    """Format epoch days as ISO text (``YYYY-MM-DD``), null where *valid* is false."""
    series = pl.Series(days.astype(np.int32)).cast(pl.Date).cast(pl.String)
    if valid is not None:
        series = series.scatter(np.flatnonzero(~valid), None)
    return series


def labels(values: Sequence[str], codes: NDArray[np.int64] | NDArray[np.bool_]) -> pl.Series:
    """Return the text labels of integer (or boolean) codes as a Polars string column.

    Much faster than building numpy string arrays.

    >>> labels(("L", "P"), np.array([True, False])).to_list()
    ['P', 'L']
    """
    return pl.Series(values, dtype=pl.String).gather(pl.Series(codes.astype(np.int64)))


def _age_at(birth: NDArray[np.int64], ref: dt.date) -> NDArray[np.int64]:
    year, month, day = ymd(birth)
    before = (month > ref.month) | ((month == ref.month) & (day > ref.day))
    age: NDArray[np.int64] = ref.year - year - before.astype(np.int64)
    return age


@attrs.define(slots=True, eq=False)
class Latent:
    """The clean population as arrays (households ``h``, persons ``p``).

    Persons are sorted by household, then by role (head first), then oldest first;
    ``hh_start``/``hh_end`` give each household's member range.
    """

    ref: dt.date
    area: Area
    hh_village: NDArray[np.int64]
    hh_rt: NDArray[np.int64]
    hh_rw: NDArray[np.int64]
    hh_alamat: pl.Series
    hh_desil: NDArray[np.int64]
    hh_kk: pl.Series
    hh_kk_serial: NDArray[np.int64]
    hh_start: NDArray[np.int64]
    hh_end: NDArray[np.int64]
    p_hh: NDArray[np.int64]
    p_role: NDArray[np.int64]
    p_female: NDArray[np.bool_]
    p_birth: NDArray[np.int64]
    p_age: NDArray[np.int64]
    p_marital: NDArray[np.int64]
    p_alive: NDArray[np.bool_]
    p_death: NDArray[np.int64]
    p_pregnant: NDArray[np.bool_]
    p_disabled: NDArray[np.bool_]
    p_school: NDArray[np.int64]
    p_occupation: NDArray[np.int64]
    p_group: NDArray[np.int64]
    p_modern_core: pl.Series
    p_nik_district: NDArray[np.int64]
    p_nik_serial: NDArray[np.int64]
    p_nik: pl.Series
    p_birthplace: pl.Series
    p_hajj: pl.Series
    p_acad: pl.Series
    p_core: pl.Series
    p_bin: pl.Series
    p_degree: pl.Series
    p_nama: pl.Series

    @property
    def n_households(self) -> int:
        """Number of households."""
        return len(self.hh_village)

    @property
    def n_persons(self) -> int:
        """Number of persons."""
        return len(self.p_hh)

    @property
    def hh_district(self) -> NDArray[np.int64]:
        """Each household's district (index into ``area.districts``)."""
        return self.area.village_district[self.hh_village]


# --------------------------------------------------------------------------- households


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_HEAD_AGES = np.arange(18, 96)
_M_HEAD_W = np.interp(
    _HEAD_AGES, [18, 25, 35, 50, 65, 80, 95], [0.2, 1.0, 1.6, 1.5, 1.0, 0.35, 0.02]
)
_F_HEAD_W = np.interp(_HEAD_AGES, [18, 30, 45, 60, 75, 95], [0.1, 0.5, 1.0, 1.5, 1.2, 0.05])
_GAPS = np.arange(-3, 13)
_GAP_W = [1, 2, 3, 6, 9, 10, 10, 9, 8, 6, 5, 4, 3, 2, 2, 1]
_DESIL_W = [0.16, 0.14, 0.13, 0.12, 0.11, 0.09, 0.08, 0.07, 0.055, 0.045]
"""DTSEN deciles, skewed poorer than the national 10% each (pilot regions)."""

_STREETS = _words(
    """
    MAWAR MELATI KENANGA ANGGREK DAHLIA FLAMBOYAN CEMPAKA TERATAI DIPONEGORO SUDIRMAN
    GAJAH.MADA PAHLAWAN MERDEKA KARTINI SURABAYA MAJAPAHIT BRAWIJAYA HAYAM.WURUK
    RADEN.WIJAYA PEMUDA PANDAN SEMERU KAWI WILIS ARJUNA BENGAWAN.SOLO BRANTAS
    KALIMANTAN SUMATERA SULAWESI IRIAN CENDANA KEMUNING SAWO NANGKA DURIAN MANGGA
    SEMBODRO GATOTKACA ANTASARI PATTIMURA IMAM.BONJOL
"""
)
_DUSUN = _words(
    """
    KRAJAN SUMBERSARI NGLEGOK WONOREJO SUKOREJO MULYOREJO KEDUNGSARI TEGALREJO
    SIDOMULYO KARANGANYAR SUMBERAGUNG JATISARI PANDANSARI NGEMPLAK GEDANGAN SAWAHAN
    KALIANYAR KEBONSARI SIDOREJO TANJUNGREJO
"""
)


def _pick_ages(rng: np.random.Generator, weights: NDArray[np.float64], n: int) -> NDArray[np.int64]:
    return _HEAD_AGES[categorical(rng, list(weights), n)].astype(np.int64)


def _three_way(
    u: NDArray[np.float64], p1: NDArray[np.float64], p2: NDArray[np.float64]
) -> NDArray[np.int64]:
    """0 where u < p1, 1 where u < p1 + p2, else 2."""
    return np.where(u < p1, 0, np.where(u < p1 + p2, 1, 2)).astype(np.int64)


@attrs.define(slots=True)
class _Block:
    hh: list[NDArray[np.int64]] = attrs.Factory(list)
    role: list[NDArray[np.int64]] = attrs.Factory(list)
    female: list[NDArray[np.bool_]] = attrs.Factory(list)
    age: list[NDArray[np.int64]] = attrs.Factory(list)
    marital: list[NDArray[np.int64]] = attrs.Factory(list)

    def add(
        self,
        hh: NDArray[np.int64],
        role: int | NDArray[np.int64],
        female: NDArray[np.bool_],
        age: NDArray[np.int64],
        marital: int | NDArray[np.int64],
    ) -> None:
        n = len(hh)
        self.hh.append(hh.astype(np.int64))
        self.role.append(np.broadcast_to(np.asarray(role, dtype=np.int64), (n,)).copy())
        self.female.append(female.astype(np.bool_))
        self.age.append(age.astype(np.int64))
        self.marital.append(np.broadcast_to(np.asarray(marital, dtype=np.int64), (n,)).copy())


def _households(rng: np.random.Generator, area: Area, n: int) -> tuple[NDArray[np.int64], ...]:
    """Draw village, RW, RT of *n* households, sorted as a roster is (village, RW, RT)."""
    n_villages = len(area.villages)
    weights = 0.5 + rng.random(n_villages)
    village = categorical(rng, list(weights), n)
    n_rw = 3 + np.floor(rng.random(n_villages) * 8).astype(np.int64)
    n_rt = 4 + np.floor(rng.random(n_villages) * 9).astype(np.int64)
    rw = 1 + np.floor(rng.random(n) * n_rw[village]).astype(np.int64)
    rt = 1 + np.floor(rng.random(n) * n_rt[village]).astype(np.int64)
    order = np.lexsort((rng.random(n), rt, rw, village))
    return village[order], rw[order], rt[order]


def _members(rng: np.random.Generator, n: int) -> _Block:  # noqa: PLR0915 - one recipe, read top-down
    """Draw the members of *n* households (ages in whole years at the reference date)."""
    block = _Block()
    hh = np.arange(n, dtype=np.int64)
    head_female = rng.random(n) < 0.15
    head_age = np.where(head_female, _pick_ages(rng, _F_HEAD_W, n), _pick_ages(rng, _M_HEAD_W, n))
    u = rng.random(n)
    p_kawin_m = np.interp(head_age, [18, 25, 30, 70, 90], [0.8, 0.93, 0.95, 0.8, 0.5])
    p_widow_m = np.interp(head_age, [18, 50, 70, 90], [0.0, 0.02, 0.15, 0.45])
    male_status = _three_way(u, p_kawin_m, p_widow_m)
    male_marital = np.select(
        [male_status == 0, male_status == 1, head_age < 30], [KAWIN, CERAI_MATI, BELUM], CERAI_HIDUP
    )
    p_widow_f = np.interp(head_age, [18, 40, 60, 90], [0.05, 0.35, 0.7, 0.9])
    female_status = _three_way(u, np.full(n, 0.05), p_widow_f)
    female_marital = np.select(
        [female_status == 0, female_status == 1, head_age < 25],
        [KAWIN, CERAI_MATI, BELUM],
        CERAI_HIDUP,
    )
    head_marital = np.where(head_female, female_marital, male_marital).astype(np.int64)
    block.add(hh, HEAD, head_female, head_age, head_marital)

    # Spouse.
    has_spouse = head_marital == KAWIN
    gap = _GAPS[categorical(rng, _GAP_W, n)]
    spouse_age = np.clip(np.where(head_female, head_age + gap, head_age - gap), 17, 95)
    s = np.flatnonzero(has_spouse)
    block.add(s, np.where(head_female[s], SUAMI, ISTRI), ~head_female[s], spouse_age[s], KAWIN)

    # Children at home, born when the younger parent was 18-45.
    youngest = np.where(has_spouse, np.minimum(head_age, spouse_age), head_age)
    lo = np.maximum(0, youngest - 45)
    hi = np.minimum(youngest - 18, 35)
    can = (head_marital != BELUM) & (hi >= lo)
    p_child = np.interp(
        head_age, [18, 25, 35, 45, 55, 65, 80], [0.12, 0.3, 0.45, 0.42, 0.3, 0.15, 0.06]
    )
    n_kids = (rng.random((n, 5)) < p_child[:, None]).sum(axis=1) * can
    k = np.repeat(hh, n_kids)
    kid_age = uniform_int(rng, lo[k], hi[k])
    kid_status = categorical(rng, [0.9, 0.08, 0.02], len(k))
    kid_marital = np.where(
        kid_age < 19, BELUM, np.array([BELUM, CERAI_HIDUP, CERAI_MATI])[kid_status]
    )
    block.add(k, ANAK, rng.random(len(k)) < 0.49, kid_age, kid_marital)

    # A married child with spouse (MENANTU) and grandchildren (CUCU).
    p_married = np.interp(youngest, [40, 50, 60, 70], [0.04, 0.1, 0.14, 0.14])
    has_mc = can & (youngest >= 40) & (rng.random(n) < p_married)
    mc_age = uniform_int(rng, np.maximum(20, youngest - 45), np.minimum(youngest - 18, 45))
    mc_female = rng.random(n) < 0.5
    in_law_gap = np.where(mc_female, np.floor(rng.random(n) * 7), -np.floor(rng.random(n) * 6))
    in_law_age = np.clip(mc_age + in_law_gap.astype(np.int64), 17, 95)
    m = np.flatnonzero(has_mc)
    block.add(m, ANAK, mc_female[m], mc_age[m], KAWIN)
    block.add(m, MENANTU, ~mc_female[m], in_law_age[m], KAWIN)
    parents_min = np.minimum(mc_age, in_law_age)
    n_cucu = (rng.random((n, 3)) < 0.5).sum(axis=1) * (has_mc & (parents_min >= 19))
    c = np.repeat(hh, n_cucu)
    cucu_age = uniform_int(rng, np.maximum(0, parents_min - 40)[c], (parents_min - 18)[c])
    block.add(c, CUCU, rng.random(len(c)) < 0.49, cucu_age, BELUM)

    # Parents of the head (ORANG TUA) or of the spouse (MERTUA).
    p_par = np.interp(head_age, [18, 30, 45, 60, 70], [0.10, 0.08, 0.07, 0.04, 0.0])
    of_spouse = has_spouse & (rng.random(n) < 0.4)
    base_age = np.where(of_spouse, spouse_age, head_age)
    has_par = (rng.random(n) < p_par) & (base_age <= 70)
    two = rng.random(n) < 0.25
    par_role = np.where(of_spouse, MERTUA, ORANG_TUA)
    first_female = np.where(two, False, rng.random(n) < 0.7)  # noqa: FBT003 - array literal
    single_marital = np.where(rng.random(n) < 0.9, CERAI_MATI, CERAI_HIDUP)
    par_hi = np.minimum(base_age + 35, 95)
    age1 = uniform_int(rng, base_age + 20, par_hi)
    age2 = uniform_int(rng, base_age + 20, par_hi)
    p1 = np.flatnonzero(has_par)
    block.add(
        p1, par_role[p1], first_female[p1], age1[p1], np.where(two[p1], KAWIN, single_marital[p1])
    )
    p2 = np.flatnonzero(has_par & two)
    block.add(p2, par_role[p2], np.ones(len(p2), dtype=np.bool_), age2[p2], KAWIN)

    # Another relative, a maid.
    f = np.flatnonzero(rng.random(n) < 0.03)
    fam_age = uniform_int(rng, np.full(len(f), 3), np.full(len(f), 80))
    fam_status = np.array([BELUM, KAWIN, CERAI_HIDUP, CERAI_MATI])[
        categorical(rng, [5, 2, 1.5, 1.5], len(f))
    ]
    block.add(
        f, FAMILI, rng.random(len(f)) < 0.5, fam_age, np.where(fam_age < 19, BELUM, fam_status)
    )
    w = np.flatnonzero(rng.random(n) < 0.004)
    maid_age = uniform_int(rng, np.full(len(w), 18), np.full(len(w), 55))
    maid_status = np.array([BELUM, KAWIN, CERAI_HIDUP])[categorical(rng, [5, 3, 2], len(w))]
    block.add(w, PEMBANTU, rng.random(len(w)) < 0.85, maid_age, maid_status)
    return block


# --------------------------------------------------------------------------- identities


def assign_serials(
    rng: np.random.Generator, key: NDArray[np.int64], base: int = 1
) -> NDArray[np.int64]:
    """Return a serial per element, unique among elements with the same *key*.

    Serials count up from a small random start per key (``base`` + 0-11): the people of
    the synthetic population are not the only ones registered on that day.
    """
    n = len(key)
    serial = np.zeros(n, dtype=np.int64)
    if n == 0:
        return serial
    order = np.lexsort((rng.random(n), key))
    sorted_key = key[order]
    new_group = np.empty(n, dtype=np.bool_)
    new_group[0] = True
    new_group[1:] = sorted_key[1:] != sorted_key[:-1]
    group = np.cumsum(new_group) - 1
    starts = np.flatnonzero(new_group)
    rank = np.arange(n) - starts[group]
    offset = np.floor(rng.random(len(starts)) * 12).astype(np.int64)
    serial[order] = base + offset[group] + rank
    if serial.max() > 9998:
        msg = "Too many synthetic people share a district and date; use more districts"
        raise ValueError(msg)
    return serial


def compose_numbers(
    district: NDArray[np.int64], day: NDArray[np.int64], month: NDArray[np.int64],
    year: NDArray[np.int64], serial: NDArray[np.int64],
) -> pl.Series:  # fmt: skip
    """Compose 16-digit NIK/KK numbers as text (district codes never start with 0)."""
    number = district * 10**10 + day * 10**8 + month * 10**6 + (year % 100) * 10**4 + serial
    return pl.Series(number.astype(np.int64)).cast(pl.String)


def _origins(
    rng: np.random.Generator, home: NDArray[np.int64], role: NDArray[np.int64], area: Area
) -> NDArray[np.int64]:
    """Choose each person's district of first registration (the NIK prefix).

    Most were registered in their household's district or another district of the same
    regency; movers (spouses and in-laws marrying in, maids, some heads) keep the prefix
    of wherever they were first registered, 60% in the same province.
    """
    n = len(role)
    p_moved = np.array([0.08, 0.2, 0.2, 0.02, 0.5, 0.01, 0.3, 0.3, 0.4, 0.8, 0.1])[role]
    moved = rng.random(n) < p_moved
    same_regency = rng.random(n) < 0.15
    u = rng.random(n)
    in_regency = area.regency_start[home] + np.floor(
        u * (area.regency_end[home] - area.regency_start[home])
    )
    local = np.where(same_regency, in_regency.astype(np.int64), home)
    same_province = rng.random(n) < 0.6
    in_province = area.province_start[home] + np.floor(
        u * (area.province_end[home] - area.province_start[home])
    )
    anywhere = np.floor(u * len(area.districts))
    elsewhere = np.where(same_province, in_province, anywhere).astype(np.int64)
    return np.where(moved, elsewhere, local).astype(np.int64)


# --------------------------------------------------------------------------- names

# Province (2-digit code) -> weights of (JAWA, SUNDA, MELAYU, ARAB, KRISTEN, TIONGHOA).
_GROUP_WEIGHTS: dict[str, tuple[float, ...]] = {
    "31": (0.30, 0.15, 0.07, 0.30, 0.10, 0.08),
    "32": (0.08, 0.55, 0.02, 0.30, 0.03, 0.02),
    "33": (0.62, 0.02, 0.02, 0.27, 0.04, 0.03),
    "34": (0.62, 0.02, 0.02, 0.25, 0.06, 0.03),
    "35": (0.60, 0.01, 0.02, 0.30, 0.04, 0.03),
    "36": (0.15, 0.45, 0.03, 0.30, 0.04, 0.03),
    "12": (0.10, 0.00, 0.40, 0.20, 0.25, 0.05),
}
_SUMATRA = (0.08, 0.01, 0.55, 0.30, 0.04, 0.02)
_EAST = (0.15, 0.01, 0.10, 0.30, 0.40, 0.04)
_OTHER = (0.20, 0.02, 0.20, 0.35, 0.18, 0.05)


def _group_weights(province: str) -> tuple[float, ...]:
    if province in _GROUP_WEIGHTS:
        return _GROUP_WEIGHTS[province]
    if province[0] == "1" or province == "21":
        return _SUMATRA
    if province[0] in "589":  # Bali/Nusa Tenggara, Maluku, Papua
        return _EAST
    return _OTHER


class _Tokens:
    """All name tokens in one indexed list, and the pools as index arrays."""

    def __init__(self) -> None:
        words: set[str] = set(_names.ABDUL_SUFFIXES) | set(_names.MUHAMMAD_FORMS)
        for pool in _names.POOLS.values():
            for tokens in pool.values():
                words.update(tokens)
        for tokens in _names.SURNAMES.values():
            words.update(tokens)
        self.words = sorted(words)
        self.index = {w: i for i, w in enumerate(self.words)}
        self.series = pl.Series(self.words, dtype=pl.String)

    def ids(self, tokens: tuple[str, ...]) -> NDArray[np.int64]:
        return np.array([self.index[t] for t in tokens], dtype=np.int64)


def _draw(rng: np.random.Generator, pool: NDArray[np.int64], n: int) -> NDArray[np.int64]:
    return pool[np.floor(rng.random(n) * len(pool)).astype(np.int64)]


_MUHAMMAD_BY_ERA = (
    ("MUHAMMAD", "MUHAMMAD", "MOCHAMAD", "MOCHAMAD", "MOCH.", "MOH.", "MOHAMMAD", "MUHAMAD", "M."),
    ("MUHAMMAD", "MUHAMMAD", "MUHAMMAD", "MOCHAMMAD", "MOHAMMAD", "MUHAMAD", "M.", "MOCH."),
    ("MUHAMMAD",) * 8 + ("MUHAMAD", "MOHAMMAD"),
)
"""Latent spellings of Muhammad by era: abbreviations only on older records (Permendagri
73/2022 forbids them on new documents)."""


def _indices(tok: _Tokens, arr: NDArray[np.int64]) -> pl.Series:
    return tok.series.gather(pl.Series(arr).scatter(np.flatnonzero(arr < 0), None))


def _names_for(  # noqa: PLR0913, PLR0915 - one recipe over many arrays
    rng: np.random.Generator,
    *,
    lat_hh: NDArray[np.int64],
    role: NDArray[np.int64],
    female: NDArray[np.bool_],
    birth_year: NDArray[np.int64],
    age: NDArray[np.int64],
    occupation: NDArray[np.int64],
    hh_province: NDArray[np.int64],
) -> tuple[NDArray[np.int64], pl.Series, pl.Series, pl.Series, pl.Series, pl.Series, pl.Series]:
    """Return the naming of each person.

    That is: group, the modern core of old-spelled names (null for the others), hajj
    title, academic title, core name, bin/binti part and degree.
    """
    tok = _Tokens()
    n = len(role)
    n_h = len(hh_province)
    # Naming tradition: one per household, redrawn for some who married or moved in.
    weights_by_province = {int(p): _group_weights(f"{p:02d}") for p in np.unique(hh_province)}
    hh_group = np.zeros(n_h, dtype=np.int64)
    provinces = hh_province
    u_h = rng.random(n_h)
    for province, weights in weights_by_province.items():
        mask = provinces == province
        cum = np.cumsum(weights) / sum(weights)
        hh_group[mask] = np.minimum(np.searchsorted(cum, u_h[mask], side="right"), 5)
    kin = np.isin(role, [HEAD, ANAK, CUCU, ORANG_TUA])
    group = hh_group[lat_hh].copy()
    redraw = ~kin & (rng.random(n) < 0.2)
    u_p = rng.random(n)
    for province, weights in weights_by_province.items():
        mask = redraw & (provinces[lat_hh] == province)
        cum = np.cumsum(weights) / sum(weights)
        group[mask] = np.minimum(np.searchsorted(cum, u_p[mask], side="right"), 5)

    era = np.where(birth_year < 1965, 0, np.where(birth_year < 1990, 1, 2))
    n_core = np.zeros(n, dtype=np.int64)
    for e, era_weights in enumerate(([0.65, 0.35, 0.0], [0.3, 0.55, 0.15], [0.05, 0.5, 0.45])):
        mask = era == e
        n_core[mask] = 1 + categorical(rng, era_weights, int(mask.sum()))
    p_prefix2 = np.array([0.15, 0.2, 0.35, 0.6, 0.0, 0.0])[group]
    use_prefix = (n_core == 3) | ((n_core == 2) & (rng.random(n) < p_prefix2))
    use_second = (n_core == 3) | ((n_core == 2) & ~use_prefix)

    prefix = np.full(n, -1, dtype=np.int64)
    given = np.full(n, -1, dtype=np.int64)
    second = np.full(n, -1, dtype=np.int64)
    sex_key = np.where(female, 1, 0)
    for (g, sex), pool in _names.POOLS.items():
        s = 1 if sex == "P" else 0
        mask = (group == g) & (sex_key == s)
        for e in range(3):
            idx = np.flatnonzero(mask & (era == e))
            given[idx] = _draw(rng, tok.ids(pool[f"given{e}"]), len(idx))
        idx = np.flatnonzero(mask & use_prefix)
        prefix[idx] = _draw(rng, tok.ids(pool["prefix"]), len(idx))
        idx = np.flatnonzero(mask & use_second)
        second[idx] = _draw(rng, tok.ids(pool["second"]), len(idx))
    # Muhammad in its era's spellings; ABDUL is followed by one of God's names.
    muhammad = prefix == tok.index["MUHAMMAD"]
    for e in range(3):
        idx = np.flatnonzero(muhammad & (era == e))
        prefix[idx] = _draw(rng, tok.ids(_MUHAMMAD_BY_ERA[e]), len(idx))
    idx = np.flatnonzero(prefix == tok.index["ABDUL"])
    given[idx] = _draw(rng, tok.ids(_names.ABDUL_SUFFIXES), len(idx))
    second[(second == given) | (second == prefix)] = -1
    prefix[prefix == given] = -1

    # Family names: shared by the household's kin, own ones for the others.
    surname = np.full(n, -1, dtype=np.int64)
    for g, pool_names in _names.SURNAMES.items():
        surnames = tok.ids(pool_names)
        share = _names.SURNAME_SHARE[g]
        hh_has = (hh_group == g) & (rng.random(n_h) < share)
        hh_surname = _draw(rng, surnames, n_h)
        idx = np.flatnonzero(kin & hh_has[lat_hh] & (group == g))
        surname[idx] = hh_surname[lat_hh[idx]]
        idx = np.flatnonzero(~kin & (group == g) & (rng.random(n) < share))
        surname[idx] = _draw(rng, surnames, len(idx))
    second[surname >= 0] = -1

    core = (
        pl.DataFrame(
            {
                "a": _indices(tok, prefix),
                "b": _indices(tok, given),
                "c": _indices(tok, second),
                "d": _indices(tok, surname),
            }
        )
        .select(pl.concat_str(["a", "b", "c", "d"], separator=" ", ignore_nulls=True))
        .to_series()
    )

    # Old spelling on some older records of the groups the reforms applied to.
    p_old = np.where(birth_year < 1965, 0.25, np.where(birth_year < 1980, 0.06, 0.0))
    old = np.isin(group, list(_names.OLD_SPELLING_GROUPS)) & (rng.random(n) < p_old)
    idx = np.flatnonzero(old)
    modern_core = pl.repeat(None, n, dtype=pl.String, eager=True)
    if len(idx):
        modern = core.gather(idx)
        text = pl.Series(
            [_names.to_old_spelling(name) for name in modern.to_list()], dtype=pl.String
        )
        changed = (text != modern).to_numpy()
        idx, text, modern = idx[changed], text.filter(changed), modern.filter(changed)
        core = core.scatter(idx, text)
        modern_core = modern_core.scatter(idx, modern)

    # bin/binti and a father's name on some Malay and Arabic-tradition records.
    muslim_bin = np.isin(group, [_names.MELAYU, _names.ARAB]) & (rng.random(n) < 0.05)
    idx = np.flatnonzero(muslim_bin)
    father = np.full(n, -1, dtype=np.int64)
    for g in (_names.MELAYU, _names.ARAB):
        sub = idx[group[idx] == g]
        father[sub] = _draw(rng, tok.ids(_names.POOLS[(g, "L")]["given1"]), len(sub))
    bin_word = labels(("BIN", "BINTI"), female).scatter(np.flatnonzero(~muslim_bin), None)
    bin_part = pl.DataFrame({"w": bin_word, "f": _indices(tok, father)}).select(
        pl.concat_str(["w", "f"], separator=" ")
    )["w"]

    # Titles: hajj for some older Muslims, degrees by occupation.
    muslim = np.isin(group, [_names.JAWA, _names.SUNDA, _names.MELAYU, _names.ARAB])
    hajj = muslim & (age >= 45) & (rng.random(n) < np.where(female, 0.04, 0.05))
    hajj_title = labels(("H.", "HJ."), female).scatter(np.flatnonzero(~hajj), None)
    p_degree = np.full(n, 0.04)
    p_degree[occupation == O_PNS] = 0.6
    p_degree[occupation == O_TEACHER] = 0.8
    p_degree[occupation == O_BUMN] = 0.5
    p_degree[np.isin(occupation, [O_TNI, O_POLRI])] = 0.2
    degree = (age >= 23) & (age <= 75) & (rng.random(n) < p_degree)
    academic = degree & (birth_year < 1975) & (rng.random(n) < 0.4)
    acad_words = np.where(rng.random(n) < 0.25, 2, female.astype(np.int64))
    acad = labels(("DRS.", "DRA.", "IR."), acad_words).scatter(np.flatnonzero(~academic), None)
    suffix = degree & ~academic
    deg_idx = np.floor(rng.random(n) * len(_names.DEGREES)).astype(np.int64)
    degrees = labels(_names.DEGREES, deg_idx).scatter(np.flatnonzero(~suffix), None)
    return group, modern_core, hajj_title, acad, core, bin_part, degrees


def full_names(
    hajj: pl.Series, acad: pl.Series, core: pl.Series, bin_part: pl.Series, degree: pl.Series
) -> pl.Series:
    """Join name parts as recorded: ``H. DRS. SLAMET BIN SUPARDI, S.PD``."""
    frame = pl.DataFrame({"h": hajj, "a": acad, "c": core, "b": bin_part, "d": degree})
    return frame.select(
        pl.concat_str(
            [pl.concat_str(["h", "a", "c", "b"], separator=" ", ignore_nulls=True), "d"],
            separator=", ",
            ignore_nulls=True,
        )
    )["h"]


# --------------------------------------------------------------------------- everything


def _addresses(rng: np.random.Generator, area: Area, village: NDArray[np.int64]) -> pl.Series:
    n = len(village)
    street = labels(_STREETS, np.floor(rng.random(n) * len(_STREETS)).astype(np.int64))
    number = 1 + np.floor(rng.random(n) * 150).astype(np.int64)
    dusun = labels(_DUSUN, np.floor(rng.random(n) * len(_DUSUN)).astype(np.int64))
    gang = rng.random(n) < 0.2
    frame = pl.DataFrame(
        {
            "street": street.str.replace_all(".", " ", literal=True),
            "number": pl.Series(number).cast(pl.String),
            "gang_no": pl.Series(number % 9 + 1).cast(pl.String),
            "dusun": dusun,
            "desa": area.village_is_desa[village],
            "gang": gang,
        }
    )
    return frame.select(
        pl.when(pl.col("desa"))
        .then(pl.concat_str([pl.lit("DSN. "), "dusun"]))
        .when(pl.col("gang"))
        .then(pl.concat_str([pl.lit("JL. "), "street", pl.lit(" GG. "), "gang_no"]))
        .otherwise(pl.concat_str([pl.lit("JL. "), "street", pl.lit(" NO. "), "number"]))
    ).to_series()


def build_latent(seed: int, n_households: int, area: Area, ref: dt.date) -> Latent:  # noqa: PLR0915 - one recipe
    """Generate the clean population."""
    ref_days = epoch_days(ref)
    village, rw, rt = _households(stream(seed, "households"), area, n_households)
    block = _members(stream(seed, "members"), n_households)
    hh = np.concatenate(block.hh)
    role = np.concatenate(block.role)
    female = np.concatenate(block.female)
    age_years = np.concatenate(block.age)
    marital = np.concatenate(block.marital)
    order = np.lexsort((np.arange(len(hh)), -age_years, _RANK[role], hh))
    hh, role, female, age_years, marital = (
        hh[order],
        role[order],
        female[order],
        age_years[order],
        marital[order],
    )
    n = len(hh)
    counts = np.bincount(hh, minlength=n_households)
    hh_end = np.cumsum(counts)
    hh_start = hh_end - counts

    rng = stream(seed, "persons")
    birth = (
        ref_days
        - np.floor(age_years * _DAYS_PER_YEAR).astype(np.int64)
        - np.floor(rng.random(n) * 365).astype(np.int64)
    )
    year, _, _ = ymd(birth)
    # Legal placeholder birth dates (1 July, 31 December) on some older records.
    placeholder = (year < 1975) & (rng.random(n) < 0.04)
    years = birth.astype("datetime64[D]").astype("datetime64[Y]")
    july = (years.astype("datetime64[M]") + 6).astype("datetime64[D]").astype(np.int64)
    december = ((years + 1).astype("datetime64[D]") - 1).astype(np.int64)
    birth = np.where(placeholder, np.where(rng.random(n) < 0.5, july, december), birth)
    age = _age_at(birth, ref)

    # Deaths in the last three years, still on the roster.
    p_death = np.interp(age, [0, 40, 60, 70, 80, 95], [0.002, 0.003, 0.015, 0.04, 0.09, 0.2])
    dead = (rng.random(n) < p_death) & (birth < ref_days - 2)
    death_lo = np.maximum(birth + 1, ref_days - 1095)
    death = np.where(dead, uniform_int(rng, death_lo, np.full(n, ref_days - 1)), -1)
    alive = ~dead

    # School level now, by age.
    p_school = np.interp(
        age,
        [2, 3, 4, 5, 6, 7, 12, 13, 15, 16, 18, 19, 20, 21],
        [0, 0.35, 0.35, 0.75, 0.75, 0.97, 0.97, 0.92, 0.92, 0.78, 0.78, 0.05, 0.05, 0],
    )
    in_school = alive & (rng.random(n) < p_school)
    level = np.select([age <= 6, age <= 12, age <= 15], [PAUD, SD, SMP], SMA)
    school = np.where(in_school, level, TIDAK_SEKOLAH).astype(np.int64)

    # Pregnancy and severe disability.
    p_preg = np.interp(
        age, [17, 20, 25, 30, 35, 40, 44, 45], [0.03, 0.07, 0.08, 0.07, 0.05, 0.02, 0.01, 0.0]
    )
    pregnant = (
        alive & female & (marital == KAWIN) & (age >= 17) & (age <= 44) & (rng.random(n) < p_preg)
    )
    disabled = rng.random(n) < np.interp(age, [0, 40, 60, 70, 85], [0.005, 0.01, 0.02, 0.05, 0.1])

    occupation = _occupations(
        stream(seed, "occupation"),
        area=area,
        person_village=village[hh],
        age=age,
        female=female,
        role=role,
        school=school,
    )

    # Desil: skewed poorer; households with a civil servant/soldier/police/BUMN member
    # or a maid are mostly better off.
    rng = stream(seed, "desil")
    desil = 1 + categorical(rng, _DESIL_W, n_households)
    formal = (
        np.bincount(
            hh, weights=(np.isin(occupation, FORMAL_OCCUPATIONS) & alive), minlength=n_households
        )
        > 0
    )
    richer = formal & (rng.random(n_households) < 0.8)
    desil = np.where(
        richer, 5 + categorical(rng, [0.1, 0.15, 0.2, 0.2, 0.2, 0.15], n_households), desil
    )
    maid = np.bincount(hh, weights=role == PEMBANTU, minlength=n_households) > 0
    desil = np.where(maid, 8 + categorical(rng, [0.3, 0.35, 0.35], n_households), desil)

    # NIK: district of first registration, birth date (+40 for women), serial.
    hh_district = area.village_district[village]
    nik_district = _origins(stream(seed, "origin"), hh_district[hh], role, area)
    rng = stream(seed, "nik")
    b_year, b_month, b_day = ymd(birth)
    nik_day = b_day + 40 * female
    key = area.district_codes[nik_district] * 10**8 + nik_day * 10**4 + b_month * 100 + b_year % 100
    nik_serial = assign_serials(rng, key)
    nik = compose_numbers(area.district_codes[nik_district], nik_day, b_month, b_year, nik_serial)
    birthplace = labels(area.birthplace, nik_district)

    # KK: the household district's office, issued between 2005 and the reference date
    # and after the head turned 17, serial per district and date.
    rng = stream(seed, "kk")
    head_birth = birth[hh_start]
    issue_lo = np.maximum(epoch_days(dt.date(2005, 1, 1)), head_birth + 6210)
    issue_lo = np.minimum(issue_lo, ref_days - 1)
    issued = uniform_int(rng, issue_lo, np.full(n_households, ref_days - 1))
    i_year, i_month, i_day = ymd(issued)
    kk_key = area.district_codes[hh_district] * 10**8 + i_day * 10**4 + i_month * 100 + i_year % 100
    kk_serial = assign_serials(rng, kk_key)
    kk = compose_numbers(area.district_codes[hh_district], i_day, i_month, i_year, kk_serial)

    village_province = np.array([int(v[:2]) for v in area.villages], dtype=np.int64)
    provinces = village_province[village]
    group, modern_core, hajj, acad, core, bin_part, degree = _names_for(
        stream(seed, "names"),
        lat_hh=hh,
        role=role,
        female=female,
        birth_year=b_year,
        age=age,
        occupation=occupation,
        hh_province=provinces,
    )
    return Latent(
        ref=ref,
        area=area,
        hh_village=village,
        hh_rt=rt,
        hh_rw=rw,
        hh_alamat=_addresses(stream(seed, "address"), area, village),
        hh_desil=desil.astype(np.int64),
        hh_kk=kk,
        hh_kk_serial=kk_serial,
        hh_start=hh_start.astype(np.int64),
        hh_end=hh_end.astype(np.int64),
        p_hh=hh,
        p_role=role,
        p_female=female,
        p_birth=birth.astype(np.int64),
        p_age=age,
        p_marital=marital,
        p_alive=alive,
        p_death=death.astype(np.int64),
        p_pregnant=pregnant,
        p_disabled=disabled,
        p_school=school,
        p_occupation=occupation,
        p_group=group,
        p_modern_core=modern_core,
        p_nik_district=nik_district,
        p_nik_serial=nik_serial,
        p_nik=nik,
        p_birthplace=birthplace,
        p_hajj=hajj,
        p_acad=acad,
        p_core=core,
        p_bin=bin_part,
        p_degree=degree,
        p_nama=full_names(hajj, acad, core, bin_part, degree),
    )


def _occupation_tables(*, desa: bool) -> dict[tuple[bool, bool], dict[int, float]]:
    """Occupation weights of adults by (aged 65+, female); farming and village staff in desa."""
    farm = 0.10 if desa else 0.02
    staff = 0.01 if desa else 0.0
    return {
        (False, False): {
            O_NONE: 0.05, O_SELF: 0.22, O_PRIVATE: 0.18, O_DAILY: 0.20, O_FARMER: farm,
            O_FARMHAND: farm * 0.8, O_TRADER: 0.08, O_DRIVER: 0.04, O_BUILDER: 0.04,
            O_TEACHER: 0.015, O_PNS: 0.025, O_TNI: 0.005, O_POLRI: 0.005, O_BUMN: 0.007,
            O_VILLAGE: staff,
        },
        (False, True): {
            O_NONE: 0.06, O_HOME: 0.45, O_SELF: 0.09, O_PRIVATE: 0.12, O_DAILY: 0.06,
            O_FARMER: farm / 2, O_FARMHAND: farm / 2, O_TRADER: 0.10, O_TEACHER: 0.03,
            O_PNS: 0.02, O_TNI: 0.001, O_POLRI: 0.002, O_BUMN: 0.004, O_VILLAGE: staff * 0.3,
        },
        (True, False): {
            O_NONE: 0.45, O_SELF: 0.12, O_DAILY: 0.05, O_FARMER: farm, O_FARMHAND: farm / 2,
            O_TRADER: 0.05, O_RETIRED: 0.12,
        },
        (True, True): {
            O_NONE: 0.35, O_HOME: 0.45, O_SELF: 0.05, O_FARMER: farm / 2, O_TRADER: 0.05,
            O_RETIRED: 0.06,
        },
    }  # fmt: skip


def _occupations(  # noqa: PLR0913
    rng: np.random.Generator,
    *,
    area: Area,
    person_village: NDArray[np.int64],
    age: NDArray[np.int64],
    female: NDArray[np.bool_],
    role: NDArray[np.int64],
    school: NDArray[np.int64],
) -> NDArray[np.int64]:
    """Draw occupations by age, sex and whether the village is a rural desa."""
    n = len(age)
    desa = area.village_is_desa[person_village]
    out = np.full(n, O_NONE, dtype=np.int64)
    pupil = np.isin(school, [SD, SMP, SMA])
    out[pupil] = O_STUDENT
    college = (age >= 19) & (age <= 23) & (rng.random(n) < 0.2)
    out[college] = O_STUDENT
    teen_work = (age >= 15) & (age <= 18) & ~pupil & (rng.random(n) < 0.3)
    out[teen_work] = O_DAILY
    adult = (age >= 19) & ~college
    elderly = age >= 65
    u = rng.random(n)
    for is_desa in (False, True):
        for (old, is_female), table in _occupation_tables(desa=is_desa).items():
            mask = adult & (elderly == old) & (female == is_female) & (desa == is_desa)
            weights = [table.get(code, 0.0) for code in range(len(OCCUPATIONS))]
            cum = np.cumsum(weights) / sum(weights)
            out[mask] = np.minimum(np.searchsorted(cum, u[mask], side="right"), len(weights) - 1)
    out[role == PEMBANTU] = O_MAID
    return out
