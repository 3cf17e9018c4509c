"""Smoke test of an installed wheel: run with only the runtime dependencies installed.

Used by ``.ci/run`` after building the wheel and installing it into a fresh virtual
environment, so a missing package-data file or an undeclared import fails CI::

    python scripts/smoke_test.py --runtime-only   # the wheel alone: no extra installed
    python scripts/smoke_test.py --with pandas    # after installing the wheel's [pandas]
    python scripts/smoke_test.py --with cli       # after [cli]: also runs the demo

``--with EXTRA`` makes a missing extra an error instead of a skipped check.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import importlib.util
import json
import subprocess
import sys
import tempfile
from importlib import resources
from pathlib import Path
from types import ModuleType

# Packages of the extras: none may be present in a runtime-only environment.
EXTRA_PACKAGES = ("pandas", "pyarrow", "typer", "rich", "hypothesis", "pyspark", "psycopg")


def main() -> None:
    """Parse a NIK, check tables, decide PKH, load every bundled file; extras when asked."""
    parser = argparse.ArgumentParser(description="Smoke test of the installed package.")
    parser.add_argument("--runtime-only", action="store_true", help="require no extras")
    parser.add_argument("--with", dest="extras", action="append", default=[], metavar="EXTRA")
    args = parser.parse_args()
    if args.runtime_only:
        present = [name for name in EXTRA_PACKAGES if importlib.util.find_spec(name)]
        assert not present, f"not a runtime-only environment: {present} installed"
    import bansos_validate as bv  # noqa: PLC0415

    ref = dt.date(2026, 11, 27)
    info = bv.parse_nik("3576014403910003", reference_date=ref)
    assert info.is_valid, info
    assert info.district is not None
    assert info.district.name == "Prajuritkulon"
    assert bv.regions.lookup("3576011003") is not None  # villages (gzip) are packaged
    assert bv.regions.lookup("910101") is not None  # historical codes are packaged
    assert bv.regions.data_version()["license"] == "MIT"
    _check_region_data()

    import polars as pl  # noqa: PLC0415

    frame = pl.DataFrame({"nik": ["3576014403910003", "3576014403910000"]})
    result = bv.check_table(frame, reference_date=ref)
    assert result.frame["status"].to_list() == ["valid", "invalid"]
    try:
        import pandas as pd  # noqa: PLC0415
    except ImportError:
        assert "pandas" not in args.extras, "the pandas extra is not installed"
        print("pandas not installed: pandas check skipped (it is an extra)")
    else:
        out = bv.check_table(pd.DataFrame({"nik": ["3576014403910003"]}), reference_date=ref)
        assert isinstance(out.frame, pd.DataFrame), type(out.frame)
        assert list(out.frame["status"]) == ["valid"]
        print("pandas: check_table on a pandas frame gave a pandas frame")
    _check_pkh(bv, ref)
    _check_bundled_rules_and_policies(bv)
    pop = bv.synth.generate(n_households=20, seed=1)
    assert pop.persons.height > 20

    from bansos_validate import report  # noqa: PLC0415

    html = report.Report(reference_date=ref, table=result).to_html()
    assert html.startswith("<!DOCTYPE html>"), html[:40]
    assert "3576014403910000" not in html  # masked
    _check_console_script()
    if "cli" in args.extras:
        _check_demo()
    print(f"smoke test passed: bansos-validate {bv.__version__} on Python {sys.version.split()[0]}")


def _check_region_data() -> None:
    """Every region file is packaged, with the checksum recorded in ``meta.json``."""
    folder = resources.files("bansos_validate.regions") / "_data"
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    for name, expected in meta["sha256"].items():
        plain = folder / name
        data = (
            plain.read_bytes()
            if plain.is_file()
            else gzip.decompress((folder / f"{name}.gz").read_bytes())
        )
        assert hashlib.sha256(data).hexdigest() == expected, name


def _check_pkh(bv: ModuleType, ref: dt.date) -> None:
    """PKH on one household, by the scalar ``decide`` and by the vectorised ``evaluate``."""
    import polars as pl  # noqa: PLC0415

    pkh = bv.load_program("pkh")
    household = {"no_kk": "3576010101200001", "desil": 3, "kode_wilayah": "3576011003"}
    members = [
        {
            "nik": "3576014403910003",
            "no_kk": "3576010101200001",
            "tanggal_lahir": "1991-03-04",
            "hubungan_keluarga": "KEPALA KELUARGA",
            "status_hidup": "HIDUP",
            "hamil": "Y",
            "disabilitas_berat": "T",
            "jenjang_sekolah": "SMA",
            "pekerjaan": "MENGURUS RUMAH TANGGA",
        },
        {
            "nik": "3576010507200001",
            "no_kk": "3576010101200001",
            "tanggal_lahir": "2020-07-05",
            "hubungan_keluarga": "ANAK",
            "status_hidup": "HIDUP",
            "hamil": "T",
            "disabilitas_berat": "T",
            "jenjang_sekolah": "TIDAKSEKOLAH",
            "pekerjaan": "BELUM/TIDAK BEKERJA",
        },
    ]
    decision = pkh.decide(household, members, reference_date=ref)
    assert decision.status.value == "eligible", decision.explain("en")
    assert decision.amount > 0, decision
    frame = bv.evaluate(
        pkh, pl.DataFrame(members), pl.DataFrame([household]), reference_date=ref
    ).frame
    row = frame.row(0, named=True)
    assert (row["status"], row["amount"]) == ("eligible", decision.amount), row
    # A column the file lacks is unknown, never its YAML default: without ``pekerjaan``
    # the ASN/BUMN exclusions cannot be checked, so the family is undetermined.
    partial = pl.DataFrame(members).drop("pekerjaan")
    row = bv.evaluate(pkh, partial, pl.DataFrame([household]), reference_date=ref).frame.row(
        0, named=True
    )
    assert row["status"] == "undetermined", row


def _check_bundled_rules_and_policies(bv: ModuleType) -> None:
    """Every bundled program passes its packaged YAML cases; every policy loads."""
    rules, overlap = bv.rules, bv.overlap
    assert rules.programs() == ("blt-dd", "bpnt", "pbi-jk", "pip", "pkh"), rules.programs()
    for program in rules.programs():
        report = rules.run_cases(program)
        assert len(report) > 0, f"no cases packaged for {program}"
        assert report.passed, report
    assert overlap.policies(), "no bundled overlap policy"
    for policy in overlap.policies():
        assert overlap.load_policy(policy).sha256
    versions = bv.versions()
    assert [entry.id for entry in versions.rule_sets] == list(rules.programs())
    assert versions.dependencies["polars"], versions.dependencies


def _check_demo() -> None:
    """With the ``cli`` extra: ``bansos-validate demo`` writes its report folder."""
    script = Path(sys.executable).parent / "bansos-validate"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "demo"
        done = subprocess.run(  # noqa: S603 - our own console script
            [str(script), "demo", "--out", str(out)], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr[-2000:]
        for name in ("laporan.html", "temuan.xlsx", "temuan.csv", "ringkasan.json"):
            assert (out / name).stat().st_size > 0, name
        print("cli: " + done.stdout.strip().splitlines()[-1])


def _check_console_script() -> None:
    """``bansos-validate`` is installed; without the ``cli`` extra it says what to install."""
    script = Path(sys.executable).parent / "bansos-validate"
    assert script.exists(), f"no console script at {script}"
    done = subprocess.run(  # noqa: S603 - our own console script
        [str(script), "--version"], capture_output=True, text=True, check=False
    )
    if importlib.util.find_spec("typer") is None:
        assert done.returncode == 2, done
        assert "bansos-validate[cli]" in done.stderr, done.stderr
    else:
        assert done.returncode == 0, done
        assert "rule sets" in done.stdout, done.stdout


if __name__ == "__main__":
    main()
