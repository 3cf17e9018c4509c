"""Issue codes of the intake: rows that are not records, and notes about whole inputs.

Kept apart from :mod:`bansos_validate.issues` only as data (code, severity, subject,
messages, example); ``issues`` builds its catalogue entries from these tuples.

Subjects: ``row`` codes are reported per row by ``check_table`` (a blank row, a totals
or signature row below the table); ``input`` codes are notes of the run manifest, about
an input as a whole (how it was read, what was assumed, what cannot be joined).

Examples of ``input`` codes name the entry point that reports them and its inputs, as
``(function, {argument: {column: values}})``; ``scripts/gen_issue_docs.py`` runs them.
"""

from __future__ import annotations

__all__ = ["INPUT_CODES"]

_NIK = "3576014403910003"
_KK = "3576010101200001"

INPUT_CODES: tuple[tuple[str, str, str, str, str, object], ...] = (  # code, severity, subject,
    # message id, message en, example
    (
        "row_blank",
        "info",
        "row",
        "Baris kosong: dilewati, tidak dihitung sebagai data.",
        "An empty row: skipped, not counted as a record.",
        {"nik": [_NIK, None], "nama": ["SITI AMINAH", None]},
    ),
    (
        "row_footer",
        "info",
        "row",
        "Baris jumlah, catatan atau tanda tangan di bawah tabel: dilewati, tidak dihitung "
        "sebagai data.",
        "A totals, notes or signature row below the table: skipped, not counted as a record.",
        {"nik": [_NIK, None], "nama": ["SITI AMINAH", "JUMLAH"]},
    ),
    (
        "row_header",
        "info",
        "row",
        "Baris judul kolom di dalam tabel (judul yang tercetak ulang per halaman, baris "
        "kedua judul bertingkat, atau nomor kolom): dilewati, tidak dihitung sebagai data.",
        "A header line inside the table (the header printed again on a new page, the second "
        "line of a two-line header, or column numbers): skipped, not counted as a record.",
        {
            "nik": [_NIK, "NIK", "3576010101900001"],
            "nama": ["SITI AMINAH", "NAMA", "AHMAD"],
        },
    ),
    (
        "input_header_banner",
        "info",
        "input",
        "Judul kolom ada di baris {header_row}; baris {rows} di atasnya (judul atau "
        "keterangan) dilewati.",
        "The header is on row {header_row}; rows {rows} above it (a title or notes) were skipped.",
        ("read", {"lines": ["DAFTAR PENERIMA BANSOS 2026", "", "NIK;NAMA", f"{_NIK};SITI"]}),
    ),
    (
        "input_header_lookalike",
        "info",
        "input",
        "Judul kolom {header} dibaca sebagai {column} setelah huruf yang mirip (aksara lain "
        "atau huruf lebar) dibaca sebagai huruf Latin; periksa judul kolom ini.",
        "The header {header} was read as {column} once look-alike letters (another script "
        "or fullwidth letters) were read as Latin letters; check this header.",
        ("check_table", {"frame": {"n\u0456k": [_NIK]}}),
    ),
    (
        "input_rows_skipped",
        "info",
        "input",
        "{count} baris bukan data dilewati: baris kosong {blank}; baris jumlah, catatan atau "
        "tanda tangan {footer}; baris judul kolom {headers}.",
        "{count} rows that are not records were skipped: empty rows {blank}; totals, notes "
        "or signature rows {footer}; header lines {headers}.",
        ("check_table", {"frame": {"nik": [_NIK, None], "nama": ["SITI AMINAH", "JUMLAH"]}}),
    ),
    (
        "input_default_assumed",
        "warning",
        "input",
        "Kolom {column} tidak ada; nilai {value} dipakai untuk semua baris karena diminta "
        "(--assume). Keputusan bergantung pada anggapan ini.",
        "The column {column} is missing; the value {value} was used for every row, as asked "
        "(--assume). The decisions depend on this assumption.",
        (
            "evaluate",
            {
                "program": "pkh",
                "assume": {"hamil": "false"},
                "persons": {"no_kk": [_KK], "tanggal_lahir": ["1991-03-04"]},
                "households": {"no_kk": [_KK], "desil": [3]},
            },
        ),
    ),
    (
        "input_column_missing",
        "warning",
        "input",
        "Kolom {column} tidak ada, jadi aturan {rules} tidak dapat diperiksa: keluarga yang "
        "keputusannya bergantung pada kolom ini berstatus belum dapat diputuskan. Tambahkan "
        "kolom itu, atau nyatakan nilainya dengan --assume {column}=NILAI.",
        "The column {column} is missing, so the rules {rules} cannot be checked: families "
        "whose decision depends on it are undetermined. Add the column, or state its value "
        "with --assume {column}=VALUE.",
        (
            "evaluate",
            {
                "program": "pkh",
                "persons": {"no_kk": [_KK], "tanggal_lahir": ["1991-03-04"]},
                "households": {"no_kk": [_KK], "desil": [3]},
            },
        ),
    ),
    (
        "input_check_skipped",
        "info",
        "input",
        "Pemeriksaan {check} dilewati: kolom {columns} tidak ada.",
        "The check {check} was skipped: the column {columns} is missing.",
        ("check_table", {"frame": {"no_kk": [_KK]}}),
    ),
    (
        "input_identifier_numeric",
        "warning",
        "input",
        "{count} nilai {column} tersimpan sebagai angka (sel Excel berformat angka). Ke-16 "
        "digitnya masih utuh sehingga tetap dipakai untuk mencocokkan, tetapi ekspor ulang "
        "kolom ini sebagai teks sebelum digit terakhirnya hilang.",
        "{count} {column} values are stored as numbers (numeric spreadsheet cells). Their 16 "
        "digits are all there, so they are still used to match, but re-export the column "
        "as text before its last digits are lost.",
        (
            "evaluate",
            {
                "program": "pkh",
                "assume": {"hamil": "false"},
                "persons": {"no_kk": [int(_KK)], "tanggal_lahir": ["1991-03-04"]},
                "households": {"no_kk": [int(_KK)], "desil": [3]},
            },
        ),
    ),
    (
        "input_identifier_unread",
        "warning",
        "input",
        "Kolom {column} berisi angka 16 digit tetapi tidak dibaca sebagai NIK atau Nomor KK "
        "(judulnya tidak dikenal). Bila kolom itu NIK atau KK, sebutkan dengan -c nik={column} "
        "atau -c no_kk={column}.",
        "The column {column} holds 16-digit numbers but is not read as a NIK or KK number "
        "(its header is not known). If it is one, name it with -c nik={column} or "
        "-c no_kk={column}.",
        ("check_table", {"frame": {"nik": [_NIK], "NOMOR KELUARGA": [_KK]}}),
    ),
    (
        "input_date_unreadable",
        "warning",
        "input",
        "{count} nilai {column} tidak terbaca sebagai tanggal: baris {rows}. Nilai itu tidak "
        "dipakai untuk mencocokkan; tulis tanggal seperti 1991-03-04, 04-03-1991, 19910304 "
        "atau 4 Maret 1991.",
        "{count} {column} values cannot be read as dates: rows {rows}. They are not used to "
        "match; write dates as 1991-03-04, 04-03-1991, 19910304 or 4 Maret 1991.",
        (
            "match_records",
            {
                "left": {"nama": ["SITI AMINAH"], "tanggal_lahir": ["03/31/1991"]},
                "right": {"nama": ["SITI AMINAH"], "tanggal_lahir": ["1991-03-31"]},
            },
        ),
    ),
    (
        "input_identifier_unusable",
        "error",
        "input",
        "{count} nilai {column} tidak dapat dipakai untuk mencocokkan (digit hilang atau "
        "rusak, atau kosong): baris {rows}. Baris ini tidak dihubungkan dengan baris lain; "
        "perbaiki nilainya (lihat pemeriksaan NIK/KK).",
        "{count} {column} values cannot be used to match (digits lost or damaged, or empty): "
        "rows {rows}. These rows are not linked to any other; fix the values (see the NIK/KK "
        "check).",
        (
            "evaluate",
            {
                "program": "pkh",
                "persons": {"no_kk": ["357601010120000"], "tanggal_lahir": ["1991-03-04"]},
                "households": {"no_kk": [_KK], "desil": [3]},
            },
        ),
    ),
    (
        "input_region_numeric",
        "info",
        "input",
        "{count} kode wilayah di kolom {column} tersimpan sebagai angka; dibaca sebagai kode "
        "teks (tanpa .0).",
        "{count} region codes in the column {column} are stored as numbers; they were read "
        "as text codes (without .0).",
        ("check_table", {"frame": {"nik": [_NIK], "kode_wilayah": [3576011003.0]}}),
    ),
)
"""The intake's issue codes, as plain data."""
