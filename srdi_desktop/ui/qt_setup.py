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
        gaps = _ShortcutGaps(t, app)  # installed last, asked first
        for each in (t, gaps):
            app.installTranslator(each)
            _translators.append(each)
    return ok


class _ShortcutGaps(QTranslator):
    """Qt 6 added shortcuts to some texts ("&Look in:", "Files of &type:") that the shipped Chinese
    catalogue has only without them ("Look in:" → "查找范围："), so the file dialog showed English. Asked
    first: a text the catalogue lacks is looked up without its '&' and given the shortcut back, Qt's way
    ("查找范围(&L)：")."""

    def __init__(self, catalogue: QTranslator, parent: QCoreApplication):
        super().__init__(parent)
        self._catalogue = catalogue

    def isEmpty(self) -> bool:  # noqa: N802 - Qt API
        return False

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ANN001 - Qt API
        if not source or "&" not in source or self._catalogue.translate(context, source, disambiguation, n):
            return None  # a null string: Qt asks the catalogue itself next (an empty one would stop it)
        found = self._catalogue.translate(context, source.replace("&", ""), disambiguation, n)
        return with_shortcut(source, found or "") or None


def with_shortcut(source: str, translated: str) -> str:
    """``translated`` with the shortcut letter of ``source`` added as Qt's Chinese catalogues do:
    ("&Look in:", "查找范围：") → "查找范围(&L)：". Empty when there is no translation."""
    i = source.find("&")
    if not translated or i < 0 or i + 1 >= len(source) or not source[i + 1].isalnum():
        return translated
    mark = f"(&{source[i + 1].upper()})"
    body = translated.rstrip("：:")
    return body + mark + translated[len(body):]
