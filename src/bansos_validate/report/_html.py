"""The self-contained HTML report: inline CSS, inline SVG charts, a few lines of script.

Nothing is loaded from the network when the page is viewed: no fonts, no scripts, no
images. Both languages are in the page; the buttons in the header switch between them.
"""

from __future__ import annotations

import re
import unicodedata
from html import escape
from typing import TYPE_CHECKING, Any

import polars as pl

from bansos_validate._present import _svg
from bansos_validate._present._text import TEXT, number, rupiah
from bansos_validate.privacy import mask_text

if TYPE_CHECKING:
    from bansos_validate.intake import Manifest, SourceReading
    from bansos_validate.issues import Lang
    from bansos_validate.report._view import ReportView as Report

__all__ = ["CSS", "SCRIPT", "render", "t"]

_TOP_CODES = 25
_TOP_VILLAGES = 15
_TOP_DISTRICTS = 30
_LISTED_ROWS = 20  # row numbers listed per kind of skipped row (the count is exact)
_LISTED_HEADERS = 30  # unused headers listed per input
_LONG_DIGITS = re.compile(r"\d{10,}")
_ROW_STATUSES = ("valid", "warning", "invalid", "excel_damaged", "skipped")
_FINDING_STATUSES = ("warning", "invalid", "excel_damaged")  # skipped rows are no finding
_SEVERITIES = ("error", "warning", "info")

CSS = """
:root{--fg:#1a202c;--muted:#4a5568;--line:#e2e8f0;--card:#f7fafc;--accent:#2b6cb0}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);
margin:0;line-height:1.45;background:#fff}
header{background:#1a365d;color:#fff;padding:1.2rem 2rem}
header h1{margin:0 0 .3rem;font-size:1.5rem}
header p{margin:.1rem 0;color:#e2e8f0}
main{max-width:1120px;margin:0 auto;padding:1rem 2rem 3rem}
nav{margin:.6rem 0 0}
nav a{color:#bee3f8;margin-right:1rem;text-decoration:none;font-size:.95rem}
.langs{float:right}
.langs button{background:#2c5282;color:#fff;border:1px solid #90cdf4;border-radius:4px;
padding:.25rem .7rem;cursor:pointer;margin-left:.3rem}
.langs button[aria-pressed=true]{background:#fff;color:#1a365d}
body.show-id .l-en,body.show-en .l-id{display:none}
section{margin-top:2rem}
h2{border-bottom:2px solid var(--line);padding-bottom:.3rem}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:.8rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.8rem 1rem}
.card .n{font-size:1.6rem;font-weight:650}
.card .k{color:var(--muted);font-size:.9rem}
.card.error .n{color:#c53030}.card.warning .n{color:#b7791f}.card.ok .n{color:#2f855a}
a.card{display:block;color:inherit;text-decoration:none}
a.card:hover,a.card:focus{border-color:var(--accent)}
a.card .k::after{content:" \\2192"}
a.card.error{border:2px solid #fc8181;background:#fff5f5}
a.card.warning{border:2px solid #ecc94b;background:#fffff0}
figure{margin:1rem 0}
figcaption{font-weight:600;margin-bottom:.3rem}
svg.chart{max-width:100%;height:auto;font-size:12px}
svg.chart .label{fill:#2d3748}svg.chart .value{fill:#4a5568}
.legend span{display:inline-block;margin-right:1rem;font-size:.9rem}
.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:var(--card)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.sev-error{color:#c53030;font-weight:600}.sev-warning{color:#b7791f}.sev-info{color:#2b6cb0}
.note{color:var(--muted)}
.alert{background:#fff5f5;border:1px solid #feb2b2;padding:.6rem 1rem;border-radius:6px}
input#filter{padding:.35rem .6rem;width:20rem;max-width:100%;margin:.4rem 0}
code{font-size:.9em}
.scroll{max-height:36rem;overflow:auto;border:1px solid var(--line)}
#findings td:nth-child(9){min-width:24rem}
#findings td code{white-space:nowrap}
.tag{display:inline-block;border-radius:4px;padding:0 .35rem;font-size:.78rem;font-weight:650;
border:1px solid}
.tag.warn{background:#fefcbf;color:#744210;border-color:#d69e2e}
.tag.assumed{background:#fefcbf;color:#744210;border-color:#d69e2e}
.tag.skip{background:#edf2f7;color:#4a5568;border-color:#a0aec0}
tr.flag td{background:#fffff0}
.assume{background:#fffff0;border:1px solid #d69e2e;border-left:5px solid #d69e2e;
border-radius:6px;padding:.4rem 1rem;margin:.6rem 0}
.assume h3{margin:.3rem 0}
.chips code{display:inline-block;background:var(--card);border:1px solid var(--line);
border-radius:4px;padding:0 .3rem;margin:0 .25rem .25rem 0}
.sources{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,420px),1fr));gap:.8rem;
align-items:start}
.source{border:1px solid var(--line);border-radius:8px;padding:.6rem .8rem}
.source h4{margin:0 0 .2rem;font-size:1rem}
.source ul{margin:.2rem 0 .5rem;padding-left:1.1rem}
.source table{font-size:.85rem}
code.h{white-space:pre-wrap}
.small{font-size:.8rem}
"""

