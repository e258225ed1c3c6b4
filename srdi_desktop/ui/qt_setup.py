"""Process-wide Qt set-up: the bundled CJK font and Qt's own translations."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from srdi_desktop.paths import FONT_FILE

from .style import font_points

_translators: list[QTranslator] = []


def register_app_font() -> str:
    """Register the bundled font so Chinese never shows as boxes on a machine without CJK fonts."""
    fid = QFontDatabase.addApplicationFont(str(FONT_FILE))
    families = QFontDatabase.applicationFontFamilies(fid) if fid >= 0 else []
    if not families:
        return QApplication.font().family()
    family = families[0]
    font = QFont(family)
    font.setPointSizeF(max(QApplication.font().pointSizeF(), font_points("body")))  # the palette's body size
    QApplication.setFont(font)
    return family


def install_translations(lang: str) -> bool:
    """Load Qt's qtbase catalogue for zh so Back / Next / Cancel / Finish are translated."""
    app = QCoreApplication.instance()
    if app is None:  # no application yet: nothing to translate
        return False
    for t in _translators:
        app.removeTranslator(t)
    _translators.clear()
    if lang != "zh":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return True
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    t = QTranslator(app)
    ok = t.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_",
                QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if ok:
        app.installTranslator(t)
        _translators.append(t)
    return ok
