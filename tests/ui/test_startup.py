"""Start-up: the home window paints from a read-only glance at the list, then opens the database
properly (checks, migrations, recovery) right after."""

import datetime as dt

from PySide6.QtCore import QEvent, QObject, QTimer

from srdi_desktop.storage.store import AssessmentStore
from srdi_desktop.ui.app import start
from srdi_desktop.ui.recovery import RecoveryDialog

from ..storage.test_migrations import make_db_at


class _FirstPaint(QObject):
    def __init__(self, window):
        super().__init__()
        self.seen = None
        window.installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint and self.seen is None:
            self.seen = (not obj.controller.store_is_open, obj.row_count(),
                         obj.cell(0, "firm") if obj.row_count() else None)
        return False


def test_first_paint_lists_the_saved_assessments_before_the_database_layer_loads(app, qtbot, db_path):
    store = AssessmentStore.open(db_path)
    store.create(dt.date(2026, 1, 5), "zh", {"firm.name": "癸公司"})
    store.close()
    _app, window = start(db_path)
    qtbot.addWidget(window)
    probe = _FirstPaint(window)
    qtbot.waitUntil(lambda: probe.seen is not None)
    assert probe.seen == (True, 1, "癸公司")  # painted from the glance, store not yet open
    qtbot.waitUntil(lambda: window.controller.store_is_open)  # then opened properly
    assert window.row_count() == 1 and window.table.isSortingEnabled()
    # the menus' items follow the first paint, named in the window's language, each once
    items = [a.text() for a in window.file_menu.actions() if not a.isSeparator()]
    from srdi_desktop.core.i18n import tr
    from srdi_desktop.ui.text import literal

    assert items == [literal(tr(k, "zh")) for k in ("home.demo", "home.import", "menu.recent", "menu.quit")]
    assert items[0] == "打开示例企业"
    window._finish_setup()  # a store attached again (another database): nothing twice
    assert [a.text() for a in window.file_menu.actions() if not a.isSeparator()] == items
    window.close()
    window.controller.store.close()


def test_an_older_schema_is_migrated_just_after_the_first_paint(app, qtbot, tmp_path):
    path = tmp_path / "old.db"
    make_db_at(path, 0)  # the first schema: the glance cannot read it and shows nothing yet
    _app, window = start(path)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.controller.store_is_open)
    assert window.row_count() == 1 and window.cell(0, "firm") == "旧企业"
    assert window.cell(0, "tiers") == "创新型"
    window.close()
    window.controller.store.close()


def test_a_damaged_database_is_offered_recovery_after_the_window_shows(app, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "bad.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00garbage" * 600)
    before = path.read_bytes()
    asked = []
    monkeypatch.setattr(RecoveryDialog, "ask", classmethod(
        lambda cls, parent, error, lang, backups: asked.append((parent, error.kind)) or None))
    _app, window = start(path)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(asked))
    assert asked[0][0] is window  # the dialog belongs to the painted window
    qtbot.waitUntil(lambda: not window.isVisible())  # the user chose to quit
    assert path.read_bytes() == before
    # The quit left Qt's quit-now flag set (no event loop was running to end): every later event loop,
    # qtbot.wait's included, would return at once and posted events never arrive. A real exec() clears it.
    QTimer.singleShot(0, _app.quit)
    _app.exec()


def _damage_an_index(path):
    """An index whose entries no longer match its table: quick_check misses it, integrity_check finds it."""
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = replace(sql, '(\"firm_name\", \"id\")', '(\"lang\", \"id\")') "
                 "WHERE name = 'idx_assessments_firm_name_id'")
    conn.commit()
    conn.close()


def test_a_big_database_opens_on_a_quick_check_and_the_full_check_runs_in_the_background(
        app, qtbot, tmp_path, monkeypatch):
    from srdi_desktop.storage import db as dbmod
    from srdi_desktop.ui import app as appmod
    from srdi_desktop.ui.dialogs import Notice

    path = tmp_path / "big.db"
    store = AssessmentStore.open(path)
    for i in range(30):
        store.create(dt.date(2026, 1, 5), "zh", {"firm.name": f"企业{i}"})
    store.close()
    _damage_an_index(path)
    monkeypatch.setattr(dbmod, "QUICK_FILE_LIMIT", 0)  # as a file of 100,000 assessments
    told = []
    monkeypatch.setattr(Notice, "show", classmethod(lambda cls, parent, title, text: told.append(text)))
    monkeypatch.setattr(appmod, "last_check", None)
    _app, window = start(path)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.controller.store_is_open)
    assert not window.controller.store.checked_whole and window.row_count() == 30  # usable at once
    qtbot.waitUntil(lambda: appmod.last_check is not None and bool(told), timeout=20_000)
    assert "idx_assessments_firm_name_id" in appmod.last_check.problem and str(path) in told[0]
    window.close()
    window.controller.store.close()


def test_verify_checks_the_whole_database_on_demand(tmp_path, capsys):
    from srdi_desktop.cli import main

    path = tmp_path / "a.db"
    store = AssessmentStore.open(path)
    store.create(dt.date(2026, 1, 5), "zh", {"firm.name": "甲"})
    store.close()
    assert main(["--db", str(path), "verify"]) == 0 and capsys.readouterr().out == f"{path}: ok\n"
    _damage_an_index(path)
    assert main(["--db", str(path), "verify"]) == 1
    assert "idx_assessments_firm_name_id" in capsys.readouterr().err


def test_the_app_made_at_start_up_is_fusion_whatever_the_system_prefers(tmp_path):
    """make_app asks Qt for Fusion as it starts (no QStyle wrapped before the first paint); a system that
    prefers another style (QT_STYLE_OVERRIDE, as a Windows desktop's windowsvista) still gets Fusion."""
    import os
    import subprocess
    import sys

    probe = ("from PySide6.QtWidgets import QStyle, QStyleFactory\n"
             "from srdi_desktop.ui.app import make_app\n"
             "app = make_app()\n"
             "m = [QStyle.PixelMetric.PM_IndicatorWidth, QStyle.PixelMetric.PM_DefaultFrameWidth]\n"
             "of = lambda style: [style.pixelMetric(x) for x in m]\n"
             "print(of(app.style()) == of(QStyleFactory.create('Fusion')) != of(QStyleFactory.create('Windows')))\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_STYLE_OVERRIDE": "windows",
           "XDG_CONFIG_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert out.stdout.strip() == "True", out.stderr[-2000:]


def test_pyside_does_not_read_the_source_of_our_modules_or_pythons_own():
    """PySide's import hook reads every module's source looking for "PySide6" (~7 ms of the start);
    srdi_desktop.ui.pyside_marks, imported first by the app, marks ours and the standard library's as read,
    the way PySide would."""
    import subprocess
    import sys

    probe = ("import inspect, sys\n"
             "import srdi_desktop.ui.pyside_marks  # PySide, then the marks\n"
             "seen = []\n"
             "real = inspect.getsource\n"
             "def spy(module):\n"
             "    seen.append(module.__name__)\n"
             "    return real(module)\n"
             "inspect.getsource = spy\n"
             "import srdi_desktop.cli, srdi_desktop.ui.app, srdi_desktop.ui.wizard\n"
             "import shibokensupport.feature as f\n"
             "marks = f.pyside_feature_dict\n"
             "print(sorted(n for n in seen if n in sys.stdlib_module_names or n.startswith('srdi_desktop')))\n"
             "print(marks['srdi_desktop.ui.home'], marks['srdi_desktop.core.ladder'], marks['json'])\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert out.stdout.splitlines() == ["[]", "0 -1 -1"], out.stderr[-2000:]
