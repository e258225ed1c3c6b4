"""Closed-schema checks over loaded YAML nodes; every problem is collected with its place."""

from __future__ import annotations

from typing import Any

from .errors import (
    MISSING_KEY,
    MISSING_LANGUAGE,
    UNKNOWN_KEY,
    WRONG_TYPE,
    ContentError,
    Loc,
)
from .yamlsrc import Node, Seq

LANGS = ("zh", "en")


class Checker:
    def __init__(self, errors: list[ContentError]):
        self.errors = errors

    def add(self, loc: Loc, code: str, msg: str) -> None:
        self.errors.append(ContentError(loc, code, msg))

    def mapping(self, value: Any, loc: Loc, what: str) -> Node | None:
        if isinstance(value, Node):
            return value
        self.add(loc, WRONG_TYPE, f"{what} must be a mapping")
        return None

    def seq(self, value: Any, loc: Loc, what: str) -> Seq | None:
        if isinstance(value, Seq):
            return value
        self.add(loc, WRONG_TYPE, f"{what} must be a list")
        return None

    def items(self, value: Any, loc: Loc, what: str) -> list[tuple[Loc, Any]]:
        """The items of a list with their places; empty (and an error recorded) when it is not a list."""
        seq = self.seq(value, loc, what)
        return [] if seq is None else [(seq.item_loc(i), v) for i, v in enumerate(seq)]

    def keys(self, node: Node, required: set[str], optional: set[str], what: str) -> bool:
        ok = True
        allowed = required | optional
        for key in node:
            if key not in allowed:
                self.add(node.key_loc(key), UNKNOWN_KEY,
                         f"unknown key '{key}' in {what} (allowed: {', '.join(sorted(allowed))})")
                ok = False
        for key in sorted(required - set(node)):
            self.add(node.loc, MISSING_KEY, f"{what} lacks required key '{key}'")
            ok = False
        return ok

    def text(self, node: Node, key: str, what: str) -> dict[str, str] | None:
        """The language map under ``key``, or None when absent or broken."""
        if key not in node:
            return None
        return self.lang_map(node[key], node.value_loc(key), f"{what}.{key}")

    def lang_map(self, value: Any, loc: Loc, what: str) -> dict[str, str] | None:
        """A language map {zh: …, en: …}; both languages required and non-empty."""
        m = self.mapping(value, loc, f"{what} (a language map {{zh: …, en: …}})")
        if m is None:
            return None
        for k in m:
            if k not in LANGS:
                self.add(m.key_loc(k), UNKNOWN_KEY, f"unknown language '{k}' in {what} (allowed: zh, en)")
        out = {}
        for lang in LANGS:
            v = m.get(lang)
            if not isinstance(v, str) or not v.strip():
                self.add(m.loc, MISSING_LANGUAGE, f"{what} lacks the '{lang}' text")
            else:
                out[lang] = v.strip()
        return out if len(out) == len(LANGS) else None

    def lang_list(self, node: Node, key: str, what: str) -> list[dict[str, str]]:
        """A list of language maps under ``key`` (empty when absent)."""
        if key not in node:
            return []
        items = self.items(node[key], node.value_loc(key), f"{what}.{key}")
        return [t for i, (loc, v) in enumerate(items) if (t := self.lang_map(v, loc, f"{what}.{key}[{i}]"))]

    def typed(self, node: Node, key: str, types: type | tuple[type, ...], what: str, default: Any = None) -> Any:
        if key not in node:
            return default
        value = node[key]
        if isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
            ok = False
        else:
            ok = isinstance(value, types)
        if not ok:
            names = types.__name__ if isinstance(types, type) else " or ".join(t.__name__ for t in types)
            self.add(node.value_loc(key), WRONG_TYPE, f"{what}.{key} must be {names}, got {value!r}")
            return default
        return value
