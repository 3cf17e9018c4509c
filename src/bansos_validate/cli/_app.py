"""The ``bansos-validate`` commands (typer). Every command calls the public API only."""

from __future__ import annotations

import datetime as dt
import enum
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bansos_validate._version import __version__
from bansos_validate.cli._run import (
    EXIT_FINDINGS,
    EXIT_OK,
    FailOn,
    LangChoice,
    Steps,
    UserError,
    err_console,
    exit_code,
    fmt,
    guard,
    out_console,
    print_json,
    print_summary,
)
from bansos_validate.cli._text import say

if TYPE_CHECKING:
    import polars as pl

    from bansos_validate.issues import Lang
    from bansos_validate.report import InputFile, Report

__all__ = ["app"]

app = typer.Typer(
    name="bansos-validate",
    help=(
        "Validasi data bansos: NIK/KK, keluarga, pencocokan, kelayakan, tumpang tindih. / "
        "Validate Indonesian social-assistance data. Start with: bansos-validate demo"
    ),
    epilog=(
        "Exit codes: 0 nothing at or above --fail-on; 1 findings at or above --fail-on "
        "(rules test: a case failed; regions: not found); 2 usage or user error; "
        "3 internal error (a bug)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
rules_app = typer.Typer(
    help="Aturan kelayakan / eligibility rules: run their YAML test cases.",
    no_args_is_help=True,
)
app.add_typer(rules_app, name="rules")
key_app = typer.Typer(
    help="Kunci pseudonim / pseudonymisation keys: make a new one, check a key file.",
    no_args_is_help=True,
)
app.add_typer(key_app, name="key")

LangOpt = Annotated[
    LangChoice,
    typer.Option(
        "--lang",
        envvar="BANSOS_VALIDATE_LANG",
        help="Bahasa keluaran / output language: id (default) or en.",
    ),
]
GeneratedOpt = Annotated[
    dt.datetime | None,
    typer.Option(
        "--generated-at",
        formats=["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"],
        help=(
            "Time stamped in the report (UTC, YYYY-MM-DDTHH:MM:SS); default: "
            "SOURCE_DATE_EPOCH when set, else now. Same input and options: identical files."
        ),
    ),
]
JsonOpt = Annotated[
    bool,
    typer.Option("--json", help="Print one JSON document on standard output (for machines)."),
]
UnmaskedOpt = Annotated[
    bool,
    typer.Option(
        "--unmasked",
        help="Write NIK and KK numbers unmasked into the report and JSON (personal data!).",
    ),
]
OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        file_okay=False,
        help="Write the report folder here (laporan.html, temuan.xlsx/.csv/.parquet, ...).",
    ),
]
AtOpt = Annotated[
    dt.datetime | None,
    typer.Option(
        "--at",
        formats=["%Y-%m-%d"],
        help="Reference date YYYY-MM-DD for centuries, ages and rules (default: today).",
    ),
]
FailOnOpt = Annotated[
    FailOn,
    typer.Option(
        "--fail-on", help="Exit 1 when a finding is at least this severe: error, warning or never."
    ),
]
ColumnOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--column",
        "-c",
        help="CANONICAL=COLUMN, e.g. nik='NOMOR INDUK' (repeat; headers are matched otherwise).",
    ),
]
HeaderRowOpt = Annotated[
    int | None,
    typer.Option(
        "--header-row",
        min=1,
        help="Spreadsheet row of the header (default: found, skipping a title banner above it).",
    ),
]


class FileFormat(enum.StrEnum):
    """``synth --format``: the file format written."""

    CSV = "csv"
    XLSX = "xlsx"
    PARQUET = "parquet"


