"""Comparison levels and comparisons (Splink-style, strictest level first)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from bansos_validate import _arguments as _args
from bansos_validate import facts
from bansos_validate.errors import InvalidArgument

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "DEFAULT_COMPARISONS",
    "PLACEHOLDER_DAYS",
    "Comparison",
    "DateWithinLevel",
    "DayMonthSwapLevel",
    "EditDistanceLevel",
    "ElseLevel",
    "ExactLevel",
    "JaroWinklerLevel",
    "Level",
    "NullLevel",
    "PartsExactLevel",
    "PlaceholderDateLevel",
    "PrefixLevel",
    "TokenSubsetLevel",
    "YearApartLevel",
]

PLACEHOLDER_DAYS: Final = frozenset(f"{m:02d}-{d:02d}" for d, m in facts.PLACEHOLDER_DAYS)
"""Month and day (``MM-DD``) of the placeholder birth dates written when the real date is
unknown (:data:`bansos_validate.facts.PLACEHOLDER_DAYS`: 1 July, 31 December, 1 January)."""

Similarity = Literal["name", "jaro_winkler"]


class PairValues:
    """The two sides' values of one field over a batch of candidate pairs.

    ``left`` and ``right`` are the values of the pairs still to be placed (``index`` into
    the batch); similarities are computed once per batch and pair, on demand, and shared
    by the levels of a comparison.
    """

    def __init__(
        self,
        left: npt.NDArray[np.object_],
        right: npt.NDArray[np.object_],
        similarity: Similarity,
        *,
        index: npt.NDArray[np.intp] | None = None,
        cache: dict[str, Any] | None = None,
    ) -> None:
        import numpy as np  # noqa: PLC0415

        self._full_left = left
        self._full_right = right
        self.similarity = similarity
        self.index = np.arange(len(left), dtype=np.intp) if index is None else index
        self.left = left if index is None else left[index]
        self.right = right if index is None else right[index]
        self._cache: dict[str, Any] = {} if cache is None else cache

    def subset(self, index: npt.NDArray[np.intp]) -> PairValues:
        """Return the values of the batch's pairs at ``index`` (sharing the caches)."""
        return PairValues(
            self._full_left,
            self._full_right,
            self.similarity,
            index=index,
            cache=self._cache,
        )

    def _scores(self, key: str) -> npt.NDArray[np.float64]:
        import numpy as np  # noqa: PLC0415

        full: npt.NDArray[np.float64] | None = self._cache.get(key)
        if full is None:
            full = self._cache[key] = np.full(len(self._full_left), np.nan)
        need = self.index[np.isnan(full[self.index])]
        if len(need):
            left, right = self._full_left[need], self._full_right[need]
            if key == "jw":
                full[need] = _jaro_winkler(left, right, self.similarity)
            else:
                full[need] = _osa(left, right)
        out: npt.NDArray[np.float64] = full[self.index]
        return out

    def jaro_winkler(self) -> npt.NDArray[np.float64]:
        """Return the Jaro-Winkler similarity (prefix weight 0.1) of every pair."""
        return self._scores("jw")

    def edits(self) -> npt.NDArray[np.float64]:
        """Return the optimal-string-alignment edit distance of every pair."""
        return self._scores("osa")

    def parts(self, k: int) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.object_]]:
        """Return part ``k`` of ``|``-separated values on both sides (``""`` if absent)."""
        import numpy as np  # noqa: PLC0415
        import polars as pl  # noqa: PLC0415 - bulk only

        key = f"part{k}"
        found = self._cache.get(key)
        if found is None:
            sides = []
            for full in (self._full_left, self._full_right):
                text = pl.Series(full.tolist(), dtype=pl.String)
                part = text.str.split_exact("|", k).struct.field(f"field_{k}").fill_null("")
                sides.append(np.asarray(part.to_list(), dtype=object))
            found = self._cache[key] = (sides[0], sides[1])
        return found[0][self.index], found[1][self.index]


def _is_none(values: npt.NDArray[np.object_]) -> npt.NDArray[np.bool_]:
    import numpy as np  # noqa: PLC0415

    out: npt.NDArray[np.bool_] = np.asarray(values == None, dtype=np.bool_)  # noqa: E711 - elementwise
    return out


