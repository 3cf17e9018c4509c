"""Overlap policies: which programs exclude each other, and what counts as a duplicate.

A policy is a YAML file read like a rule file (:mod:`bansos_validate.rules`): the safe
loader that refuses anchors, tags and duplicate keys and remembers every value's line,
a pydantic structure check, then name checks with "did you mean" hints. Every rule has a
reference to a source in the file's ``references``, optional effective dates
(``from``/``until``), a severity, a description and a suggested action in Bahasa
Indonesia and English. A local file can ``extends: nasional`` to add its own programs and
rules (a city's own bansos) without code.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from collections.abc import Mapping
from contextvars import ContextVar
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

import attrs
from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError

from bansos_validate import _arguments as _args
from bansos_validate._yaml import MAX_EXTENDS, SourceMap, load_yaml, read_file, schema_error
from bansos_validate.errors import InvalidArgument
from bansos_validate.issues import Severity
from bansos_validate.rules import Message, Reference, RuleFileError, RuleNameError, RuleSyntaxError

__all__ = [
    "DuplicateRule",
    "ExclusiveRule",
    "OccupationRule",
    "Policy",
    "ProgramInfo",
    "load_policy",
    "normalize_program",
    "policies",
]

DEFAULT_POLICY = "nasional"
"""The bundled policy used when ``find_overlaps`` is given none."""

_SPACES = re.compile(r"[\s_]+")
Text = Annotated[str, Field(min_length=1)]
DuplicateKind = Literal[
    "duplicate_in_roll", "duplicate_household", "cross_region", "same_person_different_nik"
]
DUPLICATE_KINDS: tuple[str, ...] = (
    "duplicate_in_roll",
    "duplicate_household",
    "cross_region",
    "same_person_different_nik",
)


def normalize_program(value: object) -> str:
    """Return a program name in comparable form: upper case, single spaces, trimmed.

    >>> normalize_program("  blt   dana_desa ")
    'BLT DANA DESA'
    """
    return _SPACES.sub(" ", str(value).strip().upper())


# -- the file structure (pydantic, at the boundary) -----------------------------------------
class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class _Bilingual(_Model):
    id: Text
    en: Text


class _Reference(_Model):
    title: Text
    url: str | None = None
    note: str | None = None


class _Period(_Model):
    from_: dt.date = Field(alias="from")
    until: dt.date | None = None


class _Program(_Model):
    unit: Literal["household", "person"]
    name: _Bilingual | None = None
    aliases: list[StrictStr] = Field(default_factory=list)


class _RuleBase(_Model):
    severity: Literal["error", "warning", "info"] = "error"
    reference: Text
    unconfirmed: _Bilingual | None = None
    description: _Bilingual
    action: _Bilingual
    from_: dt.date | None = Field(default=None, alias="from")
    until: dt.date | None = None


class _Exclusive(_RuleBase):
    id: Text
    programs: Annotated[list[StrictStr], Field(min_length=2, max_length=2)]
    household: bool = False


class _Combinable(_Model):
    programs: Annotated[list[StrictStr], Field(min_length=2)]
    reference: Text
    note: _Bilingual | None = None


class _Duplicate(_RuleBase):
    id: Text


class _Occupation(_RuleBase):
    id: Text
    programs: Annotated[list[StrictStr], Field(min_length=1)]
    pekerjaan: Annotated[list[StrictStr], Field(min_length=1)]
    scope: Literal["household", "person"] = "household"


class _PolicyFile(_Model):
    policy: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    version: Text
    name: _Bilingual
    description: _Bilingual | None = None
    extends: str | None = None
    effective: _Period
    references: dict[str, _Reference] = Field(default_factory=dict)
    unconfirmed: list[_Bilingual] = Field(default_factory=list)
    programs: dict[str, _Program] = Field(default_factory=dict)
    exclusive: list[_Exclusive] = Field(default_factory=list)
    combinable: list[_Combinable] = Field(default_factory=list)
    duplicates: dict[DuplicateKind, _Duplicate] = Field(default_factory=dict)
    deceased: _Duplicate | None = None
    occupations: list[_Occupation] = Field(default_factory=list)


# -- the loaded policy (attrs, inside) -------------------------------------------------------
def _text(value: _Bilingual | None) -> Message | None:
    return None if value is None else Message(value.id, value.en)


@attrs.frozen(slots=True)
class ProgramInfo:
    """A program the policy knows: its unit (``household`` or ``person``) and aliases."""

    name: str
    unit: Literal["household", "person"]
    aliases: tuple[str, ...] = ()
    title: Message | None = None


@attrs.frozen(slots=True, repr=False)
class _Rule:
    id: str
    severity: Severity
    reference: str
    description: Message
    action: Message
    unconfirmed: Message | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    def active(self, when: dt.date) -> bool:
        """Whether the rule is in force on ``when``."""
        when = _args.date("when", when)
        return (self.since is None or self.since <= when) and (
            self.until is None or when <= self.until
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id} ({self.severity.value})>"


@attrs.frozen(slots=True, repr=False)
class ExclusiveRule(_Rule):
    """Two programs a person (or, with ``household``, a family) may not receive together."""

    programs: tuple[str, str] = ("", "")
    household: bool = False

    def __repr__(self) -> str:
        return f"<exclusive {self.id}: {self.programs[0]} x {self.programs[1]}>"


@attrs.frozen(slots=True, repr=False)
class DuplicateRule(_Rule):
    """How one duplicate kind (or deceased recipients) is reported."""

    kind: str = ""

    def __repr__(self) -> str:
        return f"<{self.kind} {self.id} ({self.severity.value})>"


@attrs.frozen(slots=True, repr=False)
class OccupationRule(_Rule):
    """Occupations that exclude a recipient (``scope="person"``) or their whole family."""

    programs: tuple[str, ...] = ()
    pekerjaan: tuple[str, ...] = ()
    scope: Literal["household", "person"] = "household"

    def __repr__(self) -> str:
        return f"<occupation {self.id}: {', '.join(self.programs)}>"


@attrs.frozen(slots=True, repr=False)
class Policy:
    """A checked overlap policy.

    >>> policy = load_policy()
    >>> policy
    <Policy nasional 2026.1>
    >>> policy.program_of("Program Sembako"), policy.program_of("pbi")
    ('BPNT', 'PBI-JK')
    >>> [r.id for r in policy.exclusive_between("PKH", "BLT-DD")]
    ['blt_dd_pkh']
    >>> policy.exclusive_between("PKH", "PBI-JK")
    ()

    Attributes:
        id: the policy id (``nasional``).
        version: the policy's version.
        sha256: SHA-256 (hex) of the file's bytes (of the extending file; the base's
            hash is in ``base``).
        path: where it was read from.
        base: the policy it extends, or ``None``.
    """

    id: str
    version: str
    name: Message
    description: Message | None
    since: dt.date
    until: dt.date | None
    references: Mapping[str, Reference]
    unconfirmed: tuple[Message, ...]
    programs: Mapping[str, ProgramInfo]
    exclusive: tuple[ExclusiveRule, ...]
    combinable: tuple[tuple[str, ...], ...]
    duplicates: Mapping[str, DuplicateRule]
    deceased: DuplicateRule | None
    occupations: tuple[OccupationRule, ...]
    sha256: str
    path: str
    base: Policy | None = None
    _aliases: Mapping[str, str] = attrs.field(factory=dict, alias="_aliases")

    def __repr__(self) -> str:
        return f"<Policy {self.id} {self.version}>"

    def program_of(self, value: object) -> str:
        """The policy's name for a program as written on a roll (aliases, any case).

        Unknown programs come back in normalised form (upper case, single spaces).
        """
        text = normalize_program(value)
        return self._aliases.get(text, text)

    def unit_of(self, program: str) -> str:
        """``household`` or ``person`` (unknown programs count as ``person``)."""
        info = self.programs.get(_args.text("program", program))
        return info.unit if info is not None else "person"

    def exclusive_between(
        self, a: str, b: str, at: dt.date | None = None
    ) -> tuple[ExclusiveRule, ...]:
        """The exclusivity rules between two programs (in force on ``at``, when given)."""
        a, b = _args.text("a", a), _args.text("b", b)
        at = _args.date("at", at, optional=True)
        pair = {a, b}
        return tuple(
            r
            for r in self.exclusive
            if set(r.programs) == pair and (at is None or r.active(at)) and a != b
        )

    def rule(self, rule_id: str) -> _Rule:
        """Return a rule by its id.

        Raises:
            RuleNameError: no rule has that id (with the closest id as a hint).
        """
        rule_id = _args.text("rule_id", rule_id)
        rules = self.all_rules()
        for r in rules:
            if r.id == rule_id:
                return r
        ids = [r.id for r in rules]
        hint = difflib.get_close_matches(rule_id, ids, n=1)
        raise RuleNameError(
            f"policy {self.id!r} has no rule {rule_id!r}",
            code="unknown_rule",
            path=self.path,
            hint=hint[0] if hint else None,
        )

    def all_rules(self) -> tuple[_Rule, ...]:
        """Every rule of the policy, in file order."""
        out: list[_Rule] = [*self.exclusive, *self.duplicates.values()]
        if self.deceased is not None:
            out.append(self.deceased)
        out.extend(self.occupations)
        return tuple(out)

    def in_force(self, when: dt.date) -> bool:
        """Whether ``when`` lies in the policy's period."""
        when = _args.date("when", when)
        return self.since <= when and (self.until is None or when <= self.until)

    def provenance(self) -> dict[str, str]:
        """Id, version, SHA-256 and path (and the base's), for reports and audits."""
        out = {
            "policy": self.id,
            "version": self.version,
            "sha256": self.sha256,
            "path": self.path,
        }
        if self.base is not None:
            out.update(
                base=self.base.id, base_version=self.base.version, base_sha256=self.base.sha256
            )
        return out

    # -- loading -----------------------------------------------------------------------------
    @classmethod
    def from_yaml(cls, path: str | Path) -> Policy:
        """Load and check a policy file.

        Raises:
            RuleFileError: the file cannot be read or is wrong (with line and column).
        """
        data = read_file(path, "policy file", error=RuleSyntaxError)
        return cls.from_bytes(data, path=str(path))

    @classmethod
    def from_text(cls, text: str, *, path: str = "<string>") -> Policy:
        """Load and check a policy from YAML text (the hash is of its UTF-8 bytes)."""
        text, path = _args.text("text", text), _args.text("path", path)
        return cls.from_bytes(text.encode("utf-8", "surrogatepass"), path=path)

    @classmethod
    def from_bytes(cls, data: bytes, *, path: str = "<bytes>") -> Policy:
        """Load and check a policy from the bytes of a YAML file."""
        value, smap = load_yaml(data, path, error=RuleSyntaxError)
        try:
            spec = _PolicyFile.model_validate(value)
        except ValidationError as exc:
            raise schema_error(exc, smap, "policy file", error=RuleFileError) from None
        return _compile(spec, smap, hashlib.sha256(data).hexdigest())


