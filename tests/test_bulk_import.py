"""srdi-desktop import FILES/FOLDERS (issue 18): one transaction per batch, duplicates skipped and said so,
bad and hostile files refused whole with the place of the error, the others imported."""

import json
import shutil
import sqlite3

import pytest
import yaml

from srdi_desktop import paths
from srdi_desktop.bench import credit_code
from srdi_desktop.bulk_import import import_files
from srdi_desktop.cli import main
from srdi_desktop.storage.store import AssessmentStore

BASE = yaml.safe_load(paths.DEMO_FILE.read_text(encoding="utf-8"))


def _firm(folder, name, i, **changes):
    answers = {**BASE["answers"], "firm.name": f"企业{i}", "firm.credit_code": credit_code(i), **changes}
    path = folder / name
    path.write_text(yaml.safe_dump({**BASE, "answers": answers}, allow_unicode=True), encoding="utf-8")
    return path


HOSTILE = {
    "syntax.yaml": ("format: [", ":2:1: E001"),
    "alias.yaml": ("a: &x [1]\nb: *x\n", ":2:4: E001 aliases"),
    "python_tag.yaml": ("format: !!python/object:os.system 'echo'\n", ":1:9: E001"),
    "deep.json": ("[" * 5000 + "]" * 5000, ":1:1: E007 data is nested too deeply"),
    "not_utf8.yaml": (b"format: \xff\xfe".decode("latin-1"), ":1:9: E007 not valid UTF-8"),
    "a_list.json": ("[1, 2]", ":1:1: E007 expected a mapping"),
}


@pytest.fixture
def folder(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    for i in range(5):
        _firm(src if i % 2 else src / "sub", f"firm{i}.yaml", i)
    _firm(src, "same_as_firm1.yaml", 1)  # the same firm, date and answers as firm1
    _firm(src, "firm1_changed.yaml", 1, **{"firm.employees": 187})  # one answer differs: a new assessment
    _firm(src, "bad_value.yaml", 9, **{"firm.employees": -3})
    for name, (text, _where) in HOSTILE.items():
        (src / name).write_bytes(text.encode("latin-1") if name == "not_utf8.yaml" else text.encode())
    (src / "notes.txt").write_text("not an assessment")  # not a YAML or JSON file: not picked up
    return src


def test_a_folder_imports_the_good_skips_duplicates_and_lists_each_failure_with_its_place(folder, tmp_path, capsys):
    db = tmp_path / "a.db"
    assert main(["--db", str(db), "--lang", "en", "import", str(folder)]) == 1  # failures: exit 1, the rest imported
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == f"6 imported, 1 duplicates skipped, {len(HOSTILE) + 1} failed"
    assert f"SKIPPED {folder / 'same_as_firm1.yaml'}: the same firm, date and answers as {folder / 'firm1.yaml'}" in err
    for name, (_text, where) in HOSTILE.items():
        assert f"FAILED {folder / name}:" in err and f"{folder / name}{where}" in err, name
    assert f"{folder / 'bad_value.yaml'}:" in err and "firm.employees" in err
    store = AssessmentStore.open(db)
    assert store.count() == 6 and {r["firm_name"] for r in store.list()} == {f"企业{i}" for i in range(5)}
    store.close()


def test_importing_the_same_folder_again_skips_everything_already_saved(folder, tmp_path, capsys):
    db = tmp_path / "a.db"
    main(["--db", str(db), "--lang", "en", "import", str(folder)])
    capsys.readouterr()
    assert main(["--db", str(db), "--lang", "en", "import", str(folder)]) == 1  # the hostile files still fail
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == f"0 imported, 7 duplicates skipped, {len(HOSTILE) + 1} failed"
    assert err.count("SKIPPED") == 7


def test_a_batch_is_one_transaction_all_or_nothing(folder, tmp_path, content):
    store = AssessmentStore.open(tmp_path / "a.db")
    commits = []
    store.db.conn.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)
    results = import_files(store, content, [str(folder)], stream=open("/dev/null", "w"), batch=4)
    assert sum(1 for r in results if r.id) == 6 and len(commits) == 2  # 6 files in batches of 4: 2 commits
    store.db.execute("CREATE TRIGGER refuse BEFORE INSERT ON answers WHEN NEW.question_id = 'firm.employees' "
                     "AND NEW.value_json = '999' BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    other = tmp_path / "other"
    other.mkdir()
    _firm(other, "a.yaml", 20)
    _firm(other, "b.yaml", 21, **{"firm.employees": 999})
    with pytest.raises(sqlite3.IntegrityError):
        import_files(store, content, [str(other)], stream=open("/dev/null", "w"), batch=10)
    assert store.count() == 6  # a.yaml went with its batch
    store.close()


def test_one_file_still_prints_its_id_and_a_bad_one_exits_2(tmp_path, capsys):
    db = tmp_path / "a.db"
    assert main(["--db", str(db), "import", str(paths.DEMO_FILE)]) == 0
    aid = capsys.readouterr().out.strip()
    assert len(aid) == 32 and AssessmentStore.open(db).load(aid).assessment.firm_name
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: [")
    assert main(["--db", str(db), "import", str(bad)]) == 2


def test_the_fingerprint_ignores_key_order_but_not_values():
    import datetime as dt

    from srdi_desktop.bulk_import import fingerprint
    from srdi_desktop.core.assessment import Assessment

    day = dt.date(2026, 1, 1)
    a = Assessment(day, {"firm.name": "甲", "x": 1, "y": [1, 2]})
    b = Assessment(day, {"y": [1, 2], "x": 1, "firm.name": "甲"})
    assert fingerprint(a) == fingerprint(b)
    assert fingerprint(a) != fingerprint(Assessment(day, {"firm.name": "甲", "x": 1.5, "y": [1, 2]}))
    assert fingerprint(a) != fingerprint(Assessment(dt.date(2026, 1, 2), a.answers))
    assert json.loads(fingerprint(a))[0] == "甲"


def test_files_read_by_worker_processes_give_the_same_outcome_in_the_same_order(folder, tmp_path, content,
                                                                               monkeypatch):
    from srdi_desktop import bulk_import

    monkeypatch.setattr(bulk_import, "PARALLEL_FROM", 0)
    dirs = (str(paths.FORMS_DIR), str(paths.RULES_DIR), [])
    outcomes = []
    for jobs in (1, 2):
        store = AssessmentStore.open(tmp_path / f"j{jobs}.db")
        results = import_files(store, content, [str(folder)], stream=open("/dev/null", "w"), jobs=jobs, dirs=dirs)
        outcomes.append([(r.source, r.id is not None, r.error, r.duplicate_of) for r in results])
        store.close()
    assert outcomes[0] == outcomes[1] and len(outcomes[0]) == 7 + len(HOSTILE) + 1


def test_the_summary_is_in_the_chosen_language(tmp_path, capsys):
    db = tmp_path / "a.db"
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(paths.DEMO_FILE, folder / "a.yaml")
    shutil.copy(paths.DEMO_FILE, folder / "b.yaml")
    assert main(["--db", str(db), "--lang", "zh", "import", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == "已导入 1 个，跳过重复 1 个，失败 0 个"
    assert "跳过" in err and "完全相同" in err