def _texts(values: npt.NDArray[np.object_]) -> list[str]:
    return ["" if v is None else str(v) for v in values.tolist()]


def _jaro_winkler(
    left: npt.NDArray[np.object_], right: npt.NDArray[np.object_], similarity: Similarity
) -> npt.NDArray[np.float64]:
    import numpy as np  # noqa: PLC0415 - bulk only
    from rapidfuzz import process  # noqa: PLC0415
    from rapidfuzz.distance import JaroWinkler  # noqa: PLC0415

    from bansos_validate.names import JARO_WINKLER_PREFIX_WEIGHT, name_similarity_many  # noqa: PLC0415

    if similarity == "name":
        return name_similarity_many(_texts(left), _texts(right))
    if len(left) == 0:
        return np.zeros(0, dtype=np.float64)
    out: npt.NDArray[np.float64] = process.cpdist(
        _texts(left),
        _texts(right),
        scorer=JaroWinkler.similarity,
        scorer_kwargs={"prefix_weight": JARO_WINKLER_PREFIX_WEIGHT},
        dtype=np.float64,
    )
    return out


def _osa(left: npt.NDArray[np.object_], right: npt.NDArray[np.object_]) -> npt.NDArray[np.float64]:
    import numpy as np  # noqa: PLC0415
    from rapidfuzz import process  # noqa: PLC0415
    from rapidfuzz.distance import OSA  # noqa: PLC0415

    if len(left) == 0:
        return np.zeros(0, dtype=np.float64)
    out: npt.NDArray[np.float64] = process.cpdist(
        _texts(left), _texts(right), scorer=OSA.distance, dtype=np.float64
    )
    return out


@attrs.frozen(slots=True)
class Level:
    """A comparison level: a test on a pair's two values, with a label for reports.

    Subclasses implement :meth:`applies`; a comparison gives each pair the first level
    (strictest first) whose test holds.
    """

    label: str = attrs.field(default="", kw_only=True)

    def applies(self, values: PairValues) -> npt.NDArray[np.bool_]:  # pragma: no cover
        """Return, per pair, whether the level's test holds."""
        raise NotImplementedError

    @property
    def is_null(self) -> bool:
        """Whether this level means "no evidence" (its weight is always 0)."""
        return False

    def describe(self) -> str:
        """Return the label, or a default text for the level."""
        return self.label or self._default_label()

    def _default_label(self) -> str:  # pragma: no cover
        return type(self).__name__

    def __repr__(self) -> str:
        return f"<{self.describe()}>"


@attrs.frozen(slots=True, repr=False)
class NullLevel(Level):
    """Either value is missing: no evidence either way (weight 0).

    >>> NullLevel()
    <null>
    """

    @property
    def is_null(self) -> bool:
        """Always True."""
        return True

    def applies(self, values: PairValues) -> npt.NDArray[np.bool_]:
        """Return whether either side is missing or empty."""
        _check_values(values)
        import numpy as np  # noqa: PLC0415

        out: npt.NDArray[np.bool_] = (
            _is_none(values.left)
            | _is_none(values.right)
            | (values.left == "").astype(np.bool_)
            | (values.right == "").astype(np.bool_)
        )
        return out

    def _default_label(self) -> str:
        return "null"


@attrs.frozen(slots=True, repr=False)
class ExactLevel(Level):
    """Both values are equal (after the field's normalisation).

    >>> ExactLevel()
    <exact match>
    """

    def applies(self, values: PairValues) -> npt.NDArray[np.bool_]:
        """Return whether the two values are equal."""
        _check_values(values)
        out: npt.NDArray[np.bool_] = (values.left == values.right).astype(bool)
        return out

    def _default_label(self) -> str:
        return "exact match"


