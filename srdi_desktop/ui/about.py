"""Help ▸ About: the version (srdi_desktop.__version__, as `srdi-desktop --version` says) and where the data is."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from srdi_desktop import __version__, paths
from srdi_desktop.core.i18n import tr


def about_box(parent: QWidget, lang: str) -> QMessageBox:
    """Opened window-modal without blocking (open, not exec), so the menu returns at once."""
    box = QMessageBox(QMessageBox.Icon.Information, tr("about.title", lang),
                      tr("about.text", lang, version=__version__, data=paths.user_data_dir()),
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("about_box")
    box.open()
    return box
