"""Register the bundled CJK TrueType font once, and teach reportlab CJK line-breaking rules."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import textsplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, paragraph

from srdi_desktop.paths import FONT_FILE

FONT = "WQYMicroHei"

# reportlab's list of characters that may not start a line lacks the full-width ，；：？！ and a few
# closing marks (DESIGN §7: measured, a line began with "，"). Two wrappers read it as a module global:
# platypus.paragraph (several fragments) and lib.textsplit (a single fragment), so extend both.
EXTRA_CANNOT_START = "，；：？！）」』】》〉〕、。…·％"
for _module in (paragraph, textsplit):
    _module.ALL_CANNOT_START = _module.ALL_CANNOT_START + "".join(
        ch for ch in EXTRA_CANNOT_START if ch not in _module.ALL_CANNOT_START)


_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}


def _char_widths(word: str, font_name: str, font_size: float) -> list[float]:
    """textsplit.getCharWidths with a cache: CJK wrapping measures every character, about 30,000
    times per report, and the same few hundred characters recur (PDF build 0.33 -> 0.2 s)."""
    cache = _WIDTHS.setdefault((font_name, font_size), {})
    out = []
    for ch in word:
        w = cache.get(ch)
        if w is None:
            w = cache[ch] = pdfmetrics.stringWidth(ch, font_name, font_size)
        out.append(w)
    return out


textsplit.getCharWidths = _char_widths


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


def hang_closers(lines: list[str]) -> list[str]:
    """Move runs of closing punctuation at a line start to the end of the line before (hanging)."""
    out: list[str] = []
    for line in lines:
        n = 0
        while n < len(line) and line[n] in paragraph.ALL_CANNOT_START:
            n += 1
        if out and 0 < n < len(line):
            out[-1] += line[:n]
            line = line[n:]
        out.append(line)
    return out


def wrap_text(text: str, width: float, font: str, size: float, cjk: bool) -> list[str]:
    """Lines of plain text within ``width``: by character for Chinese, by word for English."""
    from reportlab.lib.utils import simpleSplit

    lines: list[str] = []
    for para in text.split("\n"):
        if not para:
            lines.append("")
        elif cjk:
            lines.extend(hang_closers([line for _, line in textsplit.wordSplit(para, width, font, size)]))
        else:
            lines.extend(simpleSplit(para, font, size, width) or [""])
    return [part for line in lines for part in break_long(line, width, font, size)]


def break_long(line: str, width: float, font: str, size: float) -> list[str]:
    """A line still wider than ``width`` — one word with no break point, e.g. a 120-letter firm name —
    cut between characters, so nothing runs past the frame and gets clipped."""
    if pdfmetrics.stringWidth(line, font, size) <= width:
        return [line]
    out, start, used = [], 0, 0.0
    for i, w in enumerate(_char_widths(line, font, size)):
        if used + w > width and i > start:
            out.append(line[start:i])
            start, used = i, 0.0
        used += w
    out.append(line[start:])
    return out


class TextCell(Flowable):
    """Plain text in one style, wrapped to its width, without Paragraph's markup parser.

    A report has ~1,200 plain paragraphs and table cells, many measured more than once; this halves
    the PDF build. It honours what our styles use: indent and bullet, space before and after,
    centring, keep-with-next. Text with markup still goes through CJKParagraph.
    """

    def __init__(self, text: str, style, color=None, bullet: str | None = None, bullet_color=None):
        super().__init__()
        self.text, self.style, self.bullet, self.bullet_color = text, style, bullet, bullet_color
        self.color = color if color is not None else style.textColor
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter
        self.keepWithNext = getattr(style, "keepWithNext", 0)
        self._lines: list[str] = []
        self._for_width: float | None = None

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab API
        st = self.style
        inner = availWidth - st.leftIndent - st.rightIndent
        if self._for_width != availWidth:
            self._lines = wrap_text(self.text, inner, st.fontName, st.fontSize, st.wordWrap == "CJK")
            self._for_width = availWidth
        self.width, self.height = availWidth, len(self._lines) * st.leading
        return self.width, self.height

    def draw(self) -> None:
        """All lines as one text object: a fraction of the PDF operators of one drawString per line."""
        c, st = self.canv, self.style
        y = self.height - st.fontSize
        if self.bullet:
            c.setFillColor(self.bullet_color if self.bullet_color is not None else self.color)
            c.setFont(st.fontName, st.fontSize)
            c.drawString(st.bulletIndent, y, self.bullet)
        c.setFillColor(self.color)
        t = c.beginText(st.leftIndent, y)
        t.setFont(st.fontName, st.fontSize, st.leading)
        if st.alignment == 1:  # centred: each line placed on its own
            for line in self._lines:
                t.setTextOrigin(self.width / 2 - pdfmetrics.stringWidth(line, st.fontName, st.fontSize) / 2, y)
                t.textOut(line)
                y -= st.leading
        else:
            for line in self._lines:
                t.textLine(line)
        c.drawText(t)


class CJKParagraph(paragraph.Paragraph):
    """A Paragraph whose lines never start with closing punctuation.

    reportlab hangs one closer at the end of a line but not two in a row (」、 or ）。), so for
    single-fragment paragraphs (all plain text we emit) a run of leading closers moves up to hang
    after the previous line.
    """

    def breakLinesCJK(self, maxWidths):  # noqa: N802 - reportlab API
        bl = super().breakLinesCJK(maxWidths)
        if getattr(bl, "kind", 1) != 0 or len(bl.lines) < 2:
            return bl
        closers = paragraph.ALL_CANNOT_START
        fixed = [list(bl.lines[0])]
        for extra, words in bl.lines[1:]:
            text = "".join(words)
            n = 0
            while n < len(text) and text[n] in closers:
                n += 1
            if 0 < n < len(text):
                moved = text[:n]
                width = pdfmetrics.stringWidth(moved, bl.fontName, bl.fontSize)
                fixed[-1] = [fixed[-1][0] - width, ["".join(fixed[-1][1]) + moved]]
                fixed.append([extra + width, [text[n:]]])
            else:
                fixed.append([extra, words])
        bl.lines = [tuple(line) for line in fixed]
        return bl
