"""A damaged database is explained, never overwritten; the user continues on a fresh file or a backup."""

import datetime as dt

from srdi_desktop.storage.db import backups_for
from srdi_desktop.storage.store import AssessmentStore
from srdi_desktop.ui.recovery import RecoveryDialog, open_store


def _damage(path):
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\x00garbage" * 499  # header intact, pages destroyed
    path.write_bytes(bytes(data))


def test_damaged_database_is_left_alone_and_a_fresh_one_opens(app, tmp_path, monkeypatch):
    path = tmp_path / "assessments.db"
    s = AssessmentStore.open(path)
    s.create(dt.date(2026, 11, 21), "zh", {"firm.name": "甲"})
    s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    s.close()
    _damage(path)
    before = path.read_bytes()
    seen = []
    monkeypatch.setattr(RecoveryDialog, "ask", classmethod(
        lambda cls, parent, error, lang, backups: seen.append(error.kind) or ("fresh", None)))
    store = open_store(path, "zh")
    assert seen and seen[0] in ("damaged", "not_sqlite")
    assert store is not None and store.path != path and store.list() == []
    store.close()
    assert path.read_bytes() == before


def test_a_backup_is_restored_into_a_new_file(app, tmp_path, monkeypatch):
    from srdi_desktop.storage.db import backup

    path = tmp_path / "assessments.db"
    s = AssessmentStore.open(path)
    s.create(dt.date(2026, 11, 21), "zh", {"firm.name": "有备份的企业"})
    backup(s.db, path, "manual")
    s.close()
    _damage(path)
    [saved] = backups_for(path)
    monkeypatch.setattr(RecoveryDialog, "ask", classmethod(lambda cls, *a: ("backup", saved)))
    store = open_store(path, "zh")
    assert [r["firm_name"] for r in store.list()] == ["有备份的企业"]
    assert store.path.parent == path.parent and store.path != path
    store.close()


def test_quitting_opens_nothing(app, tmp_path, monkeypatch):
    path = tmp_path / "notes.db"
    path.write_text("not a database")
    monkeypatch.setattr(RecoveryDialog, "ask", classmethod(lambda cls, *a: None))
    assert open_store(path, "en") is None
    assert path.read_text() == "not a database"
