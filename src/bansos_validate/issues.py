"""Issues: what a check found, with a stable code, a severity and bilingual messages.

Every check in the library reports :class:`Issue` objects rather than booleans. An issue's
``code`` is a stable snake_case slug (``nik_serial_zero``) meant for programs; its
``message()`` is for people, in Bahasa Indonesia by default or English with
``lang="en"``. The catalogue of every code is :data:`CATALOGUE`; ``docs/issues.md``
documents each one with an example.

>>> issue = Issue("nik_serial_zero", field="nik")
>>> issue.severity
<Severity.ERROR: 'error'>
>>> issue.message()
'Nomor urut NIK (digit 13-16) adalah 0000; SIAK memberi nomor urut mulai 0001.'
>>> issue.message("en")
'The NIK serial (digits 13-16) is 0000; SIAK numbers serials from 0001.'

Issues never carry a raw NIK or KK, but their context may hold parts of one. Most
context values are safe to show to anyone: a length, a day or month number alone, an
age, a region code, a dummy pattern, a spreadsheet-damage reason, the reference date.
Two are personal data: ``date`` (a full birth or issue date, protected by UU Adminduk
art. 84) and ``serial`` (digits 13-16 of the number). :meth:`IssueDefinition.render`
fills a message from a context and shows personal values as ``…`` unless asked for
them; reports and the command line use it, so officers see "bukan 15" but not a birth
date unless they ran with ``--unmasked``. :meth:`Issue.message` shows everything by
default (the caller parsed the value, it is theirs to see); ``unmasked=False`` hides the
personal values there too.

>>> issue = Issue("nik_date_invalid", field="nik", context={"date": "30-02-1991"})
>>> issue.message("en")
'The date 30-02-1991 in the NIK does not exist in the calendar.'
>>> issue.message("en", unmasked=False)
'The date … in the NIK does not exist in the calendar.'
>>> definition("nik_wrong_length").render("en", {"length": 15})
'The NIK must have 16 digits, not 15.'
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal

import attrs

from bansos_validate import _arguments as _args

__all__ = [
    "CATALOGUE",
    "Issue",
    "IssueCode",
    "IssueDefinition",
    "Lang",
    "Severity",
    "definition",
]

Lang = Literal["id", "en"]

IssueCode = Literal[
    "household_child_age_gap",
    "household_head_deceased",
    "household_head_missing",
    "household_head_multiple",
    "household_head_underage",
    "household_kk_missing",
    "household_kk_unusable",
    "household_member_region_differs",
    "household_nik_in_two_kks",
    "household_relationship_unknown",
    "household_size_large",
    "household_spouse_multiple",
    "household_spouse_underage",
    "input_check_skipped",
    "input_column_missing",
    "input_date_unreadable",
    "input_default_assumed",
    "input_header_banner",
    "input_header_lookalike",
    "input_identifier_numeric",
    "input_identifier_unread",
    "input_identifier_unusable",
    "input_region_numeric",
    "input_rows_skipped",
    "jenis_kelamin_unreadable",
    "kk_date_invalid",
    "kk_day_invalid",
    "kk_district_recoded",
    "kk_district_unknown",
    "kk_dummy",
    "kk_excel_numeric",
    "kk_excel_precision_lost",
    "kk_invalid_characters",
    "kk_invalid_type",
    "kk_issue_date_before_1970",
    "kk_issue_date_future",
    "kk_missing",
    "kk_month_invalid",
    "kk_province_unknown",
    "kk_regency_recoded",
    "kk_regency_unknown",
    "kk_region_mismatch",
    "kk_region_zero",
    "kk_serial_zero",
    "kk_wrong_length",
    "nik_age_over_110",
    "nik_birth_date_mismatch",
    "nik_birth_date_placeholder",
    "nik_birth_date_swapped",
    "nik_birth_in_future",
    "nik_column_damaged",
    "nik_date_invalid",
    "nik_day_invalid",
    "nik_district_recoded",
    "nik_district_unknown",
    "nik_dummy",
    "nik_duplicate",
    "nik_equals_kk",
    "nik_excel_numeric",
    "nik_excel_precision_lost",
    "nik_invalid_characters",
    "nik_invalid_type",
    "nik_missing",
    "nik_month_invalid",
    "nik_placeholder_birth_date",
    "nik_province_unknown",
    "nik_regency_recoded",
    "nik_regency_unknown",
    "nik_region_zero",
    "nik_serial_suspicious",
    "nik_serial_zero",
    "nik_sex_mismatch",
    "nik_wrong_length",
    "row_blank",
    "row_footer",
    "row_header",
    "tanggal_lahir_in_future",
    "tanggal_lahir_over_110",
    "tanggal_lahir_unreadable",
]
"""Every code of :data:`CATALOGUE`, as a type (``tests/test_issue_docs.py`` keeps them equal).

