"""Home window: saved assessments, New / Open / Delete, and what happens when a wizard finishes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from srdi_desktop.core.assessment import Assessment
from srdi_desktop.core.i18n import tr

from .assessment_list import COLUMNS, AssessmentListModel
from .dialogs import Confirm, Notice, OpenDialog
from .home_exports import ExportActions
from .qt_setup import install_translations

if TYPE_CHECKING:  # the rules, the database layer, the wizard and the PDF load after the window is on screen
    from srdi_desktop.core.content import Content
    from srdi_desktop.core.draft import Draft
    from srdi_desktop.storage.store import AssessmentStore

    from .history import HistoryWindow
    from .results import ResultsWindow
    from .wizard import AssessmentWizard

SETTINGS_LANG = "ui/language"
SETTINGS_GEOMETRY = "ui/home_geometry"


def _as_window(w: QWidget) -> None:
    """A child that shows as its own top-level window (closed with the home window)."""
    from PySide6.QtCore import Qt

    w.setWindowFlag(Qt.WindowType.Window, True)


class HomeWindow(QMainWindow, ExportActions):
    """Saved assessments and everything that starts from them; exports come from ExportActions."""


    def __init__(self, content: Content | None, store: AssessmentStore | None, lang: str = "zh",
                 today: dt.date | None = None, content_loader: Callable[[], Content] | None = None,
                 store_opener: Callable[[], AssessmentStore | None] | None = None,
                 preview: list[dict] | None = None):
        """``store`` may be None at start-up: the window then paints ``preview`` (a read-only glance at
        the list) and ``attach_store`` opens the database, with its checks, right after."""
        super().__init__()
        self._content, self._content_loader = content, content_loader
        self._store, self._store_opener, self._preview = store, store_opener, preview
        self.lang = lang
        self.today = today or dt.date.today()
        self.wizard: AssessmentWizard | None = None
        self.results: ResultsWindow | None = None
        self.history: HistoryWindow | None = None
        self._last_target: Path | None = None
        self.current_id: str | None = None
        self.setObjectName("home_window")
        central = QWidget()
        lay = QVBoxLayout(central)
        bar = QHBoxLayout()
        self.new_button = self._button(bar, "new_button", self.new_assessment)
        self.open_button = self._button(bar, "open_button", self._open_selected)
        self.results_button = self._button(bar, "results_button", lambda: self._with_selected(self.show_results))
        self.duplicate_button = self._button(bar, "duplicate_button",
                                             lambda: self._with_selected(self.duplicate_as_next_year))
        self.history_button = self._button(bar, "history_button", lambda: self._with_selected(self.show_history))
        self.import_button = self._button(bar, "import_button", self.import_file)
        self.delete_button = self._button(bar, "delete_button", self._delete_selected)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.textChanged.connect(lambda _t: self.refresh())
        bar.addStretch(1)
        bar.addWidget(self.search, 1)
        lay.addLayout(bar)
        self.model = AssessmentListModel(lang)
        self.table = QTableView()
        self.table.setObjectName("assessments")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(0)  # size columns by the rows on screen, not by every row
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _i: self._open_selected())
        lay.addWidget(self.table, 1)
        self.empty = QLabel()
        self.empty.setObjectName("empty_hint")
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(self.empty)
        centred.addStretch(1)
        lay.addLayout(centred)
        self.setCentralWidget(central)
        self._build_menu()
        self.retranslate()
        if self._store is not None:
            self._finish_setup()
        else:
            self.refresh()  # the glance at start-up
        geometry = QSettings().value(SETTINGS_GEOMETRY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1000, 640)

    @staticmethod
    def _button(bar: QHBoxLayout, name: str, slot) -> QPushButton:
        """A toolbar button; its text is set in retranslate()."""
        button = QPushButton()
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        bar.addWidget(button)
        return button

    @property
    def store(self) -> AssessmentStore:
        if self._store is None and not self.attach_store():
            raise RuntimeError("no database")
        return self._store

    def attach_store(self) -> bool:
        """Open the database now (integrity check, migrations, recovery dialog); False if the user quits."""
        if self._store is None:
            self._store = self._store_opener() if self._store_opener else None
            if self._store is None:
                self.close()
                return False
            self._preview = None
            self._finish_setup()
        return True

    def _finish_setup(self) -> None:
        """What can wait until after the first paint: sorting by any column (newest change first)."""
        from PySide6.QtCore import Qt

        self.table.horizontalHeader().setSortIndicator(COLUMNS.index("updated"), Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.refresh()

    @property
    def content(self) -> Content:
        """forms/ and rules/, loaded on first need (normally just after the window first paints)."""
        if self._content is None:
            self._content = self._content_loader()
        return self._content

    def _build_menu(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.import_action = QAction(self)
        self.import_action.triggered.connect(lambda _c=False: self.import_file())
        self.file_menu.addAction(self.import_action)
        self.recent_menu = self.file_menu.addMenu("")
        self.recent_menu.setObjectName("recent_menu")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.file_menu.addSeparator()
        self.quit_action = QAction(self)
        self.quit_action.triggered.connect(lambda _c=False: self.close())
        self.file_menu.addAction(self.quit_action)
        self.export_menu = self.menuBar().addMenu("")
        self.export_actions = {}
        for key, fn in (("pdf", self.export_selected_pdf), ("ics", self.export_selected_ics),
                        ("csv", self.export_selected_csv), ("doc", self.export_selected_document),
                        ("blank", self.export_blank)):
            act = QAction(self)
            act.setObjectName(f"export_{key}")
            act.triggered.connect(lambda _c=False, fn=fn: fn())
            self.export_menu.addAction(act)
            self.export_actions[key] = act
        self.lang_menu = self.menuBar().addMenu("")
        group = QActionGroup(self)
        self.lang_actions = {}
        for code, name in (("zh", "中文"), ("en", "English")):
            act = QAction(name, self, checkable=True)
            act.setChecked(code == self.lang)
            act.triggered.connect(lambda _c=False, code=code: self.set_language(code))
            group.addAction(act)
            self.lang_menu.addAction(act)
            self.lang_actions[code] = act

    def set_language(self, lang: str) -> None:
        """Switch every open window; an open wizard is rebuilt on the same page with every answer."""
        self.lang = lang
        QSettings().setValue(SETTINGS_LANG, lang)
        install_translations(lang)
        self.retranslate()
        if self.wizard is not None and self.wizard.isVisible():
            old, aid = self.wizard, self.current_id
            page = old.section_pages.index(old.currentPage()) if old.currentPage() in old.section_pages else 0
            old.draft.set_lang(lang)
            geometry = old.saveGeometry()
            old.finished.disconnect()
            old.close()
            old.deleteLater()
            self._show_wizard(aid, old.draft, page)
            self.wizard.restoreGeometry(geometry)
        for view in (self.results, self.history):
            if view is not None and view.isVisible():
                view.set_language(lang)

    def retranslate(self) -> None:
        t = lambda k: tr(k, self.lang)  # noqa: E731
        self.setWindowTitle(t("app.title"))
        self.new_button.setText(t("home.new"))
        self.open_button.setText(t("home.open"))
        self.results_button.setText(t("home.results"))
        self.duplicate_button.setText(t("home.duplicate"))
        self.history_button.setText(t("home.history"))
        self.file_menu.setTitle(t("menu.file"))
        self.import_action.setText(t("home.import"))
        self.recent_menu.setTitle(t("menu.recent"))
        self.quit_action.setText(t("menu.quit"))
        self.delete_button.setText(t("home.delete"))
        self.import_button.setText(t("home.import"))
        self.search.setPlaceholderText(t("home.search"))
        self.search.setAccessibleName(t("home.search"))
        self.model.set_language(self.lang)
        self.table.setAccessibleName(t("app.title"))
        self.lang_menu.setTitle(t("menu.language"))
        self.export_menu.setTitle(t("menu.export"))
        for key, act in self.export_actions.items():
            act.setText(t(f"menu.export_{key}"))
        self.empty.setText(t("home.empty"))  # the list re-words itself through the model

    def refresh(self) -> None:
        """Reload the list, keeping the selection and the column the user sorted by."""
        if self._store is None:  # still at start-up: what the read-only glance saw
            rows = self._preview or []
        else:
            rows = self._store.list(self.search.text().strip())
        selected = self._selected_id()
        self.model.set_rows(rows)
        if self.table.isSortingEnabled():
            header = self.table.horizontalHeader()
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        if selected:
            self.select(selected)
        self.empty.setVisible(not rows)

    def select(self, aid: str) -> None:
        row = self.model.row_of(aid)
        if row is not None:
            self.table.selectRow(row)

    def row_count(self) -> int:
        return self.model.rowCount()

    def cell(self, row: int, column: str) -> str:
        """The text shown in a row and column (by name, see COLUMNS)."""
        return self.model.text(row, COLUMNS.index(column))

    def row_id(self, row: int) -> str:
        return self.model.rows[row]["id"]

    def _selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.rows[rows[0].row()]["id"] if rows else None

    def _with_selected(self, fn: Callable[[str], object]) -> None:
        aid = self._selected_id()
        if aid is None:
            Notice.show(self, tr("app.title", self.lang), tr("home.select_first", self.lang))
            return
        fn(aid)

    def _open_selected(self) -> None:
        self._with_selected(self.open_assessment)

    def _delete_selected(self) -> None:
        aid = self._selected_id()
        if not aid:
            return
        name = self.store.load(aid).assessment.firm_name or tr("home.unnamed", self.lang)
        if Confirm.ask(self, tr("home.delete", self.lang), tr("home.delete_confirm", self.lang, name=name)):
            self.store.delete(aid)
            self.refresh()

    # -- assessments ------------------------------------------------------------------------------

    def new_assessment(self) -> AssessmentWizard:
        aid = self.store.create(self.today, self.lang)
        return self._start_wizard(aid, Assessment(self.today, {}, self.lang))

    def open_assessment(self, aid: str) -> AssessmentWizard | ResultsWindow:
        """A draft opens in the wizard; a final assessment shows its results (and a re-score if the
        rules changed since)."""
        rec = self.store.load(aid)
        if rec.final is None:
            return self._start_wizard(aid, rec.assessment)
        if rec.final.get("rules_hash") != self.content.rules_hash:
            self._show_rescore(rec)
        return self.show_results(aid)

    def _show_rescore(self, rec) -> None:
        """A final result never changes silently: show it beside today's re-score."""
        from srdi_desktop.core.describe import rescore_lines
        from srdi_desktop.core.rescore import rescore

        r = rescore(self.content, rec.assessment, rec.final)
        lines = [tr("cli.rules_changed", self.lang, hash=r["rules_hash"]), *rescore_lines(r, self.lang)]
        Notice.show(self, tr("home.rescored", self.lang), "\n".join(lines))

    def duplicate_as_next_year(self, aid: str) -> str:
        """A new draft dated today: answers copied, last year's figures moved one year back."""
        new = self.store.duplicate_as_next_year(aid, self.today, self.content.questionnaire)
        self.refresh()
        self.select(new)
        return new

    def import_file(self, path: Path | None = None) -> str | None:
        """Import a YAML/JSON assessment as a new draft; a bad file is refused whole with its errors."""
        from srdi_desktop.core.document import DocumentError, parse_document
        from srdi_desktop.inputs import read_document_bytes

        path = path or OpenDialog.ask(self, tr("home.import", self.lang), tr("filter.doc", self.lang))
        if path is None:
            return None
        try:
            a = parse_document(read_document_bytes(path), str(path), self.content.questionnaire,
                               criteria_ids=tuple(c.id for c in self.content.criteria))
        except DocumentError as exc:
            Notice.show(self, tr("home.import_failed", self.lang), "\n".join(map(str, exc.errors[:20])))
            return None
        except OSError as exc:
            Notice.show(self, tr("home.import_failed", self.lang), str(exc))
            return None
        aid = self.store.import_assessment(a)
        self.store.add_recent(path, "doc")
        self.refresh()
        return aid

    # -- recent files -----------------------------------------------------------------------------

    def _fill_recent(self) -> None:
        """Assessment files re-import; PDFs and plans open in the system's viewer. Missing files are greyed."""
        self.recent_menu.clear()
        entries = self.store.recent()
        for r in entries:
            path = Path(r["path"])
            act = self.recent_menu.addAction(str(path) if path.exists()
                                             else f"{path} {tr('menu.recent_missing', self.lang)}")
            act.setEnabled(path.exists())
            act.triggered.connect(lambda _c=False, path=path, kind=r["kind"]: self.open_recent(path, kind))
        if not entries:
            self.recent_menu.addAction(tr("menu.recent_none", self.lang)).setEnabled(False)

    def open_recent(self, path: Path, kind: str) -> None:
        if kind == "doc":
            self.import_file(path)
        else:
            from PySide6.QtCore import QUrl
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    # -- wizard, results, history -----------------------------------------------------------------

    def _evaluator(self, a: Assessment) -> Callable[[dict], dict]:
        from srdi_desktop.core.evaluate import evaluate

        return lambda answers: evaluate(self.content, answers, a.assessed_on, a.criteria)

    def _start_wizard(self, aid: str, assessment: Assessment, page: int = 0) -> AssessmentWizard:
        from srdi_desktop.core.draft import Draft

        self.current_id = aid
        draft = Draft(self.content.questionnaire, assessment,
                      on_saved=lambda qid, v: self.store.save_answer(aid, qid, v),
                      derived=self.content.derived, symbols=self.content.symbols,
                      symbol_inputs=self.content.symbol_inputs, lang=self.lang)
        self.store.mark_open(aid, page)
        self._show_wizard(aid, draft, page)
        return self.wizard

    def _show_wizard(self, aid: str, draft: Draft, page: int) -> None:
        from .wizard import AssessmentWizard

        self.wizard = AssessmentWizard(draft, self.lang, on_finish=lambda d: self._finish(aid, d), parent=self,
                                       evaluator=self._evaluator(draft.assessment), start_page=page,
                                       on_page=lambda i: self.store.mark_open(aid, i))
        _as_window(self.wizard)
        self.wizard.finished.connect(lambda _r, aid=aid: self._wizard_closed(aid))
        self.wizard.show()
        self.refresh()

    def _wizard_closed(self, aid: str) -> None:
        self.store.mark_closed(aid)  # closed normally: nothing to resume
        self.refresh()

    def offer_resume(self) -> AssessmentWizard | None:
        """After a crash: the draft whose wizard never closed, offered at the page where it was."""
        busy = self.current_id if self.wizard is not None and self.wizard.isVisible() else None
        drafts = [d for d in self.store.open_drafts() if d["id"] != busy]  # not the one open right now
        if not drafts:
            return None
        d = drafts[0]
        for other in drafts[1:]:
            self.store.mark_closed(other["id"])
        name = d["firm_name"] or tr("home.unnamed", self.lang)
        if not Confirm.ask(self, tr("home.resume_title", self.lang),
                           tr("home.resume", self.lang, name=name, date=d["assessed_on"])):
            self.store.mark_closed(d["id"])
            return None
        return self._start_wizard(d["id"], self.store.load(d["id"]).assessment, d["page"])

    def _finish(self, aid: str, draft: Draft) -> None:
        from srdi_desktop.core.evaluate import evaluate

        a = draft.assessment
        ev = evaluate(self.content, a.answers, a.assessed_on, a.criteria)
        self.store.finalize(aid, ev["criteria"]["id"], ev["rules_hash"], ev)
        self.show_results(aid)

    def result_of(self, rec) -> dict:
        """What a record's results are: the frozen result of a final assessment, else a fresh evaluation."""
        stored = (rec.final or {}).get("result")
        if stored and {"tiers", "scorecards", "findings", "mode_detail"} <= stored.keys():
            return stored
        return self._evaluation(rec)

    def show_results(self, aid: str) -> ResultsWindow:
        from .results import ResultsWindow

        rec = self.store.load(aid)
        self.current_id = aid
        if self.results is not None:
            self.results.close()
        self.results = ResultsWindow(self.content, rec.assessment, self.result_of(rec), self.lang,
                                     self._evaluator(rec.assessment), lambda: self.export_pdf_of(aid),
                                     on_edit=lambda: self._start_wizard(aid, rec.assessment), parent=self)
        _as_window(self.results)
        self.results.show()
        return self.results

    def show_history(self, aid: str) -> HistoryWindow:
        from srdi_desktop.storage.store import firm_key

        from .history import HistoryWindow

        rec = self.store.load(aid)
        key = firm_key(rec.assessment.answers)
        if self.history is not None:
            self.history.close()
        self.history = HistoryWindow(self.store, self.content, key, self.lang, self.result_of, parent=self)
        _as_window(self.history)
        self.history.show()
        return self.history

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        QSettings().setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        if self.wizard is not None and self.wizard.isVisible():
            self.store.mark_closed(self.current_id)  # a normal quit: no "resume?" next time
        for w in (self.wizard, self.results, self.history):
            if w is not None:
                w.close()
        super().closeEvent(event)
