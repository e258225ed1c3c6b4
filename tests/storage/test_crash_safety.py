"""Kill a process in the middle of saving answers, 100 times: nothing acknowledged is ever lost."""

import os
import random
import signal
import sqlite3
import subprocess
import sys

import pytest

from srdi_desktop.storage.store import AssessmentStore

CHILD = r"""
import sys
from srdi_desktop.storage.store import AssessmentStore
store = AssessmentStore.open(sys.argv[1])
aid, start = sys.argv[2], int(sys.argv[3])
print("ready", flush=True)
i = start
while True:
    store.save_answer(aid, "finance.revenue_y1", i)          # the answer being edited
    store.save_answer(aid, f"rd.expense_y1", i % 997)         # and another field, as a user types
    print(f"ack {i}", flush=True)                             # acknowledged only after both commits
    i += 1
"""


@pytest.mark.slow
def test_sigkill_mid_save_100_times_loses_nothing_acknowledged(tmp_path):
    import datetime as dt

    db = tmp_path / "crash.db"
    store = AssessmentStore.open(db)
    aid = store.create(dt.date(2026, 11, 21))
    store.close()
    rnd = random.Random(20261121)
    last_acked = -1
    for attempt in range(100):
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(db), aid, str(last_acked + 1)],
                                stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        assert proc.stdout.readline().strip() == "ready"
        wanted = rnd.randint(1, 40)
        acked = last_acked
        for _ in range(wanted):
            line = proc.stdout.readline()
            assert line.startswith("ack "), line
            acked = int(line.split()[1])
        os.kill(proc.pid, signal.SIGKILL)  # the child is writing its next answers right now
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        # The child ran on while we read: everything it printed before dying was acknowledged too.
        for line in proc.stdout.read().splitlines():
            if line.startswith("ack "):
                acked = int(line.split()[1])

        con = sqlite3.connect(db)
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",), attempt
        con.close()
        store = AssessmentStore.open(db)  # the app's own check at start passes too
        answers = store.load(aid).assessment.answers
        store.close()
        # Every acknowledged save is there; at most the unacknowledged next one went further.
        assert answers["finance.revenue_y1"] in (acked, acked + 1), (attempt, acked, answers)
        assert answers["rd.expense_y1"] in (acked % 997, (acked + 1) % 997)
        last_acked = answers["finance.revenue_y1"]
