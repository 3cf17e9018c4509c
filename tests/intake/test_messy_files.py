"""The files officers really have: each failure the intake issue reproduced, as a test.

Every test builds its messy file from a clean synthetic population and asserts either the
same result as the clean file, or a finding that names what is wrong (and, for an error,
a non-zero exit under ``--fail-on error``). None passes on silent output.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import xlsxwriter

import bansos_validate as bv
from bansos_validate.errors import SchemaError
from bansos_validate.household import check_households

from .conftest import AT, codes, frame_rows, run, write_xlsx

PKH = bv.load_program("pkh")


def _statuses(result: Any) -> dict[str, str]:
    frame = result.frame
    return dict(zip(frame["no_kk"].to_list(), frame["status"].to_list(), strict=True))


def _decide(persons: pl.DataFrame, households: pl.DataFrame, **options: Any) -> Any:
    return bv.rules.evaluate(PKH, persons, households, reference_date=AT, **options)


# -- eligibility ---------------------------------------------------------------------------


def test_households_kk_as_number_cells_give_the_clean_decisions_or_an_error(
    tmp_path: Path, runner: Any, persons: pl.DataFrame, households: pl.DataFrame
) -> None:
    """The worst case of the issue: 91 eligible became 2, silently."""
    clean = _statuses(_decide(persons, households))
    assert sum(s == "eligible" for s in clean.values()) >= 5
    path = write_xlsx(tmp_path / "keluarga.xlsx", frame_rows(households, numeric=("no_kk",)))
    numeric = bv.io.read(path)
    assert numeric.schema["no_kk"] == pl.Float64  # number cells, as Excel keeps them
    result = _decide(persons, numeric)
    got = dict(zip(result.frame["row"].to_list(), result.frame["status"].to_list(), strict=True))
    for row, kk in enumerate(households["no_kk"].to_list(), start=2):
        if kk.endswith("0"):
            # A number ending in 0 may have lost its 16th digit: not joined, so undetermined
            # unless the household fails a rule on the household alone (its decile).
            assert got[row] == "undetermined" or got[row] == clean[kk] == "not_eligible"
        else:
            assert got[row] == clean[kk], kk
    notes = {n.code: n for n in result.manifest.notes}
    assert notes["input_identifier_numeric"].context["column"] == "no_kk"
    ending_zero = sum(kk.endswith("0") for kk in households["no_kk"].to_list())
    if ending_zero:
        assert notes["input_identifier_unusable"].context["count"] == ending_zero
    # On the command line: a finding, and exit 1 under --fail-on error when KKs are lost.
    people = bv.io.write(persons, tmp_path / "anggota.csv")
    code, document, _ = run(runner, "eligibility", people, path, "-p", "pkh", "--at", AT, "--json")
    found = codes(document)
    assert found["input_identifier_numeric"] == "warning"
    assert code == (1 if ending_zero else 0)


def test_missing_optional_columns_are_unknown_not_defaults(
    persons: pl.DataFrame, households: pl.DataFrame
) -> None:
    dropped = ("pekerjaan", "status_hidup", "hamil", "disabilitas_berat", "jenjang_sekolah")
    clean = _statuses(_decide(persons, households))
    result = _decide(persons.drop(*dropped), households)
    got = _statuses(result)
    for kk, status in got.items():
        # Never decided on a default: the clean decision, or undetermined.
        assert status in (clean[kk], "undetermined"), kk
    assert "eligible" not in got.values()  # every eligible family needs the dropped columns
    missing = {
        n.context["column"] for n in result.manifest.notes if n.code == "input_column_missing"
    }
    assert missing == set(dropped)
    assert all(not c.ran for c in result.manifest.checks if c.check == "rule:komponen")


def test_an_asn_member_never_makes_a_family_eligible_when_pekerjaan_is_missing(
    persons: pl.DataFrame, households: pl.DataFrame
) -> None:
    kk = households.filter(pl.col("desil") <= 2)["no_kk"][0]
    with_asn = persons.with_columns(
        pl.when((pl.col("no_kk") == kk) & (pl.col("hubungan_keluarga") == "KEPALA KELUARGA"))
        .then(pl.lit("PNS"))
        .otherwise(pl.col("pekerjaan"))
        .alias("pekerjaan")
    )
    assert _statuses(_decide(with_asn, households))[kk] == "not_eligible"
    assert _statuses(_decide(with_asn.drop("pekerjaan"), households))[kk] != "eligible"


def test_assumed_values_are_used_and_reported(
    runner: Any, tmp_path: Path, persons: pl.DataFrame, households: pl.DataFrame
) -> None:
    people = bv.io.write(persons.drop("disabilitas_berat"), tmp_path / "anggota.csv")
    homes = bv.io.write(households, tmp_path / "keluarga.csv")
    code, document, _ = run(
        runner, "eligibility", people, homes, "-p", "pkh", "--at", AT, "--json",
        "--assume", "disabilitas_berat=T",
    )  # fmt: skip
    assert code == 0
    assert codes(document)["input_default_assumed"] == "warning"
    assert document is not None
    assert document["summary"]["manifest"]["assumed"] == [
        {"source": "persons", "column": "disabilitas_berat", "value": "T"}
    ]
    code, _, stderr = run(runner, "eligibility", people, homes, "-p", "pkh", "--assume", "umur=70")
    assert code == 2
    assert "umur" in stderr


def test_eligibility_reads_header_aliases_and_columns(
    runner: Any, tmp_path: Path, persons: pl.DataFrame, households: pl.DataFrame
) -> None:
    clean = _statuses(_decide(persons, households))
    people = persons.rename({"no_kk": "No. KK", "tanggal_lahir": "TGL LAHIR", "nik": "NIK"})
    homes = households.rename({"no_kk": "NO_KK", "desil": "Desil"})
    assert _statuses(_decide(people, homes)) == clean
    odd = homes.rename({"Desil": "KELAS KESEJAHTERAAN"})
    with pytest.raises(SchemaError, match="desil"):
        _decide(people, odd)
    assert _statuses(_decide(people, odd, columns={"desil": "KELAS KESEJAHTERAAN"})) == clean
    people_file = bv.io.write(people, tmp_path / "anggota.csv")
    homes_file = bv.io.write(odd, tmp_path / "keluarga.csv")
    code, document, _ = run(
        runner, "eligibility", people_file, homes_file, "-p", "pkh", "--at", AT, "--json",
        "-c", "desil=KELAS KESEJAHTERAAN",
    )  # fmt: skip
    assert code in (0, 1)
    assert document is not None
    sources = {s["name"]: s for s in document["summary"]["manifest"]["sources"]}
    assert sources["households"]["columns"]["desil"] == "KELAS KESEJAHTERAAN"
    assert sources["households"]["matched_by"]["desil"] == "given"
    assert sources["persons"]["columns"]["no_kk"] == "No. KK"


def test_a_misspelt_column_option_is_refused_with_a_suggestion(
    runner: Any, tmp_path: Path, persons: pl.DataFrame
) -> None:
    path = bv.io.write(persons.rename({"tanggal_lahir": "TGL LAHIR"}), tmp_path / "data.csv")
    code, _, stderr = run(runner, "check", path, "-c", "tgl_lahir=TGL LAHIR")
    assert code == 2
    assert "tanggal_lahir" in stderr  # maksudnya 'tanggal_lahir'?
    assert "Traceback" not in stderr
    code, _, stderr = run(runner, "check", path, "-c", "tanggal_lahir=LAHIR")
    assert code == 2
    assert "TGL LAHIR" in stderr
    code, _, stderr = run(runner, "check", path, "-c", "nk=NIK")
    assert code == 2
    assert "'nik'" in stderr
    with pytest.raises(SchemaError, match="did you mean 'tanggal_lahir'"):
        bv.check_table(persons, columns={"tgl_lahir": "tanggal_lahir"})


def test_which_header_fed_which_check_is_in_the_output(
    runner: Any, tmp_path: Path, persons: pl.DataFrame
) -> None:
    path = bv.io.write(persons.drop("tanggal_lahir"), tmp_path / "data.csv")
    code, document, _ = run(runner, "check", path, "--json", "--at", AT)
    assert code in (0, 1)
    assert document is not None
    manifest = document["summary"]["manifest"]
    assert manifest["sources"][0]["columns"]["nik"] == "nik"
    assert "tanggal_lahir" in manifest["skipped"]
    assert "input_check_skipped" in codes(document)


# -- columns --------------------------------------------------------------------------------


def test_two_nik_columns_are_an_error_naming_both(
    runner: Any, tmp_path: Path, persons: pl.DataFrame
) -> None:
    text = persons.select("nik", "nama", "no_kk").write_csv()
    lines = text.splitlines()
    lines[0] = "NIK,NAMA,NIK"
    path = tmp_path / "data.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, stderr = run(runner, "check", path)
    assert code == 2
    assert "'NIK'" in stderr
    assert "NIK_duplicated_0" in stderr
    code, document, _ = run(runner, "check", path, "--json", "-c", "nik=NIK")
    assert code == 0
    assert document is not None
    found = codes(document)
    assert "nik_duplicate" not in found  # no false duplicates from the KK column
    assert found["input_identifier_unread"] == "warning"  # the other column is named
    code, document, _ = run(
        runner, "check", path, "--json", "-c", "nik=NIK", "-c", "no_kk=NIK_duplicated_0"
    )
    assert "input_identifier_unread" not in codes(document)


def test_a_nik_header_the_mapping_does_not_know_is_never_silently_skipped(
    runner: Any, tmp_path: Path, persons: pl.DataFrame
) -> None:
    cyrillic = persons.rename({"nik": "n\u0456k"})
    result = bv.check_table(cyrillic, reference_date=AT)
    assert result.columns["nik"] == "n\u0456k"
    assert "input_header_lookalike" in result.manifest.codes()
    fullwidth = persons.rename({"nik": "\uff4e\uff49\uff4b"})
    assert bv.check_table(fullwidth, reference_date=AT).columns["nik"] == "\uff4e\uff49\uff4b"
    unknown = persons.rename({"nik": "NOMOR IDENTITAS"})
    path = bv.io.write(unknown, tmp_path / "data.csv")
    code, _, stderr = run(runner, "check", path)
    assert code == 2
    assert "NOMOR IDENTITAS" in stderr
    assert "Traceback" not in stderr


def test_a_deaths_list_without_a_recognised_nik_column_is_an_error(
    runner: Any, tmp_path: Path, clean: Any
) -> None:
    rolls = {
        name: bv.io.write(roll, tmp_path / f"{name}.csv") for name, roll in clean.rolls.items()
    }
    deaths = pl.DataFrame({"NOMOR": [clean.persons["nik"][0]], "TGL": ["2025-01-01"]})
    death_file = bv.io.write(deaths, tmp_path / "kematian.csv")
    args = [f"{name}={path}" for name, path in rolls.items() if name in ("PKH", "BPNT")]
    code, _, stderr = run(runner, "overlap", *args, "--deaths", death_file, "--no-fuzzy")
    assert code == 2
    assert "NOMOR" in stderr


# -- rows -------------------------------------------------------------------------------------


def _officer_sheet(persons: pl.DataFrame) -> list[list[object]]:
    """A banner, a blank line, the header, the rows with a blank row, a totals row and a
    signature block: the layout of a list printed for a village meeting."""
    body = frame_rows(persons.select("nik", "no_kk", "nama", "tanggal_lahir").head(12))
    rows: list[list[object]] = [
        ["DAFTAR PENERIMA BANSOS KELURAHAN KAUMAN TAHUN 2026"],
        [],
        body[0],
        *body[1:6],
        [],
        *body[6:],
        [None, None, "JUMLAH", "11 orang"],
        [],
        [None, None, "Mojokerto, 5 Januari 2026"],
        [None, None, "Kepala Kelurahan"],
        [],
        [None, None, "(SUPRIYANTO)"],
    ]
    return rows


def test_banner_blank_and_footer_rows_in_a_workbook(
    runner: Any, tmp_path: Path, persons: pl.DataFrame
) -> None:
    path = write_xlsx(tmp_path / "daftar.xlsx", _officer_sheet(persons))
    code, document, _ = run(runner, "check", path, "--json", "--at", AT)
    assert document is not None
    found = codes(document)
    assert "nik_missing" not in found
    assert "kk_missing" not in found
    assert document["summary"]["persons"]["rows"] == 12
    assert document["summary"]["persons"]["skipped_rows"] >= 5
    source = document["summary"]["manifest"]["sources"][0]
    assert source["header_row"] == 3
    assert source["banner_rows"] == [1]
    assert source["blank_rows"] == [9, 18, 21]
    assert source["footer_rows"] == [17, 19, 20, 22]  # totals, place and date, title, name
    assert code == 0


def test_the_same_layout_in_csv_and_the_spreadsheet_row_numbers(
    runner: Any, tmp_path: Path, persons: pl.DataFrame
) -> None:
    rows = _officer_sheet(persons)
    rows[4][0] = "3576019999990000"[:15]  # a NIK with a digit lost, on spreadsheet row 5
    buffer = io.StringIO()
    for row in rows:  # Excel pads every row of a saved CSV to the width of the sheet
        cells = [*row, *([None] * (4 - len(row)))]
        buffer.write(";".join("" if v is None else str(v) for v in cells) + "\n")
    path = tmp_path / "daftar.csv"
    path.write_bytes(buffer.getvalue().encode("cp1252"))
    code, document, _ = run(runner, "check", path, "--json", "--at", AT)
    assert document is not None
    wrong = [f for f in document["findings"] if f["code"] == "nik_wrong_length"]
    assert [f["row"] for f in wrong] == [5]  # the row the spreadsheet shows
    assert "bukan 15" in wrong[0]["message"]  # the safe value is shown
    assert code == 1
    assert "nik_missing" not in codes(document)


def test_a_list_printed_page_by_page(runner: Any, tmp_path: Path, persons: pl.DataFrame) -> None:
    """The header printed again on every page, page numbers, and template rows that a
    formula filled with a zero, a dash or ``#N/A``: not records, each reported by row."""
    table = persons.select("nik", "no_kk", "nama", "tanggal_lahir").head(8)
    header = ["No", "NIK", "Nomor KK", "Nama Lengkap", "Tgl Lahir"]
    body = [[i + 1, *row] for i, row in enumerate(frame_rows(table)[1:])]
    rows: list[list[object]] = [
        header,
        *body[:4],
        ["Halaman 1 dari 2"],
        header,
        *body[4:],
        [9, 0, 0, "#N/A", "-"],
        [10, None, None, 0, None],
        ["Hal. 2"],
    ]
    path = write_xlsx(tmp_path / "cetak.xlsx", rows)
    code, document, _ = run(runner, "check", path, "--json", "--at", AT)
    assert document is not None
    source = document["summary"]["manifest"]["sources"][0]
    assert source["header_rows"] == [7]
    assert source["footer_rows"] == [6, 14]
    assert source["blank_rows"] == [12, 13]
    assert source["records"] == document["summary"]["persons"]["rows"] == 8
    found = {(f["code"], f["row"]) for f in document["findings"] if f["row"] is not None}
    assert ("row_header", 7) in found
    assert not {c for c, _ in found} & {"nik_missing", "nik_wrong_length", "nik_invalid_chars"}
    clean_path = write_xlsx(tmp_path / "bersih.xlsx", [header, *body])
    _, clean_document, _ = run(runner, "check", clean_path, "--json", "--at", AT)
    assert clean_document is not None
    assert (
        document["summary"]["persons"]["status"] == clean_document["summary"]["persons"]["status"]
    )
    assert code == 0


