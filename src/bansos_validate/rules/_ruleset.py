"""``RuleSet``: a loaded, checked rule file and its description.

Deciding is the engines' (the scalar ``_decide.ScalarEngine`` behind ``decide`` and
``trace``, the vectorised ``_vector.py`` behind ``evaluate``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bansos_validate._deprecation import renamed_argument
from bansos_validate.errors import InvalidArgument
from bansos_validate.rules._compile import Compiled, compile_file
from bansos_validate.rules._decide import ScalarEngine, reference_date
from bansos_validate.rules._errors import UnknownProgram
from bansos_validate.rules._yaml import load_yaml, read_file

if TYPE_CHECKING:
    from bansos_validate.rules._decision import Decision, Trace
    from bansos_validate.rules._fields import FieldSpec
    from bansos_validate.rules._model import (
        Component,
        Message,
        Parameter,
        Reference,
        Rule,
        Variable,
    )

__all__ = ["RuleSet", "load_program", "programs", "reference_date"]

_PROGRAM_ALIASES = {
    "sembako": "bpnt",
    "program-sembako": "bpnt",
    "pbi": "pbi-jk",
    "pbijk": "pbi-jk",
    "blt": "blt-dd",
    "bltdd": "blt-dd",
    "blt-dana-desa": "blt-dd",
    "program-keluarga-harapan": "pkh",
    "program-indonesia-pintar": "pip",
}


class RuleSet:
    """A checked rule file for one program, ready to decide.

    Load one with :func:`load_program` (bundled programs) or :meth:`from_yaml`.

    >>> import datetime as dt
    >>> pkh = load_program("pkh")
    >>> pkh
    <RuleSet pkh 2026.1 (household)>
    >>> household = {"no_kk": "3576010101200001", "desil": 3}
    >>> members = [
    ...     {"nik": "3576014403910003", "tanggal_lahir": "1991-03-04", "hamil": "Y"},
    ...     {"nik": "3576010101240001", "tanggal_lahir": "2024-01-01"},
    ... ]
    >>> d = pkh.decide(household, members, reference_date=dt.date(2026, 1, 15))
    >>> d.status.value, d.amount, d.component_amounts()["hamil"]
    ('eligible', 6000000, 3000000)
    >>> pkh.decide(
    ...     {"no_kk": "3576010101200001", "desil": 7}, members, reference_date=dt.date(2026, 1, 15)
    ... )
    <Decision pkh kk 357601********** not_eligible Rp0 reasons=['desil']>
    """

    __slots__ = ("_compiled", "_engine", "path", "sha256")

    def __init__(self, compiled: Compiled, *, sha256: str, path: str) -> None:
        self._compiled = compiled
        self.sha256 = sha256
        """SHA-256 (hex) of the rule file's bytes."""
        self.path = path
        """Where the rule set was read from."""
        self._engine = ScalarEngine(compiled, sha256)

    # -- loading ---------------------------------------------------------------------------
    @classmethod
    def from_yaml(cls, path: str | Path) -> RuleSet:
        """Load and check a rule file.

        Raises:
            RuleFileError: the file cannot be read or is wrong (with line and column).
        """
        data = read_file(path, "rule file")
        return cls.from_bytes(data, path=str(path))

    @classmethod
    def from_text(cls, text: str, *, path: str = "<string>") -> RuleSet:
        """Load and check a rule set from YAML text (the hash is of its UTF-8 bytes)."""
        if not isinstance(text, str):
            raise InvalidArgument(f"Expected YAML text but got {type(text).__name__}")
        return cls.from_bytes(text.encode("utf-8", "surrogatepass"), path=path)

    @classmethod
    def from_bytes(cls, data: bytes, *, path: str = "<bytes>") -> RuleSet:
        """Load and check a rule set from the bytes of a YAML file."""
        value, smap = load_yaml(data, path)
        compiled = compile_file(value, smap)
        return cls(compiled, sha256=hashlib.sha256(data).hexdigest(), path=path)

    # -- description -----------------------------------------------------------------------
    @property
    def program(self) -> str:
        """The program id (``pkh``)."""
        return self._compiled.program

    @property
    def name(self) -> Message:
        """The program's name in Bahasa Indonesia and English."""
        return self._compiled.name

    @property
    def version(self) -> str:
        """The rule set's version."""
        return self._compiled.version

    @property
    def unit(self) -> str:
        """``household`` (one decision per KK) or ``person`` (one per person, e.g. PIP)."""
        return self._compiled.unit

    @property
    def effective(self) -> tuple[dt.date, dt.date | None]:
        """The first and last day (``None``: open) the rule set is in force."""
        return self._compiled.since, self._compiled.until

    @property
    def parameters(self) -> Mapping[str, Parameter]:
        """The dated parameters by name."""
        return self._compiled.parameters

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Conditions then exclusions, in file order."""
        return self._compiled.rules

    @property
    def conditions(self) -> tuple[Rule, ...]:
        """The eligibility conditions (each must hold)."""
        return tuple(r for r in self._compiled.rules if r.kind == "condition")

    @property
    def exclusions(self) -> tuple[Rule, ...]:
        """The exclusions (none may hold)."""
        return tuple(r for r in self._compiled.rules if r.kind == "exclusion")

    @property
    def components(self) -> tuple[Component, ...]:
        """The benefit components."""
        return self._compiled.components

    @property
    def variables(self) -> tuple[Variable, ...]:
        """Derived variables, persons first, in computation order."""
        return self._compiled.person_variables + self._compiled.household_variables

    @property
    def references(self) -> Mapping[str, Reference]:
        """The sources cited by the file, by key."""
        return self._compiled.references

    @property
    def unconfirmed(self) -> tuple[Message, ...]:
        """Readings of the program the file marks as not confirmed by a reliable source."""
        return self._compiled.unconfirmed

    @property
    def fields(self) -> Mapping[str, Mapping[str, FieldSpec]]:
        """The input columns read, by entity (``person``, ``household``)."""
        return {
            "person": self._compiled.person_fields,
            "household": self._compiled.household_fields,
        }

    def required_columns(self) -> dict[str, tuple[str, ...]]:
        """Columns each input must have (those without a default), keys included."""
        person = ["no_kk"] + (["nik"] if self.unit == "person" else [])
        person += [
            n for n, s in self._compiled.person_fields.items() if s.required and n not in person
        ]
        household = ["no_kk"]
        household += [
            n for n, s in self._compiled.household_fields.items() if s.required and n != "no_kk"
        ]
        return {"person": tuple(person), "household": tuple(household)}

    def __repr__(self) -> str:
        return f"<RuleSet {self.program} {self.version} ({self.unit})>"

    # -- public evaluation -----------------------------------------------------------------
    def decide(
        self,
        household: Mapping[str, Any],
        members: Sequence[Mapping[str, Any]],
        *,
        reference_date: dt.date | str | None = None,
        at: dt.date | str | None = None,
    ) -> Decision:
        """Decide one household, in pure Python (for apps: no dataframe library is imported).

        For person programs (``unit: person``, e.g. PIP) the result summarises the
        household and ``.members`` holds one decision per person the program is for.

        Args:
            household: the household row by canonical column name (``no_kk``, ``desil``...).
            members: the person rows of the household.
            reference_date: the reference date (``datetime.date`` or ISO text); today
                when ``None``.
            at: deprecated spelling of *reference_date*.

        Raises:
            SchemaError: a row lacks a column the rules read (and that has no default).
            NotInForce: the rule set or a parameter is not in force on the reference date.
            InvalidArgument: the reference date or the rows have the wrong type.
        """
        when = renamed_argument(
            "bansos_validate.rules.RuleSet.decide",
            ("reference_date", reference_date),
            ("at", at),
            since="0.1.0",
            removal="0.2.0",
        )
        return self._engine.decide(household, members, when)

    def trace(
        self,
        household: Mapping[str, Any],
        members: Sequence[Mapping[str, Any]],
        *,
        reference_date: dt.date | str | None = None,
        at: dt.date | str | None = None,
    ) -> Trace:
        """Decide one household and keep every intermediate value (``str()`` prints them).

        *reference_date* as for :meth:`decide` (*at* is its deprecated spelling).

        Raises:
            SchemaError: a row lacks a column the rules read (and that has no default).
            NotInForce: the rule set or a parameter is not in force on the reference date.
        """
        when = renamed_argument(
            "bansos_validate.rules.RuleSet.trace",
            ("reference_date", reference_date),
            ("at", at),
            since="0.1.0",
            removal="0.2.0",
        )
        return self._engine.trace(household, members, when)

    def parameters_at(self, at: dt.date | str) -> dict[str, object]:
        """The value of every parameter in force on ``at``, as written in the file.

        Parameters whose first value starts later are left out.

        Raises:
            NotInForce: the rule set or a parameter is not in force on ``at``.
        """
        when = reference_date(at)
        self._engine.check_period(when)
        return {
            name: p.at(when).value
            for name, p in self._compiled.parameters.items()
            if p.values[0].since <= when
        }


def _bundled() -> dict[str, resources.abc.Traversable]:
    folder = resources.files("bansos_validate.rules").joinpath("programs")
    return {
        item.name[: -len(".yaml")]: item
        for item in folder.iterdir()
        if item.is_file() and item.name.endswith(".yaml")
    }


def programs() -> tuple[str, ...]:
    """The ids of the bundled programs.

    >>> programs()
    ('blt-dd', 'bpnt', 'pbi-jk', 'pip', 'pkh')
    """
    return tuple(sorted(_bundled()))


def _program_id(name: str) -> str:
    key = re.sub(r"[\s_]+", "-", name.strip().lower())
    return _PROGRAM_ALIASES.get(key, key)


@functools.lru_cache(maxsize=32)
def _load_bundled(key: str) -> RuleSet:
    item = _bundled()[key]
    return RuleSet.from_bytes(item.read_bytes(), path=f"bansos_validate/rules/programs/{key}.yaml")


def load_program(name: str) -> RuleSet:
    """Load a bundled program by id (case-insensitive; ``sembako`` means ``bpnt``).

    >>> load_program("PKH").program
    'pkh'
    >>> load_program("pkhh")
    Traceback (most recent call last):
        ...
    UnknownProgram: unknown program 'pkhh'; bundled programs: ...; did you mean 'pkh'?

    Raises:
        UnknownProgram: the id is not bundled (with a "did you mean" hint).
        InvalidArgument: ``name`` is not text.
    """
    if not isinstance(name, str):
        raise InvalidArgument(f"Expected a program id (text) but got name={name!r}")
    key = _program_id(name)
    known = programs()
    if key not in known:
        found = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
        raise UnknownProgram(name, known, found[0] if found else None)
    return _load_bundled(key)
