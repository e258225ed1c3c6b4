"""Batch reports for advisers: many assessment files in, one PDF each out, in parallel.

Workers load the content and register the font once each; a bad file is reported with its reason
and the rest go on. Output names follow the input names, made unique when two collide.
"""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from srdi_desktop import paths

SUFFIXES = (".yaml", ".yml", ".json")
_WORKER: dict = {}


@dataclass(frozen=True)
class Outcome:
    source: Path
    target: Path | None
    error: str | None


def collect(inputs: list[str]) -> list[Path]:
    """Files as given, and every assessment file below each folder, in a stable order."""
    out: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES and f.is_file()))
        else:
            out.append(p)
    return out


def plan_targets(files: list[Path], outdir: Path) -> list[tuple[Path, Path]]:
    used: set[str] = set()
    jobs = []
    for f in files:
        name, n = f.stem, 1
        while name.lower() in used:
            n += 1
            name = f"{f.stem}-{n}"
        used.add(name.lower())
        jobs.append((f, outdir / f"{name}.pdf"))
    return jobs


def _init(forms: str, rules: str, lang: str | None) -> None:
    from srdi_desktop.core.content import load_content
    from srdi_desktop.report.fonts import register_fonts

    _WORKER["content"] = load_content(Path(forms), Path(rules))
    _WORKER["lang"] = lang
    register_fonts()


def _one(job: tuple[Path, Path]) -> Outcome:
    from srdi_desktop.atomicio import atomic_write_bytes
    from srdi_desktop.core.document import DocumentError, parse_document
    from srdi_desktop.core.evaluate import evaluate
    from srdi_desktop.inputs import read_document_bytes
    from srdi_desktop.report.pdf import build_pdf

    source, target = job
    content = _WORKER["content"]
    try:
        a = parse_document(read_document_bytes(source), str(source), content.questionnaire,
                           criteria_ids=tuple(c.id for c in content.criteria))
        ev = evaluate(content, a.answers, a.assessed_on, a.criteria)
        atomic_write_bytes(target, build_pdf(content, a, ev, _WORKER["lang"] or a.lang))
        return Outcome(source, target, None)
    except DocumentError as exc:
        return Outcome(source, None, "; ".join(str(e) for e in exc.errors[:3]))
    except OSError as exc:
        return Outcome(source, None, str(exc))


def _bar(done: int, total: int, started: float, stream) -> None:
    width = 30
    filled = int(width * done / total) if total else width
    rate = done / max(time.perf_counter() - started, 1e-9)
    stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}  {rate:.1f}/s")
    stream.flush()


def run_batch(inputs: list[str], outdir: Path, jobs: int = 0, lang: str | None = None,
              forms: Path = paths.FORMS_DIR, rules: Path = paths.RULES_DIR, stream=sys.stderr) -> list[Outcome]:
    files = collect(inputs)
    outdir.mkdir(parents=True, exist_ok=True)
    work = plan_targets(files, outdir)
    jobs = jobs or os.cpu_count() or 1
    results: list[Outcome] = []
    started = time.perf_counter()
    _bar(0, len(work), started, stream)
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init,
                             initargs=(str(forms), str(rules), lang)) as pool:
        futures = [pool.submit(_one, job) for job in work]
        for fut in as_completed(futures):
            results.append(fut.result())
            _bar(len(results), len(work), started, stream)
    stream.write("\n")
    order = {src: i for i, (src, _) in enumerate(work)}
    return sorted(results, key=lambda r: order[r.source])