@attrs.frozen(slots=True, repr=False)
class PlaceholderDateLevel(Level):
    """A placeholder birth date (1 July, 31 December, 1 January: :data:`PLACEHOLDER_DAYS`).

    Older records carry these dates when the real one is unknown. By default both ISO
    dates are equal and a placeholder: weaker evidence than agreeing on another date.
    With ``one_side=True`` the dates differ, one of them is a placeholder and the years
    agree: the real date on one side, the stand-in on the other.

    >>> PlaceholderDateLevel()
    <same placeholder date (1 Jul / 31 Dec / 1 Jan)>
    >>> PlaceholderDateLevel(one_side=True)
    <one date a placeholder (1 Jul / 31 Dec / 1 Jan), same year>
    """

    one_side: bool = attrs.field(default=False, kw_only=True)

    def applies(self, values: PairValues) -> npt.NDArray[np.bool_]:
        """Return whether the pair's dates are (one side: one of them) a placeholder."""
        _check_values(values)
        import numpy as np  # noqa: PLC0415

        def test(a: object, b: object) -> bool:
            if not (isinstance(a, str) and isinstance(b, str)):
                return False
            if not self.one_side:
                return a == b and a[5:] in PLACEHOLDER_DAYS
            return (
                a != b
                and a[:4] == b[:4]
                and (a[5:] in PLACEHOLDER_DAYS or b[5:] in PLACEHOLDER_DAYS)
            )

        return np.array(
            [test(a, b) for a, b in zip(values.left.tolist(), values.right.tolist(), strict=True)],
            dtype=np.bool_,
        )

    def _default_label(self) -> str:
        if self.one_side:
            return "one date a placeholder (1 Jul / 31 Dec / 1 Jan), same year"
        return "same placeholder date (1 Jul / 31 Dec / 1 Jan)"


def _day_month_swapped(a: object, b: object, layout: str) -> bool:
    if not (isinstance(a, str) and isinstance(b, str)) or a == b:
        return False
    if layout == "iso":  # YYYY-MM-DD
        if len(a) != 10 or len(b) != 10 or a[:4] != b[:4]:
            return False
        return a[5:7] == b[8:10] and a[8:10] == b[5:7] and a[5:7] != a[8:10]
    # NIK: PPRRSS DDMMYY XXXX, day + 40 for women kept on the first field
    if len(a) != 16 or len(b) != 16 or a[:6] != b[:6] or a[10:] != b[10:]:
        return False
    if not (a[6:10].isdigit() and b[6:10].isdigit()):
        return False
    field, month = int(a[6:8]), int(a[8:10])
    offset = 40 if field > 40 else 0
    day = field - offset
    return day != month and int(b[6:8]) == month + offset and int(b[8:10]) == day


@attrs.frozen(slots=True, repr=False)
class DayMonthSwapLevel(Level):
    """The day and the month are swapped (``04-03`` read as ``03-04``), the rest equal.

    ``layout="iso"`` compares ISO dates (``YYYY-MM-DD``); ``layout="nik"`` compares NIKs
    (digits 7-10, the 40 added to a woman's day staying on the first field), the
    DD/MM vs MM/DD mix-up seen in real sheets (``docs/domain.md``, "Invalid and damaged
    NIKs").

    >>> DayMonthSwapLevel()
    <day and month swapped>
    """

    layout: Literal["iso", "nik"] = "iso"

    def applies(self, values: PairValues) -> npt.NDArray[np.bool_]:
        """Return whether the two values differ only by a day/month swap."""
        _check_values(values)
        import numpy as np  # noqa: PLC0415

        return np.array(
            [
                _day_month_swapped(a, b, self.layout)
                for a, b in zip(values.left.tolist(), values.right.tolist(), strict=True)
            ],
            dtype=np.bool_,
        )

    def _default_label(self) -> str:
        return "day and month swapped"


def _iso_date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


