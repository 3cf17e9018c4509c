"""Indonesian personal names: normalisation, a phonetic key, similarity and compatibility.

The same person is written differently across the civil registry (Dukcapil), DTSEN and
program rolls: old and new spelling (``SOEHARTO`` / ``SUHARTO``), Muhammad's twenty
spellings and abbreviations, titles that may stand on a KTP but not on a birth deed
(``H. SLAMET, S.Pd`` / ``SLAMET``), ``bin``/``binti``, initials, reordered or dropped
tokens and typos (sources in ``docs/domain.md``, "Name variation").

**Normalisation** (:func:`normalize_name`, :func:`parse_name`), in order:

1. Unicode folded to upper-case ASCII (accents dropped), apostrophes removed
   (``MA'RUF`` -> ``MARUF``); every other character that is not a letter or digit
   separates tokens, so dot-joined initials split (``MAWARDI.Z`` -> ``MAWARDI Z``).
2. Per token: old spelling modernised when the token shows it (``OE``, ``DJ``, ``TJ``,
   ``SJ``; see :func:`modernise`), Muhammad's spellings and abbreviations (``MOCH.``,
   ``MOHD.``, ``MHD``...) written ``MUHAMMAD``, ``ABD.`` written ``ABDUL``.
3. Degrees and titles after a comma removed (``, S.Pd.I``, ``, M.M.``).
4. Titles and honorifics opening the name removed (``H.``, ``Hj.``, ``KH.``, ``Drs.``,
   ``Ir.``, ``Dr.``, ``Prof.``, ``Bpk.``, ``Ibu``, ``Ny.``, ``Tn.``, ``Sdr.``, ``R.``,
   ``R.A.``, ``Alm.``...), and degrees closing it (``SLAMET SPD``), never the last token.
5. ``bin``/``binti``/``bt``/``bn`` splits off the patronym (the father's name), which is
   kept apart in :attr:`ParsedName.patronym` and left out of the normalised name.
6. A leading ``M`` (``ST``) of a name of two or more tokens is written ``MUHAMMAD``
   (``SITI``); a lone ``M`` or one later in the name stays an initial.

The weak old-spelling rule ``J`` -> ``Y`` is applied only inside tokens with an old
consonant (``TJAHJONO`` -> ``CAHYONO``), never elsewhere (``JOKO``, ``MARIJAN`` keep their
``J``); :func:`phonetic_key` folds ``J``/``Y`` everywhere, for blocking.

>>> from bansos_validate.names import normalize_name, parse_name, phonetic_key
>>> normalize_name("Drs. H. Moch. Soeharto, M.Si")
'MUHAMMAD SUHARTO'
>>> parse_name("SITI AMINAH BT. H. SLAMET").patronym
('SLAMET',)
>>> phonetic_key("TJAHJO") == phonetic_key("CAHYO")
True

**Similarity** (:func:`name_similarity`, :func:`name_similarity_many`) is Jaro-Winkler
(prefix weight 0.1) over four aligned forms of the normalised names; the scalar path uses
jellyfish, the bulk path rapidfuzz, with the same scores. **Compatibility**
(:func:`names_compatible`) requires the score to reach :data:`NAME_MATCH_THRESHOLD` and
the tokens to agree one by one, which separates ``SRI WAHYUNI`` from
``SRI WAHYUNINGSIH``:

>>> from bansos_validate.names import name_similarity, names_compatible
>>> round(name_similarity("SRI WAHYUNI", "SRI WAHYUNINGSIH"), 2)
0.94
>>> names_compatible("SRI WAHYUNI", "SRI WAHYUNINGSIH")
False
>>> names_compatible("H. DJOKO SOEWITO", "JOKO SUWITO")
True

``docs/names.md`` has the full rules, the reasons behind them and the precision and
recall on the curated pair table.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from bansos_validate.names._normalize import (
    ParsedName,
    modernise,
    normalize_name,
    normalize_names,
    parse_name,
)
from bansos_validate.names._phonetic import phonetic_key
from bansos_validate.names._similarity import (
    JARO_WINKLER_PREFIX_WEIGHT,
    MAX_ALIGNED_TOKENS,
    MAX_COMPARED_CHARS,
    NAME_MATCH_THRESHOLD,
    name_similarity,
    name_similarity_many,
    names_compatible,
)

__all__ = [
    "JARO_WINKLER_PREFIX_WEIGHT",
    "MAX_ALIGNED_TOKENS",
    "MAX_COMPARED_CHARS",
    "NAME_MATCH_THRESHOLD",
    "ParsedName",
    "modernise",
    "name_similarity",
    "name_similarity_many",
    "names_compatible",
    "normalize_name",
    "normalize_names",
    "parse_name",
    "phonetic_key",
]

for _obj in (
    ParsedName,
    modernise,
    name_similarity,
    name_similarity_many,
    names_compatible,
    normalize_name,
    normalize_names,
    parse_name,
    phonetic_key,
):
    _obj.__module__ = __name__
