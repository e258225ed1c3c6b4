"""The installer tests build and install the real packages (minutes, network for the wheels, wine,
root for dpkg). They run only with SRDI_PACKAGING=1; `.ci/run` and the quick suite skip them."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ENABLED = os.environ.get("SRDI_PACKAGING") == "1"
MEASUREMENTS = REPO / "build" / "packaging-measurements-{}.json"  # one per platform: the tests may run at once

skip_unless_enabled = pytest.mark.skipif(not ENABLED, reason="installer tests: set SRDI_PACKAGING=1 (minutes; "
                                                              "needs nsis, wine, dpkg, lintian)")


def record(name: str, value: float | int | str) -> None:
    """Sizes and timings of the last run, for the README and the report (build/, not committed)."""
    path = Path(str(MEASUREMENTS).format(name.split()[0]))
    path.parent.mkdir(exist_ok=True)
    data = json.loads(path.read_text()) if path.is_file() else {}
    data[name] = value
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False))


def build(target: str) -> float:
    """Run packaging/build.sh TARGET; the seconds it took."""
    t0 = time.monotonic()
    subprocess.run([str(REPO / "packaging" / "build.sh"), target], cwd=REPO, check=True, timeout=3600)
    return time.monotonic() - t0


def package(target: str, env: str, name: str, label: str) -> Path:
    """The package ``env`` names (one already built), else built now into dist/``name``; its build time and
    size recorded under ``label``."""
    given = os.environ.get(env)
    if given:
        return Path(given)
    record(f"{target} build (s)", round(build(target), 1))
    out = REPO / "dist" / name
    record(f"{target} {label} (MB)", round(out.stat().st_size / 2**20, 1))
    return out


def leftovers(files: list[str]) -> list[str]:
    """Paths (relative, with /) that have no place in an installed program: caches, tests, stubs, builds."""
    bad = []
    for rel in files:
        parts = rel.lower().split("/")
        name = parts[-1]
        if ("__pycache__" in parts or name.endswith((".pyc", ".pyo", ".pyi", ".whl", ".tar.gz", ".o", ".a", ".h"))
                or {"tests", "test", ".git", ".pytest_cache", ".ruff_cache", ".mypy_cache",
                    ".hypothesis", "include", "typesystems", "glue"} & set(parts[:-1])
                # a build/ or dist/ folder of a build, not a package's module of that name (pip's "build")
                or any(part in ("build", "dist") and (i == 0 or parts[i - 1] == "site-packages")
                       for i, part in enumerate(parts[:-1]))
                or name in ("conftest.py", "pyproject.toml", ".gitignore", "setup.py", "setup.cfg")
                or (name.startswith("test_") and name.endswith(".py"))
                or name.endswith(".egg-info")):
            bad.append(rel)
    return bad


def tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() or p.is_symlink())