SCRIPT = """
(function () {
  var body = document.body;
  var filter = document.getElementById("filter");
  function setLang(lang) {
    body.classList.remove("show-id", "show-en");
    body.classList.add("show-" + lang);
    document.documentElement.lang = lang;
    var buttons = document.querySelectorAll("[data-set-lang]");
    for (var i = 0; i < buttons.length; i++) {
      var on = buttons[i].getAttribute("data-set-lang") === lang;
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
    }
    if (filter) { filter.placeholder = filter.getAttribute("data-placeholder-" + lang); }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-set-lang]");
    if (button) { setLang(button.getAttribute("data-set-lang")); }
  });
  if (filter) {
    filter.addEventListener("input", function () {
      var query = filter.value.toLowerCase();
      var rows = document.querySelectorAll("#findings tbody tr");
      for (var i = 0; i < rows.length; i++) {
        var text = rows[i].textContent.toLowerCase();
        rows[i].hidden = query !== "" && text.indexOf(query) < 0;
      }
    });
  }
  setLang(body.getAttribute("data-lang"));
})();
"""


def t(key: str, **fields: object) -> str:
    """Both languages of a text, as two spans; the page shows one of them.

    >>> t("summary")
    '<span class="l-id">Ringkasan</span><span class="l-en">Summary</span>'
    """
    idn, en = TEXT[key]
    if fields:
        idn, en = idn.format(**fields), en.format(**fields)
    return f'<span class="l-id">{escape(idn)}</span><span class="l-en">{escape(en)}</span>'


def _both(idn: str, en: str) -> str:
    if idn == en:
        return escape(idn)
    return f'<span class="l-id">{escape(idn)}</span><span class="l-en">{escape(en)}</span>'


def _num(value: float, digits: int = 0) -> str:
    return _both(number(value, "id", digits), number(value, "en", digits))


def _pct(value: float) -> str:
    return _both(number(value * 100, "id", 1) + " %", number(value * 100, "en", 1) + " %")


def _rp(value: float) -> str:
    return _both(rupiah(value, "id"), rupiah(value, "en"))


def _shown_of(shown: int, total: int) -> str:
    idn, en = TEXT["shown_of"]
    return _both(
        idn.format(shown=number(shown, "id"), total=number(total, "id")),
        en.format(shown=number(shown, "en"), total=number(total, "en")),
    )


def _card(label: str, value: str, kind: str = "") -> str:
    return (
        f'<div class="card {kind}"><div class="n">{value}</div><div class="k">{label}</div></div>'
    )


def _figure(caption: str, svg: str, legend: str = "") -> str:
    if not svg:
        return f"<figure><figcaption>{caption}</figcaption><p class='note'>{t('none')}</p></figure>"
    return f"<figure><figcaption>{caption}</figcaption>{svg}{legend}</figure>"


def _legend(series: tuple[str, ...]) -> str:
    # The colour _svg draws the series with (its bar colour for a series it has none for).
    items = "".join(
        f'<span><i style="background:{_svg.COLORS.get(s, _svg.COLORS["bar"])}"></i>{t(s)}</span>'
        for s in series
    )
    return f'<div class="legend">{items}</div>'


def _region_name(code: str | None) -> str:
    from bansos_validate import regions  # noqa: PLC0415 - keep imports one way

    if code is None:
        return "?"
    region = regions.lookup(code)
    return f"{region.name} ({code})" if region is not None else code


