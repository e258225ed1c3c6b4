"""Issue 16 item 8 and 7 in the app: row buttons follow the selection, typing goes on after Next, exports
and copies say where things went, the results stay in front, and Qt's own dialogs speak Chinese."""

import datetime as dt

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWizard,
)

from srdi_desktop.ui.dialogs import SaveDialog, saved_box
from srdi_desktop.ui.wizard import first_input

from .keyboard import type_text
from .layout_checks import CJK
from .test_views import _demo
from .test_wizard import fill_page


def _row_buttons(home):
    return [home.open_button, home.results_button, home.duplicate_button, home.history_button, home.delete_button]


def test_row_buttons_only_with_a_selected_row(home, controller, qtbot, content):
    assert home.row_count() == 0
    assert [b.isEnabled() for b in _row_buttons(home)] == [False] * 5
    assert home.new_button.isEnabled() and home.import_button.isEnabled()
    _demo(controller, content)
    home.refresh()
    qtbot.waitUntil(lambda: home.row_count() == 1)
    assert [b.isEnabled() for b in _row_buttons(home)] == [False] * 5  # a list, but nothing chosen yet
    assert home.open_button.toolTip().endswith("\n请先在列表中选择一次评估。")  # what it does, and why it is off
    qtbot.mouseClick(home.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=home.table.visualRect(home.model.index(0, 0)).center())
    qtbot.waitUntil(lambda: home.selected_id() is not None)
    assert [b.isEnabled() for b in _row_buttons(home)] == [True] * 5
    assert "Ctrl+O" in home.open_button.toolTip() and "请先" not in home.open_button.toolTip()
    home.table.clearSelection()
    assert [b.isEnabled() for b in _row_buttons(home)] == [False] * 5
    home.table.selectRow(0)
    home.search.setText("no such firm")  # the row goes: so do the buttons
    qtbot.waitUntil(lambda: home.row_count() == 0)
    assert [b.isEnabled() for b in _row_buttons(home)] == [False] * 5


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_typing_goes_on_into_the_first_field_after_next(home, controller, qtbot, lang):
    controller.set_language(lang)
    wiz = controller.new_assessment()
    wiz.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wiz)
    next_button = wiz.button(QWizard.WizardButton.NextButton)
    next_button.setFocus()
    qtbot.keyClick(next_button, Qt.Key.Key_Space)  # Next by keyboard, then type at once
    qtbot.waitUntil(lambda: wiz.currentPage() is wiz.section_pages[0])
    typed = QApplication.focusWidget()
    assert isinstance(typed, QLineEdit) and typed.objectName() == "input_firm.name"
    type_text(typed, "戊公司 Ltd")
    assert wiz.draft.answers["firm.name"] == "戊公司 Ltd"
    fill_page(qtbot, wiz, wiz.section_pages[0])  # what the page needs before Next is enabled
    finance = wiz.section_pages[1]
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)  # by mouse too: the field, not the button
    qtbot.waitUntil(lambda: wiz.currentPage() is finance)
    first = next(q for q in finance.section.questions if finance.editors[q.id].isVisible())
    assert QApplication.focusWidget() is finance.editors[first.id].input
    type_text(QApplication.focusWidget(), "5000")
    assert wiz.draft.answers[first.id] == 5000


def test_first_input_skips_what_cannot_be_typed_into(qtbot, home, controller):
    wiz = controller.new_assessment()
    page = wiz.section_pages[0]
    first = page.editors[page.section.questions[0].id]
    assert first_input(page) is first.input
    first.input.setEnabled(False)  # e.g. "don't know" ticked: the next field in tab order
    assert first_input(page) is not first.input and first_input(page) is not None


def test_an_export_says_where_the_file_went_from_the_window_it_was_asked_in(home, controller, qtbot, content,
                                                                             tmp_path, monkeypatch, saved_notices):
    aid = _demo(controller, content)
    results = controller.show_results(aid)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is results)
    asked_from = []
    target = tmp_path / "out" / "roadmap.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(SaveDialog, "ask", classmethod(lambda cls, parent, *a: asked_from.append(parent) or target))
    qtbot.mouseClick(results.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists)
    assert asked_from == [results]  # the dialog belongs to the results: closing it brings them back, not home
    assert saved_notices == [("已保存", f"文件已保存到：\n{target}", target.parent)]


