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


def test_a_locked_database_is_retried_never_replaced(app, tmp_path, monkeypatch):
    import sqlite3

    from PySide6.QtCore import QSettings

    from srdi_desktop.storage import db as dbmod
    from srdi_desktop.ui.recovery import SETTINGS_DB

    path = tmp_path / "assessments.db"
    s = AssessmentStore.open(path)
    s.create(dt.date(2026, 11, 21), "zh", {"firm.name": "甲"})
    s.close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA journal_mode = DELETE")
    other.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_S", 0.2)
    QSettings().remove(SETTINGS_DB)
    seen = []

    def ask(cls, parent, error, lang, backups):
        seen.append(error.kind)
        other.execute("ROLLBACK")  # the other program lets go; the user tries again
        other.close()
        return ("retry", None)

    monkeypatch.setattr(RecoveryDialog, "ask", classmethod(ask))
    store = open_store(path, "en")
    assert seen == ["locked"]
    assert store.path == path and [r["firm_name"] for r in store.list()] == ["甲"]
    store.close()
    assert QSettings().value(SETTINGS_DB) is None  # no switch of database was remembered


def test_a_newer_database_opens_read_only_with_a_word(app, tmp_path, monkeypatch):
    import sqlite3

    path = tmp_path / "assessments.db"
    AssessmentStore.open(path).close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 42")
    con.commit()
    con.close()
    told = []
    monkeypatch.setattr(RecoveryDialog, "ask", classmethod(lambda cls, *a: told.append("asked")))
    monkeypatch.setattr(RecoveryDialog, "tell", classmethod(lambda cls, parent, why, lang: told.append(why.kind)))
    store = open_store(path, "zh")
    assert told == ["newer"] and store.path == path
    store.close()


def test_the_app_on_a_read_only_database_refuses_writes_with_a_word_and_keeps_everything(
        app, qtbot, tmp_path, monkeypatch, content):
    """New, import, copy, delete and editing say why and change nothing; a draft opens as results;
    the window title says read-only. Nothing reaches the error dialog."""
    import os
    import sqlite3
    import stat

    from srdi_desktop.ui.controller import AppController
    from srdi_desktop.ui.dialogs import Notice
    from srdi_desktop.ui.home import HomeWindow
    from srdi_desktop.ui.results import ResultsWindow

    path = tmp_path / "assessments.db"
    s = AssessmentStore.open(path)
    aid = s.create(dt.date(2026, 11, 21), "zh", {"firm.name": "只读企业", "firm.employees": 30})
    s.close()
    con = sqlite3.connect(path) if os.geteuid() == 0 else None  # root writes through file modes:
    if con is not None:  # a newer version's database is read-only too
        con.execute("PRAGMA user_version = 42")
        con.commit()
        con.close()
    else:
        path.chmod(stat.S_IRUSR)
    before = path.read_bytes()
    said = []
    monkeypatch.setattr(Notice, "show", classmethod(lambda cls, parent, title, text: said.append(text)))
    store = AssessmentStore.open(path)
    assert store.read_only is not None
    ctl = AppController(content, store, "zh", today=dt.date(2026, 11, 22))
    home = HomeWindow(ctl)
    qtbot.addWidget(home)
    assert "只读" in home.windowTitle()
    assert ctl.new_assessment() is None and ctl.duplicate_as_next_year(aid) is None
    assert ctl.delete(aid) is False and ctl.import_file(tmp_path / "x.yaml") is None
    assert len(said) == 4 and all("只读" in t for t in said), said
    opened = ctl.open_assessment(aid)  # a draft that cannot be saved shows its results instead
    assert isinstance(opened, ResultsWindow)
    assert [r["id"] for r in store.list()] == [aid]
    ctl.close_windows()
    store.close()
    assert path.read_bytes() == before


def test_a_long_migration_shows_its_progress_and_the_store_opens(app, tmp_path, monkeypatch):
    from srdi_desktop.storage import migrations
    from srdi_desktop.ui import recovery
    from tests.storage.test_compact_finals import make_0008

    path = tmp_path / "old.db"
    make_0008(path, finals=4, drafts=1)
    monkeypatch.setattr(migrations, "PROGRESS_EVERY", 1)
    shown = []
    real = recovery.MigrationProgress.__call__

    def spy(self, done, total):
        real(self, done, total)
        if self.dialog is not None:
            shown.append((self.dialog.value(), self.dialog.maximum(), self.dialog.labelText()))

    monkeypatch.setattr(recovery.MigrationProgress, "__call__", spy)
    store = recovery.open_store(path, "zh")
    assert store is not None and store.load("f0002").status == "final"
    assert shown[0][1] == 4 and shown[-1][0] == 4 and "正在升级评估数据库" in shown[0][2]
    store.close()


def test_a_database_with_nothing_to_migrate_shows_no_dialog(app, tmp_path):
    from srdi_desktop.ui import recovery

    progress = recovery.MigrationProgress(None, "en")
    progress(0, 0)
    progress(3, 3)
    assert progress.dialog is None
