"""The few questions the app asks: where to save, which file, yes or no, and notices.

Each is a classmethod so tests answer it instead of a modal dialog; QFileDialog and QMessageBox load
on first use, not at start-up.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget


class SaveDialog:
    """Where to save a file. A classmethod so tests replace it; never a real modal in tests."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, suggested: str, file_filter: str) -> Path | None:
        from PySide6.QtWidgets import QFileDialog  # dialogs load on first use, not at start-up

        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
        return Path(path) if path else None


class OpenDialog:
    """Which file to import. A classmethod so tests replace it."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, file_filter: str) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(parent, title, "", file_filter)
        return Path(path) if path else None


class Notice:
    """Information for the user (import errors, re-scored results). Replaced in tests."""

    @classmethod
    def show(cls, parent: QWidget | None, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(parent, title, text)


class Confirm:
    """A yes/no question (delete, resume). A classmethod so tests answer it; never a real modal in tests."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        return QMessageBox.question(parent, title, text) == QMessageBox.StandardButton.Yes


def saved_box(parent: QWidget | None, title: str, text: str, folder: Path | None, open_label: str):
    """The confirmation after an export: where the file went, and "open folder" (which shows the folder in
    the system's file manager, then closes the box)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("saved_box")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # the path can be copied
    if folder is not None:
        button = box.addButton(open_label, QMessageBox.ButtonRole.ActionRole)
        button.setObjectName("open_folder")
        button.clicked.connect(lambda _c=False: open_folder(folder))
    return box


def open_folder(folder: Path) -> bool:
    """Show ``folder`` in the system's file manager."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class Saved:
    """Says where a file went (or what a copy made), with "open folder". Replaced in tests."""

    @classmethod
    def show(cls, parent: QWidget | None, title: str, text: str, folder: Path | None, open_label: str) -> None:
        saved_box(parent, title, text, folder, open_label).exec()
