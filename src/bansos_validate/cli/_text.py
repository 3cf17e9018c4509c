"""What the command line says, in Bahasa Indonesia (default) and English."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bansos_validate.issues import Lang

__all__ = ["MESSAGES", "say"]

# key -> (Bahasa Indonesia, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "error": ("galat", "error"),
    "internal": (
        "galat internal ({kind}); ini bug, mohon laporkan. Setel BANSOS_VALIDATE_DEBUG=1 "
        "untuk jejak lengkap",
        "internal error ({kind}); this is a bug, please report it. Set "
        "BANSOS_VALIDATE_DEBUG=1 for the traceback",
    ),
    "step_synth": ("Membuat populasi sintetis", "Generating the synthetic population"),
    "step_write_inputs": ("Menulis berkas masukan", "Writing the input files"),
    "step_read": ("Membaca {name}", "Reading {name}"),
    "step_table": ("Memeriksa NIK dan KK", "Checking NIK and KK"),
    "step_households": ("Memeriksa susunan keluarga (KK)", "Checking household rosters"),
    "step_match": ("Mencocokkan dengan {name}", "Matching against {name}"),
    "step_rules": ("Menilai kelayakan {program}", "Deciding {program} eligibility"),
    "step_overlap": ("Mencari tumpang tindih", "Looking for overlaps"),
    "step_report": ("Menulis laporan", "Writing the report"),
    "rows_read": ("{rows} baris", "{rows} rows"),
    "status": ("Status NIK/KK", "NIK/KK status"),
    "top_codes": ("Temuan terbanyak", "Most frequent findings"),
    "households": ("Keluarga (KK)", "Households (KK)"),
    "households_line": (
        "{households} KK diperiksa: {valid} valid, {warning} peringatan, {invalid} tidak valid",
        "{households} households checked: {valid} valid, {warning} warning, {invalid} invalid",
    ),
    "match_line": (
        "{pairs} pasangan; {left_matched} dari {left_rows} baris {left} cocok ({rate}); "
        "{right_unmatched} baris {right} tanpa pasangan",
        "{pairs} pairs; {left_matched} of {left_rows} rows of {left} matched ({rate}); "
        "{right_unmatched} rows of {right} unmatched",
    ),
    "matching": ("Pencocokan", "Matching"),
    "eligibility": ("Kelayakan", "Eligibility"),
    "program": ("Program", "Program"),
    "eligible": ("Layak", "Eligible"),
    "not_eligible": ("Tidak layak", "Not eligible"),
    "undetermined": ("Belum pasti", "Undetermined"),
    "amount": ("Rp/tahun", "Rp/year"),
    "overlaps": ("Tumpang tindih", "Overlaps"),
    "overlaps_line": ("{total} ({kinds})", "{total} ({kinds})"),
    "findings_line": (
        "Temuan: {error} galat, {warning} peringatan, {info} info",
        "Findings: {error} errors, {warning} warnings, {info} info",
    ),
    "where": ("Lihat hasilnya", "Where to look"),
    "where_html": (
        "laporan lengkap; buka di peramban (tanpa internet)",
        "the full report; open it in a browser (works offline)",
    ),
    "where_xlsx": (
        "satu baris per temuan dengan nomor baris sumber; saring per kode/kelurahan",
        "one row per finding with the source row number; filter by code or village",
    ),
    "where_csv": ("temuan yang sama untuk aplikasi lain", "the same findings for other tools"),
    "where_parquet": ("temuan untuk pipeline data", "the findings for data pipelines"),
    "where_json": ("ringkasan dan provenance (versi, checksum)", "summary and provenance"),
    "where_inputs": (
        "data sintetis yang diperiksa (NIK sintetis)",
        "the synthetic data that was checked (synthetic NIKs)",
    ),
    "where_eligibility": (
        "keputusan kelayakan per KK/orang",
        "eligibility decisions per household/person",
    ),
    "no_report": (
        "Tambahkan --out FOLDER untuk menulis laporan HTML dan daftar temuan.",
        "Add --out FOLDER to write the HTML report and the list of findings.",
    ),
    "unmasked_warning": (
        "PERHATIAN: NIK/KK ditulis tanpa disamarkan (--unmasked). Lindungi berkasnya.",
        "WARNING: NIK/KK are written unmasked (--unmasked). Protect the files.",
    ),
    "elapsed": ("Selesai dalam {seconds} detik", "Finished in {seconds} s"),
    "exit_findings": (
        "Kode keluar 1: ada temuan setingkat {level} atau lebih (--fail-on {level}).",
        "Exit code 1: findings at or above {level} (--fail-on {level}).",
    ),
    "demo_title": (
        "Demo: populasi sintetis Kota Mojokerto ({households} KK, seed {seed})",
        "Demo: synthetic Kota Mojokerto population ({households} households, seed {seed})",
    ),
    "demo_people": (
        "{persons} penduduk dalam {households} KK; {planted} kesalahan sengaja ditanam",
        "{persons} persons in {households} households; {planted} errors planted on purpose",
    ),
    "demo_skipped_roll": (
        "Daftar {name} kosong (Kota Mojokerto tidak punya desa): dilewati",
        "The {name} roll is empty (Kota Mojokerto has no desa): skipped",
    ),
    "rules_cases": (
        "{program}: {passed}/{total} kasus lulus ({path})",
        "{program}: {passed}/{total} cases passed ({path})",
    ),
    "rules_failed": ("GAGAL", "FAILED"),
    "synth_written": ("Data sintetis ditulis ke {folder}", "Synthetic data written to {folder}"),
    "synth_note": (
        "Semua NIK/KK dan nama sintetis (bukan data pribadi); "
        "truth.* mencatat kesalahan yang ditanam.",
        "Every NIK/KK and name is synthetic (not personal data); truth.* lists the planted errors.",
    ),
    "region_not_found": (
        "Kode wilayah {code} tidak ditemukan (kode Kemendagri saat ini maupun historis)",
        "Region code {code} not found (neither a current nor a historical Kemendagri code)",
    ),
    "region_malformed": (
        "{code!r} bukan kode wilayah: harus 2, 4, 6 atau 10 digit (titik boleh)",
        "{code!r} is not a region code: it must have 2, 4, 6 or 10 digits (dots allowed)",
    ),
    "region_current": ("kode saat ini", "current code"),
    "province": ("provinsi", "province"),
    "regency": ("kabupaten/kota", "regency/city"),
    "district": ("kecamatan", "district"),
    "village": ("kelurahan/desa", "village"),
    "region_former": ("kode lama, sekarang {now}", "former code, now {now}"),
    "region_children": ("{count} wilayah di bawahnya", "{count} regions below it"),
    "bad_roll": (
        "ROLL harus NAMA=BERKAS atau BERKAS, bukan {value!r}",
        "ROLL must be NAME=FILE or FILE, not {value!r}",
    ),
    "duplicate_roll": ("nama daftar {name!r} dipakai dua kali", "roll name {name!r} is used twice"),
    "bad_column": (
        "--column harus KANONIK=KOLOM (mis. nik=NOMOR_INDUK), bukan {value!r}",
        "--column must be CANONICAL=COLUMN (e.g. nik=NOMOR_INDUK), not {value!r}",
    ),
    "bad_assume": (
        "--assume harus KOLOM=NILAI (mis. status_hidup=HIDUP), bukan {value!r}",
        "--assume must be COLUMN=VALUE (e.g. status_hidup=HIDUP), not {value!r}",
    ),
    "assume_unused": (
        "--assume {column}: kolom ini tidak dibaca oleh program yang dipilih",
        "--assume {column}: no selected program reads this column",
    ),
    "need_program": (
        "sebutkan paling sedikit satu --program (atau --rules BERKAS)",
        "give at least one --program (or --rules FILE)",
    ),
    "key_short": (
        "berkas kunci {path} kosong atau tidak terbaca",
        "the key file {path} is empty or unreadable",
    ),
    "key_exists": (
        "{path} sudah ada; kunci tidak ditimpa (pilih nama berkas lain)",
        "{path} exists; a key is never overwritten (choose another file name)",
    ),
    "key_written": (
        "kunci baru ditulis ke {path} (hanya pemilik yang bisa membaca); bagikan lewat saluran "
        "aman, jangan bersama berkas token",
        "new key written to {path} (readable by its owner only); share it over a secure "
        "channel, never together with the token files",
    ),
    "spreadsheet_split": (
        "catatan: berkas XLSX melebihi batas satu lembar Excel dan ditulis apa adanya: {note}",
        "note: an XLSX file exceeds the limits of one Excel sheet and was written anyway: {note}",
    ),
    "key_ok": ("{path}: kunci kuat ({bits} bit)", "{path}: a strong key ({bits} bits)"),
}


def say(key: str, lang: Lang = "id", **fields: object) -> str:
    """Return the message *key* in *lang* with its fields filled in.

    >>> say("rows_read", "en", rows="1,234")
    '1,234 rows'
    """
    idn, en = MESSAGES[key]
    text = en if lang == "en" else idn
    return text.format(**fields) if fields else text
