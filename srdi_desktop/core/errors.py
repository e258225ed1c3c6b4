"""Content errors, collected rather than raised one at a time (OPA style)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from msgspec import Struct

# Stable codes; tests check them by value.
YAML_SYNTAX = "E001"
DUPLICATE_KEY = "E002"
UNKNOWN_KEY = "E003"
MISSING_KEY = "E004"
WRONG_TYPE = "E005"
MISSING_LANGUAGE = "E006"
BAD_VALUE = "E007"
DUPLICATE_ID = "E008"
UNKNOWN_ID = "E010"
EXPR_SYNTAX = "E011"
EXPR_FORBIDDEN = "E012"
EXPR_TYPE = "E013"


class Loc(Struct, frozen=True):
    path: str
    line: int = 0  # 1-based; 0 when unknown
    col: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


NOWHERE = Loc("<none>")  # the place of something built in code rather than read from a file


def compared_without(*ignored: str) -> tuple[Callable[[Any, object], bool], Callable[[Any], int]]:
    """``__eq__`` and ``__hash__`` for a Struct that compare every field but ``ignored`` (what a dataclass
    says with ``field(compare=False)``): where a rule is written, say, is not part of what it says."""

    def compared(obj: Any) -> tuple[Any, ...]:
        return tuple(getattr(obj, name) for name in obj.__struct_fields__ if name not in ignored)

    def __eq__(self: Any, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return compared(self) == compared(other)

    def __hash__(self: Any) -> int:
        return hash(compared(self))

    return __eq__, __hash__


class ContentError(Struct, frozen=True):
    loc: Loc
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.loc}: {self.code} {self.message}"


class ContentErrors(Exception):
    """Raised once, with every error found, when content cannot be used."""

    def __init__(self, errors: list[ContentError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))
