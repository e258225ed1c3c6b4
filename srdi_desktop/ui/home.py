"""Home window: the list of saved assessments, the toolbar and the menus. A view only: every action is
a call on the AppController (ui/controller.py), which owns the database, the content and the windows."""

from __future__ import annotations

from collections.abc import Callable
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

from srdi_desktop.core.i18n import tr

from .about import about_box
from .assessment_list import COLUMNS, AssessmentListModel
from .dialogs import Notice

if TYPE_CHECKING:
    from .controller import AppController

SETTINGS_GEOMETRY = "ui/home_geometry"


class HomeWindow(QMainWindow):
    """The saved assessments, the toolbar and the menus. Each button and menu item calls the controller
    (on the selected row where it needs one); the controller's signals bring changes back."""

    def __init__(self, controller: AppController):
        super().__init__()
        self.controller = controller
        controller.dialog_parent = self  # its dialogs and windows belong to this window
        self.setObjectName("home_window")
        central = QWidget()
        lay = QVBoxLayout(central)
        bar = QHBoxLayout()
        self.new_button = self._button(bar, "new_button", controller.new_assessment)
        self.open_button = self._button(bar, "open_button", self._open_selected)
        self.results_button = self._button(bar, "results_button", lambda: self._with_selected(controller.show_results))
        self.duplicate_button = self._button(bar, "duplicate_button",
                                             lambda: self._with_selected(self._duplicate))
        self.history_button = self._button(bar, "history_button", lambda: self._with_selected(controller.show_history))
        self.import_button = self._button(bar, "import_button", controller.import_file)
        self.delete_button = self._button(bar, "delete_button", self._delete_selected)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.textChanged.connect(lambda _t: self.refresh())
        bar.addStretch(1)
        bar.addWidget(self.search, 1)
        lay.addLayout(bar)
        self.model = AssessmentListModel(controller.lang)
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
        controller.list_changed.connect(self.refresh)
        controller.language_changed.connect(lambda _lang: self.retranslate())
        controller.store_attached.connect(self._finish_setup)
        controller.quit_requested.connect(self.close)
        if controller.store_is_open:
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

    def _finish_setup(self) -> None:
        """What can wait until after the first paint: sorting by any column (newest change first)."""
        from PySide6.QtCore import Qt

        self.table.horizontalHeader().setSortIndicator(COLUMNS.index("updated"), Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.retranslate()  # the title says so when the database is read-only
        self.refresh()

    def _build_menu(self) -> None:
        ctl = self.controller
        self.file_menu = self.menuBar().addMenu("")
        self.import_action = QAction(self)
        self.import_action.triggered.connect(lambda _c=False: ctl.import_file())
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
        for key, export in ctl.exports().items():  # on the selected row, else the assessment last opened
            act = QAction(self)
            act.setObjectName(f"export_{key}")
            act.triggered.connect(lambda _c=False, export=export: export(self.selected_id()))
            self.export_menu.addAction(act)
            self.export_actions[key] = act
        self.lang_menu = self.menuBar().addMenu("")
        group = QActionGroup(self)
        self.lang_actions = {}
        for code, name in (("zh", "中文"), ("en", "English")):
            act = QAction(name, self, checkable=True)
            act.setChecked(code == ctl.lang)
            act.triggered.connect(lambda _c=False, code=code: ctl.set_language(code))
            group.addAction(act)
            self.lang_menu.addAction(act)
            self.lang_actions[code] = act
        self.help_menu = self.menuBar().addMenu("")
        self.about_action = QAction(self)
        self.about_action.setObjectName("about_action")
        self.about_action.triggered.connect(lambda _c=False: about_box(self, ctl.lang))
        self.help_menu.addAction(self.about_action)

    def retranslate(self) -> None:
        lang = self.controller.lang
        t = lambda k: tr(k, lang)  # noqa: E731
        self.setWindowTitle(t("app.title") + (t("app.read_only") if self.controller.read_only else ""))
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
        self.model.set_language(lang)
        self.table.setAccessibleName(t("app.title"))
        self.lang_menu.setTitle(t("menu.language"))
        self.lang_actions[lang].setChecked(True)
        self.help_menu.setTitle(t("menu.help"))
        self.about_action.setText(t("menu.about"))
        self.export_menu.setTitle(t("menu.export"))
        for key, act in self.export_actions.items():
            act.setText(t(f"menu.export_{key}"))
        self.empty.setText(t("home.empty"))  # the list re-words itself through the model

    def refresh(self) -> None:
        """Reload the list, keeping the selection and the column the user sorted by."""
        rows = self.controller.rows(self.search.text().strip())
        selected = self.selected_id()
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

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.rows[rows[0].row()]["id"] if rows else None

    def _with_selected(self, fn: Callable[[str], object]) -> None:
        aid = self.selected_id()
        if aid is None:
            lang = self.controller.lang
            Notice.show(self, tr("app.title", lang), tr("home.select_first", lang))
            return
        fn(aid)

    def _open_selected(self) -> None:
        self._with_selected(self.controller.open_assessment)

    def _duplicate(self, aid: str) -> None:
        new = self.controller.duplicate_as_next_year(aid)
        if new is not None:
            self.select(new)

    def _delete_selected(self) -> None:
        aid = self.selected_id()
        if aid:
            self.controller.delete(aid)

    def _fill_recent(self) -> None:
        """Assessment files re-import; PDFs and plans open in the system's viewer. Missing files are greyed."""
        lang = self.controller.lang
        self.recent_menu.clear()
        entries = self.controller.recent_files()
        for path, kind in entries:
            act = self.recent_menu.addAction(str(path) if path.exists()
                                             else f"{path} {tr('menu.recent_missing', lang)}")
            act.setEnabled(path.exists())
            act.triggered.connect(lambda _c=False, path=path, kind=kind: self.controller.open_recent(path, kind))
        if not entries:
            self.recent_menu.addAction(tr("menu.recent_none", lang)).setEnabled(False)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        QSettings().setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        self.controller.close_windows()
        super().closeEvent(event)