def policies() -> tuple[str, ...]:
    """The ids of the bundled policies.

    >>> policies()
    ('nasional',)
    """
    folder = resources.files("bansos_validate.overlap") / "policies"
    return tuple(
        sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))
    )


def load_policy(name: str | Path | None = None) -> Policy:
    """Load a bundled policy by id (default ``nasional``) or a policy file by path.

    Raises:
        RuleFileError: the id is unknown (code ``unknown_policy``) or the file is wrong.
    """
    if name is None:
        name = DEFAULT_POLICY
    if not isinstance(name, str | Path):
        raise InvalidArgument(
            f"Expected a policy id or a file path but got name={type(name).__name__}"
        )
    if isinstance(name, Path) or (isinstance(name, str) and name.endswith((".yaml", ".yml"))):
        return Policy.from_yaml(name)
    known = policies()
    if name not in known:
        hint = difflib.get_close_matches(str(name), known, n=1)
        raise RuleFileError(
            f"unknown policy {name!r}; bundled policies: {', '.join(known)}",
            code="unknown_policy",
            hint=hint[0] if hint else None,
        )
    resource = resources.files("bansos_validate.overlap") / "policies" / f"{name}.yaml"
    return Policy.from_bytes(
        resource.read_bytes(), path=f"bansos_validate/overlap/policies/{name}.yaml"
    )


