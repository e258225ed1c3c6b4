"""Where content and user data live: the one place that knows the layout on disk."""

from __future__ import annotations

import os
import sys
from pathlib import Path

_PKG = Path(__file__).resolve().parent
# An installed wheel carries the content under srdi_desktop/_data; a source checkout has it at the top.
_DATA = _PKG / "_data" if (_PKG / "_data" / "forms").is_dir() else _PKG.parent

FORMS_DIR = _DATA / "forms"
RULES_DIR = _DATA / "rules"
RESOURCES_DIR = _DATA / "resources"
FONT_FILE = RESOURCES_DIR / "fonts" / "wqy-microhei.ttc"
FONT_LICENSE = RESOURCES_DIR / "fonts" / "LICENSE-wqy-microhei.txt"
FALLBACK_FONT_FILE = RESOURCES_DIR / "fonts" / "hanamin-tgh.ttf"  # see LICENSE-hanazono.txt
DEMO_FILE = RESOURCES_DIR / "examples" / "demo_firm.yaml"
I18N_DIR = RESOURCES_DIR / "i18n"
STYLE_DIR = RESOURCES_DIR / "style"  # palette.json and sheet.qss: the look as data
ICONS_DIR = RESOURCES_DIR / "icons"  # Tabler Icons (MIT), see LICENSE-tabler-icons.txt

DB_ENV = "SRDI_DESKTOP_DB"
DATA_ENV = "SRDI_DESKTOP_DATA"
CACHE_ENV = "SRDI_DESKTOP_CACHE"


def user_data_dir() -> Path:
    """Per-user data folder (XDG on Linux, AppData on Windows, Application Support on macOS)."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "srdi-desktop"


def user_cache_dir() -> Path:
    """Per-user cache folder (XDG cache on Linux, LocalAppData on Windows, Caches on macOS): only what can
    be rebuilt, such as the loaded content (content_cache.py). ``SRDI_DESKTOP_CACHE`` overrides it."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "srdi-desktop"


def user_criteria_dirs() -> list[Path]:
    """Criteria packs the user added: every *.yaml under ``rules/`` in the user data folder (docs/criteria_sets.md)."""
    folder = user_data_dir() / "rules"
    return [folder] if folder.is_dir() else []


def default_db_path() -> Path:
    return Path(os.environ[DB_ENV]) if os.environ.get(DB_ENV) else user_data_dir() / "assessments.db"
