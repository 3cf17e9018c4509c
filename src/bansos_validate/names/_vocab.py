"""Word lists for name normalisation: titles, degrees, connectors, Muhammad's spellings.

Every list is written the way people write it (``S.Pd.I``, ``Hj.``); :func:`atom_forms`
turns an entry into the token sequences it can appear as once punctuation is gone
(``S.Pd.I`` -> ``S PD I``, ``SPD I``, ``S PDI``, ``SPDI``), mapped back to the entry, so
that :attr:`ParsedName.titles <bansos_validate.names.ParsedName.titles>` reports the
written form.

Sources: ``docs/domain.md``, "Name variation" (Permendagri 73/2022 on titles, the
Muhammad spellings of jawawa.id), the Kemendikbud list of academic degree abbreviations,
and the title sets of public normalisers (Perl Lingua::ID::NameParse).

>>> sorted(atom_forms("S.Pd.I"))
[('S', 'PD', 'I'), ('S', 'PDI'), ('SPD', 'I'), ('SPDI',)]
>>> DEGREE_FORMS[("SPD",)], TITLE_FORMS[("H",)], TITLE_FORMS[("R", "A")]
('S.Pd', 'H.', 'R.A.')
>>> MUHAMMAD_RE.match("MOCHAMMAD") is not None, MUHAMMAD_RE.match("MAHMUD") is None
(True, True)
"""

from __future__ import annotations

import re
from itertools import product

__all__ = [
    "ABBREVIATIONS",
    "CONNECTORS",
    "DEGREE_FORMS",
    "MUHAMMAD",
    "MUHAMMAD_RE",
    "TITLE_FORMS",
    "TRAILING_TITLES",
    "atom_forms",
]

MUHAMMAD = "MUHAMMAD"

# Spellings of Muhammad, after old-spelling modernisation (MOEHAMAD -> MUHAMAD,
# MOECHAMAD -> MUKHAMAD): M + O/U + H/CH/KH + A + M/MM + A/AA/E + D/T. Covers Muhamad,
# Mohamad, Mohammad, Mochamad, Mochammad, Mukhamad, Mukhammad, Mohammed, Muhammaad,
# Mohamat and the old-spelled Moehamad, Moehammad, Moechamad; not Mahmud or Muhammadiyah.
MUHAMMAD_RE = re.compile(r"M[OU](?:H|CH|KH)AM{1,2}(?:A{1,2}|E)[DT]\Z")

ABBREVIATIONS: dict[str, str] = {
    # Muhammad, written short on records made before Permendagri 73/2022 forbade it.
    # MOECH and MOEH are listed as written and as modernised (MUKH, MUH).
    **dict.fromkeys(
        ("MOH", "MOCH", "MOHD", "MOECH", "MUCH", "MOEH", "MUH", "MUHD", "MHD", "MOKH", "MUKH"),
        MUHAMMAD,
    ),
    "ABD": "ABDUL",
}
"""Abbreviations expanded wherever they stand (``MOCH.`` -> ``MUHAMMAD``)."""

CONNECTORS = frozenset({"BIN", "BINTI", "BT", "BN"})
"""``bin``/``binti`` (son/daughter of) and their abbreviations; the father's name follows."""

# Written before the name. Matched only in the leading run of tokens, never as the only
# token. Single letters (H., R.) are titles there: ``H. SLAMET`` is Haji Slamet.
_TITLES = (
    # hajj and religious
    "H.", "Hj.", "Hjh.", "Haji", "Hajjah", "Hajah", "KH.", "K.H.", "Kyai", "Kiai",
    "Ust.", "Ustad", "Ustadz", "Ustaz", "Ustadzah", "Ustadah", "Ustazah", "Tgk.", "Teungku",
    # academic, written before the name
    "Drs.", "Dra.", "Ir.", "Dr.", "Prof.",
    # honorifics and forms of address
    "Bpk.", "Bapak", "Pak", "Ibu", "Bu", "Tn.", "Tuan", "Ny.", "Nyonya",
    "Sdr.", "Sdri.", "Saudara", "Saudari",
    # Javanese nobility
    "Raden", "R.", "R.A.", "RA.", "R.M.", "RM.", "R.R.", "RR.", "R.Ay.",
    # deceased
    "Alm.", "Almh.", "Almarhum", "Almarhumah",
)  # fmt: skip