Code that builds a code from parts (``nik`` + ``_dummy``) goes through
:func:`subject_code`, which refuses a code the catalogue does not have.

.. versionadded:: 0.1.0
"""

_HIDDEN = "…"
"""What a context value that is not shown (personal, or unknown) is replaced with."""

_SAFE_CONTEXT = frozenset(
    {
        "length",
        "day",
        "month",
        "age",
        "count",
        "type",
        "pattern",
        "part",
        "province",
        "regency",
        "district",
        "current",
        "reason",
        "alasan",
        "reference_date",
    }
)
"""Context keys whose values are safe to show in any message, masked or not.

A length, a count, a day or month number on its own, an age, a type name, a dummy
pattern's name, a region part's name, region codes (the masked NIK shows its first six
digits anyway), a spreadsheet-damage reason and the reference date. Every other key is
personal: ``date`` (a full birth or KK issue date, protected personal data under UU
Adminduk art. 84) and ``serial`` (digits 13-16 of the NIK), and any key not listed here.
"""

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class Severity(enum.StrEnum):
    """How serious an issue is.

    ``error``: the value is wrong and cannot be used as it is. ``warning``: the value may
    be right but needs a look. ``info``: worth knowing, nothing to fix.
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


_SEVERITY_VALUES = frozenset(s.value for s in Severity)


@attrs.frozen(slots=True)
class IssueDefinition:
    """One entry of the issue catalogue.

    Attributes:
        code: the stable machine code.
        severity: the severity every issue with this code has.
        subject: what the code is about (``nik``, ``kk``, ...).
        id: the Bahasa Indonesia message template (``str.format`` fields from the context).
        en: the English message template.
        example: an input that raises the issue (synthetic), used by the documentation;
            either the value alone or ``(value, {keyword: ISO date text})`` for the
            keyword arguments the example needs (``birth_date``, ``reference_date``).
        damage: whether the issue means the value was damaged in transit (Excel), which
            tables report with the status ``excel_damaged`` rather than ``invalid``.
    """

    code: str
    severity: Severity
    subject: str
    id: str
    en: str
    example: object = None
    damage: bool = False

    def text(self, lang: Lang = "id") -> str:
        """Return the template with every value hidden: each placeholder shown as ``…``.

        For summaries that count a code over many rows. :meth:`render` fills in a row's
        values.

        >>> definition("nik_wrong_length").text("en")
        'The NIK must have 16 digits, not ….'
        """
        return _PLACEHOLDER.sub(_HIDDEN, self.en if _args.lang(lang) == "en" else self.id)

    @property
    def placeholders(self) -> tuple[str, ...]:
        """The context keys the templates use, in order (both languages).

        >>> definition("kk_issue_date_future").placeholders
        ('date', 'reference_date')
        >>> definition("nik_excel_precision_lost").placeholders
        ('alasan', 'reason')
        """
        found = _PLACEHOLDER.findall(self.id) + _PLACEHOLDER.findall(self.en)
        return tuple(dict.fromkeys(found))

    @property
    def personal(self) -> tuple[str, ...]:
        """The placeholders whose values are personal data, hidden unless unmasked.

        >>> definition("nik_placeholder_birth_date").personal
        ('date',)
        >>> definition("nik_wrong_length").personal
        ()
        """
        return tuple(key for key in self.placeholders if key not in _SAFE_CONTEXT)

    def render(
        self,
        lang: Lang = "id",
        context: Mapping[str, object] | None = None,
        *,
        unmasked: bool = False,
    ) -> str:
        """Return the message with the values of *context* filled in.

        Values that are safe to show (a length, a day or month number, an age, a region
        code, a pattern, a reason, the reference date) are always filled in. Personal
        values (``date``: a birth or issue date; ``serial``) are shown as ``…`` unless
        *unmasked*. A value missing from *context* is shown as ``…``.

        Args:
            lang: ``"id"`` (Bahasa Indonesia) or ``"en"``.
            context: the issue's context (:attr:`Issue.context`).
            unmasked: show personal values too (only when the user asked for them).

        >>> spec = definition("nik_placeholder_birth_date")
        >>> spec.render("en", {"date": "01-07-1970"})[:35]
        'The NIK birth date (…) is a common '
        >>> spec.render("en", {"date": "01-07-1970"}, unmasked=True)[:44]
        'The NIK birth date (01-07-1970) is a common '
        >>> definition("nik_wrong_length").render("id", {"length": 15})
        'NIK harus 16 digit, bukan 15.'
        >>> definition("nik_wrong_length").render("id")
        'NIK harus 16 digit, bukan ….'
        """
        lang = _args.lang(lang)
        values = _args.mapping("context", context, values="any") or {}
        unmasked = _args.flag("unmasked", unmasked)

        def fill(match: re.Match[str]) -> str:
            key = match.group(1)
            if key not in values or not (unmasked or key in _SAFE_CONTEXT):
                return _HIDDEN
            return f"{values[key]}"

        return _PLACEHOLDER.sub(fill, self.en if lang == "en" else self.id)


