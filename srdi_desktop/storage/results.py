"""The frozen result of a final assessment, kept small on disk and exact (issue 18).

A result is ~110 KB of JSON, most of it the same zh/en texts in every firm's result (titles, notes,
advice quotes). Each long text is stored once per database in ``result_texts`` and the result keeps its
number. Since 0009 the rest is stored as its differences from a *base*, an earlier result of the same
database kept whole in ``result_bases`` (results of one rules version differ in their figures, not their
shape): ~2 KB instead of ~9 KB. Bases are never changed or deleted, so every blob stays decodable.
Reading gives back exactly what was stored (``decode(encode(x)) == x``, key order included).

Formats, by first byte: ``S`` (0008) zlib of the canonical JSON; ``D`` + base number + ``:`` + zlib of the
canonical JSON of the differences, compressed with the base's text as preset dictionary.
"""

from __future__ import annotations

import json
import marshal
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

MIN_SHARED = 12  # texts at least this long are shared; shorter ones cost less inline than a number
_MARK = "\x7f"  # "\x7f" + base-36 number stands for a shared text; a text that starts with it gets another
_SHARED = b"S"  # the format of the blob, its first byte
_DELTA = b"D"
# In the differences (the data there are swapped: any string starting with _MARK goes on with _MARK or a
# base-36 digit, so these three never stand for data): the same as the base; a dict with the base's keys
# in the base's order, [_DICT, {key: difference}] for the keys that differ; a list of the base's length,
# [_LIST, [[index, difference], ...]]; a list of another length, [_SEQ, [step, ...]] where a step is
# {"c": [i, j]} (the base's items i to j), {"p": [[i, difference], ...]} (base items changed) or {"a": [...]}
# (items of its own). Anything else is the value itself.
_SAME, _DICT, _LIST, _SEQ = _MARK + "=", _MARK + "{", _MARK + "[", _MARK + "~"
ZDICT_BYTES = 32768  # zlib's window: a preset dictionary is used up to this much


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


def swapped(result: Any, ids: Mapping[str, int]) -> Any:
    """``result`` with its long texts as numbers (``ids`` numbers every text of long_texts(result)) and
    other texts starting with the marker escaped, as plain JSON data (tuples become lists)."""

    def swap(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: swap(v) for k, v in x.items()}
        if isinstance(x, list | tuple):
            return [swap(v) for v in x]
        if isinstance(x, str):
            if len(x) >= MIN_SHARED:
                return _MARK + _base36(ids[x])
            return _MARK + x if x.startswith(_MARK) else x
        return x

    return json.loads(canonical(swap(result)))


def encode(result: Any, ids: Mapping[str, int]) -> bytes:
    """``result`` as stored in the 0008 format, without a base."""
    return _SHARED + zlib.compress(canonical(swapped(result, ids)), 9)


@dataclass(frozen=True)
class Base:
    """A result kept whole, that others are stored as differences from: its text as stored, parsed."""

    id: int
    text: bytes  # canonical JSON of swapped data; its end is the preset dictionary
    data: Any

    @classmethod
    def of(cls, id: int, text: bytes) -> Base:
        return cls(id, text, json.loads(text))


def differences(x: Any, base: Any) -> Any:
    """What turns ``base`` into ``x`` (both swapped data): _SAME, a patch, or ``x`` itself."""
    if type(x) is not type(base):
        return x
    # == at C speed, then marshal (C too; version 2 writes no back-references) for what == overlooks: 1
    # and 1.0 inside, 0.0 and -0.0, key order. The same bytes are the same data; were equal data ever
    # written differently, the comparison would only go a level down.
    if x == base and (not isinstance(x, dict | list | float) or marshal.dumps(x, 2) == marshal.dumps(base, 2)):
        return _SAME
    if isinstance(x, dict):
        if list(x) != list(base):
            return x
        changed = {}
        for k, v in x.items():
            d = differences(v, base[k])
            if d is not _SAME:
                changed[k] = d
        return [_DICT, changed] if changed else _SAME
    if isinstance(x, list):
        if len(x) != len(base):
            return _sequence(x, base)
        items = []
        for i, v in enumerate(x):
            d = differences(v, base[i])
            if d is not _SAME:
                items.append([i, d])
        return [_LIST, items] if items else _SAME
    return x


