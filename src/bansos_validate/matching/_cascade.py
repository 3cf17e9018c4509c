"""The deterministic cascade, declared as data: ordered rules of join keys and a condition.

Each :class:`CascadeRule` joins the rows not yet linked on its ``keys`` (non-null;
unique on each side when ``unique``) and links the candidate pairs its ``accept``
condition holds for. The matcher runs :data:`CASCADE` in order, before the
probabilistic stage, with nothing specific to one rule in its code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Final, Literal

import attrs

from bansos_validate.errors import InvalidArgument
from bansos_validate.matching._comparisons import PLACEHOLDER_DAYS, _day_month_swapped, _osa
from bansos_validate.names import names_compatible

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "CASCADE",
    "PROBABILISTIC",
    "AllOf",
    "CascadeRule",
    "CascadeRuleId",
    "Condition",
    "DatesNotClashing",
    "LinkRule",
    "NamesCompatible",
    "NikOneEdit",
    "NiksNotClashing",
    "NotPlaceholderDate",
    "PairFeatures",
    "Stage",
]

CascadeRuleId = Literal["nik_exact_name", "nik_typo_name_dob", "kk_name", "name_dob_district"]
"""The id of a cascade rule, as the ``rule`` column and the blocking report give it."""

LinkRule = Literal[CascadeRuleId, "probabilistic"]
"""What linked a pair (``MatchResult.pairs["rule"]``): a cascade rule or the scoring."""

PROBABILISTIC: Final = "probabilistic"
"""The ``rule`` of a pair linked by the probabilistic stage."""

Stage = Literal["cascade", "probabilistic"]
"""The ``stage`` of a row of the blocking report."""


class PairFeatures:
    """The prepared features of a batch of candidate pairs, gathered on demand.

    ``left`` and ``right`` map a feature to its values per row of each side (object
    arrays); ``li`` and ``ri`` are the pairs' row positions on each side.
    """

    __slots__ = ("_left", "_right", "li", "ri")

    def __init__(
        self,
        left: Mapping[str, npt.NDArray[np.object_]],
        right: Mapping[str, npt.NDArray[np.object_]],
        li: npt.NDArray[np.int64],
        ri: npt.NDArray[np.int64],
    ) -> None:
        self._left = left
        self._right = right
        self.li = li
        self.ri = ri

    def __len__(self) -> int:
        return len(self.li)

    def values(self, field: str) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.object_]]:
        """Return the left and the right value of ``field`` for every pair."""
        return self._left[field][self.li], self._right[field][self.ri]


@attrs.frozen(slots=True)
class Condition:
    """A test on candidate pairs: a cascade rule links the pairs it holds for.

    Subclasses implement :meth:`holds` and name the features they read in
    :attr:`fields`.
    """

    @property
    def fields(self) -> frozenset[str]:  # pragma: no cover
        """The prepared features the test reads."""
        raise NotImplementedError

    def holds(self, pairs: PairFeatures) -> npt.NDArray[np.bool_]:  # pragma: no cover
        """Return, per pair, whether the test holds."""
        raise NotImplementedError


@attrs.frozen(slots=True)
class NamesCompatible(Condition):
    """The normalised names are equal, or the raw names are compatible.

    Compatible as :func:`bansos_validate.names.names_compatible` says (a title, a
    dropped word, a spelling variant); a missing name is never compatible.
    """

    @property
    def fields(self) -> frozenset[str]:
        """``nama`` and ``raw_nama``."""
        return frozenset({"nama", "raw_nama"})

    def holds(self, pairs: PairFeatures) -> npt.NDArray[np.bool_]:
        """Return whether each pair's names are compatible."""
        import numpy as np  # noqa: PLC0415

        ln, rn = pairs.values("nama")
        lr, rr = pairs.values("raw_nama")
        out = np.zeros(len(pairs), dtype=np.bool_)
        cache: dict[tuple[object, object], bool] = {}
        for k in range(len(pairs)):
            if ln[k] is None or rn[k] is None:
                continue
            if ln[k] == rn[k]:
                out[k] = True
                continue
            key = (lr[k], rr[k])
            found = cache.get(key)
            if found is None:
                found = cache[key] = names_compatible(lr[k], rr[k])
            out[k] = found
        return out


@attrs.frozen(slots=True)
class NikOneEdit(Condition):
    """Both NIKs present and one edit apart: a digit off, or two adjacent digits swapped."""

    @property
    def fields(self) -> frozenset[str]:
        """``nik``."""
        return frozenset({"nik"})

    def holds(self, pairs: PairFeatures) -> npt.NDArray[np.bool_]:
        """Return whether each pair's NIKs are present and one edit apart."""
        import numpy as np  # noqa: PLC0415

        ln, rn = pairs.values("nik")
        present = np.array(
            [a is not None and b is not None for a, b in zip(ln, rn, strict=True)],
            dtype=np.bool_,
        )
        out: npt.NDArray[np.bool_] = present & (_osa(ln, rn) == 1)
        return out


