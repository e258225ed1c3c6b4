"""When the database cannot be opened: explain, never overwrite, offer a fresh file or a backup."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from srdi_desktop.core.i18n import tr

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressDialog

    from srdi_desktop.storage.db import StorageError
    from srdi_desktop.storage.store import AssessmentStore

SETTINGS_DB = "storage/db_path"  # where the user chose to continue after a damaged database


class RecoveryDialog:
    """Asks what to do. Classmethods so tests replace them; ask returns ("fresh", None), ("backup", path),
    ("retry", None) or None."""

    @classmethod
    def ask(cls, parent: QWidget | None, error: StorageError, lang: str,
            backups: list[Path]) -> tuple[str, Path | None] | None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox  # dialogs load when needed, not at start-up

        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(tr("app.db_error", lang))
        box.setText(message(error, lang))
        if error.kind in RETRY_KINDS:  # the file is sound: never offer to leave it for another one
            retry = box.addButton(tr("rec.retry", lang), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(tr("rec.quit", lang), QMessageBox.ButtonRole.RejectRole)
            box.exec()
            return ("retry", None) if box.clickedButton() is retry else None
        box.setInformativeText(tr("rec.never_overwritten", lang))
        fresh = box.addButton(tr("rec.fresh", lang), QMessageBox.ButtonRole.AcceptRole)
        backup = box.addButton(tr("rec.backup", lang), QMessageBox.ButtonRole.ActionRole)
        box.addButton(tr("rec.quit", lang), QMessageBox.ButtonRole.RejectRole)
        backup.setEnabled(bool(backups))
        box.exec()
        if box.clickedButton() is fresh:
            return ("fresh", None)
        if box.clickedButton() is backup:
            start = str(backups[0].parent) if backups else ""
            path, _ = QFileDialog.getOpenFileName(parent, tr("rec.backup", lang), start, "SQLite (*.db)")
            return ("backup", Path(path)) if path else None
        return None

    @classmethod
    def tell(cls, parent: QWidget | None, reason: StorageError, lang: str) -> None:
        """Say why the database is open read-only (file permissions, or written by a newer version)."""
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(parent, tr("app.db_error", lang), message(reason, lang))


RETRY_KINDS = {"locked", "backup_failed"}


def message(error: StorageError, lang: str) -> str:
    return tr(f"rec.{error.kind}", lang, path=str(error.path), detail=error.detail)


def open_store(path: Path, lang: str, parent: QWidget | None = None) -> AssessmentStore | None:
    """Open the database; on a damaged or foreign file let the user continue safely, or give up (None).
    A locked file is retried, a read-only or newer one opens read-only with a word: another file is
    used only when the user chooses it (and only then remembered in the settings)."""
    from srdi_desktop.storage.db import StorageError, backups_for, fresh_path, restore_backup
    from srdi_desktop.storage.store import AssessmentStore

    while True:
        progress = MigrationProgress(parent, lang)
        try:
            store = AssessmentStore.open(path, progress=progress)
        except StorageError as exc:
            progress.close()
            choice = RecoveryDialog.ask(parent, exc, lang, backups_for(path))
            if choice is None:
                return None
            if choice[0] == "retry":
                continue
            try:
                chosen = choice[1]
                if choice[0] == "fresh" or chosen is None:
                    path = fresh_path(path)
                else:
                    path = restore_backup(chosen, path)
            except StorageError as again:
                from PySide6.QtWidgets import QMessageBox

                QMessageBox.warning(parent, tr("app.db_error", lang), str(again))
                continue
            QSettings().setValue(SETTINGS_DB, str(path))
            continue
        progress.close()
        if store.read_only is not None:
            RecoveryDialog.tell(parent, store.read_only, lang)
        return store


class MigrationProgress:
    """A long migration (0009 on a big store: minutes) shown as a progress dialog, opened with its first
    report; the migration runs on the window's thread inside one transaction, so the dialog is repainted
    from here and has no Cancel — stopping halfway would only roll the work back."""

    def __init__(self, parent: QWidget | None, lang: str):
        self.parent, self.lang = parent, lang
        self.dialog: QProgressDialog | None = None

    def __call__(self, done: int, total: int) -> None:
        # Qt's names load here, not on the start path (its enum namespace alone costs ~20 ms)
        from PySide6.QtCore import QEventLoop, Qt
        from PySide6.QtWidgets import QApplication, QProgressDialog

        if self.dialog is None:
            if done >= total:
                return  # finished before there was anything to show
            self.dialog = QProgressDialog(self.parent)
            self.dialog.setObjectName("migration_progress")
            self.dialog.setWindowTitle(tr("app.title", self.lang))
            self.dialog.setCancelButton(None)
            self.dialog.setMinimumDuration(400)  # a small store migrates before it would show
            self.dialog.setAutoReset(False)  # stays at its end while the file is compacted after (VACUUM)
            self.dialog.setAutoClose(False)
            self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(done)
        self.dialog.setLabelText(tr("rec.upgrading", self.lang, done=f"{done:,}", total=f"{total:,}"))
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