@attrs.frozen(slots=True, repr=False)
class YearApartLevel(Level):
    """ISO dates with the same day and month, ``years`` years apart at most.

    >>> YearApartLevel()
    <same day and month, 1 year apart>
    """

    years: int = 1

    def applies(self, values: PairValues) -> npt.NDArray[np.bool_]:
        """Return whether day and month agree and the years differ by 1 to ``years``."""
        _check_values(values)
        import numpy as np  # noqa: PLC0415

        def test(a: object, b: object) -> bool:
            if not (isinstance(a, str) and isinstance(b, str)) or len(a) != 10 or len(b) != 10:
                return False
            if a[4:] != b[4:] or not (a[:4].isdigit() and b[:4].isdigit()):
                return False
            return 0 < abs(int(a[:4]) - int(b[:4])) <= self.years

        return np.array(
            [test(a, b) for a, b in zip(values.left.tolist(), values.right.tolist(), strict=True)],
            dtype=np.bool_,
        )

    def _default_label(self) -> str:
        return f"same day and month, {self.years} year{'s' if self.years > 1 else ''} apart"


@attrs.frozen(slots=True, repr=False)
class DateWithinLevel(Level):
    """Two readable ISO dates at most ``days`` days apart.

    >>> DateWithinLevel(31)
    <within 31 days>
    """

    days: int

    def applies(self, values: PairValues) -> npt.NDArray[np.bool_]:
        """Return whether both dates read and are at most ``days`` apart."""
        _check_values(values)
        import numpy as np  # noqa: PLC0415

        def test(a: object, b: object) -> bool:
            da, db = _iso_date(a), _iso_date(b)
            return da is not None and db is not None and abs((da - db).days) <= self.days

        return np.array(
            [test(a, b) for a, b in zip(values.left.tolist(), values.right.tolist(), strict=True)],
            dtype=np.bool_,
        )

    def _default_label(self) -> str:
        return f"within {self.days} days"


@attrs.frozen(slots=True, repr=False)
class PrefixLevel(Level):
    """The first ``length`` characters agree (a village code's district, a NIK's region).

    >>> PrefixLevel(6, label="same district")
    <same district>
    """

    length: int

    def applies(self, values: PairValues) -> npt.NDArray[np.bool_]:
        """Return whether both values are long enough and share the prefix."""
        _check_values(values)
        import numpy as np  # noqa: PLC0415

        n = self.length
        return np.array(
            [
                isinstance(a, str) and isinstance(b, str) and len(a) >= n and a[:n] == b[:n]
                for a, b in zip(values.left.tolist(), values.right.tolist(), strict=True)
            ],
            dtype=np.bool_,
        )

    def _default_label(self) -> str:
        return f"first {self.length} characters agree"


def _as_ints(values: Iterable[int]) -> tuple[int, ...]:
    return tuple(
        _args.integer("parts", v, minimum=0, maximum=_MAX_PART)
        for v in _args.items("parts", values)
    )


_MAX_PART = 63
"""The highest part index of a composite feature (``KK|village|address|district``)."""


@attrs.frozen(slots=True, repr=False)
class PartsExactLevel(Level):
    """Chosen ``|``-separated parts of a composite value all agree and are not empty.

    The ``household`` feature is ``KK|village|address|district``, so
    ``PartsExactLevel((1, 2))`` means "same village and address".

    >>> PartsExactLevel((1, 2), label="same address and village")
    <same address and village>
    """

    parts: tuple[int, ...] = attrs.field(converter=_as_ints)

    def applies(self, values: PairValues) -> npt.NDArray[np.bool_]:
        """Return whether every chosen part is present on both sides and equal."""
        _check_values(values)
        import numpy as np  # noqa: PLC0415

        out = np.ones(len(values.left), dtype=np.bool_)
        for k in self.parts:
            left, right = values.parts(k)
            out &= (left == right).astype(np.bool_) & (left != "").astype(np.bool_)
        return out

    def _default_label(self) -> str:
        return f"parts {', '.join(map(str, self.parts))} agree"


@attrs.frozen(slots=True, repr=False)
class EditDistanceLevel(Level):
    """At most ``max_edits`` edits apart (optimal string alignment).

    An edit is a substitution, an insertion, a deletion or a swap of two adjacent
    characters.

    >>> EditDistanceLevel(1)
    <at most 1 edit (typo or adjacent swap)>
    """

    max_edits: int

    def applies(self, values: PairValues) -> npt.NDArray[np.bool_]:
        """Return whether the edit distance is at most ``max_edits``."""
        _check_values(values)
        out: npt.NDArray[np.bool_] = values.edits() <= self.max_edits
        return out

    def _default_label(self) -> str:
        if self.max_edits == 1:
            return "at most 1 edit (typo or adjacent swap)"
        return f"at most {self.max_edits} edits"


