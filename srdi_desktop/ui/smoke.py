"""``srdi-desktop gui --screenshot PNG``: start the app exactly as a user does, save the home window once
the database is open and the list filled, and quit. The installers' smoke test on machines nobody looks
at (CI runners, the .deb test); with QT_QPA_PLATFORM=offscreen no display is needed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from .app import start

TIMEOUT_MS = 60_000


def screenshot(png: Path, db_path: Path | None = None, lang: str | None = None) -> int:
    """0 when the PNG is written; 1 when the app did not get that far within a minute. ``lang``: as
    ``srdi-desktop --lang``, else the language chosen last time."""
    app, window = start(db_path, lang)

    def grab() -> None:
        QApplication.processEvents()  # the list refreshed on store_attached paints first
        QApplication.exit(0 if window.grab().save(str(png)) else 1)

    window.controller.store_attached.connect(lambda: QTimer.singleShot(0, grab))
    QTimer.singleShot(TIMEOUT_MS, lambda: QApplication.exit(1))
    return app.exec()