def _version(value: bool) -> None:
    if not value:
        return
    from bansos_validate import overlap, regions, rules

    region = regions.data_version()
    console = out_console()
    console.print(f"bansos-validate {__version__}", markup=False)
    console.print(
        f"region data: Kemendagri {region['edition']} ({region['decree']}); "
        f"cahyadsn/wilayah {str(region.get('source_commit', ''))[:12]}",
        markup=False,
        soft_wrap=True,
    )
    console.print("rule sets:", markup=False)
    for program in rules.programs():
        ruleset = rules.load_program(program)
        console.print(
            f"  {program:<7} {ruleset.version:<8} sha256 {ruleset.sha256}",
            markup=False,
            soft_wrap=True,
        )
    console.print("overlap policies:", markup=False)
    for name in overlap.policies():
        policy = overlap.load_policy(name)
        console.print(
            f"  {name:<9} {policy.version:<8} sha256 {policy.sha256}", markup=False, soft_wrap=True
        )
    raise typer.Exit(EXIT_OK)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Show the library, region-data, rule-set and policy versions (SHA-256); exit.",
        ),
    ] = False,
) -> None:
    """Validasi data bansos / validate Indonesian social-assistance (bansos) data.

    Exit codes: 0 nothing at or above --fail-on; 1 findings at or above --fail-on (rules
    test: a case failed; regions: code not found); 2 usage or user error (bad option,
    missing or unreadable file, bad column, bad rule file); 3 internal error (a bug).
    """
    del version


def _command(ctx: typer.Context) -> str:
    """The command and its non-default parameters, for the provenance (URLs masked)."""
    from bansos_validate.io._url import mask_url, scheme_of

    parts = [ctx.command_path]
    for name, value in ctx.params.items():
        if value in (None, False, [], ()):
            continue
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            text = str(item.value if hasattr(item, "value") else item)
            if scheme_of(text) is not None:
                text = mask_url(text)
            parts.append(f"--{name.replace('_', '-')}={text}")
    return " ".join(parts)


def _columns(values: list[str] | None, lang: Lang) -> dict[str, str] | None:
    if not values:
        return None
    out: dict[str, str] = {}
    for value in values:
        canonical, sep, actual = value.partition("=")
        if not sep or not canonical.strip() or not actual.strip():
            raise UserError(say("bad_column", lang, value=value))
        out[canonical.strip()] = actual.strip()
    return out


def _assumptions(values: list[str] | None, lang: Lang) -> dict[str, str] | None:
    """``--assume COLUMN=VALUE`` entries as ``{column: value}`` (the value as a cell)."""
    if not values:
        return None
    out: dict[str, str] = {}
    for value in values:
        column, sep, given = value.partition("=")
        if not sep or not column.strip():
            raise UserError(say("bad_assume", lang, value=value))
        out[column.strip()] = given.strip()
    return out


def _generated(value: dt.datetime | None) -> dt.datetime:
    """The report's time stamp: ``--generated-at`` (UTC), else the library's default."""
    from bansos_validate.report import generated_now

    return value.replace(tzinfo=dt.UTC) if value is not None else generated_now()


def _date(value: dt.datetime | None) -> dt.date:
    return value.date() if value is not None else dt.date.today()  # noqa: DTZ011 - local date


def _read(
    source: str, name: str, steps: Steps, lang: Lang, **options: Any
) -> tuple[pl.DataFrame, InputFile]:
    import bansos_validate as bv
    from bansos_validate.report import InputFile

    steps.step(say("step_read", lang, name=name))
    options = {k: v for k, v in options.items() if v is not None or k == "sheet"}
    frame = bv.io.read(source, **options)
    return frame, InputFile.from_source(source, name=name, rows=frame.height)


