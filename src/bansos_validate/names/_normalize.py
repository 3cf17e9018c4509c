"""Name normalisation: :func:`parse_name`, :func:`normalize_name`, :func:`normalize_names`.

The rules, in the order applied, are documented in the package docstring
(:mod:`bansos_validate.names`) and in ``docs/names.md``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

import attrs

from bansos_validate import _arguments as _args
from bansos_validate.errors import InvalidArgument
from bansos_validate.names._vocab import (
    ABBREVIATIONS,
    CONNECTORS,
    DEGREE_FORMS,
    MUHAMMAD,
    MUHAMMAD_RE,
    TITLE_FORMS,
    TRAILING_TITLES,
)

__all__ = [
    "ParsedName",
    "is_missing",
    "modernise",
    "normalize_name",
    "normalize_names",
    "parse_name",
    "parse_uncached",
]

_APOSTROPHES = re.compile(r"['`´ʼʻ‘’′]")  # MA'RUF -> MARUF: apostrophes join
_SEGMENTS = re.compile(r"[,;]")  # a comma starts the degrees: SLAMET, S.PD
_ATOMS = re.compile(r"[A-Z0-9]+")
_OLD_MARK = re.compile(r"OE|DJ|TJ|SJ")
_OLD_CONSONANT = re.compile(r"DJ|TJ|SJ")
_LONGEST_TITLE = max(len(form) for form in (*TITLE_FORMS, *DEGREE_FORMS))
# First and last tokens of the entries: most tokens are neither, which settles them fast.
_TITLE_FIRST = frozenset(form[0] for form in TITLE_FORMS)
_DEGREE_FIRST = frozenset(form[0] for form in DEGREE_FORMS)
_DEGREE_LAST = frozenset(form[-1] for form in DEGREE_FORMS)
_TRAILING_LAST = frozenset(form[-1] for form in TRAILING_TITLES)
_LAST = _DEGREE_LAST | _TRAILING_LAST
_EXPANDED_FIRST = {"M": MUHAMMAD, "ST": "SITI"}  # only opening a name of two tokens or more
_CACHE_LIMIT = 256  # longer strings are parsed without being cached


@attrs.frozen(slots=True, repr=False)
class ParsedName:
    """A name split into its parts; what :func:`parse_name` returns.

    Attributes:
        given: the person's own name tokens, normalised (``('MUHAMMAD', 'YUSUF')``).
        patronym: the tokens after ``bin``/``binti`` (the father's name), normalised; empty
            when the name has no ``bin``/``binti``.
        titles: the titles, honorifics and degrees removed, in written form
            (``('H.', 'S.Pd')``), in the order they appear.
        normalized: the given tokens joined by one space; what :func:`normalize_name`
            returns.

    .. versionadded:: 0.1.0
    """

    given: tuple[str, ...] = ()
    patronym: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    normalized: str = attrs.field(default="")

    @property
    def full(self) -> str:
        """The given tokens and the patronym, without the connector (``AHMAD SLAMET``)."""
        return " ".join(self.given + self.patronym)

    def __repr__(self) -> str:
        parts = [repr(self.normalized)]
        if self.patronym:
            parts.append(f"bin {' '.join(self.patronym)!r}")
        if self.titles:
            parts.append(f"titles={self.titles!r}")
        return f"<ParsedName {' '.join(parts)}>"


_EMPTY = ParsedName()


def is_missing(value: object) -> bool:
    """Whether a value is a missing cell: ``None``, a float NaN or pandas' ``NA``."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    kind = type(value)
    return kind.__name__ == "NAType" and kind.__module__.startswith("pandas")


def parse_name(name: object) -> ParsedName:
    """Split a name into given tokens, patronym and titles, each normalised.

    Args:
        name: the name as recorded. ``None``, NaN, pandas' ``NA`` and text without letters
            or digits give an empty :class:`ParsedName`.

    Returns:
        The parsed name; ``.normalized`` is what :func:`normalize_name` returns.

    Raises:
        InvalidArgument: ``name`` is neither text nor missing (a number, bytes...). The
            value is not put into the message: a number passed as a name may be a NIK.

    >>> parse_name("H. MOCH. DJUNAEDI BIN SOEPARDI, S.Pd.I")
    <ParsedName 'MUHAMMAD JUNAEDI' bin 'SUPARDI' titles=('H.', 'S.Pd.I')>
    >>> parse_name("MAWARDI.Z").given
    ('MAWARDI', 'Z')
    >>> parse_name(None)
    <ParsedName ''>

    .. versionadded:: 0.1.0
    """
    if isinstance(name, str):
        if len(name) > _CACHE_LIMIT:
            return parse_uncached(name)
        return _parse_cached(name)
    if is_missing(name):
        return _EMPTY
    raise InvalidArgument(
        f"Expected a name as str (or None) but got a value of type {type(name).__name__}."
    )


def normalize_name(name: object) -> str:
    """Return the canonical form of a name, for comparison and display.

    Upper case ASCII letters and digits, tokens separated by one space; titles,
    honorifics, degrees and the ``bin``/``binti`` part removed; Muhammad's spellings and
    abbreviations written ``MUHAMMAD``; old-spelled tokens modernised. ``None`` and empty
    input give ``""``. See :func:`parse_name` for the parts.

    >>> normalize_name("Hj. Siti Aminah binti Ahmad, S.Pd")
    'SITI AMINAH'
    >>> normalize_name("M. YUSUF"), normalize_name("YUSUF M.")
    ('MUHAMMAD YUSUF', 'YUSUF M')
    >>> normalize_name("SOEHARTO"), normalize_name("TJAHJONO"), normalize_name("MARIJAN")
    ('SUHARTO', 'CAHYONO', 'MARIJAN')
    >>> normalize_name(None), normalize_name("  ")
    ('', '')

    Raises:
        InvalidArgument: ``name`` is neither text nor missing.

    .. versionadded:: 0.1.0
    """
    return parse_name(name).normalized


def normalize_names(names: Iterable[object]) -> list[str]:
    """Normalise many names; each distinct value is normalised once.

    Args:
        names: any iterable of names (a list, a column's ``to_list()``, a generator).
            Missing values (``None``, NaN, pandas' ``NA``) give ``""``.

    Returns:
        One normalised name per input, in input order.

    Raises:
        InvalidArgument: a value is neither text nor missing; the message names its
            position.

    >>> normalize_names(["Moch. Soleh", None, "MOCH. SOLEH", "Ny. Sulastri"])
    ['MUHAMMAD SOLEH', '', 'MUHAMMAD SOLEH', 'SULASTRI']

    .. versionadded:: 0.1.0
    """
    seen: dict[str, str] = {}
    out: list[str] = []
    append = out.append
    if isinstance(names, str | bytes | Mapping) or not isinstance(names, Iterable):
        raise _args.fail("names", "an iterable of names (str or None)", names)
    for position, name in enumerate(names):
        if isinstance(name, str):
            found = seen.get(name)
            if found is None:
                found = seen[name] = parse_uncached(name).normalized
            append(found)
        elif is_missing(name):
            append("")
        else:
            raise InvalidArgument(
                f"Expected names as str (or None) but the value at position {position} "
                f"has type {type(name).__name__}."
            )
    return out


@lru_cache(maxsize=1 << 16)
def _parse_cached(name: str) -> ParsedName:
    return parse_uncached(name)


def parse_uncached(name: str) -> ParsedName:
    """:func:`parse_name` of a str, without the cache (bulk callers dedupe themselves)."""
    text = _fold(name)
    titles: list[tuple[int, str]] = []  # (order key, written form)
    if "," in text or ";" in text:
        segments = _SEGMENTS.split(text)
        atoms = _prepare(_ATOMS.findall(segments[0]))
        # After a comma: degrees and titles anywhere; what is left stays part of the name.
        for number, segment in enumerate(segments[1:], start=1):
            rest = _prepare(_ATOMS.findall(segment))
            atoms.extend(_strip_anywhere(rest, titles, 1_000 * number))
    else:
        atoms = _prepare(_ATOMS.findall(text))
    if not atoms:
        return _EMPTY
    start, end = 0, len(atoms)
    if end > 1 and (atoms[0] in _TITLE_FIRST or atoms[-1] in _LAST):
        start, end = _strip_ends(atoms, titles)
    given: list[str] = atoms[start:end]
    patronym: list[str] = []
    if not CONNECTORS.isdisjoint(given[1:]):
        i = next(i for i in range(1, len(given)) if given[i] in CONNECTORS)
        given, patronym = given[:i], [a for a in given[i + 1 :] if a not in CONNECTORS]
        g_start, g_end = _strip_ends(given, titles, offset=start, lead=False)
        given = given[g_start:g_end]
        after = start + i + 1
        p_start, p_end = _strip_ends(patronym, titles, offset=after)
        patronym = _expand_first(patronym[p_start:p_end])
    if len(given) > 1 and given[0] in _EXPANDED_FIRST:
        given[0] = _EXPANDED_FIRST[given[0]]
    if titles:
        titles.sort()
    return ParsedName(
        given=tuple(given),
        patronym=tuple(patronym),
        titles=tuple(written for _, written in titles),
        normalized=" ".join(given),
    )


def _fold(name: str) -> str:
    """Upper-case ASCII: accents dropped (É -> E), apostrophes removed."""
    if name.isascii():
        if "'" in name or "`" in name:
            name = name.replace("'", "").replace("`", "")
        return name.upper()
    decomposed = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _APOSTROPHES.sub("", name).upper()


def _prepare(atoms: list[str]) -> list[str]:
    """Modernise each token and expand abbreviations (position-independent rules)."""
    return [_prepare_token(atom) for atom in atoms]


@lru_cache(maxsize=1 << 16)
def _prepare_token(atom: str) -> str:
    token = modernise(atom)
    if MUHAMMAD_RE.match(token):
        return MUHAMMAD
    return ABBREVIATIONS.get(token, token)


def _expand_first(tokens: list[str]) -> list[str]:
    """``M.`` and ``ST.`` opening a name of two or more tokens are Muhammad and Siti."""
    if len(tokens) > 1 and tokens[0] in _EXPANDED_FIRST:
        return [_EXPANDED_FIRST[tokens[0]], *tokens[1:]]
    return tokens


def _strip_ends(
    atoms: list[str], titles: list[tuple[int, str]], *, offset: int = 0, lead: bool = True
) -> tuple[int, int]:
    """Return ``(start, end)``: ``atoms[start:end]`` without leading titles and closing degrees.

    At least one token is always kept. Found titles are appended to ``titles``.
    """
    start, end = 0, len(atoms)
    while lead and end - start > 1 and atoms[start] in _TITLE_FIRST:
        found = _match(atoms, start, end - 1, TITLE_FORMS, forward=True)
        if found is None:
            break
        length, written = found
        titles.append((offset + start, written))
        start += length
    while end - start > 1 and atoms[end - 1] in _LAST:
        found = _match(atoms, start + 1, end, DEGREE_FORMS, forward=False)
        if found is None:
            if (atoms[end - 1],) not in TRAILING_TITLES:
                break
            found = (1, TITLE_FORMS[(atoms[end - 1],)])
        length, written = found
        end -= length
        titles.append((offset + end, written))
    return start, end


def _match(
    atoms: list[str], low: int, high: int, table: dict[tuple[str, ...], str], *, forward: bool
) -> tuple[int, str] | None:
    """The longest entry of ``table`` at the start (or end) of ``atoms[low:high]``."""
    for length in range(min(_LONGEST_TITLE, high - low), 0, -1):
        key = tuple(atoms[low : low + length]) if forward else tuple(atoms[high - length : high])
        written = table.get(key)
        if written is not None:
            return length, written
    return None


def _strip_anywhere(atoms: list[str], titles: list[tuple[int, str]], offset: int) -> list[str]:
    """Remove degrees and titles of two or more letters wherever they stand."""
    kept: list[str] = []
    i = 0
    while i < len(atoms):
        found = None
        if atoms[i] in _DEGREE_FIRST:
            found = _match(atoms, i, len(atoms), DEGREE_FORMS, forward=True)
        if found is None and atoms[i] in _TITLE_FIRST:
            title = _match(atoms, i, len(atoms), TITLE_FORMS, forward=True)
            if title is not None and len(atoms[i]) > 1:
                found = title
        if found is None:
            kept.append(atoms[i])
            i += 1
        else:
            titles.append((offset + i, found[1]))
            i += found[0]
    return kept


def modernise(token: str) -> str:
    """Rewrite an old-spelled (pre-1972) token in the modern spelling.

    Only tokens that show the old spelling are touched: ``OE`` anywhere, or the old
    consonants ``DJ``, ``TJ``, ``SJ``, which modern spelling never writes. Then ``OE`` ->
    ``U`` and ``CH`` -> ``KH``; with an old consonant also ``DJ`` -> ``J``, ``TJ`` ->
    ``C`` (but ``STJ`` -> ``STY``: Indonesian has no ``SC``), ``SJ`` -> ``SY``, ``NJ`` ->
    ``NY`` and ``J`` -> ``Y``, with ``DJ`` -> ``J`` taken first so its ``J`` is not
    turned into ``Y``. A token without those markers is left alone: its ``J`` may be
    modern (``JOKO``, ``MARIJAN``, ``PANJI``), and so may its ``CH`` (``CHANDRA``);
    :func:`phonetic_key` folds those instead.

    Args:
        token: one upper-case token, as :func:`normalize_name` splits them.

    Returns:
        The token in modern spelling; a fixed point (``modernise`` of it is itself).

    >>> modernise("DJOKO"), modernise("TJAHJONO"), modernise("SOEHARDJO")
    ('JOKO', 'CAHYONO', 'SUHARJO')
    >>> modernise("MOECHTAR"), modernise("SOEPRIYANTO"), modernise("MARIJAN")
    ('MUKHTAR', 'SUPRIYANTO', 'MARIJAN')
    >>> modernise("SOELISTJO")
    'SULISTYO'

    .. versionadded:: 0.1.0
    """
    _args.text("token", token)
    while _OLD_MARK.search(token):
        new = token.replace("OE", "U").replace("CH", "KH")
        if _OLD_CONSONANT.search(new):
            new = (
                new.replace("DJ", "\0")
                .replace("STJ", "STY")
                .replace("TJ", "C")
                .replace("SJ", "SY")
                .replace("NJ", "NY")
                .replace("J", "Y")
                .replace("\0", "J")
            )
        if new == token:
            break
        token = new
    return token
