"""The radar (fixed 0–100% scale) and the four-mode quadrant, painted with Qt for the results view.

The data come from core.chart_data, the same as the PDF's charts, so both always agree.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from srdi_desktop.core.chart_data import MODE_CELLS

from .style import colour

# The palette's colours (light or dark): the chart's line and shading, its grid, its text, its ground.
ACCENT, GRID, INK, GROUND = "accent", "chart_grid", "text", "surface"


class RadarChart(QWidget):
    """Spokes at fixed percentages: the outer ring is always 100%, whatever the firm's scores."""

    RINGS = (25, 50, 75, 100)

    def __init__(self, points: list[tuple[str, float]], parent: QWidget | None = None):
        super().__init__(parent)
        self.points = points
        self.setObjectName("radar")
        self.setMinimumSize(420, 340)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(520, 400)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        if not self.points:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = p.fontMetrics()
        label_w = max(fm.horizontalAdvance(label) for label, _ in self.points)
        radius = max(40.0, min(self.width() / 2 - label_w - 12, self.height() / 2 - 2 * fm.height()))
        c = QPointF(self.width() / 2, self.height() / 2)
        n = len(self.points)

        def at(i: int, pct: float) -> QPointF:
            a = -math.pi / 2 + 2 * math.pi * i / n
            return QPointF(c.x() + radius * pct / 100 * math.cos(a), c.y() + radius * pct / 100 * math.sin(a))

        p.setPen(QPen(colour(GRID), 0.6))
        for ring in self.RINGS:
            p.drawPolygon(QPolygonF([at(i, ring) for i in range(n)]))
        for i in range(n):
            p.drawLine(c, at(i, 100))
        p.setPen(QPen(colour(ACCENT), 2))
        fill = colour(ACCENT)
        fill.setAlpha(60)
        p.setBrush(fill)
        p.drawPolygon(QPolygonF([at(i, pct) for i, (_l, pct) in enumerate(self.points)]))
        p.setPen(colour(INK))
        for i, (label, pct) in enumerate(self.points):
            pos = at(i, 112)
            text = f"{label} {pct:.0f}%"
            w = fm.horizontalAdvance(text)
            x = pos.x() - w / 2 if abs(pos.x() - c.x()) < 4 else pos.x() if pos.x() > c.x() else pos.x() - w
            p.drawText(QPointF(max(2.0, min(x, self.width() - w - 2)), pos.y() + fm.ascent() / 2), text)
        p.end()


class ModeQuadrant(QWidget):
    """The four driving modes as a 2×2 grid, the firm's mode shaded and its position marked."""

    def __init__(self, titles: dict[str, str], axes: dict[str, str], mode: str | None,
                 position: tuple[float, float] | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.titles, self.axes, self.mode, self.position = titles, axes, mode, position
        self.setObjectName("quadrant")
        self.setMinimumSize(320, 320)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(360, 360)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = p.fontMetrics()
        m = fm.height() + 6
        side = min(self.width(), self.height()) - 2 * m
        x0, y0 = (self.width() - side) / 2, m
        half = side / 2
        for mid, (cx, cy) in MODE_CELLS.items():
            cell = QRectF(x0 + cx * half, y0 + (1 - cy) * half, half, half)
            shade = colour(ACCENT)
            shade.setAlpha(35)
            p.fillRect(cell, colour(GROUND))
            if mid == self.mode:
                p.fillRect(cell, shade)
            p.setPen(QPen(colour(GRID), 0.8))
            p.drawRect(cell)
            p.setPen(colour(INK))
            p.drawText(cell.adjusted(8, 8, -8, -8), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       self.titles.get(mid, mid))
        p.setPen(colour(INK))  # axis names are text: the grid's grey is too faint to read
        p.drawText(QRectF(x0, y0 + side + 2, side, fm.height()), Qt.AlignmentFlag.AlignLeft, self.axes["technology"])
        p.drawText(QRectF(x0, y0 + side + 2, side, fm.height()), Qt.AlignmentFlag.AlignRight, self.axes["market"])
        p.drawText(QRectF(x0, y0 - fm.height() - 2, side, fm.height()), Qt.AlignmentFlag.AlignHCenter,
                   self.axes["efficiency"])
        p.drawText(QRectF(x0, y0 + side + 2, side, fm.height()), Qt.AlignmentFlag.AlignHCenter, self.axes["safety"])
        if self.position is not None:
            px, py = self.position
            p.setPen(QPen(colour(GROUND), 2))
            p.setBrush(colour(ACCENT))
            p.drawEllipse(QPointF(x0 + half + px * half * 0.9, y0 + half - py * half * 0.9), 7, 7)
        p.end()
