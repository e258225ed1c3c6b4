"""A final assessment in ≤ 10 KB (0009, DESIGN §8): results as differences from a base result, answers
frozen beside them; exact round trips, edits after finalising, the migration and a crash in it."""

import datetime as dt
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys

import pytest
from sqlite_utils import Database

from srdi_desktop import paths
from srdi_desktop.core.document import parse_document
from srdi_desktop.core.evaluate import evaluate
from srdi_desktop.storage.migrations import MIGRATIONS
from srdi_desktop.storage.results import MIN_SHARED, Base, canonical, decode, encode, encode_on, long_texts, swapped
from srdi_desktop.storage.store import AssessmentStore

BUDGET_BYTES = 10 * 1024
BEFORE = "0009_compact_finals"


def _exact(x):
    return json.dumps(x, ensure_ascii=False)  # key order and number types too


@pytest.fixture(scope="module")
def varied(content):
    """The demo firm with six sets of figures and their results (plans included, as the app stores them)."""
    a = parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire)
    rnd = random.Random(18)
    out = []
    for _ in range(6):
        answers = {**a.answers, "finance.revenue_y1": rnd.randint(3000, 30000), "rd.expense_y1": rnd.randint(50, 900)}
        answers["finance.main_revenue_y1"] = int(answers["finance.revenue_y1"] * 0.9)
        out.append((answers, evaluate(content, answers, a.assessed_on, plans=True, sources=a.sources).to_json()))
    return a, out


LONG = "一段足够长的中文说明文字，会被共享存储"
assert len(LONG) >= MIN_SHARED
CASES = [  # (base, stored): stored read back exactly after being written as its differences from base
    ({"a": 1, "b": [1, 2]}, {"a": 1, "b": [1, 2]}),
    ({"a": 1.0, "b": 0.0, "c": 1}, {"a": 1, "b": -0.0, "c": True}),  # == but written differently
    ({"a": 1, "b": 2}, {"b": 2, "a": 1}),  # same keys, another order
    ({"l": [1, 2, 3]}, {"l": [1, 2]}),
    ({"l": [{"x": 1}, {"x": 2}]}, {"l": [{"x": 1}, {"x": 3, "y": None}]}),
    ({"t": LONG, "u": "短"}, {"t": LONG + "！", "u": "\x7f短", "v": "\x7f=", "w": ["\x7f{", {}], "x": "\x7f["}),
    ({"n": {"deep": {"deeper": [LONG, "é", "🙂"]}}}, {"n": {"deep": {"deeper": [LONG, "e", "🙂"]}}}),
    ({}, {"tiers": {}, "plans": [], "answers": {}}),  # empty plans, empty everything
    ({"tiers": {"a": {"plan": {"answers": {"q": 1}}}}}, {"tiers": {"a": {"plan": {}}}}),
    ([1, 2], {"a": [1, 2]}),
    ({"a": None}, {"a": {}}),
    ({"big": 10**30, "f": 1e-300}, {"big": 10**30 + 1, "f": 1e300}),
    ({"x": "\x7f\x7f"}, {}),
]


@pytest.mark.parametrize(("base", "stored"), CASES, ids=[str(i) for i in range(len(CASES))])
def test_differences_from_a_base_read_back_exactly(base, stored):
    texts = sorted(long_texts(base) | long_texts(stored))
    ids = {t: i + 1 for i, t in enumerate(texts)}
    by_id = {i: t for t, i in ids.items()}
    b = Base.of(7, canonical(swapped(base, ids)))
    blob = encode_on(canonical(swapped(stored, ids)), b)
    assert blob.startswith(b"D7:")
    back = decode(blob, lambda wanted: {i: by_id[i] for i in wanted}, {7: b}.__getitem__)
    assert _exact(back) == _exact(stored) and back == stored


STORED_CASES = [(b, s) for b, s in CASES if isinstance(b, dict)]  # a result is a JSON object


@pytest.mark.parametrize(("base", "stored"), STORED_CASES, ids=[str(i) for i in range(len(STORED_CASES))])
def test_results_stored_after_another_read_back_exactly_from_the_file(tmp_path, base, stored):
    store = AssessmentStore.open(tmp_path / "a.db")
    first = store.create(dt.date(2026, 1, 1), "zh", {"firm.name": "甲"})
    second = store.create(dt.date(2026, 1, 1), "zh", {"firm.name": "乙"})
    store.finalize(first, "x", "h", base)  # the first result becomes the base the second is written against
    store.finalize(second, "x", "h", stored)
    store.close()
    store = AssessmentStore.open(tmp_path / "a.db")  # nothing cached
    assert _exact(store.final_result(first)) == _exact(base)
    assert _exact(store.final_result(second)) == _exact(stored)
    store.close()