# -- compilation -----------------------------------------------------------------------------
class _Checker:
    def __init__(self, smap: SourceMap, references: Mapping[str, object]) -> None:
        self.smap = smap
        self.references = references

    def error(
        self, message: str, where: tuple[str | int, ...], code: str, hint: str | None
    ) -> RuleNameError:
        place = self.smap.at(where)
        return RuleNameError(
            message,
            code=code,
            path=self.smap.path,
            line=place.line if place else None,
            column=place.column if place else None,
            rule_id=".".join(str(p) for p in where) or None,
            hint=hint,
        )

    def reference(self, key: str, where: tuple[str | int, ...]) -> str:
        if key not in self.references:
            hint = difflib.get_close_matches(key, list(self.references), n=1)
            raise self.error(
                f"reference {key!r} is not declared under references",
                where,
                "unknown_reference",
                hint[0] if hint else None,
            )
        return key

    def program(self, name: str, known: Mapping[str, str], where: tuple[str | int, ...]) -> str:
        text = normalize_program(name)
        if text in known:
            return known[text]
        hint = difflib.get_close_matches(text, sorted(set(known.values())), n=1)
        raise self.error(
            f"program {name!r} is not declared under programs",
            where,
            "unknown_program",
            hint[0] if hint else None,
        )


def _rule_fields(spec: _RuleBase) -> dict[str, object]:
    return {
        "severity": Severity(spec.severity),
        "reference": spec.reference,
        "description": _text(spec.description),
        "action": _text(spec.action),
        "unconfirmed": _text(spec.unconfirmed),
        "since": spec.from_,
        "until": spec.until,
    }


