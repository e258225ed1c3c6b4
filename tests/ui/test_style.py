"""One style as data (issue 21): no module under ui/ sets a colour or a size of its own; the palette's text
colours keep a contrast of at least 4.5:1 (WCAG AA) on their backgrounds, light and dark; the sheet fills
every name; the icons exist and are drawn at the pixel ratio asked for."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest
from PySide6.QtCore import QSize

from srdi_desktop import paths
from srdi_desktop.ui import icons, style

UI = Path(style.__file__).resolve().parent
HEX = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?(?:[0-9a-fA-F]{2})?\b")
SIZE = re.compile(r"\b\d+(?:\.\d+)?\s*(?:px|pt|em)\b|font-size|font-weight|\bcolor\s*:|background\s*:")
CALLS = re.compile(r"\.setStyleSheet\(|QColor\(\s*['\"]|Qt\.GlobalColor\.(?!transparent)"
                   r"|\.set(?:Point|Pixel)SizeF?\(.*\b\d+(?:\.\d+)?\b")
# the loader itself: app.setStyleSheet(style_sheet(which)) in ui/style.py
ALLOWED = {("style.py", "app.setStyleSheet(style_sheet(which))")}


def literals(source: str, name: str) -> list[str]:
    """Colours and sizes a module sets itself: in its strings (a hex colour, '12px', 'color:'), or by a
    call (setStyleSheet, QColor('…'), setPointSize)."""
    bad = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.STRING and (HEX.search(tok.string) or SIZE.search(tok.string)):
            bad.append(f"{name}:{tok.start[0]}: {tok.string[:60]}")
    for no, line in enumerate(source.splitlines(), 1):
        if CALLS.search(line) and (name, line.strip()) not in ALLOWED:
            bad.append(f"{name}:{no}: {line.strip()[:80]}")
    return bad


@pytest.mark.parametrize("sample", [
    'label.setStyleSheet("color: red")', 'x = "#52606d"', 'QColor("white")', 'f"font-size: {n}px"',
    "font.setPointSize(15)", "p.fillRect(r, Qt.GlobalColor.white)", "STYLE = 'background: yellow;'",
])
def test_the_check_finds_a_literal(sample):
    assert literals(sample + "\n", "x.py")


def test_no_module_under_ui_sets_a_literal_colour_or_size():
    found = [b for f in sorted(UI.glob("*.py")) for b in literals(f.read_text(encoding="utf-8"), f.name)]
    assert not found, "\n".join(found)


# What is written on what: every text colour on each background it is shown on.
ON_GROUNDS = [(fg, bg) for fg in ("text", "muted", "accent", "met", "unmet", "unknown", "review")
              for bg in ("window", "surface", "surface_alt")]
ON_GROUNDS += [("text", "selection"), ("text", "changed"), ("on_accent", "accent"), ("on_accent", "met")]


@pytest.mark.parametrize("scheme", style.SCHEMES)
@pytest.mark.parametrize("fg,bg", ON_GROUNDS)
def test_contrast_at_least_4_5(scheme, fg, bg):
    c = style.colours(scheme)
    ratio = style.contrast(c[fg], c[bg])
    assert ratio >= 4.5, f"{scheme}: {fg} {c[fg]} on {bg} {c[bg]} is {ratio:.2f}:1"


@pytest.mark.parametrize("fg,bg,ratio", [("#000000", "#ffffff", 21.0), ("#ffffff", "#ffffff", 1.0),
                                         ("#777777", "#ffffff", 4.48), ("#767676", "#ffffff", 4.54)])
def test_contrast_formula(fg, bg, ratio):  # WCAG's own reference points: #767676 passes on white, #777 not
    assert style.contrast(fg, bg) == pytest.approx(ratio, abs=0.01)


def test_both_schemes_name_the_same_colours_and_the_statuses_differ():
    light, dark = style.colours("light"), style.colours("dark")
    assert light.keys() == dark.keys()
    for c in (light, dark):
        assert len({c[s] for s in style.STATUSES}) == len(style.STATUSES)


@pytest.mark.parametrize("scheme", style.SCHEMES)
def test_the_sheet_fills_every_name(scheme):
    sheet = style.style_sheet(scheme)
    assert "$" not in sheet
    for status in style.STATUSES:
        assert f'QLabel[status="{status}"] {{ color: {style.colours(scheme)[status]};' in sheet


def test_every_icon_the_code_asks_for_is_shipped_with_its_licence(qapp):
    used = set()
    for f in UI.glob("*.py"):
        used |= set(re.findall(r'icon\(\s*"([a-z0-9-]+)"', f.read_text(encoding="utf-8")))
    used |= {name for name, _tint in __import__("srdi_desktop.ui.ladder", fromlist=["x"]).RUNG_ICONS.values()}
    assert used and all((paths.ICONS_DIR / f"{n}.svg").is_file() for n in used), used
    assert "MIT License" in (paths.ICONS_DIR / "LICENSE-tabler-icons.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("ratio", [1.0, 1.25, 1.5, 2.0])
def test_icons_are_drawn_at_the_pixel_ratio_asked_for(qapp, ratio):
    """Crisp at high DPI: a 24 px icon at 200 % is a 48-pixel drawing, not a 24-pixel one scaled up."""
    pm = icons.icon("file-plus").pixmap(QSize(24, 24), ratio)
    assert pm.width() == round(24 * ratio) and pm.devicePixelRatio() == ratio
    img = pm.toImage()
    inked = sum(img.pixelColor(x, y).alpha() > 200 for x in range(img.width()) for y in range(img.height()))
    assert inked > 0.05 * img.width() * img.height()  # drawn, not blank


def test_an_icon_is_stroked_in_the_colours_of_the_scheme_in_use(qapp):
    """Switching to dark gives icons in the dark palette's text colour, not the light ones kept from before."""
    def ink(scheme: str) -> str:
        style.apply_style(qapp, scheme)
        img = icons.icon("file-plus").pixmap(QSize(48, 48), 1.0).toImage()
        inked = [img.pixelColor(x, y) for x in range(48) for y in range(48) if img.pixelColor(x, y).alpha() == 255]
        return inked[0].name()

    was = style.scheme()
    try:
        light, dark = ink("light"), ink("dark")
        assert light == style.colours("light")["text"] and dark == style.colours("dark")["text"] and light != dark
        assert ink("light") == light
    finally:
        style.apply_style(qapp, was)
