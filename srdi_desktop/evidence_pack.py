"""The evidence pack of a saved assessment: the checklist as data, the index PDF, the zip (Qt-free).

``pack_rows`` joins the checklist of the chosen tiers with the stored states, notes and files, and
checks each file (changed, disappeared). ``write_pack`` writes a zip: the attached files in folders by
tier and condition (each file once, in the first place that names its document) and the index PDF
(申报材料清单) whose rows give each file's place in the zip and the SHA-256 of the bytes written there.
The zip is written to a temporary file beside the target and renamed into place; every name inside it
is made safe (core.evidence.safe_name). ``write_index`` writes only the PDF.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from srdi_desktop.core.evaluation import Evaluation
from srdi_desktop.core.evidence import (
    ChecklistRow,
    Document,
    checklist,
    default_tiers,
    safe_name,
    unique_name,
    with_evidence,
)
from srdi_desktop.core.i18n import pick
from srdi_desktop.core.risk import RiskFlag, risk_flags

if TYPE_CHECKING:
    from srdi_desktop.core.content import Content
    from srdi_desktop.storage.evidence import EvidenceFile, EvidenceStore
    from srdi_desktop.storage.store import Record

INDEX_NAME = {"zh": "申报材料清单.pdf", "en": "application-documents.pdf"}


@dataclass(frozen=True)
class PackFile:
    file: EvidenceFile
    check: str  # ok | changed | missing
    zip_path: str = ""  # where it stands in the zip ('' when not written: missing, or only the index)
    sha256: str = ""  # of the bytes in the zip (the recorded hash until written)


@dataclass(frozen=True)
class PackRow:
    row: ChecklistRow
    state: str
    note: str
    files: tuple[PackFile, ...]


@dataclass(frozen=True)
class Pack:
    firm_name: str
    assessed_on: str
    criteria: str
    tiers: tuple[str, ...]
    rows: tuple[PackRow, ...]
    flags: tuple[RiskFlag, ...]
    documents: dict[str, Document]
    evaluation: Evaluation

    def progress(self) -> tuple[int, int]:
        seen: dict[str, str] = {}
        for r in self.rows:
            seen.setdefault(r.row.document, r.state)
        return sum(1 for s in seen.values() if s != "missing"), len(seen)


def criteria_evidence(content: Content) -> dict[str, dict[str, dict[str, tuple[str, ...]]]]:
    """set id → tier id → condition id → document ids, from today's rules."""
    return {s.id: {t.id: {c.id: c.evidence for c in t.conditions} for t in s.tiers} for s in content.criteria}


def evaluation_for(content: Content, rec: Record) -> Evaluation:
    """The record's results (frozen when final) with documents on every condition."""
    from srdi_desktop.service import result_of

    return with_evidence(result_of(content, rec), criteria_evidence(content), content.documents)


def pack_rows(content: Content, rec: Record, ev_store: EvidenceStore, tiers: tuple[str, ...] | None = None,
              *, verify: bool = True, evaluation: Evaluation | None = None) -> Pack:
    """``evaluation``: the record's, when the caller has it already (the checklist window re-reads the
    states on every click; the results do not change meanwhile)."""
    from srdi_desktop.core.evaluate import make_facts

    ev = evaluation or evaluation_for(content, rec)
    stored = ev_store.tiers(rec.id)
    chosen = tiers or (stored if stored is not None else default_tiers(ev))
    items = ev_store.items(rec.id)
    by_doc: dict[str, list[EvidenceFile]] = {}
    for f in ev_store.files(rec.id):
        by_doc.setdefault(f.doc_id, []).append(f)
    checks: dict[str, str] = {}
    rows = []
    for r in checklist(ev, chosen):
        files = []
        for f in by_doc.get(r.document, ()):
            if f.id not in checks:
                checks[f.id] = ev_store.verify(f) if verify else "ok"
            files.append(PackFile(f, checks[f.id], sha256=f.sha256))
        item = items.get(r.document)
        rows.append(PackRow(r, item.state if item else "missing", item.note if item else "", tuple(files)))
    a = rec.assessment
    flags = risk_flags(content.risks, make_facts(content, a.answers), ev)
    return Pack(a.firm_name, a.assessed_on.isoformat(), ev.criteria.id, tuple(t for t in chosen), tuple(rows),
                flags, content.documents, ev)


