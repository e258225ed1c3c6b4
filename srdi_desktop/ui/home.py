"""Home window: the list of saved assessments, the toolbar and the menus. A view only: every action is
a call on the AppController (ui/controller.py), which owns the database, the content and the windows."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from srdi_desktop.core.i18n import tr

from .assessment_list import COLUMNS, ID_ROLE, AssessmentListModel
from .dialogs import Notice
from .ladder import LadderDelegate
from .style import declare, spacing
from .tables import row_table
from .text import literal
from .window_size import fit_to_screen

if TYPE_CHECKING:
    from .controller import AppController

SETTINGS_GEOMETRY = "ui/home_geometry"


def _keys(text: str):
    """A shortcut, set after the first paint: QKeySequence's type (71 standard keys) costs ~1 ms to set up."""
    from PySide6.QtGui import QKeySequence

    return QKeySequence(text)


class HomeWindow(QMainWindow):
    """The saved assessments, the toolbar and the menus. Each button and menu item calls the controller
    (on the selected row where it needs one); the controller's signals bring changes back."""

    def __init__(self, controller: AppController):
        super().__init__()
        self.controller = controller
        self._shortcuts = False  # set after the first paint (_finish_setup)
        controller.dialog_parent = self  # its dialogs and windows belong to this window
        self.setObjectName("home_window")
        central = QWidget()
        lay = QVBoxLayout(central)
        bar = QHBoxLayout()
        self.new_button = self._button(bar, "new_button", controller.new_assessment, "file-plus")
        declare(self.new_button, primary=True)  # the one primary action
        self.open_button = self._button(bar, "open_button", self._open_selected, "folder-open")
        self.results_button = self._button(bar, "results_button", lambda: self._with_selected(controller.show_results),
                                           "chart-bar")
        self.duplicate_button = self._button(bar, "duplicate_button",
                                             lambda: self._with_selected(self._duplicate), "copy")
        self.history_button = self._button(bar, "history_button", lambda: self._with_selected(controller.show_history),
                                           "history")
        self.evidence_button = self._button(bar, "evidence_button",
                                            lambda: self._with_selected(controller.show_evidence), "file-export")
        self.import_button = self._button(bar, "import_button", controller.import_file, "file-import")
        self.delete_button = self._button(bar, "delete_button", self._delete_selected, "trash")
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.textChanged.connect(lambda _t: self.refresh())
        bar.addStretch(1)
        bar.addWidget(self.search, 1)
        lay.addLayout(bar)
        self.model = AssessmentListModel(controller.lang)
        self.table = row_table(self.model, "assessments")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _i: self._open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._enable_row_buttons())
        self.model.modelReset.connect(self._enable_row_buttons)
        self.ladders = LadderDelegate(controller.ladder_of, controller.lang, ID_ROLE, self.table)
        self.table.setItemDelegateForColumn(COLUMNS.index("tiers"), self.ladders)
        lay.addWidget(self.table, 1)
        self.empty = QLabel()  # a search that finds nothing says so
        self.empty.setObjectName("empty_hint")
        self.empty.setWordWrap(True)  # centred by the style sheet (no Qt enums before the first paint)
        declare(self.empty, role="empty")
        lay.addWidget(self.empty)
        self.welcome = self._welcome()
        lay.addWidget(self.welcome, 1)
        # what each button does (tip.<key>), said as its tooltip and accessible description
        self._tips = {self.new_button: "new", self.open_button: "open", self.results_button: "results",
                      self.duplicate_button: "duplicate", self.history_button: "history",
                      self.evidence_button: "evidence", self.import_button: "import", self.delete_button: "delete",
                      self.welcome_new: "new", self.welcome_demo: "demo"}
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
            fit_to_screen(self, QSize(1000, 640))

    @staticmethod
    def _button(bar: QHBoxLayout | None, name: str, slot, icon_name: str = "") -> QPushButton:
        """A toolbar button; its text, tooltip and accessible name are set in retranslate()."""
        button = QPushButton()
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        button.setProperty("icon_name", icon_name)  # drawn after the first paint (_finish_setup)
        if bar is not None:
            bar.addWidget(button)
        return button

    def _welcome(self) -> QWidget:
        """The first run: what the app does in one sentence, and two big ways in."""
        box = QWidget()
        box.setObjectName("welcome")
        lay = QVBoxLayout(box)
        lay.addStretch(1)
        self.intro = QLabel()
        self.intro.setObjectName("welcome_intro")
        self.intro.setWordWrap(True)
        declare(self.intro, role="hero")
        self.intro.setMaximumWidth(60 * self.intro.fontMetrics().averageCharWidth())  # a paragraph, not a line
        centred = QHBoxLayout()  # centred within its maximum width, as high as its lines need
        centred.addStretch(1)
        centred.addWidget(self.intro, 100)
        centred.addStretch(1)
        lay.addLayout(centred)
        lay.addSpacing(spacing("l"))
        row = QHBoxLayout()
        row.addStretch(1)
        self.welcome_new = self._button(row, "welcome_new", self.controller.new_assessment, "file-plus")
        self.welcome_demo = self._button(row, "welcome_demo", self.controller.show_demo, "building-factory-2")
        declare(self.welcome_new, big=True, primary=True)
        declare(self.welcome_demo, big=True)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addStretch(2)
        return box

    def _finish_setup(self) -> None:
        """What can wait until after the first paint: the menus' items, sorting by any column (newest change
        first), shortcuts, icons."""
        from PySide6.QtCore import Qt

        from .icons import icon  # the icons, now that the window is on screen

        self._fill_menus()
        self.table.horizontalHeader().setSortIndicator(COLUMNS.index("updated"), Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        # Shortcuts wait for the first paint too: the first setShortcut loads Qt's key enum (≈150 ms).
        self._shortcuts = True
        self.export_actions["pdf"].setShortcut(_keys("Ctrl+E"))
        for button in self.findChildren(QPushButton):  # the icons, now that the window is on screen
            if button.property("icon_name"):
                tint = "on_accent" if button.property("primary") else "text"
                button.setIcon(icon(str(button.property("icon_name")), tint))
        self.demo_action.setIcon(icon("building-factory-2"))
        self.export_actions["pdf"].setIcon(icon("file-export"))
        self.retranslate()  # the title says so when the database is read-only; the buttons' shortcuts
        self.refresh()

    def _build_menu(self) -> None:
        """The menu bar's titles; their items come after the first paint (_fill_menus), which they would cost
        QAction's and QActionGroup's set-up (~3 ms, with their enums)."""
        bar = self.menuBar()
        self.file_menu, self.export_menu, self.portfolio_menu, self.lang_menu, self.help_menu = (
            bar.addMenu("") for _ in range(5))
        self._menus_filled = False

    def _fill_menus(self) -> None:
        if self._menus_filled:
            return
        self._menus_filled = True
        ctl = self.controller
        self.demo_action = QAction(self)
        self.demo_action.setObjectName("demo_action")
        self.demo_action.triggered.connect(lambda _c=False: ctl.show_demo())
        self.file_menu.addAction(self.demo_action)
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
        self.export_actions = {}
        for key, export in ctl.exports().items():  # on the selected row, else the assessment last opened
            act = QAction(self)
            act.setObjectName(f"export_{key}")
            act.triggered.connect(lambda _c=False, export=export: export(self.selected_id()))
            self.export_menu.addAction(act)
            self.export_actions[key] = act
        self.portfolio_action = QAction(self)
        self.portfolio_action.setObjectName("portfolio_action")
        self.portfolio_action.triggered.connect(lambda _c=False: ctl.show_portfolio())
        self.portfolio_menu.addAction(self.portfolio_action)
        group = QActionGroup(self)
        self.lang_actions = {}
        for code, name in (("zh", "中文"), ("en", "English")):
            act = QAction(name, self, checkable=True)
            act.setChecked(code == ctl.lang)
            act.triggered.connect(lambda _c=False, code=code: ctl.set_language(code))
            group.addAction(act)
            self.lang_menu.addAction(act)
            self.lang_actions[code] = act
        self.about_action = QAction(self)
        self.about_action.setObjectName("about_action")
        self.about_action.triggered.connect(lambda _c=False: self._about())
        self.help_menu.addAction(self.about_action)

    def _about(self) -> None:
        from .about import about_box  # loads when asked for, not on the way to the first paint

        about_box(self, self.controller.lang)

    def retranslate(self) -> None:
        lang = self.controller.lang
        t = lambda k: tr(k, lang)  # noqa: E731
        self.setWindowTitle(t("app.title") + (t("app.read_only") if self.controller.read_only else ""))
        self.new_button.setText(literal(t("home.new")))
        self.open_button.setText(literal(t("home.open")))
        self.results_button.setText(literal(t("home.results")))
        self.duplicate_button.setText(literal(t("home.duplicate")))
        self.history_button.setText(literal(t("home.history")))
        self.evidence_button.setText(literal(t("ev.open_short")))
        self.file_menu.setTitle(literal(t("menu.file")))
        self.delete_button.setText(literal(t("home.delete")))
        if self._shortcuts:  # after setText, which resets a button's shortcut; Ctrl is Cmd on a Mac
            self.new_button.setShortcut(_keys("Ctrl+N"))
            self.open_button.setShortcut(_keys("Ctrl+O"))
        self.import_button.setText(literal(t("home.import")))
        self.search.setPlaceholderText(t("home.search"))
        self.search.setAccessibleName(t("home.search"))
        self.model.set_language(lang)
        self.table.setAccessibleName(t("app.title"))
        self.portfolio_menu.setTitle(literal(t("pf.menu")))
        self.lang_menu.setTitle(literal(t("menu.language")))
        self.help_menu.setTitle(literal(t("menu.help")))
        self.export_menu.setTitle(literal(t("menu.export")))
        if self._menus_filled:
            self._retranslate_menus(lang)
        self.intro.setText(t("home.intro"))
        self.welcome_new.setText(literal(t("home.new")))
        self.welcome_demo.setText(literal(t("home.demo")))
        for button, key in self._tips.items():  # what each does, and its shortcut; the name a screen reader says
            button.setToolTip(t(f"tip.{key}"))
            button.setAccessibleName(button.text().replace("&&", "&"))
            button.setAccessibleDescription(t(f"tip.{key}"))
        self.ladders.lang = lang
        self._show_empty()  # the list re-words itself through the model
        self._enable_row_buttons()  # their tooltips are words too

    def _retranslate_menus(self, lang: str) -> None:
        t = lambda k: tr(k, lang)  # noqa: E731
        self.demo_action.setText(literal(t("home.demo")))
        self.demo_action.setToolTip(t("tip.demo"))
        self.import_action.setText(literal(t("home.import")))
        self.recent_menu.setTitle(literal(t("menu.recent")))
        self.quit_action.setText(literal(t("menu.quit")))
        for key, act in self.export_actions.items():
            act.setText(literal(t(f"menu.export_{key}")))
        self.export_actions["pdf"].setToolTip(t("tip.export_pdf"))
        self.portfolio_action.setText(literal(t("pf.open")))
        self.lang_actions[lang].setChecked(True)
        self.about_action.setText(literal(t("menu.about")))

    def refresh(self) -> None:
        """Reload the list, keeping the selection and the column the user sorted by."""
        search, selected = self.search.text().strip(), self.selected_id()
        if self.table.isSortingEnabled():
            header = self.table.horizontalHeader()
            self.model.set_order(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.model.load(lambda sort, descending, limit, after:
                        self.controller.rows(search, sort, descending, limit, after))  # pages: ui/assessment_list
        if selected:
            self.select(selected)
        self.controller.forget_ladders()  # a row may have been finalised again
        self._show_empty()
        self._enable_row_buttons()

    def _enable_row_buttons(self) -> None:
        """Open, Results, Copy, History, Documents and Delete act on the selected row: usable only with one (and
        saying so while they are not)."""
        chosen = self.selected_id() is not None
        lang = self.controller.lang
        for b in (self.open_button, self.results_button, self.duplicate_button, self.history_button,
                  self.evidence_button, self.delete_button):
            b.setEnabled(chosen)
            tip = tr(f"tip.{self._tips[b]}", lang)  # what it does, and while it is off, why
            b.setToolTip(tip if chosen else f"{tip}\n{tr('home.select_first', lang)}")

    def _show_empty(self) -> None:
        """No assessment at all: the welcome; a search that finds none: say so; else the list."""
        search = self.search.text().strip()
        has_rows = self.model.rowCount() > 0
        first_run = not has_rows and not search
        self.welcome.setVisible(first_run)
        self.table.setVisible(not first_run)
        self.empty.setText(tr("home.no_match", self.controller.lang, text=search) if search else "")
        self.empty.setVisible(bool(search) and not has_rows)

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
            act = self.recent_menu.addAction(literal(str(path) if path.exists()
                                                     else f"{path} {tr('menu.recent_missing', lang)}"))
            act.setEnabled(path.exists())
            act.triggered.connect(lambda _c=False, path=path, kind=kind: self.controller.open_recent(path, kind))
        if not entries:
            self.recent_menu.addAction(literal(tr("menu.recent_none", lang))).setEnabled(False)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        QSettings().setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        self.controller.close_windows()
        super().closeEvent(event)
