"""The 佐证材料 catalogue (rules/evidence.yaml) and the checklist built from an evaluation.

Each criteria condition names document ids (``evidence: [...]``); the catalogue gives each id its
name, where it is usually obtained, a note (validity) and whether the official text names it
(``official``, with the source) or applicants habitually file it (``practice``). The checklist is pure:
the evaluation's tiers and conditions, the catalogue and the stored states make its rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .errors import BAD_VALUE, DUPLICATE_ID
from .evaluation import Evaluation, LangMap, TierResult
from .schema import Checker
from .yamlsrc import Node

BASES = ("official", "practice")
STATES = ("missing", "attached", "checked")
_ID = re.compile(r"[a-z][a-z0-9_]*\Z")


@dataclass(frozen=True)
class Document:
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


@dataclass(frozen=True)
class ChecklistRow:
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