def _table(head: list[tuple[str, bool]], rows: list[list[str]], table_id: str = "") -> str:
    ident = f' id="{table_id}"' if table_id else ""
    th = "".join(f'<th class="num">{h}</th>' if num else f"<th>{h}</th>" for h, num in head)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{c}</td>' if head[i][1] else f"<td>{c}</td>" for i, c in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    return f"<table{ident}><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _link_card(label: str, value: str, kind: str = "") -> str:
    """A card that leads to the section on how the files were read."""
    return (
        f'<a class="card {kind}" href="#manifest"><div class="n">{value}</div>'
        f'<div class="k">{label}</div></a>'
    )


def _manifest_cards(manifest: Manifest) -> list[str]:
    """Cards for what an officer must not miss: notes that are warnings or errors, skips."""
    cards: list[str] = []
    serious = [n.severity.value for n in manifest.notes if n.severity.value != "info"]
    if serious:
        kind = "error" if "error" in serious else "warning"
        counts = " · ".join(f"{_num(serious.count(s))} {t(s)}" for s in _SEVERITIES if s in serious)
        label = f"{t('manifest_notes_card')}<br>{counts}"
        cards.append(_link_card(label, _num(len(serious)), kind))
    if manifest.skipped:
        cards.append(_link_card(t("checks_skipped_card"), _num(len(manifest.skipped)), "warning"))
    return cards


def _summary_cards(summary: dict[str, Any], manifest: Manifest) -> str:
    cards: list[str] = _manifest_cards(manifest)
    persons = summary.get("persons")
    if persons is not None:
        rows = persons["rows"] or 1  # records only: rows that are not records are apart
        status = persons["status"]
        cards.append(_card(t("persons"), _num(persons["rows"])))
        cards.append(_card(t("valid"), _pct(status["valid"] / rows), "ok"))
        cards.append(_card(t("invalid"), _num(status["invalid"]), "error"))
        cards.append(_card(t("excel_damaged"), _num(status["excel_damaged"]), "error"))
        cards.append(_card(t("warning"), _num(status["warning"]), "warning"))
        if persons.get("skipped_rows"):
            cards.append(_link_card(t("skipped_rows"), _num(persons["skipped_rows"])))
    households = summary.get("households")
    if households is not None:
        bad = households["households"] - households["status"]["valid"]
        cards.append(_card(t("households"), _num(households["households"])))
        cards.append(_card(t("households_with_issues"), _num(bad), "warning"))
    matching = summary.get("matching")
    if matching is not None:
        cards.append(_card(t("match_rate"), _pct(matching["match_rate_left"]), "ok"))
    cards.extend(
        _card(f"{t('eligible')}: {escape(item['program'].upper())}", _num(item["eligible"]))
        for item in summary.get("eligibility", [])
    )
    overlaps = summary.get("overlaps")
    if overlaps is not None:
        cards.append(_card(t("overlaps"), _num(overlaps["total"]), "warning"))
    counts = summary["findings"]
    cards.append(_card(f"{t('findings')}: {t('error')}", _num(counts["error"]), "error"))
    cards.append(_card(f"{t('findings')}: {t('warning')}", _num(counts["warning"]), "warning"))
    return (
        f'<section id="summary"><h2>{t("summary")}</h2>'
        f'<div class="cards">{"".join(cards)}</div></section>'
    )


def _masked(text: str, unmasked: bool) -> str:
    """*text* with digit runs of 10 or more masked (a NIK or KK in a header), unless asked.

    >>> _masked("NIK 3576014403910003", unmasked=False)
    'NIK 357601**********'
    """
    if unmasked:
        return text
    return _LONG_DIGITS.sub(lambda m: m.group()[:6] + "*" * (len(m.group()) - 6), text)


def _row_list(rows: tuple[int, ...]) -> str:
    """Row numbers, the first few of a long list (the count is given next to it)."""
    shown = ", ".join(str(r) for r in rows[:_LISTED_ROWS])
    more = len(rows) - _LISTED_ROWS
    return shown + (f", … (+{more})" if more > 0 else "")


def _lookalikes(header: str) -> str:
    """The letters of *header* that only look Latin, named (they look the same on screen)."""
    odd = dict.fromkeys(ch for ch in header if not ch.isascii())
    return "; ".join(f"{ch} U+{ord(ch):04X} {unicodedata.name(ch, '?')}" for ch in list(odd)[:4])


