"""`srdi-desktop gui --screenshot PNG`, the installers' smoke test: the real start-up path, a saved
assessment in the list, the PNG written and the process gone with exit 0."""

import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from srdi_desktop import paths


@pytest.mark.slow
def test_gui_screenshot_starts_the_app_saves_the_home_window_and_exits(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", paths.DATA_ENV: str(tmp_path / "data")}
    run = lambda *a: subprocess.run([sys.executable, "-m", "srdi_desktop", *a], env=env,  # noqa: E731
                                    capture_output=True, text=True, timeout=120)
    assert run("import", str(paths.DEMO_FILE)).returncode == 0
    png = tmp_path / "home.png"
    done = run("gui", "--screenshot", str(png))
    assert done.returncode == 0, done.stderr
    img = QImage(str(png))
    assert img.width() >= 600 and img.height() >= 400
    assert (tmp_path / "data" / "assessments.db").is_file()


@pytest.mark.slow
def test_gui_screenshot_is_in_the_language_asked_for(tmp_path):
    """`--lang en gui --screenshot` shows the English window even where Chinese was chosen last time."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", paths.DATA_ENV: str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    shots = {}
    for lang in ("zh", "en", "zh"):
        png = tmp_path / f"home-{lang}.png"
        done = subprocess.run([sys.executable, "-m", "srdi_desktop", "--lang", lang, "gui", "--screenshot", str(png)],
                              env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        shots.setdefault(lang, []).append(QImage(str(png)))
    assert shots["zh"][0] == shots["zh"][1] != shots["en"][0]
