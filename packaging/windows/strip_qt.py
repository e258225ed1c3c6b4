"""Keep only the parts of a Windows PySide6-Essentials tree that a QtWidgets app loads.

The wheel carries QML, Quick, Designer, tools and 14 MB of translations (210 MB unpacked); srdi-desktop
imports QtCore, QtGui and QtWidgets only (import-linter keeps Qt in srdi_desktop.ui). What stays:
those three modules and the Qt DLLs they link, the MSVC runtime, the platform plugins (windows; offscreen
for the CI screenshot), the Windows style, image formats and the SVG icon engine, and Qt's own Chinese
translations (qtbase_zh_CN, which translates Back / Next / Cancel in the wizard).

Usage: python strip_qt.py <site-packages>/PySide6
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

MODULES = ("QtCore", "QtGui", "QtWidgets", "QtSvg")  # QtSvg: for the qsvg image/icon plugins
QT_DLLS = ("Qt6Core", "Qt6Gui", "Qt6Widgets", "Qt6Svg")
KEEP_FILES = {
    "__init__.py", "_config.py", "_git_pyside_version.py", "pyside6.abi3.dll",
    "msvcp140.dll", "msvcp140_1.dll", "msvcp140_2.dll", "msvcp140_codecvt_ids.dll",
    "vcruntime140.dll", "vcruntime140_1.dll", "concrt140.dll",
    *(f"{m}.pyd" for m in MODULES), *(f"{d}.dll" for d in QT_DLLS),
}
KEEP_DIRS = {"support"}  # PySide6's signature/feature support, imported by __init__
KEEP_PLUGINS = {
    "platforms": {"qwindows.dll", "qoffscreen.dll", "qminimal.dll"},
    "styles": {"qmodernwindowsstyle.dll"},
    "imageformats": {"qico.dll", "qjpeg.dll", "qgif.dll", "qsvg.dll"},
    "iconengines": {"qsvgicon.dll"},
}
KEEP_TRANSLATIONS = {"qtbase_zh_CN.qm", "qt_zh_CN.qm"}


def strip(pyside: Path) -> None:
    if not (pyside / "QtCore.pyd").is_file():
        raise SystemExit(f"{pyside}: not a Windows PySide6 tree")
    for entry in pyside.iterdir():
        if entry.is_dir():
            if entry.name == "plugins":
                strip_plugins(entry)
            elif entry.name == "translations":
                for f in entry.iterdir():
                    if f.name not in KEEP_TRANSLATIONS:
                        f.unlink()
            elif entry.name not in KEEP_DIRS:
                shutil.rmtree(entry)
        elif entry.name not in KEEP_FILES:
            entry.unlink()
    missing = sorted(KEEP_FILES - {p.name for p in pyside.iterdir()})
    if any(not m.startswith(("msvcp140_codecvt", "concrt", "_git")) for m in missing):
        raise SystemExit(f"PySide6 lacks {missing}: has the wheel's layout changed?")
    if not (pyside / "translations" / "qtbase_zh_CN.qm").is_file():
        raise SystemExit("qtbase_zh_CN.qm missing: the wizard's buttons would be in English")


def check_links(pyside: Path) -> None:
    """Every Qt, PySide or shiboken DLL a kept binary imports must still be there (objdump reads the PE
    import table; without binutils the check is skipped and said so)."""
    if shutil.which("objdump") is None:
        print("strip_qt: objdump not found, links not checked", file=sys.stderr)
        return
    present = {p.name.lower() for p in pyside.rglob("*.dll")}
    present |= {p.name.lower() for p in (pyside.parent / "shiboken6").glob("*.dll")}
    missing = []
    for binary in [*pyside.rglob("*.dll"), *pyside.rglob("*.pyd")]:
        dump = subprocess.run(["objdump", "-p", str(binary)], capture_output=True, text=True, check=True).stdout
        for name in re.findall(r"DLL Name: (\S+)", dump):
            if name.lower().startswith(("qt6", "pyside6", "shiboken6")) and name.lower() not in present:
                missing.append(f"{binary.relative_to(pyside)} -> {name}")
    if missing:
        raise SystemExit("stripped too much:\n  " + "\n  ".join(missing))


def strip_plugins(plugins: Path) -> None:
    for group in plugins.iterdir():
        keep = KEEP_PLUGINS.get(group.name)
        if keep is None:
            shutil.rmtree(group)
            continue
        for f in group.iterdir():
            if f.name not in keep:
                f.unlink()


if __name__ == "__main__":
    strip(Path(sys.argv[1]))
    check_links(Path(sys.argv[1]))
