"""Public surface, arguments, determinism and writing files."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import polars as pl
import pytest

import bansos_validate as bv
from bansos_validate import synth


@pytest.fixture(scope="module")
def small() -> synth.Population:
    return synth.generate(
        n_households=300, regions=["3510"], seed=5, error_rates=synth.ErrorRates().scaled(5)
    )


def test_public_surface() -> None:
    assert synth.__all__ == sorted(synth.__all__)
    assert set(synth.__all__) == {"ErrorRates", "Population", "generate"}
    for name in synth.__all__:
        assert getattr(synth, name).__module__ == "bansos_validate.synth"


def test_population_shape(small: synth.Population) -> None:
    assert set(small.rolls) == {"PKH", "BPNT", "PBI-JK", "BLT-DD", "PIP"}
    assert small.persons.columns == [
        "nik", "no_kk", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "hubungan_keluarga",
        "status_perkawinan", "pekerjaan", "alamat", "rt", "rw", "kode_wilayah", "status_hidup",
        "tanggal_meninggal", "hamil", "disabilitas_berat", "jenjang_sekolah", "person_id", "household_id",
    ]  # fmt: skip
    assert small.second_view.columns == small.persons.columns
    for roll in small.rolls.values():
        assert roll.columns == [
            "program", "nik", "no_kk", "nama", "kode_wilayah", "periode", "person_id", "household_id",
        ]  # fmt: skip
    assert small.households.columns[:6] == ["no_kk", "desil", "kode_wilayah", "alamat", "rt", "rw"]
    assert small.reference_date == dt.date(2026, 1, 1)
    assert small.seed == 5
    assert small.regions == ("3510",)
    with pytest.raises(TypeError):
        small.rolls["PKH"] = small.persons  # type: ignore[index]


def test_repr_shows_no_identifiers(small: synth.Population) -> None:
    text = repr(small)
    assert text.startswith("<Population seed=5 regions=3510 300 households")
    for nik in small.persons["nik"].drop_nulls().head(50):
        assert nik not in text


def test_table_lookup(small: synth.Population) -> None:
    assert small.table("rolls/PKH") is small.rolls["PKH"]
    assert small.table("persons") is small.persons
    with pytest.raises(bv.InvalidArgument, match="Unknown table"):
        small.table("rolls/XYZ")


def test_same_seed_same_data_other_seed_other_data(small: synth.Population) -> None:
    again = synth.generate(
        n_households=300, regions=["3510"], seed=5, error_rates=synth.ErrorRates().scaled(5)
    )
    for name, frame in small.tables().items():
        assert frame.equals(again.table(name)), name
    other = synth.generate(
        n_households=300, regions=["3510"], seed=6, error_rates=synth.ErrorRates().scaled(5)
    )
    assert not other.persons.equals(small.persons)
    assert not other.truth.equals(small.truth)


def test_error_rates_do_not_reshuffle_the_population() -> None:
    only_typos = synth.ErrorRates(**{**synth.ErrorRates.none().as_dict(), "nik_typo": 0.2})
    a = synth.generate(n_households=200, seed=3, error_rates=only_typos)
    b = synth.generate(n_households=200, seed=3, error_rates=synth.ErrorRates.none())
    assert a.persons["person_id"].equals(b.persons["person_id"])
    assert a.persons.drop("nik").equals(b.persons.drop("nik"))
    differs = (a.persons["nik"] != b.persons["nik"]).sum()
    assert differs == a.truth.filter(pl.col("kind") == "nik_typo").height > 0


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_write_round_trip_and_bytes(small: synth.Population, tmp_path: Path, fmt: str) -> None:
    paths = small.write(tmp_path / "a", format=fmt)  # type: ignore[arg-type]
    names = sorted(p.name for p in paths)
    assert names == sorted(
        f"{n}.{fmt}"
        for n in (
            "persons", "households", "second_view", "truth", "rolls_PKH", "rolls_BPNT",
            "rolls_PBI-JK", "rolls_BLT-DD", "rolls_PIP",
        )
    )  # fmt: skip
    for name, frame in small.tables().items():
        path = tmp_path / "a" / f"{name.replace('/', '_')}.{fmt}"
        back = pl.read_csv(path, schema=frame.schema) if fmt == "csv" else pl.read_parquet(path)
        assert back.equals(frame), name
    small.write(tmp_path / "b", format=fmt)  # type: ignore[arg-type]
    again = synth.generate(
        n_households=300, regions=["3510"], seed=5, error_rates=synth.ErrorRates().scaled(5)
    )
    again.write(tmp_path / "c", format=fmt)  # type: ignore[arg-type]
    for path in paths:
        assert (
            path.read_bytes()
            == (tmp_path / "b" / path.name).read_bytes()
            == (tmp_path / "c" / path.name).read_bytes()
        )


def test_csv_keeps_excel_damage_as_text(small: synth.Population, tmp_path: Path) -> None:
    small.write(tmp_path, format="csv")
    text = (tmp_path / "persons.csv").read_text(encoding="utf-8")
    for seen in small.truth.filter(pl.col("kind") == "nik_excel_scientific")["observed_value"]:
        assert f",{seen}," in text or text.startswith(f"{seen},") or f"\n{seen}," in text


def test_write_xlsx(tmp_path: Path) -> None:
    pytest.importorskip("xlsxwriter")
    tiny = synth.generate(n_households=30, seed=2, error_rates=synth.ErrorRates().scaled(10))
    paths = tiny.write(tmp_path / "a", format="xlsx")
    assert len(paths) == 9
    assert all(p.suffix == ".xlsx" and p.stat().st_size > 0 for p in paths)
    tiny.write(tmp_path / "b", format="xlsx")
    for path in paths:  # a fixed creation date: the same bytes each time
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()


def test_write_xlsx_without_xlsxwriter(
    small: synth.Population, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)
    with pytest.raises(ImportError, match="pip install xlsxwriter"):
        small.write(tmp_path, format="xlsx")
    assert not list(tmp_path.iterdir())


def test_write_rejects_unknown_format(small: synth.Population, tmp_path: Path) -> None:
    with pytest.raises(bv.InvalidArgument, match="format"):
        small.write(tmp_path, format="json")  # type: ignore[arg-type]


def test_error_rates() -> None:
    rates = synth.ErrorRates()
    assert synth.ErrorRates.none().as_dict() == dict.fromkeys(rates.as_dict(), 0.0)
    assert all(0 <= v <= 1 for v in rates.as_dict().values())
    with pytest.raises(bv.InvalidArgument, match=r"nik_typo=1\.5"):
        synth.ErrorRates(nik_typo=1.5)
    with pytest.raises(bv.InvalidArgument, match="kk_typo"):
        synth.ErrorRates(kk_typo="0.1")  # type: ignore[arg-type]
    with pytest.raises(bv.InvalidArgument, match="add up to"):
        synth.ErrorRates(nik_typo=0.6, nik_missing=0.6)
    with pytest.raises(bv.InvalidArgument, match="factor"):
        rates.scaled(-1)
    assert rates.scaled(2).as_dict() == {k: min(1.0, 2 * v) for k, v in rates.as_dict().items()}
    assert rates.scaled(5).death_not_recorded == 1.0
    with pytest.raises(bv.InvalidArgument, match="add up to"):
        rates.scaled(1000)


def test_generate_arguments() -> None:
    with pytest.raises(bv.InvalidArgument, match="did you mean 'nik_typo'"):
        synth.generate(n_households=5, error_rates={"nik_tpyo": 0.1})
    with pytest.raises(bv.InvalidArgument, match="n_households"):
        synth.generate(n_households=0)
    with pytest.raises(bv.InvalidArgument, match="n_households"):
        synth.generate(n_households=2.5)  # type: ignore[arg-type]
    with pytest.raises(bv.InvalidArgument, match="seed"):
        synth.generate(n_households=5, seed=-1)
    with pytest.raises(bv.InvalidArgument, match="Unknown"):
        synth.generate(n_households=5, regions=["3599"])
    with pytest.raises(bv.InvalidArgument, match="province"):
        synth.generate(n_households=5, regions=["35"])
    with pytest.raises(bv.InvalidArgument, match="reference_date"):
        synth.generate(n_households=5, reference_date="1/1/2026")  # type: ignore[arg-type]
    with pytest.raises(bv.InvalidArgument, match="reference_date"):
        synth.generate(n_households=5, reference_date=None)  # type: ignore[arg-type]
    with pytest.raises(bv.InvalidArgument, match="error_rates"):
        synth.generate(n_households=5, error_rates=0.1)  # type: ignore[arg-type]


def test_district_codes_and_reference_date() -> None:
    pop = synth.generate(
        n_households=50, regions="357602", seed=1, reference_date=dt.date(2025, 8, 17)
    )
    assert set(pop.households["kode_wilayah"].str.slice(0, 6)) == {"357602"}
    assert set(pop.rolls["PBI-JK"]["periode"]) == {"2025-Q3"}
    born = pop.persons["tanggal_lahir"].drop_nulls().str.to_date()
    assert born.max() <= dt.date(2025, 8, 17)  # type: ignore[operator]


def test_single_household() -> None:
    pop = synth.generate(n_households=1, seed=0, error_rates=synth.ErrorRates().scaled(10))
    assert pop.households.height == 1
