"""Content errors, collected rather than raised one at a time (OPA style)."""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class Loc:
    path: str
    line: int = 0  # 1-based; 0 when unknown
    col: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class ContentError:
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
