"""Database URLs: recognise them, mask their password, take ``?table=`` out of them.

>>> mask_url("postgresql://bansos:rahasia@127.0.0.1:5432/bansos?sslmode=disable")
'postgresql://bansos:***@127.0.0.1:5432/bansos?sslmode=disable'
>>> mask_url("postgresql://127.0.0.1/bansos?user=bansos&password=rahasia")
'postgresql://127.0.0.1/bansos?user=bansos&password=***'
>>> split_table("postgresql://u:p@db/bansos?table=public.dtsen&sslmode=require")
('postgresql://u:p@db/bansos?sslmode=require', 'public.dtsen')
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["DATABASE_SCHEMES", "mask_url", "scheme_of", "split_table"]

DATABASE_SCHEMES = ("postgresql", "postgres")
"""URL schemes read as PostgreSQL connection strings."""

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")
_MASK = "***"


def scheme_of(text: str) -> str | None:
    """Return the lower-case URL scheme of *text* (``postgresql``), or None for a path.

    >>> scheme_of("postgresql://db/x"), scheme_of("C:/data/dtsen.csv"), scheme_of("data.csv")
    ('postgresql', None, None)
    """
    match = _SCHEME.match(text)
    return match.group(1).lower() if match else None


def mask_url(url: str) -> str:
    """Return *url* with the password (in the user part or the query) replaced by ``***``."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            userinfo, host = netloc.rsplit("@", 1)
            if ":" in userinfo:
                userinfo = userinfo.split(":", 1)[0] + ":" + _MASK
            netloc = f"{userinfo}@{host}"
        query = parts.query
        if query:
            pairs = parse_qsl(query, keep_blank_values=True)
            if any(key.lower() == "password" for key, _ in pairs):
                query = urlencode(
                    [(k, _MASK if k.lower() == "password" else v) for k, v in pairs], safe="*"
                )
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    except ValueError:  # pragma: no cover - urlsplit refuses only odd IPv6 hosts
        scheme = scheme_of(url) or "url"
        return f"{scheme}://{_MASK}"


def split_table(url: str) -> tuple[str, str | None]:
    """Return (*url* without a ``table`` query parameter, that table or None)."""
    parts = urlsplit(url)
    if not parts.query:
        return url, None
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    tables = [v for k, v in pairs if k == "table"]
    if not tables:
        return url, None
    rest = urlencode([(k, v) for k, v in pairs if k != "table"])
    return urlunsplit((parts.scheme, parts.netloc, parts.path, rest, parts.fragment)), tables[-1]
