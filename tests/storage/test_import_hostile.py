"""Hostile or broken files are rejected whole, with the place of the error; nothing is imported."""

import json

import pytest

from srdi_desktop.cli import main
from srdi_desktop.storage.store import AssessmentStore

GOOD = "format: srdi-assessment/1\nassessed_on: 2026-11-21\nanswers:\n  firm.name: 甲\n"


def cases():
    deep_yaml = GOOD + "  firm.sector:" + "".join(f"\n{'  ' * (i + 2)}k{i}:" for i in range(40)) + " 1\n"
    deep_json = ('{"format": "srdi-assessment/1", "assessed_on": "2026-11-21", "answers": '
                 + "[" * 5000 + "]" * 5000 + "}")
    return {
        "unknown id": (GOOD + "  firm.revenue: 5\n", ":5:3:", "unknown question id 'firm.revenue'"),
        "wrong type": (GOOD + "  firm.employees: many\n", ":5:19:", "whole number"),
        "out of range": (GOOD + "  market.niche_share_pct: 140\n", ":5:27:", "between 0 and 100"),
        "python tag": (GOOD + "  firm.sector: !!python/object/apply:os.system ['echo x']\n", ":5:", "python"),
        "too large": (GOOD + "# " + "x" * (10 * 1024 * 1024) + "\n", ":1:1:", "larger than 10 MB"),
        "deep yaml": (deep_yaml, ":", "nested"),
        "deep json": (deep_json, ":", "nested"),
        "invalid utf-8": (GOOD.encode() + b"  firm.sector: \xff\xfe\n", ":1:", "not valid UTF-8"),
        "duplicate yaml key": (GOOD + "  firm.name: 乙\n", ":5:3:", "duplicate key 'firm.name'"),
        "duplicate json key": ('{"format": "srdi-assessment/1", "assessed_on": "2026-11-21", '
                               '"answers": {"firm.name": "a", "firm.name": "b"}}', ":1:93:", "duplicate key"),
        # (in.yaml is read as YAML, by its extension, which places the second key exactly)
        "not a mapping": ("- 1\n- 2\n", ":1:1:", "expected a mapping"),
        "bad date": ("format: srdi-assessment/1\nassessed_on: 2026-02-30\nanswers: {}\n", ":2:", "day is out of range"),
        "wrong format": ("format: other/2\nassessed_on: 2026-11-21\nanswers: {}\n", ":1:9:", "format must be"),
        "cap broken": (GOOD + "  finance.revenue_y1: 100\n  rd.expense_y1: 200\n", ":6:18:", "Cannot exceed"),
    }


@pytest.mark.parametrize("name", sorted(cases()))
def test_hostile_import_is_rejected_whole_with_its_place(name, tmp_path, capsys):
    text, where, words = cases()[name]
    f = tmp_path / "in.yaml"
    f.write_bytes(text if isinstance(text, bytes) else text.encode())
    db = tmp_path / "a.db"
    AssessmentStore.open(db).close()
    assert main(["--db", str(db), "import", str(f)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(str(f)) and where in err and words.lower() in err.lower(), err
    store = AssessmentStore.open(db)
    assert store.list() == []  # nothing imported, not even partly
    store.close()


def test_a_good_file_imports_and_exports_back_identically(tmp_path, content, capsys):
    from srdi_desktop import paths

    db = tmp_path / "a.db"
    assert main(["--db", str(db), "import", str(paths.DEMO_FILE)]) == 0
    aid = capsys.readouterr().out.strip()
    out = tmp_path / "back.json"
    assert main(["--db", str(db), "export", aid, "-o", str(out)]) == 0
    from srdi_desktop.core.document import parse_document

    original = parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire)
    again = parse_document(out.read_bytes(), "back", content.questionnaire)
    assert again.answers == original.answers and again.assessed_on == original.assessed_on
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "srdi-assessment/1"


def test_export_never_leaves_a_partial_file(tmp_path, capsys):
    db = tmp_path / "a.db"
    AssessmentStore.open(db).close()
    assert main(["--db", str(db), "export", "nope", "-o", str(tmp_path / "x.yaml")]) == 1
    assert not list(tmp_path.glob("*.yaml")) and not list(tmp_path.glob(".x.yaml*"))
