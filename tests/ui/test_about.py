"""Help ▸ About names the version that `srdi-desktop --version` prints, in both languages."""

import subprocess
import sys

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from srdi_desktop import __version__, paths


def _open_about(home, qtbot) -> QMessageBox:
    home.about_action.trigger()
    qtbot.waitUntil(lambda: any(w.objectName() == "about_box" and w.isVisible()
                                for w in QApplication.topLevelWidgets()))
    box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "about_box" and w.isVisible())
    assert isinstance(box, QMessageBox)
    return box


@pytest.mark.parametrize(("lang", "menu", "title", "words"), [
    ("zh", "帮助", "关于", "版本"),
    ("en", "Help", "About", "version"),
])
def test_about_box_shows_the_version_and_the_data_folder(home, controller, qtbot, lang, menu, title, words):
    controller.set_language(lang)
    assert home.help_menu.title() == menu and home.about_action.text() == title
    box = _open_about(home, qtbot)
    try:
        assert f"{words} {__version__}" in box.text()
        assert str(paths.user_data_dir()) in box.text()
    finally:
        box.close()


def test_command_line_version_is_the_package_version():
    out = subprocess.run([sys.executable, "-m", "srdi_desktop", "--version"], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == f"srdi-desktop {__version__}"
