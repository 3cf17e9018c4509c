"""``Report``: the results of one validation run, and what they were computed from."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import platform
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import polars as pl

from bansos_validate import _arguments as _args
from bansos_validate._present._findings import (
    REPORT_COLUMNS,
    STATUSES,
    codes_count,
    empty_findings,
)
from bansos_validate._present._frames import polars, scrub_frame, scrub_value
from bansos_validate._version import __version__
from bansos_validate.errors import InvalidArgument
from bansos_validate.intake import Manifest, merge_all
from bansos_validate.report._findings import manifest_findings

if TYPE_CHECKING:
    from bansos_validate.household import HouseholdCheck
    from bansos_validate.issues import Lang
    from bansos_validate.matching import MatchResult
    from bansos_validate.overlap import OverlapResult
    from bansos_validate.rules import Decisions
    from bansos_validate.table import TableCheck

__all__ = [
    "InputFile",
    "Report",
    "overlap_summary",
    "policy_of",
]

_CHUNK = 1 << 20


def generated_now() -> dt.datetime:
    """The time a report made now is stamped with (UTC, whole seconds).

    ``SOURCE_DATE_EPOCH`` (seconds since 1970-01-01 UTC, the reproducible-builds
    convention) when it is set, so the same input and options give byte-identical report
    files; otherwise the current time.

    Raises:
        InvalidArgument: ``SOURCE_DATE_EPOCH`` is set but is not a whole number of seconds
            between 1970 and 9999.

    .. versionadded:: 0.1.0
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    except (ValueError, OverflowError, OSError):
        shown = epoch[:20]
        raise InvalidArgument(
            f"Expected SOURCE_DATE_EPOCH to be whole seconds since 1970 but got {shown!r}"
        ) from None


@attrs.frozen(slots=True)
class InputFile:
    """One input of a run, for the provenance: its name, location and SHA-256.

    Attributes:
        name: the name the report uses for it (``persons``, a roll name).
        location: the path, or a database URL with its password masked.
        sha256: the SHA-256 of the file's bytes; ``None`` for a database or an in-memory frame.
        size: the file size in bytes, when it is a file.
        rows: the number of data rows read, when known.

    .. versionadded:: 0.1.0
    """

    name: str
    location: str
    sha256: str | None = None
    size: int | None = None
    rows: int | None = None

    @classmethod
    def from_source(
        cls, source: str | os.PathLike[str], *, name: str | None = None, rows: int | None = None
    ) -> InputFile:
        """Describe a file (checksummed here) or a database URL (password masked).

        Raises:
            InvalidArgument: *source* is a path that is not a readable file.
        """
        from bansos_validate.io._url import mask_url, scheme_of  # noqa: PLC0415 - io helper

        if not isinstance(source, str | os.PathLike):
            raise InvalidArgument(f"Expected a path or URL but got {type(source).__name__}")
        name = _args.text("name", name, optional=True)
        rows = _args.integer("rows", rows, minimum=0, optional=True)
        text = os.fspath(source)
        if scheme_of(text) is not None:
            return cls(name or scheme_of(text) or "database", mask_url(text), rows=rows)
        path = Path(text)
        digest = hashlib.sha256()
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(_CHUNK):
                    digest.update(chunk)
        except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
            why = getattr(exc, "strerror", None) or exc
            message = f"{text}: cannot read the file for its checksum ({why})"
            raise InvalidArgument(message) from None
        return cls(name or path.stem, text, digest.hexdigest(), path.stat().st_size, rows)


