"""Which modules a piece of code loads, seen from a fresh interpreter (tests of what start-up pays for)."""

import subprocess
import sys
from collections.abc import Iterable


def loaded(code: str, watched: Iterable[str]) -> list[str]:
    """Those of ``watched`` in ``sys.modules`` once ``code`` has run in a new Python process."""
    probe = f"{code}\nimport sys\nprint(' '.join(sorted(m for m in {sorted(watched)!r} if m in sys.modules)))"
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    assert "Traceback" not in r.stderr, r.stderr
    return r.stdout.split()