def _sequence(x: list[Any], base: list[Any]) -> Any:
    """A list as the runs it shares with the base list (a finding added moves the rest, by index)."""
    from difflib import SequenceMatcher

    steps: list[dict[str, Any]] = []
    matcher = SequenceMatcher(None, [marshal.dumps(v, 2) for v in base], [marshal.dumps(v, 2) for v in x],
                              autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            steps.append({"c": [i1, i2]})
        elif op == "replace" and i2 - i1 == j2 - j1:
            steps.append({"p": [[i1 + k, differences(x[j1 + k], base[i1 + k])] for k in range(j2 - j1)]})
        elif op != "delete":
            steps.append({"a": x[j1:j2]})
    return [_SEQ, steps] if any("a" not in s for s in steps) else x


def patched(d: Any, base: Any) -> Any:
    """The inverse of differences: ``patched(differences(x, b), b) == x``."""
    if isinstance(d, str) and d == _SAME:
        return base
    if isinstance(d, list) and d and isinstance(d[0], str):
        if d[0] == _DICT:
            changed = d[1]
            return {k: patched(changed[k], v) if k in changed else v for k, v in base.items()}
        if d[0] == _LIST:
            out = list(base)
            for i, v in d[1]:
                out[i] = patched(v, base[i])
            return out
        if d[0] == _SEQ:
            seq: list[Any] = []
            for step in d[1]:
                if "c" in step:
                    seq += base[step["c"][0]:step["c"][1]]
                elif "p" in step:
                    seq += [patched(v, base[i]) for i, v in step["p"]]
                else:
                    seq += step["a"]
            return seq
    return d


def encode_on(text: bytes, base: Base, data: Any = None) -> bytes:
    """Swapped data stored as its differences from ``base``: ``text`` its canonical JSON, ``data`` the
    data parsed (when at hand)."""
    z = zlib.compressobj(9, zdict=base.text[-ZDICT_BYTES:])
    if text == base.text:
        diff: Any = _SAME
    else:
        diff = differences(json.loads(text) if data is None else data, base.data)
    body = z.compress(canonical(diff)) + z.flush()
    return _DELTA + str(base.id).encode() + b":" + body


def base_of(blob: bytes) -> int | None:
    """The number of the base a stored result needs, if any."""
    return int(blob[1:blob.index(b":")]) if blob[:1] == _DELTA else None


def shared_text(blob: bytes) -> bytes:
    """The canonical JSON of swapped data in a blob of the 0008 format."""
    if blob[:1] != _SHARED:
        raise ValueError(f"not a stored result of the 0008 format: {blob[:1]!r}")
    return zlib.decompress(blob[1:])


def stored_data(blob: bytes, base: Callable[[int], Base]) -> Any:
    """The swapped data of a stored result (``base`` gives a base by its number)."""
    kind = blob[:1]
    if kind == _SHARED:
        return json.loads(zlib.decompress(blob[1:]).decode("utf-8"))
    if kind == _DELTA:
        colon = blob.index(b":")
        b = base(int(blob[1:colon]))
        z = zlib.decompressobj(zdict=b.text[-ZDICT_BYTES:])
        body = z.decompress(blob[colon + 1:]) + z.flush()
        if not z.eof:
            raise ValueError("truncated stored result")
        return patched(json.loads(body.decode("utf-8")), b.data)
    raise ValueError(f"unknown stored result format {kind!r}")


def decode(blob: bytes, texts: Callable[[Iterable[int]], Mapping[int, str]],
           base: Callable[[int], Base] | None = None, pick: Callable[[Any], Any] | None = None) -> Any:
    """The stored result back; ``texts`` maps text numbers to their texts, ``base`` gives a base.
    ``pick``: only the part it takes from the stored data (which it must not change), texts looked up in
    that part alone — the home list's ladder reads a few fields of each tier, not ~3,600 values."""
    data = stored_data(blob, base or _no_base)
    if pick is not None:
        data = pick(data)
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

    def back(x: Any) -> Any:  # new dicts and lists throughout: nothing of a cached base is handed out
        if isinstance(x, dict):
            return {k: back(v) for k, v in x.items()}
        if isinstance(x, list):
            return [back(v) for v in x]
        if isinstance(x, str) and x.startswith(_MARK):
            return x[1:] if x.startswith(_MARK * 2) else table[int(x[1:], 36)]
        return x

    return back(data)


def _no_base(n: int) -> Base:
    raise ValueError(f"stored result needs base {n}, none given")
