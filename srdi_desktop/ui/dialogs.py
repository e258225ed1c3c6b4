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