def test_a_result_of_the_0008_format_still_reads(tmp_path):
    store = AssessmentStore.open(tmp_path / "a.db")
    aid = store.create(dt.date(2026, 1, 1), "zh", {"firm.name": "甲"})
    result = {"t": LONG, "n": [1, 2.5, None], "m": "\x7fx"}
    with store._write():
        blob = encode(result, store._text_ids(long_texts(result)))
        store.db.execute("INSERT INTO final_results (assessment_id, result) VALUES (?, ?)", [aid, blob])
    assert blob[:1] == b"S" and _exact(store.final_result(aid)) == _exact(result)
    store.close()


def test_a_base_made_in_a_failed_write_is_forgotten(tmp_path):
    store = AssessmentStore.open(tmp_path / "a.db")
    aid = store.create(dt.date(2026, 1, 1), "zh", {"firm.name": "甲"})
    with pytest.raises(RuntimeError), store._write():
        store._bases.encode(canonical({"only": "in the rolled back write"}))
        raise RuntimeError
    assert store.db.execute("SELECT count(*) FROM result_bases").fetchone()[0] == 0
    store.finalize(aid, "x", "h", {"another": ["result", 1]})  # gets the same base number
    assert store.final_result(aid) == {"another": ["result", 1]}
    store.close()


def test_results_far_from_every_base_make_a_new_one_and_close_ones_do_not(tmp_path, varied):
    _a, results = varied
    store = AssessmentStore.open(tmp_path / "a.db")
    rnd = random.Random(1)
    far = {"tiers": {}, "noise": [rnd.randint(0, 10**9) for _ in range(2000)]}  # ≈ 8 KB compressed
    for i, (answers, result) in enumerate(results + [({"firm.name": "空"}, far)]):
        aid = store.create(dt.date(2026, 1, 1), "zh", {**answers, "firm.name": f"企业{i}"})
        store.finalize(aid, "x", "h", result)
        assert _exact(store.final_result(aid)) == _exact(result)
    # the demo's six results share one base; the far one gets its own
    assert store.db.execute("SELECT count(*) FROM result_bases").fetchone()[0] == 2
    store.close()


def _rows(store, aid):
    return store.db.execute("SELECT question_id, value_json, answered_at, review, source FROM answers "
                            "WHERE assessment_id = ? ORDER BY question_id", [aid]).fetchall()


def test_answers_of_a_final_are_frozen_and_thaw_when_edited(tmp_path, varied):
    a, [(answers, result), *_] = varied
    store = AssessmentStore.open(tmp_path / "a.db")
    aid = store.create(a.assessed_on, "zh", {**answers, "ip.notes": ["列表", {"嵌套": 1.5}]},
                       to_review={"rd.expense_y1"}, sources={"finance.revenue_y1": "audited"})
    store.save_answer(aid, "firm.employees", 187)  # answered later: its own time
    before = _rows(store, aid)
    loaded = store.load(aid).assessment
    store.finalize(aid, "x", "h", result)
    assert _rows(store, aid) == []  # out of the answers table
    frozen = store.load(aid).assessment
    assert _exact(frozen.answers) == _exact(loaded.answers)
    assert frozen.to_review == {"rd.expense_y1"} and frozen.sources == loaded.sources
    assert store.same_as(loaded) == aid
    store.close()
    store = AssessmentStore.open(tmp_path / "a.db")
    store.confirm_answer(aid, "rd.expense_y1")  # results ▸ edit: the answers are rows again
    thawed = _rows(store, aid)
    assert [r for r in thawed if r[0] != "rd.expense_y1"] == [r for r in before if r[0] != "rd.expense_y1"]
    store.save_answer(aid, "finance.revenue_y1", 9999)
    store.save_source(aid, "finance.revenue_y1", "tax")
    assert store.load(aid).final["result"] == result  # the stored result stays until finalised again
    store.finalize(aid, "x", "h", result)
    again = store.load(aid).assessment
    assert _rows(store, aid) == [] and again.answers["finance.revenue_y1"] == 9999
    assert again.to_review == set() and again.sources["finance.revenue_y1"] == "tax"
    store.delete(aid)
    assert store.db.execute("SELECT count(*) FROM final_results").fetchone()[0] == 0
    assert store.db.execute("SELECT count(*) FROM final_answers").fetchone()[0] == 0
    store.close()


