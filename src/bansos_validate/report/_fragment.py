"""Small HTML views of result objects, for notebooks (``_repr_html_``)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from bansos_validate import _arguments as _args
from bansos_validate.errors import InvalidArgument
from bansos_validate.report import _model, _svg
from bansos_validate.report._text import number, rupiah, say

if TYPE_CHECKING:
    from bansos_validate.issues import Lang

__all__ = ["fragment"]

_STYLE = (
    "<style>.bv-frag{font-family:system-ui,sans-serif;font-size:13px}"
    ".bv-frag table{border-collapse:collapse}.bv-frag td,.bv-frag th{padding:2px 8px;"
    "border-bottom:1px solid #e2e8f0;text-align:left}.bv-frag td.n{text-align:right}"
    ".bv-frag svg{max-width:100%;height:auto}</style>"
)
_TOP = 10


def _rows(pairs: list[tuple[str, str]]) -> str:
    return "".join(f"<tr><th>{escape(k)}</th><td class='n'>{escape(v)}</td></tr>" for k, v in pairs)


def _wrap(title: str, pairs: list[tuple[str, str]], chart: str = "") -> str:
    return (
        f"{_STYLE}<div class='bv-frag'><b>{escape(title)}</b>"
        f"<table>{_rows(pairs)}</table>{chart}</div>"
    )


def _codes(codes: list[dict[str, Any]]) -> str:
    top = codes[:_TOP]
    return _svg.bars(
        [(c["code"], c["count"]) for c in top],
        colors=[_svg.COLORS[c["severity"]] for c in top],
        title="issues by code",
    )


def fragment(result: object, lang: Lang = "id") -> str:
    """Render a result object as a small HTML fragment (counts and a chart; no raw IDs).

    Supported: ``TableCheck``, ``HouseholdCheck``, ``MatchResult``, ``Decisions``,
    ``OverlapResult`` and :class:`Report`. Their ``_repr_html_`` call this.

    Raises:
        InvalidArgument: *result* is not one of the supported objects.

    .. versionadded:: 0.1.0
    """
    lang = _args.lang(lang)
    from bansos_validate.household import HouseholdCheck  # noqa: PLC0415 - one-way imports
    from bansos_validate.matching import MatchResult  # noqa: PLC0415
    from bansos_validate.overlap import OverlapResult  # noqa: PLC0415
    from bansos_validate.rules import Decisions  # noqa: PLC0415
    from bansos_validate.table import TableCheck  # noqa: PLC0415

    def n(value: float) -> str:
        return number(value, lang)

    if isinstance(result, _model.Report):
        return result.to_html(lang, max_rows=200)
    if isinstance(result, TableCheck):
        summary = result.summary
        status = {str(s): int(c) for s, c in summary["status"].iter_rows()}
        # Rows that are not records (blank, totals, signatures) are counted apart.
        statuses = dict.fromkeys((*_model.STATUSES, "skipped"))
        pairs = [(say(s, lang), n(status.get(s, 0))) for s in statuses]
        codes = _model.codes_count(summary["codes"])
        return _wrap(f"TableCheck · {say('nik_kk', lang)}", pairs, _codes(codes))
    if isinstance(result, HouseholdCheck):
        info = _model.household_summary(result)
        pairs = [(say("households", lang), n(info["households"]))]
        pairs += [(say(s, lang), n(c)) for s, c in info["status"].items()]
        return _wrap(
            f"HouseholdCheck · {say('household_checks', lang)}", pairs, _codes(info["codes"])
        )
    if isinstance(result, MatchResult):
        info = _model.match_summary(result, ("left", "right"))
        pairs = [
            (say("pairs", lang), n(info["pairs"])),
            (
                f"{say('match_rate', lang)} (left)",
                number(info["match_rate_left"] * 100, lang, 1) + " %",
            ),
            (
                f"{say('match_rate', lang)} (right)",
                number(info["match_rate_right"] * 100, lang, 1) + " %",
            ),
        ]
        pairs += [(rule, n(c)) for rule, c in info["by_rule"].items()]
        return _wrap(f"MatchResult · {say('matching', lang)}", pairs)
    if isinstance(result, Decisions):
        info = _model.decision_summary(result)
        pairs = [(say(s, lang), n(info[s])) for s in ("eligible", "not_eligible", "undetermined")]
        pairs.append((say("amount", lang), rupiah(info["amount"], lang)))
        pairs.append(
            ("ruleset", f"{info['ruleset_version']} · sha256 {info['ruleset_sha256'][:12]}…")
        )
        return _wrap(f"Decisions · {info['name'][lang]}", pairs)
    if isinstance(result, OverlapResult):
        info = _model.overlap_summary(result)
        policy = result.policy
        pairs = [
            (say("overlap_total", lang), n(info["total"])),
            (
                say("policy", lang),
                f"{policy.id} {policy.version} ({result.mode}, "
                f"{result.reference_date.isoformat()})",
            ),
        ]
        pairs += [(kind, n(c)) for kind, c in info["by_kind"].items()]
        chart = _svg.bars(list(info["by_kind"].items()), title="overlaps by kind")
        notes = "".join(f"<li>{escape(note)}</li>" for note in info["notes"])
        html = _wrap(f"OverlapResult · {say('overlaps', lang)}", pairs, chart)
        return html.replace("</div>", f"<ul>{notes}</ul></div>") if notes else html
    raise InvalidArgument(
        "Expected a TableCheck, HouseholdCheck, MatchResult, Decisions, OverlapResult or "
        f"Report but got {type(result).__name__}"
    )
