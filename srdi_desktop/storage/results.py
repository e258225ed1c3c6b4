"""The frozen result of a final assessment, kept small on disk and exact (issue 18).

A result is ~110 KB of JSON, most of it the same zh/en texts in every firm's result (titles, notes,
advice quotes). Each long text is stored once per database in ``result_texts`` and the result keeps its
number; the rest is canonical JSON, zlib-compressed. Reading gives back exactly what was stored
(``decode(encode(x)) == x``, key order included).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

MIN_SHARED = 12  # texts at least this long are shared; shorter ones cost less inline than a number
_REF = "\u0001t"  # a dict {_REF: n} stands for text n; a result never has this key (checked when encoding)
_PLAIN, _SHARED = b"P", b"S"  # first byte: texts inline (a result that holds the marker key) or shared


def canonical(result: Any) -> bytes:
    return json.dumps(result, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _has_marker(x: Any) -> bool:
    if isinstance(x, dict):
        return _REF in x or any(_has_marker(v) for v in x.values())
    if isinstance(x, list):
        return any(_has_marker(v) for v in x)
    return False


def long_texts(result: Any) -> set[str]:
    """The texts of ``result`` that are stored once per database."""
    found: set[str] = set()

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, str) and len(x) >= MIN_SHARED:
            found.add(x)

    walk(result)
    return found


def encode(result: Any, ids: Mapping[str, int]) -> bytes:
    """``result`` as stored; ``ids`` numbers every text of long_texts(result)."""
    if _has_marker(result):
        return _PLAIN + zlib.compress(canonical(result), 9)

    def swap(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: swap(v) for k, v in x.items()}
        if isinstance(x, list):
            return [swap(v) for v in x]
        if isinstance(x, str) and len(x) >= MIN_SHARED:
            return {_REF: ids[x]}
        return x

    return _SHARED + zlib.compress(canonical(swap(result)), 9)


def decode(blob: bytes, texts: Callable[[Iterable[int]], Mapping[int, str]]) -> Any:
    """The stored result back; ``texts`` maps text numbers to their texts."""
    kind, data = blob[:1], json.loads(zlib.decompress(blob[1:]).decode("utf-8"))
    if kind == _PLAIN:
        return data
    if kind != _SHARED:
        raise ValueError(f"unknown stored result kind {kind!r}")
    wanted: set[int] = set()

    def refs(x: Any) -> None:
        if isinstance(x, dict):
            if len(x) == 1 and _REF in x:
                wanted.add(x[_REF])
            else:
                for v in x.values():
                    refs(v)
        elif isinstance(x, list):
            for v in x:
                refs(v)

    refs(data)
    table = texts(wanted)

    def back(x: Any) -> Any:
        if isinstance(x, dict):
            if len(x) == 1 and _REF in x:
                return table[x[_REF]]
            return {k: back(v) for k, v in x.items()}
        if isinstance(x, list):
            return [back(v) for v in x]
        return x

    return back(data)
