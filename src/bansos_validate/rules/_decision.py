"""Decisions: the outcome for one household (or person) with everything that explains it."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Literal

import attrs

from bansos_validate import _arguments as _args
from bansos_validate._deprecation import renamed_argument
from bansos_validate.privacy import mask_kk, mask_nik
from bansos_validate.rules._model import Message

if TYPE_CHECKING:
    from bansos_validate.issues import Lang

__all__ = [
    "Check",
    "ComponentAmount",
    "Decision",
    "Status",
    "Trace",
    "TraceStep",
    "UsedParameter",
    "format_value",
    "rupiah",
]


class Status(enum.StrEnum):
    """The outcome of a decision.

    ``eligible``: every condition holds, no exclusion applies and the amount is known.
    ``not_eligible``: at least one condition fails or one exclusion applies.
    ``undetermined``: nothing fails, but a rule (or the amount) could not be decided
    because data is missing or unreadable; the reasons name the rules.
    """

    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    UNDETERMINED = "undetermined"


_STATUS_TEXT = {
    "id": {
        "eligible": "LAYAK",
        "not_eligible": "TIDAK LAYAK",
        "undetermined": "BELUM DAPAT DIPUTUSKAN",
    },
    "en": {"eligible": "ELIGIBLE", "not_eligible": "NOT ELIGIBLE", "undetermined": "UNDETERMINED"},
}
_OUTCOME_TEXT = {
    "id": {"passed": "lulus", "failed": "gagal", "unknown": "tidak diketahui"},
    "en": {"passed": "passed", "failed": "failed", "unknown": "unknown"},
}
_UNKNOWN_TEXT = {
    "id": "Tidak dapat diputuskan: data kosong atau tidak terbaca ({fields}).",
    "en": "Cannot be decided: data missing or unreadable ({fields}).",
}


def rupiah(amount: float | None, lang: Lang = "id") -> str:
    """Format a rupiah amount with the thousands separator of ``lang``.

    >>> rupiah(3000000), rupiah(3000000, "en"), rupiah(None)
    ('Rp3.000.000', 'Rp3,000,000', '?')
    """
    if amount is None:
        return "?"
    return "Rp" + format_value(float(amount), "number", lang)


def format_value(value: object, type_name: str, lang: Lang = "id") -> str:
    """Format a value of the rule language for a message.

    >>> format_value(2400000.0, "number"), format_value(20260115, "date")
    ('2.400.000', '2026-01-15')
    >>> format_value(None, "number", "en"), format_value(True, "bool")
    ('unknown', 'ya')
    """
    if value is None:
        return "unknown" if lang == "en" else "tidak diketahui"
    if isinstance(value, tuple | list):
        inner = type_name[5:-1] if type_name.startswith("list[") else type_name
        return ", ".join(format_value(v, inner, lang) for v in value)
    if isinstance(value, bool):
        return ("yes" if value else "no") if lang == "en" else ("ya" if value else "tidak")
    if type_name == "date" and isinstance(value, int):
        return f"{value // 10_000:04d}-{value // 100 % 100:02d}-{value % 100:02d}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        number = float(value)
        if number.is_integer():
            text = f"{int(number):,}"
            return text if lang == "en" else text.replace(",", ".")
        text = f"{number:,.2f}"
        return text if lang == "en" else text.replace(",", "_").replace(".", ",").replace("_", ".")
    return str(value)


@attrs.frozen(slots=True)
class Check:
    """The outcome of one rule for one household or person.

    Attributes:
        rule_id: the rule id.
        kind: ``condition`` or ``exclusion``.
        outcome: ``passed``, ``failed`` or ``unknown``.
        description: what the rule requires (placeholders filled in).
        message: why it failed, or why it could not be decided (filled in).
    """

    rule_id: str
    kind: Literal["condition", "exclusion"]
    outcome: Literal["passed", "failed", "unknown"]
    description: Message
    message: Message

    @staticmethod
    def unknown_message(fields: tuple[str, ...]) -> Message:
        """The message of a rule that could not be decided."""
        shown = ", ".join(_args.texts("fields", fields)) or "?"
        return Message(
            _UNKNOWN_TEXT["id"].format(fields=shown), _UNKNOWN_TEXT["en"].format(fields=shown)
        )


@attrs.frozen(slots=True)
class ComponentAmount:
    """One benefit component of a decision.

    Attributes:
        id: the component id.
        description: what the component pays for.
        units: units paid (after the cap), or ``None`` when unknown.
        units_before_cap: units found before the cap on the number of units.
        amount_per_unit: rupiah per unit per year.
        amount: rupiah per year for this component (0 when not eligible).
    """

    id: str
    description: Message
    units: float | None
    units_before_cap: float | None
    amount_per_unit: float | None
    amount: int | None


@attrs.frozen(slots=True)
class UsedParameter:
    """A parameter value a decision used, with the date it took effect and its source."""

    name: str
    value: object
    since: dt.date
    reference: str
    unconfirmed: bool = False


def _mask(value: str | None, kind: str) -> str:
    if value is None:
        return "-"
    try:
        return mask_nik(value) if kind == "nik" else mask_kk(value)
    except Exception:  # noqa: BLE001 - a damaged identifier is still never shown raw
        return "*" * len(str(value))


@attrs.frozen(slots=True, repr=False)
class Decision:
    """The decision for one household (or one person for person programs such as PIP).

    Attributes:
        program: the program id (``pkh``).
        status: eligible, not eligible or undetermined.
        amount: rupiah per year; 0 when not eligible, ``None`` when undetermined.
        reasons: the failed rule ids (not eligible), or the undecided rule ids
            (undetermined; ``benefit`` when only the amount is unknown); empty when eligible.
        checks: every active rule with its outcome and message.
        components: the benefit components.
        parameters: every parameter value in force at the reference date.
        reference_date: the date the decision applies to.
        ruleset_version: the rule set's version.
        ruleset_sha256: SHA-256 of the rule file's bytes.
        no_kk: the household's KK number as given.
        nik: the person's NIK (person programs), else ``None``.
        members: for a household summary of a person program, the persons' decisions.
        program_name: the program's name.
    """

    program: str
    status: Status
    amount: int | None
    reasons: tuple[str, ...]
    checks: tuple[Check, ...]
    components: tuple[ComponentAmount, ...]
    parameters: tuple[UsedParameter, ...]
    reference_date: dt.date
    ruleset_version: str
    ruleset_sha256: str
    no_kk: str | None = None
    nik: str | None = None
    members: tuple[Decision, ...] = ()
    program_name: Message = attrs.field(factory=lambda: Message("", ""))

    @property
    def eligible(self) -> bool:
        """Whether the status is ``eligible``."""
        return self.status is Status.ELIGIBLE

    @property
    def passed(self) -> tuple[str, ...]:
        """Ids of the rules that passed."""
        return tuple(c.rule_id for c in self.checks if c.outcome == "passed")

    @property
    def failed(self) -> tuple[str, ...]:
        """Ids of the rules that failed."""
        return tuple(c.rule_id for c in self.checks if c.outcome == "failed")

    @property
    def unknown(self) -> tuple[str, ...]:
        """Ids of the rules that could not be decided."""
        return tuple(c.rule_id for c in self.checks if c.outcome == "unknown")

    def component_amounts(self) -> dict[str, int | None]:
        """Rupiah per year by component id."""
        return {c.id: c.amount for c in self.components}

    def __repr__(self) -> str:
        who = (
            f"nik {_mask(self.nik, 'nik')}"
            if self.nik is not None
            else f"kk {_mask(self.no_kk, 'kk')}"
        )
        amount = "" if self.amount is None else f" {rupiah(self.amount, 'en')}"
        reasons = f" reasons={list(self.reasons)}" if self.reasons else ""
        return f"<Decision {self.program} {who} {self.status.value}{amount}{reasons}>"

    def explain(
        self, lang: Lang = "id", *, unmasked: bool = False, mask: bool | None = None
    ) -> str:
        """A readable explanation (Bahasa Indonesia by default, ``lang="en"`` for English).

        Identifiers are masked unless ``unmasked=True`` (``mask=False``, its deprecated
        spelling, still works and warns).
        """
        lang = _args.lang(lang)
        mask = not unmasked_flag("bansos_validate.rules.Decision.explain", unmasked, mask)
        en = lang == "en"
        lines: list[str] = []
        name = self.program_name.text(lang) or self.program
        lines.append(
            f"{name} ({self.program} {self.ruleset_version}, sha256 {self.ruleset_sha256[:12]}), "
            + ("reference date " if en else "tanggal acuan ")
            + self.reference_date.isoformat()
        )
        lines.extend(self._explain_body(lang, mask=mask, indent=""))
        if self.parameters:
            lines.append("Parameters:" if en else "Parameter:")
            for p in self.parameters:
                note = (" UNCONFIRMED" if en else " BELUM TERKONFIRMASI") if p.unconfirmed else ""
                since = "since" if en else "sejak"
                lines.append(
                    f"  {p.name} = {format_value(p.value, 'text', lang)} "
                    f"({since} {p.since.isoformat()}; {p.reference}){note}"
                )
        return "\n".join(lines)

    def _explain_body(self, lang: Lang, *, mask: bool, indent: str) -> list[str]:
        en = lang == "en"
        lines: list[str] = []
        if self.nik is not None:
            who = "NIK " + (_mask(self.nik, "nik") if mask else self.nik)
        else:
            who = "KK " + (_mask(self.no_kk, "kk") if mask else str(self.no_kk))
        status = _STATUS_TEXT["en" if en else "id"][self.status.value]
        per_year = " per year" if en else " per tahun"
        amount = "" if self.amount is None else f", {rupiah(self.amount, lang)}{per_year}"
        lines.append(f"{indent}{who}: {status}{amount}")
        if self.reasons:
            label = "Reasons" if en else "Alasan"
            lines.append(f"{indent}  {label}: {', '.join(self.reasons)}")
        paid = [c for c in self.components if c.amount]
        if paid:
            lines.append(f"{indent}  " + ("Components:" if en else "Komponen:"))
            for c in paid:
                units = format_value(c.units, "number", lang)
                cap = ""
                if c.units_before_cap is not None and c.units_before_cap != c.units:
                    before = format_value(c.units_before_cap, "number", lang)
                    cap = f" ({'of' if en else 'dari'} {before})"
                lines.append(
                    f"{indent}    {c.id}: {units}{cap} x {rupiah(c.amount_per_unit, lang)} = "
                    f"{rupiah(c.amount, lang)} - {c.description.text(lang)}"
                )
        if self.checks:
            lines.append(f"{indent}  " + ("Rules:" if en else "Aturan:"))
            for check in self.checks:
                outcome = _OUTCOME_TEXT["en" if en else "id"][check.outcome]
                text = check.description.text(lang)
                if check.outcome != "passed":
                    text += " - " + check.message.text(lang)
                lines.append(f"{indent}    [{outcome}] {check.rule_id}: {text}")
        for member in self.members:
            lines.extend(member._explain_body(lang, mask=mask, indent=indent + "  "))  # noqa: SLF001
        return lines


@attrs.frozen(slots=True)
class TraceStep:
    """One computed value of a trace.

    Attributes:
        scope: ``parameter``, ``person``, ``household``, ``subject``, ``rule`` or ``component``.
        name: the variable, parameter, rule or component.
        value: the computed value, formatted.
        expression: the expression that computed it (empty for inputs and parameters).
        who: the masked NIK for person values, else empty.
    """

    scope: str
    name: str
    value: str
    expression: str = ""
    who: str = ""


@attrs.frozen(slots=True)
class Trace:
    """Every intermediate value of one household's decision, in computation order."""

    decision: Decision
    steps: tuple[TraceStep, ...]

    def __str__(self) -> str:
        lines = [repr(self.decision)]
        for step in self.steps:
            who = f"[{step.who}] " if step.who else ""
            expr = f"    = {step.expression}" if step.expression else ""
            lines.append(f"  {step.scope:<9} {who}{step.name} = {step.value}{expr}")
        return "\n".join(lines)


def unmasked_flag(where: str, unmasked: object, mask: object) -> bool:
    """The ``unmasked=`` of an explanation, or the inverse of its deprecated ``mask=``.

    Raises:
        InvalidArgument: a value is not a bool, or both spellings were given.
    """
    if mask is not None:
        mask = _args.flag("mask", mask)
        given = renamed_argument(
            where,
            ("unmasked", None if unmasked is False else unmasked),
            ("mask", not mask),
            since="0.1.0",
            removal="0.2.0",
            stacklevel=4,
        )
        unmasked = given
    shown: bool = _args.flag("unmasked", unmasked)
    return shown
