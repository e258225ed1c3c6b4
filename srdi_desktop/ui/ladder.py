"""The recognition ladder drawn two ways from core.ladder: a row of rungs above the results tabs, and a
compact line painted in the home list's tiers column. A rung's state is always in words or an icon
beside its colour: ✓ and 已符合 for met, a flag and 下一步 (with the plan date) for the next rung."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize
from PySide6.QtGui import QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStyledItemDelegate, QVBoxLayout, QWidget

from srdi_desktop.core.i18n import tr
from srdi_desktop.core.ladder import Rung, describe, rung_title

from .style import colour, set_prop, set_role, spacing

if TYPE_CHECKING:  # QStyle and its options load their many enums on import: not before the first paint
    from PySide6.QtWidgets import QStyleOptionViewItem

RUNG_ICONS = {"met": ("circle-check-filled", "on_accent"), "next": ("flag", "accent"),
              "later": ("circle-dashed", "muted"), "absent": ("circle-dashed", "muted")}


class LadderBar(QWidget):
    """科技型 → 科技和创新型 → 专精特新 → 小巨人 → 单项冠军 as five rungs: met filled, the next one outlined in
    the accent with its plan date, the rest quiet."""

    def __init__(self, ladder: tuple[Rung, ...], lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ladder")
        self.ladder = ladder
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(spacing("s"))
        self.rungs: dict[str, QFrame] = {}
        for i, r in enumerate(ladder):
            if i:
                arrow = QLabel("→")
                set_role(arrow, "help")
                lay.addWidget(arrow)
            lay.addWidget(self._rung(r, lang), 1)
        self.setAccessibleName(tr("ladder.name", lang))
        self.setAccessibleDescription(describe(ladder, lang))
        self.setToolTip(describe(ladder, lang))

    def _rung(self, r: Rung, lang: str) -> QFrame:
        from PySide6.QtCore import Qt

        from .icons import icon

        box = QFrame()
        box.setObjectName(f"rung_{r.id}")
        set_prop(box, "rung", r.state)
        row = QHBoxLayout(box)
        m = spacing("m")
        row.setContentsMargins(m, spacing("s"), m, spacing("s"))
        row.setSpacing(spacing("s"))
        name, tint = RUNG_ICONS[r.state]
        mark = QLabel()
        mark.setObjectName(f"rung_{r.id}_icon")
        side = QFontMetrics(self.font()).height()
        mark.setPixmap(icon(name, tint).pixmap(QSize(side, side), self.devicePixelRatioF()))
        row.addWidget(mark, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.setSpacing(0)
        title = QLabel(rung_title(r.id, lang))
        title.setObjectName(f"rung_{r.id}_title")
        set_prop(title, "rung_title", r.state)
        words.addWidget(title)
        state = tr(f"ladder.state_{r.state}", lang)
        if r.state == "next" and r.plan_date:
            state = tr("ladder.plan", lang, date=r.plan_date)
        sub = QLabel(state)  # the state in words: colour is never the only sign
        sub.setObjectName(f"rung_{r.id}_state")
        set_prop(sub, "rung_state", r.state)
        words.addWidget(sub)
        row.addLayout(words, 1)
        box.setAccessibleName(tr("p.labelled", lang, label=rung_title(r.id, lang), text=state))
        self.rungs[r.id] = box
        return box


class LadderDelegate(QStyledItemDelegate):
    """The home list's tiers column as a compact ladder: five marks (filled ✓ met, flag next, ring later),
    then '专精特新 → 小巨人 · 计划 2027-06-30'. ``ladder_of`` gives a row's rungs from its id (None for a
    draft or before the database is open: the cell then shows its text as before)."""

    def __init__(self, ladder_of: Callable[[str], tuple[Rung, ...] | None], lang: str, id_role: int,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ladder_of, self.lang, self.id_role = ladder_of, lang, id_role

    def _rungs(self, index: QModelIndex | QPersistentModelIndex) -> tuple[Rung, ...] | None:
        aid = index.data(self.id_role)
        return self.ladder_of(str(aid)) if aid else None

    def text(self, ladder: tuple[Rung, ...]) -> str:
        met = [r for r in ladder if r.state == "met"]
        nxt = next((r for r in ladder if r.state == "next"), None)
        out = rung_title(met[-1].id, self.lang) if met else tr("ladder.none_met", self.lang)
        if nxt is not None:
            out += f" → {rung_title(nxt.id, self.lang)}"
            if nxt.plan_date:
                out += " · " + tr("ladder.plan", self.lang, date=nxt.plan_date)
        return out

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # noqa: N802 - Qt API
        ladder = self._rungs(index)
        if ladder is None:
            return super().sizeHint(option, index)
        fm = option.fontMetrics
        mark = fm.height() - spacing("s")
        width = len(ladder) * (mark + spacing("xs")) + spacing("m") + fm.horizontalAdvance(self.text(ladder))
        return QSize(width + 2 * spacing("m"), fm.height() + spacing("m"))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        ladder = self._rungs(index)
        if ladder is None:  # a draft, or the first paint (before the database is open)
            super().paint(painter, option, index)
            return
        from PySide6.QtCore import Qt  # its enum namespace costs ≈80 ms: not before the first paint
        from PySide6.QtWidgets import QStyle

        from .icons import icon  # the window's first paint comes before its list's: none is drawn before it

        self.initStyleOption(option, index)
        option.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)  # selection
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect: QRect = option.rect.adjusted(spacing("m"), 0, -spacing("s"), 0)
        fm = option.fontMetrics
        d = fm.height() - spacing("s")
        x, y = rect.left(), rect.center().y() - d // 2
        for r in ladder:
            mark = QRect(x, y, d, d)
            if r.state == "met":
                icon("circle-check-filled", "met").paint(painter, mark)
            elif r.state == "next":
                painter.setPen(QPen(colour("accent"), 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(mark.adjusted(1, 1, -1, -1))
            else:
                pen = QPen(colour("muted"), 1)
                if r.state == "absent":
                    pen.setStyle(Qt.PenStyle.DotLine)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(mark.adjusted(1, 1, -1, -1))
            x += d + spacing("xs")
        painter.setPen(colour("text"))
        text_rect = QRect(x + spacing("m"), rect.top(), rect.right() - x - spacing("m"), rect.height())
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         fm.elidedText(self.text(ladder), Qt.TextElideMode.ElideRight, text_rect.width()))
        painter.restore()
