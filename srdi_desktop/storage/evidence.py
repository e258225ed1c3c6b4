"""The evidence checklist of an assessment: document states, notes and files (migration 0007_evidence).

A file is either **copied** into the folder ``evidence/`` beside the database, under a generated name
(``<uuid>.<ext>``; the user's name is kept as data), or **linked** where it lies. Either way its SHA-256
and size are recorded, so a later look says when it changed or disappeared.

Crash safety of a copy: the bytes go to ``.part-<uuid>`` in the evidence folder, are hashed on the way,
fsynced, renamed to the final name, and only then is the row committed. A kill before the rename leaves
a ``.part-`` file that no row names; a kill between the rename and the commit leaves a complete file that
no row names. ``sweep()`` (run when the checklist opens) removes both, so no half file is ever taken
for an attachment and no row ever names a file that is not there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import stat
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from srdi_desktop.core.evidence import STATES

if TYPE_CHECKING:

    from .store import AssessmentStore

MAX_BYTES = 50 * 1024 * 1024  # a file; a scanned audit report is a few MB, a 50 MB file is already a lot
FOLDER = "evidence"
PART = ".part-"
_CHUNK = 1 << 20
_EXT = re.compile(r"\.[A-Za-z0-9]{1,10}\Z")
SWEEP_GRACE_S = 600.0  # an unnamed file younger than this may be another instance's attach in progress


class EvidenceError(Exception):
    """A file that cannot be attached: ``kind`` too_large | not_a_file | unreadable | not_found | read_only."""

    def __init__(self, kind: str, path: Path | str, detail: str = ""):
        self.kind, self.path, self.detail = kind, Path(path), detail
        super().__init__(f"{path}: {kind}{': ' + detail if detail else ''}")


@dataclass(frozen=True)
class EvidenceFile:
    id: str
    assessment_id: str
    doc_id: str
    kind: str  # copy | link
    stored_name: str  # copy: the name in evidence/
    path: str  # link: where it lies
    original_name: str
    sha256: str
    size: int
    added_at: str


@dataclass(frozen=True)
class Item:
    state: str = "missing"
    note: str = ""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def sha256_of(path: Path) -> tuple[str, int]:
    h, size = hashlib.sha256(), 0
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def _fsync_dir(folder: Path) -> None:
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(folder, os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _checked_source(src: Path) -> os.stat_result:
    try:
        st = os.stat(src)
    except FileNotFoundError:
        raise EvidenceError("not_found", src) from None
    except OSError as exc:
        raise EvidenceError("unreadable", src, exc.strerror or "") from None
    if not stat.S_ISREG(st.st_mode):
        raise EvidenceError("not_a_file", src)
    if st.st_size > MAX_BYTES:
        raise EvidenceError("too_large", src, f"{st.st_size} bytes > {MAX_BYTES}")
    return st


class EvidenceStore:
    """Checklist state of the assessments in one database; files in ``evidence/`` beside it."""

    def __init__(self, store: AssessmentStore):
        self.store = store
        self.db = store.db
        base = store.path.parent if store.path is not None else Path.cwd()
        self.folder = base / FOLDER
        # a read-only database from before 0007 has no evidence tables: an empty checklist, nothing saved
        self.ready = "evidence_files" in self.db.table_names()
        self._verified: dict[tuple[object, ...], str] = {}

    # -- states, notes, tiers ---------------------------------------------------------------------

    def items(self, aid: str) -> dict[str, Item]:
        if not self.ready:
            return {}
        return {r["doc_id"]: Item(r["state"], r["note"]) for r in self.db.query(
            "SELECT doc_id, state, note FROM evidence_items WHERE assessment_id = ?", [aid])}

    def _upsert(self, aid: str, doc: str, **values: str) -> None:
        cur = self.items(aid).get(doc, Item())
        row = {"assessment_id": aid, "doc_id": doc, "state": cur.state, "note": cur.note, "updated_at": _now(),
               **values}
        self.db.table("evidence_items").upsert(row, pk=("assessment_id", "doc_id"))

    def set_state(self, aid: str, doc: str, state: str) -> None:
        if state not in STATES:
            raise ValueError(f"state must be one of {', '.join(STATES)}, not {state!r}")
        with self.store._write():
            self._upsert(aid, doc, state=state)

    def set_note(self, aid: str, doc: str, note: str) -> None:
        with self.store._write():
            self._upsert(aid, doc, note=note)

    def tiers(self, aid: str) -> tuple[str, ...] | None:
        """The tiers chosen for the checklist, None when never chosen (the caller's default)."""
        if not self.ready:
            return None
        rows = list(self.db.query("SELECT tiers_json FROM evidence_tiers WHERE assessment_id = ?", [aid]))
        return tuple(json.loads(rows[0]["tiers_json"])) if rows else None

    def set_tiers(self, aid: str, tiers: Sequence[str]) -> None:
        with self.store._write():
            self.db.table("evidence_tiers").upsert({"assessment_id": aid, "tiers_json": json.dumps(list(tiers))},
                                                   pk="assessment_id")

    # -- files ------------------------------------------------------------------------------------

    def files(self, aid: str, doc: str | None = None) -> list[EvidenceFile]:
        if not self.ready:
            return []
        sql = "SELECT * FROM evidence_files WHERE assessment_id = ?" + (" AND doc_id = ?" if doc else "")
        rows = self.db.query(sql + " ORDER BY added_at, id", [aid, doc] if doc else [aid])
        return [EvidenceFile(**r) for r in rows]

    def file(self, fid: str) -> EvidenceFile:
        return EvidenceFile(**self.db.table("evidence_files").get(fid))

    def location(self, f: EvidenceFile) -> Path:
        return self.folder / f.stored_name if f.kind == "copy" else Path(f.path)

    def attach(self, aid: str, doc: str, src: Path | str, link: bool = False, *, replaces: str | None = None) -> str:
        """Copy (or link) ``src`` as a document of ``aid``; with ``replaces``, that file goes in the same
        transaction. Returns the new file's id. The state becomes ``attached`` unless already ``checked``."""
        if self.store.read_only is not None:
            raise EvidenceError("read_only", self.store.path or "", self.store.read_only.detail)
        src = Path(src)
        _checked_source(src)
        fid = uuid.uuid4().hex
        if link:
            try:
                digest, size = sha256_of(src)
            except OSError as exc:
                raise EvidenceError("unreadable", src, exc.strerror or "") from None
            stored, path = "", str(src.resolve())
        else:
            stored = fid + (m.group(0).lower() if (m := _EXT.search(src.name)) else "")
            digest, size = self._copy_in(src, stored)
            path = ""
        row = {"id": fid, "assessment_id": aid, "doc_id": doc, "kind": "link" if link else "copy",
               "stored_name": stored, "path": path, "original_name": src.name, "sha256": digest, "size": size,
               "added_at": _now()}
        old = self.file(replaces) if replaces else None
        try:
            with self.store._write():
                self.db.table("evidence_files").insert(row)
                if old is not None:
                    self.db.execute("DELETE FROM evidence_files WHERE id = ?", [old.id])
                if self.items(aid).get(doc, Item()).state == "missing":
                    self._upsert(aid, doc, state="attached")
        except BaseException:
            if stored:
                (self.folder / stored).unlink(missing_ok=True)
            raise
        if old is not None:
            self._drop(old)
        return fid

    def replace(self, fid: str, src: Path | str, link: bool | None = None) -> str:
        """A new file in place of ``fid`` (same document; copied or linked as before unless told)."""
        old = self.file(fid)
        return self.attach(old.assessment_id, old.doc_id, src, old.kind == "link" if link is None else link,
                           replaces=fid)

    def remove(self, fid: str) -> None:
        """The row goes first (one transaction), then a copied file; a crash between leaves an unnamed
        file that ``sweep`` removes. The last file of an ``attached`` document makes it ``missing``."""
        old = self.file(fid)
        with self.store._write():
            self.db.execute("DELETE FROM evidence_files WHERE id = ?", [fid])
            left = self.db.execute("SELECT COUNT(*) FROM evidence_files WHERE assessment_id = ? AND doc_id = ?",
                                   [old.assessment_id, old.doc_id]).fetchone()[0]
            if not left and self.items(old.assessment_id).get(old.doc_id, Item()).state == "attached":
                self._upsert(old.assessment_id, old.doc_id, state="missing")
        self._drop(old)

    def _drop(self, f: EvidenceFile) -> None:
        if f.kind == "copy":
            (self.folder / f.stored_name).unlink(missing_ok=True)

    def _copy_in(self, src: Path, stored: str) -> tuple[str, int]:
        """Copy ``src`` to ``evidence/stored``: temp file, hashed on the way, fsync, rename, fsync folder."""
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f"{PART}{stored}"
        h, size = hashlib.sha256(), 0
        try:
            with open(src, "rb") as fin, open(tmp, "xb") as fout:
                while chunk := fin.read(_CHUNK):
                    size += len(chunk)
                    if size > MAX_BYTES:  # it grew since the check
                        raise EvidenceError("too_large", src, f"more than {MAX_BYTES} bytes")
                    h.update(chunk)
                    fout.write(chunk)
                fout.flush()
                os.fsync(fout.fileno())
            os.replace(tmp, self.folder / stored)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise EvidenceError("unreadable", src, exc.strerror or "") from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        _fsync_dir(self.folder)
        return h.hexdigest(), size

    # -- checking ---------------------------------------------------------------------------------

    def verify(self, f: EvidenceFile) -> str:
        """ok | changed (another size or hash) | missing (gone or no longer a readable file). A file whose
        size and modification time are as last seen is not hashed again (the checklist re-checks on every
        change, and 50 MB files add up)."""
        where = self.location(f)
        try:
            st = os.stat(where)
            if not stat.S_ISREG(st.st_mode):
                return "missing"
            if st.st_size != f.size:
                return "changed"
            key = (f.id, f.sha256, st.st_size, st.st_mtime_ns, st.st_ino)
            if key not in self._verified:
                self._verified[key] = "ok" if sha256_of(where)[0] == f.sha256 else "changed"
            return self._verified[key]
        except OSError:
            return "missing"

    def sweep(self, grace_s: float = SWEEP_GRACE_S) -> list[Path]:
        """Remove files in evidence/ that no row names (an attach killed mid-way, a removal cut short,
        a deleted assessment), once older than ``grace_s``. Returns what was removed."""
        if not self.ready or not self.folder.is_dir() or self.store.read_only is not None:
            return []
        named = {r["stored_name"] for r in self.db.query("SELECT stored_name FROM evidence_files WHERE kind = 'copy'")}
        gone = []
        now = time.time()
        for p in self._entries():
            if p.name in named:
                continue
            try:
                if now - p.stat().st_mtime < grace_s or not p.is_file():
                    continue
                p.unlink()
                gone.append(p)
            except OSError:
                continue
        return gone

    def _entries(self) -> Iterator[Path]:
        try:
            yield from self.folder.iterdir()
        except OSError:
            return

    def delete_assessment_rows(self, aid: str) -> None:
        """Inside the caller's transaction: the rows of a deleted assessment (files go with ``sweep``)."""
        for table in ("evidence_files", "evidence_items", "evidence_tiers"):
            self.db.execute(f"DELETE FROM {table} WHERE assessment_id = ?", [aid])
