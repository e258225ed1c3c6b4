"""Every CLI command given arguments that cannot be right: one clear line, exit 2 (or 1 for a batch
with failed files), never a traceback. Only the cases of issue 14 items 6, 9 and 13 are here; the
generic error wrapper (another branch) covers the rest."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from srdi_desktop import paths

DEMO = paths.DEMO_FILE.read_text(encoding="utf-8")


@pytest.fixture
def env(tmp_path):
    (tmp_path / "firm.yaml").write_text(DEMO, encoding="utf-8")
    (tmp_path / "old.yaml").write_text(DEMO.replace("2026-11-21", "2025-11-21"), encoding="utf-8")
    (tmp_path / "other.yaml").write_text(DEMO.replace("91330100MA2B3C4D5N", "91110000600037341L")
                                         .replace("2026-11-21", "2025-11-21"), encoding="utf-8")
    (tmp_path / "later.yaml").write_text(DEMO.replace("2026-11-21", "2027-03-01"), encoding="utf-8")
    (tmp_path / "batch").mkdir()
    (tmp_path / "batch" / "good.yaml").write_text(DEMO, encoding="utf-8")
    (tmp_path / "batch" / "bad.yaml").write_text("format: [", encoding="utf-8")
    (tmp_path / "batch" / "deep.json").write_text("[" * 50000 + "]" * 50000, encoding="utf-8")
    db = tmp_path / "a.db"
    e = {**os.environ, paths.DB_ENV: str(db)}
    r = subprocess.run([sys.executable, "-m", "srdi_desktop", "import", "firm.yaml"], cwd=tmp_path, env=e,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return tmp_path, e, r.stdout.strip()


CASES = [  # (arguments, expected exit code, a word the message must contain)
    (["export", "{id}", "-o", "a.db"], 2, "database"),
    (["export", "{id}", "-o", "a.db-wal"], 2, "database"),
    (["blank", "-o", "a.db"], 2, "database"),
    (["demo", "-o", "a.db"], 2, "database"),
    (["report", "firm.yaml", "-o", "firm.yaml"], 2, "input file"),
    (["report", "firm.yaml", "-o", "r.pdf", "--csv", "r.pdf"], 2, "twice"),
    (["plan", "firm.yaml", "--ics", "firm.yaml"], 2, "input file"),
    (["report", "firm.yaml", "-o", "r.pdf", "--previous", "other.yaml"], 2, "another firm"),
    (["report", "firm.yaml", "-o", "r.pdf", "--previous", "later.yaml"], 2, "not before"),
    (["report", "firm.yaml", "-o", "r.pdf", "--previous", "old.yaml", "--ics", "old.yaml"], 2, "input file"),
    (["evaluate", "firm.yaml", "--criteria", "bogus"], 2, "cn_srdi_2026"),
    (["report", "batch", "-o", "out", "-j", "-1"], 2, "1 to 256"),
    (["report", "batch", "-o", "out", "-j", "many"], 2, "1 to 256"),
    (["report", "batch", "-o", "out", "-j", "1"], 1, "FAILED"),
]


@pytest.mark.parametrize(("argv", "code", "says"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_no_traceback(env, argv, code, says):
    cwd, e, aid = env
    r = subprocess.run([sys.executable, "-m", "srdi_desktop", *(a.format(id=aid) for a in argv)], cwd=cwd,
                       env=e, capture_output=True, text=True)
    assert "Traceback" not in r.stderr + r.stdout
    assert r.returncode == code, r.stderr
    if code == 2:  # the message is one line (argparse may print its usage before it)
        last = r.stderr.strip().splitlines()[-1]
        assert last.startswith("srdi-desktop") and "error:" in last and says in last
    else:
        assert says in r.stderr
