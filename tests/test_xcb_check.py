"""Issue 16 #9: on a Linux desktop lacking the xcb libraries, one clear line naming them, not Qt's abort."""

import os
import subprocess
import sys

import pytest

from srdi_desktop.ui.xcb_check import not_found, packages_for, uses_xcb

LDD = """\
\tlinux-vdso.so.1 (0x00007ffd1f5e8000)
\tlibQt6XcbQpa.so.6 => /opt/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x00007f1)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f3)
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-cursor.so.0 => not found
\tlibweird.so.9 => not found
"""


def test_not_found_reads_ldd():
    assert not_found(LDD) == ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libweird.so.9"]
    assert not_found(LDD.replace("not found", "/lib/x.so (0x1)")) == []
    assert not_found("") == []


def test_packages_for_names_the_debian_packages():
    assert packages_for(["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"]) == [
        "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1"]
    assert packages_for(["libweird.so.9", "libxcb-cursor.so.0"]) == ["libxcb-cursor0"]


@pytest.mark.parametrize(("env", "platform", "expected"), [
    ({"DISPLAY": ":0"}, "linux", True),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, "linux", True),
    ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),  # asked for: Qt will try it
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux", False),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "wayland"}, "linux", False),
    ({}, "linux", False),  # no display at all: nothing to open a window on
    ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, "linux", False),
    ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "x11"}, "linux", True),
    ({"DISPLAY": ":0"}, "win32", False),
    ({"DISPLAY": ":0"}, "darwin", False),
])
def test_uses_xcb(env, platform, expected):
    assert uses_xcb(env, platform) is expected


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb platform is Linux's")
@pytest.mark.parametrize(("argv", "words"), [(["--lang", "zh", "gui"], "缺少"), (["--lang", "en", "gui"], "missing"),
                                            ([], "缺少"), (["gui"], "缺少")])  # the fast path too: the locale's
def test_the_app_names_the_missing_libraries_and_exits(tmp_path, argv, words):
    """The real command with an ldd that reports three libraries missing (a fake ldd on PATH)."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "ldd").write_text("#!/bin/sh\ncat <<'EOF'\n" + LDD + "EOF\n")
    (fake / "ldd").chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(PATH=f"{fake}{os.pathsep}{env.get('PATH', '')}", DISPLAY=":99", LANG="C.UTF-8")
    env["SRDI_DESKTOP_DB"] = str(tmp_path / "a.db")
    done = subprocess.run([sys.executable, "-m", "srdi_desktop", *argv], env=env, capture_output=True,
                          text=True, timeout=120)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, done.stderr
    assert len(lines) == 1 and words in lines[0], lines
    assert "libxcb-cursor.so.0, libxcb-icccm.so.4, libxcb-keysyms.so.1, libweird.so.9" in lines[0]
    assert lines[0].endswith("apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1")