def _manifest_notes(manifest: Manifest, unmasked: bool) -> str:
    if not manifest.notes:
        return ""
    order = {s: i for i, s in enumerate(_SEVERITIES)}
    notes = sorted(manifest.notes, key=lambda n: order.get(n.severity.value, len(order)))
    rows = []
    for note in notes:
        severity = note.severity.value
        rows.append(
            [
                f'<span class="sev-{escape(severity)}">{t(severity)}</span>',
                escape(note.source or ""),
                f"<code>{escape(note.code)}</code>",
                _both(_masked(note.message("id"), unmasked), _masked(note.message("en"), unmasked)),
            ]
        )
    head = [(t("severity"), False), (t("source"), False), (t("code"), False)]
    return f"<h3>{t('manifest_notes')}</h3>" + _table([*head, (t("message"), False)], rows)


def _manifest_assumed(manifest: Manifest) -> str:
    if not manifest.assumed:
        return f"<p class='note'>{t('no_assumptions')}</p>"
    items = "".join(
        f'<li><span class="tag assumed">{t("assumed")}</span> {escape(source)}: '
        f"<code>{escape(column)}</code> = <code>{escape(value)}</code></li>"
        for source, column, value in manifest.assumed
    )
    return (
        f'<div class="assume"><h3>{t("assumptions")}</h3>'
        f"<p>{t('assumptions_note')}</p><ul>{items}</ul></div>"
    )


def _manifest_checks(manifest: Manifest) -> str:
    ran = [c for c in manifest.checks if c.ran]
    chips = "".join(
        f"<code>{escape(c.check)}</code>"
        + (
            f'<span class="tag assumed">{t("with_assumed")}: {escape(", ".join(c.missing))}</span> '
            if c.missing
            else ""
        )
        for c in ran
    )
    parts = [
        f"<h3>{t('checks_run')} ({_num(len(ran))})</h3>",
        f"<p class='chips'>{chips}</p>" if ran else f"<p class='note'>{t('none')}</p>",
        f"<h3>{t('checks_skipped')} ({_num(len(manifest.skipped))})</h3>",
    ]
    if not manifest.skipped:
        parts.append(f"<p class='note'>{t('no_checks_skipped')}</p>")
    else:
        rows = [
            [
                f"<code>{escape(c.check)}</code>",
                ", ".join(f"<code>{escape(m)}</code>" for m in c.missing) or "",
            ]
            for c in manifest.skipped
        ]
        parts.append(_table([(t("check"), False), (t("missing_columns"), False)], rows))
    return "".join(parts)


def _reading_facts(reading: SourceReading) -> str:
    facts: list[str] = []
    if reading.header_row is not None:
        text = t("header_row", row=reading.header_row)
        if reading.banner_rows:
            key = "banner_skipped" if len(reading.banner_rows) > 1 else "banner_skipped_one"
            text += "; " + t(key, rows=_row_list(reading.banner_rows))
        facts.append(text)
    if reading.rows is not None:
        counts = f"{t('rows_read')}: {_num(reading.rows)}"
        if reading.records is not None:
            counts += f" · {t('records')}: <b>{_num(reading.records)}</b>"
        facts.append(counts)
    skipped = (
        ("blank_rows", reading.blank_rows),
        ("footer_rows", reading.footer_rows),
        ("header_rows", reading.header_rows),
    )
    for key, rows in skipped:
        if rows:
            facts.append(f"{t(key)}: {_num(len(rows))} ({escape(_row_list(rows))})")
    return "<ul>" + "".join(f"<li>{f}</li>" for f in facts) + "</ul>" if facts else ""