@attrs.frozen(kw_only=True)
class Report:
    """The results of one run, ready to be rendered (HTML) or exported (XLSX, CSV, Parquet).

    Every part is optional: a report shows what was run. Nothing is computed again here;
    the report only reads the result objects.

    Attributes:
        reference_date: the date the checks and decisions refer to.
        table: the result of :func:`bansos_validate.check_table`.
        households: the result of :func:`bansos_validate.household.check_households`.
        match: the result of :func:`bansos_validate.match_records`.
        match_names: the names of the left and right sources of *match*.
        decisions: the results of :func:`bansos_validate.rules.evaluate`, one per program.
        overlaps: the result of :func:`bansos_validate.find_overlaps`.
        frames: the frames read, by source name (``persons``, ``households``, roll
            names): used only to turn 0-based positions into source row numbers (their
            ``row`` column).
        table_source: the source name of *table* and *households*.
        decisions_source: the source name of the household frame of *decisions*.
        inputs: the input files, for the provenance.
        title: the report's title (default: the bilingual standard title).
        command: the command line that produced the run, for the provenance.
        synthetic: whether the data is synthetic (the report says so).
        generated_at: when the report was made (UTC).

    .. versionadded:: 0.1.0
    """

    reference_date: dt.date
    table: TableCheck | None = None
    households: HouseholdCheck | None = None
    match: MatchResult | None = None
    match_names: tuple[str, str] = ("left", "right")
    decisions: tuple[Decisions, ...] = ()
    overlaps: OverlapResult | None = None
    frames: Mapping[str, Any] = attrs.field(factory=dict, repr=False)
    table_source: str = "persons"
    decisions_source: str = "households"
    inputs: tuple[InputFile, ...] = ()
    title: str | None = None
    command: str | None = None
    synthetic: bool = False
    generated_at: dt.datetime = attrs.field(factory=generated_now)

    def __attrs_post_init__(self) -> None:
        if self.reference_date is None:
            raise _args.fail("reference_date", "a date or ISO text 'YYYY-MM-DD'", None)
        # One reading of a reference date across the API: a date or ISO text.
        object.__setattr__(self, "reference_date", _args.reference_date(self.reference_date))

    def _frames(self) -> dict[str, pl.DataFrame]:
        return {name: polars(frame) for name, frame in self.frames.items()}

    def findings(self, lang: Lang = "id", *, unmasked: bool = False) -> pl.DataFrame:
        """Every finding, one row each, for an officer to filter (a Polars frame).

        Columns: ``check`` (``nik_kk``, ``household``, ``matching``, ``eligibility``,
        ``overlap``), ``source`` (the input's name), ``row`` (the source row number:
        the 1-based data row, the Excel row number for ``.xlsx``), ``nik`` and ``no_kk``
        (masked unless *unmasked*), ``kode_wilayah``, ``code`` (an issue code, or
        ``match_unmatched_left``/``_right``, ``<program>_undetermined``, an overlap
        kind), ``severity`` (``error``/``warning``/``info``), ``message`` (in *lang*,
        with the row's own values that are safe to show: ``NIK harus 16 digit, bukan
        15.``) and ``detail``.

        Args:
            lang: ``"id"`` (default) or ``"en"`` for the messages.
            unmasked: keep NIK and KK numbers unmasked, and show personal values (birth
                and KK issue dates, NIK serials) in the messages (personal data: only
                when needed).
        """
        frames = self._frames()
        lang = _args.lang(lang)
        unmasked = _args.flag("unmasked", unmasked)
        parts: list[pl.DataFrame] = []
        if self.table is not None:
            parts.append(self.table.findings(lang, unmasked=unmasked, source=self.table_source))
        if self.households is not None:
            parts.append(
                self.households.findings(lang, unmasked=unmasked, source=self.table_source)
            )
        if self.match is not None:
            parts.append(
                self.match.findings(lang, unmasked=unmasked, names=self.match_names, frames=frames)
            )
        parts.extend(
            d.findings(lang, unmasked=unmasked, source=self.decisions_source, frames=frames)
            for d in self.decisions
        )
        if self.overlaps is not None:
            parts.append(self.overlaps.findings(lang, unmasked=unmasked, frames=frames))
        parts.append(manifest_findings(self.manifest, lang=lang, unmasked=unmasked))
        frame = pl.concat([empty_findings(), *parts])
        # The files officers read have one detail column: the evidence, then the action.
        detail = pl.concat_str(
            [pl.col("detail"), pl.col("action")], separator="; ", ignore_nulls=True
        )
        frame = frame.with_columns(
            pl.when(pl.col("action").is_not_null())
            .then(detail)
            .otherwise(pl.col("detail"))
            .alias("detail")
        ).select(REPORT_COLUMNS)
        return frame if unmasked else scrub_frame(frame)

    @property
    def manifest(self) -> Manifest:
        """How every input was read, which checks ran and what was assumed (all parts)."""
        results = (self.table, self.households, self.match, *self.decisions, self.overlaps)
        return merge_all(getattr(r, "manifest", None) for r in results if r is not None)

    def severity_counts(self) -> dict[str, int]:
        """How many findings have each severity (``error``, ``warning``, ``info``)."""
        counts = dict.fromkeys(("error", "warning", "info"), 0)
        for severity, n in self.findings().group_by("severity").len().iter_rows():
            counts[str(severity)] = int(n)
        return counts

    def summary(self, lang: Lang = "id") -> dict[str, Any]:
        """The figures of the report as plain JSON-ready values (what ``--json`` prints).

        Keys: ``reference_date``, ``findings`` (counts per severity), then per part that
        was run: ``persons``, ``households``, ``matching``, ``eligibility``, ``overlaps``;
        ``manifest`` (how the inputs were read, checks run and skipped, assumptions; its
        messages in *lang*) and ``provenance``.
        """
        lang = _args.lang(lang)
        out: dict[str, Any] = {
            "reference_date": self.reference_date.isoformat(),
            "findings": self.severity_counts(),
        }
        if self.table is not None:
            summary = self.table.summary
            status = dict.fromkeys(STATUSES, 0)
            status.update({str(s): int(n) for s, n in summary["status"].iter_rows()})
            skipped = status.pop("skipped", 0)
            out["persons"] = {
                "rows": sum(status.values()),
                "skipped_rows": skipped,
                "status": status,
                "codes": codes_count(summary["codes"]),
            }
        if self.households is not None:
            out["households"] = self.households.summary
        if self.match is not None:
            out["matching"] = _named(self.match.summary, self.match_names)
        if self.decisions:
            out["eligibility"] = [d.summary for d in self.decisions]
        if self.overlaps is not None:
            out["overlaps"] = overlap_summary(self.overlaps, lang)
        out["manifest"] = self.manifest.to_dict(lang)
        out["provenance"] = self.provenance()
        # Figures and names only; a header that is a data row must not carry a NIK here.
        scrubbed: dict[str, Any] = scrub_value(out)  # type: ignore[assignment]
        return scrubbed

    def provenance(self) -> dict[str, Any]:
        """What the results were computed from and with (JSON-ready).

        The library version, Python and Polars versions, the region-data edition and
        checksums, each rule set's version and SHA-256, the overlap policy, the
        reference date, the inputs with their SHA-256 and the command.
        """
        from bansos_validate import regions  # noqa: PLC0415 - keep imports one way

        region = regions.data_version()
        out: dict[str, Any] = {
            "library": f"bansos-validate {__version__}",
            "python": platform.python_version(),
            "polars": pl.__version__,
            "region_data": {
                "edition": region["edition"],
                "decree": region["decree"],
                "source_commit": region.get("source_commit"),
            },
            "rulesets": [
                {
                    "program": d.ruleset.program,
                    "version": d.ruleset.version,
                    "sha256": d.ruleset.sha256,
                }
                for d in self.decisions
            ],
            "reference_date": self.reference_date.isoformat(),
            "generated_at": self.generated_at.isoformat(),
            "inputs": [attrs.asdict(i) for i in self.inputs],
            "command": self.command,
        }
        if self.overlaps is not None:
            out["policy"] = policy_of(self.overlaps)
        return out

    def to_html(self, lang: Lang = "id", *, unmasked: bool = False, max_rows: int = 2000) -> str:
        """Render the self-contained HTML report (inline CSS and SVG; no network needed).

        Args:
            lang: the language shown first (``"id"``); the other is one click away.
            unmasked: show NIK and KK numbers unmasked.
            max_rows: the most findings listed in the page (all are in the exports).
        """
        from bansos_validate.report._html import render  # noqa: PLC0415 - one-way imports

        lang = _args.lang(lang)
        unmasked = _args.flag("unmasked", unmasked)
        max_rows = _args.integer("max_rows", max_rows, minimum=0, maximum=10_000_000)

        return render(self, lang=lang, unmasked=unmasked, max_rows=max_rows)

    def write(
        self,
        folder: str | os.PathLike[str],
        *,
        lang: Lang = "id",
        unmasked: bool = False,
        formats: tuple[str, ...] = ("html", "xlsx", "csv", "parquet", "json"),
    ) -> dict[str, Path]:
        """Write the report folder; return the files written by kind.

        ``laporan.html`` (the report), ``temuan.xlsx`` / ``temuan.csv`` (the findings,
        for officers), ``temuan.parquet`` (for pipelines), ``ringkasan.json`` (the
        summary and provenance).

        Raises:
            InvalidArgument: an unknown format.
            WriteError: a file cannot be written.
        """
        from bansos_validate.report._write import write_folder  # noqa: PLC0415

        if not isinstance(folder, str | os.PathLike):
            raise InvalidArgument(f"Expected a folder path but got {type(folder).__name__}")
        lang = _args.lang(lang)
        unmasked = _args.flag("unmasked", unmasked)
        formats = _args.texts("formats", formats)
        return write_folder(self, Path(folder), lang=lang, unmasked=unmasked, formats=formats)

    def _repr_html_(self) -> str:
        return self.to_html(max_rows=200)


def _named(summary: dict[str, Any], names: tuple[str, str]) -> dict[str, Any]:
    """A match summary with its sources named after the report's inputs."""
    out = dict(summary)
    for side, name in zip(("left", "right"), names, strict=True):
        out[side] = {**summary[side], "name": name}
    return out


def overlap_summary(result: OverlapResult, lang: Lang = "id") -> dict[str, Any]:
    """Counts of an ``OverlapResult``: by kind, by program pair, what was looked for.

    The notes are written in *lang* (:meth:`OverlapResult.notes_in`).
    """
    table = result.to_polars()
    pairs = result.summary["programs"]
    return {
        "total": table.height,
        "by_kind": {k: n for k, n in result.counts().items() if n},
        "by_programs": [
            {"kind": k, "program_a": a, "program_b": b, "count": int(n)}
            for k, a, b, n in pairs.select("kind", "program_a", "program_b", "count").iter_rows()
        ],
        "kinds": list(result.kinds),
        "mode": result.mode,
        "notes": list(result.notes_in(lang)),
    }


def policy_of(result: OverlapResult) -> dict[str, Any]:
    """The overlap policy's id, version, SHA-256 and path, and the mode (raw or tokens)."""
    return {**result.policy.provenance(), "mode": result.mode}
