"""Checks shared by NIK and KK: the region prefix, issue building, raising."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bansos_validate import _arguments as _args
from bansos_validate.errors import (
    InvalidKk,
    InvalidKkComponent,
    InvalidKkFormat,
    InvalidKkLength,
    InvalidNik,
    InvalidNikComponent,
    InvalidNikFormat,
    InvalidNikLength,
)
from bansos_validate.ids._digits import read_digits
from bansos_validate.issues import CATALOGUE, Issue, Severity, subject_code
from bansos_validate.regions import _table

if TYPE_CHECKING:
    from collections.abc import Hashable, Iterable

    from bansos_validate.ids._digits import Read
    from bansos_validate.regions._model import Region

RegionPart = tuple["Region | None", "Region | None", "Region | None", tuple[Issue, ...]]

_FORMAT_SUFFIXES = frozenset(
    {"missing", "invalid_type", "excel_numeric", "excel_precision_lost", "invalid_characters"}
)

# Per subject: the exception for format, length and component errors.
_EXCEPTIONS: dict[str, tuple[type[InvalidNik | InvalidKk], ...]] = {
    "nik": (InvalidNikFormat, InvalidNikLength, InvalidNikComponent),
    "kk": (InvalidKkFormat, InvalidKkLength, InvalidKkComponent),
}


_ISSUES: dict[tuple[object, ...], Issue] = {}


def make_issue(code: str, field: str, *context: tuple[str, object]) -> Issue:
    """Return the issue (memoised: issues are immutable and the same ones recur)."""
    key = (code, field, *context)
    found = _ISSUES.get(key)
    if found is None:
        if len(_ISSUES) >= 50_000:
            _ISSUES.clear()
        found = _ISSUES[key] = Issue(code, field, dict(context))
    return found


def read_issues(subject: str, read: Read, field: str) -> list[Issue]:
    """Turn the problems of a :class:`Read` into issues of *subject*."""
    return [
        make_issue(subject_code(subject, suffix), field, *ctx.items())
        for suffix, ctx in read.problems
    ]


class PartCache:
    """Bounded memo of decoded parts (dates, regions), keyed by the digits they come from.

    Parsing millions of numbers meets the same few thousand region prefixes and dates
    again and again; decoding each once keeps ``parse_nik`` fast. The results are
    immutable, so sharing them is safe. Each table is cleared when it grows past *limit*.
    """

    def __init__(self, limit: int = 300_000, tables: int = 16) -> None:
        self.limit = limit
        self.max_tables = tables
        self.tables: dict[Hashable, dict[str, Any]] = {}

    def table(self, key: Hashable) -> dict[str, Any]:
        """Return the memo table for *key* (a subject, field and reference date)."""
        found = self.tables.get(key)
        if found is None:
            if len(self.tables) >= self.max_tables:
                self.tables.clear()
            found = self.tables[key] = {}
        return found

    def store(self, table: dict[str, Any], key: str, value: Any) -> Any:
        """Store *value* under *key* in *table* (clearing a full table first); return it."""
        if len(table) >= self.limit:
            table.clear()
        table[key] = value
        return value


def region_part(subject: str, prefix: str, field: str, memo: PartCache) -> RegionPart:
    """Decode and check the 6-digit region prefix of a NIK or KK, memoised in *memo*.

    *memo* holds one table per *field*; each subject (NIK, KK) has its own memo.
    """
    table = memo.table(field)
    found = table.get(prefix)
    if found is None:
        found = memo.store(table, prefix, _region_part(subject, prefix, field))
    return found  # type: ignore[no-any-return]


def _region_part(subject: str, prefix: str, field: str) -> RegionPart:
    provinces, regencies, districts = _table.current_tables()
    former = _table.recoded()
    issues: list[Issue] = []
    province = provinces.get(prefix[:2])
    regency = district = None
    if province is None:
        issues.append(
            Issue(subject_code(subject, "province_unknown"), field, {"province": prefix[:2]})
        )
    regency_zero = prefix[2:4] == "00"
    district_zero = prefix[4:6] == "00"
    if regency_zero:
        issues.append(Issue(subject_code(subject, "region_zero"), field, {"part": "regency"}))
    if district_zero:
        issues.append(Issue(subject_code(subject, "region_zero"), field, {"part": "district"}))
    if province is not None and not regency_zero:
        regency = regencies.get(prefix[:4]) or former.get(prefix[:4])
        if regency is None:
            issues.append(
                Issue(subject_code(subject, "regency_unknown"), field, {"regency": prefix[:4]})
            )
        elif not district_zero:
            district = districts.get(prefix) or former.get(prefix)
            if district is None:
                issues.append(
                    Issue(subject_code(subject, "district_unknown"), field, {"district": prefix})
                )
        if district is not None and not district.current:
            issues.append(
                Issue(
                    subject_code(subject, "district_recoded"),
                    field,
                    {"district": prefix, "current": district.replaced_by},
                )
            )
        elif regency is not None and not regency.current:
            issues.append(
                Issue(
                    subject_code(subject, "regency_recoded"),
                    field,
                    {"regency": prefix[:4], "current": regency.replaced_by},
                )
            )
    return province, regency, district, tuple(issues)


def check_field(field: object) -> None:
    """Raise :class:`InvalidArgument` unless *field* (the issues' field name) is text."""
    if type(field) is not str:
        raise _args.fail("field", "a field name (str)", field)


def serial_number(serial: object) -> int:
    """Return a NIK/KK serial (an int, or digits text) from 1 to 9999, or raise.

    Raises:
        InvalidArgument: *serial* is not an int or digits text from 1 to 9999.
    """
    if isinstance(serial, str) and serial.isascii() and serial.isdigit() and len(serial) <= 4:
        serial = int(serial)
    if isinstance(serial, bool) or not isinstance(serial, int) or not 1 <= serial <= 9999:
        raise _args.fail("serial", "a serial from 1 to 9999 (an int or digits text)", serial)
    return serial


def compact_digits(subject: str, number: object, field: str) -> str:
    """Return the digits of *number*, or raise when it cannot be read as digits text.

    A wrong length is not a reason to raise here (``validate`` checks it); an empty
    value, characters, a number instead of text, or spreadsheet damage are.
    """
    read = read_digits(number)
    problems = [p for p in read.problems if p[0] != "wrong_length"]
    if read.digits is None or problems:
        issues = [
            make_issue(subject_code(subject, suffix), field, *ctx.items())
            for suffix, ctx in problems
        ]
        raise_for(subject, issues, "")
    return read.digits  # type: ignore[return-value]  # no problem implies digits


def status_of(issues: Iterable[Issue]) -> str:
    """Return ``valid``, ``warning``, ``invalid`` or ``excel_damaged`` for a set of issues."""
    status = "valid"
    for issue in issues:
        if CATALOGUE[issue.code].damage:
            return "excel_damaged"
        if issue.severity is Severity.ERROR:
            status = "invalid"
        elif issue.severity is Severity.WARNING and status == "valid":
            status = "warning"
    return status


def raise_for(subject: str, issues: Iterable[Issue], masked: str) -> None:
    """Raise the exception matching the first error among *issues*, if any."""
    errors = [i for i in issues if i.severity is Severity.ERROR]
    if not errors:
        return
    first = errors[0]
    fmt, length, component = _EXCEPTIONS[subject]
    suffix = first.code.removeprefix(f"{subject}_")
    cls = length if suffix == "wrong_length" else fmt if suffix in _FORMAT_SUFFIXES else component
    shown = f" (value {masked})" if masked else ""
    # The message hides personal values (a birth date, a serial): exceptions get logged.
    text = first.message("en", unmasked=False)
    raise cls(f"{first.code}: {text}{shown}", code=first.code, issues=errors)
