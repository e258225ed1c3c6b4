"""What a user would see wrong on a screenshot, as checks: boxes for missing glyphs, clipped text,
English left in the Chinese UI."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenuBar,
    QTabBar,
    QTableView,
    QTreeWidget,
    QWidget,
    QWizard,
)

CJK = re.compile(r"[\u3400-\u9fff]")
# Text that is the same in both languages: numbers, dates, signs, codes, section and document references.
NEUTRAL = re.compile(r"^[\s\d.,:;+\-−–—→←↑↓·/%*?()（）\[\]#&<>=≥≤×\"'“”…|]*$")
ALLOWED_LATIN = {"PDF", "ISO", "IATF", "CSV", "ics", "YAML", "JSON", "IP", "ERP", "MES", "PLM", "R&D", "PCT",
                 "Language", "English", "SRDI", "AI", "IT", "ESG", "OEM", "Micro", "Hei"}


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every piece of UI text a user can see under ``root``."""
    out: list[tuple[str, str]] = [("window title", root.windowTitle())]
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root):
            continue
        name = w.objectName() or type(w).__name__
        if isinstance(w, (QLabel, QAbstractButton)):
            out.append((name, w.text()))
        elif isinstance(w, QGroupBox):
            out.append((name, w.title()))
        elif isinstance(w, QTabBar):
            out += [(f"{name} tab {i}", w.tabText(i)) for i in range(w.count())]
        elif isinstance(w, QComboBox):
            out += [(f"{name} item {i}", w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QTableView):
            model = w.model()
            out += [(f"{name} header {j}", model.headerData(j, Qt.Orientation.Horizontal))
                    for j in range(model.columnCount())]
            out += [(f"{name} row {i}", model.index(i, j).data()) for i in range(min(model.rowCount(), 20))
                    for j in range(model.columnCount())]
        elif isinstance(w, QTreeWidget):
            out += [(f"{name} header {j}", w.headerItem().text(j)) for j in range(w.columnCount())]
    return [(where, str(text)) for where, text in out if text]


def missing_glyphs(root: QWidget) -> list[tuple[str, str]]:
    bad = []
    for w in [root, *root.findChildren(QWidget)]:
        if isinstance(w, (QLabel, QAbstractButton)) and w.isVisibleTo(root):
            metrics = QFontMetrics(w.font())
            missing = [ch for ch in w.text() if not ch.isspace() and not metrics.inFontUcs4(ord(ch))]
            if missing:
                bad.append((w.objectName(), "".join(missing)))
    return bad


def clipped(root: QWidget) -> list[str]:
    """Labels and buttons whose text does not fit the space the layout gave them."""
    bad = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or w.width() <= 0:
            continue
        if isinstance(w, QLabel) and w.text() and w.pixmap().isNull():
            if w.wordWrap():
                if w.heightForWidth(w.width()) > w.height() + 2:
                    bad.append(f"{w.objectName() or 'QLabel'} {w.text()[:30]!r}: needs {w.heightForWidth(w.width())} "
                               f"px high, has {w.height()}")
            elif w.sizeHint().width() > w.width() + 2:
                bad.append(f"{w.objectName() or 'QLabel'} {w.text()[:30]!r}: needs {w.sizeHint().width()} px, "
                           f"has {w.width()}")
        elif isinstance(w, QAbstractButton) and w.text():
            need = QFontMetrics(w.font()).horizontalAdvance(w.text().replace("&", ""))
            if need > w.width():
                bad.append(f"{w.objectName() or 'button'} {w.text()!r}: needs {need} px, has {w.width()}")
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                need = QFontMetrics(w.font()).horizontalAdvance(w.tabText(i))
                if need > w.tabRect(i).width():
                    bad.append(f"tab {w.tabText(i)!r}: needs {need} px, has {w.tabRect(i).width()}")
    return bad


def untranslated(root: QWidget) -> list[tuple[str, str]]:
    """In the Chinese UI: texts with no Chinese that are not numbers, codes or known abbreviations."""
    bad = []
    for where, text in visible_texts(root):
        if CJK.search(text) or NEUTRAL.match(text):
            continue
        words = re.findall(r"[A-Za-z][A-Za-z&]*", text)
        if any(word not in ALLOWED_LATIN for word in words):
            bad.append((where, text))
    return bad


def _qt_own_buttons(root: QWidget) -> set[QWidget]:
    """QWizard's Back / Next / Finish / Cancel: Qt's texts with deliberate shortcuts ("下一步(&N) >")."""
    wizards = [root, *root.findChildren(QWizard)]
    return {w.button(b) for w in wizards if isinstance(w, QWizard) for b in QWizard.WizardButton
            if b.value <= QWizard.WizardButton.HelpButton.value and w.button(b) is not None}


def shortcut_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) of every visible text that Qt reads with '&' as a shortcut marker: buttons, check
    boxes, tabs, group titles, menus and labels with a buddy (Qt's own wizard buttons left out)."""
    out: list[tuple[str, str]] = []
    own = _qt_own_buttons(root)
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or w in own:
            continue
        name = w.objectName() or type(w).__name__
        if isinstance(w, QAbstractButton) or (isinstance(w, QLabel) and w.buddy() is not None):
            out.append((name, w.text()))
        elif isinstance(w, QGroupBox):
            out.append((name, w.title()))
        elif isinstance(w, QTabBar):
            out += [(f"{name} tab {i}", w.tabText(i)) for i in range(w.count())]
        elif isinstance(w, QMenuBar):
            for top in w.actions():
                out.append((f"menu {top.text()}", top.text()))
                menu = top.menu()
                out += [(f"menu item {a.text()}", a.text()) for a in (menu.actions() if menu else [])]
    return out


def shown_as(text: str) -> str:
    """What Qt shows for a shortcut text: '&&' is one '&', a lone '&' disappears (it underlines)."""
    return re.sub(r"&(&?)", r"\1", text)


def lost_ampersands(root: QWidget) -> list[tuple[str, str]]:
    """Shortcut texts in which an '&' would vanish ("R&D" shown as "RD"): the app sets no shortcuts of
    its own, so every '&' must be doubled."""
    return [(where, text) for where, text in shortcut_texts(root)
            if "&" in text.replace("&&", "")]


def _viewport_of_scroll_area(w: QWidget) -> bool:
    parent = w.parentWidget()
    return isinstance(parent, QAbstractScrollArea) and parent.viewport() is w


def unreachable(root: QWidget) -> list[str]:
    """Buttons and inputs a user cannot get to: cut off by the window or a parent, with no scroll area
    that would bring them into view. (Inside a scroll area, scrolling reaches them; the area itself must
    be reachable.)"""
    bad = []
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox)
    for w in root.findChildren(QWidget):
        if not isinstance(w, kinds) or not w.isVisibleTo(root) or isinstance(w.parentWidget(), QAbstractSpinBox):
            continue
        if any(isinstance(a, QAbstractItemView) for a in _ancestors(w, root)):
            continue  # a table's own corner button
        child, rect = w, w.rect()
        while child is not root:
            parent = child.parentWidget()
            if parent is None:
                break
            if _viewport_of_scroll_area(parent):  # scrolled into view when needed: check the area instead
                child = parent.parentWidget()
                rect = child.rect()
                continue
            rect = rect.translated(child.pos())
            if not parent.rect().contains(rect):
                bad.append(f"{w.objectName() or type(w).__name__} {getattr(w, 'text', lambda: '')()!r}: "
                           f"{rect.getRect()} outside {parent.objectName() or type(parent).__name__} "
                           f"{parent.rect().getRect()}")
                break
            child = parent
    return bad


def _ancestors(w: QWidget, root: QWidget) -> list[QWidget]:
    out = []
    p = w.parentWidget()
    while p is not None and p is not root:
        out.append(p)
        p = p.parentWidget()
    return out


def horizontal_scrollbars(root: QWidget) -> list[str]:
    """Scroll areas with something to scroll sideways: content wider than the window (text should wrap)."""
    return [area.objectName() or type(area).__name__ for area in root.findChildren(QAbstractScrollArea)
            if area.isVisibleTo(root) and area.horizontalScrollBar().maximum() > 0
            and not isinstance(area, QAbstractItemView)]
