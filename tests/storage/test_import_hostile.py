"""Hostile or broken files are rejected whole, with the place of the error; nothing is imported."""

import json
import time

import pytest

from srdi_desktop.cli import main
from srdi_desktop.storage.store import AssessmentStore
from tests.timing import finishes_within

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
    assert main(["--db", str(db), "--lang", "en", "import", str(f)]) == 2  # a bad file: one line per error, exit 2
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


def test_an_alias_bomb_is_refused_fast_with_the_place_of_its_first_alias(tmp_path, capsys):
    # ~4 KB, 100^5 = 10^10 values when expanded, nested 7 deep: within the depth limit of 8
    bomb = ["format: srdi-assessment/1", "assessed_on: 2026-11-21", "answers:", "  firm.sector:",
            "    - &l0 [" + ", ".join(["x"] * 100) + "]"]
    bomb += [f"    - &l{i} [" + ", ".join([f"*l{i - 1}"] * 100) + "]" for i in range(1, 5)]
    f = tmp_path / "bomb.yaml"
    f.write_text("\n".join(bomb) + "\n", encoding="utf-8")
    assert f.stat().st_size < 5000
    db = tmp_path / "a.db"
    t0 = time.perf_counter()
    with finishes_within(10):
        assert main(["--db", str(db), "--lang", "en", "import", str(f)]) == 2
    assert time.perf_counter() - t0 < 5
    err = capsys.readouterr().err
    assert err.strip() == f"{f}:6:12: E001 aliases (*name) are not allowed in this file", err


def _special(kind, tmp_path):
    import os

    if kind == "fifo":
        os.mkfifo(tmp_path / "pipe.yaml")  # nobody writes: reading it would block forever
        return tmp_path / "pipe.yaml"
    return {"device": "/dev/zero"}[kind]


@pytest.mark.parametrize("kind", ["fifo", "device"])  # a folder is a bulk import (tests/test_bulk_import.py)
def test_import_of_a_special_file_is_refused_before_reading(kind, tmp_path, capsys):
    db = tmp_path / "a.db"
    src = _special(kind, tmp_path)
    with finishes_within(10):  # /dev/zero once took 5.6 GB in 20 s; a FIFO blocked forever
        assert main(["--db", str(db), "--lang", "en", "import", str(src)]) == 2
    err = capsys.readouterr().err
    assert err == f"{src}:1:1: E007 not a regular file (a folder, device or pipe): choose a YAML or JSON file\n"


def test_a_file_over_the_limit_is_refused_reading_at_most_the_limit(tmp_path):
    from srdi_desktop.inputs import read_document_bytes

    f = tmp_path / "big.yaml"
    f.write_bytes(b"# " + b"x" * 2000)
    assert read_document_bytes(f, limit=5000) == f.read_bytes()
    with pytest.raises(Exception, match="larger than"):
        read_document_bytes(f, limit=1000)


@pytest.mark.parametrize("text, stored", [
    ("0150", 150),  # YAML 1.1: 104 (octal)
    ("1:30", None),  # YAML 1.1: 90 (base 60)
    ("0x1F", None),  # YAML 1.1: 31
    ("0b11", None),
    ("1_000", None),
    ('"1_000"', None),
    ('"１２"', None),  # full-width digits
    ("10000000000000000000000000000000000000000", None),  # over the maximum: refused by range
    ("1" + "0" * 400, None),  # 10**400: no float, once a traceback
    ("1" * 5000, None),  # over Python's 4300-digit int limit
    ("1e400", None),
    ("12", 12),
    ("+12", 12),
])
def test_numbers_in_files_are_decimal_or_refused_with_the_place(text, stored, tmp_path, capsys):
    f = tmp_path / "in.yaml"
    f.write_text(GOOD + f"  firm.employees: {text}\n", encoding="utf-8")
    db = tmp_path / "a.db"
    code = main(["--db", str(db), "--lang", "en", "import", str(f)])
    err = capsys.readouterr().err
    if stored is None:
        assert code == 2 and err.startswith(f"{f}:5:") and "Traceback" not in err, err
    else:
        assert code == 0, err
        s = AssessmentStore.open(db)
        assert [s.load(r["id"]).assessment.answers["firm.employees"] for r in s.list()] == [stored]
        s.close()


def test_json_integers_over_4300_digits_are_refused_not_a_traceback(tmp_path, capsys):
    f = tmp_path / "in.json"
    f.write_text('{"format": "srdi-assessment/1", "assessed_on": "2026-11-21", "answers": {"firm.employees": '
                 + "1" * 5000 + "}}", encoding="utf-8")
    assert main(["--db", str(tmp_path / "a.db"), "--lang", "en", "import", str(f)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{f}:1:") and err.count("\n") == 1, err


@pytest.mark.parametrize("value", ["yes", "on", "y", "0x1", "1:30"])
def test_set_follows_exactly_the_file_rules(value, capsys):
    from srdi_desktop import paths

    qid = "people.rd_incentive" if value in ("yes", "on", "y") else "firm.employees"
    with pytest.raises(SystemExit) as exc:
        main(["evaluate", str(paths.DEMO_FILE), "--set", f"{qid}={value}", "--lang", "en"])
    assert str(exc.value).startswith(f"--set {qid}: ")