def _nik_kk_definitions() -> list[IssueDefinition]:
    """Definitions shared by NIK and KK: the same checks, two subjects."""
    out: list[IssueDefinition] = []
    names = {"nik": ("NIK", "NIK"), "kk": ("Nomor KK", "KK number")}
    ex = {"nik": "3576014403910003", "kk": "3576010101200001"}
    for subject, (nid, nen) in names.items():
        good = ex[subject]
        shared: list[tuple[str, Severity, str, str, object, bool]] = [
            ("missing", Severity.ERROR, f"{nid} kosong.", f"The {nen} is empty.", "", False),
            (
                "invalid_type",
                Severity.ERROR,
                f"{nid} harus berupa teks, bukan {{type}}.",
                f"The {nen} must be text, not {{type}}.",
                ["3576"],
                False,
            ),
            (
                "excel_numeric",
                Severity.ERROR,
                f"{nid} terbaca sebagai angka, bukan teks (sel Excel berformat angka); "
                "ekspor ulang kolom ini sebagai teks.",
                f"The {nen} arrived as a number, not text (a numeric spreadsheet cell); "
                "re-export the column as text.",
                int(good[:-1] + "3"),
                True,
            ),
            (
                "excel_precision_lost",
                Severity.ERROR,
                f"{nid} rusak oleh Excel ({{alasan}}): digit terakhir tidak dapat dipercaya; "
                "ekspor ulang kolom ini sebagai teks.",
                f"The {nen} was damaged by a spreadsheet ({{reason}}): its last digits cannot "
                "be trusted; re-export the column as text.",
                f"{good[0]}.{good[1:6]}E+15",
                True,
            ),
            (
                "invalid_characters",
                Severity.ERROR,
                f"{nid} mengandung karakter selain angka.",
                f"The {nen} contains characters other than digits.",
                good[:8] + "O" + good[9:],
                False,
            ),
            (
                "wrong_length",
                Severity.ERROR,
                f"{nid} harus 16 digit, bukan {{length}}.",
                f"The {nen} must have 16 digits, not {{length}}.",
                good + "1",
                False,
            ),
            (
                "dummy",
                Severity.ERROR,
                f"{nid} berpola isian/dummy ({{pattern}}).",
                f"The {nen} is a filler/dummy pattern ({{pattern}}).",
                "1111111111111111",
                False,
            ),
            (
                "province_unknown",
                Severity.ERROR,
                "Kode provinsi {province} tidak ada dalam kode wilayah Kemendagri.",
                "Province code {province} does not exist in the Kemendagri region codes.",
                "10" + good[2:],
                False,
            ),
            (
                "region_zero",
                Severity.ERROR,
                "Kode {part} pada {code} bernilai 00, yang tidak pernah dipakai.",
                "The {part} part of {code} is 00, which is never used.",
                good[:4] + "00" + good[6:],
                False,
            ),
            (
                "regency_unknown",
                Severity.WARNING,
                "Kode kabupaten/kota {regency} tidak ada dalam kode Kemendagri saat ini "
                "maupun historis; mungkin kode lama sebelum pemekaran.",
                "Regency code {regency} is in neither the current nor the historical "
                "Kemendagri codes; it may predate a split.",
                "3599" + good[4:],
                False,
            ),
            (
                "district_unknown",
                Severity.WARNING,
                "Kode kecamatan {district} tidak ada dalam kode Kemendagri saat ini "
                "maupun historis; mungkin kode lama sebelum pemekaran.",
                "District code {district} is in neither the current nor the historical "
                "Kemendagri codes; it may predate a split.",
                "357699" + good[6:],
                False,
            ),
            (
                "regency_recoded",
                Severity.INFO,
                "Kode kabupaten/kota {regency} adalah kode lama; kode saat ini {current}.",
                "Regency code {regency} is a former code; the current code is {current}.",
                "910199" + good[6:],
                False,
            ),
            (
                "district_recoded",
                Severity.INFO,
                "Kode kecamatan {district} adalah kode lama; kode saat ini {current}.",
                "District code {district} is a former code; the current code is {current}.",
                "910101" + good[6:],
                False,
            ),
            (
                "month_invalid",
                Severity.ERROR,
                "Bulan {month} pada tanggal di {code} tidak sah (harus 01-12).",
                "Month {month} in the date of the {code} is impossible (must be 01-12).",
                good[:8] + "13" + good[10:],
                False,
            ),
            (
                "date_invalid",
                Severity.ERROR,
                "Tanggal {date} pada {code} tidak ada di kalender.",
                "The date {date} in the {code} does not exist in the calendar.",
                good[:6] + ("70" if subject == "nik" else "30") + "02" + good[10:],
                False,
            ),
        ]
        for suffix, severity, id_msg, en_msg, example, damage in shared:
            out.append(
                IssueDefinition(
                    f"{subject}_{suffix}",
                    severity,
                    subject,
                    id_msg.replace("{code}", nid) if "{code}" in id_msg else id_msg,
                    en_msg.replace("{code}", nen) if "{code}" in en_msg else en_msg,
                    example,
                    damage,
                )
            )
    return out


