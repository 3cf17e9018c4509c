"""No input NIK or KK leaves through any output channel, also for hostile layouts.

Each layout puts 16-digit identifiers where no masking step expects them: a headerless
file (the first data row becomes the header), columns shifted so NIKs sit under
``kode_wilayah``, a header that is a NIK, a remark quoting a NIK, numbers stored by Excel
as numbers, NIKs written with spaces or dots. Every command runs with ``--out`` and
``--json``; standard output and error, every file written (HTML, CSV, XLSX, Parquet,
JSON), every exception text and the reprs of the results are scanned for the input's
identifiers, in plain and in compact form.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
import pytest

import bansos_validate as bv
from bansos_validate.cli._app import app

if TYPE_CHECKING:
    from typer.testing import CliRunner

REF = dt.date(2026, 11, 27)
N1, N2, K1 = "3576014403910003", "3576015507920004", "3576010101200001"
SECRETS = (N1, N2, K1)


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    from typer.testing import CliRunner

    return CliRunner()


@pytest.fixture(scope="module")
def layouts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("hostile")
    files = {
        "headerless": f"{N1},{K1},BUDI,1991-03-04\n{N2},{K1},SITI,1992-07-15\n",
        "shifted": f"nik,no_kk,nama,kode_wilayah\n{N1},{K1},BUDI,{N2}\n{N2},{K1},SITI,{N1}\n",
        "odd": (
            f"nik,no_kk,nama,{N2},catatan\n{N1},{K1},{N2},x,NIK ibu {N2}\n{N2},{K1},SITI,y,{K1}\n"
        ),
        "spaced": (
            f"nik,no_kk,nama\n3576 0144 0391 0003,{K1},BUDI\n"
            f"{N2[:6]}.{N2[6:12]}.{N2[12:]},{K1},SITI\n"
        ),
        "roll": (
            f"nik,no_kk,nama,kode_wilayah,periode\n{N1},{K1},BUDI,{N2},2026-01\n"
            f"{N1},{K1},BUDI,{N2},2026-01\n"
        ),
        "households": f"no_kk,desil,kode_wilayah\n{K1},3,{N1}\n",
    }
    paths = {}
    for name, text in files.items():
        paths[name] = root / f"{name}.csv"
        paths[name].write_text(text, encoding="utf-8")
    paths["numbers"] = root / "numbers.xlsx"
    pl.DataFrame(
        {
            "NIK": [int(N1), int(N2)],
            "NO KK": [int(K1), int(K1)],
            "NAMA": ["A", "B"],
            "KODE WILAYAH": [N2, N1],
        }
    ).write_excel(paths["numbers"])
    return paths


def _leaks(text: str) -> list[str]:
    compact = re.sub(r"[ .\-]", "", text)
    return [v[:6] for v in SECRETS if v in text or v in compact]


def _file_text(path: Path) -> str:
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as archive:
            return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    if path.suffix == ".parquet":
        return str(pl.read_parquet(path).rows())
    return path.read_text(encoding="utf-8", errors="replace")


def _commands(p: dict[str, Path]) -> dict[str, list[str]]:
    return {
        **{f"check-{n}": ["check", str(p[n])] for n in ("headerless", "shifted", "odd", "spaced")},
        "check-numbers": ["check", str(p["numbers"])],
        "check-roll": ["check", str(p["roll"])],
        "match": ["match", str(p["shifted"]), str(p["odd"])],
        "match-headerless": ["match", str(p["headerless"]), str(p["odd"])],
        "overlap": [
            "overlap",
            f"pkh={p['roll']}",
            f"blt-dd={p['shifted']}",
            "--persons",
            str(p["odd"]),
        ],
        "overlap-headerless": ["overlap", f"pkh={p['headerless']}"],
        "eligibility": ["eligibility", "-p", "pkh", str(p["odd"]), str(p["households"])],
        "eligibility-headerless": [
            "eligibility",
            "-p",
            "pkh",
            str(p["headerless"]),
            str(p["households"]),
        ],
    }


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_identifier_leaves_through_the_command_line(
    runner: CliRunner, layouts: dict[str, Path], tmp_path: Path, lang: str
) -> None:
    scanned = 0
    for name, args in _commands(layouts).items():
        out = tmp_path / name
        written = runner.invoke(app, [*args, "--out", str(out), "--lang", lang])
        as_json = runner.invoke(app, [*args, "--json", "--lang", lang])
        for result in (written, as_json):
            assert result.exit_code in (0, 1, 2), (name, result.output)  # never a bug
            assert not _leaks(result.output), (name, result.output)
            scanned += 1
        if as_json.exit_code in (0, 1):
            json.loads(as_json.stdout)
        for path in sorted(out.glob("*")) if out.exists() else []:
            assert not _leaks(_file_text(path)), (name, path.name)
            scanned += 1
    assert scanned > 40  # the runs did write their files


def test_no_identifier_in_api_errors_results_or_reprs(layouts: dict[str, Path]) -> None:
    headerless = bv.io.read(layouts["headerless"])
    texts: list[str] = []
    for call in (
        lambda: bv.check_table(headerless),
        lambda: bv.match_records(headerless, bv.io.read(layouts["odd"])),
        lambda: bv.find_overlaps({"pkh": headerless}),
        lambda: bv.evaluate(bv.load_program("pkh"), headerless, headerless),
    ):
        with pytest.raises(bv.BansosValidateError) as caught:
            call()
        error: Any = caught.value
        texts += [str(error), repr(error), *map(str, getattr(error, "found", ()))]
        texts.append(str(getattr(error, "message_id", "")))
    result = bv.check_table(bv.io.read(layouts["roll"]))
    texts += [repr(result), repr(result.manifest), str(result.manifest.to_dict("id"))]
    report = bv.report.Report(reference_date=REF, table=result)
    texts += [report.to_html(), str(report.summary()), str(report.findings().rows())]
    for text in texts:
        assert not _leaks(text), text[:300]
    unmasked = report.findings(unmasked=True)["kode_wilayah"].to_list()
    assert N2 in unmasked  # --unmasked is the one way to see them, and it works