def test_a_two_line_header_with_column_numbers(
    runner: Any, tmp_path: Path, persons: pl.DataFrame
) -> None:
    """A form header: cells merged over two lines (``ALAMAT`` over ``RT`` and ``RW``), and
    the column numbers printed under it. Neither line is a person."""
    table = persons.select("nik", "no_kk", "nama").head(5)
    path = tmp_path / "formulir.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("DATA")
    for c, title in enumerate(["NO", "NIK", "NO KK", "NAMA"]):
        sheet.merge_range(0, c, 1, c, title)
    sheet.merge_range(0, 4, 0, 5, "ALAMAT")
    sheet.write_string(1, 4, "RT")
    sheet.write_string(1, 5, "RW")
    for c in range(6):
        sheet.write_string(2, c, f"({c + 1})")
    for r, (nik, kk, nama) in enumerate(table.iter_rows()):
        for c, value in enumerate([r + 1, nik, kk, nama, 3, 5]):
            (sheet.write_number if isinstance(value, int) else sheet.write_string)(3 + r, c, value)
    book.close()
    code, document, _ = run(runner, "check", path, "--json", "--at", AT)
    assert document is not None
    source = document["summary"]["manifest"]["sources"][0]
    assert source["header_rows"] == [2, 3]
    assert source["records"] == document["summary"]["persons"]["rows"] == 5
    assert not set(codes(document)) & {"nik_missing", "kk_missing", "nik_invalid_characters"}
    assert code == 0