def _reading_columns(reading: SourceReading, manifest: Manifest, unmasked: bool) -> str:
    """The table *standard column ← header as written*, and the columns assumed instead.

    When every header is its standard column's own name (and nothing was assumed), one
    line says so instead.
    """
    assumed = [(c, v) for source, c, v in manifest.assumed if source == reading.name]
    same = all(
        header == canonical and reading.matched_by.get(canonical) == "name"
        for canonical, header in reading.columns.items()
    )
    if same and not assumed:
        names = "".join(f"<code>{escape(c)}</code>" for c in reading.columns)
        count = _num(len(reading.columns))
        return f"<p class='chips small'>{t('same_headers')} ({count}): {names}</p>" if names else ""
    rows: list[str] = []
    for canonical, header in reading.columns.items():
        how = reading.matched_by.get(canonical, "")
        label = t(f"by_{how}") if f"by_{how}" in TEXT else escape(how)
        shown = f'<code class="h">{escape(_masked(header, unmasked))}</code>'
        flagged = how == "lookalike"
        if flagged:  # the header looks right on screen: name the letters that are not Latin
            label = f'<span class="tag warn">{label}</span>'
            shown += f"<br><span class='note small'>{escape(_lookalikes(header))}</span>"
        rows.append(
            f"<tr{' class=flag' if flagged else ''}><td><code>{escape(canonical)}</code></td>"
            f"<td>\u2190</td><td>{shown}</td><td>{label}</td></tr>"
        )
    rows.extend(
        f"<tr class=flag><td><code>{escape(column)}</code></td><td>\u2190</td>"
        f"<td class='note'>\u2014</td><td><span class='tag assumed'>{t('assumed')}</span> "
        f"{t('by_assumed')} <code>{escape(value)}</code></td></tr>"
        for column, value in assumed
    )
    if not rows:
        return ""
    head = (
        f"<tr><th>{t('canonical')}</th><th></th><th>{t('header_in_file')}</th>"
        f"<th>{t('matched_by')}</th></tr>"
    )
    return f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"


def _reading_unused(reading: SourceReading, unmasked: bool) -> str:
    unused = reading.unused
    if not unused:
        return ""
    chips = "".join(
        f'<code class="h">{escape(_masked(h, unmasked))}</code>' for h in unused[:_LISTED_HEADERS]
    )
    more = len(unused) - _LISTED_HEADERS
    rest = f" … (+{more})" if more > 0 else ""
    return f"<p class='chips small'>{t('unused')} ({_num(len(unused))}): {chips}{rest}</p>"


def _manifest_section(manifest: Manifest, unmasked: bool) -> str:
    """How every input was read, which checks ran or were skipped, what was assumed."""
    if not (manifest.sources or manifest.checks or manifest.notes or manifest.assumed):
        return ""
    cards = []
    for reading in manifest.sources:
        where = (
            f"<code>{escape(reading.location)}</code>"
            if reading.location
            else f"<span class='note'>{t('in_memory')}</span>"
        )
        cards.append(
            f'<div class="source"><h4>{escape(reading.name)}</h4><div class="small">{where}</div>'
            + _reading_facts(reading)
            + _reading_columns(reading, manifest, unmasked)
            + _reading_unused(reading, unmasked)
            + "</div>"
        )
    sources = (
        f"<h3>{t('per_input')}</h3><div class='sources'>{''.join(cards)}</div>" if cards else ""
    )
    return (
        f'<section id="manifest"><h2>{t("manifest")}</h2>'
        f"<p class='note'>{t('manifest_intro')}</p>"
        + _manifest_notes(manifest, unmasked)
        + _manifest_assumed(manifest)
        + _manifest_checks(manifest)
        + sources
        + "</section>"
    )


def _codes_chart(codes: list[dict[str, Any]], title: str) -> str:
    top = codes[:_TOP_CODES]
    return _svg.bars(
        [(c["code"], c["count"]) for c in top],
        colors=[_svg.COLORS[c["severity"]] for c in top],
        title=title,
    )


