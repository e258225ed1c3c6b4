"""The app's look as data: resources/style/palette.json (colours, font sizes, spacing steps; light and
dark) fills resources/style/sheet.qss once at start-up. Widgets only say what they are (an object name
or a dynamic property: role, status, primary, card…); colours and sizes live in those two files.

Icons are Tabler Icons (MIT, resources/icons/LICENSE-tabler-icons.txt), drawn from SVG at the size and
pixel ratio asked for, in the palette's text colour, so they stay crisp at any scaling and readable in
dark mode.
"""

from __future__ import annotations

import json
import os
import string
from functools import cache
from typing import Any

# Not PySide6.QtCore.Qt: its enum namespace costs ≈80 ms (python -X importtime), and this runs before the
# first paint.
from PySide6.QtCore import QByteArray, QRectF, QSize
from PySide6.QtGui import QColor, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from srdi_desktop.paths import ICONS_DIR, STYLE_DIR

SCHEMES = ("light", "dark")
STATUSES = ("met", "unmet", "unknown", "review")
_current = {"scheme": "light"}


@cache
def palette_data() -> dict[str, Any]:
    # JSON: read before the first paint, where importing PyYAML would cost the start-up budget
    with open(STYLE_DIR / "palette.json", encoding="utf-8") as f:
        return json.load(f)


def scheme() -> str:
    """The colour scheme in use: 'light' or 'dark'."""
    return _current["scheme"]


def colours(which: str | None = None) -> dict[str, str]:
    return dict(palette_data()[which or scheme()])


def colour(name: str) -> QColor:
    """A palette colour by name (for what is painted: charts, the ladder)."""
    return QColor(colours()[name])


def font_points(role: str) -> float:
    return float(palette_data()["fonts"][role])


def spacing(step: str) -> int:
    """A spacing step in pixels: xs, s, m, l, xl."""
    return int(palette_data()["spacing"][step])


def style_sheet(which: str) -> str:
    """sheet.qss with every $name filled from the palette (a missing name is an error, never blank)."""
    data = palette_data()
    values: dict[str, Any] = dict(data[which])
    values.update({f"font_{k}": v for k, v in data["fonts"].items()})
    values.update({f"space_{k}": v for k, v in data["spacing"].items()})
    values["radius"] = data["radius"]
    return string.Template((STYLE_DIR / "sheet.qss").read_text(encoding="utf-8")).substitute(values)


THEME_ENV = "SRDI_DESKTOP_THEME"  # light | dark: overrides the system's setting


def system_scheme() -> str:
    """Dark when the system's own window colour is dark (Windows, macOS and Linux desktops give Qt their
    palette); asked before the app's palette replaces it. styleHints().colorScheme() would say the same
    but loads Qt's whole enum namespace before the first paint."""
    forced = os.environ.get(THEME_ENV, "").strip().lower()
    if forced in SCHEMES:
        return forced
    window = QApplication.palette().color(QPalette.ColorRole.Window)
    return "dark" if window.lightness() < 128 else "light"


FUSION = "fusion"
FUSION_SET = "srdi_fusion"  # an application property: the style is Fusion already, no need to ask


def apply_style(app: QApplication, which: str | None = None) -> str:
    """Fusion (the same look on every system, and it honours the palette), the palette's colours and
    the style sheet. ``which``: 'light' or 'dark'; default: as the system is set. Returns the scheme."""
    which = which or system_scheme()
    if app.property("srdi_scheme") == which:
        return which  # once: setting a sheet again re-polishes every widget alive
    app.setProperty("srdi_scheme", which)
    _current["scheme"] = which
    if not app.property(FUSION_SET):
        if app.style().name().lower() != FUSION:  # Linux's default already: setting it again costs ≈10 ms
            app.setStyle(FUSION)
        app.setProperty(FUSION_SET, True)
    c = colours(which)
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: "window", QPalette.ColorRole.WindowText: "text",
        QPalette.ColorRole.Base: "surface", QPalette.ColorRole.AlternateBase: "surface_alt",
        QPalette.ColorRole.Text: "text", QPalette.ColorRole.Button: "surface_alt",
        QPalette.ColorRole.ButtonText: "text", QPalette.ColorRole.Highlight: "selection",
        QPalette.ColorRole.HighlightedText: "text", QPalette.ColorRole.ToolTipBase: "surface",
        QPalette.ColorRole.ToolTipText: "text", QPalette.ColorRole.PlaceholderText: "muted",
        QPalette.ColorRole.Link: "accent", QPalette.ColorRole.Mid: "border", QPalette.ColorRole.Dark: "border",
        QPalette.ColorRole.BrightText: "on_accent",
    }
    for role, name in roles.items():
        pal.setColor(role, QColor(c[name]))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(c["muted"]))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(c["muted"]))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor(c["muted"]))
    app.setPalette(pal)
    app.setStyleSheet(style_sheet(which))
    _icon_cache.clear()
    return which


def _repolish(w: QWidget) -> None:
    style = w.style()
    style.unpolish(w)
    style.polish(w)


def set_prop(w: QWidget, name: str, value: Any) -> QWidget:
    """Set a styling property (role, status, primary, changed…) and re-apply the sheet if it changed."""
    if w.property(name) != value:
        w.setProperty(name, value)
        _repolish(w)
    return w


def declare(w: QWidget, **props: Any) -> QWidget:
    """Styling properties of a widget never shown yet: the sheet reads them when Qt first polishes it.
    For the home window before its first paint, where a re-polish from Python costs ≈90 ms (PySide
    loads its signature machinery on the first call)."""
    for name, value in props.items():
        w.setProperty(name, value)
    return w


def set_role(w: QWidget, role: str) -> QWidget:
    return set_prop(w, "role", role)


def set_status(w: QWidget, status: str) -> QWidget:
    """The colour of a status word (met / unmet / unknown / review); the word itself says it too."""
    return set_prop(w, "status", status)


def shown_colour(w: QWidget) -> str:
    """The text colour the sheet gave a widget, as '#rrggbb' (what a user sees, for tests)."""
    return w.palette().color(w.foregroundRole()).name()


# -- icons ---------------------------------------------------------------------------------------

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


_icon_cache: dict[tuple[str, str], QIcon] = {}


def icon(name: str, tint: str = "text") -> QIcon:
    """A Tabler icon from resources/icons/<name>.svg, stroked in a palette colour."""
    key = (name, tint)
    if key not in _icon_cache:
        svg = (ICONS_DIR / f"{name}.svg").read_text(encoding="utf-8")
        svg = svg.replace("currentColor", colours()[tint])
        _icon_cache[key] = QIcon(_keep(SvgIconEngine(svg.encode())))
    return _icon_cache[key]


# -- contrast (WCAG 2) ---------------------------------------------------------------------------


def luminance(hex_colour: str) -> float:
    c = QColor(hex_colour)

    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())


def contrast(fg: str, bg: str) -> float:
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)
