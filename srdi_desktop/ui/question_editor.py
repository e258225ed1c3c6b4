"""One question on a wizard page: label, help, input by type, unit, "don't know / N/A", error."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from srdi_desktop.core.format import fmt_number
from srdi_desktop.core.i18n import pick, tr
from srdi_desktop.core.questionnaire import DONT_KNOW, NA, Question

from .style import set_prop, set_role, set_status
from .text import literal


def _plain(v: Any, numeric: bool = False) -> str:
    """A value as its field shows it; a number grouped one way ('23,500'), as typed or as loaded."""
    if v is None:
        return ""
    if numeric and isinstance(v, (int, float)) and not isinstance(v, bool):
        return fmt_number(v, decimals=6)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _as_number(text: str) -> float | None:
    try:
        return float(text.strip().replace(",", "").replace("，", ""))
    except ValueError:
        return None


class QuestionEditor(QWidget):
    edited = Signal(str, object)  # question id, raw value (text, choice value, bool, list or marker)
    confirmed = Signal(str)  # question id: a carried-over answer is kept as it is

    def __init__(self, q: Question, lang: str, value: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.q, self.lang = q, lang
        self.setObjectName(f"question_{q.id}")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 6)
        lay.setSpacing(3)
        title = pick(q.label, lang) + (" *" if q.required else "")
        self._title = title
        self.label = QLabel(literal(title))  # with a buddy, a lone & is a shortcut: "R&D" would read "RD"
        self.label.setWordWrap(True)
        f = self.label.font()
        f.setBold(True)
        self.label.setFont(f)
        lay.addWidget(self.label)
        self.help = QLabel(pick(q.help, lang))
        self.help.setWordWrap(True)
        set_role(self.help, "help")
        lay.addWidget(self.help)
        if q.basis:  # the source, apart from the plain-words help: small, for an adviser who wants to check
            self.basis = QLabel(tr("wiz.basis", lang, text=pick(q.basis, lang)))
            self.basis.setObjectName(f"basis_{q.id}")
            self.basis.setWordWrap(True)
            set_role(self.basis, "note")
            lay.addWidget(self.basis)
        row = QHBoxLayout()
        row.setSpacing(8)
        self.input = self._make_input(value)
        self.input.setObjectName(f"input_{q.id}")
        self.input.setAccessibleName(pick(q.label, lang))
        self.input.setAccessibleDescription(pick(q.help, lang))
        self.label.setBuddy(self.input)
        row.addWidget(self.input, 1)
        if q.unit and q.type not in ("choice", "multichoice", "bool", "text"):
            unit = QLabel(pick(q.unit, lang))
            unit.setObjectName(f"unit_{q.id}")
            row.addWidget(unit)
        self.markers: dict[str, QCheckBox] = {}
        for marker, allowed, key in ((DONT_KNOW, q.allow_unknown, "a.unknown"), (NA, q.allow_na, "a.na")):
            if allowed:
                box = QCheckBox(literal(tr(key, lang)))
                box.setObjectName(f"marker_{marker}_{q.id}")
                box.setAccessibleName(f"{pick(q.label, lang)}: {tr(key, lang)}")
                box.setChecked(value == marker)
                box.toggled.connect(lambda on, m=marker: self._marker_toggled(m, on))
                row.addWidget(box)
                self.markers[marker] = box
        row.addStretch(0)
        lay.addLayout(row)
        self.error = QLabel("")
        self.error.setObjectName(f"error_{q.id}")
        self.error.setWordWrap(True)
        set_role(self.error, "error")
        self.error.setVisible(False)
        self.error.setAccessibleName(tr("v.required", lang))
        lay.addWidget(self.error)
        self.input.setEnabled(value not in (NA, DONT_KNOW))
        self.review: QWidget | None = None  # "请核对" with a confirm button, made when first needed

    # -- inputs by type -------------------------------------------------------------------------

    def _make_input(self, value: Any) -> QWidget:
        q = self.q
        if q.type in ("choice", "bool"):
            box = QComboBox()
            box.addItem(tr("wiz.choose", self.lang), None)
            if q.type == "bool":
                box.addItem(tr("a.yes", self.lang), True)
                box.addItem(tr("a.no", self.lang), False)
            else:
                for c in q.choices:
                    box.addItem(pick(c.label, self.lang), c.value)
            idx = box.findData(value) if value is not None and value not in (NA, DONT_KNOW) else 0
            box.setCurrentIndex(max(idx, 0))
            box.activated.connect(lambda _i: self._emit())
            box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            return box
        if q.type == "multichoice":
            holder = QWidget()
            lay = QVBoxLayout(holder)
            lay.setContentsMargins(0, 0, 0, 0)
            self.checks: dict[str, QCheckBox] = {}
            chosen = value if isinstance(value, list) else []
            for c in q.choices:
                cb = QCheckBox(literal(pick(c.label, self.lang)))
                cb.setObjectName(f"choice_{q.id}_{c.value}")
                cb.setChecked(c.value in chosen)
                cb.toggled.connect(lambda _on: self._emit())
                lay.addWidget(cb)
                self.checks[c.value] = cb
            return holder
        edit = QLineEdit(_plain(value, q.numeric) if value not in (NA, DONT_KNOW) else "")
        if q.numeric:
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setMaximumWidth(220)
            lo, hi = q.min, q.max
            edit.setPlaceholderText(f"{_plain(lo)} – {_plain(hi)}")
        elif q.type == "date":
            edit.setPlaceholderText("YYYY-MM-DD")
            edit.setMaximumWidth(220)
        if q.max_length:
            edit.setMaxLength(q.max_length + 50)  # let an over-long entry be typed and then explained
        edit.textEdited.connect(lambda _t: self._emit())
        if q.numeric:  # "23500" and "23,500" both end up as "23,500" when the field is left
            edit.editingFinished.connect(self.regroup)
        return edit

    def regroup(self) -> None:
        """Show a typed number in the one grouped form ('23500' → '23,500'); anything else stays as typed."""
        if not (self.q.numeric and isinstance(self.input, QLineEdit)):
            return
        n = _as_number(self.input.text())
        if n is not None and math.isfinite(n):
            text = _plain(int(n) if n.is_integer() and abs(n) < 2**53 else n, True)
            if text != self.input.text():
                self.input.setText(text)  # the same number: setText emits no textEdited, so nothing is saved

    def raw_value(self) -> Any:
        for marker, box in self.markers.items():
            if box.isChecked():
                return marker
        if isinstance(self.input, QComboBox):
            return self.input.currentData()
        if self.q.type == "multichoice":
            return [v for v, cb in self.checks.items() if cb.isChecked()]
        assert isinstance(self.input, QLineEdit)  # every other type is typed into a line edit
        return self.input.text()

    def set_value(self, value: Any) -> None:
        """Show ``value`` without emitting an edit (used when a view resets its answers)."""
        for marker, box in self.markers.items():
            box.blockSignals(True)
            box.setChecked(value == marker)
            box.blockSignals(False)
        shown = None if value in (NA, DONT_KNOW) else value
        if isinstance(self.input, QComboBox):
            self.input.setCurrentIndex(max(self.input.findData(shown), 0) if shown is not None else 0)
        elif isinstance(self.input, QLineEdit):
            self.input.setText(_plain(shown, self.q.numeric))
        elif self.q.type == "multichoice":
            chosen = shown if isinstance(shown, list) else []
            for v, cb in self.checks.items():
                cb.blockSignals(True)
                cb.setChecked(v in chosen)
                cb.blockSignals(False)
        self.input.setEnabled(value not in (NA, DONT_KNOW))

    def _emit(self) -> None:
        self.edited.emit(self.q.id, self.raw_value())

    def _marker_toggled(self, marker: str, on: bool) -> None:
        if on:
            for m, box in self.markers.items():
                if m != marker and box.isChecked():
                    box.blockSignals(True)
                    box.setChecked(False)
                    box.blockSignals(False)
        self.input.setEnabled(not any(b.isChecked() for b in self.markers.values()))
        self._emit()

    def set_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        set_prop(self.input, "invalid", bool(message))  # the sheet outlines a refused line edit

    def set_year(self, year: int | None) -> None:
        """Name the calendar year of a yearly figure beside its label: "营业收入（上年度） · 2025"."""
        text = literal(self._title if year is None else f"{self._title} · {year}")
        if self.label.text() != text:
            self.label.setText(text)

    def set_review(self, on: bool) -> None:
        """Show or hide the "please review" marker of an answer carried over from last year."""
        if on and self.review is None:
            from PySide6.QtWidgets import QPushButton

            self.review = QWidget()
            self.review.setObjectName(f"review_{self.q.id}")
            row = QHBoxLayout(self.review)
            row.setContentsMargins(0, 0, 0, 0)
            note = QLabel(tr("review.mark", self.lang))
            note.setWordWrap(True)
            set_status(note, "unknown")
            button = QPushButton(literal(tr("review.confirm", self.lang)))
            button.setObjectName(f"confirm_{self.q.id}")
            button.setAccessibleName(f"{pick(self.q.label, self.lang)}: {tr('review.confirm', self.lang)}")
            button.clicked.connect(lambda: self.confirmed.emit(self.q.id))
            row.addWidget(note, 1)
            row.addWidget(button)
            lay = self.layout()
            assert isinstance(lay, QVBoxLayout)
            lay.insertWidget(lay.indexOf(self.error), self.review)
        if self.review is not None:
            self.review.setVisible(on)
