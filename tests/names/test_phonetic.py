"""The Indonesian phonetic key, and how it compares with Soundex and Metaphone."""

from __future__ import annotations

import re
from pathlib import Path

import jellyfish
import pytest

from bansos_validate.names import phonetic_key
from bansos_validate.names._phonetic import token_key

DOCS = Path(__file__).resolve().parents[2] / "docs" / "names.md"

# (a, b, same name?) - the comparison table of docs/names.md.
COMPARISON = [
    ("DJOKO", "JOKO", True),
    ("TJAHJO", "CAHYO", True),
    ("TJAHJONO", "CAHYONO", True),
    ("SOEHARTO", "SUHARTO", True),
    ("SOEJONO", "SUYONO", True),
    ("SJAHRIR", "SYAHRIR", True),
    ("NJOTO", "NYOTO", True),
    ("MARIJAN", "MARIYAN", True),
    ("SUPRIJADI", "SUPRIADI", True),
    ("HARYANTO", "HARIYANTO", True),
    ("ACHMAD", "AHMAD", True),
    ("MACHMUD", "MAHMUD", True),
    ("ZAENAL", "ZAINAL", True),
    ("SYAIFUL", "SAIFUL", True),
    ("ARIFIN", "ARIPIN", True),
    ("QOMARUDIN", "KOMARUDIN", True),
    ("RAMADHAN", "RAMADAN", True),
    ("HENDRY", "HENDRI", True),
    ("SELAMET", "SLAMET", True),
    ("SANTOSA", "SANTOSO", True),
    ("ABDULLAH", "ABDULAH", True),
    ("FATIMAH", "FATIMA", True),
    ("WIDJAJA", "WIJAYA", True),
    ("SUBAGIO", "SUBAGYO", True),
    ("MOCH. JUSUF", "MUHAMMAD YUSUF", True),
    ("SRI WAHYUNI", "SRI WAHYUNINGSIH", False),
    ("NURHAYATI", "NURHAYANTI", False),
    ("SUSANTO", "SUSANTI", False),
    ("EKO", "EKA", False),
    ("MULYADI", "MULYATI", False),
    ("RAHMAN", "RAHMAT", False),
    ("DWI", "TRI", False),
]


def english_code(code: object, name: str) -> str:
    """Soundex or Metaphone per token of the raw name, as a user would apply them."""
    assert callable(code)
    return " ".join(str(code(token)) for token in re.findall(r"[A-Z]+", name.upper()))


def cell(a: str, b: str) -> str:
    return f"yes: {a}" if a == b else f"no: {a} / {b}"


def table_row(a: str, b: str, same: bool) -> str:
    soundex = cell(english_code(jellyfish.soundex, a), english_code(jellyfish.soundex, b))
    metaphone = cell(english_code(jellyfish.metaphone, a), english_code(jellyfish.metaphone, b))
    ours = cell(phonetic_key(a), phonetic_key(b))
    kind = "variant" if same else "different"
    return f"| {a} | {b} | {kind} | {soundex} | {metaphone} | {ours} |"


@pytest.mark.parametrize(("a", "b", "same"), COMPARISON)
def test_our_key_groups_variants_and_separates_different_names(a: str, b: str, same: bool) -> None:
    assert (phonetic_key(a) == phonetic_key(b)) is same


def test_english_codes_miss_the_old_spelling() -> None:
    variants = [(a, b) for a, b, same in COMPARISON if same]
    soundex_hits = sum(
        english_code(jellyfish.soundex, a) == english_code(jellyfish.soundex, b)
        for a, b in variants
    )
    metaphone_hits = sum(
        english_code(jellyfish.metaphone, a) == english_code(jellyfish.metaphone, b)
        for a, b in variants
    )
    assert soundex_hits < len(variants) * 0.7
    assert metaphone_hits < len(variants) * 0.5
    assert english_code(jellyfish.soundex, "DJOKO") != english_code(jellyfish.soundex, "JOKO")
    assert english_code(jellyfish.metaphone, "TJAHJO") != english_code(jellyfish.metaphone, "CAHYO")


def test_docs_show_the_comparison_table() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = [row for row in (table_row(*c) for c in COMPARISON) if row not in text]
    assert not missing, "docs/names.md is out of date; expected rows:\n" + "\n".join(missing)
    variants = [(a, b) for a, b, same in COMPARISON if same]
    hits = {
        name: sum(english_code(code, a) == english_code(code, b) for a, b in variants)
        for name, code in (("Soundex", jellyfish.soundex), ("Metaphone", jellyfish.metaphone))
    }
    ours = sum(phonetic_key(a) == phonetic_key(b) for a, b in variants)
    summary = (
        f"Ours groups all {ours} variants; Soundex {hits['Soundex']}, "
        f"Metaphone {hits['Metaphone']}."
    )
    assert ours == len(variants)
    assert summary in text


@pytest.mark.parametrize(
    ("token", "key"),
    [
        ("DJOKO", "YOKO"),
        ("JOKO", "YOKO"),
        ("EKO", "EKO"),  # a short final -O stays
        ("SUTRISNO", "SUTRISNA"),  # Javanese -o/-a
        ("MUHAMMAD", "MUHAMAD"),
        ("SHOLEH", "SOLE"),
        ("SUBKHAN", "SUBAN"),
        ("NYOMAN", "NYOMAN"),  # NY is one sound: its Y is not the vowel I
        ("YANTIE", "YANTI"),
        ("ROY", "ROY"),  # final Y after a vowel stays
        ("QORI", "KORI"),
        ("ALEX", "ALEKS"),
        ("VIVI", "PIPI"),
        ("SUWARNO", "SUARNA"),
        ("H", "H"),
        ("NA70", "NA70"),
    ],
)
def test_token_key(token: str, key: str) -> None:
    assert token_key(token) == key


def test_phonetic_key_is_per_token_of_the_given_name() -> None:
    assert phonetic_key("H. DJOKO SOEWITO BIN SLAMET, S.Pd") == "YOKO SUITA"
    assert phonetic_key("") == ""
    assert phonetic_key(None) == ""
    assert phonetic_key("M. YUSUF").split()[0] == "MUHAMAD"