def _other_definitions() -> list[IssueDefinition]:
    e, w, i = Severity.ERROR, Severity.WARNING, Severity.INFO
    return [
        IssueDefinition(
            "nik_day_invalid",
            e,
            "nik",
            "Tanggal lahir {day} pada NIK tidak sah (laki-laki 01-31, perempuan 41-71).",
            "Birth day {day} in the NIK is impossible (01-31 for men, 41-71 for women).",
            "3576013503910003",
        ),
        IssueDefinition(
            "nik_birth_in_future",
            e,
            "nik",
            "Tanggal lahir pada NIK ({date}) sesudah tanggal acuan {reference_date}.",
            "The NIK birth date ({date}) is after the reference date {reference_date}.",
            ("3576010403430003", {"birth_date": "2043-03-04"}),
        ),
        IssueDefinition(
            "nik_age_over_110",
            w,
            "nik",
            "Umur menurut NIK {age} tahun pada tanggal acuan, lebih dari 110.",
            "The age from the NIK is {age} at the reference date, over 110.",
            ("3576010403100003", {"birth_date": "1910-03-04"}),
        ),
        IssueDefinition(
            "nik_serial_zero",
            e,
            "nik",
            "Nomor urut NIK (digit 13-16) adalah 0000; SIAK memberi nomor urut mulai 0001.",
            "The NIK serial (digits 13-16) is 0000; SIAK numbers serials from 0001.",
            "3576014403910000",
        ),
        IssueDefinition(
            "nik_serial_suspicious",
            w,
            "nik",
            "Nomor urut NIK {serial} mencurigakan (pola isian).",
            "The NIK serial {serial} looks like a filler.",
            "3576014403919999",
        ),
        IssueDefinition(
            "nik_placeholder_birth_date",
            i,
            "nik",
            "Tanggal lahir pada NIK ({date}) adalah tanggal pengganti yang lazim untuk "
            "tanggal lahir yang tidak diketahui (1 Juli SIAK, 31 Desember SIMDUK, 1 Januari); "
            "bukan tanda kecurangan.",
            "The NIK birth date ({date}) is a common placeholder for an unknown birth date "
            "(1 July in SIAK, 31 December in SIMDUK, 1 January); not a sign of fraud.",
            "3576010107700003",
        ),
        IssueDefinition(
            "kk_day_invalid",
            e,
            "kk",
            "Hari {day} pada tanggal terbit Nomor KK tidak sah (harus 01-31).",
            "Day {day} in the KK number's issue date is impossible (must be 01-31).",
            "3576014101200001",
        ),
        IssueDefinition(
            "kk_issue_date_future",
            e,
            "kk",
            "Tanggal terbit pada Nomor KK ({date}) sesudah tanggal acuan {reference_date}.",
            "The KK number's issue date ({date}) is after the reference date {reference_date}.",
            ("3576011512260001", {"reference_date": "2026-11-27"}),
        ),
        IssueDefinition(
            "kk_issue_date_before_1970",
            w,
            "kk",
            "Tanggal terbit pada Nomor KK ({date}) sebelum 1970, tidak lazim.",
            "The KK number's issue date ({date}) is before 1970, which is implausible.",
            "3576010101500001",
        ),
        IssueDefinition(
            "kk_serial_zero",
            w,
            "kk",
            "Nomor urut Nomor KK (digit 13-16) adalah 0000.",
            "The KK number's serial (digits 13-16) is 0000.",
            "3576010101200000",
        ),
    ]


