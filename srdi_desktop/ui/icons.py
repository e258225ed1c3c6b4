"""Icons: Tabler Icons (MIT, resources/icons/LICENSE-tabler-icons.txt), drawn from SVG at the size and pixel
ratio asked for, in a palette colour of the scheme in use, so they stay crisp at any scaling and readable
in dark mode. A module of their own: nothing before the first paint draws one, and QIcon, QIconEngine
and this engine's class cost ~2–3 ms to set up (PySide builds each Qt type on first use).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRectF, QSize
from PySide6.QtGui import QColor, QIcon, QIconEngine, QPainter, QPixmap

from srdi_desktop.paths import ICONS_DIR

from .style import colours, scheme


class SvgIconEngine(QIconEngine):
    """Renders the SVG at exactly the pixel size asked for (crisp at 125 %, 150 %, 200 %)."""

    def __init__(self, svg: bytes):
        from PySide6.QtSvg import QSvgRenderer  # loads with the first icon, after the first paint

        super().__init__()
        self.svg = svg
        self.renderer = QSvgRenderer(QByteArray(svg))

    def paint(self, painter: QPainter, rect, mode, state) -> None:
        if mode == QIcon.Mode.Disabled:
            painter.setOpacity(0.45)
        self.renderer.render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode, state) -> QPixmap:
        pm = QPixmap(size)
        pm.fill(QColor(0, 0, 0, 0))  # transparent
        p = QPainter(pm)
        self.paint(p, pm.rect(), mode, state)
        p.end()
        return pm

    def scaledPixmap(self, size: QSize, mode, state, scale: float) -> QPixmap:  # noqa: N802 - Qt API
        pm = self.pixmap(size * scale, mode, state)
        pm.setDevicePixelRatio(scale)
        return pm

    def clone(self) -> QIconEngine:
        return _keep(SvgIconEngine(self.svg))


# Qt owns an icon's engine in C++, but its Python half must outlive every QIcon that uses it: keep each
# engine here (a few dozen small objects for the life of the app).
_engines: list[SvgIconEngine] = []


def _keep(engine: SvgIconEngine) -> SvgIconEngine:
    _engines.append(engine)
    return engine


_icon_cache: dict[tuple[str, str, str], QIcon] = {}


def icon(name: str, tint: str = "text") -> QIcon:
    """A Tabler icon from resources/icons/<name>.svg, stroked in a palette colour of the scheme in use."""
    key = (name, tint, scheme())
    if key not in _icon_cache:
        svg = (ICONS_DIR / f"{name}.svg").read_text(encoding="utf-8")
        svg = svg.replace("currentColor", colours()[tint])
        _icon_cache[key] = QIcon(_keep(SvgIconEngine(svg.encode())))
    return _icon_cache[key]