def _nik_kk_section(report: Report, summary: dict[str, Any]) -> str:
    if report.table is None:
        return ""
    tables = report.table.summary
    parts = [f'<section id="nik-kk"><h2>{t("nik_kk")}</h2>']
    parts.append(
        _figure(
            t("by_code"),
            _codes_chart(summary["persons"]["codes"], TEXT["by_code"][1]),
            _legend(("error", "warning", "info")),
        )
    )
    district = tables["district"]
    if district.height > _TOP_DISTRICTS:  # a province or the nation: the worst districts
        district = (
            district.with_columns(bad=pl.col("rows") - pl.col("valid"))
            .sort(["bad", "district_code"], descending=[True, False], nulls_last=True)
            .head(_TOP_DISTRICTS)
        )
    # Rows that are not records are drawn (in their own colour) only when there are any.
    statuses = tuple(
        s
        for s in _ROW_STATUSES
        if s != "skipped" or (s in district.columns and int(district[s].sum() or 0) > 0)
    )
    rows = [
        (_region_name(r["district_code"]), [float(r[s]) for s in statuses])
        for r in district.iter_rows(named=True)
    ]
    parts.append(
        _figure(
            t("by_district"),
            _svg.stacked_bars(rows, statuses, title=TEXT["by_district"][1]),
            _legend(statuses),
        )
    )
    bad = _FINDING_STATUSES  # a blank or footer row is not a finding of its village
    village = (
        tables["village"]
        .with_columns(findings=pl.sum_horizontal(*bad))
        .filter(pl.col("findings") > 0)
        .sort(["findings", "kode_wilayah"], descending=[True, False])
        .head(_TOP_VILLAGES)
    )
    parts.append(
        _figure(
            t("by_village"),
            _svg.stacked_bars(
                [
                    (_region_name(r["kode_wilayah"]), [float(r[s]) for s in bad])
                    for r in village.iter_rows(named=True)
                ],
                bad,
                title=TEXT["by_village"][1],
            ),
            _legend(bad),
        )
    )
    parts.append("</section>")
    return "".join(parts)


def _household_section(summary: dict[str, Any]) -> str:
    households = summary.get("households")
    if households is None:
        return ""
    statuses = ("valid", "warning", "invalid")
    status_chart = _svg.bars(
        [(s, households["status"][s]) for s in statuses],
        colors=[_svg.COLORS[s] for s in statuses],
        title=TEXT["household_status"][1],
    )
    return (
        f'<section id="households"><h2>{t("household_checks")}</h2>'
        + _figure(t("household_status"), status_chart)
        + _figure(
            t("by_code"),
            _codes_chart(households["codes"], TEXT["by_code"][1]),
            _legend(("error", "warning", "info")),
        )
        + "</section>"
    )


def _match_section(summary: dict[str, Any]) -> str:
    matching = summary.get("matching")
    if matching is None:
        return ""
    left, right = matching["left"], matching["right"]
    cards = "".join(
        [
            _card(f"{t('left')}: {escape(left['name'])}", _num(left["rows"])),
            _card(f"{t('right')}: {escape(right['name'])}", _num(right["rows"])),
            _card(t("pairs"), _num(matching["pairs"])),
            _card(
                f"{t('match_rate')} ({escape(left['name'])})",
                _pct(matching["match_rate_left"]),
                "ok",
            ),
            _card(
                f"{t('match_rate')} ({escape(right['name'])})",
                _pct(matching["match_rate_right"]),
                "ok",
            ),
            _card(
                f"{t('unmatched')} ({escape(left['name'])})",
                _num(left["rows"] - left["matched"]),
                "warning",
            ),
        ]
    )
    chart = _svg.bars(list(matching["by_rule"].items()), title=TEXT["pairs_by_rule"][1])
    return (
        f'<section id="matching"><h2>{t("matching")}</h2><div class="cards">{cards}</div>'
        + _figure(t("pairs_by_rule"), chart)
        + "</section>"
    )


def _eligibility_section(summary: dict[str, Any]) -> str:
    items = summary.get("eligibility")
    if not items:
        return ""
    head = [
        (t("program"), False),
        (t("eligible"), True),
        (t("not_eligible"), True),
        (t("undetermined"), True),
        (t("amount"), True),
    ]
    rows = [
        [
            f"<b>{escape(i['program'].upper())}</b> "
            + _both(i["name"]["id"], i["name"]["en"])
            + f" <span class='note'>v{escape(i['ruleset_version'])}</span>",
            _num(i["eligible"]),
            _num(i["not_eligible"]),
            _num(i["undetermined"]),
            _rp(i["amount"]),
        ]
        for i in items
    ]
    statuses = ("eligible", "not_eligible", "undetermined")
    counts = _svg.stacked_bars(
        [(i["program"].upper(), [float(i[s]) for s in statuses]) for i in items],
        statuses,
        title=TEXT["eligible_by_program"][1],
    )
    amounts = _svg.bars(
        [(i["program"].upper(), i["amount"]) for i in items],
        title=TEXT["amount_by_program"][1],
        fmt=lambda v: "Rp" + _svg.plain(v),
    )
    return (
        f'<section id="eligibility"><h2>{t("eligibility")}</h2>'
        + _table(head, rows)
        + _figure(t("eligible_by_program"), counts, _legend(statuses))
        + _figure(t("amount_by_program"), amounts)
        + "</section>"
    )