@attrs.frozen(slots=True, repr=False)
class JaroWinklerLevel(Level):
    """Jaro-Winkler similarity (prefix weight 0.1) at or above ``threshold``.

    For names the similarity is :func:`bansos_validate.names.name_similarity`.

    >>> JaroWinklerLevel(0.9)
    <Jaro-Winkler >= 0.9>
    """

    threshold: float

    def applies(self, values: PairValues) -> npt.NDArray[np.bool_]:
        """Return whether the similarity reaches the threshold."""
        _check_values(values)
        out: npt.NDArray[np.bool_] = values.jaro_winkler() >= self.threshold
        return out

    def _default_label(self) -> str:
        return f"Jaro-Winkler >= {self.threshold:g}"


@attrs.frozen(slots=True, repr=False)
class TokenSubsetLevel(Level):
    """The words of one value are all among the other's (a name with a word dropped).

    ``PUTRI RAHAYU`` and ``RAHAYU``, ``BAYU UTOMO`` and ``UTOMO``: records often drop a
    first or middle name, which Jaro-Winkler on the whole name scores low.

    >>> TokenSubsetLevel()
    <one name's words all in the other>
    """

    def applies(self, values: PairValues) -> npt.NDArray[np.bool_]:
        """Return whether the two values differ and one's words are a subset of the other's."""
        _check_values(values)
        import numpy as np  # noqa: PLC0415

        def test(a: object, b: object) -> bool:
            if not (isinstance(a, str) and isinstance(b, str)) or a == b:
                return False
            ta, tb = set(a.split()), set(b.split())
            return bool(ta) and bool(tb) and (ta <= tb or tb <= ta)

        return np.array(
            [test(a, b) for a, b in zip(values.left.tolist(), values.right.tolist(), strict=True)],
            dtype=np.bool_,
        )

    def _default_label(self) -> str:
        return "one name's words all in the other"


@attrs.frozen(slots=True, repr=False)
class ElseLevel(Level):
    """Everything else: the values disagree.

    >>> ElseLevel()
    <all other>
    """

    def applies(self, values: PairValues) -> npt.NDArray[np.bool_]:
        """Return True for every pair."""
        _check_values(values)
        import numpy as np  # noqa: PLC0415

        return np.ones(len(values.left), dtype=np.bool_)

    def _default_label(self) -> str:
        return "all other"


def _check_probabilities(name: str, values: tuple[float, ...], n: int) -> None:
    if len(values) != n:
        raise InvalidArgument(
            f"Expected {n} {name} values (one per non-null level), got {len(values)}."
        )
    for v in values:
        if not 0.0 < v <= 1.0:
            raise InvalidArgument(f"Expected {name} probabilities in (0, 1] but got {v!r}.")


def _as_levels(levels: Iterable[Level]) -> tuple[Level, ...]:
    out = tuple(_args.items("levels", levels))
    for level in out:
        if not isinstance(level, Level):
            raise _args.fail("levels", "a sequence of Level objects", level)
    return out


def _floats(name: str, values: object) -> tuple[float, ...]:
    return tuple(float(_args.number(name, v)) for v in _args.items(name, values))


def _as_m(values: Iterable[float]) -> tuple[float, ...]:
    return _floats("m", values)


def _as_u(values: Iterable[float]) -> tuple[float, ...]:
    return _floats("u", values)


def _check_values(values: object) -> None:
    """Raise :class:`InvalidArgument` unless *values* is a :class:`PairValues`."""
    if not isinstance(values, PairValues):
        raise _args.fail("values", "the PairValues of a batch of pairs", values)


