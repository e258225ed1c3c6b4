"""Register the bundled CJK TrueType font once, and teach reportlab CJK line-breaking rules."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import paragraph

from srdi_desktop.paths import FONT_FILE

FONT = "WQYMicroHei"

# reportlab's list of characters that may not start a line lacks the full-width ，；：？！ and a few
# closing marks (DESIGN §7: measured, a line began with "，"). The CJK wrapper reads this module global.
EXTRA_CANNOT_START = "，；：？！）」』】》〉〕、。…·％"
if not all(ch in paragraph.ALL_CANNOT_START for ch in EXTRA_CANNOT_START):
    paragraph.ALL_CANNOT_START = paragraph.ALL_CANNOT_START + "".join(
        ch for ch in EXTRA_CANNOT_START if ch not in paragraph.ALL_CANNOT_START)


class FontError(RuntimeError):
    pass


def check_font_file(path: Path) -> None:
    """reportlab embeds only glyf outlines; a CFF font (b'OTTO') would fail deep inside the build."""
    with open(path, "rb") as f:
        magic = f.read(4)
    if magic == b"OTTO":
        raise FontError(f"{path}: CFF/PostScript outlines are not supported by reportlab; use a TrueType font")
    if magic not in (b"\x00\x01\x00\x00", b"true", b"ttcf"):
        raise FontError(f"{path}: not a TrueType font or collection")


def register_fonts(path: Path = FONT_FILE) -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        check_font_file(path)
        pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)
    return FONT