def test_a_person_without_numbers_at_the_top_stays_a_person(persons: pl.DataFrame) -> None:
    """Only header lines are skipped: a name with no NIK in the first row is a person."""
    table = persons.select("nik", "no_kk", "nama").head(3).with_columns(pl.lit("3").alias("rt"))
    top = pl.DataFrame(
        {"nik": [None], "no_kk": [None], "nama": ["SITI AMINAH"], "rt": [None]},
        schema=dict.fromkeys(("nik", "no_kk", "nama", "rt"), pl.String),
    )
    numbers = pl.DataFrame({"nik": ["2"], "no_kk": ["3"], "nama": ["SITI"], "rt": ["1"]})
    for frame in (pl.concat([top, table]), pl.concat([numbers, table])):
        result = bv.check_table(frame, reference_date=AT)
        assert result.manifest.sources[0].header_rows == ()
        assert result.manifest.sources[0].records == 4


def test_numeric_village_codes_are_codes(tmp_path: Path, persons: pl.DataFrame) -> None:
    table = persons.select("nik", "no_kk", "kode_wilayah").head(10)
    path = write_xlsx(tmp_path / "desa.xlsx", frame_rows(table, numeric=("kode_wilayah",)))
    frame = bv.io.read(path)
    assert frame.schema["kode_wilayah"] == pl.Float64
    result = bv.check_table(frame, reference_date=AT)
    villages = result.summary["village"]["kode_wilayah"].to_list()
    assert villages == sorted(set(table["kode_wilayah"].to_list()))
    assert "input_region_numeric" in result.manifest.codes()
    assert "kk_region_mismatch" not in {
        c for row in result.frame["issue_codes"].to_list() for c in row
    }