def test_the_portfolio_reads_frozen_answers(tmp_path, varied):
    a, [(answers, result), *_] = varied
    store = AssessmentStore.open(tmp_path / "a.db")
    final = store.create(a.assessed_on, "zh", {**answers, "firm.name": "甲", "firm.credit_code": None,
                                                 "firm.sector": "software_it"})
    store.finalize(final, "x", "h", result)
    store.create(a.assessed_on, "zh", {**answers, "firm.name": "乙", "firm.credit_code": None})
    rows = {r["firm_name"]: r for r in store.portfolio()}
    assert rows["甲"]["sector"] == "software_it" and rows["甲"]["summary"]["met"]
    assert rows["甲"]["answers"] == rows["乙"]["answers"] and rows["甲"]["answers"]["finance.revenue_y1"] == \
        answers["finance.revenue_y1"]
    store.close()


@pytest.mark.slow
def test_a_hundred_final_assessments_take_at_most_10_kb_each_whole_file(tmp_path, varied):
    """DESIGN §8, whole file after a checkpoint: 0008 took ≈ 19.5 KB (answers ≈ 14 KB, result ≈ 8 KB).
    At this scale the tables' fixed cost (~230 KB: the shared texts, a base, a page per table) counts."""
    N = 100
    a, results = varied
    path = tmp_path / "a.db"
    store = AssessmentStore.open(path)
    rnd = random.Random(50)
    for i in range(N):
        answers, result = results[i % len(results)]
        figures = {"firm.name": f"企业{i:03d}", "finance.total_assets_y1": rnd.randint(1000, 90000),
                   "firm.employees": rnd.randint(20, 900)}
        aid = store.create(a.assessed_on, "zh", {**answers, **figures}, sources=a.sources)
        store.finalize(aid, "x", "h", result)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    assert path.stat().st_size / N <= BUDGET_BYTES


# -- the migration from 0008 ---------------------------------------------------------------------

def make_0008(path, finals, drafts=1, result=None):
    """A database as 0008 left it: finals with their results in the 0008 format and answer rows."""
    db = Database(sqlite3.connect(path))
    MIGRATIONS.apply(db, stop_before="0008_portfolio_scale")
    text = json.dumps(result if result is not None else {"tiers": {"x": {"title": LONG, "eligible": True}}},
                      ensure_ascii=False)
    ids = [f"f{i:04d}" for i in range(finals)] + [f"d{i:04d}" for i in range(drafts)]
    for aid in ids:
        final = aid.startswith("f")
        db.execute("INSERT INTO assessments (id, firm_name, credit_code, firm_key, assessed_on, status, lang, "
                   "created_at, updated_at, final_criteria, final_rules_hash, final_result, final_tiers, fiscal_year) "
                   "VALUES (?, ?, '', ?, '2025-12-31', ?, 'zh', 't', 't', 'c', 'h', ?, '[]', 2024)",
                   [aid, f"旧{aid}", f"旧{aid}", "final" if final else "draft", text if final else None])
        db.conn.executemany(
            "INSERT INTO answers (assessment_id, question_id, value_json, answered_at, review, source) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(aid, "firm.name", json.dumps(f"旧{aid}", ensure_ascii=False), "2026-01-02T00:00:01+00:00", 0, ""),
             (aid, "finance.revenue_y1", "1234.5", "2026-01-02T00:00:02.123456+00:00", 1, "audited"),
             (aid, "ip.list", '["a", {"b": 1}]', "2026-01-03", 0, "")])
    db.conn.commit()
    MIGRATIONS.apply(db, stop_before=BEFORE)  # 0008 moves the results into final_results
    db.conn.commit()
    db.close()
    return text


