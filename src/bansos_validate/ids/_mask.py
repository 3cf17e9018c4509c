"""Masking NIK and KK numbers: the first digits (the region) visible, the rest hidden.

Lives with the identifiers (their reprs and messages mask themselves) and is published
as :func:`bansos_validate.privacy.mask_nik` and :func:`bansos_validate.privacy.mask_kk`.
"""

from __future__ import annotations

from bansos_validate import _arguments as _args
from bansos_validate.ids._digits import read_digits

__all__ = ["mask_kk", "mask_nik"]

_MASK_WIDTH = 16
_MAX_SHOWN_LENGTH = 20


def _mask(value: object, keep_arg: object, char_arg: object) -> str:
    keep: int = _args.integer("keep", keep_arg, minimum=0, maximum=_MASK_WIDTH)
    char: str = _args.text("char", char_arg, empty=False)
    read = read_digits(value)
    if read.digits is not None:
        digits = read.digits
        if len(digits) <= keep:  # a fragment: show none of it
            return char * len(digits)
        # A wrong length stays visible (17 digits is a finding) up to a sane width.
        return digits[:keep] + char * (min(len(digits), _MAX_SHOWN_LENGTH) - keep)
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    # Unreadable: show nothing of it, not even its length beyond 16.
    return char * _MASK_WIDTH


def mask_nik(value: object, *, keep: int = 6, char: str = "*") -> str:
    """Mask a NIK, keeping the first *keep* digits (the region) visible.

    Any input is accepted; a value that cannot be read is masked whole, a fragment no
    longer than *keep* is masked whole, and an empty one gives ``""``. The mask never
    reveals more than *keep* characters; a wrong length stays visible up to 20
    characters (a 17-digit value is itself a finding).

    Args:
        value: the NIK, as text (numbers are accepted and masked too).
        keep: how many leading digits stay visible (0-16; default 6, the region).
        char: the masking character.
    """
    return _mask(value, keep, char)


def mask_kk(value: object, *, keep: int = 6, char: str = "*") -> str:
    """Mask a KK number, keeping the first *keep* digits (the region) visible.

    See :func:`mask_nik`.
    """
    return _mask(value, keep, char)
