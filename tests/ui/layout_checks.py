"""What a user would see wrong on a screenshot, as checks: boxes for missing glyphs, clipped text,
English left in the Chinese UI."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QTabBar,
    QTableView,
    QTreeWidget,
    QWidget,
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