def _write(
    report: Report, out: Path | None, steps: Steps, *, lang: Lang, unmasked: bool
) -> dict[str, Path]:
    """Write the report folder when ``--out`` was given (the last progress step)."""
    steps.step(say("step_report", lang))
    if out is None:
        return {}
    import warnings

    from bansos_validate.io import SpreadsheetLimitWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SpreadsheetLimitWarning)
        files = dict(report.write(out, lang=lang, unmasked=unmasked))
    for warning in caught:
        if issubclass(warning.category, SpreadsheetLimitWarning):
            note = say("spreadsheet_split", lang, note=str(warning.message))
            err_console().print(note, style="yellow", markup=False, soft_wrap=True)
        else:
            warnings.showwarning(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    return files


def _finish(
    report: Report,
    files: dict[str, Path],
    *,
    name: str,
    out: Path | None,
    lang: Lang,
    json_out: bool,
    fail_on: FailOn,
    unmasked: bool,
    elapsed: float | None = None,
) -> None:
    """Print the summary or JSON, and exit with the right code."""
    summary = report.summary(lang)
    code = exit_code(summary["findings"], fail_on)
    if json_out:
        document: dict[str, Any] = {
            "command": name,
            "exit_code": code,
            "summary": summary,
            "files": {k: str(v) for k, v in files.items()},
            "findings": report.findings(lang, unmasked=unmasked).to_dicts(),
        }
        if elapsed is not None:
            document["elapsed_seconds"] = round(elapsed, 2)
        print_json(document)
        raise typer.Exit(code)
    console = out_console()
    print_summary(console, summary, lang, files=files)
    if out is None:
        console.print(say("no_report", lang), style="dim")
    if unmasked and out is not None:
        console.print(say("unmasked_warning", lang), style="bold red")
    if elapsed is not None:
        console.print(say("elapsed", lang, seconds=fmt(elapsed, lang, 1)))
    if code == EXIT_FINDINGS:
        console.print(say("exit_findings", lang, level=fail_on.value), style="yellow")
    raise typer.Exit(code)


@app.command()
def demo(
    ctx: typer.Context,
    out: Annotated[
        Path, typer.Option("--out", "-o", file_okay=False, help="The report folder.")
    ] = Path("demo-report"),
    households: Annotated[
        int,
        typer.Option("--households", min=1, max=2_000_000, help="Number of synthetic households."),
    ] = 5_000,
    seed: Annotated[
        int, typer.Option("--seed", min=0, help="The synthetic population's seed.")
    ] = 0,
    lang: LangOpt = LangChoice.ID,
    json_out: JsonOpt = False,
    fail_on: FailOnOpt = FailOn.NEVER,
    unmasked: UnmaskedOpt = False,
    generated_at: GeneratedOpt = None,
) -> None:
    """Demo on synthetic Kota Mojokerto data: every check, a report folder, a summary.

    Generates the bundled synthetic population (fixed seed), writes it as CSV files,
    reads them back, checks NIK/KK and households, matches against the civil-registry
    view, decides eligibility for every bundled program, looks for overlaps between the
    program rolls, and writes the report folder.
    """
    import attrs

    from bansos_validate.cli._demo import demo_steps, run_demo

    start = time.perf_counter()
    language: Lang = lang.value
    with guard(language):
        if not json_out:
            out_console().print(
                say("demo_title", language, households=fmt(households, language), seed=seed),
                style="bold",
            )
        with Steps(demo_steps() + 1) as steps:
            report, inputs = run_demo(
                out, households=households, seed=seed, lang=language, steps=steps
            )
            report = attrs.evolve(
                report, command=_command(ctx), generated_at=_generated(generated_at)
            )
            files = _write(report, out, steps, lang=language, unmasked=unmasked)
        files["inputs"] = inputs
        _finish(
            report,
            files,
            name="demo",
            out=out,
            lang=language,
            json_out=json_out,
            fail_on=fail_on,
            unmasked=unmasked,
            elapsed=time.perf_counter() - start,
        )


@app.command()
def check(
    ctx: typer.Context,
    source: Annotated[
        str,
        typer.Argument(help="A CSV/XLSX/Parquet file or a postgresql:// URL.", metavar="FILE|URL"),
    ],
    sheet: Annotated[str | None, typer.Option(help="Workbook sheet name (.xlsx).")] = None,
    table: Annotated[
        str | None, typer.Option("--table", help="Database table (postgresql:// URL).")
    ] = None,
    column: ColumnOpt = None,
    header_row: HeaderRowOpt = None,
    at: AtOpt = None,
    households: Annotated[
        bool,
        typer.Option(
            "--households/--no-households",
            help="Also check household rosters when there are KK and SHDK columns.",
        ),
    ] = True,
    out: OutOpt = None,
    lang: LangOpt = LangChoice.ID,
    json_out: JsonOpt = False,
    fail_on: FailOnOpt = FailOn.ERROR,
    unmasked: UnmaskedOpt = False,
    generated_at: GeneratedOpt = None,
) -> None:
    """Periksa NIK/KK satu berkas / check the NIK/KK (and households) of one file."""
    language: Lang = lang.value
    with guard(language):
        import bansos_validate as bv
        from bansos_validate.household import check_households
        from bansos_validate.report import Report
        from bansos_validate.schema import map_columns

        columns = _columns(column, language)
        ref = _date(at)
        with Steps(4 if households else 3) as steps:
            options: dict[str, Any] = {"sheet": sheet, "header_row": header_row}
            if table is not None:
                options["table"] = table
            frame, source_file = _read(source, source_file_name(source), steps, language, **options)
            steps.step(say("step_table", language))
            result = bv.check_table(frame, reference_date=ref, columns=columns)
            household_result = None
            found = map_columns(
                frame.columns, columns, wanted=("no_kk", "hubungan_keluarga"), what="the file"
            ).columns
            if households and {"no_kk", "hubungan_keluarga"} <= set(found):
                steps.step(say("step_households", language))
                household_result = check_households(frame, reference_date=ref, columns=columns)
            elif households:
                steps.skip()
            report = Report(
                reference_date=ref,
                table=result,
                households=household_result,
                frames={source_file.name: frame},
                table_source=source_file.name,
                inputs=(source_file,),
                command=_command(ctx),
                generated_at=_generated(generated_at),
            )
            files = _write(report, out, steps, lang=language, unmasked=unmasked)
        _finish(
            report,
            files,
            name="check",
            out=out,
            lang=language,
            json_out=json_out,
            fail_on=fail_on,
            unmasked=unmasked,
        )


def source_file_name(source: str) -> str:
    """The name a source goes by in the report: the file stem, or the URL's table."""
    from bansos_validate.io._url import scheme_of, split_table

    if scheme_of(source) is not None:
        return split_table(source)[1] or "database"
    return Path(source).stem or source


@app.command()
def match(
    ctx: typer.Context,
    left: Annotated[str, typer.Argument(help="The roster (e.g. DTSEN extract).", metavar="LEFT")],
    right: Annotated[
        str, typer.Argument(help="The other source (e.g. Dukcapil).", metavar="RIGHT")
    ],
    threshold: Annotated[
        float | None,
        typer.Option(
            help="Match probability a probabilistic pair needs (0-1); default: the library's "
            "bansos_validate.matching.DEFAULT_THRESHOLD.",
            show_default=False,
        ),
    ] = None,
    column: ColumnOpt = None,
    header_row: HeaderRowOpt = None,
    out: OutOpt = None,
    lang: LangOpt = LangChoice.ID,
    json_out: JsonOpt = False,
    fail_on: FailOnOpt = FailOn.ERROR,
    unmasked: UnmaskedOpt = False,
    generated_at: GeneratedOpt = None,
) -> None:
    """Cocokkan dua sumber / link the person records of two files (NIK, name, birth date)."""
    language: Lang = lang.value
    with guard(language):
        import bansos_validate as bv
        from bansos_validate.report import Report

        columns = _columns(column, language)
        with Steps(4) as steps:
            left_name, right_name = source_file_name(left), source_file_name(right)
            if right_name == left_name:
                left_name, right_name = f"{left_name} (1)", f"{right_name} (2)"
            left_frame, left_file = _read(left, left_name, steps, language, header_row=header_row)
            right_frame, right_file = _read(
                right, right_name, steps, language, header_row=header_row
            )
            steps.step(say("step_match", language, name=right_name))
            if threshold is None:
                threshold = bv.matching.DEFAULT_THRESHOLD
            result = bv.match_records(left_frame, right_frame, columns=columns, threshold=threshold)
            report = Report(
                reference_date=_date(None),
                match=result,
                match_names=(left_name, right_name),
                frames={left_name: left_frame, right_name: right_frame},
                inputs=(left_file, right_file),
                command=_command(ctx),
                generated_at=_generated(generated_at),
            )
            files = _write(report, out, steps, lang=language, unmasked=unmasked)
        _finish(
            report,
            files,
            name="match",
            out=out,
            lang=language,
            json_out=json_out,
            fail_on=fail_on,
            unmasked=unmasked,
        )


@app.command()
def eligibility(
    ctx: typer.Context,
    persons: Annotated[
        str, typer.Argument(help="Person rows (one per member).", metavar="PERSONS")
    ],
    households: Annotated[
        str, typer.Argument(help="Household rows (no_kk, desil, ...).", metavar="HOUSEHOLDS")
    ],
    program: Annotated[
        list[str] | None,
        typer.Option(
            "--program", "-p", help="Bundled program: pkh, bpnt, pbi-jk, blt-dd, pip, or all."
        ),
    ] = None,
    rules_file: Annotated[
        list[Path] | None,
        typer.Option("--rules", exists=False, help="A rule file (YAML) of your own (repeat)."),
    ] = None,
    assume: Annotated[
        list[str] | None,
        typer.Option(
            "--assume",
            help="COLUMN=VALUE for a column the files lack, e.g. status_hidup=HIDUP (repeat; "
            "reported). Without it, decisions that need a missing column are undetermined.",
        ),
    ] = None,
    column: ColumnOpt = None,
    header_row: HeaderRowOpt = None,
    at: AtOpt = None,
    out: OutOpt = None,
    lang: LangOpt = LangChoice.ID,
    json_out: JsonOpt = False,
    fail_on: FailOnOpt = FailOn.ERROR,
    unmasked: UnmaskedOpt = False,
    generated_at: GeneratedOpt = None,
) -> None:
    """Nilai kelayakan program / decide program eligibility for every household."""
    language: Lang = lang.value
    with guard(language):
        from bansos_validate import rules
        from bansos_validate.report import Report

        names: list[str] = []
        for name in program or []:
            names += list(rules.programs()) if name.strip().lower() == "all" else [name]
        names = list(dict.fromkeys(names))
        rulesets = [rules.load_program(n) for n in names]
        rulesets += [rules.RuleSet.from_yaml(path) for path in rules_file or []]
        if not rulesets:
            raise UserError(say("need_program", language))
        ref = _date(at)
        columns = _columns(column, language)
        assumed = _assumptions(assume, language)
        read_by_any = set().union(*(_read_fields(r) for r in rulesets))
        for name in assumed or {}:
            if name not in read_by_any:
                raise UserError(say("assume_unused", language, column=name))
        with Steps(2 + len(rulesets) + 1) as steps:
            person_frame, person_file = _read(
                persons, "persons", steps, language, header_row=header_row
            )
            household_frame, household_file = _read(
                households, "households", steps, language, header_row=header_row
            )
            decided = []
            for ruleset in rulesets:
                steps.step(say("step_rules", language, program=ruleset.program.upper()))
                decided.append(
                    rules.evaluate(
                        ruleset,
                        person_frame,
                        household_frame,
                        at=ref,
                        columns=columns,
                        assume=_relevant(assumed, ruleset),
                    )
                )
            report = Report(
                reference_date=ref,
                decisions=tuple(decided),
                frames={"persons": person_frame, "households": household_frame},
                inputs=(person_file, household_file),
                command=_command(ctx),
                generated_at=_generated(generated_at),
            )
            files = _write(report, out, steps, lang=language, unmasked=unmasked)
        _finish(
            report,
            files,
            name="eligibility",
            out=out,
            lang=language,
            json_out=json_out,
            fail_on=fail_on,
            unmasked=unmasked,
        )


def _read_fields(ruleset: Any) -> set[str]:
    return {*ruleset.fields["person"], *ruleset.fields["household"]}


def _relevant(assumed: dict[str, str] | None, ruleset: Any) -> dict[str, str] | None:
    """The ``--assume`` entries a rule set reads (one option serves several programs)."""
    if not assumed:
        return None
    fields = _read_fields(ruleset)
    return {k: v for k, v in assumed.items() if k in fields} or None


def _rolls(values: list[str], lang: Lang) -> dict[str, str]:
    """``NAME=FILE`` or ``FILE`` (named by its stem) -> {name: source}."""
    out: dict[str, str] = {}
    for value in values:
        name, sep, path = value.partition("=")
        if not sep:
            name, path = source_file_name(value), value
        elif not name.strip() or not path.strip():
            raise UserError(say("bad_roll", lang, value=value))
        name = name.strip()
        if name in out:
            raise UserError(say("duplicate_roll", lang, name=name))
        out[name] = path.strip()
    return out


def _key(path: Path | None, lang: Lang) -> bytes | None:
    if path is None:
        return None
    from bansos_validate.errors import InvalidArgument
    from bansos_validate.privacy import read_key

    try:
        return read_key(path)
    except InvalidArgument:
        raise UserError(say("key_short", lang, path=path)) from None


@app.command()
def overlap(
    ctx: typer.Context,
    roll: Annotated[
        list[str],
        typer.Argument(
            help="Program rolls: NAME=FILE or FILE (named by the file name), two or more.",
            metavar="ROLL...",
        ),
    ],
    policy: Annotated[
        str | None,
        typer.Option(help="Overlap policy: a bundled id or a YAML file (default: nasional)."),
    ] = None,
    deaths: Annotated[
        str | None, typer.Option(help="List of deceased persons (nik, tanggal_meninggal).")
    ] = None,
    employees: Annotated[
        str | None, typer.Option(help="Persons with a pekerjaan (ASN/TNI/POLRI/BUMN...).")
    ] = None,
    persons: Annotated[
        str | None, typer.Option(help="A roster (nik, no_kk): which family each NIK is in.")
    ] = None,
    key_file: Annotated[
        Path | None,
        typer.Option(
            "--key-file",
            dir_okay=False,
            help="Shared secret key (the file's bytes): compare with pseudonymised rolls.",
        ),
    ] = None,
    fuzzy: Annotated[
        bool,
        typer.Option(
            "--fuzzy/--no-fuzzy", help="Look for one person under two NIKs (record matching)."
        ),
    ] = True,
    at: AtOpt = None,
    column: ColumnOpt = None,
    header_row: HeaderRowOpt = None,
    out: OutOpt = None,
    lang: LangOpt = LangChoice.ID,
    json_out: JsonOpt = False,
    fail_on: FailOnOpt = FailOn.ERROR,
    unmasked: UnmaskedOpt = False,
    generated_at: GeneratedOpt = None,
) -> None:
    """Cari tumpang tindih antar-program / find overlaps between program rolls."""
    language: Lang = lang.value
    with guard(language):
        import bansos_validate as bv
        from bansos_validate.report import Report

        sources = _rolls(roll, language)
        lists = {"deaths": deaths, "employees": employees, "persons": persons}
        given = {k: v for k, v in lists.items() if v is not None}
        key = _key(key_file, language)
        columns = _columns(column, language)
        with Steps(len(sources) + len(given) + 2) as steps:
            frames: dict[str, Any] = {}
            inputs = []
            for name, source in [*sources.items(), *given.items()]:
                frame, source_file = _read(source, name, steps, language, header_row=header_row)
                frames[name] = frame
                inputs.append(source_file)
            steps.step(say("step_overlap", language))
            result = bv.find_overlaps(
                {name: frames[name] for name in sources},
                policy=policy,
                deaths=frames.get("deaths"),
                key=key,
                employees=frames.get("employees"),
                persons=frames.get("persons"),
                at=at.date() if at is not None else None,
                columns=columns,
                fuzzy=fuzzy,
                lang=language,
                unmask=unmasked,
            )
            report = Report(
                reference_date=result.reference_date,
                overlaps=result,
                frames=frames,
                inputs=tuple(inputs),
                command=_command(ctx),
                generated_at=_generated(generated_at),
            )
            files = _write(report, out, steps, lang=language, unmasked=unmasked)
        _finish(
            report,
            files,
            name="overlap",
            out=out,
            lang=language,
            json_out=json_out,
            fail_on=fail_on,
            unmasked=unmasked,
        )


@rules_app.command("test")
def rules_test(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            help="Case files (YAML) or bundled program ids; default: every bundled program.",
            metavar="[FILES]...",
        ),
    ] = None,
    lang: LangOpt = LangChoice.ID,
    json_out: JsonOpt = False,
    fail_on: FailOnOpt = FailOn.ERROR,
) -> None:
    """Jalankan kasus uji aturan / run rule test cases (both engines)."""
    language: Lang = lang.value
    with guard(language):
        from bansos_validate import rules

        sources = list(files or rules.programs())
        reports = [rules.run_cases(source) for source in sources]
        failed = sum(len(r.failed) for r in reports)
        code = EXIT_FINDINGS if failed and fail_on is not FailOn.NEVER else EXIT_OK
        if json_out:
            print_json(
                {
                    "command": "rules test",
                    "exit_code": code,
                    "files": [
                        {
                            "program": r.program,
                            "path": r.path,
                            "passed": r.passed,
                            "cases": len(r),
                            "failed": [
                                {"name": c.name, "failures": list(c.failures)} for c in r.failed
                            ],
                        }
                        for r in reports
                    ],
                }
            )
            raise typer.Exit(code)
        console = out_console()
        for r in reports:
            ok = len(r) - len(r.failed)
            style = "green" if r.passed else "red"
            console.print(
                say(
                    "rules_cases", language, program=r.program, passed=ok, total=len(r), path=r.path
                ),
                style=style,
                markup=False,
                soft_wrap=True,
            )
            for case in r.failed:
                console.print(
                    f"  {say('rules_failed', language)} {case.name}", style="red", markup=False
                )
                for line in case.failures:
                    console.print(f"    {line}", markup=False, soft_wrap=True)
        raise typer.Exit(code)


