"""The home window is a view: the controller does open / duplicate / import / export / delete with no
window at all, and the view's module reaches neither the database nor the content."""

import ast
import io
import json

from pypdf import PdfReader

from srdi_desktop import paths
from srdi_desktop.core.i18n import tr
from srdi_desktop.service import finalize
from srdi_desktop.ui import home as home_module
from srdi_desktop.ui.dialogs import Confirm, SaveDialog
from srdi_desktop.ui.results import ResultsWindow
from srdi_desktop.ui.wizard import AssessmentWizard


def test_the_controller_runs_the_app_without_a_view(controller, qtbot, tmp_path, monkeypatch):
    assert controller.dialog_parent is None
    with qtbot.waitSignal(controller.list_changed):
        aid = controller.import_file(paths.DEMO_FILE)
    assert [r["id"] for r in controller.rows()] == [aid]
    wiz = controller.open_assessment(aid)  # a draft: the wizard, a window of its own
    assert isinstance(wiz, AssessmentWizard) and wiz.isVisible() and wiz.parent() is None
    wiz.reject()
    with qtbot.waitSignal(controller.list_changed):
        new = controller.duplicate_as_next_year(aid)
    assert controller.store.load(new).assessment.answers["finance.revenue_y2"] == \
        controller.store.load(aid).assessment.answers["finance.revenue_y1"]
    finalize(controller.store, controller.content, aid, controller.store.load(aid).assessment)
    results = controller.open_assessment(aid)  # a final one: its results
    assert isinstance(results, ResultsWindow) and results.isVisible()
    targets = iter(tmp_path / name for name in ("r.pdf", "r.ics", "r.csv", "r.json", "r.zip", "blank.pdf"))
    monkeypatch.setattr(SaveDialog, "ask", classmethod(lambda cls, parent, *a: next(targets)))
    written = {key: export(aid) for key, export in controller.exports().items()}
    assert list(written) == ["pdf", "ics", "csv", "doc", "evidence", "blank"]
    assert "示例精密部件有限公司" in PdfReader(io.BytesIO(written["pdf"].read_bytes())).pages[0].extract_text()
    assert written["ics"].read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert written["csv"].read_text(encoding="utf-8-sig").count("\n") > 1
    assert json.loads(written["doc"].read_text(encoding="utf-8"))["answers"]["firm.name"] == "示例精密部件有限公司"
    assert written["blank"].read_bytes().startswith(b"%PDF")
    assert written["evidence"].read_bytes().startswith(b"PK")  # the evidence pack (zip)
    assert [r["path"] for r in controller.store.recent()][:6] == [str(p) for p in reversed(written.values())]
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, *a: True))
    with qtbot.waitSignal(controller.list_changed):
        assert controller.delete(new)
    assert [r["id"] for r in controller.rows()] == [aid]


def test_an_export_with_nothing_chosen_asks_to_select_first(controller, monkeypatch):
    from srdi_desktop.ui.dialogs import Notice

    shown = []
    monkeypatch.setattr(Notice, "show", classmethod(lambda cls, parent, title, text: shown.append(text)))
    assert controller.export_pdf_of(None) is None
    assert shown == [tr("home.select_first", "zh")]


# The view may show the list and forward what the user asks for: Qt, the wording, the list model, the
# dialogs it asks itself, and the controller. Nothing that reads or writes assessments.
VIEW_MAY_IMPORT = {"__future__", "collections.abc", "typing", "PySide6.QtCore", "PySide6.QtGui",
                   "PySide6.QtWidgets", "srdi_desktop.core.i18n", "srdi_desktop.ui.assessment_list",
                   "srdi_desktop.ui.dialogs", "srdi_desktop.ui.controller", "srdi_desktop.ui.text",
                   "srdi_desktop.ui.window_size", "srdi_desktop.ui.tables",
                   "srdi_desktop.ui.about",  # the About box: no storage
                   "srdi_desktop.ui.style", "srdi_desktop.ui.icons",
                   "srdi_desktop.ui.ladder"}  # the look: views too, no storage


def test_the_home_view_imports_no_storage_and_touches_no_store_or_content():
    tree = ast.parse(open(home_module.__file__, encoding="utf-8").read())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(f"srdi_desktop.ui.{node.module}" if node.level else node.module)
    assert imported <= VIEW_MAY_IMPORT, imported - VIEW_MAY_IMPORT
    reached = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    forbidden = reached & {"store", "_store", "content", "_content", "result_of"}
    assert not forbidden, forbidden