def _row_definitions() -> list[IssueDefinition]:
    """Cross-field and whole-table checks made by ``check_table`` (subject ``row``)."""
    e, w, i = Severity.ERROR, Severity.WARNING, Severity.INFO
    good = "3576014403910003"
    return [
        IssueDefinition(
            "nik_duplicate",
            e,
            "row",
            "NIK yang sama tercatat di lebih dari satu baris tabel.",
            "The same NIK appears on more than one row of the table.",
            {"nik": [good, good]},
        ),
        IssueDefinition(
            "nik_equals_kk",
            e,
            "row",
            "NIK sama dengan Nomor KK; salah satunya salah isi.",
            "The NIK equals the KK number; one of them was entered wrongly.",
            {"nik": [good], "no_kk": [good]},
        ),
        IssueDefinition(
            "nik_column_damaged",
            e,
            "row",
            "Kolom NIK rusak oleh Excel: terlalu banyak NIK berakhiran 0 (digit ke-16 hilang); "
            "ekspor ulang kolom ini sebagai teks.",
            "The NIK column was damaged by a spreadsheet: far too many NIKs end in 0 (the "
            "16th digit was lost); re-export the column as text.",
            {"nik": [f"3576014403910{n:02d}0" for n in range(1, 41)]},
            damage=True,
        ),
        IssueDefinition(
            "nik_birth_date_mismatch",
            w,
            "row",
            "Tanggal lahir pada NIK berbeda dengan tanggal_lahir yang tercatat.",
            "The birth date in the NIK differs from the recorded tanggal_lahir.",
            {"nik": [good], "tanggal_lahir": ["1991-03-05"]},
        ),
        IssueDefinition(
            "nik_birth_date_swapped",
            w,
            "row",
            "Tanggal lahir tercatat tampak tertukar hari dan bulannya dibanding NIK.",
            "The recorded birth date looks like the NIK's with day and month swapped.",
            {"nik": [good], "tanggal_lahir": ["1991-04-03"]},
        ),
        IssueDefinition(
            "nik_birth_date_placeholder",
            i,
            "row",
            "Tanggal lahir pada NIK dan tanggal_lahir berbeda, tetapi salah satunya tanggal "
            "pengganti yang sah (1 Juli, 31 Desember, 1 Januari).",
            "The NIK birth date and tanggal_lahir differ, but one of them is a legal "
            "placeholder date (1 July, 31 December, 1 January).",
            {"nik": [good], "tanggal_lahir": ["1991-07-01"]},
        ),
        IssueDefinition(
            "nik_sex_mismatch",
            w,
            "row",
            "Jenis kelamin pada NIK berbeda dengan jenis_kelamin yang tercatat.",
            "The sex encoded in the NIK differs from the recorded jenis_kelamin.",
            {"nik": [good], "jenis_kelamin": ["L"]},
        ),
        IssueDefinition(
            "kk_region_mismatch",
            i,
            "row",
            "Kode wilayah pada Nomor KK berbeda dengan kecamatan pada kode_wilayah "
            "(keluarga mungkin pindah).",
            "The region in the KK number differs from the district of kode_wilayah (the "
            "family may have moved).",
            {"no_kk": ["3576010101200001"], "kode_wilayah": ["3576021001"]},
        ),
        IssueDefinition(
            "tanggal_lahir_unreadable",
            w,
            "row",
            "tanggal_lahir tidak dapat dibaca sebagai tanggal (YYYY-MM-DD, DD-MM-YYYY atau "
            "DD/MM/YYYY).",
            "tanggal_lahir cannot be read as a date (YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY).",
            {"nik": [good], "tanggal_lahir": ["31-02-1991"]},
        ),
        IssueDefinition(
            "tanggal_lahir_in_future",
            e,
            "row",
            "tanggal_lahir sesudah tanggal acuan.",
            "tanggal_lahir is after the reference date.",
            {"nik": ["3576010403430003"], "tanggal_lahir": ["2043-03-04"]},
        ),
        IssueDefinition(
            "tanggal_lahir_over_110",
            w,
            "row",
            "Umur menurut tanggal_lahir lebih dari 110 tahun pada tanggal acuan.",
            "The age from tanggal_lahir is over 110 at the reference date.",
            {"nik": ["3576010403100003"], "tanggal_lahir": ["1910-03-04"]},
        ),
        IssueDefinition(
            "jenis_kelamin_unreadable",
            w,
            "row",
            "jenis_kelamin tidak dikenali (harus L atau P).",
            "jenis_kelamin is not recognised (must be L or P).",
            {"nik": [good], "jenis_kelamin": ["X"]},
        ),
    ]


