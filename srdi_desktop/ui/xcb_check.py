"""First start on Linux: say which system libraries Qt's xcb platform lacks, before Qt aborts with
"could not load the Qt platform plugin xcb" (issue 16 #9). Needs no Qt: it runs before QApplication."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from importlib.util import find_spec
from pathlib import Path

# The libraries the xcb plugin of the PySide6 wheel loads that a minimal Debian desktop may lack, and the
# Debian package of each (ldd on PySide6/Qt/plugins/platforms/libqxcb.so, dpkg -S; Debian 12 names).
DEBIAN_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0", "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0", "libxcb-shape.so.0": "libxcb-shape0", "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1", "libxcb-util.so.1": "libxcb-util1", "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1", "libxcb.so.1": "libxcb1", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0", "libX11-xcb.so.1": "libx11-xcb1", "libX11.so.6": "libx11-6",
    "libEGL.so.1": "libegl1", "libGL.so.1": "libgl1", "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6", "libdbus-1.so.3": "libdbus-1-3", "libglib-2.0.so.0": "libglib2.0-0",
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$", re.MULTILINE)


def uses_xcb(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt will load the xcb plugin: on Linux, with an X display, when no other platform is asked
    for (QT_QPA_PLATFORM unset or xcb) and the session is not a Wayland one (Qt then takes wayland)."""
    if not platform.startswith("linux"):
        return False
    asked = environ.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0]
    if asked == "xcb":
        return True
    if asked or not environ.get("DISPLAY"):
        return False
    return not (environ.get("WAYLAND_DISPLAY") and environ.get("XDG_SESSION_TYPE") == "wayland")


def not_found(ldd_output: str) -> list[str]:
    """The libraries ldd reports as "not found", in its order, each once."""
    return list(dict.fromkeys(_NOT_FOUND.findall(ldd_output)))


def packages_for(libraries: list[str]) -> list[str]:
    """The Debian packages to install for ``libraries`` (a library not in DEBIAN_PACKAGES is still named in
    the message, but never guessed into an apt-get line)."""
    return list(dict.fromkeys(DEBIAN_PACKAGES[lib] for lib in libraries if lib in DEBIAN_PACKAGES))


def xcb_plugin() -> Path | None:
    spec = find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    plugin = Path(next(iter(spec.submodule_search_locations))) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.is_file() else None


def check_in_background(environ: Mapping[str, str] | None = None) -> Callable[[], list[str]]:
    """Start ldd on the xcb plugin now and return what gives its answer: the libraries the plugin needs
    and this system lacks ([] when xcb is not used or ldd cannot tell). ldd takes 10–40 ms; it runs while
    Qt's modules are imported, so a start costs nothing for it."""
    if not uses_xcb(os.environ if environ is None else environ):
        return list
    plugin = xcb_plugin()
    if plugin is None:
        return list
    import subprocess  # here: its import (~4 ms with locale, signal, selectors) is on every start's path

    try:
        ldd = subprocess.Popen(["ldd", str(plugin)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    except OSError:
        return list  # no ldd: let Qt try

    def answer() -> list[str]:
        try:
            out, _ = ldd.communicate(timeout=20)
        except subprocess.SubprocessError:
            ldd.kill()
            ldd.communicate()
            return []
        return not_found(out)

    return answer


def missing_xcb_libraries(environ: Mapping[str, str] | None = None) -> list[str]:
    """``check_in_background``, waited for."""
    return check_in_background(environ)()
