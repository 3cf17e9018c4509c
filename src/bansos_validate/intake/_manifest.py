"""The run manifest: how every input was read, which checks ran, what was assumed.

A result that reports only its findings hides the decisions made before the first check:
which header fed which column, which rows were not records, which checks could not run
for want of a column, which default filled a missing column. An officer who cannot see
those cannot trust the findings. Every result object carries a :class:`Manifest`
(``.manifest``); the command line prints it with ``--json`` and the report shows it.

Notes are findings about the input as a whole (a banner skipped, a column read from
number cells, values that cannot be joined); their codes are in the issue catalogue
(``input_*``) with a Bahasa Indonesia and an English message, and those with a
``warning`` or ``error`` severity count for ``--fail-on`` like any other finding.

>>> note = Note("input_default_assumed", "persons", {"column": "hamil", "value": "false"})
>>> note.severity.value
'warning'
>>> manifest = Manifest(notes=(note,))
>>> [n.code for n in manifest.merge(Manifest()).notes]
['input_default_assumed']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from bansos_validate import _arguments as _args
from bansos_validate.issues import CATALOGUE, Issue, Severity

if TYPE_CHECKING:
    from bansos_validate.issues import Lang

__all__ = ["CheckRun", "Manifest", "Note", "SourceReading"]

MAX_LISTED_ROWS = 50
"""Row numbers listed per note (the count is always exact)."""


def _frozen(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(_args.mapping("mapping", value, values="any") or {})


@attrs.frozen(slots=True)
class Note:
    """A finding about an input as a whole (not about one person).

    Attributes:
        code: an ``input_*`` or ``row_*`` code of the issue catalogue.
        source: the input it is about (``persons``, a roll name); ``None`` for the run.
        context: the values its message shows (column names, counts, row numbers);
            never an identifier.

    .. versionadded:: 0.1.0
    """

    code: str
    source: str | None = None
    context: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen, hash=False)

    @property
    def severity(self) -> Severity:
        """The severity of the code (from the catalogue)."""
        return CATALOGUE[self.code].severity

    def message(self, lang: Lang = "id") -> str:
        """The message in Bahasa Indonesia (default) or English."""
        context = {k: _shown(v) for k, v in self.context.items()}
        return Issue(self.code, "", context).message(lang)

    def to_dict(self, lang: Lang = "id") -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "source": self.source,
            "message": self.message(lang),
            "context": {k: _plain(v) for k, v in self.context.items()},
        }


def _shown(value: object) -> object:
    """Context values as a message shows them: lists joined, long lists cut."""
    if isinstance(value, list | tuple):
        items = [str(v) for v in value]
        more = len(items) - MAX_LISTED_ROWS
        text = ", ".join(items[:MAX_LISTED_ROWS])
        return text + (f", … (+{more})" if more > 0 else "")
    return value


def _plain(value: object) -> object:
    if isinstance(value, tuple):
        return list(value)
    return value


@attrs.frozen(slots=True)
class SourceReading:
    """How one input was read.

    Attributes:
        name: the name the run gives the input (``persons``, ``households``, a roll).
        columns: ``{canonical: header}``: which header fed each canonical column.
        matched_by: ``{canonical: how}`` (``given``, ``name``, ``alias``, ``lookalike``).
        unused: headers that fed nothing.
        location: the file or masked database URL, when the input was read from one.
        header_row: the spreadsheet row of the header, when known.
        banner_rows: spreadsheet rows above the header that were skipped.
        rows: the rows read (records, blank rows and footer rows).
        records: the rows counted as records (persons, households, roll entries).
        blank_rows: spreadsheet row numbers of empty rows (not records).
        footer_rows: spreadsheet row numbers of totals, notes and signatures below the
            table, and page numbers (not records).
        header_rows: spreadsheet row numbers where the header is printed again inside the
            table (not records).

    .. versionadded:: 0.1.0
    """

    name: str
    columns: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen)
    matched_by: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen)
    unused: tuple[str, ...] = ()
    location: str | None = None
    header_row: int | None = None
    banner_rows: tuple[int, ...] = ()
    rows: int | None = None
    records: int | None = None
    blank_rows: tuple[int, ...] = ()
    footer_rows: tuple[int, ...] = ()
    header_rows: tuple[int, ...] = ()

    def joined(self, other: SourceReading) -> SourceReading:
        """This reading and *other* of the same input, as one.

        Two checks read one file: the columns either used, and as unused only the headers
        neither used.

        Raises:
            InvalidArgument: *other* is not a :class:`SourceReading`.
        """
        if not isinstance(other, SourceReading):
            raise _args.fail("other", "a SourceReading", other)
        return attrs.evolve(
            self,
            columns={**other.columns, **self.columns},
            matched_by={**other.matched_by, **self.matched_by},
            unused=tuple(u for u in self.unused if u in other.unused),
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "name": self.name,
            "location": self.location,
            "header_row": self.header_row,
            "banner_rows": list(self.banner_rows),
            "columns": dict(self.columns),
            "matched_by": dict(self.matched_by),
            "unused_columns": list(self.unused),
            "rows": self.rows,
            "records": self.records,
            "blank_rows": list(self.blank_rows),
            "footer_rows": list(self.footer_rows),
            "header_rows": list(self.header_rows),
        }


@attrs.frozen(slots=True)
class CheckRun:
    """One check of a run: whether it ran, and if not, why.

    Attributes:
        check: the check's id (``nik``, ``kk``, ``tanggal_lahir``, ``rule:desil``...).
        ran: whether it ran.
        columns: the canonical columns it read.
        missing: the canonical columns it needed and did not find (when it did not run,
            or ran on assumed values).

    .. versionadded:: 0.1.0
    """

    check: str
    ran: bool
    columns: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "check": self.check,
            "ran": self.ran,
            "columns": list(self.columns),
            "missing": list(self.missing),
        }


@attrs.frozen(slots=True)
class Manifest:
    """What a run read, ran and assumed (see the module docstring).

    Attributes:
        sources: how each input was read.
        checks: the checks of the run, those that ran and those skipped.
        assumed: ``(source, column, value)`` for every default assumed for a missing
            column (each also a note).
        notes: findings about the inputs as a whole.

    .. versionadded:: 0.1.0
    """

    sources: tuple[SourceReading, ...] = ()
    checks: tuple[CheckRun, ...] = ()
    assumed: tuple[tuple[str, str, str], ...] = ()
    notes: tuple[Note, ...] = ()

    def merge(self, *others: Manifest) -> Manifest:
        """This manifest and *others* as one (an input read twice is listed once).

        Raises:
            InvalidArgument: one of *others* is not a :class:`Manifest`.
        """
        for other in others:
            if not isinstance(other, Manifest):
                raise _args.fail("others", "Manifest objects", other)
        sources = list(self.sources)
        names = {(s.name, s.location) for s in sources}
        checks = list(self.checks)
        seen_checks = {c.check for c in checks}
        assumed = list(self.assumed)
        notes = list(self.notes)
        for other in others:
            for source in other.sources:
                key = (source.name, source.location)
                if key not in names:
                    names.add(key)
                    sources.append(source)
                    continue
                at = next(i for i, s in enumerate(sources) if (s.name, s.location) == key)
                sources[at] = sources[at].joined(source)
            for check in other.checks:
                if check.check not in seen_checks:
                    seen_checks.add(check.check)
                    checks.append(check)
            assumed += [a for a in other.assumed if a not in assumed]
            notes += [n for n in other.notes if n not in notes]
        return Manifest(tuple(sources), tuple(checks), tuple(assumed), tuple(notes))

    @property
    def skipped(self) -> tuple[CheckRun, ...]:
        """The checks that did not run."""
        return tuple(c for c in self.checks if not c.ran)

    def source(self, name: str) -> SourceReading | None:
        """The reading of the input called *name*, if any."""
        _args.text("name", name)
        return next((s for s in self.sources if s.name == name), None)

    def codes(self) -> tuple[str, ...]:
        """The codes of the notes, in order."""
        return tuple(n.code for n in self.notes)

    def to_dict(self, lang: Lang = "id") -> dict[str, Any]:
        """A JSON-ready dictionary (messages in *lang*)."""
        lang = _args.lang(lang)
        return {
            "sources": [s.to_dict() for s in self.sources],
            "checks": [c.to_dict() for c in self.checks],
            "skipped": [c.check for c in self.skipped],
            "assumed": [{"source": s, "column": c, "value": v} for s, c, v in self.assumed],
            "notes": [n.to_dict(lang) for n in self.notes],
        }


def merge_all(manifests: Iterable[Manifest | None]) -> Manifest:
    """One manifest of several (``None`` skipped).

    Raises:
        InvalidArgument: *manifests* is not an iterable of manifests (or ``None``).
    """
    if isinstance(manifests, (str, bytes, Mapping)) or not isinstance(manifests, Iterable):
        raise _args.fail("manifests", "an iterable of Manifest objects (or None)", manifests)
    found = [m for m in manifests if m is not None]
    for manifest in found:
        if not isinstance(manifest, Manifest):
            raise _args.fail("manifests", "an iterable of Manifest objects (or None)", manifest)
    if not found:
        return Manifest()
    return found[0].merge(*found[1:])
