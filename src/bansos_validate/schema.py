"""Canonical column names, the header aliases that map to them, and the column mapping.

Rosters arrive with headers like ``NIK``, ``NO KK``, ``NAMA LENGKAP``, ``TGL LAHIR`` or
``JK``. :func:`map_columns` finds the canonical column for each, case-, space- and
punctuation-insensitively (a Cyrillic ``і`` or fullwidth letters in a header are read as
the Latin letters they look like), or takes an explicit mapping. It is the one mapping
every entry point uses (tables, households, rules, matching, overlaps, the CLI), so a
header that one of them understands, all of them understand.

Nothing is guessed silently: a ``columns=`` key that is not a canonical name is refused
with a suggestion, a column given that does not exist is refused with the nearest
headers, and two columns that would both feed one canonical column (two ``NIK``
headers, or ``NO KTP`` and ``NIK KTP``) are an error naming both, unless ``columns=``
says which to use. A header that is the canonical name itself (``nik`` beside
``NO KTP``) is taken over aliases, and the other column is listed as unused.

>>> for canonical, actual in resolve_columns(["NIK", "No. KK", "TGL LAHIR", "JK"]).items():
...     print(canonical, "->", actual)
nik -> NIK
no_kk -> No. KK
jenis_kelamin -> JK
tanggal_lahir -> TGL LAHIR
>>> resolve_columns(["NIK", "TGL LAHIR"], {"tgl_lahir": "TGL LAHIR"})
Traceback (most recent call last):
    ...
SchemaError: columns= names 'tgl_lahir', which is not a canonical column; ...
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Literal

import attrs

from bansos_validate import _arguments as _args
from bansos_validate.errors import SchemaError

__all__ = [
    "ALIASES",
    "HOUSEHOLD_COLUMNS",
    "PERSON_COLUMNS",
    "ROLL_COLUMNS",
    "SHDK",
    "ColumnMap",
    "MatchedBy",
    "canonical_names",
    "duplicate_groups",
    "fold_header",
    "header_score",
    "map_columns",
    "normalize_header",
    "resolve_columns",
    "shown_name",
]

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
"""The canonical person (and household) columns (docs/tables.md, "Canonical columns")."""

ALIASES: Mapping[str, tuple[str, ...]] = {
    "nik": (
        "nik",
        "no_nik",
        "nomor_nik",
        "nik_ktp",
        "no_ktp",
        "nomor_induk_kependudukan",
        "no_induk_kependudukan",
        "nik_art",
        "nik_anggota",
        "nik_penerima",
        "nik_kpm",
    ),
    "no_kk": (
        "no_kk",
        "nomor_kk",
        "nkk",
        "kk",
        "no_kartu_keluarga",
        "nomor_kartu_keluarga",
        "nik_kk",
        "no_kk_kpm",
        "nomor_kk_kpm",
    ),
    "nama": (
        "nama",
        "nama_lengkap",
        "nama_lgkp",
        "nama_penerima",
        "nama_art",
        "nama_anggota",
        "nama_kpm",
        "name",
    ),
    "jenis_kelamin": (
        "jenis_kelamin",
        "jenis_klmin",
        "jk",
        "l_p",
        "lp",
        "kelamin",
        "sex",
        "gender",
    ),
    "tempat_lahir": ("tempat_lahir", "tmp_lahir", "tmpt_lhr", "tempat_lhr"),
    "tanggal_lahir": (
        "tanggal_lahir",
        "tanggallahir",
        "tgl_lahir",
        "tgl_lhr",
        "tanggal_lhr",
        "dob",
        "birth_date",
    ),
    "hubungan_keluarga": (
        "hubungan_keluarga",
        "status_hubungan_keluarga",
        "status_hubungan_dalam_keluarga",
        "stat_hbkel",
        "shdk",
        "hub_keluarga",
        "hub_kel",
        "hubungan_dgn_kk",
        "hubungan_dengan_kk",
        "hubungan",
    ),
    "status_perkawinan": (
        "status_perkawinan",
        "status_kawin",
        "stat_kwn",
        "sts_kawin",
        "perkawinan",
    ),
    "pekerjaan": ("pekerjaan", "jenis_pekerjaan", "jenis_pkrjn", "pekerjaan_utama"),
    "alamat": ("alamat", "alamat_lengkap"),
    "rt": ("rt", "no_rt"),
    "rw": ("rw", "no_rw"),
    "kode_wilayah": (
        "kode_wilayah",
        "kode_desa",
        "kode_kelurahan",
        "kd_wilayah",
        "kd_desa",
        "kode_desa_kelurahan",
        "kode_kel_desa",
    ),
    "status_hidup": ("status_hidup", "status_kematian", "hidup"),
    "tanggal_meninggal": ("tanggal_meninggal", "tgl_meninggal", "tgl_kematian"),
    "hamil": ("hamil", "ibu_hamil", "status_hamil"),
    "disabilitas_berat": ("disabilitas_berat", "disabilitas", "penyandang_disabilitas_berat"),
    "jenjang_sekolah": ("jenjang_sekolah", "jenjang_pendidikan", "sekolah", "pendidikan"),
    "desil": ("desil", "desil_nasional", "desil_dtsen", "peringkat_desil"),
    "penerima_pkh": ("penerima_pkh", "pkh", "status_pkh", "kpm_pkh"),
    "penerima_bpnt": ("penerima_bpnt", "bpnt", "sembako", "penerima_sembako", "kpm_bpnt"),
    "program": (
        "program",
        "nama_program",
        "jenis_bantuan",
        "program_bantuan",
        "bansos",
        "jenis_bansos",
    ),
    "periode": (
        "periode",
        "period",
        "periode_bantuan",
        "periode_penyaluran",
        "tahap",
        "tahap_penyaluran",
    ),
}
"""Header aliases per canonical column, in normalised form (see :func:`normalize_header`)."""

_NON_WORD = re.compile(r"[^0-9a-z]+")

# Letters of other scripts that look like Latin ones (Cyrillic, Greek), as they slip into
# headers typed on phones or copied from documents: a header "nik" typed with a Cyrillic
# "i" (U+0456) must not hide the NIK column. Fullwidth forms are handled by NFKC.
_LOOKALIKES = str.maketrans(
    {
        # Cyrillic lower and upper case
        "а": "a", "в": "b", "е": "e", "ё": "e", "і": "i", "ї": "i", "ј": "j", "к": "k",
        "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x",
        "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h",
        "А": "a", "В": "b", "Е": "e", "Ё": "e", "І": "i", "Ї": "i", "Ј": "j", "К": "k",
        "М": "m", "Н": "h", "О": "o", "Р": "p", "С": "c", "Т": "t", "У": "y", "Х": "x",
        "Ѕ": "s", "Ԁ": "d", "Ԛ": "q", "Ԝ": "w", "Һ": "h",
        # Greek
        "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
        "τ": "t", "υ": "u", "χ": "x", "ϲ": "c",
        "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Ι": "i", "Κ": "k", "Μ": "m",
        "Ν": "n", "Ο": "o", "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x",
        # dotless i and other Latin look-alikes
        "ı": "i", "ɪ": "i", "ℓ": "l",
    }
)  # fmt: skip


def fold_header(name: str) -> tuple[str, bool]:
    """Return :func:`normalize_header` of *name*, and whether look-alike letters were replaced.

    Letters of other scripts that look like Latin letters (a Cyrillic ``і`` in ``nіk``)
    and compatibility forms (fullwidth ``ＮＩＫ``) are read as the Latin letters they
    look like; the flag lets the caller say so in its run manifest.

    >>> fold_header("n\u0456k")
    ('nik', True)
    >>> fold_header("\uff2e\uff29\uff2b")
    ('nik', True)
    >>> fold_header("No. KK")
    ('no_kk', False)
    """
    text = str(name)
    plain = _NON_WORD.sub("_", text.strip().lower()).strip("_")
    folded = unicodedata.normalize("NFKC", text).translate(_LOOKALIKES)
    folded = "".join(
        ch for ch in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(ch)
    )
    normal = _NON_WORD.sub("_", folded.strip().lower()).strip("_")
    return normal, normal != plain and bool(normal)


def normalize_header(name: str) -> str:
    """Return a header in comparable form: lower case, runs of other characters as ``_``.

    Look-alike letters of other scripts and fullwidth forms are read as the Latin letters
    they look like (see :func:`fold_header`).

    >>> normalize_header(" No. KK ")
    'no_kk'
    """
    return fold_header(name)[0]


def header_score(cells: Iterable[object]) -> int:
    """How many of *cells* are headers the library knows (a canonical name or an alias).

    Readers use it to find the header row below a banner: the header is the row with
    the most known headers.

    >>> header_score(["NO", "NIK", "NAMA LENGKAP", "No. KK"])
    3
    >>> header_score(["DAFTAR PENERIMA BLT DANA DESA TAHUN 2026", None, None])
    0
    """
    known = _known_headers()
    return sum(
        1
        for cell in _args.items("cells", cells)
        if isinstance(cell, str) and cell and normalize_header(cell) in known
    )


_VALUE_LIKE = frozenset(
    {
        "kk",  # also an SHDK value (kepala keluarga)
        "hidup",
        "hamil",
        "disabilitas",
        "sekolah",
        "pendidikan",
        "pkh",
        "bpnt",
        "sembako",
        "bansos",
        "program",
        "tahap",
        "name",
        "sex",
        "gender",
    }
)
"""Aliases that are also common cell values: they do not make a row look like a header."""


def _known_headers() -> frozenset[str]:
    aliases = {alias for names in ALIASES.values() for alias in names}
    return frozenset(aliases - _VALUE_LIKE)


HOUSEHOLD_COLUMNS: tuple[str, ...] = (
    "no_kk",
    "desil",
    "kode_wilayah",
    "alamat",
    "rt",
    "rw",
    "penerima_pkh",
    "penerima_bpnt",
)
"""The canonical household columns (one row per KK)."""

ROLL_COLUMNS: tuple[str, ...] = (
    "program",
    "nik",
    "no_kk",
    "nama",
    "kode_wilayah",
    "periode",
    "tanggal_lahir",
)
"""The canonical program-roll columns (docs/tables.md, "Canonical columns")."""

MatchedBy = Literal["given", "name", "alias", "lookalike"]
"""How a column was found: given in ``columns=``, its header is the canonical name, a
known alias, or a name or alias once look-alike letters were read as Latin ones."""

_DUPLICATE_SUFFIX = re.compile(r"^(?P<base>.+?)(?:_duplicated_(?P<n>\d+)|\.(?P<p>\d+))$")
_LONG_DIGITS = re.compile(r"\d{10,}")


@attrs.frozen(slots=True)
class ColumnMap:
    """Which column of a frame feeds each canonical column, and how it was found.

    Attributes:
        columns: ``{canonical: actual}`` for every canonical column found, in canonical
            order.
        matched_by: ``{canonical: how}``: ``given`` (``columns=``), ``name`` (the header
            is the canonical name), ``alias`` (a known alias such as ``NO KK``) or
            ``lookalike`` (found once look-alike letters of other scripts or fullwidth
            forms were read as Latin letters).
        unused: the frame's columns that feed no canonical column (``row`` excluded).
        duplicates: headers written more than once, each as ``(header, (column, ...))``.

    .. versionadded:: 0.1.0
    """

    columns: Mapping[str, str]
    matched_by: Mapping[str, MatchedBy] = attrs.field(factory=dict)
    unused: tuple[str, ...] = ()
    duplicates: tuple[tuple[str, tuple[str, ...]], ...] = ()


def canonical_names(extra: Iterable[str] = ()) -> tuple[str, ...]:
    """Every canonical column name a ``columns=`` key may use (plus *extra* ones)."""
    names = dict.fromkeys(ALIASES)
    names.update(dict.fromkeys(_args.texts("extra", extra)))
    return tuple(names)


def shown_name(name: object) -> str:
    """A column name as it may appear in a message: digit runs of 10 or more masked.

    A file without a header row has a data row for a header; its NIK must not be copied
    into an error message.

    >>> shown_name("3576014403910003")
    "'357601**********'"
    >>> shown_name("NO KK")
    "'NO KK'"
    """
    text = _LONG_DIGITS.sub(lambda m: m.group()[:6] + "*" * (len(m.group()) - 6), str(name))
    return repr(text)


def _listed(names: Iterable[object]) -> str:
    return ", ".join(shown_name(n) for n in names) or "(none)"


def _suggest(word: str, choices: Iterable[str], limit: int = 3) -> list[str]:
    """Close matches of *word* among *choices* (normalised comparison), best first."""
    options = list(dict.fromkeys(choices))
    normal = {normalize_header(c): c for c in options}
    target = normalize_header(word)
    hits: list[str] = []
    if target in normal:
        hits.append(normal[target])
    hits += [
        normal[m]
        for m in difflib.get_close_matches(target, list(normal), n=limit, cutoff=0.6)
        if normal[m] not in hits
    ]
    hits += [c for c in options if target and target in normalize_header(c) and c not in hits]
    return hits[:limit]


def _key_hint(key: str, known: tuple[str, ...]) -> str:
    """'did you mean' for a ``columns=`` key that is not a canonical name."""
    normal = normalize_header(key)
    by_alias = [c for c in known if normal in ALIASES.get(c, ())]
    guesses = by_alias or _suggest(key, known)
    if guesses:
        return f"did you mean {' or '.join(repr(g) for g in guesses)}?"
    return f"the canonical columns are: {', '.join(known)}"


def duplicate_groups(names: Iterable[object]) -> list[tuple[str, tuple[str, ...]]]:
    """Columns that repeat one header, as readers name them.

    ``bv.io.read`` and Polars name the second ``NIK`` column ``NIK_duplicated_0``;
    pandas names it ``NIK.1``. A suffixed name counts only when the plain name is a
    column too.

    >>> duplicate_groups(["NIK", "NAMA", "NIK_duplicated_0", "NIK.1", "ALAMAT.2"])
    [('NIK', ('NIK', 'NIK_duplicated_0', 'NIK.1'))]
    """
    listed = [str(n) for n in _args.items("names", names)]
    present = set(listed)
    groups: dict[str, list[str]] = {}
    for name in listed:
        found = _DUPLICATE_SUFFIX.match(name)
        if found and found["base"] in present:
            groups.setdefault(found["base"], [found["base"]]).append(name)
    return [(base, tuple(columns)) for base, columns in groups.items()]


def _duplicates(value: object) -> list[tuple[str, tuple[str, ...]]] | None:
    """*duplicates* of :func:`map_columns` checked: ``None`` or ``(header, (column, ...))``."""
    if value is None:
        return None
    what = "an iterable of (header, (column, ...)) pairs, or None"
    out = []
    for item in _args.items("duplicates", value):
        if not (isinstance(item, tuple | list) and len(item) == 2 and isinstance(item[0], str)):
            raise _args.fail("duplicates", what, value)
        out.append((item[0], _args.texts("duplicates", item[1])))
    return out


def map_columns(  # noqa: PLR0912, PLR0913, PLR0915 - one mapping, every rule in one place
    found: Iterable[object],
    columns: Mapping[str, str] | None = None,
    *,
    wanted: Iterable[str] | None = None,
    required: Iterable[str] = (),
    any_of: Iterable[str] = (),
    extra: Iterable[str] = (),
    duplicates: Iterable[tuple[str, tuple[str, ...]]] | None = None,
    what: str = "the frame",
) -> ColumnMap:
    r"""Map canonical column names to a frame's own column names.

    Args:
        found: the frame's column names.
        columns: explicit ``{canonical: actual}`` entries; they win over aliases. Keys
            must be canonical names (or one of *extra*); values must be columns of the
            frame.
        wanted: the canonical columns the caller reads (default: every canonical
            column). Only these are looked up by alias; two candidates for one of them
            are an error.
        required: canonical columns that must be present.
        any_of: canonical columns of which at least one must be present.
        extra: more canonical names the caller knows (fields a rule file declares);
            they are found by their own name.
        duplicates: headers written more than once, as ``(header, (column, ...))``;
            by default guessed from the names (:func:`duplicate_groups`).
        what: how to name the frame in messages.

    Returns:
        A :class:`ColumnMap`.

    Raises:
        SchemaError: a ``columns=`` key is not a canonical name, a given column does not
            exist, two columns could feed a wanted canonical column, a required column
            is missing, or none of *any_of* is present. The message names the columns
            (digit runs masked) and suggests the nearest names.

    >>> mapped = map_columns(["N\u0456K", "NAMA", "KETERANGAN"], wanted=["nik", "nama"])
    >>> list(mapped.columns), dict(mapped.matched_by), mapped.unused
    (['nik', 'nama'], {'nik': 'lookalike', 'nama': 'name'}, ('KETERANGAN',))
    >>> map_columns(["NIK", "NIK_duplicated_0", "NAMA"])
    Traceback (most recent call last):
        ...
    SchemaError: two columns of the frame could be 'nik': 'NIK', 'NIK_duplicated_0' ...
    """
    names = [str(n) for n in _args.items("found", found)]
    extra_names = _args.texts("extra", extra)
    wanted = _args.texts("wanted", wanted, optional=True)
    required = _args.texts("required", required)
    any_of = _args.texts("any_of", any_of)
    duplicates = _duplicates(duplicates)
    what = _args.text("what", what)
    known = canonical_names(extra_names)
    explicit = _args.mapping("columns", columns, values="any") or {}
    for key, actual in explicit.items():
        if not isinstance(key, str) or key not in known:
            raise SchemaError(
                f"columns= names {key!r}, which is not a canonical column; "
                f"{_key_hint(str(key), known)} (canonical names are lower case: "
                f"{', '.join(known[:8])}, ...)",
                column=str(key),
                found=names,
                message_id=(
                    f"-c/columns= menyebut {key!r}, yang bukan nama kolom baku; "
                    f"{_key_hint(str(key), known).replace('did you mean', 'maksudnya')}"
                ),
            )
        if actual not in names:
            near = _suggest(str(actual), names)
            hint = f"; did you mean {' or '.join(map(shown_name, near))}?" if near else ""
            raise SchemaError(
                f"column {shown_name(actual)} given for {key!r} is not in {what}{hint} "
                f"Found columns: {_listed(names)}",
                column=key,
                found=names,
                message_id=(
                    f"kolom {shown_name(actual)} untuk {key!r} tidak ada di berkas"
                    + (f"; maksudnya {' atau '.join(map(shown_name, near))}?" if near else "")
                    + f" Kolom yang ada: {_listed(names)}"
                ),
            )
    groups = list(duplicates) if duplicates is not None else duplicate_groups(names)
    group_of = {column: (header, cols) for header, cols in groups for column in cols}
    folded = {name: fold_header(name) for name in names}
    want = tuple(known) if wanted is None else tuple(dict.fromkeys([*wanted, *extra_names]))
    out: dict[str, str] = {}
    how: dict[str, MatchedBy] = {}
    for canonical in dict.fromkeys([*want, *explicit]):
        if canonical in explicit:
            out[canonical] = explicit[canonical]
            how[canonical] = "given"
            continue
        accepted = ALIASES.get(canonical, (canonical,))
        candidates = [n for n in names if folded[n][0] in accepted]
        for column in list(candidates):  # the other columns of a repeated header
            if column in group_of:
                candidates += [c for c in group_of[column][1] if c not in candidates]
        taken = [c for c in candidates if c not in out.values()]
        if not taken:
            continue
        exact = [c for c in taken if folded[c][0] == canonical and c not in group_of]
        if len(taken) > 1 and len(exact) == 1 and not any(c in group_of for c in taken):
            taken = exact  # a header that is the canonical name itself wins over aliases
        if len(taken) > 1:
            repeated = [group_of[c] for c in taken if c in group_of][:1]
            why = "".join(
                f" (the header {header!r} appears {len(cols)} times)" for header, cols in repeated
            )
            raise SchemaError(
                f"two columns of {what} could be {canonical!r}: {_listed(taken)}{why}; say "
                f"which one to use with columns={{{canonical!r}: ...}} (CLI: -c "
                f"{canonical}=COLUMN), or rename or remove the other",
                column=canonical,
                found=names,
                message_id=(
                    f"ada lebih dari satu kolom yang bisa menjadi {canonical!r}: "
                    f"{_listed(taken)}; pilih salah satu dengan -c {canonical}=KOLOM "
                    "(API: columns=), atau ganti nama/hapus kolom yang lain"
                ),
            )
        column = taken[0]
        out[canonical] = column
        normal, looked = folded[column]
        how[canonical] = "lookalike" if looked else ("name" if normal == canonical else "alias")
    ordered = {c: out[c] for c in known if c in out}
    for canonical in tuple(required):
        if canonical not in ordered:
            headers = ", ".join(ALIASES.get(canonical, (canonical,)))
            raise SchemaError(
                f"required column {canonical!r} not found in {what} (accepted headers: "
                f"{headers}); found columns: {_listed(names)}; name it with "
                f"columns={{{canonical!r}: ...}} (CLI: -c {canonical}=COLUMN)",
                column=canonical,
                found=names,
                message_id=(
                    f"kolom wajib {canonical!r} tidak ditemukan (judul yang dikenali: "
                    f"{headers}); kolom yang ada: {_listed(names)}; sebutkan dengan -c "
                    f"{canonical}=KOLOM"
                ),
            )
    options = tuple(any_of)
    if options and not any(c in ordered for c in options):
        raise SchemaError(
            f"none of the columns {', '.join(map(repr, options))} was found in {what}; "
            f"found columns: {_listed(names)}; name one with columns= (CLI: -c)",
            column=options[0],
            found=names,
            message_id=(
                f"tidak ada kolom {' atau '.join(map(repr, options))}; kolom yang ada: "
                f"{_listed(names)}; sebutkan dengan -c NAMA_BAKU=KOLOM"
            ),
        )
    used = set(ordered.values())
    unused = tuple(n for n in names if n not in used and n != "row")
    return ColumnMap(
        ordered,
        {c: how[c] for c in ordered},
        unused,
        tuple((header, tuple(cols)) for header, cols in groups),
    )


def resolve_columns(
    found: Iterable[str],
    columns: Mapping[str, str] | None = None,
    *,
    required: Iterable[str] = (),
    any_of: Iterable[str] = (),
) -> dict[str, str]:
    """Map canonical column names to the frame's own column names.

    The plain-dictionary form of :func:`map_columns` (every canonical column wanted).

    Returns:
        ``{canonical: actual}`` for every canonical column found, in canonical order.

    Raises:
        SchemaError: see :func:`map_columns`.
    """
    return dict(map_columns(found, columns, required=required, any_of=any_of).columns)
