"""Canonical column names and the header aliases that map to them.

Rosters arrive with headers like ``NIK``, ``NO KK``, ``NAMA LENGKAP``, ``TGL LAHIR`` or
``JK``. :func:`resolve_columns` finds the canonical column for each, case- and
space-insensitively, or takes an explicit mapping.

>>> for canonical, actual in resolve_columns(["NIK", "No. KK", "TGL LAHIR", "JK"]).items():
...     print(canonical, "->", actual)
nik -> NIK
no_kk -> No. KK
jenis_kelamin -> JK
tanggal_lahir -> TGL LAHIR
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from bansos_validate.errors import SchemaError

__all__ = ["ALIASES", "PERSON_COLUMNS", "SHDK", "normalize_header", "resolve_columns"]

SHDK: tuple[str, ...] = (
    "KEPALA KELUARGA",
    "SUAMI",
    "ISTRI",
    "ANAK",
    "MENANTU",
    "CUCU",
    "ORANG TUA",
    "MERTUA",
    "FAMILI LAIN",
    "PEMBANTU",
    "LAINNYA",
)
"""The SIAK family-relationship values (``hubungan_keluarga``), in SIAK's order."""

PERSON_COLUMNS: tuple[str, ...] = (
    "nik",
    "no_kk",
    "nama",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "hubungan_keluarga",
    "status_perkawinan",
    "pekerjaan",
    "alamat",
    "rt",
    "rw",
    "kode_wilayah",
    "status_hidup",
    "tanggal_meninggal",
    "hamil",
    "disabilitas_berat",
    "jenjang_sekolah",
    "desil",
)
"""The canonical person (and household) columns of DESIGN.md section 5."""

ALIASES: Mapping[str, tuple[str, ...]] = {
    "nik": (
        "nik",
        "no_nik",
        "nomor_nik",
        "nik_ktp",
        "no_ktp",
        "nomor_induk_kependudukan",
        "nik_art",
    ),
    "no_kk": (
        "no_kk",
        "nomor_kk",
        "nkk",
        "kk",
        "no_kartu_keluarga",
        "nomor_kartu_keluarga",
        "nik_kk",
    ),
    "nama": ("nama", "nama_lengkap", "nama_penerima", "nama_art", "name"),
    "jenis_kelamin": ("jenis_kelamin", "jk", "l_p", "lp", "kelamin", "sex", "gender"),
    "tempat_lahir": ("tempat_lahir", "tmp_lahir", "tempat_lhr"),
    "tanggal_lahir": ("tanggal_lahir", "tgl_lahir", "tgl_lhr", "tanggal_lhr", "dob", "birth_date"),
    "hubungan_keluarga": (
        "hubungan_keluarga",
        "shdk",
        "hub_keluarga",
        "hubungan_dgn_kk",
        "hubungan",
    ),
    "status_perkawinan": ("status_perkawinan", "status_kawin", "sts_kawin", "perkawinan"),
    "pekerjaan": ("pekerjaan", "jenis_pekerjaan", "pekerjaan_utama"),
    "alamat": ("alamat", "alamat_lengkap"),
    "rt": ("rt",),
    "rw": ("rw",),
    "kode_wilayah": (
        "kode_wilayah",
        "kode_desa",
        "kode_kelurahan",
        "kd_wilayah",
        "kode_desa_kelurahan",
    ),
    "status_hidup": ("status_hidup", "status_kematian", "hidup"),
    "tanggal_meninggal": ("tanggal_meninggal", "tgl_meninggal", "tgl_kematian"),
    "hamil": ("hamil", "ibu_hamil", "status_hamil"),
    "disabilitas_berat": ("disabilitas_berat", "disabilitas", "penyandang_disabilitas_berat"),
    "jenjang_sekolah": ("jenjang_sekolah", "jenjang_pendidikan", "sekolah", "pendidikan"),
    "desil": ("desil", "desil_nasional", "peringkat_desil"),
}
"""Header aliases per canonical column, in normalised form (see :func:`normalize_header`)."""

_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalize_header(name: str) -> str:
    """Return a header in comparable form: lower case, runs of other characters as ``_``.

    >>> normalize_header(" No. KK ")
    'no_kk'
    """
    return _NON_WORD.sub("_", name.strip().lower()).strip("_")


def resolve_columns(
    found: Iterable[str],
    columns: Mapping[str, str] | None = None,
    *,
    required: Iterable[str] = (),
    any_of: Iterable[str] = (),
) -> dict[str, str]:
    """Map canonical column names to the frame's own column names.

    Args:
        found: the frame's column names.
        columns: explicit ``{canonical: actual}`` entries; they win over aliases.
        required: canonical columns that must be present.
        any_of: canonical columns of which at least one must be present.

    Returns:
        ``{canonical: actual}`` for every canonical column found, in canonical order.

    Raises:
        SchemaError: an explicit column does not exist, a required column is missing, or
            none of ``any_of`` is present. The message names the column and the columns
            that were found.
    """
    names = list(found)
    explicit = dict(columns or {})
    by_normal: dict[str, str] = {}
    for name in names:
        by_normal.setdefault(normalize_header(str(name)), name)
    out: dict[str, str] = {}
    for canonical, actual in explicit.items():
        if actual not in names:
            raise SchemaError(
                f"column {actual!r} given for {canonical!r} is not in the frame; "
                f"found columns: {', '.join(map(repr, names)) or '(none)'}",
                column=canonical,
                found=names,
            )
    for canonical in (*ALIASES, *(c for c in explicit if c not in ALIASES)):
        if canonical in explicit:
            out[canonical] = explicit[canonical]
            continue
        for alias in ALIASES.get(canonical, ()):
            if alias in by_normal:
                out[canonical] = by_normal[alias]
                break
    for canonical in required:
        if canonical not in out:
            raise SchemaError(
                f"required column {canonical!r} not found (accepted headers: "
                f"{', '.join(ALIASES.get(canonical, (canonical,)))}); found columns: "
                f"{', '.join(map(repr, names)) or '(none)'}",
                column=canonical,
                found=names,
            )
    wanted = tuple(any_of)
    if wanted and not any(c in out for c in wanted):
        raise SchemaError(
            f"none of the columns {', '.join(map(repr, wanted))} was found; found columns: "
            f"{', '.join(map(repr, names)) or '(none)'}",
            column=wanted[0],
            found=names,
        )
    return out
