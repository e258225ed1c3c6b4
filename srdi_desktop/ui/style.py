"""The app's look as data: resources/style/palette.json (colours, font sizes, spacing steps; light and
dark) fills resources/style/sheet.qss once at start-up. Widgets only say what they are (an object name
or a dynamic property: role, status, primary, card…); colours and sizes live in those two files. The
icons, in the same colours, are in icons.py.
"""

from __future__ import annotations

import json
import os
import string
from functools import cache
from typing import Any

# Not PySide6.QtCore.Qt: its enum namespace costs ≈80 ms (python -X importtime), and this runs before the
# first paint.
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from srdi_desktop.paths import STYLE_DIR

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


# -- contrast (WCAG 2) ---------------------------------------------------------------------------


def luminance(hex_colour: str) -> float:
    c = QColor(hex_colour)

    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())


def contrast(fg: str, bg: str) -> float:
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)