# -- overlaps ---------------------------------------------------------------------------------


def test_a_roll_whose_niks_lost_a_digit_is_reported(
    runner: Any, tmp_path: Path, clean: Any
) -> None:
    pkh = clean.rolls["PKH"].with_columns(pl.col("nik").str.slice(0, 15))
    pkh_file = bv.io.write(pkh, tmp_path / "pkh.csv")
    bpnt_file = bv.io.write(clean.rolls["BPNT"], tmp_path / "bpnt.csv")
    code, document, _ = run(
        runner, "overlap", f"PKH={pkh_file}", f"BPNT={bpnt_file}", "--json", "--no-fuzzy"
    )
    found = codes(document)
    assert found["input_identifier_unusable"] == "error"
    assert code == 1
    note = next(f for f in document["findings"] if f["code"] == "input_identifier_unusable")
    assert note["source"] == "PKH"


# -- one owner per fact -------------------------------------------------------------------------


def test_almarhum_is_deceased_for_every_check(
    persons: pl.DataFrame, households: pl.DataFrame, clean: Any
) -> None:
    heads = persons.filter(pl.col("hubungan_keluarga") == "KEPALA KELUARGA")
    kk = heads["no_kk"][0]
    marked = persons.with_columns(
        pl.when((pl.col("no_kk") == kk) & (pl.col("hubungan_keluarga") == "KEPALA KELUARGA"))
        .then(pl.lit("Almarhum"))
        .otherwise(pl.col("status_hidup"))
        .alias("status_hidup")
    )
    checked = check_households(marked, reference_date=AT)
    flagged = checked.frame.filter(pl.col("no_kk") == kk)["household_issue_codes"].to_list()
    assert any("household_head_deceased" in c for c in flagged)
    from bansos_validate.rules._fields import CANONICAL, read_value

    assert read_value(CANONICAL["person"]["status_hidup"], "Almarhum") == "MENINGGAL"
    nik = heads["nik"][0]
    rolls = {"PKH": clean.rolls["PKH"], "BPNT": clean.rolls["BPNT"]}
    roll = rolls["PKH"].with_columns(pl.lit(nik).alias("nik")).head(1)
    deaths = pl.DataFrame({"nik": [nik], "status_hidup": ["ALMARHUM"]})
    found = bv.find_overlaps({**rolls, "PKH": roll}, deaths=deaths, fuzzy=False)
    assert found.counts()["deceased_recipient"] == 1


