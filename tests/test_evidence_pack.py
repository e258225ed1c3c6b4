"""The evidence pack: the zip's index matches its files and their hashes; hostile names stay inside."""

import datetime as dt
import hashlib
import io
import os
import subprocess
import sys
import zipfile
from pathlib import PurePosixPath

import pytest
from pypdf import PdfReader

from srdi_desktop import paths
from srdi_desktop.core.evidence import safe_name, unique_name
from srdi_desktop.evidence_pack import INDEX_NAME, export, pack_rows, write_pack
from srdi_desktop.service import read_assessment
from srdi_desktop.storage.evidence import EvidenceStore
from srdi_desktop.storage.store import AssessmentStore


@pytest.fixture
def saved(tmp_path, content):
    store = AssessmentStore.open(tmp_path / "db" / "srdi.db")
    a = read_assessment(content, paths.DEMO_FILE)
    aid = store.create(a.assessed_on, "zh", a.answers)
    yield store, EvidenceStore(store), aid
    store.close()


def _text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def _flat(text: str) -> str:
    """Without white space: a wrapped cell reads as one string."""
    return "".join(text.split())


def _src(tmp_path, name, data):
    p = tmp_path / "src" / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)
    return p


def test_the_zip_holds_each_file_once_and_its_index_names_their_hashes(tmp_path, content, saved):
    store, ev, aid = saved
    audit = os.urandom(5000)
    ev.attach(aid, "audit_report", _src(tmp_path, "2025 审计报告.pdf", audit))
    ev.attach(aid, "platform_score_page", _src(tmp_path, "score.png", b"\x89PNG score"), link=True)
    ev.set_note(aid, "platform_score_page", "<b>平台截图</b> & 打印")
    ev.set_tiers(aid, ["srdi_sme", "little_giant"])
    out, pack = write_pack(pack_rows(content, store.load(aid), ev), ev, tmp_path / "out" / "pack.zip", "zh")
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        assert zf.testzip() is None
        files = {n: zf.read(n) for n in names if n != INDEX_NAME["zh"]}
        index = zf.read(INDEX_NAME["zh"])
    # each attached file once, in the folder of the first tier and condition that names it
    assert sorted(files.values()) == sorted([audit, b"\x89PNG score"])
    first = next(n for n in files if n.endswith("2025 审计报告.pdf"))
    assert first.startswith("01 专精特新中小企业/")
    # the index rows point at those places, with the SHA-256 of the bytes there
    written = {pf.zip_path: pf.sha256 for r in pack.rows for pf in r.files}
    assert set(written) == set(files)
    for name, data in files.items():
        assert written[name] == hashlib.sha256(data).hexdigest()
    text = _text(index)
    assert "申报材料清单" in text and "专精特新“小巨人”企业" in text
    for digest in written.values():  # the hash is printed (wrapped in its narrow column)
        assert digest[:16] in text.replace("\n", "")
    assert _flat("<b>平台截图</b> & 打印") in _flat(text)  # a note shows as typed, never as markup
    assert not list(out.parent.glob(".*tmp"))  # the temp file was renamed, nothing left beside


def test_a_changed_or_missing_file_is_said_in_the_index(tmp_path, content, saved):
    store, ev, aid = saved
    linked = _src(tmp_path, "社保.pdf", b"40 insured")
    gone = _src(tmp_path, "gone.pdf", b"gone")
    ev.attach(aid, "social_insurance", linked, link=True)
    ev.attach(aid, "business_license", gone, link=True)
    linked.write_bytes(b"41 insured")
    gone.unlink()
    ev.set_tiers(aid, ["srdi_sme"])
    out, pack = write_pack(pack_rows(content, store.load(aid), ev), ev, tmp_path / "p.zip", "en")
    checks = {pf.file.original_name: (pf.check, pf.zip_path, pf.sha256) for r in pack.rows for pf in r.files}
    assert checks["社保.pdf"][0] == "changed" and checks["社保.pdf"][2] == hashlib.sha256(b"41 insured").hexdigest()
    assert checks["gone.pdf"][:2] == ("missing", "")
    with zipfile.ZipFile(out) as zf:
        assert not any(n.endswith("gone.pdf") for n in zf.namelist())
        text = _text(zf.read(INDEX_NAME["en"]))
    assert _flat("The file has changed since it was attached") in _flat(text)
    assert _flat("The file is no longer there") in _flat(text)


HOSTILE = ["../../../etc/passwd", "..\\..\\boot.ini", "CON", "con.txt", "COM1.pdf", "LPT9", "NUL.tar.gz",
           "aux", "name with trailing dot.", "trailing space ", "x" * 240 + ".pdf", "/abs/path.pdf",
           "C:\\Windows\\win.ini", "a:b*c?d\"e<f>g|h.pdf", "\u202eevil.pdf", "审计" * 100 + ".pdf",
           " . ", "..", ".hidden"]


