"""The evidence checklist in the database: states, notes, copied and linked files, their checks."""

import datetime as dt
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from srdi_desktop.storage import evidence as ev_mod
from srdi_desktop.storage.evidence import MAX_BYTES, EvidenceError, EvidenceStore
from srdi_desktop.storage.store import AssessmentStore


@pytest.fixture
def opened(tmp_path):
    store = AssessmentStore.open(tmp_path / "db" / "srdi.db")
    aid = store.create(dt.date(2026, 11, 21))
    yield store, EvidenceStore(store), aid
    store.close()


def _file(path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_states_and_notes_survive_reopening(tmp_path, opened):
    store, ev, aid = opened
    assert ev.items(aid) == {}
    ev.set_state(aid, "audit_report", "checked")
    ev.set_note(aid, "audit_report", "2025 年度，天健会计师事务所")
    ev.set_tiers(aid, ["srdi_sme", "little_giant"])
    with pytest.raises(ValueError, match="state must be one of missing, attached, checked"):
        ev.set_state(aid, "audit_report", "done")
    store.close()
    again = AssessmentStore.open(tmp_path / "db" / "srdi.db")
    e2 = EvidenceStore(again)
    assert e2.items(aid)["audit_report"] == ev_mod.Item("checked", "2025 年度，天健会计师事务所")
    assert e2.tiers(aid) == ("srdi_sme", "little_giant")
    again.close()


def test_attach_copies_under_a_generated_name_with_hash_and_size(tmp_path, opened):
    store, ev, aid = opened
    data = "审计报告".encode() * 1000
    src = _file(tmp_path / "in" / "2025年 审计报告 (final).PDF", data)
    fid = ev.attach(aid, "audit_report", src)
    f = ev.file(fid)
    assert f.kind == "copy" and f.original_name == "2025年 审计报告 (final).PDF"
    assert f.stored_name == f"{fid}.pdf" and (ev.folder / f.stored_name).read_bytes() == data
    assert ev.folder == tmp_path / "db" / "evidence"
    assert f.sha256 == hashlib.sha256(data).hexdigest() and f.size == len(data)
    assert ev.items(aid)["audit_report"].state == "attached"
    assert ev.verify(f) == "ok"
    src.unlink()  # a copy does not depend on the original
    assert ev.verify(f) == "ok"


def test_a_copied_file_changed_or_gone_in_the_folder_is_noticed(tmp_path, opened):
    _, ev, aid = opened
    f = ev.file(ev.attach(aid, "audit_report", _file(tmp_path / "a.pdf", b"x" * 100)))
    where = ev.folder / f.stored_name
    where.write_bytes(b"y" * 100)  # same size, other bytes
    assert ev.verify(f) == "changed"
    where.unlink()
    assert ev.verify(f) == "missing"


def test_link_in_place_warns_on_change_and_disappearance(tmp_path, opened):
    _, ev, aid = opened
    src = _file(tmp_path / "share" / "社保缴纳证明.pdf", b"insured: 40")
    f = ev.file(ev.attach(aid, "social_insurance", src, link=True))
    assert f.kind == "link" and f.stored_name == "" and f.path == str(src.resolve())
    assert not ev.folder.exists() or not any(ev.folder.iterdir())  # nothing copied
    assert ev.verify(f) == "ok"
    src.write_bytes(b"insured: 41")  # same size, new content: the hash tells
    assert ev.verify(f) == "changed"
    src.write_bytes(b"insured: 4100")
    assert ev.verify(f) == "changed"
    src.unlink()
    assert ev.verify(f) == "missing"
    src.mkdir()  # a folder where the file was
    assert ev.verify(f) == "missing"


def test_replace_keeps_the_document_and_drops_the_old_copy(tmp_path, opened):
    _, ev, aid = opened
    old = ev.file(ev.attach(aid, "ip_certificates", _file(tmp_path / "p1.pdf", b"old")))
    ev.set_state(aid, "ip_certificates", "checked")
    new_id = ev.replace(old.id, _file(tmp_path / "p2.png", b"new patent"))
    assert [f.id for f in ev.files(aid, "ip_certificates")] == [new_id]
    assert not (ev.folder / old.stored_name).exists()
    new = ev.file(new_id)
    assert new.original_name == "p2.png" and (ev.folder / new.stored_name).read_bytes() == b"new patent"
    assert ev.items(aid)["ip_certificates"].state == "checked"  # a checked document stays checked
    # a linked file is replaced by a link unless told otherwise
    link = ev.file(ev.attach(aid, "business_license", _file(tmp_path / "bl.pdf", b"bl"), link=True))
    assert ev.file(ev.replace(link.id, _file(tmp_path / "bl2.pdf", b"bl2"))).kind == "link"


def test_remove_the_last_file_makes_an_attached_document_missing(tmp_path, opened):
    _, ev, aid = opened
    a = ev.attach(aid, "ip_certificates", _file(tmp_path / "a.pdf", b"a"))
    b = ev.attach(aid, "ip_certificates", _file(tmp_path / "b.pdf", b"b"))
    ev.remove(a)
    assert ev.items(aid)["ip_certificates"].state == "attached"
    stored = ev.file(b).stored_name
    ev.remove(b)
    assert ev.items(aid)["ip_certificates"].state == "missing"
    assert ev.files(aid) == [] and not (ev.folder / stored).exists()


@pytest.mark.parametrize("make, kind", [
    (lambda p: p, "not_found"),
    (lambda p: (p.mkdir(), p)[1], "not_a_file"),
])
def test_bad_sources_are_refused_with_a_reason(tmp_path, opened, make, kind):
    _, ev, aid = opened
    with pytest.raises(EvidenceError) as exc:
        ev.attach(aid, "audit_report", make(tmp_path / "nothing.pdf"))
    assert exc.value.kind == kind
    assert ev.files(aid) == []


def test_the_size_limit_is_50_mb_on_both_sides(tmp_path, opened):
    _, ev, aid = opened
    at = tmp_path / "at.pdf"
    with open(at, "wb") as f:
        f.truncate(MAX_BYTES)  # sparse: exactly 50 MiB
    assert ev.file(ev.attach(aid, "audit_report", at, link=True)).size == MAX_BYTES
    over = tmp_path / "over.pdf"
    with open(over, "wb") as f:
        f.truncate(MAX_BYTES + 1)
    with pytest.raises(EvidenceError) as exc:
        ev.attach(aid, "audit_report", over)
    assert exc.value.kind == "too_large"
    assert len(ev.files(aid)) == 1
    assert not any(p.name.startswith(".part-") for p in ev.folder.glob("*")) if ev.folder.exists() else True


def test_deleting_the_assessment_deletes_its_rows_and_copies(tmp_path, opened):
    store, ev, aid = opened
    other = store.create(dt.date(2026, 11, 21))
    f = ev.file(ev.attach(aid, "audit_report", _file(tmp_path / "a.pdf", b"a")))
    keep = ev.file(ev.attach(other, "audit_report", _file(tmp_path / "b.pdf", b"b")))
    ev.set_note(aid, "audit_report", "x")
    store.delete(aid)
    assert ev.files(aid) == [] and ev.items(aid) == {}
    assert not (ev.folder / f.stored_name).exists() and (ev.folder / keep.stored_name).exists()


def test_sweep_removes_unnamed_files_only_after_the_grace(tmp_path, opened):
    _, ev, aid = opened
    f = ev.file(ev.attach(aid, "audit_report", _file(tmp_path / "a.pdf", b"a")))
    part = _file(ev.folder / ".part-deadbeef.pdf", b"half")
    orphan = _file(ev.folder / "0123456789abcdef.pdf", b"whole, but no row")
    assert ev.sweep() == []  # young: may be another instance's attach in progress
    assert set(ev.sweep(grace_s=0)) == {part, orphan}
    assert (ev.folder / f.stored_name).exists()


# -- a process killed mid-attach ----------------------------------------------------------------

CHILD = r"""
import sys
from pathlib import Path
from srdi_desktop.storage.evidence import EvidenceStore
from srdi_desktop.storage.store import AssessmentStore
store = AssessmentStore.open(Path(sys.argv[1]))
ev = EvidenceStore(store)
aid, src = sys.argv[2], Path(sys.argv[3])
print("ready", flush=True)
i = 0
while True:
    fid = ev.attach(aid, "audit_report", src)
    print(f"ack {fid}", flush=True)
    if i % 3 == 2:
        print(f"removing {fid}", flush=True)  # from here the row may be gone: a kill may land in remove()
        ev.remove(fid)
        print(f"removed {fid}", flush=True)
    i += 1
"""


@pytest.mark.slow
def test_sigkill_mid_attach_leaves_no_half_file_and_no_dangling_row(tmp_path):
    import random

    db = tmp_path / "crash.db"
    store = AssessmentStore.open(db)
    aid = store.create(dt.date(2026, 11, 21))
    store.close()
    data = os.urandom(16 * 1024 * 1024)  # big enough that a kill right after an ack lands inside the next copy
    src = _file(tmp_path / "src" / "审计报告.pdf", data)
    digest = hashlib.sha256(data).hexdigest()
    rnd = random.Random(17)
    acked: set[str] = set()
    removed: set[str] = set()
    swept = 0
    for attempt in range(40):  # until kills have landed inside attaches (a loaded machine needs more tries)
        if attempt >= 12 and swept >= 3:
            break
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(db), aid, str(src)], stdout=subprocess.PIPE,
                                text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        assert proc.stdout.readline().strip() == "ready"
        for _ in range(rnd.randint(0, 4)):
            word, _, fid = proc.stdout.readline().strip().partition(" ")
            assert word in ("ack", "removing", "removed"), word
            (acked if word == "ack" else removed).add(fid)
        time.sleep(rnd.uniform(0, 0.01))  # the child goes straight on to its next attach
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        for line in proc.stdout.read().splitlines():
            word, _, fid = line.partition(" ")
            (acked if word == "ack" else removed).add(fid)
        con = sqlite3.connect(db)
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",), attempt
        con.close()

        store = AssessmentStore.open(db)
        ev = EvidenceStore(store)
        # what the checklist does when it opens (here at once: no other instance runs)
        swept += len(ev.sweep(grace_s=0))
        rows = ev.files(aid)
        on_disk = {p.name for p in ev.folder.iterdir()}
        # no dangling row: every row's file is whole, with the recorded hash
        for f in rows:
            assert f.stored_name in on_disk, attempt
            assert ev.verify(f) == "ok" and f.sha256 == digest and f.size == len(data)
        # no half file, no file without a row
        assert on_disk == {f.stored_name for f in rows}, attempt
        # every acknowledged attach not later removed is there
        assert acked - removed <= {f.id for f in rows}, attempt
        store.close()
    assert swept, "no kill landed inside an attach: the test did not test the crash"


def test_a_file_rewritten_with_the_same_size_is_hashed_again(tmp_path, opened):
    """The check skips hashing only when size, mtime and inode are as last seen."""
    _, ev, aid = opened
    src = tmp_path / "a.pdf"
    src.write_bytes(b"aaaa")
    f = ev.file(ev.attach(aid, "audit_report", src, link=True))
    assert ev.verify(f) == ev.verify(f) == "ok"
    st = os.stat(src)
    src.write_bytes(b"bbbb")
    os.utime(src, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert ev.verify(f) == "changed"