# The files being loaded, outermost first, while a policy's ``extends`` is followed.
_EXTENDING: ContextVar[tuple[tuple[str, str], ...]] = ContextVar("_EXTENDING", default=())
_BUNDLED = "bansos_validate/overlap/policies/"


def _policy_key(name: str) -> str:
    """One spelling per policy file, to recognise a file that ``extends`` comes back to."""
    if name.startswith(("<", _BUNDLED)):
        return name
    if not name.endswith((".yaml", ".yml")):
        return f"{_BUNDLED}{name}.yaml"
    try:
        return str(Path(name).resolve())
    except (OSError, RuntimeError):  # pragma: no cover - an unresolvable path stays as given
        return name


def _load_base(extends: str, smap: SourceMap) -> Policy:
    """Load the policy a file ``extends``, refusing a cycle and a chain that is too long.

    Raises:
        RuleNameError: the policies extend each other in a cycle (code ``extends_cycle``).
        RuleSyntaxError: more than ``MAX_EXTENDS`` policies extend each other in a chain.
    """
    chain = (*_EXTENDING.get(), (_policy_key(smap.path), smap.path))
    place = smap.at(("extends",))
    line = place.line if place else None
    column = place.column if place else None
    target = _policy_key(extends)
    keys = [key for key, _ in chain]
    if target in keys:
        shown = [name for _, name in chain[keys.index(target) :]]
        raise RuleNameError(
            "policies extend each other in a cycle: " + " -> ".join([*shown, extends]),
            code="extends_cycle",
            path=smap.path,
            line=line,
            column=column,
            rule_id="extends",
        )
    if len(chain) > MAX_EXTENDS:
        raise RuleSyntaxError(
            f"more than {MAX_EXTENDS} policies extend each other in a chain",
            code="extends_depth",
            path=smap.path,
            line=line,
            column=column,
            rule_id="extends",
        )
    token = _EXTENDING.set(chain)
    try:
        return load_policy(extends)
    finally:
        _EXTENDING.reset(token)


