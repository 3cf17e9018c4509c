"""Name similarity and compatibility.

:func:`name_similarity` (scalar, jellyfish) and :func:`name_similarity_many` (bulk,
rapidfuzz ``process.cpdist``) compute the same score: the best Jaro-Winkler similarity
(prefix weight 0.1, at most four prefix letters, jellyfish's ``long_tolerance`` off) over
four aligned forms of the two names. :func:`names_compatible` adds token-level rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Final

import jellyfish

from bansos_validate import _arguments as _args
from bansos_validate.errors import InvalidArgument
from bansos_validate.names._normalize import ParsedName, is_missing, parse_name, parse_uncached
from bansos_validate.names._phonetic import token_key
from bansos_validate.names._vocab import MUHAMMAD

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "JARO_WINKLER_PREFIX_WEIGHT",
    "NAME_MATCH_THRESHOLD",
    "name_similarity",
    "name_similarity_many",
    "names_compatible",
]

JARO_WINKLER_PREFIX_WEIGHT: Final = 0.1
"""The Winkler prefix weight both engines use (jellyfish's fixed value, rapidfuzz's default)."""

NAME_MATCH_THRESHOLD: Final = 0.85
"""The :func:`name_similarity` at or above which :func:`names_compatible` may accept a pair.

Chosen on the curated table ``tests/names/name_pairs.csv`` (see ``docs/names.md``).
"""

MAX_COMPARED_CHARS: Final = 128
"""Each form is compared on its first 128 characters (Permendagri 73/2022 allows 60),
which bounds the quadratic scalar Jaro-Winkler on junk input."""

MAX_ALIGNED_TOKENS: Final = 16
""":func:`names_compatible` aligns at most the first 16 tokens of each name."""

_Forms = tuple[str, str, str, str]
_NO_FORMS: Final[_Forms] = ("", "", "", "")

_NONE, _INITIAL, _WORD = 0, 1, 2
_VOWELS = frozenset("AEIOU")
_LIKE_CONSONANTS = frozenset({frozenset("SZ"), frozenset("CK")})  # RIZKI/RISKI
# A leading token one record may leave out: Muhammad, and Balinese I (male) / NI (female).
_OPTIONAL_FIRST = frozenset({MUHAMMAD, "I", "NI"})
_SEARCH_BUDGET = 20_000  # alignment steps before giving up (only reached on junk)


# --- similarity ---------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def _forms_of(given: tuple[str, ...], patronym: tuple[str, ...]) -> _Forms:
    """The four forms of a non-empty name, each cut to :data:`MAX_COMPARED_CHARS`."""
    plain = " ".join(given)
    optional = len(given) > 1 and given[0] in _OPTIONAL_FIRST
    without_first = " ".join(given[1:]) if optional else plain
    limit = MAX_COMPARED_CHARS
    return (
        plain[:limit],
        " ".join(sorted(given))[:limit],
        without_first[:limit],
        " ".join(given + patronym)[:limit],
    )


def _forms(parsed: ParsedName) -> _Forms:
    return _forms_of(parsed.given, parsed.patronym) if parsed.given else _NO_FORMS


def name_similarity(a: object, b: object) -> float:
    """Return how similar two names are, from 0.0 to 1.0.

    Both names are normalised (:func:`normalize_name`). The score is the highest
    Jaro-Winkler similarity (prefix weight 0.1) of four pairs of forms:

    1. the normalised names (``SITI NUR AMINAH`` / ``SITI AMINAH``: a dropped middle name);
    2. their tokens sorted (``AMINAH SITI`` / ``SITI AMINAH``: reordered tokens);
    3. the names without an opening ``MUHAMMAD``, or Balinese ``I``/``NI``
       (``M. YUSUF`` / ``YUSUF``, ``I WAYAN SUDARMA`` / ``WAYAN SUDARMA``);
    4. the names with the patronym, without ``bin``/``binti`` (``AHMAD BIN SLAMET`` /
       ``AHMAD SLAMET``).

    A name that normalises to ``""`` (missing, only punctuation) scores 0.0 against
    everything, itself included. Jaro-Winkler rewards shared prefixes, so it cannot tell
    ``SRI WAHYUNI`` from ``SRI WAHYUNINGSIH`` (0.94): decide with :func:`names_compatible`.

    >>> name_similarity("DRS. H. SOEHARTO", "Suharto")
    1.0
    >>> name_similarity("AMINAH SITI", "SITI AMINAH")
    1.0
    >>> round(name_similarity("SITI NUR AMINAH", "SITI AMINAH"), 4)
    0.9467
    >>> name_similarity("SLAMET", None)
    0.0

    Raises:
        InvalidArgument: a name is neither text nor missing.

    .. versionadded:: 0.1.0
    """
    fa, fb = _forms(parse_name(a)), _forms(parse_name(b))
    if not fa[0] or not fb[0]:
        return 0.0
    best = 0.0
    for x, y in zip(fa, fb, strict=True):
        if x == y:
            return 1.0
        score = jellyfish.jaro_winkler_similarity(x, y)
        best = max(score, best)
    return best


_MAX_WORKERS = 1024
"""More threads than any machine this runs on has cores."""


def name_similarity_many(
    left: Sequence[str | None], right: Sequence[str | None], *, workers: int = 1
) -> npt.NDArray[np.float64]:
    """Return :func:`name_similarity` of ``left[i]`` and ``right[i]`` for every ``i``.

    The bulk path: names are normalised once per distinct value and the four forms are
    compared with ``rapidfuzz.process.cpdist`` (``JaroWinkler``, prefix weight 0.1). The
    scores equal the scalar path's (property-tested to 1e-9). numpy and rapidfuzz are
    imported on the first call, not with the package.

    Args:
        left: names (``None``/NaN for missing).
        right: names, as many as ``left``.
        workers: threads for rapidfuzz (``-1``: all cores).

    Returns:
        A float64 array of ``len(left)`` scores.

    Raises:
        InvalidArgument: the sequences differ in length, or a value is neither text nor
            missing (the message gives its side and position, not the value).

    >>> name_similarity_many(["H. SLAMET", "SRI WAHYUNI"], ["SLAMET", None]).tolist()
    [1.0, 0.0]

    .. versionadded:: 0.1.0
    """
    import numpy as np  # noqa: PLC0415 - bulk only: keep the package import light
    from rapidfuzz import process  # noqa: PLC0415
    from rapidfuzz.distance import JaroWinkler  # noqa: PLC0415

    for side, values in (("left", left), ("right", right)):
        if isinstance(values, str | bytes | Mapping) or not (
            hasattr(values, "__len__") and hasattr(values, "__iter__")
        ):
            raise _args.fail(side, "a sequence of names (str or None)", values)
    workers = _args.integer("workers", workers, minimum=-1, maximum=_MAX_WORKERS)
    if len(left) != len(right):
        raise InvalidArgument(
            f"left and right must have the same length, not {len(left)} and {len(right)}."
        )
    lf, rf = _bulk_forms(left, "left"), _bulk_forms(right, "right")
    n = len(lf)
    scores = np.zeros(n, dtype=np.float64)
    present = [i for i in range(n) if lf[i][0] and rf[i][0]]  # missing names score 0.0
    for k in range(4):
        rows = present
        if k:  # a form equal to the plain one on both sides cannot raise the score
            rows = [i for i in present if lf[i][k] != lf[i][0] or rf[i][k] != rf[i][0]]
        if not rows:
            continue
        part = process.cpdist(
            [lf[i][k] for i in rows],
            [rf[i][k] for i in rows],
            scorer=JaroWinkler.similarity,
            scorer_kwargs={"prefix_weight": JARO_WINKLER_PREFIX_WEIGHT},
            dtype=np.float64,
            workers=workers,
        )
        index = np.fromiter(rows, dtype=np.intp, count=len(rows))
        scores[index] = np.maximum(scores[index], part)
    return scores


def _bulk_forms(names: Sequence[str | None], side: str) -> list[_Forms]:
    seen: dict[str, _Forms] = {}
    out: list[_Forms] = []
    for position, name in enumerate(names):
        if isinstance(name, str):
            forms = seen.get(name)
            if forms is None:
                forms = seen[name] = _forms(parse_uncached(name))
            out.append(forms)
        elif is_missing(name):
            out.append(_NO_FORMS)
        else:
            raise InvalidArgument(
                f"Expected names as str (or None) but {side}[{position}] has type "
                f"{type(name).__name__}."
            )
    return out


# --- compatibility ------------------------------------------------------------------------


def names_compatible(a: object, b: object, *, threshold: float = NAME_MATCH_THRESHOLD) -> bool:
    """Whether two names can be the same person's: similar enough, and token by token.

    True when :func:`name_similarity` is at least ``threshold`` and the tokens align:

    * Every token of the shorter name agrees with a different token of the longer one, in
      any order. Tokens agree when equal; when one is an initial of the other
      (``Z`` / ``ZAINUDDIN``); when their :func:`phonetic_key` tokens are equal
      (``DJOKO`` / ``JOKO``); or, both keys five letters or more, when the keys differ by
      one typo that keeps the last two letters: two adjacent letters swapped
      (``JUNIADI``), or, keeping the first letter too, one letter inserted or deleted or
      one replaced by a vowel for a vowel, ``S``/``Z`` or ``C``/``K`` (``ROHMAT``,
      ``RISKI``). Never a typo: another consonant (``SUPARNO`` / ``SUMARNO``), or an ``N``
      before a final ``T``/``D`` and vowel (``NURHAYATI`` / ``NURHAYANTI``, ``SUPRIADI`` /
      ``SUPRIANDI``); the last-two-letters rule keeps ``MULYANI`` / ``MULYATI`` and
      ``SUSANTO`` / ``SUSANTI`` apart.
    * At least one agreement is between whole words, not initials only.
    * The longer name may have extra tokens only in the middle, and only when the shorter
      has two tokens or more: ``SITI AMINAH`` ~ ``SITI NUR AMINAH``, but ``SUTRISNO`` is
      not ``SUTRISNO ADI`` and ``AHMAD YASIN`` is not ``AHMAD YASIN SAPUTRA``.
    * Two adjacent tokens may stand for one (``NUR HAYATI`` / ``NURHAYATI``); an opening
      ``MUHAMMAD`` or Balinese ``I``/``NI`` may be left out (``M. IQBAL`` / ``IQBAL``); a
      name may be compared with its patronym appended (``AHMAD SLAMET`` /
      ``AHMAD BIN SLAMET``).
    * When both names have a patronym, some token of one must agree with some token of the
      other, initials included (``AHMAD BIN SLAMET`` is not ``AHMAD BIN SUPARDI``;
      ``AHMAD BIN S.`` may be ``AHMAD BIN SLAMET``).

    >>> names_compatible("H. SOEPARDI, S.Pd", "SUPARDI")
    True
    >>> names_compatible("SRI WAHYUNI", "SRI WAHYUNINGSIH")
    False
    >>> names_compatible("MAWARDI.Z", "MAWARDI ZAINUDDIN")
    True
    >>> names_compatible("SUTRISNO", "SUTRISNO ADI"), names_compatible("EKO", "EKA")
    (False, False)

    Raises:
        InvalidArgument: a name is neither text nor missing, or ``threshold`` is not a
            number from 0 to 1.

    .. versionadded:: 0.1.0
    """
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        raise InvalidArgument(f"Expected threshold as a float but got {threshold!r}.")
    if not 0.0 <= threshold <= 1.0:
        raise InvalidArgument(f"threshold must be from 0 to 1, not {threshold!r}.")
    pa, pb = parse_name(a), parse_name(b)
    if not pa.given or not pb.given:
        return False
    if name_similarity(a, b) < threshold:
        return False
    return _tokens_compatible(pa, pb)


def _tokens_compatible(pa: ParsedName, pb: ParsedName) -> bool:
    if pa.patronym and pb.patronym and not _any_agree(pa.patronym, pb.patronym):
        return False
    return any(_aligned(x, y) for x in _candidates(pa) for y in _candidates(pb))


def _candidates(parsed: ParsedName) -> list[tuple[str, ...]]:
    given = parsed.given[:MAX_ALIGNED_TOKENS]
    out = [given]
    if len(given) > 1 and given[0] in _OPTIONAL_FIRST:
        out.append(given[1:])
    if parsed.patronym:
        out.append((given + parsed.patronym)[:MAX_ALIGNED_TOKENS])
    return out


def _any_agree(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
    return any(_agree(t, u) != _NONE for t in x for u in y)


def _aligned(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
    if _assign(x, y):
        return True
    for merged, other in ((x, y), (y, x)):  # NUR HAYATI / NURHAYATI
        for i in range(len(merged) - 1):
            joined = merged[i] + merged[i + 1]
            if any(_agree(joined, t) == _WORD for t in other) and _assign(
                (*merged[:i], joined, *merged[i + 2 :]), other
            ):
                return True
    return False


def _assign(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
    """Whether the shorter of x, y maps into the longer under the rules above."""
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    n, m = len(short), len(long_)
    if n < m and n < 2:
        return False
    kinds = [[_agree(t, u) for u in long_] for t in short]
    used = [False] * m
    budget = [_SEARCH_BUDGET]

    def search(i: int, word: bool) -> bool:
        if i == n:
            return word and (n == m or (used[0] and used[m - 1]))
        for j in range(m):
            kind = kinds[i][j]
            if kind and not used[j]:
                budget[0] -= 1
                if budget[0] < 0:
                    return False
                used[j] = True
                if search(i + 1, word or kind == _WORD):
                    return True
                used[j] = False
        return False

    return search(0, word=False)


@lru_cache(maxsize=1 << 16)
def _agree(t: str, u: str) -> int:
    """How two normalised tokens agree: ``_WORD``, ``_INITIAL`` or ``_NONE``."""
    if len(t) == 1 or len(u) == 1:
        return _INITIAL if t[0] == u[0] else _NONE
    if t == u:
        return _WORD
    kt, ku = token_key(t), token_key(u)
    if kt == ku or (min(len(kt), len(ku)) >= 5 and _is_typo(kt, ku)):
        return _WORD
    return _NONE


def _is_typo(a: str, b: str) -> bool:
    """One edit apart, keeping the last two letters and (but for a swap) the first one."""
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    shortest = min(la, lb)
    p = 0
    while p < shortest and a[p] == b[p]:
        p += 1
    q = 0
    while q < shortest - p and a[la - 1 - q] == b[lb - 1 - q]:
        q += 1
    mid_a, mid_b = a[p : la - q], b[p : lb - q]
    sizes = (len(mid_a), len(mid_b))
    if sizes == (2, 2) and mid_a == mid_b[::-1]:  # swapped letters, anywhere but the end
        return q >= 2
    if sizes == (1, 1):  # a replaced letter: vowels, or S/Z, C/K; not SUPARNO/SUMARNO
        if not ({mid_a, mid_b} <= _VOWELS or frozenset(mid_a + mid_b) in _LIKE_CONSONANTS):
            return False
    elif sizes not in {(1, 0), (0, 1)}:
        return False
    if p < 1 or q < 2:
        return False
    longer = a if la > lb else b
    inserted = mid_a or mid_b
    return not (
        la != lb and inserted == "N" and q == 2 and longer[-2] in "TD" and longer[-1] in _VOWELS
    )