def _household_definitions() -> list[IssueDefinition]:
    """Roster consistency per KK made by ``check_households`` (subject ``household``).

    Examples are person tables (column lists) checked at the reference date 2026-11-27.
    """
    e, w, i = Severity.ERROR, Severity.WARNING, Severity.INFO
    kk = "3576010101200001"
    head = "3576010101800001"
    return [
        IssueDefinition(
            "household_kk_missing",
            e,
            "household",
            "Nomor KK kosong: anggota ini tidak dapat dikelompokkan ke dalam keluarga.",
            "The KK number is empty: this member cannot be placed in a family.",
            {"no_kk": [None], "hubungan_keluarga": ["KEPALA KELUARGA"]},
        ),
        IssueDefinition(
            "household_kk_unusable",
            w,
            "household",
            "Nomor KK bukan 16 digit angka (lihat pemeriksaan tabel); susunan keluarga "
            "anggota ini tidak diperiksa.",
            "The KK number is not 16 digits (see the table check); this member's family "
            "roster was not checked.",
            {"no_kk": ["3.57601E+15"], "hubungan_keluarga": ["KEPALA KELUARGA"]},
        ),
        IssueDefinition(
            "household_relationship_unknown",
            w,
            "household",
            "Hubungan dalam keluarga (SHDK) kosong atau tidak dikenali.",
            "The relationship to the head (SHDK) is empty or not recognised.",
            {"no_kk": [kk, kk], "hubungan_keluarga": ["KEPALA KELUARGA", "3"]},
        ),
        IssueDefinition(
            "household_head_missing",
            e,
            "household",
            "KK ini tidak mempunyai anggota berstatus KEPALA KELUARGA.",
            "This KK has no member recorded as KEPALA KELUARGA (head).",
            {"no_kk": [kk, kk], "hubungan_keluarga": ["ISTRI", "ANAK"]},
        ),
        IssueDefinition(
            "household_head_multiple",
            e,
            "household",
            "KK ini mempunyai lebih dari satu KEPALA KELUARGA.",
            "This KK has more than one KEPALA KELUARGA (head).",
            {"no_kk": [kk, kk], "hubungan_keluarga": ["KEPALA KELUARGA", "Kepala Keluarga"]},
        ),
        IssueDefinition(
            "household_spouse_multiple",
            w,
            "household",
            "KK ini mempunyai lebih dari satu ISTRI/SUAMI kepala keluarga (poligami "
            "dimungkinkan; periksa).",
            "This KK has more than one spouse (ISTRI/SUAMI) of the head (polygamous "
            "marriages exist; check).",
            {"no_kk": [kk] * 3, "hubungan_keluarga": ["KEPALA KELUARGA", "ISTRI", "ISTRI"]},
        ),
        IssueDefinition(
            "household_head_deceased",
            w,
            "household",
            "Kepala keluarga tercatat MENINGGAL; KK seharusnya sudah diperbarui.",
            "The head is recorded as deceased (MENINGGAL); the KK should have been updated.",
            {
                "no_kk": [kk, kk],
                "hubungan_keluarga": ["KEPALA KELUARGA", "ISTRI"],
                "status_hidup": ["MENINGGAL", "HIDUP"],
            },
        ),
        IssueDefinition(
            "household_head_underage",
            w,
            "household",
            "Kepala keluarga berumur kurang dari 16 tahun pada tanggal acuan.",
            "The head is younger than 16 at the reference date.",
            {
                "no_kk": [kk],
                "hubungan_keluarga": ["KEPALA KELUARGA"],
                "tanggal_lahir": ["2015-01-01"],
            },
        ),
        IssueDefinition(
            "household_spouse_underage",
            w,
            "household",
            "Istri/suami kepala keluarga berumur kurang dari 16 tahun pada tanggal acuan.",
            "The head's spouse is younger than 16 at the reference date.",
            {
                "no_kk": [kk, kk],
                "hubungan_keluarga": ["KEPALA KELUARGA", "ISTRI"],
                "tanggal_lahir": ["1990-01-01", "2012-01-01"],
            },
        ),
        IssueDefinition(
            "household_child_age_gap",
            w,
            "household",
            "ANAK kurang dari 12 tahun lebih muda daripada kepala keluarga atau istri/suaminya.",
            "A child (ANAK) is less than 12 years younger than the head or the head's spouse.",
            {
                "no_kk": [kk, kk],
                "hubungan_keluarga": ["KEPALA KELUARGA", "ANAK"],
                "tanggal_lahir": ["1990-01-01", "1995-01-01"],
            },
        ),
        IssueDefinition(
            "household_nik_in_two_kks",
            e,
            "household",
            "NIK yang sama tercatat pada lebih dari satu KK; setiap orang hanya ada di satu KK.",
            "The same NIK is recorded on more than one KK; each person is on exactly one KK.",
            {
                "nik": [head, head],
                "no_kk": [kk, "3576010101200002"],
                "hubungan_keluarga": ["KEPALA KELUARGA", "ANAK"],
            },
        ),
        IssueDefinition(
            "household_size_large",
            w,
            "household",
            "KK ini mempunyai lebih dari 15 anggota, tidak lazim.",
            "This KK has more than 15 members, which is implausible.",
            {"no_kk": [kk] * 16, "hubungan_keluarga": ["KEPALA KELUARGA"] + ["ANAK"] * 15},
        ),
        IssueDefinition(
            "household_member_region_differs",
            i,
            "household",
            "Kode wilayah NIK anggota berbeda dengan kode wilayah KK (terdaftar pertama kali "
            "di daerah lain).",
            "The member's NIK region differs from the KK's region (first registered elsewhere).",
            {
                "nik": [head, "3510014101820002"],
                "no_kk": [kk, kk],
                "hubungan_keluarga": ["KEPALA KELUARGA", "ISTRI"],
            },
        ),
    ]


