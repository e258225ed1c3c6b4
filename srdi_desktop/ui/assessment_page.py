"""The wizard's first page (page id "assessment"): the assessment date, the fiscal year and the criteria set.

Each change is saved at once through the Draft, like an answer. The fiscal year keeps its distance to
the date when the date moves (the default: the year before), so it always stays in the allowed window.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QSpinBox, QVBoxLayout, QWizardPage

from srdi_desktop.core.draft import Draft
from srdi_desktop.core.fiscal import fiscal_year_range
from srdi_desktop.core.i18n import pick, tr

from .style import set_role
from .text import literal

if TYPE_CHECKING:
    from srdi_desktop.core.content import Content
    from srdi_desktop.core.criteria import CriteriaSet

PAGE_ID = "assessment"


def criteria_choices(content: Content, day: dt.date) -> tuple[CriteriaSet, list[CriteriaSet]]:
    """The set the date picks, and every shipped set the user may choose instead (the one place that
    asks the content which sets exist and which applies)."""
    return content.criteria_for(day), list(content.criteria)


class AssessmentPage(QWizardPage):
    details_changed = Signal()

    def __init__(self, draft: Draft, lang: str, content: Content):
        super().__init__()
        self.draft, self.lang, self.content = draft, lang, content
        self.setObjectName(f"page_{PAGE_ID}")
        self.setTitle(tr("asmt.title", lang))
        self.setSubTitle(tr("asmt.intro", lang))
        a = draft.assessment
        outer = QVBoxLayout(self)
        self.date = QDateEdit(QDate(a.assessed_on.year, a.assessed_on.month, a.assessed_on.day))
        self.date.setObjectName("input_assessed_on")
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setCalendarPopup(True)
        self.year = QSpinBox()
        self.year.setObjectName("input_fiscal_year")
        self.criteria = QComboBox()
        self.criteria.setObjectName("input_criteria")
        self.helps: dict[str, QLabel] = {}
        # laid out like a question: bold label, why it matters, then the input
        for key, widget in (("date", self.date), ("fiscal_year", self.year), ("criteria", self.criteria)):
            widget.setAccessibleName(tr(f"asmt.{key}", lang))
            widget.setMaximumWidth(220 if key != "criteria" else 640)
            label = QLabel(literal(tr(f"asmt.{key}", lang)))  # with a buddy: "&" would be a shortcut
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            label.setBuddy(widget)
            self.helps[key] = QLabel()
            self.helps[key].setObjectName(f"help_{key}")
            self.helps[key].setWordWrap(True)
            set_role(self.helps[key], "help")
            for w in (label, self.helps[key], widget):
                outer.addWidget(w)
            outer.addSpacing(12)
        self.helps["date"].setText(tr("asmt.date_help", lang))
        self.helps["criteria"].setText(tr("asmt.criteria_help", lang))
        outer.addStretch(1)
        self._fill(a.assessed_on, a.year1, a.criteria)
        self.date.dateChanged.connect(lambda _d: self._date_changed())
        self.year.valueChanged.connect(lambda _v: self._save())
        self.criteria.currentIndexChanged.connect(lambda _i: self._save())

    def _day(self) -> dt.date:
        d = self.date.date()
        return dt.date(d.year(), d.month(), d.day())

    def _fill(self, day: dt.date, fiscal_year: int, chosen: str | None) -> None:
        """Show the window of fiscal years and the criteria sets for ``day``, without saving."""
        for w in (self.year, self.criteria):
            w.blockSignals(True)
        lo, hi = fiscal_year_range(day)
        self.year.setRange(lo, hi)
        self.year.setValue(fiscal_year)
        self.helps["fiscal_year"].setText(self._year_help(day, fiscal_year))
        auto, sets = criteria_choices(self.content, day)
        self.criteria.clear()
        self.criteria.addItem(tr("asmt.criteria_auto", self.lang, title=pick(auto.title, self.lang)), None)
        for c in sets:
            self.criteria.addItem(pick(c.title, self.lang), c.id)
        self.criteria.setCurrentIndex(max(self.criteria.findData(chosen), 0) if chosen else 0)
        for w in (self.year, self.criteria):
            w.blockSignals(False)

    def _year_help(self, day: dt.date, fiscal_year: int) -> str:
        lo, hi = fiscal_year_range(day)
        years = " · ".join(f"y{n} = {fiscal_year - n + 1}" for n in (1, 2, 3))
        return tr("asmt.fiscal_year_help", self.lang, lo=lo, hi=hi, years=years)

    def _date_changed(self) -> None:
        a = self.draft.assessment
        day = self._day()
        lag = a.assessed_on.year - self.year.value()  # keep the fiscal year's distance to the date
        self._fill(day, day.year - lag, self.criteria.currentData())
        self._save()

    def _save(self) -> None:
        day, fy = self._day(), self.year.value()
        self.draft.set_details(day, fy, self.criteria.currentData())
        self.helps["fiscal_year"].setText(self._year_help(day, fy))
        self.details_changed.emit()
