"""The ``bansos-validate`` commands (typer): options, then a pipeline job, then printing.

Each command declares its options, turns them into a request of
:mod:`bansos_validate._pipeline` (which reads, computes with the public API, builds the
report and writes it), and prints what the job returns; errors become exit codes here.
"""

from __future__ import annotations

import datetime as dt
import enum
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

from bansos_validate._pipeline import source_file_name
from bansos_validate._version import __version__
from bansos_validate.cli._run import (
    EXIT_OK,
    FailOn,
    LangChoice,
    PipelineSteps,
    ReportRequest,
    UserError,
    err_console,
    fmt,
    guard,
    out_console,
    print_outcome,
    print_region,
    print_rules_test,
    print_synth,
)
from bansos_validate.cli._text import say

if TYPE_CHECKING:
    from collections.abc import Callable

    from bansos_validate._pipeline import Outcome
    from bansos_validate.issues import Lang

__all__ = ["app", "source_file_name"]

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
        "--reference-date",
        "--at",
        formats=["%Y-%m-%d"],
        help=(
            "Tanggal acuan / reference date YYYY-MM-DD for centuries, ages and rules "
            "(default: today). --at is the short spelling."
        ),
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


def _day(value: dt.datetime | None) -> dt.date | None:
    """``--at``: the date given, or ``None`` (the job's default)."""
    return value.date() if value is not None else None


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


def _key(path: Path | None) -> bytes | None:
    """``--key-file``: the key it holds (a weak key is refused), or ``None``."""
    from bansos_validate._pipeline.key import read_key_file

    return read_key_file(path) if path is not None else None


def _shared(
    ctx: typer.Context,
    lang: LangChoice,
    fail_on: FailOn,
    unmasked: bool,
    generated_at: dt.datetime | None,
) -> dict[str, Any]:
    """The request fields every report-writing job shares (``ReportOptions``)."""
    return {
        "lang": lang.value,
        "unmasked": unmasked,
        "fail_on": fail_on.value,
        "command": _command(ctx),
        "generated_at": generated_at,
    }


_R = TypeVar("_R", bound=ReportRequest)


def _report(
    job: Callable[[_R, PipelineSteps], Outcome],
    request: _R,
    *,
    name: str,
    json_out: bool,
    started: float | None = None,
) -> NoReturn:
    """Run *job* with a progress display, print its summary or JSON, and exit."""
    with PipelineSteps(request.lang) as progress:
        outcome = job(request, progress)
    elapsed = time.perf_counter() - started if started is not None else None
    print_outcome(outcome, request, name=name, json_out=json_out, elapsed=elapsed)


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
    start = time.perf_counter()
    language: Lang = lang.value
    with guard(language):
        from bansos_validate._pipeline import demo as job

        if not json_out:
            out_console().print(
                say("demo_title", language, households=fmt(households, language), seed=seed),
                style="bold",
            )
        shared = _shared(ctx, lang, fail_on, unmasked, generated_at)
        request = job.DemoRequest(out=out, households=households, seed=seed, **shared)
        _report(job.run, request, name="demo", json_out=json_out, started=start)


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
        from bansos_validate._pipeline import check as job

        request = job.CheckRequest(
            source=source,
            sheet=sheet,
            table=table,
            header_row=header_row,
            columns=_columns(column, language),
            reference_date=_day(at),
            households=households,
            out=out,
            **_shared(ctx, lang, fail_on, unmasked, generated_at),
        )
        _report(job.run, request, name="check", json_out=json_out)


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
        from bansos_validate._pipeline import match as job

        request = job.MatchRequest(
            left=left,
            right=right,
            threshold=threshold,
            header_row=header_row,
            columns=_columns(column, language),
            out=out,
            **_shared(ctx, lang, fail_on, unmasked, generated_at),
        )
        _report(job.run, request, name="match", json_out=json_out)


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
        from bansos_validate._pipeline import eligibility as job

        request = job.EligibilityRequest(
            persons=persons,
            households=households,
            rulesets=job.load_rulesets(program or (), rules_file or ()),
            reference_date=_day(at),
            columns=_columns(column, language),
            assumptions=_assumptions(assume, language),
            header_row=header_row,
            out=out,
            **_shared(ctx, lang, fail_on, unmasked, generated_at),
        )
        _report(job.run, request, name="eligibility", json_out=json_out)


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
        from bansos_validate._pipeline import overlap as job

        request = job.OverlapRequest(
            rolls=_rolls(roll, language),
            policy=policy,
            deaths=deaths,
            employees=employees,
            persons=persons,
            key=_key(key_file),
            fuzzy=fuzzy,
            reference_date=_day(at),
            columns=_columns(column, language),
            header_row=header_row,
            out=out,
            **_shared(ctx, lang, fail_on, unmasked, generated_at),
        )
        _report(job.run, request, name="overlap", json_out=json_out)


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
        from bansos_validate._pipeline import rules_test as job

        print_rules_test(job.run(files or (), fail_on=fail_on.value), language, json_out=json_out)


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
        from bansos_validate._pipeline.key import new_key_file

        new_key_file(file)
        err_console().print(say("key_written", language, path=file), markup=False)


@key_app.command("check")
def key_check(
    file: Annotated[Path, typer.Argument(help="A key file to check.", dir_okay=False)],
    lang: LangOpt = LangChoice.ID,
) -> None:
    """Periksa berkas kunci / check that FILE holds a strong key (exit 2 when it does not)."""
    language: Lang = lang.value
    with guard(language):
        from bansos_validate._pipeline.key import read_key_file

        key = read_key_file(file)
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
        from bansos_validate._pipeline import synth as job

        request = job.SynthRequest(
            out=out,
            households=households,
            regions=tuple(region or ["3576"]),
            seed=seed,
            format=file_format.value,
        )
        with PipelineSteps(language) as progress:
            outcome = job.run(request, progress)
        print_synth(outcome, out, language, json_out=json_out)


@app.command("regions")
def regions_command(
    code: Annotated[str, typer.Argument(help="A 2, 4, 6 or 10-digit code (dots allowed).")],
    lang: LangOpt = LangChoice.ID,
    json_out: JsonOpt = False,
) -> None:
    """Cari kode wilayah Kemendagri / look a Kemendagri region code up."""
    language: Lang = lang.value
    with guard(language):
        from bansos_validate._pipeline import regions as job

        print_region(job.run(code), language, json_out=json_out)
