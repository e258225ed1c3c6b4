"""Benchmarks for the budgets of DESIGN §8: ``python -m srdi_desktop.bench [evaluate] [pdf] [--runs N]``.

Prints the median of several runs next to each budget. Kept out of the test run on purpose: timing
belongs here, behaviour in the tests.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from srdi_desktop import paths

BUDGETS = {"evaluate": ("evaluate one assessment", 5.0, "ms"),
           "pdf_warm": ("PDF roadmap, font registered", 500.0, "ms"),
           "pdf_size": ("PDF size", 300.0, "KB"),
           "list": ("list 10,000 saved assessments", 150.0, "ms"),
           "save": ("save one answer (synchronous=FULL)", 10.0, "ms")}


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def _demo():
    from srdi_desktop.core.content import load_content
    from srdi_desktop.core.document import parse_document

    content = load_content(paths.FORMS_DIR, paths.RULES_DIR)
    a = parse_document(paths.DEMO_FILE.read_bytes(), str(paths.DEMO_FILE), content.questionnaire)
    return content, a


def bench_evaluate(runs: int) -> list[tuple[str, float, float, str]]:
    from srdi_desktop.core.evaluate import evaluate

    content, a = _demo()
    evaluate(content, a.answers, a.assessed_on)
    ms = _median_ms(lambda: evaluate(content, a.answers, a.assessed_on), runs * 10)
    return [("evaluate", ms, *BUDGETS["evaluate"][1:])]


_COLD = ("import time; t = time.perf_counter(); "
         "from srdi_desktop.cli import main; main(['demo', '-o', {out!r}, '--lang', {lang!r}]); "
         "print((time.perf_counter() - t) * 1000)")


def bench_pdf(runs: int) -> list[tuple[str, float, float, str]]:
    import tempfile

    from srdi_desktop.core.evaluate import evaluate
    from srdi_desktop.report.fonts import register_fonts
    from srdi_desktop.report.pdf import build_pdf

    content, a = _demo()
    ev = evaluate(content, a.answers, a.assessed_on)
    register_fonts()
    rows = []
    for lang in ("zh", "en"):
        data = build_pdf(content, a, ev, lang)
        ms = _median_ms(lambda lang=lang: build_pdf(content, a, ev, lang), runs)
        rows.append((f"pdf_warm[{lang}]", ms, *BUDGETS["pdf_warm"][1:]))
        rows.append((f"pdf_size[{lang}]", len(data) / 1024, *BUDGETS["pdf_size"][1:]))
    with tempfile.TemporaryDirectory() as tmp:
        cold = []
        for _ in range(max(1, runs // 2)):
            code = _COLD.format(out=f"{tmp}/x.pdf", lang="zh")
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
            cold.append(float(out.stdout.strip().splitlines()[-1]))
        rows.append(("pdf_cold[zh] (new process: imports, content, font, PDF)", statistics.median(cold),
                     float("nan"), "ms"))
    return rows


def bench_storage(runs: int) -> list[tuple[str, float, float, str]]:
    """A real database file with 10,000 assessments of 40 answers each, in a temporary folder."""
    import datetime as dt
    import json
    import tempfile
    import uuid
    from pathlib import Path

    from srdi_desktop.storage.store import AssessmentStore

    with tempfile.TemporaryDirectory() as tmp:
        store = AssessmentStore.open(Path(tmp) / "bench.db")
        now = dt.datetime.now(dt.UTC).isoformat()
        rows, answers = [], []
        for i in range(10_000):
            aid = uuid.uuid4().hex
            rows.append({"id": aid, "firm_name": f"企业{i:05d}", "credit_code": "", "firm_key": f"企业{i:05d}",
                         "assessed_on": "2026-11-21", "status": "draft" if i % 3 else "final", "lang": "zh",
                         "criteria": None, "created_at": now, "updated_at": now})
            answers += [{"assessment_id": aid, "question_id": f"q{j}", "value_json": json.dumps(j),
                         "answered_at": now} for j in range(40)]
        with store._write():
            store.db["assessments"].insert_all(rows, batch_size=2000)
            store.db["answers"].insert_all(answers, batch_size=5000)
        listed = _median_ms(lambda: store.list(), runs)
        assert len(store.list()) == 10_000
        target = rows[0]["id"]
        counter = iter(range(10**6))
        saved = _median_ms(lambda: store.save_answer(target, "finance.revenue_y1", next(counter)), runs * 10)
        store.close()
    return [("list", listed, *BUDGETS["list"][1:]), ("save", saved, *BUDGETS["save"][1:])]


SUITES = {"evaluate": bench_evaluate, "pdf": bench_pdf, "storage": bench_storage}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m srdi_desktop.bench", description=__doc__)
    ap.add_argument("suites", nargs="*", default=list(SUITES), help=f"any of: {', '.join(SUITES)}")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args(argv)
    unknown = set(args.suites) - set(SUITES)
    if unknown:
        ap.error(f"unknown suite(s): {', '.join(sorted(unknown))}")
    failed = False
    print(f"{'measure':58} {'median':>10} {'budget':>10}  ok")
    for name in args.suites:
        for label, value, budget, unit in SUITES[name](args.runs):
            ok = "—" if budget != budget else ("yes" if value <= budget else "NO")
            failed |= ok == "NO"
            shown = "" if budget != budget else f"{budget:g} {unit}"
            print(f"{label:58} {value:>7.2f} {unit:2} {shown:>10}  {ok}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
