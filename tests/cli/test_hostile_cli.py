"""No user input makes the command line fail as a bug: junk in every option, exit 0-2.

Each command runs on tiny valid inputs with one option (or argument) replaced by junk:
impossible dates, huge and negative numbers, empty and very long text, NUL and emoji,
paths that are missing, a folder, ``/dev/null`` or not writable. The answer must be a
result (exit 0/1) or one line of user error (exit 2), never an internal error (exit 3)
and never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bansos_validate.cli._app import app
from bansos_validate.cli._codes import EXIT_INTERNAL

if TYPE_CHECKING:
    from typer.testing import CliRunner

PERSONS = (
    "nik,no_kk,nama,tanggal_lahir,jenis_kelamin,hubungan_keluarga,pekerjaan,status_hidup\n"
    "3576014403910003,3576010101200001,SITI AMINAH,1991-03-04,P,ISTRI,IRT,HIDUP\n"
    "3576010507200001,3576010101200001,ANDI,2020-07-05,L,ANAK,BELUM BEKERJA,HIDUP\n"
)
HOUSEHOLDS = "no_kk,desil,kode_wilayah\n3576010101200001,3,3576011003\n"

DATES = ["0001-01-01", "9999-12-31", "2026-02-30", "kemarin", "", "1e9"]
INTS = ["-1", "0", "99999999999", "1" * 400, "x", ""]
TEXTS = ["", " ", "x" * 5000, "\x00", "😴", "3576014403910003", "=", "a=b=c", "nik=", "=NIK"]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("hostile-cli")
    (root / "persons.csv").write_text(PERSONS, encoding="utf-8")
    (root / "households.csv").write_text(HOUSEHOLDS, encoding="utf-8")
    (root / "a_file").write_text("x", encoding="utf-8")
    return {
        "persons": root / "persons.csv",
        "households": root / "households.csv",
        "folder": root,
        "a_file": root / "a_file",
    }


def _paths(inputs: dict[str, Path]) -> list[str]:
    return [
        "",
        "/nonexistent/berkas.csv",
        str(inputs["folder"]),
        "/dev/null",
        "/proc/version",
        str(inputs["a_file"]),
        "x" * 5000,
        "postgresql://nobody@127.0.0.1:1/none",
    ]


def _cases(inputs: dict[str, Path]) -> list[tuple[str, list[str]]]:
    p, h = str(inputs["persons"]), str(inputs["households"])
    paths = _paths(inputs)
    outs = [str(inputs["a_file"]), "/proc/forbidden", "/dev/null", ""]
    base = {
        "check": ["check", p],
        "match": ["match", p, p],
        "eligibility": ["eligibility", "-p", "pkh", p, h],
        "overlap": ["overlap", f"pkh={p}", f"bpnt={p}"],
    }
    cases: list[tuple[str, list[str]]] = []
    for name, args in base.items():
        for junk in TEXTS:
            cases += [(name, [*args, "-c", junk]), (name, [*args, "--lang", junk])]
            cases.append((name, [*args, "--fail-on", junk]))
        for junk in INTS:
            cases.append((name, [*args, "--header-row", junk]))
        for junk in [*DATES, "2026-12-01T25:00:00"]:
            cases.append((name, [*args, "--generated-at", junk]))
        for junk in outs:
            cases.append((name, [*args, "--out", junk]))
        if name != "match":
            cases += [(name, [*args, "--at", junk]) for junk in DATES]
    cases += [("check", ["check", junk]) for junk in paths]
    cases += [("check", ["check", p, "--sheet", junk]) for junk in TEXTS[:6]]
    cases += [("check", ["check", p, "--table", junk]) for junk in TEXTS[:6]]
    cases += [("match", ["match", p, junk]) for junk in paths]
    cases += [("match", ["match", p, p, "--threshold", junk]) for junk in [*INTS, "nan", "inf"]]
    cases += [("eligibility", ["eligibility", "-p", junk, p, h]) for junk in TEXTS]
    cases += [("eligibility", ["eligibility", "-p", "pkh", junk, h]) for junk in paths]
    cases += [("eligibility", ["eligibility", "-p", "pkh", p, junk]) for junk in paths]
    cases += [("eligibility", ["eligibility", "--rules", junk, p, h]) for junk in paths]
    cases += [
        ("eligibility", ["eligibility", "-p", "pkh", p, h, "--assume", junk]) for junk in TEXTS
    ]
    cases += [("overlap", ["overlap", junk]) for junk in [*TEXTS, *paths]]
    cases += [("overlap", ["overlap", f"pkh={p}", "--policy", junk]) for junk in TEXTS + paths]
    for option in ("--deaths", "--employees", "--persons", "--key-file"):
        cases += [("overlap", ["overlap", f"pkh={p}", option, junk]) for junk in paths]
    cases += [("synth", ["synth", "-n", junk]) for junk in INTS]
    cases += [("synth", ["synth", "-n", "5", "--region", junk]) for junk in TEXTS]
    cases += [("synth", ["synth", "-n", "5", "--seed", junk]) for junk in INTS]
    cases += [("synth", ["synth", "-n", "5", "--format", junk]) for junk in TEXTS[:6]]
    cases += [("synth", ["synth", "-n", "5", "--out", junk]) for junk in outs]
    cases += [("demo", ["demo", "--households", junk]) for junk in INTS if junk != "0"]
    cases += [("regions", ["regions", junk]) for junk in TEXTS]
    cases += [("rules", ["rules", "test", junk]) for junk in TEXTS + paths]
    cases += [("key", ["key", "check", junk]) for junk in paths]
    cases += [("key", ["key", "new", junk]) for junk in outs]
    return cases


def test_junk_in_any_option_is_a_user_error_never_a_bug(
    runner: CliRunner, inputs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # default output folders land here
    cases = _cases(inputs)
    bugs = []
    for command, args in cases:
        result = runner.invoke(app, args)
        text = result.output
        if (
            result.exit_code not in (0, 1, 2)
            or result.exit_code == EXIT_INTERNAL
            or "Traceback" in text
            or (result.exception is not None and not isinstance(result.exception, SystemExit))
        ):
            shown = [a[:40] for a in args]
            bugs.append(f"{command} {shown}: exit {result.exit_code}: {text.strip()[-200:]!r}")
    assert not bugs, f"{len(bugs)} of {len(cases)} runs failed as a bug:\n" + "\n".join(bugs)
    assert len(cases) > 300
