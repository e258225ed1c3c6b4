"""Start the desktop app: Qt set-up, content check, database, home window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from srdi_desktop import paths
from srdi_desktop.core.content import load_content
from srdi_desktop.core.errors import ContentErrors
from srdi_desktop.core.i18n import tr

from .home import SETTINGS_LANG, HomeWindow
from .qt_setup import install_translations, register_app_font
from .recovery import SETTINGS_DB, open_store


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setOrganizationName("srdi-desktop")
    app.setApplicationName("srdi-desktop")
    register_app_font()
    return app


def run(db_path: Path | None = None) -> int:
    app = make_app()
    lang = str(QSettings().value(SETTINGS_LANG, "zh"))
    install_translations(lang)
    try:
        content = load_content(paths.FORMS_DIR, paths.RULES_DIR)
    except ContentErrors as exc:
        QMessageBox.critical(None, tr("app.title", lang),
                             tr("app.content_errors", lang) + "\n\n" + "\n".join(map(str, exc.errors[:30])))
        return 1
    chosen = QSettings().value(SETTINGS_DB)
    store = open_store(db_path or (Path(str(chosen)) if chosen else paths.default_db_path()), lang)
    if store is None:
        return 1
    window = HomeWindow(content, store, lang)
    window.show()
    return app.exec()
