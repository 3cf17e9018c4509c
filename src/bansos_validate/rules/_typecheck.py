"""The types of the rule language, as the type checker (``_check_types.py``) knows them.

Every expression has one :class:`Type`: a number, text, true/false or a date, or (only
for the right of ``in`` and for list parameters) a list of one of them. ``list[]`` is
the type of an empty list parameter value, which takes the type of the parameter's
other values.

>>> Type.list_of(Type.TEXT)
<Type.LIST_TEXT: 'list[text]'>
>>> Type.LIST_TEXT.is_list, Type.TEXT.is_list
(True, False)
>>> Type.of_kind("keyword")
<Type.TEXT: 'text'>
"""

from __future__ import annotations

import enum

__all__ = ["Type"]


class Type(enum.StrEnum):
    """The type of a value of the rule language (its value is the name messages use)."""

    NUMBER = "number"
    TEXT = "text"
    BOOL = "bool"
    DATE = "date"
    LIST_NUMBER = "list[number]"
    LIST_TEXT = "list[text]"
    LIST_BOOL = "list[bool]"
    LIST_DATE = "list[date]"
    EMPTY_LIST = "list[]"

    @property
    def is_list(self) -> bool:
        """Whether this is a list type (``list[]`` included)."""
        return self.value.startswith("list")

    @classmethod
    def list_of(cls, item: Type) -> Type:
        """The type of a list of *item* values.

        Raises:
            ValueError: *item* is itself a list type.
        """
        return cls(f"list[{item.value}]")

    @classmethod
    def of_kind(cls, kind: str) -> Type:
        """The type of a field of this kind (``int`` is a number, ``keyword`` text)."""
        return _KIND_TYPE[kind]

    def article(self) -> str:
        """The type as messages name it (``a number``, ``true/false``, ``a list[text]``)."""
        if self.is_list:
            return f"a {self.value}"
        return _ARTICLE[self]


_KIND_TYPE = {
    "text": Type.TEXT,
    "keyword": Type.TEXT,
    "bool": Type.BOOL,
    "int": Type.NUMBER,
    "number": Type.NUMBER,
    "date": Type.DATE,
}
_ARTICLE = {
    Type.NUMBER: "a number",
    Type.BOOL: "true/false",
    Type.TEXT: "text",
    Type.DATE: "a date",
}