@attrs.frozen(slots=True)
class DatesNotClashing(Condition):
    """Birth dates that do not clash.

    Either missing, at most ``max_edits`` digits apart, day and month swapped, or one of
    them a placeholder date (:data:`PLACEHOLDER_DAYS`) of the same year.
    """

    max_edits: int = 2

    @property
    def fields(self) -> frozenset[str]:
        """``dob``."""
        return frozenset({"dob"})

    def holds(self, pairs: PairFeatures) -> npt.NDArray[np.bool_]:
        """Return whether each pair's birth dates do not clash."""
        import numpy as np  # noqa: PLC0415

        ld, rd = pairs.values("dob")
        near = _osa(ld, rd) <= self.max_edits

        def fits(k: int, a: str | None, b: str | None) -> bool:
            if a is None or b is None or near[k]:
                return True
            placeholder = a[5:] in PLACEHOLDER_DAYS or b[5:] in PLACEHOLDER_DAYS
            return (a[:4] == b[:4] and placeholder) or _day_month_swapped(a, b, "iso")

        found = enumerate(zip(ld.tolist(), rd.tolist(), strict=True))
        return np.fromiter((fits(k, a, b) for k, (a, b) in found), dtype=np.bool_, count=len(ld))


@attrs.frozen(slots=True)
class NotPlaceholderDate(Condition):
    """Neither birth date is a placeholder date (:data:`PLACEHOLDER_DAYS`)."""

    @property
    def fields(self) -> frozenset[str]:
        """``dob``."""
        return frozenset({"dob"})

    def holds(self, pairs: PairFeatures) -> npt.NDArray[np.bool_]:
        """Return whether neither of each pair's birth dates is a placeholder."""
        import numpy as np  # noqa: PLC0415

        def placeholder(dates: npt.NDArray[np.object_]) -> npt.NDArray[np.bool_]:
            return np.array(
                [d is not None and d[5:] in PLACEHOLDER_DAYS for d in dates], dtype=np.bool_
            )

        ld, rd = pairs.values("dob")
        out: npt.NDArray[np.bool_] = ~(placeholder(ld) | placeholder(rd))
        return out


@attrs.frozen(slots=True)
class NiksNotClashing(Condition):
    """NIKs missing on either side or at most ``max_edits`` digits apart."""

    max_edits: int = 2

    @property
    def fields(self) -> frozenset[str]:
        """``nik``."""
        return frozenset({"nik"})

    def holds(self, pairs: PairFeatures) -> npt.NDArray[np.bool_]:
        """Return whether each pair's NIKs do not clash."""
        import numpy as np  # noqa: PLC0415

        ln, rn = pairs.values("nik")
        missing = np.array(
            [a is None or b is None for a, b in zip(ln, rn, strict=True)], dtype=np.bool_
        )
        out: npt.NDArray[np.bool_] = missing | (_osa(ln, rn) <= self.max_edits)
        return out


@attrs.frozen(slots=True)
class AllOf(Condition):
    """Every one of ``conditions`` holds."""

    conditions: tuple[Condition, ...]

    @property
    def fields(self) -> frozenset[str]:
        """The features of every condition."""
        return frozenset().union(*(c.fields for c in self.conditions))

    def holds(self, pairs: PairFeatures) -> npt.NDArray[np.bool_]:
        """Return whether every condition holds for each pair."""
        import numpy as np  # noqa: PLC0415

        out = np.ones(len(pairs), dtype=np.bool_)
        for condition in self.conditions:
            out &= condition.holds(pairs)
        return out


@attrs.frozen(slots=True)
class CascadeRule:
    """One deterministic rule: join on ``keys``, link the pairs ``accept`` holds for.

    Args:
        id: the rule id, as the ``rule`` column and the blocking report give it.
        keys: the prepared features the pairs agree on (all non-null).
        accept: the condition a candidate pair needs to be linked.
        unique: the key must be unique on each side (in :func:`dedupe`, at most the
            pair's two rows share it): no link when several rows could be the person.
    """

    id: CascadeRuleId
    keys: tuple[str, ...]
    accept: Condition
    unique: bool = attrs.field(default=False, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if not self.keys:
            raise InvalidArgument(f"Cascade rule {self.id!r} needs at least one key.")

    def max_count(self, *, self_link: bool) -> int | None:
        """Return the most rows per side a key value may have (None: no limit)."""
        if not self.unique:
            return None
        return 2 if self_link else 1


CASCADE: Final[tuple[CascadeRule, ...]] = (
    CascadeRule("nik_exact_name", ("nik",), NamesCompatible()),
    CascadeRule("nik_typo_name_dob", ("nama", "dob"), NikOneEdit()),
    # a parent and child may share a name: their birth dates must not clash
    CascadeRule("kk_name", ("no_kk", "nama"), DatesNotClashing(), unique=True),
    CascadeRule(
        "name_dob_district",
        ("nama", "dob", "district"),
        AllOf((NotPlaceholderDate(), NiksNotClashing())),
        unique=True,
    ),
)
"""The deterministic rules, in the order they run."""