@key_app.command("new")
def key_new(
    file: Annotated[
        Path,
        typer.Argument(
            help="Where to write the key (a new file; never overwritten).", dir_okay=False
        ),
    ],
    lang: LangOpt = LangChoice.ID,
) -> None:
    """Buat kunci baru / write a new random key (64 hexadecimal characters) to FILE.

    The file is created readable by its owner only (mode 600). Share it with the other
    agency over a secure channel, never with the token files; use one key per exercise.
    """
    language: Lang = lang.value
    with guard(language):
        from bansos_validate.privacy import new_key

        try:
            descriptor = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise UserError(say("key_exists", language, path=file)) from None
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(new_key().hex() + "\n")
        err_console().print(say("key_written", language, path=file), markup=False)


@key_app.command("check")
def key_check(
    file: Annotated[Path, typer.Argument(help="A key file to check.", dir_okay=False)],
    lang: LangOpt = LangChoice.ID,
) -> None:
    """Periksa berkas kunci / check that FILE holds a strong key (exit 2 when it does not)."""
    language: Lang = lang.value
    with guard(language):
        from bansos_validate.errors import InvalidArgument
        from bansos_validate.privacy import read_key

        try:
            key = read_key(file)
        except InvalidArgument:
            raise UserError(say("key_short", language, path=file)) from None
        out_console().print(say("key_ok", language, path=file, bits=8 * len(key)), markup=False)


