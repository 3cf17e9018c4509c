"""``OverlapResult``: the overlaps found, their summary and where they came from."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs
import polars as pl

from bansos_validate import _arguments as _args
from bansos_validate.intake import Manifest
from bansos_validate.overlap import _text
from bansos_validate.overlap._kinds import KINDS

if TYPE_CHECKING:
    from collections.abc import Mapping

    from bansos_validate.issues import Lang
    from bansos_validate.matching import MatchResult
    from bansos_validate.overlap._kinds import OverlapNote
    from bansos_validate.overlap._policy import Policy

__all__ = ["KINDS", "OverlapResult"]


@attrs.frozen(slots=True, eq=False, repr=False)
class OverlapResult:
    """The overlaps between rolls found by :func:`find_overlaps`.

    Attributes:
        frame: one row per overlap, in the kind of frame the first roll was: ``kind``,
            ``roll_a``, ``row_a``, ``roll_b``, ``row_b`` (roll names as given, 0-based
            rows; ``roll_b``/``row_b`` null for single-row kinds), ``severity``,
            ``rule``, ``evidence``, then ``program_a``, ``program_b``, ``periode_a``,
            ``periode_b``, ``region_a``, ``region_b``, ``nik_a``, ``nik_b``, ``kk_a``,
            ``kk_b`` (masked unless asked otherwise; tokens in pseudonymised mode),
            ``action``, ``reference``, ``unconfirmed``, ``match_rule``,
            ``match_probability``, ``explanation``.
        policy: the policy applied (``policy.provenance()`` for its id, version, SHA-256).
        reference_date: the date that decided which rules were in force.
        mode: ``raw`` (NIK and KK compared as digits) or ``tokens`` (as keyed tokens).
        kinds: the kinds that were looked for (others need input that was not given).
        notes: what was not looked for and why, in the result's language
            (:meth:`notes_in` writes them in either language).
        rolls: per roll: ``roll``, ``rows``.
        matches: the record-matching result behind ``same_person_different_nik``.
        manifest: how every roll and list was read (header to column, rows that are not
            entries) and the NIK/KK numbers that cannot link, with their rows.

    The ``evidence`` and ``action`` columns and the :attr:`notes` are written in the
    language ``find_overlaps`` was asked for; :meth:`evidence`, :meth:`actions` and
    :meth:`notes_in` write them in either language from what the result stores as data
    (the evidence's message and values, each overlap's policy rule, the notes' codes),
    without looking for the overlaps again.
    """

    frame: Any
    policy: Policy
    reference_date: dt.date
    mode: str
    kinds: tuple[str, ...]
    notes: tuple[str, ...]
    rolls: pl.DataFrame
    table: pl.DataFrame = attrs.field(repr=False)
    matches: MatchResult | None = None
    manifest: Manifest = attrs.field(factory=Manifest, kw_only=True, repr=False)
    _evidence: pl.DataFrame | None = attrs.field(
        default=None, kw_only=True, repr=False, alias="_evidence"
    )
    """The structured evidence (``_text.EVIDENCE``), row for row with :attr:`table`."""
    _notes: tuple[OverlapNote, ...] | None = attrs.field(
        default=None, kw_only=True, repr=False, alias="_notes"
    )
    """The notes as data (code and values), one per text of :attr:`notes`."""
    _lang: Lang = attrs.field(default="id", kw_only=True, repr=False, alias="_lang")
    """The language of the ``evidence``, ``action`` and ``notes`` texts."""

    def __len__(self) -> int:
        return self.table.height

    def __repr__(self) -> str:
        counts = self.counts()
        shown = ", ".join(f"{k} {n:,}" for k, n in counts.items() if n) or "none"
        return (
            f"<OverlapResult {self.table.height:,} overlaps ({shown}); policy "
            f"{self.policy.id} {self.policy.version}, {self.mode}, at "
            f"{self.reference_date.isoformat()}>"
        )

    def counts(self) -> dict[str, int]:
        """Number of overlaps per kind (every kind, zeros included)."""
        found = dict(self.table.group_by("kind").len().iter_rows())
        return {kind: int(found.get(kind, 0)) for kind in KINDS}

    def evidence(self, lang: Lang | None = None) -> pl.Series:
        """The evidence of each overlap, in *lang*, written now from the stored evidence.

        Args:
            lang: ``id`` or ``en`` (default: the language ``find_overlaps`` was asked for,
                that of ``frame["evidence"]``).

        Returns:
            A String series named ``evidence``, one sentence per row of :meth:`to_polars`.

        Raises:
            InvalidArgument: *lang* is not ``id`` or ``en``.

        >>> import polars as pl
        >>> import bansos_validate as bv
        >>> pkh = pl.DataFrame({"nik": ["3576014403910003"], "periode": ["2026-Q1"]})
        >>> blt = pl.DataFrame({"nik": ["3576014403910003"], "periode": ["2026-02"]})
        >>> result = bv.find_overlaps({"PKH": pkh, "BLT-DD": blt})
        >>> result.evidence("en")[0]
        'NIK 357601********** on PKH (2026-Q1, -) and BLT-DD (2026-02, -)'
        >>> result.evidence()[0] == result.frame["evidence"][0]
        True

        .. versionadded:: 0.1.0
        """
        chosen: Lang = self._lang if lang is None else _args.lang(lang)
        if self._evidence is None:  # built by hand, without stored evidence
            return self.table.get_column("evidence")
        return _text.render_evidence(self._evidence, chosen)

    def actions(self, lang: Lang | None = None) -> pl.Series:
        """The suggested action of each overlap, in *lang*: the text of its policy rule.

        Args:
            lang: ``id`` or ``en`` (default: the language ``find_overlaps`` was asked for,
                that of ``frame["action"]``).

        Returns:
            A String series named ``action``, one text per row of :meth:`to_polars`.

        Raises:
            InvalidArgument: *lang* is not ``id`` or ``en``.

        >>> import polars as pl
        >>> import bansos_validate as bv
        >>> pkh = pl.DataFrame({"nik": ["3576014403910003"], "periode": ["2026-Q1"]})
        >>> blt = pl.DataFrame({"nik": ["3576014403910003"], "periode": ["2026-02"]})
        >>> result = bv.find_overlaps({"PKH": pkh, "BLT-DD": blt})
        >>> result.actions("en")[0]
        'Remove from BLT-DD (the family already receives PKH) or verify again.'
        >>> result.actions()[0] == result.frame["action"][0]
        True

        .. versionadded:: 0.1.0
        """
        chosen: Lang = self._lang if lang is None else _args.lang(lang)
        return _text.render_actions(self.table.get_column("rule"), self.policy, chosen)

    def notes_in(self, lang: Lang | None = None) -> tuple[str, ...]:
        """What was not looked for and why, in *lang*, written now from the stored notes.

        Args:
            lang: ``id`` or ``en`` (default: the language ``find_overlaps`` was asked for,
                that of :attr:`notes`).

        Returns:
            One text per note, in the order of :attr:`notes`.

        Raises:
            InvalidArgument: *lang* is not ``id`` or ``en``.

        >>> import polars as pl
        >>> import bansos_validate as bv
        >>> pkh = pl.DataFrame({"nik": ["3576014403910003"], "periode": ["2026-Q1"]})
        >>> result = bv.find_overlaps({"PKH": pkh}, fuzzy=False)
        >>> result.notes_in("en")[-1]
        'The same person under different NIKs was not looked for (fuzzy=False).'
        >>> result.notes_in() == result.notes
        True

        .. versionadded:: 0.1.0
        """
        chosen: Lang = self._lang if lang is None else _args.lang(lang)
        if self._notes is None:  # built by hand, without stored notes
            return self.notes
        return _text.render_notes(self._notes, chosen)

    def to_polars(self) -> pl.DataFrame:
        """The overlaps as an eager Polars frame, whatever the input frame type."""
        return self.table

    @property
    def summary(self) -> dict[str, Any]:
        """Counts for reports (Polars frames) and the provenance.

        Keys: ``kinds`` (``kind``, ``severity``, ``count``), ``programs`` (``kind``,
        ``program_a``, ``program_b``, ``count``), ``regions`` (``kind``, ``regency``,
        ``count``; the regency of the first row), ``rolls`` (``roll``, ``rows``,
        ``rows_flagged``), and ``provenance`` (a dict: policy id, version, SHA-256,
        reference date, mode).
        """
        t = self.table
        kinds = (
            t.group_by("kind", "severity")
            .len("count")
            .with_columns(pl.col("count").cast(pl.Int64))
            .sort(pl.col("kind").replace_strict(KINDS, range(len(KINDS)), default=99), "severity")
        )
        programs = (
            t.group_by("kind", "program_a", "program_b")
            .len("count")
            .with_columns(pl.col("count").cast(pl.Int64))
            .sort("kind", "program_a", "program_b", nulls_last=True)
        )
        regions = (
            t.with_columns(pl.col("region_a").str.slice(0, 4).alias("regency"))
            .group_by("kind", "regency")
            .len("count")
            .with_columns(pl.col("count").cast(pl.Int64))
            .sort("kind", "regency", nulls_last=True)
        )
        flagged = pl.concat(
            [
                t.select(pl.col("roll_a").alias("roll"), pl.col("row_a").alias("row")),
                t.select(pl.col("roll_b").alias("roll"), pl.col("row_b").alias("row")),
            ]
        ).drop_nulls()
        per_roll = flagged.unique().group_by("roll").len("rows_flagged")
        rolls = (
            self.rolls.join(per_roll, on="roll", how="left")
            .with_columns(pl.col("rows_flagged").fill_null(0).cast(pl.Int64))
            .select("roll", "rows", "rows_flagged")
        )
        return {
            "kinds": kinds,
            "programs": programs,
            "regions": regions,
            "rolls": rolls,
            "provenance": self.provenance(),
        }

    def provenance(self) -> dict[str, str]:
        """Policy id, version and SHA-256, the reference date and the mode."""
        return {
            **self.policy.provenance(),
            "reference_date": self.reference_date.isoformat(),
            "mode": self.mode,
            "kinds": ",".join(self.kinds),
        }

    def findings(
        self,
        lang: Lang = "id",
        *,
        unmasked: bool = False,
        frames: Mapping[str, Any] | None = None,
    ) -> pl.DataFrame:
        """One finding per overlap, in the library's findings schema (a Polars frame).

        The source and row are the first record's (``roll_a``, ``row_a``); ``code`` is the
        overlap kind, ``message`` its evidence written in *lang* now, ``detail`` the other
        roll and its row, ``action`` the policy's suggested action in *lang*. Columns as in
        :meth:`bansos_validate.table.TableCheck.findings`.

        Args:
            lang: ``"id"`` (default) or ``"en"``.
            unmasked: leave identifiers unmasked (those ``find_overlaps`` left unmasked).
            frames: the rolls by name; their integer ``row`` column (what
                :func:`bansos_validate.io.read` adds) gives source row numbers.

        Raises:
            InvalidArgument: an argument is not what it should be.

        .. versionadded:: 0.1.0
        """
        from bansos_validate._present._frames import polars  # noqa: PLC0415
        from bansos_validate.overlap._findings import overlap_findings  # noqa: PLC0415

        lang = _args.lang(lang)
        given = _args.mapping("frames", frames, values="any") or {}
        return overlap_findings(
            self.table,
            evidence=self.evidence(lang),
            action=self.actions(lang),
            frames={str(k): polars(v) for k, v in given.items()},
            lang=lang,
            unmasked=_args.flag("unmasked", unmasked),
        )

    def _fragment(self, lang: Lang) -> str:
        """A small HTML view (overlaps by kind, the policy, the notes), in *lang*."""
        from bansos_validate._present import _svg  # noqa: PLC0415
        from bansos_validate._present._fragment import wrap  # noqa: PLC0415
        from bansos_validate._present._text import number, say  # noqa: PLC0415

        by_kind = {k: n for k, n in self.counts().items() if n}
        policy = self.policy
        pairs = [
            (say("overlap_total", lang), number(self.table.height, lang)),
            (
                say("policy", lang),
                f"{policy.id} {policy.version} ({self.mode}, {self.reference_date.isoformat()})",
            ),
        ]
        pairs += [(kind, number(c, lang)) for kind, c in by_kind.items()]
        chart = _svg.bars(list(by_kind.items()), title="overlaps by kind")
        notes = list(self.notes_in(lang))
        return wrap(f"OverlapResult · {say('overlaps', lang)}", pairs, chart, notes)

    def _repr_html_(self) -> str:
        return self._fragment("id")
