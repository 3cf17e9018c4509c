"""Junk arguments to every public callable: a typed error or a normal answer, never a crash.

The public surface is enumerated from the pinned ``tests/surface/public_surface.json``
(every public module's ``__all__``): each function, each class constructor and each
public method of the public classes. ``CASES`` gives every one of them a valid call; the
test then replaces one argument at a time with each value of ``JUNK`` (the rest stay
valid) and accepts only two outcomes: a normal return, or an exception that is a
:class:`bansos_validate.BansosValidateError`. A ``TypeError`` or ``IndexError`` from deep
inside, or a Polars exception, fails the test and is listed with the argument and the
junk that caused it.

A new public callable without an entry in ``CASES`` (or ``EXEMPT`` with a reason, or
``OWNED_ELSEWHERE``) fails ``test_every_public_callable_is_in_the_table``.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import importlib
import inspect
import json
import math
import re
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pandas as pd
import polars as pl
import pytest

import bansos_validate as bv

NIK = "3576014403910003"
KK = "3576010101200001"
REF = dt.date(2026, 1, 1)

SURFACE = Path(__file__).parent / "surface" / "public_surface.json"


class _Junk:
    """An object of no known type, with a readable repr for the failure list."""

    def __repr__(self) -> str:
        return "<junk object>"


JUNK: list[object] = [
    None,
    "",
    " ",
    "😴\x00 junk ~!@#",
    NIK,
    -1,
    0,
    2**63,
    10**400,
    1.5,
    math.nan,
    math.inf,
    Decimal("NaN"),
    True,
    _Junk(),
    [],
    {},
    [None, 1.5],
    {"nik": _Junk()},
    ("nik", 3),
    b"\x00junk",
    dt.date(1, 1, 1),
    dt.date(9999, 12, 31),
    dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC),
    type,
    pl.Series("nik", ["x"]),
    pl.DataFrame(),
    pl.DataFrame({"x": [1]}),
    pd.DataFrame({"nik": [1.5]}),
]
"""Junk for every parameter: wrong types, empty and huge values, impossible dates, frames
where text is wanted and text where frames are wanted."""

RAW_ID = re.compile(r"(?<!\d)\d{16}(?!\d)")


# --------------------------------------------------------------------------- surface


def _public_modules() -> list[str]:
    return sorted(json.loads(SURFACE.read_text(encoding="utf-8"))["surface"]["modules"])


def _is_public_callable(obj: object) -> bool:
    if inspect.ismodule(obj) or not callable(obj):
        return False
    return not (isinstance(obj, type) and issubclass(obj, BaseException))


def _public_methods(cls: type) -> list[str]:
    names = []
    for name in dir(cls):
        if name.startswith("_"):
            continue
        raw = inspect.getattr_static(cls, name)
        if isinstance(raw, (classmethod, staticmethod)) or inspect.isfunction(raw):
            names.append(name)
    return names


def public_callables() -> dict[str, object]:
    """Every public callable, by its longest public name (``bansos_validate.ids.nik.parse``).

    Class methods are named ``<class name>.<method>`` after the class's public name.
    """
    found: dict[int, tuple[str, object]] = {}
    for module_name in _public_modules():
        module = importlib.import_module(module_name)
        for attr in module.__all__:
            obj = getattr(module, attr)
            if not _is_public_callable(obj):
                continue
            name = f"{module_name}.{attr}"
            if id(obj) not in found or len(name) > len(found[id(obj)][0]):
                found[id(obj)] = (name, obj)
    out = dict(found.values())
    for name, obj in list(out.items()):
        if isinstance(obj, type) and not issubclass(obj, enum.Enum):
            for method in _public_methods(obj):
                out[f"{name}.{method}"] = getattr(obj, method)
    return dict(sorted(out.items()))


PUBLIC = public_callables()

EXEMPT: dict[str, str] = {
    "bansos_validate.rules.RuleSet": (
        "made by load_program / RuleSet.from_* (run here), from a compiled rule file"
    ),
    "bansos_validate.issues.Lang": "a typing.Literal alias, not a function",
    "bansos_validate.issues.IssueCode": "a typing.Literal alias, not a function",
    "bansos_validate.schema.MatchedBy": "a typing.Literal alias, not a function",
    "bansos_validate.ids.nik.Sex": "an Enum: Sex('X') raises ValueError (Python's Enum protocol)",
    "bansos_validate.issues.Severity": "an Enum: lookup by value follows Python's protocol",
    "bansos_validate.regions.Level": "an Enum: lookup by value follows Python's protocol",
    "bansos_validate.rules.Status": "an Enum: lookup by value follows Python's protocol",
    "bansos_validate.cli.main": "the command line: tests/cli feeds it junk argv",
    "bansos_validate.matching.Level.applies": "abstract: NotImplementedError, subclasses test",
}

OWNER_PREFIXES: tuple[str, ...] = ()
OWNED_ELSEWHERE = frozenset(n for n in PUBLIC if n.startswith(OWNER_PREFIXES))
"""Callables left out of the run while their module is being reworked (prefixes in
``OWNER_PREFIXES``); empty: every public callable is run."""


# --------------------------------------------------------------------------- the table


@dataclass
class Case:
    """A valid call: *target* builds the callable (a function, or a bound method)."""

    args: tuple[object, ...] = ()
    kwargs: dict[str, object] = field(default_factory=dict)
    target: Any = None
    then: Any = None
    """Called on a return value to force what the call only prepared (a strategy's draw)."""


def C(*args: object, **kwargs: object) -> Case:
    return Case(args, kwargs)


def M(instance: object, *args: object, **kwargs: object) -> Case:
    """A method call on *instance*; the method name comes from the table key."""
    return Case(args, kwargs, target=instance)


def fields_of(instance: object) -> Case:
    """The constructor call that rebuilds an attrs *instance* from its fields."""
    kwargs = {f.alias: getattr(instance, f.name) for f in attrs.fields(type(instance)) if f.init}
    return Case((), kwargs)


def _draw(strategy: Any) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return strategy.example()


class Fx:
    """Small valid inputs, built once."""

    def __init__(self) -> None:
        from bansos_validate import household, intake, schema, synth

        self.pop = synth.generate(n_households=2, seed=1, reference_date=REF)
        self.persons = self.pop.persons.head(4)
        self.households = self.pop.households
        roll = self.pop.rolls["PBI-JK"].head(2)
        self.rolls = {"PKH": roll, "BPNT": roll.head(1)}
        self.table = bv.check_table(self.persons, reference_date=REF)
        self.hh = household.check_households(self.persons, reference_date=REF)
        self.match = bv.match_records(self.persons, self.persons)
        self.overlaps = bv.find_overlaps(self.rolls, reference_date=REF)
        self.manifest = self.table.manifest
        self.versions = bv.versions()
        self.colmap = schema.map_columns(self.persons.columns)
        self.note = intake.Note("nik_wrong_length", source="persons")


def cases(fx: Fx) -> dict[str, Case]:
    import narwhals as nw
    import numpy as np

    from bansos_validate import intake, issues, matching, names, regions, synth

    persons = fx.persons
    comparison = matching.Comparison(
        "nama", "nama", [matching.ExactLevel(), matching.ElseLevel()], m=[0.9, 0.1], u=[0.1, 0.9]
    )
    top = "bansos_validate"
    table: dict[str, Case] = {
        f"{top}.BundledVersion": fields_of(fx.versions.rule_sets[0]),
        f"{top}.BundledVersion.as_dict": M(fx.versions.rule_sets[0]),
        f"{top}.issues.Issue": C("nik_wrong_length", field="nik"),
        f"{top}.issues.Issue.message": M(bv.parse_nik("x").issues[0], "en", unmasked=False),
        f"{top}.ids.kk.KkInfo": fields_of(bv.parse_kk(KK, reference_date=REF)),
        f"{top}.ids.nik.NikInfo": fields_of(bv.parse_nik(NIK, reference_date=REF)),
        f"{top}.ids.nik.NikInfo.age": M(bv.parse_nik(NIK, reference_date=REF), REF),
        f"{top}.intake.Manifest": fields_of(fx.manifest),
        f"{top}.intake.Manifest.merge": M(fx.manifest, fx.manifest),
        f"{top}.intake.Manifest.source": M(fx.manifest, "persons"),
        f"{top}.intake.Manifest.codes": M(fx.manifest),
        f"{top}.intake.Manifest.to_dict": M(fx.manifest, "en"),
        f"{top}.matching.MatchResult": fields_of(fx.match),
        f"{top}.matching.MatchResult.explain": M(fx.match, 0),
        f"{top}.matching.MatchResult.explain_text": M(fx.match, 0),
        f"{top}.matching.MatchResult.findings": M(
            fx.match, "en", unmasked=False, names=("a", "b"), frames={"a": fx.persons}
        ),
        f"{top}.table.TableCheck.findings": M(fx.table, "en", unmasked=False, source="persons"),
        f"{top}.household.HouseholdCheck.findings": M(
            fx.hh, "en", unmasked=False, source="persons"
        ),
        f"{top}.overlap.OverlapResult.evidence": M(fx.overlaps, "en"),
        f"{top}.overlap.OverlapResult.actions": M(fx.overlaps, "en"),
        f"{top}.overlap.OverlapResult.notes_in": M(fx.overlaps, "en"),
        f"{top}.overlap.OverlapResult.findings": M(
            fx.overlaps, "en", unmasked=False, frames={"PKH": fx.rolls["PKH"]}
        ),
        f"{top}.overlap.OverlapResult": fields_of(fx.overlaps),
        f"{top}.overlap.OverlapResult.counts": M(fx.overlaps),
        f"{top}.overlap.OverlapResult.to_polars": M(fx.overlaps),
        f"{top}.overlap.OverlapResult.provenance": M(fx.overlaps),
        f"{top}.regions.Region": fields_of(regions.lookup("3576")),
        f"{top}.table.TableCheck": fields_of(fx.table),
        f"{top}.Versions": fields_of(fx.versions),
        f"{top}.Versions.as_dict": M(fx.versions),
        f"{top}.Versions.rule_set": M(fx.versions, "pkh"),
        f"{top}.Versions.policy": M(fx.versions, fx.versions.overlap_policies[0].id),
        f"{top}.table.check_table": C(persons, reference_date=REF),
        f"{top}.overlap.find_overlaps": C(fx.rolls, reference_date=REF),
        f"{top}.matching.match_records": C(persons, persons, threshold=0.9),
        f"{top}.versions": C(),
        # facts
        f"{top}.facts.date_parts": C(nw.from_native(persons), "tanggal_lahir", "lahir"),
        f"{top}.facts.date_stages": C(nw.col("tanggal_lahir"), "lahir"),
        f"{top}.facts.is_placeholder": C(1, 7),
        f"{top}.facts.life_status_expr": C(nw.col("status_hidup")),
        f"{top}.facts.nik_birth_date": C(NIK, REF),
        f"{top}.facts.nik_birth_date_parts": C(nw.col("nik"), REF),
        f"{top}.facts.normalize_word": C("Kepala  keluarga"),
        f"{top}.facts.read_date": C("04-03-1991"),
        f"{top}.facts.read_life_status": C("hidup"),
        f"{top}.facts.read_sex": C("P"),
        f"{top}.facts.read_shdk": C("istri"),
        f"{top}.facts.sex_expr": C(nw.col("jenis_kelamin")),
        f"{top}.facts.shdk_expr": C(nw.col("hubungan_keluarga")),
        f"{top}.facts.word_expr": C(nw.col("pekerjaan")),
        # household
        f"{top}.household.HouseholdCheck": fields_of(fx.hh),
        f"{top}.household.check_households": C(persons, reference_date=REF, max_members=15),
        # ids
        f"{top}.ids.kk.compact": C(KK),
        f"{top}.ids.kk.compose": C("357601", dt.date(2020, 1, 1), 1),
        f"{top}.ids.kk.format": C(KK, "-"),
        f"{top}.ids.kk.get_issue_date": C(KK, reference_date=REF),
        f"{top}.ids.kk.get_region": C(KK),
        f"{top}.ids.kk.is_valid": C(KK, reference_date=REF),
        f"{top}.ids.kk.parse": C(KK, reference_date=REF, field="no_kk"),
        f"{top}.ids.kk.validate": C(KK, reference_date=REF),
        f"{top}.ids.nik.compact": C(NIK),
        f"{top}.ids.nik.compose": C("357601", dt.date(1991, 3, 4), "P", 3),
        f"{top}.ids.nik.format": C(NIK, "-"),
        f"{top}.ids.nik.get_birth_date": C(NIK, reference_date=REF),
        f"{top}.ids.nik.get_region": C(NIK),
        f"{top}.ids.nik.get_sex": C(NIK),
        f"{top}.ids.nik.is_valid": C(NIK, reference_date=REF),
        f"{top}.ids.nik.parse": C(
            NIK, reference_date=REF, birth_date=dt.date(1991, 3, 4), field="nik"
        ),
        f"{top}.ids.nik.validate": C(NIK, reference_date=REF),
        # intake
        f"{top}.intake.CheckRun": C("nik", ran=True, columns=("nik",), missing=()),
        f"{top}.intake.CheckRun.to_dict": M(intake.CheckRun("nik", ran=True)),
        f"{top}.intake.Note": fields_of(fx.note),
        f"{top}.intake.Note.message": M(fx.note, "en"),
        f"{top}.intake.Note.to_dict": M(fx.note, "en"),
        f"{top}.intake.SourceReading": fields_of(fx.manifest.sources[0]),
        f"{top}.intake.SourceReading.joined": M(fx.manifest.sources[0], fx.manifest.sources[0]),
        f"{top}.intake.SourceReading.to_dict": M(fx.manifest.sources[0]),
        f"{top}.intake.find_columns": C(
            nw.from_native(persons), None, what="persons", required=["nik"]
        ),
        f"{top}.intake.merge_all": C([fx.manifest, None]),
        f"{top}.intake.reading_of": C("persons", fx.colmap, native=persons, rows=4),
        f"{top}.intake.unread_identifiers": C(nw.from_native(persons), fx.colmap, "persons"),
        # issues
        f"{top}.issues.IssueDefinition": fields_of(issues.definition("nik_wrong_length")),
        f"{top}.issues.IssueDefinition.text": M(issues.definition("nik_wrong_length"), "en"),
        f"{top}.issues.IssueDefinition.render": M(
            issues.definition("nik_wrong_length"), "en", {"length": 3}, unmasked=False
        ),
        f"{top}.issues.definition": C("nik_wrong_length"),
        # matching
        f"{top}.matching.Comparison": C(
            "nama",
            "nama",
            [matching.ExactLevel(), matching.ElseLevel()],
            m=[0.9, 0.1],
            u=[0.1, 0.9],
        ),
        f"{top}.matching.Comparison.with_probabilities": M(comparison, [0.8, 0.2], [0.2, 0.8]),
        f"{top}.matching.Comparison.assign": M(
            comparison,
            np.array(["ANI", "BUDI"], dtype=object),
            np.array(["ANI", "BUDY"], dtype=object),
        ),
        f"{top}.matching.Comparison.to_dict": M(comparison),
        f"{top}.matching.DateWithinLevel": C(30, label="30 hari"),
        f"{top}.matching.DayMonthSwapLevel": C("nik", label="tukar"),
        f"{top}.matching.EditDistanceLevel": C(1, label="1 huruf"),
        f"{top}.matching.ElseLevel": C(label="lain"),
        f"{top}.matching.ExactLevel": C(label="sama"),
        f"{top}.matching.JaroWinklerLevel": C(0.9, label="mirip"),
        f"{top}.matching.Level": C(label="x"),
        f"{top}.matching.NullLevel": C(label="kosong"),
        f"{top}.matching.PartsExactLevel": C([0, 1], label="tahun-bulan"),
        f"{top}.matching.PlaceholderDateLevel": C(label="1 Juli", one_side=True),
        f"{top}.matching.PrefixLevel": C(6, label="wilayah"),
        f"{top}.matching.TokenSubsetLevel": C(label="sebagian"),
        f"{top}.matching.YearApartLevel": C(1, label="setahun"),
        f"{top}.matching.dedupe": C(persons, threshold=0.99, max_block_pairs=100),
        # names
        f"{top}.names.ParsedName": fields_of(names.parse_name("H. Muhammad bin Ali")),
        f"{top}.names.modernise": C("soekarno"),
        f"{top}.names.name_similarity": C("Siti Aminah", "Siti Aminnah"),
        f"{top}.names.name_similarity_many": C(["Siti Aminah"], ["Siti Aminnah"], workers=1),
        f"{top}.names.names_compatible": C("Siti Aminah", "Siti Aminnah", threshold=0.85),
        f"{top}.names.normalize_name": C("H. Muhammad bin Ali"),
        f"{top}.names.normalize_names": C(["H. Muhammad bin Ali", None]),
        f"{top}.names.parse_name": C("H. Muhammad bin Ali"),
        f"{top}.names.phonetic_key": C("Muhammad"),
        # regions
        f"{top}.regions.data_version": C(),
        f"{top}.regions.districts": C("3576"),
        f"{top}.regions.lookup": C("3576", historical=False),
        f"{top}.regions.provinces": C(),
        f"{top}.regions.regencies": C("35"),
        f"{top}.regions.village_kind": C("3576011001"),
        f"{top}.regions.villages": C("357601"),
        # schema
        f"{top}.schema.ColumnMap": fields_of(fx.colmap),
        f"{top}.schema.canonical_names": C(("desil_baru",)),
        f"{top}.schema.duplicate_groups": C(["nik", "NIK", "nama"]),
        f"{top}.schema.fold_header": C("NO. KK"),
        f"{top}.schema.header_score": C(["NIK", "NAMA", "x"]),
        f"{top}.schema.map_columns": C(
            ["NIK", "NAMA LENGKAP", "x"],
            {"nama": "NAMA LENGKAP"},
            wanted=["nik", "nama"],
            required=["nik"],
            any_of=(),
            extra=(),
            duplicates=None,
            what="persons",
        ),
        f"{top}.schema.normalize_header": C("NO. KK"),
        f"{top}.schema.resolve_columns": C(["NIK", "NAMA"], None, required=["nik"], any_of=()),
        f"{top}.schema.shown_name": C("NAMA LENGKAP"),
        # synth
        f"{top}.synth.ErrorRates": C(nik_typo=0.01, kk_typo=0.0),
        f"{top}.synth.ErrorRates.as_dict": M(synth.ErrorRates()),
        f"{top}.synth.ErrorRates.none": M(synth.ErrorRates),
        f"{top}.synth.ErrorRates.scaled": M(synth.ErrorRates(), 2.0),
        f"{top}.synth.Population": fields_of(fx.pop),
        f"{top}.synth.Population.table": M(fx.pop, "persons"),
        f"{top}.synth.Population.tables": M(fx.pop),
        f"{top}.synth.Population.write": M(fx.pop, "out", "csv"),
        f"{top}.synth.generate": C(2, ["3576"], 1, {"nik_typo": 0.1}, REF),
        # testing
        f"{top}.testing.invalid_kks": Case(then=_draw),
        f"{top}.testing.invalid_niks": Case(then=_draw),
        f"{top}.testing.kks": Case(
            (),
            {
                "region": "3576",
                "min_issue_date": dt.date(2010, 1, 1),
                "max_issue_date": dt.date(2020, 1, 1),
            },
            then=_draw,
        ),
        f"{top}.testing.niks": Case(
            (),
            {
                "region": ["3576"],
                "sex": "P",
                "min_birth_date": dt.date(1950, 1, 1),
                "max_birth_date": dt.date(2000, 1, 1),
            },
            then=_draw,
        ),
    }
    from bansos_validate import matching

    for level in sorted(n for n in matching.__all__ if n.endswith("Level")):
        case = table[f"{top}.matching.{level}"]
        instance = getattr(matching, level)(*case.args, **case.kwargs)
        table[f"{top}.matching.{level}.describe"] = M(instance)
        if level != "Level":  # the abstract base has no test of its own
            table[f"{top}.matching.{level}.applies"] = M(instance, _pair_values(level))
    table.update(_owned_elsewhere(fx))
    return table


def _owned_elsewhere(fx: Fx) -> dict[str, Case]:
    """Valid calls of callables other work owns (see ``OWNED_ELSEWHERE``): not run yet."""
    import hashlib

    from bansos_validate import overlap

    key = hashlib.sha256(b"a test key, not a real one").digest()
    ruleset = bv.load_program("pkh")
    policy = overlap.load_policy()
    members = fx.persons.to_dicts()[:2]
    household = fx.households.to_dicts()[0]
    top = "bansos_validate"
    report = bv.report.Report(reference_date=REF, table=fx.table, households=fx.hh)
    return {
        f"{top}.privacy.mask_nik": C(NIK, keep=6, char="*"),
        f"{top}.privacy.mask_kk": C(KK, keep=6, char="*"),
        f"{top}.privacy.pseudonymize": C(NIK, key),
        f"{top}.privacy.check_key": C(key),
        f"{top}.privacy.mask_text": C(f"NIK {NIK}"),
        f"{top}.privacy.new_key": C(),
        f"{top}.privacy.read_key": C(_key_file(key)),
        f"{top}.rules.load_program": C("pkh"),
        f"{top}.rules.programs": C(),
        f"{top}.rules.parse_expression": C("desil <= 4"),
        f"{top}.rules.evaluate": C(ruleset, fx.persons, fx.households, reference_date=REF),
        f"{top}.rules.RuleSet.decide": M(ruleset, household, members, reference_date=REF),
        f"{top}.rules.RuleSet.trace": M(ruleset, household, members, reference_date=REF),
        f"{top}.rules.RuleSet.parameters_at": M(ruleset, REF),
        f"{top}.rules.RuleSet.required_columns": M(ruleset),
        f"{top}.overlap.load_policy": C("nasional"),
        f"{top}.overlap.policies": C(),
        f"{top}.overlap.hmac_tokens": C([NIK, None], key),
        f"{top}.overlap.pseudonymize_roll": C(fx.rolls["PKH"], key, reference_date=REF),
        f"{top}.overlap.Policy.program_of": M(policy, "PKH"),
        f"{top}.overlap.Policy.unit_of": M(policy, "PKH"),
        f"{top}.overlap.Policy.exclusive_between": M(policy, "PKH", "BLT-DD", REF),
        f"{top}.overlap.Policy.in_force": M(policy, REF),
        f"{top}.io.read_info": C(fx.persons),
        f"{top}.io.write": C(fx.persons, _scratch("written.csv"), format="csv"),
        f"{top}.io.read": C(_persons_file(fx)),
        f"{top}.io.Limits": C(max_line_bytes=1_000_000, max_xlsx_ratio=50),
        f"{top}.io.ReadInfo": C("persons.csv", "csv", header_row=1),
        f"{top}.report.fragment": C(fx.table, "en"),
        f"{top}.report.Report": C(reference_date=REF, table=fx.table, households=fx.hh),
        f"{top}.report.InputFile": C("persons", "persons.csv", rows=4),
        f"{top}.report.generated_now": C(),
        **_rule_model(fx, ruleset, household, members),
        **_policy_model(policy),
        f"{top}.report.InputFile.from_source": C(_key_file(key), name="persons", rows=4),
        f"{top}.report.Report.findings": M(report, "en", unmasked=False),
        f"{top}.report.Report.provenance": M(report),
        f"{top}.report.Report.severity_counts": M(report),
        f"{top}.report.Report.summary": M(report, "en"),
        f"{top}.report.Report.to_html": M(report, "en", unmasked=False, max_rows=10),
        f"{top}.report.Report.write": M(report, _out_folder(), lang="en", formats=("csv",)),
    }


_SCRATCH = tempfile.TemporaryDirectory(prefix="bv-junk-")  # removed when the run ends


def _key_file(key: bytes) -> str:
    path = Path(_SCRATCH.name) / "kunci.txt"
    path.write_text(key.hex() + "\n", encoding="ascii")
    return str(path)


def _rule_model(fx: Fx, ruleset: Any, household: Any, members: Any) -> dict[str, Case]:
    """Valid calls of the rule model: the results of decide/evaluate and their parts."""
    from bansos_validate import rules

    top = "bansos_validate.rules"
    decision = ruleset.decide(household, members, reference_date=REF)
    decisions = rules.evaluate(ruleset, fx.persons, fx.households, reference_date=REF)
    trace = ruleset.trace(household, members, reference_date=REF)
    check = decision.checks[0]
    rule = ruleset.rules[0]
    component = ruleset.components[0]
    parameter = next(iter(ruleset.parameters.values()))
    message = rule.message
    node = rules.parse_expression("desil <= 4 and count(members) > 0")
    no_kk = str(household["no_kk"])
    report = rules.run_cases("pkh")
    return {
        f"{top}.Check": fields_of(check),
        f"{top}.Check.unknown_message": M(check, ("desil", "pekerjaan")),
        f"{top}.Component": fields_of(component),
        f"{top}.Component.active": M(component, REF),
        f"{top}.ComponentAmount": fields_of(decision.components[0]),
        f"{top}.Decision": fields_of(decision),
        f"{top}.Decision.component_amounts": M(decision),
        f"{top}.Decision.explain": M(decision, "en"),
        f"{top}.Decisions.counts": M(decisions),
        f"{top}.Decisions.findings": M(
            decisions, "en", unmasked=False, source="households", frames={"h": fx.households}
        ),
        f"{top}.Decisions.decision": M(decisions, no_kk),
        f"{top}.Decisions.explain": M(decisions, no_kk, "en"),
        f"{top}.Decisions.trace": M(decisions, no_kk),
        f"{top}.Message": fields_of(message),
        f"{top}.Message.text": M(message, "en"),
        f"{top}.Node.children": M(node),
        f"{top}.Parameter": fields_of(parameter),
        f"{top}.Parameter.at": M(parameter, REF),
        f"{top}.ParameterValue": fields_of(parameter.values[0]),  # noqa: PD011 - not pandas
        f"{top}.Rule": fields_of(rule),
        f"{top}.Rule.active": M(rule, REF),
        f"{top}.Trace": fields_of(trace),
        f"{top}.TraceStep": fields_of(trace.steps[0]),
        f"{top}.Decisions": C(
            decisions.frame, ruleset, REF, fx.persons, fx.households, decisions.manifest
        ),
        f"{top}.Node": C(start=0, end=10),
        f"{top}.Reference": fields_of(next(iter(ruleset.references.values()))),
        f"{top}.UsedParameter": fields_of(decision.parameters[0]),
        f"{top}.Variable": fields_of(ruleset.variables[0]),
        f"{top}.CaseReport": fields_of(report),
        f"{top}.CaseResult": fields_of(report.results[0]),
        f"{top}.run_cases": C("pkh"),
        f"{top}.RuleSet.from_text": C(_program_text(), path="program.yaml"),
        f"{top}.RuleSet.from_bytes": C(_program_text().encode(), path="program.yaml"),
        f"{top}.RuleSet.from_yaml": C(_program_file()),
    }


def _policy_model(policy: Any) -> dict[str, Case]:
    """Valid calls of the overlap policy model: the policy, its rules and programs."""
    top = "bansos_validate.overlap"
    exclusive = policy.exclusive[0]
    duplicate = next(iter(policy.duplicates.values()))
    occupation = policy.occupations[0] if policy.occupations else None
    program = next(iter(policy.programs.values()))
    cases = {
        f"{top}.ExclusiveRule": fields_of(exclusive),
        f"{top}.ExclusiveRule.active": M(exclusive, REF),
        f"{top}.DuplicateRule": fields_of(duplicate),
        f"{top}.DuplicateRule.active": M(duplicate, REF),
        f"{top}.ProgramInfo": fields_of(program),
        f"{top}.Policy": fields_of(policy),
        f"{top}.Policy.all_rules": M(policy),
        f"{top}.Policy.provenance": M(policy),
        f"{top}.Policy.rule": M(policy, exclusive.id),
        f"{top}.Policy.from_text": C(_bundled_policy_text(), path="kebijakan.yaml"),
        f"{top}.Policy.from_bytes": C(_bundled_policy_text().encode(), path="kebijakan.yaml"),
        f"{top}.Policy.from_yaml": C(_policy_file()),
    }
    if occupation is not None:
        cases[f"{top}.OccupationRule"] = fields_of(occupation)
        cases[f"{top}.OccupationRule.active"] = M(occupation, REF)
    return cases


def _program_text() -> str:
    from importlib import resources

    folder = resources.files("bansos_validate.rules") / "programs"
    return (folder / "pkh.yaml").read_text(encoding="utf-8")


def _program_file() -> str:
    path = _scratch("program.yaml")
    Path(path).write_text(_program_text(), encoding="utf-8")
    return path


def _bundled_policy_text() -> str:
    from importlib import resources

    folder = resources.files("bansos_validate.overlap") / "policies"
    return (folder / "nasional.yaml").read_text(encoding="utf-8")


def _policy_file() -> str:
    path = _scratch("kebijakan.yaml")
    Path(path).write_text(_bundled_policy_text(), encoding="utf-8")
    return path


def _scratch(name: str) -> str:
    return str(Path(_SCRATCH.name) / name)


def _persons_file(fx: Fx) -> str:
    path = _scratch("persons.csv")
    fx.persons.write_csv(path)
    return path


def _out_folder() -> str:
    return tempfile.mkdtemp(dir=_SCRATCH.name)


def _pair_values(level: str) -> object:
    from bansos_validate.matching import _comparisons  # the values a level is given

    left = ["1991-03-04", None] if "Date" in level or "Year" in level else ["ANI", None]
    right = ["1991-04-03", "x"] if "Date" in level or "Year" in level else ["ANY", "x"]
    import numpy as np

    return _comparisons.PairValues(
        np.array(left, dtype=object), np.array(right, dtype=object), "jaro_winkler"
    )


@functools.cache
def _table() -> dict[str, Case]:
    return cases(Fx())


# --------------------------------------------------------------------------- running


def _target(name: str, case: Case) -> Any:
    if case.target is not None:
        return getattr(case.target, name.rsplit(".", 1)[1])
    return PUBLIC[name]


def _calls(name: str, case: Case) -> list[tuple[str, object, Any, tuple[Any, ...], dict]]:
    """(parameter, junk, callable, args, kwargs) for each junk call of *name*."""
    func = _target(name, case)
    signature = inspect.signature(func)
    base = signature.bind(*case.args, **case.kwargs)
    out = []
    for param in signature.parameters.values():
        for junk in JUNK:
            if param.kind is param.VAR_KEYWORD:
                continue
            if param.kind is param.VAR_POSITIONAL:
                out.append((f"*{param.name}", junk, func, (*base.args, junk), base.kwargs))
                continue
            bound = signature.bind(*base.args, **base.kwargs)
            bound.arguments[param.name] = junk
            out.append((param.name, junk, func, bound.args, bound.kwargs))
    return out


def _outcome(
    case: Case, func: Any, args: tuple[Any, ...], kwargs: dict, param: str = ""
) -> BaseException | None:
    try:
        with warnings.catch_warnings(record=True) as caught:
            # A deprecated spelling warns that it is (docs/versioning.md); any other
            # warning stays an error, as in the rest of the suite.
            warnings.simplefilter("error")
            warnings.filterwarnings(
                "always", category=DeprecationWarning, message=rf".*\({re.escape(param)}=\.\.\.\)"
            )
            result = func(*args, **kwargs)
            if case.then is not None:
                case.then(result)
        del caught
    except bv.BansosValidateError as error:
        message = str(error)
        if RAW_ID.search(message):
            return AssertionError(f"raw 16-digit number in the message: {message[:80]!r}")
        return None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # noqa: BLE001 - the point (a Polars panic is no Exception)
        return error
    return None


def run_junk(name: str) -> tuple[int, list[str]]:
    """Call *name* with every junk value in every parameter: (calls made, failures)."""
    case = _table()[name]
    func = _target(name, case)
    result = func(*case.args, **case.kwargs)  # the valid call works
    if case.then is not None:
        case.then(result)
    calls = _calls(name, case)
    failures = []
    for param, junk, target, args, kwargs in calls:
        error = _outcome(case, target, args, kwargs, param)
        if error is not None:
            shown = " ".join(repr(junk).split())[:40]
            said = " ".join(str(error).split())[:120]
            failures.append(f"{param}={shown}: {type(error).__name__}: {said}")
    return len(calls), failures


CHECKED = sorted(n for n in PUBLIC if n not in EXEMPT and n not in OWNED_ELSEWHERE)


def test_every_public_callable_is_in_the_table() -> None:
    table = _table()
    missing = [n for n in PUBLIC if n not in table and n not in EXEMPT and n not in OWNED_ELSEWHERE]
    assert missing == []
    assert not set(EXEMPT) & set(table)
    stale = [n for n in (*table, *EXEMPT) if n not in PUBLIC]
    assert stale == []
    assert len(CHECKED) > 100


@pytest.mark.parametrize("name", CHECKED)
def test_junk_gives_a_typed_error(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a junk path must not write into the project
    started = time.perf_counter()
    calls, failures = run_junk(name)
    assert calls > 0 or not inspect.signature(_target(name, _table()[name])).parameters
    assert failures == [], f"{name}: {len(failures)} of {calls} junk calls:\n" + "\n".join(failures)
    assert time.perf_counter() - started < 20


# --------------------------------------------------------------------------- findings


def test_population_over_every_regency() -> None:
    codes = [r.code for r in bv.regions.regencies()]
    assert len(codes) > 500
    pop = bv.synth.generate(n_households=30, regions=codes, error_rates={"cross_region": 1.0})
    assert pop.households.height == 30
    # no other regency exists to enrol anyone in twice: nothing of the kind is planted
    assert pop.truth.filter(pl.col("kind") == "cross_region").height == 0


@pytest.mark.parametrize("size", [99_999_999_999, 2_000_001, 10**400])
def test_absurd_population_size_is_refused(size: int) -> None:
    with pytest.raises(bv.InvalidArgument, match=r"n_households <= 2000000"):
        bv.synth.generate(n_households=size)


@pytest.mark.parametrize("at", [dt.date(1, 1, 1), dt.date(9999, 12, 31)])
def test_extreme_reference_dates(at: dt.date) -> None:
    from bansos_validate.household import check_households

    persons = bv.synth.generate(n_households=2, seed=3).persons
    result = bv.check_table(persons, reference_date=at)
    assert result.frame.height == persons.height
    assert check_households(persons, reference_date=at).frame.height == persons.height
    # year 1: every NIK and KK date lies in the future; year 9999: born in 9991
    assert bv.is_valid_nik(NIK, reference_date=at) is (at.year == 9999)
    assert bv.is_valid_kk(KK, reference_date=at) is (at.year == 9999)


def test_messages_name_the_parameter_and_mask_numbers() -> None:
    from bansos_validate.ids import nik

    with pytest.raises(bv.InvalidArgument) as caught:
        bv.synth.generate(seed="1")  # type: ignore[arg-type]
    assert str(caught.value) == "Expected an int but got seed='1'"
    with pytest.raises(bv.InvalidArgument) as caught:
        nik.compose(NIK, dt.date(1991, 3, 4), "P", 3)
    assert NIK not in str(caught.value)
    assert "district='357601**********'" in str(caught.value)
    with pytest.raises(bv.InvalidArgument, match="Expected True or False but got one_to_one"):
        bv.match_records(pl.DataFrame(), pl.DataFrame(), one_to_one="yes")  # type: ignore[arg-type]


if __name__ == "__main__":  # python tests/test_robustness_api.py: the counts, and failures
    import os
    import sys
    import tempfile

    os.chdir(tempfile.mkdtemp())
    _table()["bansos_validate.io.read_info"].args[0].write_csv("persons.csv")  # for io.read
    names = sorted(OWNED_ELSEWHERE & set(_table())) if "--elsewhere" in sys.argv else CHECKED
    made = bad = 0
    for each in names:
        count, found = run_junk(each)
        made, bad = made + count, bad + len(found)
        for line in found:
            print(f"{each}: {line}")  # noqa: T201 - a command-line report
    print(f"callables {len(names)}, junk calls {made}, untyped exceptions {bad}")  # noqa: T201