def _compile(spec: _PolicyFile, smap: SourceMap, sha256: str) -> Policy:  # noqa: PLR0912, PLR0915 - one pass per section
    base: Policy | None = None
    if spec.extends is not None:
        if spec.extends == spec.policy:
            raise RuleNameError(
                f"policy {spec.policy!r} cannot extend itself",
                code="extends_self",
                path=smap.path,
            )
        base = _load_base(spec.extends, smap)
    references: dict[str, Reference] = dict(base.references) if base is not None else {}
    references.update({k: Reference(k, r.title, r.url, r.note) for k, r in spec.references.items()})
    check = _Checker(smap, references)

    programs: dict[str, ProgramInfo] = dict(base.programs) if base is not None else {}
    aliases: dict[str, str] = dict(base._aliases) if base is not None else {}  # noqa: SLF001 - same class
    for name, program in spec.programs.items():
        canonical = normalize_program(name)
        if canonical != name:
            raise check.error(
                f"program names are upper case with single spaces: write {canonical!r}",
                ("programs", name),
                "program_name",
                canonical,
            )
        if canonical in aliases and aliases[canonical] != canonical:
            raise check.error(
                f"program {name!r} is already an alias of {aliases[canonical]!r}",
                ("programs", name),
                "duplicate_program",
                None,
            )
        programs[canonical] = ProgramInfo(
            canonical,
            program.unit,
            tuple(normalize_program(a) for a in program.aliases),
            _text(program.name),
        )
        aliases[canonical] = canonical
        for index, alias in enumerate(program.aliases):
            text = normalize_program(alias)
            if aliases.get(text, canonical) != canonical:
                raise check.error(
                    f"alias {alias!r} already names program {aliases[text]!r}",
                    ("programs", name, "aliases", index),
                    "duplicate_alias",
                    None,
                )
            aliases[text] = canonical

    seen: set[str] = {r.id for r in base.all_rules()} if base is not None else set()

    def new_id(rule_id: str, where: tuple[str | int, ...]) -> str:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", rule_id):
            raise check.error(
                f"rule ids are lower case letters, digits and _: {rule_id!r}",
                where,
                "rule_id",
                None,
            )
        if rule_id in seen:
            raise check.error(f"rule id {rule_id!r} is used twice", where, "duplicate_rule", None)
        seen.add(rule_id)
        return rule_id

    exclusive: list[ExclusiveRule] = list(base.exclusive) if base is not None else []
    for i, excl in enumerate(spec.exclusive):
        where: tuple[str | int, ...] = ("exclusive", i)
        pair = tuple(
            check.program(p, aliases, (*where, "programs", j)) for j, p in enumerate(excl.programs)
        )
        if pair[0] == pair[1]:
            raise check.error(
                f"rule {excl.id!r} names one program twice",
                (*where, "programs"),
                "same_program",
                None,
            )
        check.reference(excl.reference, (*where, "reference"))
        exclusive.append(
            ExclusiveRule(
                id=new_id(excl.id, (*where, "id")),
                programs=(pair[0], pair[1]),
                household=excl.household,
                **_rule_fields(excl),  # type: ignore[arg-type]
            )
        )

    combinable: list[tuple[str, ...]] = list(base.combinable) if base is not None else []
    for i, combo in enumerate(spec.combinable):
        where = ("combinable", i)
        combinable.append(
            tuple(
                check.program(p, aliases, (*where, "programs", j))
                for j, p in enumerate(combo.programs)
            )
        )
        check.reference(combo.reference, (*where, "reference"))

    duplicates: dict[str, DuplicateRule] = dict(base.duplicates) if base is not None else {}
    for kind, dup in spec.duplicates.items():
        where = ("duplicates", kind)
        check.reference(dup.reference, (*where, "reference"))
        if kind in duplicates:
            seen.discard(duplicates[kind].id)  # an extending file replaces the base's rule
        duplicates[kind] = DuplicateRule(
            id=new_id(dup.id, (*where, "id")),
            kind=kind,
            **_rule_fields(dup),  # type: ignore[arg-type]
        )

    deceased = base.deceased if base is not None else None
    if spec.deceased is not None:
        check.reference(spec.deceased.reference, ("deceased", "reference"))
        if deceased is not None:
            seen.discard(deceased.id)
        deceased = DuplicateRule(
            id=new_id(spec.deceased.id, ("deceased", "id")),
            kind="deceased_recipient",
            **_rule_fields(spec.deceased),  # type: ignore[arg-type]
        )

    occupations: list[OccupationRule] = list(base.occupations) if base is not None else []
    for i, job in enumerate(spec.occupations):
        where = ("occupations", i)
        check.reference(job.reference, (*where, "reference"))
        occupations.append(
            OccupationRule(
                id=new_id(job.id, (*where, "id")),
                programs=tuple(
                    check.program(p, aliases, (*where, "programs", j))
                    for j, p in enumerate(job.programs)
                ),
                pekerjaan=tuple(normalize_program(p) for p in job.pekerjaan),
                scope=job.scope,
                **_rule_fields(job),  # type: ignore[arg-type]
            )
        )

    return Policy(
        id=spec.policy,
        version=spec.version,
        name=Message(spec.name.id, spec.name.en),
        description=_text(spec.description),
        since=spec.effective.from_,
        until=spec.effective.until,
        references=references,
        unconfirmed=(
            *(base.unconfirmed if base is not None else ()),
            *(Message(u.id, u.en) for u in spec.unconfirmed),
        ),
        programs=programs,
        exclusive=tuple(exclusive),
        combinable=tuple(combinable),
        duplicates=duplicates,
        deceased=deceased,
        occupations=tuple(occupations),
        sha256=sha256,
        path=smap.path,
        base=base,
        _aliases=aliases,
    )