def _folders(pack: Pack, lang: str) -> dict[tuple[str, str], str]:
    """(tier, condition) → its folder in the zip: '01 专精特新中小企业/03 上年度营业收入…'."""
    out: dict[tuple[str, str], str] = {}
    tiers: dict[str, str] = {}
    taken_tiers: set[str] = set()
    conds: dict[str, set[str]] = {}
    for r in pack.rows:
        t, c = r.row.tier, r.row.condition
        if t not in tiers:
            tiers[t] = unique_name(safe_name(f"{len(tiers) + 1:02d} {pick(r.row.tier_title, lang)}", 60), taken_tiers)
            conds[t] = set()
        if (t, c) not in out:
            n = sum(1 for k in out if k[0] == t) + 1
            part = unique_name(safe_name(f"{n:02d} {pick(r.row.condition_title, lang)}", 60), conds[t])
            out[(t, c)] = f"{tiers[t]}/{part}"
    return out


def _copy_into(zf: zipfile.ZipFile, src: Path, arcname: str) -> str:
    """Stream ``src`` into the zip, hashing the bytes written; the SHA-256 of what the zip holds."""
    h = hashlib.sha256()
    with open(src, "rb") as fin, zf.open(zipfile.ZipInfo(arcname, date_time=(2026, 1, 1, 0, 0, 0)), "w") as out:
        while chunk := fin.read(1 << 20):
            h.update(chunk)
            out.write(chunk)
    return h.hexdigest()


def write_pack(pack: Pack, ev_store: EvidenceStore, target: Path | str, lang: str,
               *, invariant: bool | None = None) -> tuple[Path, Pack]:
    """The zip at ``target`` (temp file + rename); returns it and the pack with each file's place and hash."""
    from srdi_desktop.atomicio import atomic_output
    from srdi_desktop.report.evidence_index import build_index

    folders = _folders(pack, lang)
    with atomic_output(target) as tmp:
        written: dict[str, tuple[str, str]] = {}  # file id → (zip path, sha256)
        taken: dict[str, set[str]] = {}
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            rows = []
            for r in pack.rows:
                files = []
                for pf in r.files:
                    if pf.check == "missing":
                        files.append(pf)
                        continue
                    if pf.file.id not in written:
                        folder = folders[(r.row.tier, r.row.condition)]
                        doc = safe_name(pick(r.row.name, lang), 40)
                        name = unique_name(safe_name(f"{doc} - {pf.file.original_name}"),
                                           taken.setdefault(folder, set()))
                        arc = f"{folder}/{name}"
                        try:
                            written[pf.file.id] = (arc, _copy_into(zf, ev_store.location(pf.file), arc))
                        except OSError:  # vanished since the check
                            files.append(replace(pf, check="missing"))
                            continue
                    arc, digest = written[pf.file.id]
                    check = pf.check if digest == pf.file.sha256 else "changed"
                    files.append(replace(pf, zip_path=arc, sha256=digest, check=check))
                rows.append(replace(r, files=tuple(files)))
            done = replace(pack, rows=tuple(rows))
            zf.writestr(zipfile.ZipInfo(INDEX_NAME[lang], date_time=(2026, 1, 1, 0, 0, 0)),
                        build_index(done, lang, invariant=invariant), compress_type=zipfile.ZIP_DEFLATED)
    return Path(target), done


def write_index(pack: Pack, target: Path | str, lang: str, *, invariant: bool | None = None) -> Path:
    from srdi_desktop.atomicio import atomic_write_bytes
    from srdi_desktop.report.evidence_index import build_index

    return atomic_write_bytes(target, build_index(pack, lang, invariant=invariant))


def export(content: Content, rec: Record, ev_store: EvidenceStore, target: Path | str, lang: str,
           tiers: tuple[str, ...] | None = None, *, invariant: bool | None = None) -> Path:
    """``target`` ending in .pdf: the index only; otherwise the zip with the files and the index."""
    pack = pack_rows(content, rec, ev_store, tiers)
    if str(target).lower().endswith(".pdf"):
        return write_index(pack, target, lang, invariant=invariant)
    return write_pack(pack, ev_store, target, lang, invariant=invariant)[0]
