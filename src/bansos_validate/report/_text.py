"""The words of the report, in Bahasa Indonesia and English, and number formatting."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bansos_validate.issues import Lang

__all__ = ["TEXT", "number", "rupiah", "say"]

# key -> (Bahasa Indonesia, English)
TEXT: dict[str, tuple[str, str]] = {
    "title": ("Laporan validasi data bansos", "Bansos data validation report"),
    "reference_date": ("Tanggal acuan", "Reference date"),
    "generated": ("Dibuat", "Generated"),
    "summary": ("Ringkasan", "Summary"),
    "persons": ("Penduduk diperiksa", "Persons checked"),
    "valid": ("Valid", "Valid"),
    "warning": ("Peringatan", "Warning"),
    "invalid": ("Tidak valid", "Invalid"),
    "excel_damaged": ("Rusak oleh Excel", "Damaged by Excel"),
    "households": ("Keluarga (KK)", "Households (KK)"),
    "households_with_issues": ("KK bermasalah", "Households with findings"),
    "match_rate": ("Tingkat kecocokan", "Match rate"),
    "eligible": ("Layak", "Eligible"),
    "not_eligible": ("Tidak layak", "Not eligible"),
    "undetermined": ("Belum dapat diputuskan", "Undetermined"),
    "overlaps": ("Tumpang tindih", "Overlaps"),
    "findings": ("Temuan", "Findings"),
    "error": ("Galat", "Error"),
    "info": ("Info", "Info"),
    "nik_kk": ("Pemeriksaan NIK dan KK", "NIK and KK checks"),
    "by_code": ("Temuan per kode", "Findings by code"),
    "by_district": ("Status per kecamatan", "Status by district"),
    "by_village": (
        "Kelurahan/desa dengan temuan terbanyak",
        "Villages with the most findings",
    ),
    "household_checks": ("Pemeriksaan rumah tangga (per KK)", "Household checks (per KK)"),
    "household_status": ("Status KK", "Household status"),
    "matching": ("Pencocokan antar-sumber", "Matching between sources"),
    "pairs": ("Pasangan cocok", "Matched pairs"),
    "pairs_by_rule": ("Pasangan per aturan", "Pairs by rule"),
    "unmatched": ("Tidak ditemukan pasangannya", "Not matched"),
    "left": ("Sumber kiri", "Left source"),
    "right": ("Sumber kanan", "Right source"),
    "eligibility": ("Kelayakan program", "Program eligibility"),
    "program": ("Program", "Program"),
    "amount": ("Nilai bantuan per tahun", "Benefit per year"),
    "eligible_by_program": ("Layak per program", "Eligible by program"),
    "amount_by_program": ("Nilai per program (Rp/tahun)", "Amount by program (Rp/year)"),
    "overlaps_by_kind": ("Tumpang tindih per jenis", "Overlaps by kind"),
    "overlap_total": ("Jumlah tumpang tindih", "Overlaps found"),
    "overlaps_by_programs": ("Tumpang tindih per program", "Overlaps by program"),
    "overlap_kinds": ("Jenis yang diperiksa", "Kinds looked for"),
    "findings_table": ("Daftar temuan", "List of findings"),
    "findings_note": (
        "Nomor baris adalah baris pada berkas sumber (nomor baris Excel untuk .xlsx). "
        "NIK dan KK disamarkan. Daftar lengkap: temuan.xlsx / temuan.csv.",
        "Row numbers are the rows of the source file (the Excel row number for .xlsx). "
        "NIK and KK are masked. The full list: temuan.xlsx / temuan.csv.",
    ),
    "findings_note_unmasked": (
        "PERHATIAN: laporan ini memuat NIK dan KK tanpa disamarkan (--unmasked). "
        "Simpan dan bagikan sesuai UU PDP 27/2022.",
        "WARNING: this report holds unmasked NIK and KK numbers (--unmasked). "
        "Store and share it as UU PDP 27/2022 requires.",
    ),
    "shown_of": (
        "Ditampilkan {shown} dari {total} temuan.",
        "Showing {shown} of {total} findings.",
    ),
    "filter": ("Saring…", "Filter…"),
    "provenance": ("Asal-usul (provenance)", "Provenance"),
    "inputs": ("Berkas masukan", "Input files"),
    "library": ("Pustaka", "Library"),
    "region_data": ("Data kode wilayah", "Region-code data"),
    "rulesets": ("Aturan program", "Program rule sets"),
    "policy": ("Kebijakan tumpang tindih", "Overlap policy"),
    "command": ("Perintah", "Command"),
    "check": ("Pemeriksaan", "Check"),
    "source": ("Sumber", "Source"),
    "row": ("Baris", "Row"),
    "code": ("Kode", "Code"),
    "severity": ("Tingkat", "Severity"),
    "message": ("Keterangan", "Message"),
    "detail": ("Rincian", "Detail"),
    "village": ("Kelurahan/desa", "Village"),
    "district": ("Kecamatan", "District"),
    "count": ("Jumlah", "Count"),
    "rows": ("Baris", "Rows"),
    "size": ("Ukuran (bita)", "Size (bytes)"),
    "version": ("Versi", "Version"),
    "item": ("Butir", "Item"),
    "value": ("Nilai", "Value"),
    "none": ("Tidak ada.", "None."),
    "no_findings": ("Tidak ada temuan.", "No findings."),
    "not_run": ("Tidak dijalankan.", "Not run."),
    "fuzzy_off": (
        "Mode pseudonim: jenis tumpang tindih fuzzy tidak tersedia pada token.",
        "Pseudonymised mode: fuzzy overlap kinds are not available on tokens.",
    ),
    "lang_switch": ("Bahasa", "Language"),
    "synthetic_note": (
        "Data sintetis: semua NIK/KK dan nama dibuat oleh bansos_validate.synth.",
        "Synthetic data: every NIK/KK and name was made by bansos_validate.synth.",
    ),
    "msg_unmatched_left": (
        "Tidak ditemukan pada sumber {other}.",
        "Not found in the source {other}.",
    ),
    "msg_unmatched_right": (
        "Ada di sumber {this} tetapi tidak ditemukan pada {other}.",
        "In the source {this} but not found in {other}.",
    ),
    "msg_undetermined": (
        "Kelayakan {program} belum dapat diputuskan: data kurang untuk {reasons}.",
        "{program} eligibility cannot be decided: data missing for {reasons}.",
    ),
    "per_year": ("per tahun", "per year"),
}


def say(key: str, lang: Lang = "id", **fields: object) -> str:
    """Return the text for *key* in *lang*, with ``str.format`` *fields* filled in.

    >>> say("shown_of", "en", shown=10, total=12)
    'Showing 10 of 12 findings.'
    """
    idn, en = TEXT[key]
    text = en if lang == "en" else idn
    return text.format(**fields) if fields else text


def number(value: float, lang: Lang = "id", digits: int = 0) -> str:
    """Format a number with the thousands and decimal separators of *lang*.

    >>> number(1234567), number(1234567, "en"), number(99.5, "id", 1)
    ('1.234.567', '1,234,567', '99,5')
    """
    text = f"{value:,.{digits}f}"
    if lang == "en":
        return text
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def rupiah(value: float, lang: Lang = "id") -> str:
    """Format an amount of rupiah (``Rp1.800.000``).

    >>> rupiah(1800000), rupiah(1800000, "en")
    ('Rp1.800.000', 'Rp1,800,000')
    """
    return "Rp" + number(value, lang)
