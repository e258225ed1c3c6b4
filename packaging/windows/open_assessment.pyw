"""Double-clicked assessment file (.yaml/.yml, "Open with 专精特新发展自评"): import it as a new draft, then
open the app, where it is at the top of the list. Runs under pythonw.exe, which has no console, so a
refused file is shown in a message box with the command line's own explanation."""

import contextlib
import io
import sys

from srdi_desktop.cli import main


def run(argv: list[str]) -> int:
    if len(argv) > 1:
        said = io.StringIO()
        with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
            code = main(["import", argv[1]])
        if code:
            from PySide6.QtWidgets import QApplication, QMessageBox

            app = QApplication.instance() or QApplication(argv[:1])  # noqa: F841 - needed by the box
            QMessageBox.warning(None, "专精特新发展自评", f"{argv[1]}\n\n{said.getvalue().strip()}")
    return main(["gui"])


if __name__ == "__main__":
    sys.exit(run(sys.argv))
