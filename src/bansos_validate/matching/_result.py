"""The result of a linkage: accepted pairs, their explanations and the blocking report."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import attrs
import polars as pl

from bansos_validate import _arguments as _args
from bansos_validate._present._findings import UNMATCHED, empty_findings, finish, text_column
from bansos_validate._present._frames import mask_column, source_rows
from bansos_validate._present._text import say
from bansos_validate.errors import InvalidArgument
from bansos_validate.intake import Manifest
from bansos_validate.privacy import mask_kk, mask_nik

if TYPE_CHECKING:
    from collections.abc import Mapping

    from bansos_validate.issues import Lang
    from bansos_validate.matching._comparisons import Comparison

__all__ = ["MatchResult"]

_MASKS = {"nik": mask_nik, "no_kk": mask_kk, "nik12": mask_nik}
_BAR_SCALE = 2.0  # weight units per character of the waterfall bar
_BAR_MAX = 20


def _shown(field: str, value: object) -> str:
    if value is None:
        return "-"
    if field == "household":  # KK|village|address|district: mask the KK
        kk, _, rest = str(value).partition("|")
        return f"{mask_kk(kk) if kk else '-'}|{rest}"
    mask = _MASKS.get(field)
    return mask(value) if mask else str(value)


@attrs.frozen(slots=True, eq=False, repr=False)
class MatchResult:
    """Accepted links between two sources, each one explained.

    Frames come back as the kind of frame given (pandas, Polars eager or lazy, PyArrow,
    DuckDB, PySpark): ``pairs`` and ``households`` as the left input,
    ``unmatched_left_rows`` and ``unmatched_right_rows`` as their own side.

    Attributes:
        pairs: one row per accepted pair: ``left_row``, ``right_row`` (0-based positions),
            ``rule`` (cascade rule id or ``probabilistic``), ``score`` (match weight,
            log2 of the odds), ``probability``, then ``level_<comparison>`` (the level's
            label) and ``weight_<comparison>`` per comparison.
        unmatched_left: positions of left rows in no pair (a Polars Series).
        unmatched_right: positions of right rows in no pair (a Polars Series).
        blocking: per cascade rule and blocking key, the pairs it produced (``pairs``),
            the links it made (``accepted``) and the key values skipped as too large.
        comparisons: the comparisons used, with their (possibly estimated) m and u.
        prior: the prior probability that a random pair is a match.
        threshold: the probability threshold of the probabilistic stage.
        clusters: for :func:`dedupe`, ``row`` and ``cluster`` (the first row of its
            connected component); None for a linkage.
        households: the family cards (KK) linked through their members: one row per
            (left KK, right KK) with at least one linked member: ``left_no_kk``,
            ``right_no_kk``, ``linked`` (members linked between the two), ``left_members``,
            ``right_members`` (the KKs' sizes in their sources), ``same_kk`` (the numbers
            agree), ``status`` (``complete`` when every member of both is linked between
            them, else ``partial``) and ``assigned`` (the KK's partner when each KK gets at
            most one: most linked members first). None for :func:`dedupe`.
        unmatched_left_rows: the left rows in no pair (every input column, then
            ``left_row``), as the left input's kind of frame.
        unmatched_right_rows: the right rows in no pair, then ``right_row``.
        polars_pairs: :attr:`pairs` as a Polars frame (the same rows).
        manifest: how both sources were read (header to column, rows that are not
            records: they are in no pair and not unmatched).
    """

    pairs: Any
    unmatched_left: pl.Series
    unmatched_right: pl.Series
    blocking: pl.DataFrame
    comparisons: tuple[Comparison, ...]
    prior: float
    threshold: float
    clusters: pl.DataFrame | None = None
    left_features: pl.DataFrame = attrs.field(factory=pl.DataFrame, kw_only=True)
    right_features: pl.DataFrame = attrs.field(factory=pl.DataFrame, kw_only=True)
    households: Any = attrs.field(default=None, kw_only=True)
    unmatched_left_rows: Any = attrs.field(default=None, kw_only=True)
    unmatched_right_rows: Any = attrs.field(default=None, kw_only=True)
    polars_pairs: pl.DataFrame = attrs.field(kw_only=True)
    manifest: Manifest = attrs.field(factory=Manifest, kw_only=True)

    @polars_pairs.default
    def _polars_pairs(self) -> pl.DataFrame:
        if isinstance(self.pairs, pl.DataFrame):
            return self.pairs
        raise InvalidArgument("polars_pairs is needed when pairs is not a Polars DataFrame")

    def __repr__(self) -> str:
        pairs = self.polars_pairs
        counts = pairs["rule"].value_counts(sort=True) if pairs.height else None
        by_rule = (
            ", ".join(f"{r} {n:,}" for r, n in counts.rows()) if counts is not None else "none"
        )
        return (
            f"<MatchResult {pairs.height:,} pairs ({by_rule}); unmatched "
            f"{self.unmatched_left.len():,} left, {self.unmatched_right.len():,} right>"
        )

    def __len__(self) -> int:
        return self.polars_pairs.height

    @property
    def summary(self) -> dict[str, Any]:
        """Figures of the match, JSON-ready.

        Keys: ``left`` and ``right`` (``name``, ``rows``, ``matched``), ``pairs``,
        ``match_rate_left`` and ``match_rate_right`` (0-1), ``by_rule`` (pairs per
        cascade rule or ``probabilistic``) and ``threshold``. The sources are named
        ``left`` and ``right``; the report names them after its inputs.

        .. versionadded:: 0.1.0
        """
        return match_summary(self, ("left", "right"))

    def findings(
        self,
        lang: Lang = "id",
        *,
        unmasked: bool = False,
        names: tuple[str, str] = ("left", "right"),
        frames: Mapping[str, Any] | None = None,
    ) -> pl.DataFrame:
        """Rows of either source linked to nothing, in the library's findings schema.

        A left row with no partner is a ``warning`` (``match_unmatched_left``: a person
        of the roster not found in the other source); a right row is ``info``
        (``match_unmatched_right``). The columns are those of
        :meth:`bansos_validate.table.TableCheck.findings`.

        Args:
            lang: ``"id"`` (default) or ``"en"``.
            unmasked: keep NIK and KK numbers unmasked.
            names: the names of the left and right sources.
            frames: the source frames by name; their integer ``row`` column (what
                :func:`bansos_validate.io.read` adds) gives the source row numbers,
                otherwise the 1-based position is used.

        Raises:
            InvalidArgument: an argument is not what it should be.

        .. versionadded:: 0.1.0
        """
        from bansos_validate._present._frames import polars  # noqa: PLC0415

        shown = tuple(_args.texts("names", names))
        if len(shown) != 2:
            raise _args.fail("names", "two names (left, right)", names)
        given = _args.mapping("frames", frames, values="any") or {}
        return match_findings(
            self,
            names=(shown[0], shown[1]),
            frames={str(k): polars(v) for k, v in given.items()},
            lang=_args.lang(lang),
            unmasked=_args.flag("unmasked", unmasked),
        )

    def _fragment(self, lang: Lang) -> str:
        """A small HTML view (pairs, match rates, pairs per rule)."""
        from bansos_validate._present._fragment import wrap  # noqa: PLC0415
        from bansos_validate._present._text import number, say  # noqa: PLC0415

        info = self.summary
        pairs = [
            (say("pairs", lang), number(info["pairs"], lang)),
            (
                f"{say('match_rate', lang)} (left)",
                number(info["match_rate_left"] * 100, lang, 1) + " %",
            ),
            (
                f"{say('match_rate', lang)} (right)",
                number(info["match_rate_right"] * 100, lang, 1) + " %",
            ),
        ]
        pairs += [(rule, number(c, lang)) for rule, c in info["by_rule"].items()]
        return wrap(f"MatchResult · {say('matching', lang)}", pairs)

    def _repr_html_(self) -> str:
        return self._fragment("id")

    def _pair(self, i: int) -> dict[str, Any]:
        if isinstance(i, bool) or not isinstance(i, int):
            raise InvalidArgument(f"Expected a pair index as int but got {type(i).__name__}.")
        n = self.polars_pairs.height
        if not -n <= i < n:
            raise InvalidArgument(f"Pair index {i} is out of range: there are {n} pairs.")
        return self.polars_pairs.row(i, named=True)

    def explain(self, i: int) -> pl.DataFrame:
        """Explain pair ``i`` (a row of :attr:`pairs`): the prior and every comparison.

        Returns:
            One row for the prior, then one per comparison: ``comparison``, ``level``
            (label), ``left``, ``right`` (NIK and KK masked), ``m``, ``u``, ``weight``
            and ``cumulative``. The weights sum to the pair's ``score``.
        """
        pair = self._pair(i)
        left = self.left_features.row(pair["left_row"], named=True)
        right = self.right_features.row(pair["right_row"], named=True)
        prior_weight = math.log2(self.prior / (1.0 - self.prior))
        rows: list[dict[str, Any]] = [
            {
                "comparison": "prior",
                "level": f"rule {pair['rule']}",
                "left": "",
                "right": "",
                "m": None,
                "u": None,
                "weight": prior_weight,
            }
        ]
        for comp in self.comparisons:
            label = pair[f"level_{comp.name}"]
            k = comp.labels.index(label)
            m, u = comp.m_per_level[k], comp.u_per_level[k]
            rows.append(
                {
                    "comparison": comp.name,
                    "level": label,
                    "left": _shown(comp.field, left[comp.field]),
                    "right": _shown(comp.field, right[comp.field]),
                    "m": None if math.isnan(m) else m,
                    "u": None if math.isnan(u) else u,
                    "weight": pair[f"weight_{comp.name}"],
                }
            )
        frame = pl.DataFrame(rows, schema_overrides={"m": pl.Float64, "u": pl.Float64})
        return frame.with_columns(pl.col("weight").cum_sum().alias("cumulative"))

    def explain_text(self, i: int) -> str:
        """Render :meth:`explain` as a text waterfall (one bar per weight).

        NIK and KK are masked. The last line gives the score and probability.
        """
        pair = self._pair(i)
        table = self.explain(i)
        lines = [
            f"pair {i}: left row {pair['left_row']} <-> right row {pair['right_row']}"
            f"  [{pair['rule']}]"
        ]
        for row in table.iter_rows(named=True):
            w = float(row["weight"])
            n = min(_BAR_MAX, round(abs(w) / _BAR_SCALE))
            bar = ("+" if w >= 0 else "-") * n
            values = f"{row['left']} | {row['right']}" if row["comparison"] != "prior" else ""
            lines.append(
                f"  {row['comparison']:<14} {row['level']:<44} {w:+8.2f} {bar:<{_BAR_MAX}} "
                f"{values}".rstrip()
            )
        lines.append(
            f"  {'= score':<14} {'':<44} {pair['score']:+8.2f}  probability "
            f"{pair['probability']:.6f}"
        )
        return "\n".join(lines)


def match_findings(
    result: MatchResult,
    *,
    names: tuple[str, str],
    frames: Mapping[str, pl.DataFrame],
    lang: Lang,
    unmasked: bool,
) -> pl.DataFrame:
    """Rows of either source that were linked to nothing.

    A left row with no partner is a ``warning`` (``match_unmatched_left``: a person of
    the roster not found in the other source); a right row is ``info``.
    """
    parts: list[pl.DataFrame] = []
    sides = (
        ("left", result.unmatched_left, result.left_features, "warning"),
        ("right", result.unmatched_right, result.right_features, "info"),
    )
    for index, (side, positions, features, level) in enumerate(sides):
        this, other = names[index], names[1 - index]
        if positions.len() == 0:
            continue
        pos = positions.cast(pl.Int64)
        feats = (
            features.join(pl.DataFrame({"_row": pos}), on="_row", how="semi").sort("_row")
            if "_row" in features.columns
            else pl.DataFrame({"_row": pos})
        )
        message = say(f"msg_unmatched_{side}", lang, this=this, other=other)
        parts.append(
            pl.DataFrame(
                {
                    "check": "matching",
                    "source": this,
                    "row": source_rows(frames.get(this), feats["_row"]),
                    "nik": mask_column(text_column(feats, "nik"), "nik", unmasked=unmasked),
                    "no_kk": mask_column(text_column(feats, "no_kk"), "kk", unmasked=unmasked),
                    "kode_wilayah": text_column(feats, "village"),
                    "code": UNMATCHED[side],
                    "severity": level,
                    "message": message,
                }
            )
        )
    return finish(pl.concat(parts)) if parts else empty_findings()


def match_summary(result: MatchResult, names: tuple[str, str]) -> dict[str, Any]:
    """Figures of a match, JSON-ready (see :attr:`MatchResult.summary`)."""
    left = result.left_features.height
    right = result.right_features.height
    pairs = result.polars_pairs
    by_rule = (
        {str(r): int(n) for r, n in pairs["rule"].value_counts(sort=True).iter_rows()}
        if pairs.height
        else {}
    )
    matched_left = left - result.unmatched_left.len()
    matched_right = right - result.unmatched_right.len()
    return {
        "left": {"name": names[0], "rows": left, "matched": matched_left},
        "right": {"name": names[1], "rows": right, "matched": matched_right},
        "pairs": pairs.height,
        "match_rate_left": matched_left / left if left else 0.0,
        "match_rate_right": matched_right / right if right else 0.0,
        "by_rule": by_rule,
        "threshold": result.threshold,
    }