@app.command("synth")
def synth_command(
    households: Annotated[
        int,
        typer.Option(
            "--households", "-n", min=1, max=2_000_000, help="Households (at most 2,000,000)."
        ),
    ] = 1_000,
    region: Annotated[
        list[str] | None,
        typer.Option("--region", "-r", help="Kemendagri regency or district code (repeat)."),
    ] = None,
    seed: Annotated[int, typer.Option(min=0, help="Seed (same seed, same data).")] = 0,
    out: Annotated[
        Path, typer.Option("--out", "-o", file_okay=False, help="Folder to write.")
    ] = Path("synthetic-data"),
    file_format: Annotated[
        FileFormat, typer.Option("--format", help="csv, xlsx or parquet.")
    ] = FileFormat.CSV,
    lang: LangOpt = LangChoice.ID,
    json_out: JsonOpt = False,
) -> None:
    """Buat data sintetis / generate a synthetic population with planted errors.

    Writes persons, households, second_view (the civil-registry view), one file per
    program roll (rolls_PKH...) and truth (the planted errors), with
    ``Population.write``. Every NIK/KK and name in it is synthetic, so they are written
    as they are (no --unmasked needed).
    """
    language: Lang = lang.value
    with guard(language):
        import bansos_validate as bv

        with Steps(2) as steps:
            steps.step(say("step_synth", language))
            pop = bv.synth.generate(
                n_households=households, regions=list(region or ["3576"]), seed=seed
            )
            steps.step(say("step_write_inputs", language))
            paths = pop.write(out, format=file_format.value)
        tables = {name.replace("/", "_"): frame for name, frame in pop.tables().items()}
        written = {path.stem: path for path in paths}
        rows = {name: int(frame.height) for name, frame in tables.items()}
        if json_out:
            print_json(
                {
                    "command": "synth",
                    "exit_code": EXIT_OK,
                    "seed": seed,
                    "regions": list(pop.regions),
                    "rows": rows,
                    "files": {k: str(v) for k, v in written.items()},
                }
            )
            raise typer.Exit(EXIT_OK)
        console = out_console()
        console.print(say("synth_written", language, folder=out), markup=False, soft_wrap=True)
        for name, path in written.items():
            console.print(f"  {path}  {fmt(rows[name], language)}", markup=False, soft_wrap=True)
        console.print(say("synth_note", language), style="dim")