def _overlap_section(summary: dict[str, Any]) -> str:
    overlaps = summary.get("overlaps")
    if overlaps is None:
        return ""
    kinds = _svg.bars(list(overlaps["by_kind"].items()), title=TEXT["overlaps_by_kind"][1])
    pairs = _svg.bars(
        [
            (
                f"{p['kind']}: {p['program_a']}"
                + (f" / {p['program_b']}" if p["program_b"] not in (None, p["program_a"]) else ""),
                p["count"],
            )
            for p in overlaps["by_programs"]
        ],
        title=TEXT["overlaps_by_programs"][1],
    )
    notes = "".join(f"<li>{escape(n)}</li>" for n in overlaps["notes"])
    if overlaps["mode"] == "tokens":
        notes += f"<li>{t('fuzzy_off')}</li>"
    looked = ", ".join(f"<code>{escape(k)}</code>" for k in overlaps["kinds"])
    return (
        f'<section id="overlaps"><h2>{t("overlaps")}</h2>'
        f"<div class='cards'>{_card(t('overlap_total'), _num(overlaps['total']), 'warning')}</div>"
        f"<p class='note'>{t('overlap_kinds')}: {looked}</p>"
        + (f"<ul class='note'>{notes}</ul>" if notes else "")
        + _figure(t("overlaps_by_kind"), kinds)
        + _figure(t("overlaps_by_programs"), pairs)
        + "</section>"
    )


def _findings_section(report: Report, unmasked: bool, max_rows: int) -> str:
    found_id = report.findings("id", unmasked=unmasked)
    found_en = report.findings("en", unmasked=unmasked)
    total = found_id.height
    shown_id = found_id.head(max_rows)
    shown_en = found_en.head(max_rows)["message"].to_list()
    head = [
        (t("check"), False),
        (t("source"), False),
        (t("row"), True),
        ("NIK", False),
        ("KK", False),
        (t("village"), False),
        (t("code"), False),
        (t("severity"), False),
        (t("message"), False),
        (t("detail"), False),
    ]
    rows = []
    for record, en in zip(shown_id.iter_rows(named=True), shown_en, strict=True):
        severity = record["severity"] or ""
        message, english = record["message"] or "", en or ""
        if record["check"] == "input":  # a note may name a header, which may be a NIK
            message, english = _masked(message, unmasked), _masked(english, unmasked)
        label = t(severity) if severity in TEXT else escape(severity)
        rows.append(
            [
                escape(record["check"] or ""),
                escape(record["source"] or ""),
                "" if record["row"] is None else str(record["row"]),
                f"<code>{escape(record['nik'] or '')}</code>",
                f"<code>{escape(record['no_kk'] or '')}</code>",
                escape(record["kode_wilayah"] or ""),
                f"<code>{escape(record['code'] or '')}</code>",
                f'<span class="sev-{escape(severity)}">{label}</span>',
                _both(message, english),
                escape(record["detail"] or ""),
            ]
        )
    note_key = "findings_note_unmasked" if unmasked else "findings_note"
    note_class = "alert" if unmasked else "note"
    if total == 0:
        body = f"<p>{t('no_findings')}</p>"
    else:
        placeholder = (
            f'data-placeholder-id="{escape(TEXT["filter"][0])}" '
            f'data-placeholder-en="{escape(TEXT["filter"][1])}"'
        )
        body = (
            f'<input id="filter" type="search" {placeholder} '
            f'placeholder="{escape(TEXT["filter"][0])}">'
            f"<p class='note'>{_shown_of(len(rows), total)}</p>"
            f"<div class='scroll'>{_table(head, rows, 'findings')}</div>"
        )
    return (
        f'<section id="findings-list"><h2>{t("findings_table")}</h2>'
        f"<p class='{note_class}'>{t(note_key)}</p>{body}</section>"
    )


