"""Eligibility rules as data: dated, safe and explained.

A program's rules are a YAML file (bundled ones in ``rules/programs/``): parameters with
effective-dated values and a source for each, the input columns read, derived
variables, eligibility conditions, exclusions and benefit components, with messages in
Bahasa Indonesia and English. Expressions are written in a small language of our own
(arithmetic, comparisons, ``and``/``or``/``not``, ``in [...]``, ``if ... then ... else``,
``age(tanggal_lahir, at)``, and ``count``/``sum``/``any``/``all`` over a household's
``members``), parsed by our own grammar and type-checked when the file is loaded: never
``eval``. See ``docs/rules.md``.

>>> import datetime as dt
>>> from bansos_validate import rules
>>> rules.programs()
('blt-dd', 'bpnt', 'pbi-jk', 'pip', 'pkh')
>>> pkh = rules.load_program("pkh")
>>> pkh.conditions[0]
<condition desil: desil <= desil_maks>
>>> pkh.parameters["desil_maks"].at(dt.date(2026, 1, 15)).value
4
>>> household = {"no_kk": "3576010101200001", "desil": 3}
>>> members = [
...     {"nik": "3576014403910003", "tanggal_lahir": "1991-03-04", "hamil": "Y"},
...     {"nik": "3576011207880001", "tanggal_lahir": "1988-07-12", "pekerjaan": "PNS"},
... ]
>>> decision = pkh.decide(household, members, reference_date=dt.date(2026, 1, 15))
>>> decision.status.value, decision.amount, decision.reasons
('not_eligible', 0, ('anggota_asn_tni_polri',))
>>> print(decision.explain("en").splitlines()[1])
KK 357601**********: NOT ELIGIBLE, Rp0 per year

The vectorised form takes whole tables (Polars by default; pandas, PyArrow and DuckDB
frames come back as they came) and agrees with ``decide`` on every household:
``rules.evaluate(pkh, persons, households, reference_date=...)``.
"""

from __future__ import annotations

from bansos_validate.rules._ast import Node
from bansos_validate.rules._cases import CaseReport, CaseResult, run_cases
from bansos_validate.rules._decision import (
    Check,
    ComponentAmount,
    Decision,
    Status,
    Trace,
    TraceStep,
    UsedParameter,
)
from bansos_validate.rules._decisions import Decisions, evaluate
from bansos_validate.rules._errors import (
    NotInForce,
    RuleFileError,
    RuleNameError,
    RuleSyntaxError,
    RuleTypeError,
    UnknownProgram,
)
from bansos_validate.rules._model import (
    Component,
    Message,
    Parameter,
    ParameterValue,
    Reference,
    Rule,
    Variable,
)
from bansos_validate.rules._parser import parse as parse_expression
from bansos_validate.rules._ruleset import RuleSet, load_program, programs

__all__ = [
    "CaseReport",
    "CaseResult",
    "Check",
    "Component",
    "ComponentAmount",
    "Decision",
    "Decisions",
    "Message",
    "Node",
    "NotInForce",
    "Parameter",
    "ParameterValue",
    "Reference",
    "Rule",
    "RuleFileError",
    "RuleNameError",
    "RuleSet",
    "RuleSyntaxError",
    "RuleTypeError",
    "Status",
    "Trace",
    "TraceStep",
    "UnknownProgram",
    "UsedParameter",
    "Variable",
    "evaluate",
    "load_program",
    "parse_expression",
    "programs",
    "run_cases",
]


def _publish() -> None:
    """Report public classes (and their methods) as ``bansos_validate.rules``.

    Functions keep their module, so their doctests run where they are defined.
    """
    for name in __all__:
        obj = globals()[name]
        if isinstance(obj, type):
            for member in vars(obj).values():
                func = getattr(member, "__func__", member)
                if isinstance(member, property):
                    func = member.fget
                if callable(func) and getattr(func, "__module__", "").startswith(__name__ + "._"):
                    func.__module__ = __name__
            if obj.__module__.startswith(__name__ + "._"):
                obj.__module__ = __name__


_publish()