def test_a_0008_database_migrates_keeping_every_answer_and_result_exactly(tmp_path):
    path = tmp_path / "old.db"
    text = make_0008(path, finals=3, drafts=2)
    seen = []
    store = AssessmentStore.open(path, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (3, 3)
    assert [m.name for m in MIGRATIONS.applied(store.db)][-1] == BEFORE
    for aid in ("f0000", "f0002", "d0001"):
        rec = store.load(aid)
        assert rec.assessment.answers == {"finance.revenue_y1": 1234.5, "firm.name": f"旧{aid}",
                                          "ip.list": ["a", {"b": 1}]}
        assert rec.assessment.to_review == {"finance.revenue_y1"}
        assert rec.assessment.sources == {"finance.revenue_y1": "audited"}
    assert _exact(store.final_result("f0001")) == _exact(json.loads(text))
    assert {r[0] for r in store.db.execute("SELECT DISTINCT assessment_id FROM answers")} == {"d0000", "d0001"}
    store.save_answer("f0001", "firm.employees", 5)  # thawed: the times of the other answers are the old ones
    assert [r[2] for r in _rows(store, "f0001") if r[0] != "firm.employees"] == [
        "2026-01-02T00:00:02.123456+00:00", "2026-01-02T00:00:01+00:00", "2026-01-03"]
    store.close()
    assert list((tmp_path / "backups").glob(f"old-*-before-{BEFORE}.db"))


CHILD = r"""
import sys, time
from srdi_desktop.storage.store import AssessmentStore

def progress(done, total):
    print(f"progress {done} {total}", flush=True)
    if 0 < done < total:
        time.sleep(60)  # killed here, with the migration's transaction open and half the rows converted

AssessmentStore.open(sys.argv[1], progress=progress)
print("finished", flush=True)
"""


@pytest.mark.slow
def test_killed_mid_migration_the_database_is_as_before_and_migrates_next_time(tmp_path):
    path = tmp_path / "old.db"
    text = make_0008(path, finals=700)
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stdout.readline().split() == ["progress", "0", "700"]
    assert proc.stdout.readline().split() == ["progress", "500", "700"]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert con.execute("SELECT max(name) FROM _sqlite_migrations").fetchone()[0] == "0008_portfolio_scale"
    assert con.execute("SELECT count(*) FROM answers").fetchone()[0] == 701 * 3
    assert "result_bases" not in {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    con.close()
    store = AssessmentStore.open(path)  # the next start does it all
    assert store.db.execute("SELECT count(*) FROM answers").fetchone()[0] == 3
    assert store.db.execute("SELECT count(*) FROM final_answers").fetchone()[0] == 700
    assert _exact(store.final_result("f0699")) == _exact(json.loads(text))
    assert store.load("f0350").assessment.answers["ip.list"] == ["a", {"b": 1}]
    store.close()


def _random_json(rnd, depth=0):
    kind = rnd.randrange(9 if depth < 4 else 6)
    if kind == 0:
        return rnd.choice([0, 1, -1, 10**20, 7])
    if kind == 1:
        return rnd.choice([0.0, -0.0, 1.0, 0.1, 1e300, -2.5, float("nan"), float("inf")])
    if kind == 2:
        return rnd.choice([True, False, None])
    if kind in (3, 4, 5):
        return rnd.choice(["", "a", "\x7f", "\x7f=", "\x7f{", "\x7f\x7f1", "同", LONG, LONG + "x", "🙂" * 13])
    if kind in (6, 7):
        return {rnd.choice(["a", "b", "\x7f=", "键", ""]) + str(i): _random_json(rnd, depth + 1)
                for i in range(rnd.randrange(5))}
    return [_random_json(rnd, depth + 1) for _ in range(rnd.randrange(6))]


def _mutated(rnd, x):
    """``x`` changed here and there: values, key order, list items added and removed, types swapped."""
    roll = rnd.random()
    if roll < 0.1:
        return _random_json(rnd, 3)
    if isinstance(x, dict):
        items = [(k, _mutated(rnd, v) if rnd.random() < 0.5 else v) for k, v in x.items()]
        if rnd.random() < 0.2:
            rnd.shuffle(items)
        return dict(items)
    if isinstance(x, list):
        out = [_mutated(rnd, v) if rnd.random() < 0.4 else v for v in x]
        if out and rnd.random() < 0.3:
            del out[rnd.randrange(len(out))]
        if rnd.random() < 0.3:
            out.insert(rnd.randrange(len(out) + 1), _random_json(rnd, 3))
        return out
    if isinstance(x, int | float) and not isinstance(x, bool) and roll < 0.4:
        return float(x) if isinstance(x, int) else -x  # the same to ==, not to JSON
    return x


def test_random_results_and_their_variants_read_back_exactly():
    rnd = random.Random(20261123)
    for _ in range(400):
        base = {"tiers": _random_json(rnd), "findings": [_random_json(rnd) for _ in range(4)]}
        stored = _mutated(rnd, base)
        texts = sorted(long_texts(base) | long_texts(stored))
        ids = {t: i + 1 for i, t in enumerate(texts)}
        by_id = {i: t for t, i in ids.items()}
        b = Base.of(1, canonical(swapped(base, ids)))
        back = decode(encode_on(canonical(swapped(stored, ids)), b), lambda w, t=by_id: {i: t[i] for i in w},
                      {1: b}.get)
        assert _exact(back) == _exact(stored)