@app.command("regions")
def regions_command(
    code: Annotated[str, typer.Argument(help="A 2, 4, 6 or 10-digit code (dots allowed).")],
    lang: LangOpt = LangChoice.ID,
    json_out: JsonOpt = False,
) -> None:
    """Cari kode wilayah Kemendagri / look a Kemendagri region code up."""
    language: Lang = lang.value
    with guard(language):
        from bansos_validate import regions

        digits = code.strip().replace(".", "")
        if not (digits.isascii() and digits.isdigit() and len(digits) in (2, 4, 6, 10)):
            raise UserError(say("region_malformed", language, code=code))
        found = regions.lookup(digits)
        if found is None:
            if json_out:
                print_json(
                    {
                        "command": "regions",
                        "exit_code": EXIT_FINDINGS,
                        "code": digits,
                        "found": False,
                    }
                )
            else:
                out_console().print(say("region_not_found", language, code=digits), markup=False)
            raise typer.Exit(EXIT_FINDINGS)
        chain = []
        parent = found.parent_code
        while parent:
            above = regions.lookup(parent)
            if above is None:
                break
            chain.append(above)
            parent = above.parent_code
        below = {
            "province": regions.regencies,
            "regency": regions.districts,
            "district": regions.villages,
        }.get(found.level.value)
        children = len(below(found.code)) if below is not None and found.current else 0
        if json_out:
            print_json(
                {
                    "command": "regions",
                    "exit_code": EXIT_OK,
                    "code": found.code,
                    "found": True,
                    "name": found.name,
                    "level": found.level.value,
                    "kind": getattr(found, "kind", None),
                    "current": found.current,
                    "replaced_by": found.replaced_by,
                    "parents": [
                        {"code": r.code, "name": r.name, "level": r.level.value} for r in chain
                    ],
                    "children": children,
                    "data": regions.data_version()["edition"],
                }
            )
            raise typer.Exit(EXIT_OK)
        console = out_console()
        state = (
            say("region_current", language)
            if found.current
            else say("region_former", language, now=found.replaced_by or "?")
        )
        level = say(found.level.value, language)
        console.print(f"[bold]{found.code}[/bold] {found.name} ({level}; {state})")
        for above in chain:
            console.print(
                f"  ⊂ {above.code} {above.name} ({say(above.level.value, language)})",
                markup=False,
            )
        if children:
            console.print(say("region_children", language, count=fmt(children, language)))
        raise typer.Exit(EXIT_OK)