@attrs.frozen(slots=True, repr=False)
class Comparison:
    """One field compared on ordered levels, strictest first, with m and u probabilities.

    ``m`` and ``u`` give, per non-null level, the probability of reaching that level for
    a true match (m) and for a random non-matching pair (u); the level's match weight is
    ``log2(m / u)``. The null level (first, when present) has weight 0.

    Args:
        name: the comparison's name (``pairs`` gets ``level_<name>`` / ``weight_<name>``).
        field: the prepared feature compared (``nik``, ``no_kk``, ``nama``, ``dob``,
            ``sex``, ``village``, ``alamat``).
        levels: the levels, strictest first; the last should be :class:`ElseLevel`.
        m: one probability per non-null level.
        u: one probability per non-null level.
        similarity: ``"name"`` to score Jaro-Winkler levels with ``name_similarity``.

    >>> c = Comparison(
    ...     "sex", "sex", (NullLevel(), ExactLevel(), ElseLevel()), m=(0.99, 0.01), u=(0.5, 0.5)
    ... )
    >>> c
    <Comparison sex: null | exact match | all other>
    >>> [round(w, 2) for w in c.weights]
    [0.0, 0.99, -5.64]
    """

    name: str
    field: str
    levels: tuple[Level, ...] = attrs.field(converter=_as_levels)
    m: tuple[float, ...] = attrs.field(converter=_as_m, kw_only=True)
    u: tuple[float, ...] = attrs.field(converter=_as_u, kw_only=True)
    similarity: Similarity = attrs.field(default="jaro_winkler", kw_only=True)

    def __attrs_post_init__(self) -> None:
        if not self.levels:
            raise InvalidArgument(f"Comparison {self.name!r} needs at least one level.")
        labels = [level.describe() for level in self.levels]
        if len(set(labels)) != len(labels):
            raise InvalidArgument(f"Comparison {self.name!r} has two levels with one label.")
        n = sum(1 for level in self.levels if not level.is_null)
        _check_probabilities("m", self.m, n)
        _check_probabilities("u", self.u, n)

    def __repr__(self) -> str:
        return f"<Comparison {self.name}: {' | '.join(lv.describe() for lv in self.levels)}>"

    @property
    def labels(self) -> tuple[str, ...]:
        """The level labels, in order."""
        return tuple(level.describe() for level in self.levels)

    def _probabilities(self, which: tuple[float, ...]) -> tuple[float, ...]:
        it = iter(which)
        return tuple(math.nan if level.is_null else next(it) for level in self.levels)

    @property
    def m_per_level(self) -> tuple[float, ...]:
        """The m probability per level (NaN for the null level)."""
        return self._probabilities(self.m)

    @property
    def u_per_level(self) -> tuple[float, ...]:
        """The u probability per level (NaN for the null level)."""
        return self._probabilities(self.u)

    @property
    def weights(self) -> tuple[float, ...]:
        """The match weight ``log2(m / u)`` per level (0 for the null level)."""
        return tuple(
            0.0 if level.is_null else math.log2(m / u)
            for level, m, u in zip(self.levels, self.m_per_level, self.u_per_level, strict=True)
        )

    def with_probabilities(self, m: Sequence[float], u: Sequence[float]) -> Comparison:
        """Return a copy with new m and u (one per non-null level)."""
        return attrs.evolve(self, m=_floats("m", m), u=_floats("u", u))

    def assign(
        self, left: npt.NDArray[np.object_], right: npt.NDArray[np.object_]
    ) -> npt.NDArray[np.int8]:
        """Return, per pair, the index of the first level that applies."""
        import numpy as np  # noqa: PLC0415

        for side, array in (("left", left), ("right", right)):
            if not (isinstance(array, np.ndarray) and array.ndim == 1):
                raise _args.fail(side, "a 1-dimensional NumPy array of values", array)
        if len(left) != len(right):
            raise InvalidArgument(
                f"Expected left and right of one length but got {len(left)} and {len(right)}"
            )
        values = PairValues(left, right, self.similarity)
        out = np.full(len(left), len(self.levels) - 1, dtype=np.int8)
        todo = np.arange(len(left), dtype=np.intp)
        for index, level in enumerate(self.levels[:-1]):
            if not len(todo):
                break
            hit = level.applies(values.subset(todo))
            out[todo[hit]] = index
            todo = todo[~hit]
        return out

    def to_dict(self) -> dict[str, Any]:
        """Return the comparison as plain data (JSON-serialisable).

        >>> DEFAULT_COMPARISONS[3].to_dict()["levels"][1]
        {'type': 'ExactLevel', 'label': 'exact match'}
        """
        levels: list[dict[str, Any]] = []
        for level in self.levels:
            entry: dict[str, Any] = {"type": type(level).__name__, "label": level.describe()}
            for f in attrs.fields(type(level)):
                if f.name != "label":
                    entry[f.name] = getattr(level, f.name)
            levels.append(entry)
        return {
            "name": self.name,
            "field": self.field,
            "similarity": self.similarity,
            "levels": levels,
            "m": list(self.m),
            "u": list(self.u),
        }


