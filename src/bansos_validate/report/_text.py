"""The words of the report (moved to :mod:`bansos_validate._present._text`)."""

from bansos_validate._present._text import TEXT, number, rupiah, say

__all__ = ["TEXT", "number", "rupiah", "say"]
