"""An Indonesian phonetic key for blocking: :func:`phonetic_key`, :func:`token_key`.

English codes fold the wrong things for Indonesian names: Soundex keeps the first letter
(``DJOKO`` D200, ``JOKO`` J200) and Metaphone reads ``J`` as in English
(``TJAHJO`` TJJ, ``CAHYO`` KY). This key folds the spellings that Indonesian names
actually vary in; the rules and the comparison with Soundex and Metaphone are in
``docs/names.md``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bansos_validate.names._normalize import parse_name

__all__ = ["phonetic_key", "token_key"]

_VOWELS = frozenset("AEIOU")
_FOLDS = (
    ("KH", "H"),  # AKHMAD = AHMAD (CH was turned into KH first: ACHMAD)
    ("SY", "S"),  # SYAIFUL = SAIFUL (SJ was turned into SY by J -> Y)
    ("DZ", "Z"),  # DZULKIFLI = ZULKIFLI
    ("PH", "P"),
    ("F", "P"),  # ARIFIN = ARIPIN, FITRI = PITRI
    ("V", "P"),
    ("Q", "K"),  # QOMARUDIN = KOMARUDIN
    ("X", "KS"),
    ("AE", "AI"),  # ZAENAL = ZAINAL, JUNAEDI = JUNAIDI
)
_H_AFTER_OBSTRUENT = re.compile(r"(?<=[BCDGKPSTZ])H")  # RAMADHAN, SHOLEH, FATHUR
# Y after a consonant other than N (NY is one sound) is the vowel I: SUBAGYO = SUBAGIO,
# HARYANTO = HARIANTO; then Y between I and a vowel, W between U and a vowel are glides.
_Y_AFTER_CONSONANT = re.compile(r"(?<=[BCDGHKLMPRTWZ])Y(?=[AEIOU])")
_GLIDE = re.compile(r"(?<=I)Y(?=[AEIOU])|(?<=U)W(?=[AEIOU])")  # SUPRIYADI = SUPRIADI
_SCHWA = re.compile(r"\A([BCDGKPST])E(?=[LR][AEIOU])")  # SELAMET = SLAMET, PERIYANTO
_DOUBLES = re.compile(r"(.)\1+")  # MUHAMMAD, ABDULLAH, HASSAN


@lru_cache(maxsize=1 << 16)
def token_key(token: str) -> str:
    """Return the phonetic key of one normalised token (upper case, no spaces).

    >>> token_key("DJOKO"), token_key("JOKO")
    ('YOKO', 'YOKO')
    >>> token_key("TJAHJONO"), token_key("CAHYONO")
    ('CAHIONA', 'CAHIONA')
    >>> token_key("ACHMAD"), token_key("SUPRIJADI"), token_key("SANTOSO")
    ('AHMAD', 'SUPRIADI', 'SANTOSA')
    """
    key = (
        token.replace("OE", "U")
        .replace("DJ", "J")
        .replace("STJ", "STY")
        .replace("TJ", "C")
        .replace("CH", "KH")
    )  # old spelling, DJ before J -> Y; CH -> KH before KH -> H
    long_token = len(key) >= 5
    key = key.replace("J", "Y")  # weak j/y: MARIJAN = MARIYAN, and NJ = NY, SJ = SY
    if len(key) > 2:
        if key[-1] == "Y" and key[-2] not in _VOWELS:
            key = key[:-1] + "I"  # HENDRY = HENDRI
        elif key.endswith("IE"):
            key = key[:-1]  # YANTIE = YANTI
    for old, new in _FOLDS:
        key = key.replace(old, new)
    key = _H_AFTER_OBSTRUENT.sub("", key)
    key = _Y_AFTER_CONSONANT.sub("I", key)
    key = _GLIDE.sub("", key)
    key = _SCHWA.sub(r"\1", key)
    if len(key) > 3 and key[-1] == "H" and key[-2] in _VOWELS:
        key = key[:-1]  # FATIMAH = FATIMA
    key = _DOUBLES.sub(r"\1", key)
    if long_token and key.endswith("O"):
        key = key[:-1] + "A"  # Javanese reads a final -a as -o: SANTOSA = SANTOSO
    return key


def phonetic_key(name: object) -> str:
    """Return an Indonesian phonetic key of a name, for blocking candidate pairs.

    The name is normalised (:func:`normalize_name`: titles, ``bin``/``binti`` part and
    punctuation removed, Muhammad unified); each token is then keyed and the keys are
    joined by spaces, in order. Block on the whole key, or on its first token
    (``key.split()[0]``) for a looser block.

    Per token, in order: old spelling (``OE`` -> ``U``, ``DJ`` -> ``J``, ``STJ`` ->
    ``STY``, ``TJ`` -> ``C``, ``CH`` -> ``KH``); ``J`` -> ``Y`` (so also ``NJ`` = ``NY``,
    ``SJ`` = ``SY``); final ``Y`` after a consonant -> ``I``, final ``IE`` -> ``I``;
    ``KH`` -> ``H``, ``SY`` -> ``S``, ``DZ`` -> ``Z``, ``PH``/``F``/``V`` -> ``P``,
    ``Q`` -> ``K``, ``X`` -> ``KS``, ``AE`` -> ``AI``; ``H`` after ``B C D G K P S T Z``
    dropped; ``Y`` between a consonant (not ``N``) and a vowel -> ``I``; ``Y`` between
    ``I`` and a vowel and ``W`` between ``U`` and a vowel dropped; the ``E`` of an opening
    consonant + ``E`` + ``L``/``R`` + vowel dropped; a final ``H`` after a vowel dropped;
    doubled letters collapsed; a final ``O`` -> ``A`` in tokens of five letters or more
    (after the old-spelling step: ``EKO``, ``JOKO`` and ``DJOKO`` keep their ``O``).

    >>> phonetic_key("DJOKO SOEWITO"), phonetic_key("Joko Suwito")
    ('YOKO SUITA', 'YOKO SUITA')
    >>> phonetic_key("H. MOCH. ICHSAN"), phonetic_key("MUHAMMAD IHSAN")
    ('MUHAMAD IHSAN', 'MUHAMAD IHSAN')
    >>> phonetic_key("SRI WAHYUNI") == phonetic_key("SRI WAHYUNINGSIH")
    False
    >>> phonetic_key(None)
    ''

    Raises:
        InvalidArgument: ``name`` is neither text nor missing.

    .. versionadded:: 0.1.0
    """
    return " ".join(token_key(token) for token in parse_name(name).given)