def _make(
    name: str,
    field: str,
    spec: Sequence[tuple[Level, float, float]],
    *,
    similarity: Similarity = "jaro_winkler",
) -> Comparison:
    return Comparison(
        name,
        field,
        (NullLevel(), *(level for level, _, _ in spec)),
        m=tuple(m for _, m, _ in spec),
        u=tuple(u for _, _, u in spec),
        similarity=similarity,
    )


# m: P(level | same person); u: P(level | two random different persons). The u of exact
# agreement is about 1 / (number of distinct values); the m values allow for the error
# rates seen in the field (docs/synthetic-data.md; docs/domain.md, "Name variation").
DEFAULT_COMPARISONS: Final[tuple[Comparison, ...]] = (
    _make(
        "nik",
        "nik",
        (
            (ExactLevel(label="NIK exact"), 0.92, 1e-6),
            (DayMonthSwapLevel("nik", label="NIK day and month swapped"), 0.004, 1e-6),
            (EditDistanceLevel(1, label="NIK one digit off or swapped"), 0.02, 2e-3),
            (ElseLevel(label="NIK differs"), 0.056, 1.0 - 2.002e-3),
        ),
    ),
    _make(
        "nama",
        "nama",
        (
            (ExactLevel(label="normalised name exact"), 0.80, 3e-4),
            (JaroWinklerLevel(0.95, label="name similarity >= 0.95"), 0.10, 1e-3),
            (JaroWinklerLevel(0.88, label="name similarity >= 0.88"), 0.06, 6e-3),
            (TokenSubsetLevel(label="one name's words all in the other"), 0.008, 1e-3),
            (JaroWinklerLevel(0.75, label="name similarity >= 0.75"), 0.027, 0.06),
            (ElseLevel(label="names differ"), 0.005, 1.0 - 0.0683),
        ),
        similarity="name",
    ),
    _make(
        "tanggal_lahir",
        "dob",
        (
            (PlaceholderDateLevel(), 0.02, 5e-4),
            (ExactLevel(label="birth date exact"), 0.93, 5e-5),
            (DayMonthSwapLevel(label="birth day and month swapped"), 0.004, 2e-5),
            (YearApartLevel(label="same day and month, a year apart"), 0.004, 1e-4),
            (EditDistanceLevel(1, label="birth date one digit off"), 0.025, 2e-3),
            (PlaceholderDateLevel(one_side=True), 0.006, 3e-4),
            (DateWithinLevel(31, label="birth dates within 31 days"), 0.006, 3e-3),
            (ElseLevel(label="birth dates differ"), 0.005, 1.0 - 0.00597),
        ),
    ),
    _make(
        "jenis_kelamin",
        "sex",
        (
            (ExactLevel(label="exact match"), 0.99, 0.5),
            (ElseLevel(label="sex differs"), 0.01, 0.5),
        ),
    ),
    _make(
        "rumah_tangga",
        "household",
        (
            (PartsExactLevel((0,), label="same KK"), 0.88, 3e-4),
            (PartsExactLevel((1, 2), label="same village and address"), 0.08, 3e-3),
            (PartsExactLevel((1,), label="same village"), 0.02, 0.05),
            (PartsExactLevel((3,), label="same district"), 0.01, 0.20),
            (ElseLevel(label="other district"), 0.01, 0.7467),
        ),
    ),
)
"""The default comparisons: NIK, name, birth date, sex, and household (KK, village,
address: one comparison, as they are strongly correlated)."""