def _input_definitions() -> list[IssueDefinition]:
    """The intake's codes (``row_*`` per row, ``input_*`` per input; see ``_input_codes``)."""
    from bansos_validate._input_codes import INPUT_CODES  # noqa: PLC0415 - data module

    return [
        IssueDefinition(code, Severity(severity), subject, text_id, text_en, example)
        for code, severity, subject, text_id, text_en, example in INPUT_CODES
    ]


CATALOGUE: Mapping[str, IssueDefinition] = MappingProxyType(
    {
        d.code: d
        for d in sorted(
            _nik_kk_definitions()
            + _other_definitions()
            + _row_definitions()
            + _household_definitions()
            + _input_definitions(),
            key=lambda d: d.code,
        )
    }
)
"""Every issue code the library can report, keyed by code."""


def subject_code(subject: str, suffix: str) -> IssueCode:
    """The code of an identifier issue: *subject* (``nik``/``kk``) and *suffix*.

    >>> subject_code("kk", "district_recoded")
    'kk_district_recoded'

    Raises:
        KeyError: the catalogue has no such code (a programming error, found by the tests).
    """
    code = f"{subject}_{suffix}"
    if code not in CATALOGUE:
        raise KeyError(code)
    return code  # type: ignore[return-value] # checked against the catalogue above


