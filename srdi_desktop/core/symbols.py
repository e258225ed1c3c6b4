"""Computed symbols rules may use besides answers and derived figures (e.g. the digital level)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .expr import UNKNOWN


def _digital_level(facts) -> Any:
    level = facts("digital.platform_level")
    return level


SYMBOLS: dict[str, Callable[[Any], Any]] = {
    "digital_level": _digital_level,
}
SYMBOL_INPUTS: dict[str, frozenset[str]] = {
    "digital_level": frozenset({"digital.platform_level"}),
}
_UNITS: dict[str, str] = {}


def symbol_unit(name: str) -> str:
    return _UNITS.get(name, "")


__all__ = ["SYMBOLS", "SYMBOL_INPUTS", "UNKNOWN", "symbol_unit"]
