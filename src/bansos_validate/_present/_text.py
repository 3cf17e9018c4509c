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
    "skipped": ("Bukan data (dilewati)", "Not a record (skipped)"),
    "skipped_rows": ("Baris bukan data (dilewati)", "Rows that are not records (skipped)"),
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
    # how the files were read (the run manifest)
    "manifest": ("Cara berkas dibaca", "How the files were read"),
    "manifest_intro": (
        "Sebelum diperiksa, setiap berkas dibaca: judul kolom dicocokkan dengan kolom baku; "
        "baris kosong, baris judul kolom di dalam tabel, dan baris jumlah, catatan atau "
        "tanda tangan dilewati. Bila ada angka di atas yang terasa janggal, periksa bagian "
        "ini dulu.",
        "Before the checks, every file was read: its headers were matched to the standard "
        "columns, and empty rows, header lines inside the table, and totals, notes and "
        "signature rows were skipped. If a figure above looks wrong, look here first.",
    ),
    "manifest_notes": ("Catatan tentang berkas", "Notes on the input files"),
    "manifest_notes_card": ("Catatan berkas perlu dilihat", "Input notes to look at"),
    "checks_skipped_card": ("Pemeriksaan dilewati", "Checks skipped"),
    "assumptions": ("Anggapan (--assume)", "Assumptions (--assume)"),
    "assumptions_note": (
        "Kolom ini tidak ada di berkas; nilainya dianggap sama untuk semua baris karena "
        "diminta. Keputusan yang memakainya bergantung pada anggapan ini.",
        "These columns are not in the files; one value was assumed for every row, as "
        "asked. The decisions that use them depend on these assumptions.",
    ),
    "no_assumptions": (
        "Tidak ada nilai yang dianggap (--assume): setiap kolom yang dipakai berasal dari berkas.",
        "Nothing was assumed (--assume): every column used came from the files.",
    ),
    "assumed": ("ANGGAPAN", "ASSUMED"),
    "checks_run": ("Pemeriksaan yang dijalankan", "Checks run"),
    "checks_skipped": ("Pemeriksaan yang dilewati", "Checks skipped"),
    "no_checks_skipped": ("Tidak ada pemeriksaan yang dilewati.", "No check was skipped."),
    "missing_columns": ("Kolom yang tidak ada", "Missing columns"),
    "with_assumed": ("dengan anggapan", "on assumed values"),
    "per_input": ("Per berkas", "Per input"),
    "in_memory": ("tabel di memori, bukan berkas", "an in-memory table, not a file"),
    "header_row": ("Judul kolom di baris {row}", "Header on row {row}"),
    "banner_skipped": (
        "baris {rows} di atasnya (judul atau keterangan) dilewati",
        "rows {rows} above it (a title or notes) skipped",
    ),
    "banner_skipped_one": (
        "baris {rows} di atasnya (judul atau keterangan) dilewati",
        "row {rows} above it (a title or notes) skipped",
    ),
    "rows_read": ("Baris dibaca", "Rows read"),
    "records": ("baris data", "records"),
    "blank_rows": ("baris kosong", "empty rows"),
    "footer_rows": ("baris jumlah, catatan, tanda tangan", "totals, notes, signature rows"),
    "header_rows": ("baris judul kolom di dalam tabel", "header lines inside the table"),
    "canonical": ("Kolom baku", "Standard column"),
    "header_in_file": ("Judul di berkas", "Header in the file"),
    "matched_by": ("Cara dicocokkan", "Matched by"),
    "by_given": ("ditentukan (--column)", "given (--column)"),
    "by_name": ("nama sama", "same name"),
    "by_alias": ("nama lain yang dikenal", "known alias"),
    "by_lookalike": ("huruf mirip: periksa!", "look-alike letters: check!"),
    "by_assumed": ("tidak ada di berkas; dianggap", "not in the file; assumed"),
    "same_headers": (
        "Judul kolom sama dengan nama kolom baku",
        "Headers that are the standard column names",
    ),
    "unused": ("Judul kolom tidak dipakai", "Headers not used"),
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
