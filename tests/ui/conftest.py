import pytest
from PySide6.QtCore import QSettings

from srdi_desktop.storage.store import AssessmentStore
from srdi_desktop.ui.app import make_app
from srdi_desktop.ui.controller import AppController
from srdi_desktop.ui.home import HomeWindow
from srdi_desktop.ui.qt_setup import install_translations


@pytest.fixture
def app(qapp):
    make_app()  # the bundled font, as at real start-up
    QSettings().clear()  # Qt keeps one settings store per process: no test inherits another's language
    install_translations("zh")
    yield qapp
    install_translations("en")


@pytest.fixture(autouse=True)
def saved_notices(monkeypatch):
    """The confirmations after an export or a copy (a modal box in the app): (title, text, folder) each."""
    from srdi_desktop.ui.dialogs import Saved

    shown: list[tuple] = []
    monkeypatch.setattr(Saved, "show", classmethod(lambda cls, parent, title, text, folder, _label:
                                                   shown.append((title, text, folder))))
    return shown


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "assessments.db"


@pytest.fixture
def controller(app, content, db_path, today):
    """The app without its home window: what a view would call, driven directly."""
    store = AssessmentStore.open(db_path)
    c = AppController(content, store, "zh", today=today)
    yield c
    c.close_windows()
    store.close()


@pytest.fixture
def home(controller, qtbot):
    w = HomeWindow(controller)
    qtbot.addWidget(w)
    w.show()
    return w