def _provenance_section(summary: dict[str, Any]) -> str:
    prov = summary["provenance"]
    rows = [
        [t("library"), escape(prov["library"])],
        ["Python / Polars", escape(f"{prov['python']} / {prov['polars']}")],
        [
            t("region_data"),
            escape(
                f"{prov['region_data']['edition']}: {prov['region_data']['decree']} "
                f"(cahyadsn/wilayah {prov['region_data']['source_commit'] or ''})"
            ),
        ],
        [t("reference_date"), escape(prov["reference_date"])],
        [t("generated"), escape(prov["generated_at"])],
    ]
    if prov.get("command"):
        rows.append([t("command"), f"<code>{escape(prov['command'])}</code>"])
    rows.extend(
        [
            f"{t('rulesets')}: {escape(ruleset['program'])}",
            escape(f"{ruleset['version']}  sha256 {ruleset['sha256']}"),
        ]
        for ruleset in prov["rulesets"]
    )
    if "policy" in prov:
        policy = prov["policy"]
        rows.append(
            [
                t("policy"),
                escape(
                    f"{policy['policy']} {policy['version']}  sha256 {policy['sha256']} "
                    f"({policy['mode']})"
                ),
            ]
        )
    general = _table([(t("item"), False), (t("value"), False)], rows)
    inputs = _table(
        [
            (t("source"), False),
            ("Path / URL", False),
            (t("rows"), True),
            (t("size"), True),
            ("SHA-256", False),
        ],
        [
            [
                escape(i["name"]),
                f"<code>{escape(i['location'])}</code>",
                "" if i["rows"] is None else _num(i["rows"]),
                "" if i["size"] is None else _num(i["size"]),
                f"<code>{escape(i['sha256'] or '-')}</code>",
            ]
            for i in prov["inputs"]
        ],
    )
    return (
        f'<section id="provenance"><h2>{t("provenance")}</h2>{general}'
        f"<h3>{t('inputs')}</h3>{inputs}</section>"
    )


def _nav(summary: dict[str, Any], report: Report, manifest_html: str) -> str:
    links = [("summary", "summary")]
    if manifest_html:
        links.append(("manifest", "manifest"))
    if report.table is not None:
        links.append(("nik-kk", "nik_kk"))
    if "households" in summary:
        links.append(("households", "households"))
    if "matching" in summary:
        links.append(("matching", "matching"))
    if "eligibility" in summary:
        links.append(("eligibility", "eligibility"))
    if "overlaps" in summary:
        links.append(("overlaps", "overlaps"))
    links += [("findings-list", "findings"), ("provenance", "provenance")]
    return "<nav>" + "".join(f'<a href="#{a}">{t(k)}</a>' for a, k in links) + "</nav>"


def _lang_button(code: str, lang: Lang) -> str:
    pressed = "true" if code == lang else "false"
    return (
        f'<button type="button" data-set-lang="{code}" aria-pressed="{pressed}">'
        f"{code.upper()}</button>"
    )


def render(
    report: Report, *, lang: Lang = "id", unmasked: bool = False, max_rows: int = 2000
) -> str:
    """Render *report* as one HTML document (a string)."""
    summary = report.summary(lang)
    manifest = report.manifest
    manifest_html = _manifest_section(manifest, unmasked)
    title_id, title_en = (report.title, report.title) if report.title else TEXT["title"]
    when = summary["reference_date"]
    synthetic = f"<p>{t('synthetic_note')}</p>" if report.synthetic else ""
    header = (
        "<header>"
        f'<div class="langs">{_lang_button("id", lang)}{_lang_button("en", lang)}</div>'
        f"<h1>{_both(title_id, title_en)}</h1>"
        f"<p>{t('reference_date')}: {escape(when)} · {t('generated')}: "
        f"{escape(summary['provenance']['generated_at'])} · "
        f"{escape(summary['provenance']['library'])}</p>"
        f"{synthetic}{_nav(summary, report, manifest_html)}</header>"
    )
    body = "".join(
        [
            _summary_cards(summary, manifest),
            manifest_html,
            _nik_kk_section(report, summary),
            _household_section(summary),
            _match_section(summary),
            _eligibility_section(summary),
            _overlap_section(summary),
            _findings_section(report, unmasked, max_rows),
            _provenance_section(summary),
        ]
    )
    document = (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title_en if lang == 'en' else title_id)}</title>"
        f"<style>{CSS}</style></head>"
        f'<body class="show-{lang}" data-lang="{lang}">{header}<main>{body}</main>'
        f"<script>{SCRIPT}</script></body></html>"
    )
    # The last line of defence: no run of 12+ digits (a NIK, a KK) leaves unmasked.
    return document if unmasked else mask_text(document)
