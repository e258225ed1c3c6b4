"""Register the bundled CJK TrueType fonts once, and teach reportlab CJK line-breaking rules.

WenQuanYi Micro Hei lacks 276 characters of the 通用规范汉字表 (196 of them in CJK Extensions B–F,
used in real firm and personal names, e.g. 𫖯 𬭚); a small subset of Hanazono Mincho covers them and
is switched to per character run. Like every font here it is embedded as a subset, and only when the
text uses it. Characters neither font has (Arabic, emoji, …) are found by ``unprintable``.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from reportlab.lib import textsplit
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, paragraph

from srdi_desktop.paths import FALLBACK_FONT_FILE, FONT_FILE

FONT = "WQYMicroHei"
FALLBACK = "HanaMinTGH"
_FALLBACK_CHARS: set[str] = set()  # what FALLBACK draws: the characters FONT lacks and it has
_PRINTABLE: set[int] = set()  # code points either font has

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
            w = cache[ch] = pdfmetrics.stringWidth(ch, font_for(ch, font_name), font_size)
        out.append(w)
    return out


def font_for(ch: str, font: str) -> str:
    return FALLBACK if font == FONT and ch in _FALLBACK_CHARS else font


def runs(line: str, font: str) -> list[tuple[str, str]]:
    """``line`` as (font, text) runs: the fallback font for the characters only it has."""
    if font != FONT or _FALLBACK_CHARS.isdisjoint(line):
        return [(font, line)]
    out: list[tuple[str, str]] = []
    for ch in line:
        f = font_for(ch, font)
        if out and out[-1][0] == f:
            out[-1] = (f, out[-1][1] + ch)
        else:
            out.append((f, ch))
    return out


def text_width(line: str, font: str, size: float) -> float:
    if font != FONT or _FALLBACK_CHARS.isdisjoint(line):
        return pdfmetrics.stringWidth(line, font, size)
    return sum(_char_widths(line, font, size))


def unprintable(text: str) -> str:
    """The distinct characters of ``text`` that no bundled font can draw (they would be left out)."""
    register_fonts()
    out = dict.fromkeys(ch for ch in text if ord(ch) not in _PRINTABLE
                        and not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf"))
    return "".join(out)


textsplit.getCharWidths = _char_widths

_BEYOND_BMP = re.compile(r"^(<[0-9A-F]+>) <([0-9A-F]{5,6})>$", re.M)
_to_unicode_cmap = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap_utf16(fontname: str, subset: list[int]) -> str:
    """reportlab writes a character beyond the BMP as <2B5AF> in the ToUnicode map, which viewers
    and pypdf reject (the text of 𫖯 cannot be copied or searched); PDF wants UTF-16BE: <D86DDDAF>."""
    return _BEYOND_BMP.sub(lambda m: f"{m[1]} <{chr(int(m[2], 16)).encode('utf-16-be').hex().upper()}>",
                           _to_unicode_cmap(fontname, subset))


ttfonts.makeToUnicodeCMap = _to_unicode_cmap_utf16


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


def register_fonts(path: Path = FONT_FILE, fallback: Path = FALLBACK_FONT_FILE) -> str:
    registered = pdfmetrics.getRegisteredFontNames()
    if FONT not in registered:
        check_font_file(path)
        pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)
    if FALLBACK not in registered:
        check_font_file(fallback)
        pdfmetrics.registerFont(TTFont(FALLBACK, str(fallback)))
        primary = pdfmetrics.getFont(FONT).face.charToGlyph
        extra = pdfmetrics.getFont(FALLBACK).face.charToGlyph
        _FALLBACK_CHARS.update(chr(c) for c in extra if c not in primary)
        _PRINTABLE.update(primary, extra)
        _WIDTHS.clear()  # widths measured before the fallback existed
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
            # simpleSplit keeps a word longer than the line whole (CJK wordSplit already cuts it)
            lines.extend(part for line in simpleSplit(para, font, size, width) or [""]
                         for part in break_long(line, width, font, size))
    return lines


def break_long(line: str, width: float, font: str, size: float) -> list[str]:
    """A line still wider than ``width`` — one word with no break point, e.g. a 120-letter firm name —
    cut between characters, so nothing runs past the frame and gets clipped."""
    if text_width(line, font, size) <= width:
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
        centred = st.alignment == 1  # each line placed on its own
        for line in self._lines:
            if centred:
                t.setTextOrigin(self.width / 2 - text_width(line, st.fontName, st.fontSize) / 2, y)
                y -= st.leading
            parts = runs(line, st.fontName)
            if len(parts) > 1 or parts[0][0] != st.fontName:  # characters only the fallback font has
                for font, text in parts:
                    t.setFont(font, st.fontSize, st.leading)
                    t.textOut(text)
                t.setFont(st.fontName, st.fontSize, st.leading)
                line = ""
            if centred:
                t.textOut(line)
            else:
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


class TitleWithMeta(Flowable):
    """A heading with a small grey note after it on the same line when it fits ('把研发投入提高到… 优先级 高 ·
    投入 中'), else on the next: one line saved per roadmap action, without Paragraph's markup parser."""

    GAP = 6.0

    def __init__(self, title: str, meta: str, style, meta_style):
        super().__init__()
        self.title, self.meta, self.style, self.meta_style = title, meta, style, meta_style
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter
        self.keepWithNext = getattr(style, "keepWithNext", 0)
        self._for_width: float | None = None
        self._lines: list[str] = []
        self._meta_lines: list[str] = []

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab API
        st, ms = self.style, self.meta_style
        if self._for_width != availWidth:
            self._lines = wrap_text(self.title, availWidth, st.fontName, st.fontSize, st.wordWrap == "CJK")
            last = text_width(self._lines[-1], st.fontName, st.fontSize) if self._lines else 0.0
            inline = last + self.GAP + text_width(self.meta, ms.fontName, ms.fontSize) <= availWidth
            self._meta_lines = [] if inline or not self.meta else \
                wrap_text(self.meta, availWidth, ms.fontName, ms.fontSize, True)
            self._for_width = availWidth
        self.width = availWidth
        self.height = len(self._lines) * st.leading + len(self._meta_lines) * ms.leading
        return self.width, self.height

    def _line(self, x: float, y: float, text: str, style, color) -> None:
        c = self.canv
        c.setFillColor(color)
        for font, part in runs(text, style.fontName):
            c.setFont(font, style.fontSize)
            c.drawString(x, y, part)
            x += text_width(part, font, style.fontSize)

    def draw(self) -> None:
        st, ms = self.style, self.meta_style
        y = self.height - st.fontSize
        for line in self._lines:
            self._line(0, y, line, st, st.textColor)
            last_y = y
            y -= st.leading
        if self.meta and not self._meta_lines:  # beside the title's last line, on its baseline
            x = text_width(self._lines[-1], st.fontName, st.fontSize) + self.GAP if self._lines else 0.0
            self._line(x, last_y if self._lines else y, self.meta, ms, ms.textColor)
        y = self.height - len(self._lines) * st.leading - ms.fontSize  # the first baseline under the title
        for line in self._meta_lines:
            self._line(0, y, line, ms, ms.textColor)
            y -= ms.leading
