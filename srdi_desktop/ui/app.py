"""Start the desktop app: Qt set-up, content check, database, home window."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from . import pyside_marks  # noqa: F401 - PySide, first: then it reads the source of no module imported below

# isort: split
from PySide6.QtCore import QEvent, QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from srdi_desktop import diagnostics, paths
from srdi_desktop.core.i18n import tr
from srdi_desktop.storage.peek import peek_list

from .controller import SETTINGS_LANG, AppController
from .error_report import install_error_report
from .home import HomeWindow
from .qt_setup import install_translations, register_app_font
from .recovery import SETTINGS_DB, open_store
from .style import FUSION, FUSION_SET, apply_style


def make_app(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:  # Fusion from the start, as Qt reads its own options: asking the style its name from Python
        # builds PySide's QStyle type first (11 enums, ~4 ms before the first paint)
        app = QApplication([*(argv or sys.argv[:1]), "-style", FUSION])
        app.setProperty(FUSION_SET, True)
    app.setOrganizationName("srdi-desktop")
    app.setApplicationName("srdi-desktop")
    register_app_font()
    apply_style(app)  # the palette and the style sheet, once (light or dark as the system is set)
    return app


def run(db_path: Path | None = None, lang: str | None = None) -> int:
    """The app until it closes; ``lang`` for this session (else the one chosen last time)."""
    app, _window = start(db_path, lang)
    return app.exec()  # 1 when the user quits at the database recovery dialog


def start(db_path: Path | None = None, lang: str | None = None) -> tuple[QApplication, HomeWindow]:
    """Everything up to the home window on screen (the benchmark measures exactly this).

    The first paint needs only a read-only glance at the saved assessments (standard sqlite3). Just
    after it, the database is opened properly (integrity check, migrations, recovery if damaged) and
    forms/ and rules/ load; broken content still stops the app with the full error list.
    """
    app = make_app()
    lang = lang or str(QSettings().value(SETTINGS_LANG, "zh"))
    install_translations(lang)
    chosen = QSettings().value(SETTINGS_DB)
    path = db_path or (Path(str(chosen)) if chosen else paths.default_db_path())

    def load():
        from srdi_desktop.content_cache import load_content

        return load_content(paths.FORMS_DIR, paths.RULES_DIR, paths.user_criteria_dirs())

    controller = AppController(None, None, lang, content_loader=load, preview=peek_list(path),
                               store_opener=lambda: open_store(path, lang, window))
    window = HomeWindow(controller)
    install_error_report(lambda: controller.lang)

    def after_first_paint() -> None:
        diagnostics.log_started(f"database {path}")
        if not controller.attach_store():
            QApplication.exit(1)
            return
        if not controller.store.checked_whole and controller.store.path is not None:
            big = controller.store.path
            # Once the whole list is in, and a moment later: the check competes for the disk and a core.
            when_listed(window, lambda: QTimer.singleShot(CHECK_DELAY_MS, lambda: _start_check(window, big,
                                                                                             controller)))
        if check_content(window, lang):
            controller.offer_resume()

    window.installEventFilter(_AfterFirstPaint(window, after_first_paint))
    window.show()
    return app, window


last_check: BackgroundCheck | None = None  # the latest background check (tests look at it)
CHECK_DELAY_MS = 1000


def when_listed(window: HomeWindow, then: Callable[[], None]) -> None:
    """``then`` once the home list has every row (now, if it has)."""
    if window.model.complete:
        then()
        return

    def once() -> None:
        window.model.loaded.disconnect(once)
        then()

    window.model.loaded.connect(once)


def _start_check(window: HomeWindow, path: Path, controller: AppController) -> None:
    global last_check
    last_check = BackgroundCheck(window, path, lambda: controller.lang)


class BackgroundCheck(QObject):
    """The full integrity check of a big database on a thread of its own (SQLite works without Python's
    lock, so the window stays responsive); the user hears only when something is wrong."""

    found = Signal(str)  # what is wrong; delivered on the window's thread

    def __init__(self, parent: QWidget, path: Path, lang: Callable[[], str]):
        import threading

        super().__init__(parent)
        self.path, self._lang, self._window = path, lang, parent
        self.problem: str | None = None
        self.done = False
        self.found.connect(self._tell)
        self._thread = threading.Thread(target=self._run, name="integrity-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import os
        import threading

        from srdi_desktop.storage.db import full_check

        try:  # Linux: this thread only, behind the window's (elsewhere there is no per-thread nice)
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        except (AttributeError, OSError):
            pass
        problem = full_check(self.path)
        self.done = True
        if problem is not None:
            self.found.emit(problem)

    def _tell(self, problem: str) -> None:
        from srdi_desktop.storage.db import StorageError

        from .dialogs import Notice
        from .recovery import message

        self.problem = problem
        lang = self._lang()
        Notice.show(self._window, tr("app.db_error", lang), message(StorageError("damaged", self.path, problem), lang))


FIRST_PAINT_HOOKS: list[Callable[[], None]] = []  # run as the home window's first paint arrives (the benchmark)


class _AfterFirstPaint(QObject):
    """Runs ``then`` once, right after the window has first painted (a zero timer fires before it)."""

    def __init__(self, parent: QObject, then):
        super().__init__(parent)
        self._then = then

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            for hook in FIRST_PAINT_HOOKS:
                hook()
            obj.removeEventFilter(self)
            QTimer.singleShot(0, then)
        return False


def check_content(window: HomeWindow, lang: str) -> bool:
    """Load and check the content now; on errors show every one and close the app."""
    from srdi_desktop.core.errors import ContentErrors

    try:
        window.controller.content  # noqa: B018 - loading is the point
    except ContentErrors as exc:
        from PySide6.QtWidgets import QMessageBox  # loads when needed, not at start-up

        QMessageBox.critical(window, tr("app.title", lang),
                             tr("app.content_errors", lang) + "\n\n" + "\n".join(map(str, exc.errors[:30])))
        window.close()
        QApplication.exit(1)
        return False
    return True