def definition(code: str) -> IssueDefinition:
    """Return the catalogue entry for *code*.

    Raises:
        KeyError: the code is not in the catalogue (an
            :class:`~bansos_validate.errors.InvalidArgument` that is also a ``KeyError``).
    """
    found = CATALOGUE.get(code) if isinstance(code, str) else None
    if found is None:
        raise _args.UnknownKeyError(
            "unknown issue code: Expected a code of bansos_validate.issues.CATALOGUE but got "
            f"code={_args.shown(code)}"
        )
    return found


_SEVERITIES: dict[str, Severity] = {code: d.severity for code, d in CATALOGUE.items()}


def _severity_of(instance: Issue) -> Severity:
    _check_code(instance, None, instance.code)
    found = _SEVERITIES.get(instance.code)
    return found if found is not None else definition(instance.code).severity


def _freeze(context: Mapping[str, object]) -> Mapping[str, object]:
    if type(context) is MappingProxyType:
        return context
    return MappingProxyType(_args.mapping("context", context, optional=False, values="any"))


def _as_severity(value: Severity | str) -> Severity:
    if type(value) is Severity:
        return value
    if isinstance(value, str) and value in _SEVERITY_VALUES:
        return Severity(value)
    raise _args.fail("severity", "a Severity ('error', 'warning' or 'info')", value)


def _check_code(_instance: object, _attribute: object, value: Any) -> None:
    if type(value) is not str:
        raise _args.fail("code", "an issue code (str)", value)


@attrs.frozen(slots=True, repr=False)
class Issue:
    """One finding about one value.

    Args:
        code: a code from :data:`CATALOGUE`.
        field: the field or column the issue is about (``nik``, ``no_kk``, ...).
        context: values that fill the message template; never raw identifiers.
        severity: taken from the catalogue when not given.
    """

    code: str = attrs.field(validator=_check_code)
    field: str = ""
    context: Mapping[str, object] = attrs.field(
        default=MappingProxyType({}), converter=_freeze, hash=False
    )
    severity: Severity = attrs.field(
        default=attrs.Factory(_severity_of, takes_self=True), converter=_as_severity
    )

    def message(self, lang: Lang = "id", *, unmasked: bool = True) -> str:
        """Return the human message in Bahasa Indonesia (``"id"``) or English (``"en"``).

        Every context value is shown by default: whoever parsed the value holds it
        already. With ``unmasked=False`` personal values (a birth or issue date, a
        serial) are shown as ``…``, as in reports (:meth:`IssueDefinition.render`);
        use that before writing the message anywhere others read it (a log, a file).

        Args:
            lang: ``"id"`` or ``"en"``.
            unmasked: show personal context values (default) or hide them.

        >>> issue = Issue("nik_serial_suspicious", "nik", {"serial": "9999"})
        >>> issue.message("en")
        'The NIK serial 9999 looks like a filler.'
        >>> issue.message("en", unmasked=False)
        'The NIK serial … looks like a filler.'
        """
        spec = definition(self.code)
        lang = _args.lang(lang)
        if not _args.flag("unmasked", unmasked):
            return spec.render(lang, self.context, unmasked=False)
        template = spec.en if lang == "en" else spec.id
        try:
            return template.format_map(dict(self.context))
        except (KeyError, IndexError, ValueError):
            return template

    def __repr__(self) -> str:
        return f"Issue({self.code!r}, severity={self.severity.value!r}, field={self.field!r})"
