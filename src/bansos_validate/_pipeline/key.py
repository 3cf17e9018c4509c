"""``key new`` and ``key check``: the shared secret key of privacy-preserving overlaps."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from bansos_validate._pipeline._common import RequestError
from bansos_validate.errors import InvalidArgument
from bansos_validate.privacy import new_key, read_key

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["new_key_file", "read_key_file"]


def new_key_file(path: Path) -> None:
    """Write a new random key (64 hexadecimal characters) to *path*, readable by its owner only.

    Raises:
        RequestError: ``key_exists`` (field ``path``): *path* exists (never overwritten).
        OSError: the file cannot be made.
    """
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise RequestError("key_exists", path=path) from None
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(new_key().hex() + "\n")


def read_key_file(path: Path) -> bytes:
    """The key in *path* (:func:`bansos_validate.privacy.read_key`).

    Raises:
        RequestError: ``key_short`` (field ``path``): the file holds no strong key.
        OSError: the file cannot be read.
    """
    try:
        return read_key(path)
    except InvalidArgument:
        raise RequestError("key_short", path=path) from None
