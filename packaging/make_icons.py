"""Render packaging/icon.svg to the PNG sizes a Linux desktop wants and a Windows .ico.

Usage: python packaging/make_icons.py OUT_DIR  ->  OUT_DIR/srdi-desktop-{16..256}.png, srdi-desktop.ico
Qt's SVG renderer (QtSvg ships in PySide6-Essentials) draws it; Pillow (a reportlab dependency) packs the .ico.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256)


def main(out: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - keeps Qt's GUI up while drawing
    renderer = QSvgRenderer(str(Path(__file__).with_name("icon.svg")))
    if not renderer.isValid():
        raise SystemExit("icon.svg: Qt cannot read it")
    out.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        img = QImage(size, size, QImage.Format.Format_ARGB32)
        img.fill(Qt.GlobalColor.transparent)
        painter = QPainter(img)
        renderer.render(painter)
        painter.end()
        img.save(str(out / f"srdi-desktop-{size}.png"))
    big = Image.open(out / "srdi-desktop-256.png")
    big.save(out / "srdi-desktop.ico", sizes=[(s, s) for s in SIZES])


if __name__ == "__main__":
    main(Path(sys.argv[1]))