def test_cancelled_or_failed_exports_confirm_nothing(home, controller, content, tmp_path, monkeypatch, saved_notices):
    from srdi_desktop.ui.dialogs import Notice

    aid = _demo(controller, content)
    monkeypatch.setattr(SaveDialog, "ask", classmethod(lambda cls, *a: None))
    assert controller.export_csv_of(aid) is None
    monkeypatch.setattr(SaveDialog, "ask", classmethod(lambda cls, *a: tmp_path))  # a folder: cannot be written
    monkeypatch.setattr(Notice, "show", classmethod(lambda cls, *a: None))
    assert controller.export_csv_of(aid) is None
    assert saved_notices == []


class _Opened(QObject):
    """Qt's own hook for opening URLs: the folder is 'opened' here instead of in a file manager."""

    def __init__(self):
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url):
        self.urls.append(url)


def test_the_confirmation_opens_the_folder(qtbot, app, tmp_path):
    opened = _Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        box = saved_box(None, "已保存", f"文件已保存到：\n{tmp_path / 'a.pdf'}", tmp_path, "打开所在文件夹")
        qtbot.addWidget(box)
        box.show()
        button = box.findChild(QPushButton, "open_folder")
        assert button.text() == "打开所在文件夹"
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert [u.toLocalFile() for u in opened.urls] == [str(tmp_path)]
    finally:
        QDesktopServices.unsetUrlHandler("file")
    box = saved_box(None, "t", "copied", None, "")
    qtbot.addWidget(box)
    assert box.findChild(QPushButton, "open_folder") is None  # a copy has no folder to open


def test_copy_as_next_year_says_what_it_made(home, controller, qtbot, content, saved_notices):
    aid = _demo(controller, content, on=dt.date(2025, 11, 20))
    home.refresh()
    home.select(aid)
    qtbot.mouseClick(home.duplicate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: home.row_count() == 2)
    assert home.selected_id() != aid
    [(title, text, folder)] = saved_notices
    assert title == "复制为下一年度" and folder is None
    assert "2026-11-21" in text and "2025 年度" in text


def test_results_stay_in_front_when_the_wizard_finishes(home, controller, qtbot, content):
    aid = _demo(controller, content)
    wiz = controller.open_assessment(aid)
    wiz.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wiz)
    while wiz.currentPage() is not wiz.section_pages[-1]:
        wiz.next()
    qtbot.mouseClick(wiz.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.results is not None and controller.results.isVisible())
    qtbot.waitUntil(lambda: QApplication.activeWindow() is controller.results)
    assert not wiz.isVisible()


def _texts(box):
    return [w.text() for kind in (QLabel, QPushButton) for w in box.findChildren(kind)
            if w.isVisibleTo(box) and w.text()]


@pytest.mark.parametrize(("lang", "look_in", "yes"), [("zh", "查找范围(&L)：", "是(&Y)"), ("en", "&Look in:", "&Yes")])
def test_qts_own_dialogs_follow_the_language_menu(home, controller, qtbot, lang, look_in, yes):
    controller.set_language("en" if lang == "zh" else "zh")  # switched at run time, as from the menu
    controller.set_language(lang)
    files = QFileDialog(home, "x")
    files.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(files)
    files.show()
    assert look_in in _texts(files)
    yes_no = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    ask = QMessageBox(QMessageBox.Icon.Question, "标题", "问题？", yes_no, home)
    qtbot.addWidget(ask)
    ask.show()
    assert ask.button(QMessageBox.StandardButton.Yes).text() == yes
    value = QInputDialog(home)
    qtbot.addWidget(value)
    value.show()
    if lang == "zh":
        for box in (files, ask, value):  # every label and button, not just the two above
            assert _texts(box) and all(CJK.search(t) for t in _texts(box)), _texts(box)


@pytest.mark.parametrize(("source", "translated", "expected"), [
    ("&Look in:", "查找范围：", "查找范围(&L)："),
    ("Files of &type:", "文件类型：", "文件类型(&T)："),
    ("&Open", "打开", "打开(&O)"),
    ("&Look in:", "", ""),  # no translation without the '&' either: Qt keeps the English
    ("Tom && Jerry", "汤姆和杰瑞", "汤姆和杰瑞"),  # a literal '&', no shortcut letter
    ("Save &", "保存", "保存"),
])
def test_a_shortcut_is_given_back_the_way_qts_chinese_catalogue_writes_it(source, translated, expected):
    from srdi_desktop.ui.qt_setup import with_shortcut

    assert with_shortcut(source, translated) == expected
