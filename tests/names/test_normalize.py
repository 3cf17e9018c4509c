"""Name normalisation: each rule of docs/domain.md "Name variation", missing values, bad input."""

from __future__ import annotations

import math

import attrs
import pytest

from bansos_validate.errors import InvalidArgument
from bansos_validate.names import (
    ParsedName,
    modernise,
    normalize_name,
    normalize_names,
    parse_name,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # titles, honorifics and degrees (Permendagri 73/2022: KTP may carry them)
        ("H. SLAMET, S.Pd", "SLAMET"),
        ("Hj. Siti Aminah", "SITI AMINAH"),
        ("KH. ISMAIL", "ISMAIL"),
        ("K.H. ISMAIL", "ISMAIL"),
        ("Ust. Junaidi", "JUNAIDI"),
        ("Drs. Supardi", "SUPARDI"),
        ("Dra. Sri Rahayu, M.Si", "SRI RAHAYU"),
        ("Ir. Bambang Sutrisno, M.M.", "BAMBANG SUTRISNO"),
        ("dr. Herman", "HERMAN"),
        ("Prof. Dr. Ir. H. Supriyanto, M.Pd", "SUPRIYANTO"),
        ("Bpk. Suparman", "SUPARMAN"),
        ("Bapak Suparman", "SUPARMAN"),
        ("Ibu Sumarni", "SUMARNI"),
        ("Bu Sumiati", "SUMIATI"),
        ("Ny. Sulastri", "SULASTRI"),
        ("Tn. Herman", "HERMAN"),
        ("Sdr. Wahyudi", "WAHYUDI"),
        ("Sdri. Nurhayati", "NURHAYATI"),
        ("Raden Sutarjo", "SUTARJO"),
        ("R. Soeprapto", "SUPRAPTO"),
        ("R.A. Sumartini", "SUMARTINI"),
        ("Nur Aini, S.Pd.I", "NUR AINI"),
        ("Nur Aini, S.PdI", "NUR AINI"),
        ("Ahmad Fauzi, S.H., M.H.", "AHMAD FAUZI"),
        ("Fitri Handayani, A.Md.Kep", "FITRI HANDAYANI"),
        ("Sumiati, S.Kep, Ns.", "SUMIATI"),
        ("Yuliana S.Sos", "YULIANA"),
        ("RINA MARLINA SPD", "RINA MARLINA"),
        ("DRS H M YUSUF SH MH", "MUHAMMAD YUSUF"),
        ("Alm. Sutrisno", "SUTRISNO"),
        ("SUPARDI (ALM)", "SUPARDI"),
        # Muhammad's spellings and abbreviations
        ("Muhamad Rizki", "MUHAMMAD RIZKI"),
        ("Mohamad Nur", "MUHAMMAD NUR"),
        ("Mohammad Arifin", "MUHAMMAD ARIFIN"),
        ("Mochamad Arif", "MUHAMMAD ARIF"),
        ("Mochammad Syaiful", "MUHAMMAD SYAIFUL"),
        ("Moehamad Said", "MUHAMMAD SAID"),
        ("Moehammad Hasan", "MUHAMMAD HASAN"),
        ("Moechamad Ali", "MUHAMMAD ALI"),
        ("Mukhamad Rofiq", "MUHAMMAD ROFIQ"),
        ("Mukhammad Faiz", "MUHAMMAD FAIZ"),
        ("Mohammed Ilham", "MUHAMMAD ILHAM"),
        ("Muhammaad Zaki", "MUHAMMAD ZAKI"),
        ("Mohamat Soleh", "MUHAMMAD SOLEH"),
        ("Moh. Rifai", "MUHAMMAD RIFAI"),
        ("Moch. Soleh", "MUHAMMAD SOLEH"),
        ("Mohd. Ali", "MUHAMMAD ALI"),
        ("Moech. Taufik", "MUHAMMAD TAUFIK"),
        ("Much. Romli", "MUHAMMAD ROMLI"),
        ("Moeh. Yasin", "MUHAMMAD YASIN"),
        ("Muh. Arsyad", "MUHAMMAD ARSYAD"),
        ("MHD RIDWAN", "MUHAMMAD RIDWAN"),
        ("M. Yusuf", "MUHAMMAD YUSUF"),
        ("M YUSUF", "MUHAMMAD YUSUF"),
        ("H. M. Yusuf", "MUHAMMAD YUSUF"),
        ("MAHMUD", "MAHMUD"),
        ("MUHAMMADIYAH", "MUHAMMADIYAH"),
        ("ABD. RAHMAN", "ABDUL RAHMAN"),
        ("ST. RAHMAH", "SITI RAHMAH"),
        # old spelling, only in tokens that show it
        ("SOEHARTO", "SUHARTO"),
        ("DJOKO SOEWITO", "JOKO SUWITO"),
        ("TJAHJONO", "CAHYONO"),
        ("SJAHRIR", "SYAHRIR"),
        ("SOEDJATMIKO", "SUJATMIKO"),
        ("HARDJONO", "HARJONO"),
        ("WIDJAJA", "WIJAYA"),
        ("PANDJI", "PANJI"),
        ("MOECHTAR", "MUKHTAR"),
        ("AGOES SOEPRIYANTO", "AGUS SUPRIYANTO"),
        ("JOKO", "JOKO"),
        ("MARIJAN", "MARIJAN"),
        ("PANJI", "PANJI"),
        ("CHANDRA", "CHANDRA"),
        ("SOEJONO", "SUJONO"),
        # punctuation, case, spacing, Unicode
        ("MAWARDI.Z", "MAWARDI Z"),
        ("Ma'ruf Hidayat", "MARUF HIDAYAT"),
        ("Ma’ruf Hidayat", "MARUF HIDAYAT"),
        ("  sri   wahyuni ", "SRI WAHYUNI"),
        ("Siti-Aminah", "SITI AMINAH"),
        ("José Rizal", "JOSE RIZAL"),
        ("ＳＵＴＲＩＳＮＯ", "SUTRISNO"),
        ("NA70", "NA70"),
        ("SANTOSO, BUDI", "SANTOSO BUDI"),
    ],
)
def test_normalize_name(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("M.", "M"),  # a lone M is an initial
        ("YUSUF M.", "YUSUF M"),  # M later in the name is an initial
        ("AHMAD M YUSUF", "AHMAD M YUSUF"),
        ("H.", "H"),  # a title never empties a name
        ("S.PD", "S PD"),
        ("YUSUF H", "YUSUF H"),  # H closing a name is an initial, not Haji
    ],
)
def test_single_letters_stay_initials_where_a_title_would_empty_the_name(
    raw: str, expected: str
) -> None:
    assert normalize_name(raw) == expected


