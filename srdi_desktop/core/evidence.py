"""The 佐证材料 catalogue (rules/evidence.yaml) and the checklist built from an evaluation.

Each criteria condition names document ids (``evidence: [...]``); the catalogue gives each id its
name, where it is usually obtained, a note (validity) and whether the official text names it
(``official``, with the source) or applicants habitually file it (``practice``). The checklist is pure:
the evaluation's tiers and conditions, the catalogue and the stored states make its rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from msgspec import Struct

from .errors import BAD_VALUE, DUPLICATE_ID
from .evaluation import Evaluation, LangMap, TierResult
from .schema import Checker
from .yamlsrc import Node

BASES = ("official", "practice")
STATES = ("missing", "attached", "checked")
_ID = re.compile(r"[a-z][a-z0-9_]*\Z")


class Document(Struct, frozen=True):
    id: str
    name: LangMap
    obtain: LangMap
    basis: str  # official | practice
    source: str = ""  # where the official text names it (basis official)
    note: LangMap | None = None


def load_catalogue(ck: Checker, root: Node) -> dict[str, Document]:
    """The documents of rules/evidence.yaml; every problem is recorded with its place."""
    if not ck.keys(root, {"version", "documents"}, set(), "evidence file"):
        return {}
    out: dict[str, Document] = {}
    for loc, item in ck.items(root["documents"], root.value_loc("documents"), "documents"):
        n = ck.mapping(item, loc, "document")
        if n is None or not ck.keys(n, {"id", "name", "obtain", "basis"}, {"source", "note"}, "document"):
            continue
        did = n["id"]
        what = f"document '{did}'"
        if not isinstance(did, str) or not _ID.match(did):
            ck.add(n.value_loc("id"), BAD_VALUE, f"{what}: id must be lower-case letters, digits and _")
            continue
        if did in out:
            ck.add(n.value_loc("id"), DUPLICATE_ID, f"{what} is defined twice")
            continue
        basis = n["basis"]
        if basis not in BASES:
            ck.add(n.value_loc("basis"), BAD_VALUE, f"{what}: basis must be one of {', '.join(BASES)}")
            continue
        source = ck.typed(n, "source", str, what, "")
        if basis == "official" and not source:
            ck.add(n.loc, BAD_VALUE, f"{what}: an official document needs the source that names it")
        name, obtain = ck.text(n, "name", what), ck.text(n, "obtain", what)
        if name is None or obtain is None:
            continue
        out[did] = Document(did, name, obtain, basis, source, ck.text(n, "note", what))
    return out


# -- the checklist -------------------------------------------------------------------------------


class ChecklistRow(Struct, frozen=True):
    """One document for one condition of one tier; the same document may stand in several rows."""

    tier: str
    tier_title: LangMap
    condition: str
    condition_title: LangMap
    condition_status: str
    document: str
    name: LangMap


def checklist(ev: Evaluation, tiers: Iterable[str] | None = None) -> tuple[ChecklistRow, ...]:
    """Rows of the chosen tiers (every tier when None), in ladder and condition order."""
    chosen = None if tiers is None else set(tiers)
    rows = []
    for t in ev.tiers:
        if chosen is not None and t.id not in chosen:
            continue
        for c in t.conditions:
            for ref in c.evidence:
                rows.append(ChecklistRow(t.id, t.title, c.id, c.title, c.status, ref.id, ref.name))
    return tuple(rows)


def documents_of(rows: Iterable[ChecklistRow]) -> list[str]:
    """Each document once, in first-seen order."""
    return list(dict.fromkeys(r.document for r in rows))


def default_tiers(ev: Evaluation) -> tuple[str, ...]:
    """The tiers a firm would collect documents for: every rung it meets or is working towards, not the
    low-confidence overlays shown only to verify."""
    return tuple(t.id for t in ev.tiers if _applying(t))


def _applying(t: TierResult) -> bool:
    return t.status != "verify"


def progress(rows: Iterable[ChecklistRow], states: Mapping[str, str]) -> tuple[int, int]:
    """(documents attached or checked, documents in all) over the distinct documents of ``rows``."""
    docs = documents_of(rows)
    done = sum(1 for d in docs if states.get(d, "missing") != "missing")
    return done, len(docs)


def with_evidence(ev: Evaluation, sets: Mapping[str, Mapping[str, Mapping[str, tuple[str, ...]]]],
                  documents: Mapping[str, Document]) -> Evaluation:
    """``ev`` with the documents of today's catalogue on conditions that carry none (a result stored
    before evidence was recorded). ``sets``: set id → tier id → condition id → document ids."""
    from msgspec.structs import replace

    from .evaluation import EvidenceRef

    def fill(t: TierResult) -> TierResult:
        by_cond = sets.get(t.criteria or ev.criteria.id, {}).get(t.id, {})
        return replace(t, conditions=tuple(
            c if c.evidence else replace(c, evidence=tuple(
                EvidenceRef(d, documents[d].name) for d in by_cond.get(c.id, ()) if d in documents))
            for c in t.conditions))

    return replace(ev, tiers=tuple(fill(t) for t in ev.tiers))


# -- names inside an exported zip ----------------------------------------------------------------

# Names Windows reserves for devices, whatever the extension ("CON.txt" is the console too).
_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
                       *(f"COM{i}" for i in "123456789¹²³"), *(f"LPT{i}" for i in "123456789¹²³")})
_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
NAME_LIMIT = 80  # characters of one path part: deep folders of long Chinese names stay under Windows' 260


def safe_name(name: str, limit: int = NAME_LIMIT) -> str:
    """One path part that is safe on Windows, macOS and Linux and inside a zip: no separators, controls
    or NUL, no reserved device name, no trailing dot or space, never '', '.' or '..', at most ``limit``
    characters (the extension kept)."""
    s = _FORBIDDEN.sub("_", name).strip(" .")
    if not s:
        return "_"
    stem, dot, ext = s.rpartition(".") if "." in s else (s, "", "")
    if stem.split(".")[0].upper().rstrip(" ") in _RESERVED or s.upper() in _RESERVED:
        s = "_" + s
        stem = "_" + stem
    if len(s) > limit:
        ext_part = (dot + ext) if dot and len(ext) <= 10 else ""
        s = s[: limit - len(ext_part)].rstrip(" .") + ext_part
    return s or "_"


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)``… when a file of that name (compared case-blind, as Windows does) is taken."""
    base, dot, ext = name.rpartition(".") if "." in name.lstrip(".") else (name, "", "")
    candidate, n = name, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{base} ({n}){dot}{ext}"
    taken.add(candidate.casefold())
    return candidate
