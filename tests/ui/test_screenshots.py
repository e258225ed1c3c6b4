"""Every page of the app at 1280×800 and at the 1366×728 a 1366×768 laptop leaves under its taskbar, in
Chinese and English, saved to screenshots/<lang>/ and screenshots/<lang>-1366x768/ (see README): no boxes
for Chinese, nothing clipped, every button and input reachable (in view or in a scroll area), no
horizontal scroll bar, no '&' lost, and in the Chinese UI no English left untranslated. The same in the
dark scheme (a child process: the scheme is chosen once per process), in screenshots/<lang>-dark/.

With SRDI_WRITE_README_SCREENSHOTS=1 the README's pictures (home with the ladder, the results'
conclusion, the roadmap columns) are written to docs/screenshots/ as well."""

import datetime as dt
import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from srdi_desktop import paths
from srdi_desktop.core.document import parse_document
from srdi_desktop.service import finalize
from srdi_desktop.ui.style import THEME_ENV, scheme

from ..conftest import REPO, SCREENSHOTS
from .layout_checks import (
    clipped,
    horizontal_scrollbars,
    lost_ampersands,
    missing_glyphs,
    unreachable,
    untranslated,
)

# (window size, screenshot folder suffix): the classic desktop, and a 1366×768 laptop less its taskbar
SIZES = {"1280x800": ((1280, 800), ""), "1366x768": ((1366, 728), "-1366x768")}
README_SHOTS = REPO / "docs" / "screenshots"
README = {"home": "home", "results_1": "results", "results_3": "roadmap"}  # page -> picture in the README


def _readme_picture(widget, lang: str, page: str, size: str) -> None:
    """A small copy for the README: 256 colours are plenty for a flat UI and keep each file small."""
    if os.environ.get("SRDI_WRITE_README_SCREENSHOTS") != "1" or page not in README or scheme() != "light" \
            or size != "1280x800":
        return
    README_SHOTS.mkdir(parents=True, exist_ok=True)
    img = widget.grab().toImage().convertToFormat(QImage.Format.Format_Indexed8)
    assert img.save(str(README_SHOTS / f"{lang}_{README[page]}.png"), "PNG", 9)


def _check_and_save(qtbot, widget, lang, name, shots, size):
    (w, h), suffix = SIZES[size]
    widget.resize(w, h)
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: widget.width() == w)
    dark = "" if scheme() == "light" else f"-{scheme()}"
    out = SCREENSHOTS / f"{lang}{suffix}{dark}"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{len(shots) + 1:02d}_{name}.png"
    QApplication.sendPostedEvents()  # pending layout passes, as a user's event loop would have run them
    assert widget.grab().save(str(path))  # saved first: a failure below can be looked at
    shots.append(path)
    QApplication.sendPostedEvents()  # pending layout passes, as a user's event loop would have run them
    assert widget.height() == h, (name, "the layout's minimum height is taller than the screen", widget.height())
    assert not missing_glyphs(widget), (name, missing_glyphs(widget))
    assert not clipped(widget), (name, clipped(widget))
    assert not unreachable(widget), (name, unreachable(widget))
    assert not horizontal_scrollbars(widget), (name, horizontal_scrollbars(widget))
    assert not lost_ampersands(widget), (name, lost_ampersands(widget))
    if lang == "zh":
        assert not untranslated(widget), (name, untranslated(widget))
    _readme_picture(widget, lang, name, size)


@pytest.fixture
def firm(home, controller, content):
    """The demo firm: last year's final assessment and this year's draft (copied as next year's)."""
    a = parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire)
    a.assessed_on = dt.date(2025, 11, 20)
    old = controller.store.import_assessment(a)
    finalize(controller.store, controller.content, old, controller.store.load(old).assessment)
    new = controller.duplicate_as_next_year(old)
    for qid, v in {"finance.revenue_y1": 9100, "rd.expense_y1": 300, "finance.net_profit_y1": 420}.items():
        controller.store.save_answer(new, qid, v)
    home.refresh()
    return old, new


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_in_both_languages(home, controller, qtbot, firm, lang, size):
    old, new = firm
    controller.set_language(lang)
    shots: list = []
    _check_and_save(qtbot, home, lang, "home", shots, size)
    wiz = controller.open_assessment(new)
    assert wiz.currentPage() is wiz.assessment_page
    _check_and_save(qtbot, wiz, lang, "wizard_00_assessment", shots, size)
    wiz.next()
    for i, page in enumerate(wiz.section_pages):
        qtbot.waitUntil(lambda page=page: wiz.currentPage() is page)
        _check_and_save(qtbot, wiz, lang, f"wizard_{i + 1:02d}_{page.section.id}", shots, size)
        if i < len(wiz.section_pages) - 1:
            wiz.next()
    wiz.reject()
    results = controller.show_results(new)
    for i in range(results.tabs.count()):
        results.tabs.setCurrentIndex(i)
        _check_and_save(qtbot, results, lang, f"results_{i + 1}", shots, size)
    history = controller.show_history(new)
    _check_and_save(qtbot, history, lang, "history", shots, size)
    assert len(shots) == 2 + len(wiz.section_pages) + results.tabs.count() + 1


@pytest.mark.slow
def test_every_page_in_the_dark_scheme():
    """The same pages and checks with the dark palette, in a child process (the scheme is set once)."""
    env = {**os.environ, THEME_ENV: "dark", "SRDI_WRITE_README_SCREENSHOTS": "0", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"{__file__}::"
                           "test_every_page_in_both_languages"], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert len(list((SCREENSHOTS / "zh-dark").glob("*.png"))) > 5
