"""The Windows installer, built here and installed silently under wine into a fresh prefix (issue 19).

What wine 8 can show: the NSIS installer and uninstaller, the embedded CPython with the locked wheels,
the command line (demo PDF, evaluate --json, import into %APPDATA%). What it cannot: the Qt GUI
(Qt6Core.dll imports icuuc.dll, which wine lacks, and Qt >= 6.6 needs WinRT UISettings) — that runs on
a hosted Windows runner (.github/workflows/installers.yml).
Set SRDI_WIN_SETUP=path\\to\\setup.exe to test an installer already built.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from srdi_desktop import __version__, paths
from tests.packaging.conftest import REPO, leftovers, package, record, skip_unless_enabled, tree

pytestmark = [pytest.mark.packaging, skip_unless_enabled,
              pytest.mark.skipif(shutil.which("wine") is None, reason="wine is not installed (apt-get install wine64)")]

APP = "专精特新发展自评"
EXAMPLE = r"python\Lib\site-packages\srdi_desktop\_data\resources\examples\demo_firm.yaml"
UNINSTALL_KEY = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\srdi-desktop"


class Wine:
    """One wine prefix: run Windows programs, map C:\\ paths to this machine's."""

    def __init__(self, prefix: Path):
        self.prefix = prefix
        self.env = {**os.environ, "WINEPREFIX": str(prefix), "WINEDEBUG": "-all",
                    "WINEDLLOVERRIDES": "mscoree,mshtml=",  # no Mono/Gecko download prompts
                    "DISPLAY": ""}
        self.env.pop("PYTHONPATH", None)

    def run(self, *cmd: str, timeout: int = 300, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        # Standard streams must be pipes: the Windows Python cannot start on a file or a closed handle.
        done = subprocess.run(list(cmd), env=self.env, stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=timeout)
        if check and done.returncode:
            raise AssertionError(f"{cmd} -> {done.returncode}\n{done.stdout.decode(errors='replace')}"
                                 f"\n{done.stderr.decode(errors='replace')}")
        return done

    def wait(self) -> None:
        self.run("wineserver", "-w")

    def unix(self, win: str) -> Path:
        assert win[1:3] == ":\\", win
        return self.prefix / f"drive_{win[0].lower()}" / win[3:].replace("\\", "/")

    def env_var(self, name: str) -> str:
        return self.run("wine", "cmd", "/c", f"echo %{name}%").stdout.decode().strip()


@pytest.fixture(scope="module")
def setup_exe() -> Path:
    return package("windows", "SRDI_WIN_SETUP", f"srdi-desktop-{__version__}-win64-setup.exe", "setup.exe")


@pytest.fixture(scope="module")
def wine(tmp_path_factory, setup_exe) -> Wine:
    w = Wine(tmp_path_factory.mktemp("wineprefix"))
    w.run("wineboot", "-i", timeout=600)
    w.run("wine", "winecfg", "-v", "win10")  # wine's default is Windows 7; the installer wants 10 (1809+)
    t0 = time.monotonic()
    w.run("wine", str(setup_exe), "/S", timeout=600)
    w.wait()
    record("windows silent install under wine (s)", round(time.monotonic() - t0, 1))
    w.appdata, w.local = w.env_var("APPDATA"), w.env_var("LOCALAPPDATA")
    w.home = w.unix(w.local) / "Programs" / "srdi-desktop"
    w.installed = tree(w.home)  # before anything ran there
    record("windows installed tree (MB)", round(sum((w.home / f).stat().st_size for f in w.installed) / 2**20, 1))
    return w


def app(w: Wine, *args: str, home: str | None = None, timeout: int = 300) -> str:
    exe = f"{home or w.local + chr(92) + 'Programs' + chr(92) + 'srdi-desktop'}\\python\\python.exe"
    return w.run("wine", exe, "-m", "srdi_desktop", *args, timeout=timeout).stdout.decode("utf-8")


def test_installer_is_one_file_under_80_mb(setup_exe):
    assert setup_exe.name == f"srdi-desktop-{__version__}-win64-setup.exe"
    assert setup_exe.stat().st_size < 80 * 2**20


def test_installed_per_user_with_chinese_shortcuts_and_an_uninstall_entry(wine):
    assert wine.local.endswith(r"\AppData\Local")
    assert (wine.home / "python" / "python.exe").is_file() and (wine.home / "uninstall.exe").is_file()
    start_menu = wine.unix(wine.appdata) / "Microsoft" / "Windows" / "Start Menu" / "Programs" / f"{APP}.lnk"
    desktop = wine.unix(wine.env_var("USERPROFILE")) / "Desktop" / f"{APP}.lnk"
    assert start_menu.is_file() and desktop.is_file()
    entry = wine.run("wine", "reg", "query", UNINSTALL_KEY).stdout.decode("utf-8", errors="replace")
    assert __version__ in entry and "uninstall.exe" in entry and "InstallLocation" in entry


def test_assessment_files_open_with_the_app(wine):
    cmd = wine.run("wine", "reg", "query", r"HKCU\Software\Classes\srdi-desktop.assessment\shell\open\command")
    assert b"pythonw.exe" in cmd.stdout and b"open_assessment.pyw" in cmd.stdout
    for ext in (".yaml", ".yml", ".json"):
        progids = wine.run("wine", "reg", "query", rf"HKCU\Software\Classes\{ext}\OpenWithProgids").stdout
        assert b"srdi-desktop.assessment" in progids, ext


def test_installed_tree_has_the_app_its_content_and_no_leftovers(wine):
    files = wine.installed
    assert leftovers(files) == []
    site = "python/Lib/site-packages/"
    for needed in ("srdi_desktop/cli.py", "srdi_desktop/_data/forms", "srdi_desktop/_data/rules",
                   "srdi_desktop/_data/resources/fonts/wqy-microhei.ttc", "PySide6/Qt6Widgets.dll",
                   "PySide6/plugins/platforms/qwindows.dll", "PySide6/plugins/platforms/qoffscreen.dll",
                   "PySide6/translations/qtbase_zh_CN.qm", "rl_accel", "yaml/__init__.py"):
        assert any(f.startswith(site + needed) for f in files), needed
    assert not any("/qml/" in f or "Qt6Quick" in f or "opengl32sw" in f for f in files)
    assert "python/python313._pth" in files
    assert (wine.home / "python" / "python313._pth").read_text().split() == ["python313.zip", ".", r"Lib\site-packages"]


def test_version_is_the_package_version(wine):
    assert app(wine, "--version").strip() == f"srdi-desktop {__version__}"
    qt = wine.run("wine", str(wine.home / "python" / "python.exe"), "-c",
                  "import PySide6; print(PySide6.__version__)").stdout.decode().strip()
    assert qt == (REPO / "packaging" / "versions.sh").read_text().split("WIN_PYSIDE6_VERSION=")[1].split()[0]


def test_demo_pdf_has_embedded_fonts_and_chinese_text(wine, tmp_path):
    out = wine.appdata + r"\..\..\demo.pdf"
    t0 = time.monotonic()
    app(wine, "demo", "-o", out)
    record("windows demo PDF under wine (s)", round(time.monotonic() - t0, 1))
    pdf = wine.unix(wine.appdata).parent.parent / "demo.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "专精特新" in text and "路线图" in text


def test_the_shortcuts_pythonw_runs_the_app_without_a_console(wine):
    """The shortcuts start pythonw.exe, which has no stdout/stderr: the app must not trip over that."""
    out = wine.appdata + r"\..\..\demo-pythonw.pdf"
    wine.run("wine", str(wine.home / "python" / "pythonw.exe"), "-m", "srdi_desktop", "demo", "-o", out)
    wine.wait()
    assert PdfReader(wine.unix(wine.appdata).parent.parent / "demo-pythonw.pdf").pages


def test_evaluate_json_on_windows_equals_this_machine(wine):
    windows = json.loads(app(wine, "evaluate", "--json", f"{wine.local}\\Programs\\srdi-desktop\\{EXAMPLE}"))
    here = subprocess.run([sys.executable, "-m", "srdi_desktop", "evaluate", "--json", str(paths.DEMO_FILE)],
                          capture_output=True, text=True, check=True, encoding="utf-8").stdout
    assert windows == json.loads(here)
    assert windows["tiers"]


def test_user_data_lands_in_appdata_and_nothing_in_the_program_folder(wine):
    app(wine, "import", f"{wine.local}\\Programs\\srdi-desktop\\{EXAMPLE}")
    db = wine.unix(wine.appdata) / "srdi-desktop" / "assessments.db"
    with sqlite3.connect(db) as con:
        assert con.execute("select count(*) from assessments").fetchone()[0] >= 1
    assert "示例精密部件有限公司" in app(wine, "list")  # the demo firm, read back from that database
    written = set(tree(wine.home)) - set(wine.installed)
    assert all("__pycache__" in f for f in written), sorted(written)[:5]


def test_silent_install_to_a_chosen_folder_then_uninstall_keeps_the_users_data(wine, setup_exe):
    chosen = r"C:\Apps\专精特新 自评"  # a space and Chinese, unquoted and last: NSIS's rule for /D=
    # Through cmd, which passes the command line as typed; wine would quote an argument with a space.
    setup = "Z:" + str(setup_exe.resolve()).replace("/", "\\")
    wine.run("wine", "cmd", "/c", f"{setup} /S /D={chosen}", timeout=600)
    wine.wait()
    folder = wine.unix(chosen)
    assert app(wine, "--version", home=chosen).strip() == f"srdi-desktop {__version__}"
    assert (folder / "python" / "python.exe").is_file()
    db = wine.unix(wine.appdata) / "srdi-desktop" / "assessments.db"
    before = db.read_bytes()

    wine.run("wine", str(folder / "uninstall.exe"), "/S")
    wine.wait()  # the uninstaller re-starts itself from %TEMP%; wait for it
    assert not folder.exists()
    assert not (wine.unix(wine.appdata) / "Microsoft" / "Windows" / "Start Menu" / "Programs" / f"{APP}.lnk").exists()
    assert wine.run("wine", "reg", "query", UNINSTALL_KEY, check=False).returncode != 0
    assert db.read_bytes() == before  # the user's assessments stay