@pytest.mark.parametrize("name", HOSTILE)
def test_safe_name_keeps_one_harmless_part(name):
    s = safe_name(name)
    assert s and s not in (".", "..") and len(s) <= 80
    assert not any(c in s for c in '/\\:*?"<>|\x00') and not any(ord(c) < 32 for c in s)
    assert not s.endswith((".", " "))
    assert s.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT9"}
    assert safe_name(s) == s  # stable


def test_unique_name_is_case_blind_like_windows():
    taken: set[str] = set()
    assert [unique_name(n, taken) for n in ("a.pdf", "A.PDF", "a.pdf")] == ["a.pdf", "A (2).PDF", "a (3).pdf"]


def test_hostile_names_stay_inside_the_zip_and_round_trip(tmp_path, content, saved):
    store, ev, aid = saved
    # the names as the user's files would have them (a file system forbids '/' and NUL in a name, so
    # those are given as the original name a database might hold: an import, another OS)
    datas = {}
    for i, name in enumerate(HOSTILE):
        src = _src(tmp_path, f"f{i}.bin", f"file {i}".encode())
        fid = ev.attach(aid, "audit_report", src)
        store.db.execute("UPDATE evidence_files SET original_name = ? WHERE id = ?", [name + "\x00tail", fid])
        datas[fid] = f"file {i}".encode()
    ev.set_tiers(aid, ["srdi_sme"])
    out, pack = write_pack(pack_rows(content, store.load(aid), ev), ev, tmp_path / "h.zip", "zh")
    dest = tmp_path / "unzipped"
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        assert len(names) == len(set(n.casefold() for n in names)) == len(HOSTILE) + 1
        for n in names:
            p = PurePosixPath(n)
            assert not p.is_absolute() and ".." not in p.parts and "\\" not in n and "\x00" not in n
            for part in p.parts:
                assert part == safe_name(part, 10_000) and len(part) <= 80
        zf.extractall(dest)
    for f in dest.rglob("*"):
        assert dest in f.resolve().parents
    written = {pf.file.id: pf for r in pack.rows for pf in r.files}
    for fid, data in datas.items():  # every file round-trips to its bytes at the place the index names
        assert (dest / written[fid].zip_path).read_bytes() == data
        assert written[fid].sha256 == hashlib.sha256(data).hexdigest()


def test_a_failed_export_leaves_the_old_zip_and_no_temp(tmp_path, content, saved, monkeypatch):
    store, ev, aid = saved
    ev.attach(aid, "audit_report", _src(tmp_path, "a.pdf", b"a"))
    target = tmp_path / "pack.zip"
    target.write_bytes(b"the previous pack")
    import srdi_desktop.report.evidence_index as index

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(index, "build_index", boom)
    with pytest.raises(OSError, match="disk full"):
        export(content, store.load(aid), ev, target, "zh")
    assert target.read_bytes() == b"the previous pack"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db", "pack.zip", "src"]


def _cli(db, *args):
    return subprocess.run([sys.executable, "-m", "srdi_desktop", "--db", str(db), "evidence", *args],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_cli_writes_the_pack_or_the_list_from_a_unique_prefix(tmp_path, content, saved):
    store, ev, aid = saved
    ev.attach(aid, "audit_report", _src(tmp_path, "a.pdf", b"audit"))
    other = store.create(dt.date(2026, 11, 21), "zh", {"firm.name": "另一家"})
    db = store.path
    store.close()
    r = _cli(db, aid[:6], "-o", str(tmp_path / "pack.zip"))
    assert r.returncode == 0, r.stderr
    with zipfile.ZipFile(tmp_path / "pack.zip") as zf:
        assert INDEX_NAME["zh"] in zf.namelist() and any(n.endswith("a.pdf") for n in zf.namelist())
    r = _cli(db, aid, "-o", str(tmp_path / "list.pdf"), "--lang", "en", "--tier", "srdi_sme")
    assert r.returncode == 0, r.stderr
    text = _text((tmp_path / "list.pdf").read_bytes())
    assert "Application document list" in text and "SRDI" in text and "Little giant" not in text
    common = os.path.commonprefix([aid, other])
    r = _cli(db, common, "-o", str(tmp_path / "x.zip"))  # '' or a shared prefix names none or both
    assert r.returncode != 0 and ("可指 2 次评估" in r.stderr or "没有编号" in r.stderr), r.stderr
    r = _cli(db, aid[:8], "-o", str(tmp_path / "y.zip"), "--tier", "nope")
    assert r.returncode == 2 and "unknown tier 'nope'" in r.stderr
    assert not (tmp_path / "x.zip").exists() and not (tmp_path / "y.zip").exists()