def test_bin_binti_split_off_the_patronym() -> None:
    parsed = parse_name("H. AHMAD BIN H. SLAMET, S.Pd")
    assert parsed.given == ("AHMAD",)
    assert parsed.patronym == ("SLAMET",)
    assert parsed.titles == ("H.", "H.", "S.Pd")
    assert parsed.normalized == "AHMAD"
    assert parsed.full == "AHMAD SLAMET"
    for connector in ("BIN", "BINTI", "BT", "BT.", "BN", "bin", "Binti"):
        assert parse_name(f"SITI {connector} SUPARDI").patronym == ("SUPARDI",)


def test_patronym_gets_the_same_normalisation() -> None:
    parsed = parse_name("ISMAIL BIN M. DJUNAEDI")
    assert parsed.patronym == ("MUHAMMAD", "JUNAEDI")
    assert parse_name("AHMAD BIN SLAMET BIN SUPARDI").patronym == ("SLAMET", "SUPARDI")


def test_a_connector_opening_or_closing_the_name_is_kept_or_dropped() -> None:
    assert parse_name("BIN LADEN").given == ("BIN", "LADEN")
    assert parse_name("AHMAD BIN").patronym == ()
    assert parse_name("AHMAD BIN").given == ("AHMAD",)


def test_titles_are_reported_in_written_form_and_order() -> None:
    parsed = parse_name("Drs. H. Moch. Soeharto, M.Si")
    assert parsed.titles == ("Drs.", "H.", "M.Si")
    assert parsed.given == ("MUHAMMAD", "SUHARTO")


def test_parsed_name_is_frozen_and_reads_well() -> None:
    parsed = parse_name("HJ. SITI BINTI AHMAD")
    assert isinstance(parsed, ParsedName)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        parsed.normalized = "X"  # type: ignore[misc]
    assert repr(parsed) == "<ParsedName 'SITI' bin 'AHMAD' titles=('Hj.',)>"
    assert repr(parse_name("")) == "<ParsedName ''>"
    assert hash(parsed) == hash(parse_name("HJ. SITI BINTI AHMAD"))


@pytest.mark.parametrize("missing", [None, "", "   ", ".,-", "😴", math.nan, float("nan")])
def test_missing_and_empty_give_empty(missing: object) -> None:
    assert normalize_name(missing) == ""
    assert parse_name(missing) == ParsedName()


def test_pandas_na_is_missing() -> None:
    pd = pytest.importorskip("pandas")
    assert normalize_name(pd.NA) == ""
    assert normalize_names(pd.Series(["Moch. Soleh", None], dtype="string").to_list()) == [
        "MUHAMMAD SOLEH",
        "",
    ]


@pytest.mark.parametrize("junk", [3576014403910003, 1.5, b"SLAMET", ["SLAMET"], object(), True])
def test_non_text_raises_invalid_argument_without_the_value(junk: object) -> None:
    with pytest.raises(InvalidArgument) as info:
        normalize_name(junk)
    assert "3576014403910003" not in str(info.value)
    assert isinstance(info.value, TypeError)
    with pytest.raises(InvalidArgument, match="position 1"):
        normalize_names(["SLAMET", junk])


def test_modernise_touches_only_old_spelled_tokens() -> None:
    assert modernise("NJONJA") == "NJONJA"  # NJ alone is modern (PANJI)
    assert modernise("TJUT") == "CUT"
    assert modernise("DDJJ") == "JY"  # junk still reaches a fixed point


def test_long_input_is_not_cached_but_works() -> None:
    long_name = "SITI AMINAH " * 100
    assert normalize_name(long_name).startswith("SITI AMINAH SITI")


def test_normalize_names_keeps_order_and_length() -> None:
    raw = ["Moch. Soleh", None, "MOCH. SOLEH", "Ny. Sulastri", math.nan, ""]
    assert normalize_names(raw) == ["MUHAMMAD SOLEH", "", "MUHAMMAD SOLEH", "SULASTRI", "", ""]
    assert normalize_names(iter(["H. SLAMET"])) == ["SLAMET"]
    assert normalize_names([]) == []
