"""Issue 16 #8: in the .ics and the CSV, a horizon's actions follow one another by effort, not all on one day."""

import csv
import datetime as dt
import io
from types import SimpleNamespace

import pytest

from srdi_desktop import paths
from srdi_desktop.core.document import parse_document
from srdi_desktop.core.evaluate import evaluate
from srdi_desktop.core.plan_export import add_months, csv_plan, due_dates


class _Ev(SimpleNamespace):
    def findings_of(self, kind):
        return [f for f in self.findings if kind == "action"]


def _ev(*actions, on=dt.date(2026, 11, 21)):
    return _Ev(assessed_on=on, findings=[SimpleNamespace(id=i, horizon=h, effort=e) for i, h, e in actions])


@pytest.mark.parametrize(("actions", "expected"), [
    # one action: due at its horizon's end, as before
    ([("a", "0-6m", "high")], {"a": "2027-05-21"}),
    ([("a", "6-18m", "low")], {"a": "2028-05-21"}),
    # low 1 : medium 2 : high 3 of the 181 days to 2027-05-21, quick ones first, whatever the rank order
    ([("h", "0-6m", "high"), ("l", "0-6m", "low"), ("m", "0-6m", "medium")],
     {"l": "2026-12-21", "m": "2027-02-19", "h": "2027-05-21"}),
    # equal effort: in rank order, evenly
    ([("x", "0-6m", "medium"), ("y", "0-6m", "medium")], {"x": "2027-02-19", "y": "2027-05-21"}),
    # a later horizon starts where the one before ends (2028-05-21 .. 2029-11-21, 549 days)
    ([("p", "18-36m", "low"), ("q", "18-36m", "low"), ("r", "6-18m", "high")],
     {"p": "2029-02-19", "q": "2029-11-21", "r": "2028-05-21"}),
])
def test_due_dates(actions, expected):
    assert {k: v.isoformat() for k, v in due_dates(_ev(*actions)).items()} == expected


def test_the_demo_firms_near_term_actions_fall_on_different_days(content):
    a = parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire)
    ev = evaluate(content, a.answers, a.assessed_on)
    near = [f for f in ev.findings_of("action") if f.horizon == "0-6m"]
    assert len(near) >= 2  # else this proves nothing
    due = due_dates(ev)
    days = [due[f.id] for f in near]
    assert len(set(days)) == len(days)
    end = add_months(a.assessed_on, 6)
    assert all(a.assessed_on < d <= end for d in days) and max(days) == end
    rows = {r[5]: r[1] for r in list(csv.reader(io.StringIO(csv_plan(ev, "en").lstrip("\ufeff"))))[1:]}
    assert all(rows[f.id] == due[f.id].isoformat() for f in near)  # the CSV says the same dates
