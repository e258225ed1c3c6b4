"""The Windows installer's locked wheels hold every runtime dependency pyproject.toml declares (it runs in
the quick suite): build.sh installs them --no-deps, so one missing fails the installed app, as openpyxl's
absence once failed its XLSX export."""

import re
import tomllib

from tests.packaging.conftest import REPO


def _name(requirement: str) -> str:
    """PEP 503's normalised name of a requirement."""
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9_.-]+", requirement.strip())[0]).lower()


def test_every_runtime_dependency_has_a_locked_windows_wheel():
    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    lines = (REPO / "packaging" / "windows-requirements.txt").read_text(encoding="utf-8").splitlines()
    locked = {_name(line) for line in lines if line and not line.startswith("#")}
    assert {"openpyxl", "pyside6-essentials", "msgspec"} <= locked
    assert {_name(d) for d in declared} - locked == set()
    assert all("--hash=sha256:" in line for line in lines if line and not line.startswith("#"))
