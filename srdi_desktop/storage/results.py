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
_MARK = "\x7f"  # "\x7f" + base-36 number stands for a shared text; a text that starts with it gets another
_SHARED = b"S"  # the format of the blob, its first byte


def canonical(result: Any) -> bytes:
    return json.dumps(result, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


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


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


def encode(result: Any, ids: Mapping[str, int]) -> bytes:
    """``result`` as stored; ``ids`` numbers every text of long_texts(result)."""

    def swap(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: swap(v) for k, v in x.items()}
        if isinstance(x, list):
            return [swap(v) for v in x]
        if isinstance(x, str):
            if len(x) >= MIN_SHARED:
                return _MARK + _base36(ids[x])
            return _MARK + x if x.startswith(_MARK) else x
        return x

    return _SHARED + zlib.compress(canonical(swap(result)), 9)


def decode(blob: bytes, texts: Callable[[Iterable[int]], Mapping[int, str]]) -> Any:
    """The stored result back; ``texts`` maps text numbers to their texts."""
    if blob[:1] != _SHARED:
        raise ValueError(f"unknown stored result format {blob[:1]!r}")
    data = json.loads(zlib.decompress(blob[1:]).decode("utf-8"))
    wanted: set[int] = set()

    def refs(x: Any) -> None:
        if isinstance(x, dict):
            for v in x.values():
                refs(v)
        elif isinstance(x, list):
            for v in x:
                refs(v)
        elif isinstance(x, str) and x.startswith(_MARK) and not x.startswith(_MARK * 2):
            wanted.add(int(x[1:], 36))

    refs(data)
    table = texts(wanted)

    def back(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: back(v) for k, v in x.items()}
        if isinstance(x, list):
            return [back(v) for v in x]
        if isinstance(x, str) and x.startswith(_MARK):
            return x[1:] if x.startswith(_MARK * 2) else table[int(x[1:], 36)]
        return x

    return back(data)