def test_declared_dates_in_every_form_are_read(persons: pl.DataFrame) -> None:
    people = persons.head(6).with_columns(
        pl.Series(
            "tanggal_lahir",
            [
                "1991-03-04T00:00:00",
                "4 Maret 1991",
                "04/03/1991",
                "4-3-1991",
                "1991-03-04 00:00:00",
                "04 MAR 1991",
            ],
        )
    )
    result = bv.check_table(people, reference_date=AT)
    assert "tanggal_lahir_unreadable" not in {
        c for row in result.frame["issue_codes"].to_list() for c in row
    }
    from bansos_validate.facts import read_date

    assert {read_date(v) for v in people["tanggal_lahir"].to_list()} == {read_date("1991-03-04")}


def test_categorical_nik_columns_are_read_as_text(tmp_path: Path, persons: pl.DataFrame) -> None:
    pandas = pytest.importorskip("pandas")
    frame = persons.select("nik", "no_kk").head(20).to_pandas()
    frame["nik"] = frame["nik"].astype("category")
    path = tmp_path / "kategori.parquet"
    frame.to_parquet(path)
    for table in (frame, bv.io.read(path), pl.from_pandas(frame)):
        result = bv.check_table(table, reference_date=AT)
        codes_found = result.frame["issue_codes"]
        flat = {c for row in list(codes_found) for c in row}
        assert "nik_invalid_type" not in flat, type(table)
    lone = pandas.DataFrame(
        {"nik": pandas.Series(["3576014403910003", "3576\ud80001"], dtype=object)}
    )
    checked = bv.check_table(lone, reference_date=AT).frame["issue_codes"].tolist()
    assert list(checked[1]) == ["nik_invalid_characters"]
