"""`srdi-desktop evaluate FILE --json` loads no module it can do without (DESIGN §8: the whole process
≤ 3× `python -c "import yaml"`): each line below is a few milliseconds every run once paid."""

import os
import subprocess
import sys

import pytest

from srdi_desktop import paths

_PROBE = ("import contextlib, io, sys; from srdi_desktop.cli import main\n"
          f"sys.argv = ['srdi-desktop', 'evaluate', {str(paths.DEMO_FILE)!r}, '--json']\n"
          "with contextlib.redirect_stdout(io.StringIO()):\n"
          "    try: main()\n"
          "    except SystemExit as e: assert not e.code, e.code\n"
          "print(' '.join(sorted(sys.modules)))")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """The modules of a run with the content cache in place, as every run after the first."""
    env = {**os.environ, paths.CACHE_ENV: str(tmp_path_factory.mktemp("cache"))}
    for _ in range(2):  # the first fills the cache
        r = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, env=env, timeout=120)
        assert r.returncode == 0, r.stderr[-2000:]
    return set(r.stdout.split())


@pytest.mark.parametrize(("module", "why"), [
    ("dataclasses", "core's classes are msgspec Structs (~8 ms with inspect, ~0.5 ms a class)"),
    ("hashlib", "the content cache is keyed by zlib's checksums; OpenSSL loads in ~4 ms"),
    ("shutil", "argparse is given the terminal width; shutil brings bz2 and lzma (~4 ms)"),
    ("difflib", "only a misspelt rule id needs a suggestion"),
    ("sqlite3", "evaluating a file needs no database"),
    ("json", "msgspec writes the JSON (~1 ms; json's indenting encoder is pure Python, ~5 ms, + ~2.5 to load)"),
])
def test_evaluate_json_does_without(loaded, module, why):
    assert module not in loaded, why


def test_the_probe_sees_what_it_loads(loaded):
    assert {"srdi_desktop.core.evaluate", "yaml", "msgspec"} <= loaded