# Written after the name (usually after a comma). Matched in the trailing run of tokens
# and anywhere after a comma.
_DEGREES = (
    # Sarjana degrees:
    "S.Pd", "S.Pd.I", "S.Pd.SD", "S.Pd.K", "S.Ag", "S.E.", "S.E.I", "S.H.", "S.H.I", "S.Kom",
    "S.Kom.I", "S.T.", "S.Sos", "S.Sos.I", "S.Kep", "S.Si", "S.IP", "S.I.P", "S.KM", "S.Ked",
    "S.Farm", "S.Psi", "S.Hut", "S.P.", "S.Pt", "S.Pi", "S.S.", "S.Sn", "S.Ds", "S.Th",
    "S.Th.I", "S.Hum", "S.Ak", "S.Gz", "S.Tr", "S.ST", "S.Kes", "S.Keb", "S.Sy", "S.I.Kom",
    "S.TP", "S.Stat", "S.Ars",
    # Magister degrees:
    "M.Pd", "M.Pd.I", "M.M.", "M.Si", "M.Ag", "M.H.", "M.Hum", "M.Kes", "M.Kom", "M.T.",
    "M.Sc", "M.A.", "M.Ed", "M.Ak", "M.E.", "M.Psi", "M.Kep", "M.Farm", "M.P.", "M.AP",
    "M.Sos", "M.B.A.", "M.Eng",
    # Diploma degrees (ahli madya, ahli muda):
    "A.Md", "A.Ma", "A.Ma.Pd", "A.Md.Kep", "A.Md.Keb", "A.Md.Kes", "A.Md.Gz", "A.Md.Ak",
    "A.Md.Farm", "A.Md.Kom", "A.Md.T", "A.Md.Pd", "A.Ks", "A.Kep",
    # Professional and foreign degrees:
    "Ns.", "Lc.", "Ph.D", "B.Sc", "Dipl.", "Sp.A", "Sp.OG", "Sp.PD", "Sp.B",
)  # fmt: skip

# Two-letter degrees written without dots: only these are recognised; the others need
# their dots (M.A., M.P., M.E.: "MA" is also a Chinese-Indonesian family name).
_JOINED_TWO_LETTER = frozenset({"SE", "SH", "ST", "SP", "SS", "MM", "MH", "MT", "NS", "LC"})

TRAILING_TITLES = frozenset({("ALM",), ("ALMH",), ("ALMARHUM",), ("ALMARHUMAH",)})
"""Titles also stripped from the end of a name (``SUTRISNO (ALM)``)."""


def atom_forms(written: str) -> set[tuple[str, ...]]:
    """Return the token sequences a written title can become once dots are dropped.

    Adjacent parts may be joined or not (``S.Pd.I`` is also written ``S.PdI``, ``SPd.I``).
    """
    atoms = [a for a in re.split(r"[^A-Za-z]+", written.upper()) if a]
    forms: set[tuple[str, ...]] = set()
    for joins in product((False, True), repeat=len(atoms) - 1):
        form = [atoms[0]]
        for atom, join in zip(atoms[1:], joins, strict=True):
            if join:
                form[-1] += atom
            else:
                form.append(atom)
        forms.add(tuple(form))
    return forms


def _table(entries: tuple[str, ...], *, degrees: bool) -> dict[tuple[str, ...], str]:
    table: dict[tuple[str, ...], str] = {}
    for written in entries:
        for form in atom_forms(written):
            joined_short = len(form) == 1 and len(form[0]) == 2 and len(written) > 2
            if degrees and joined_short and form[0] not in _JOINED_TWO_LETTER:
                continue
            table.setdefault(form, written)
    return table


TITLE_FORMS = _table(_TITLES, degrees=False)
"""Token sequence -> written title, for titles written before the name."""

DEGREE_FORMS = _table(_DEGREES, degrees=True)
"""Token sequence -> written degree, for degrees written after the name."""
