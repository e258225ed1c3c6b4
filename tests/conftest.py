import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any QApplication exists

import datetime as dt  # noqa: E402
import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from srdi_desktop import paths  # noqa: E402
from srdi_desktop.core.content import load_content  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "screenshots"


@pytest.fixture(scope="session")
def content():
    return load_content(paths.FORMS_DIR, paths.RULES_DIR)


@pytest.fixture
def content_copy(tmp_path):
    """A writable copy of forms/ and rules/ for tests that break a file on purpose."""
    forms, rules = tmp_path / "forms", tmp_path / "rules"
    shutil.copytree(paths.FORMS_DIR, forms)
    shutil.copytree(paths.RULES_DIR, rules)
    return forms, rules


@pytest.fixture
def today():
    return dt.date(2026, 11, 21)


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path, monkeypatch):
    """No test touches the real user data folder or QSettings."""
    monkeypatch.setenv(paths.DATA_ENV, str(tmp_path / "userdata"))
    monkeypatch.setenv(paths.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for var in ("LC_ALL", "LC_MESSAGES"):  # the command line speaks the locale's language: the same for every run
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
