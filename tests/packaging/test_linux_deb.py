"""The Linux package: a PyInstaller one-folder build in a .deb, checked by lintian, installed with
`dpkg -i` on this machine and smoke-tested (issue 19). Removed again at the end of the module.
Set SRDI_DEB=path/to/srdi-desktop_<version>_amd64.deb to test a package already built.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from srdi_desktop import __version__, paths
from tests.packaging.conftest import REPO, leftovers, package, record, skip_unless_enabled

pytestmark = [
    pytest.mark.packaging, skip_unless_enabled,
    pytest.mark.skipif(shutil.which("dpkg-deb") is None or shutil.which("lintian") is None,
                       reason="needs dpkg-deb and lintian (Debian)"),
    pytest.mark.skipif(os.geteuid() != 0, reason="dpkg -i needs root"),
]

BIN = "/usr/bin/srdi-desktop"
SCREENSHOTS = REPO / "build" / "screenshots"


@pytest.fixture(scope="module")
def deb() -> Path:
    return package("linux", "SRDI_DEB", f"srdi-desktop_{__version__}_amd64.deb", ".deb")


@pytest.fixture(scope="module")
def installed(deb):
    subprocess.run(["dpkg", "-r", "srdi-desktop"], capture_output=True)  # a copy left by an earlier run
    t0 = time.monotonic()
    subprocess.run(["dpkg", "-i", str(deb)], check=True, capture_output=True, timeout=600)
    record("linux dpkg -i (s)", round(time.monotonic() - t0, 1))
    files = subprocess.run(["dpkg", "-L", "srdi-desktop"], check=True, capture_output=True,
                           text=True).stdout.split("\n")
    record("linux installed tree (MB)", round(sum(os.path.getsize(f) for f in files
                                                  if os.path.isfile(f) and not os.path.islink(f)) / 2**20, 1))
    yield [f for f in files if f]
    subprocess.run(["dpkg", "-r", "srdi-desktop"], check=True, capture_output=True, timeout=600)
    assert not Path(BIN).exists()


@pytest.fixture
def user_env(tmp_path):
    """A fresh user: HOME and XDG_DATA_HOME in tmp, nothing from the developer's environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "SRDI_", "QT_", "VIRTUAL_ENV"))}
    env.update(HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "home" / ".local" / "share"),
               XDG_CONFIG_HOME=str(tmp_path / "home" / ".config"), QT_QPA_PLATFORM="offscreen")
    env["PATH"] = "/usr/bin:/bin"
    return env


def run(env, *args, timeout=300) -> str:
    done = subprocess.run([BIN, *args], env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{args}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_lintian_finds_no_errors_or_warnings(deb):
    done = subprocess.run(["lintian", "--no-tag-display-limit", str(deb)], capture_output=True, text=True,
                          timeout=900)
    problems = [line for line in done.stdout.splitlines() if line.startswith(("E:", "W:"))]
    assert problems == [], "\n".join(problems)


def test_package_installs_a_command_a_desktop_entry_and_icons(installed):
    assert BIN in installed and os.path.realpath(BIN) == "/usr/lib/srdi-desktop/srdi-desktop"
    desktop = Path("/usr/share/applications/srdi-desktop.desktop")
    text = desktop.read_text(encoding="utf-8")
    assert "Name[zh_CN]=专精特新发展自评" in text and "Exec=srdi-desktop gui" in text and "Icon=srdi-desktop" in text
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(desktop)], check=True)
    for icon in ("48x48/apps/srdi-desktop.png", "256x256/apps/srdi-desktop.png", "scalable/apps/srdi-desktop.svg"):
        assert f"/usr/share/icons/hicolor/{icon}" in installed


def test_installed_tree_has_the_content_the_qt_plugins_and_no_leftovers(installed):
    bundle = [f[len("/usr/lib/srdi-desktop/"):] for f in installed if f.startswith("/usr/lib/srdi-desktop/")]
    assert leftovers(bundle) == []
    for needed in ("_internal/srdi_desktop/_data/forms", "_internal/srdi_desktop/_data/rules",
                   "_internal/srdi_desktop/_data/resources/fonts/wqy-microhei.ttc",
                   "_internal/PySide6/Qt/plugins/platforms/libqoffscreen.so",
                   "_internal/PySide6/Qt/plugins/platforms/libqxcb.so",
                   "_internal/PySide6/Qt/translations/qtbase_zh_CN.qm"):
        assert any(f.startswith(needed) for f in bundle), needed


def test_version_is_the_package_version(installed, user_env):
    assert run(user_env, "--version").strip() == f"srdi-desktop {__version__}"
    control = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "srdi-desktop"], capture_output=True,
                             text=True, check=True).stdout
    assert control == __version__


def test_demo_pdf_has_embedded_fonts_and_chinese_text(installed, user_env, tmp_path):
    pdf = tmp_path / "demo.pdf"
    t0 = time.monotonic()
    run(user_env, "demo", "-o", str(pdf))
    record("linux demo PDF, installed (s)", round(time.monotonic() - t0, 2))
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "专精特新" in text and "路线图" in text


def _shot(user_env, name: str, **extra) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    png = SCREENSHOTS / name
    png.unlink(missing_ok=True)
    t0 = time.monotonic()
    run({**user_env, **extra}, "gui", "--screenshot", str(png), timeout=120)
    record(f"linux GUI start to screenshot, {name} (s)", round(time.monotonic() - t0, 2))
    from PIL import Image

    with Image.open(png) as img:
        assert img.width >= 600 and img.height >= 400
        assert len(img.convert("RGB").getcolors(1 << 20) or []) > 50  # text, not a blank window
    return png


def test_gui_starts_offscreen_with_the_users_data_and_saves_a_screenshot(installed, user_env):
    run(user_env, "import", str(paths.DEMO_FILE))
    assert (Path(user_env["XDG_DATA_HOME"]) / "srdi-desktop" / "assessments.db").is_file()
    _shot(user_env, "deb-home-offscreen.png")


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run missing (apt-get install xvfb)")
def test_gui_starts_on_an_x_server(installed, user_env):
    """The xcb platform plugin and every system library it needs (the package's Depends) load."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    png = SCREENSHOTS / "deb-home-xvfb.png"
    done = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", BIN, "gui", "--screenshot", str(png)],
                          env={**user_env, "QT_QPA_PLATFORM": "xcb"}, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert png.is_file()
