"""An exception nothing caught in the app: logged with its traceback, told in one sentence with the
log's place, and the app keeps running.

Answers are saved as they are typed, before any view reacts to them, so an error in a view loses none.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from srdi_desktop import diagnostics
from srdi_desktop.core.i18n import tr

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

OBJECT_NAME = "unexpected_error"


class ErrorReport:
    """A ``sys.excepthook``; ``lang_of`` gives the language the user reads now."""

    def __init__(self, lang_of: Callable[[], str]):
        self.lang_of = lang_of
        self.box: QMessageBox | None = None
        self.previous = sys.excepthook

    def __call__(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self.previous(exc_type, exc, tb)
            return
        path = diagnostics.log_exception(exc_type, exc, tb)
        if diagnostics.debug or self.previous is not sys.__excepthook__:
            self.previous(exc_type, exc, tb)  # --debug prints it; a test runner or debugger hears it too
        try:
            self.show(exc_type, exc, tb, path)
        except Exception as failed:  # the report must never raise from inside the hook
            diagnostics.log_exception(type(failed), failed, failed.__traceback__, "the error report failed")

    def show(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None,
             path: Path | None) -> None:
        # One report at a time: an error repeated on every keystroke or paint must not pile up dialogs.
        if self.box is not None:
            return
        try:
            lang = self.lang_of()
        except Exception:  # e.g. the window is already gone
            lang = "zh"
        from PySide6.QtCore import Qt  # on first use: importing the Qt namespace costs ~15 ms at start-up
        from PySide6.QtWidgets import QMessageBox  # and this class's first use ~2 ms

        box = QMessageBox(QMessageBox.Icon.Critical, tr("app.title", lang), tr("err.unexpected", lang))
        box.setObjectName(OBJECT_NAME)
        box.setInformativeText(tr("err.log", lang, path=str(path)) if path else tr("err.no_log", lang))
        box.setDetailedText("".join(traceback.format_exception(exc_type, exc, tb)))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._closed)
        box.show()  # modeless: no nested event loop inside the hook, and the user can go on at once
        self.box = box

    def _closed(self, _result: int) -> None:
        self.box = None

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self.previous


def install_error_report(lang_of: Callable[[], str]) -> ErrorReport:
    """Report uncaught exceptions in dialogs; a hard crash dumps the stacks into the log folder."""
    diagnostics.enable_faulthandler(to_file=True)
    report = ErrorReport(lang_of)
    sys.excepthook = report
    return report
