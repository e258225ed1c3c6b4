"""Batch reports for advisers: many assessment files in, one PDF each out, in parallel.

Workers load the content and register the font once each; a bad file — whatever goes wrong with it,
even a worker that dies — is reported with its reason and the rest go on. Output names follow the
input names, made unique when two collide (x.pdf, x-2.pdf in input order); a PDF already in the output
folder is kept and the file skipped unless ``force``; an output never names one of the inputs.
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
    skipped: bool = False  # the output existed before and --force was not given
    warnings: tuple[str, ...] = ()  # characters the PDF could not show (service.unprintable_notices)


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
    """One PDF name per input, unique within the batch (case-insensitively) and never an input file."""
    from srdi_desktop.outputs import file_ids

    inputs = file_ids(files)
    used: set[str] = set()
    jobs = []
    for f in files:
        name, n = f.stem, 1
        while name.lower() in used or file_ids([outdir / f"{name}.pdf"]) & inputs:
            n += 1
            name = f"{f.stem}-{n}"
        used.add(name.lower())
        jobs.append((f, outdir / f"{name}.pdf"))
    return jobs


def _init(forms: str, rules: str, lang: str | None) -> None:
    from srdi_desktop.content_cache import load_content
    from srdi_desktop.report.fonts import register_fonts

    _WORKER["content"] = load_content(Path(forms), Path(rules))
    _WORKER["lang"] = lang
    register_fonts()


def _one(job: tuple[Path, Path]) -> Outcome:
    from srdi_desktop import service
    from srdi_desktop.core.document import DocumentError

    source, target = job
    content = _WORKER["content"]
    try:
        a = service.read_assessment(content, source)
        service.write_pdf(target, service.report_pdf(content, a, _WORKER["lang"]))
        return Outcome(source, target, None,
                       warnings=tuple(service.unprintable_notices(content, a, _WORKER["lang"] or a.lang)))
    except DocumentError as exc:
        return Outcome(source, None, "; ".join(str(e) for e in exc.errors[:3]))
    except OSError as exc:
        return Outcome(source, None, str(exc))
    except Exception as exc:  # noqa: BLE001 - one file's failure, whatever it is, must not stop the batch
        return Outcome(source, None, f"{type(exc).__name__}: {exc}")


def _bar(done: int, total: int, started: float, stream) -> None:
    width = 30
    filled = int(width * done / total) if total else width
    rate = done / max(time.perf_counter() - started, 1e-9)
    stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}  {rate:.1f}/s")
    stream.flush()


def run_batch(inputs: list[str], outdir: Path, jobs: int = 0, lang: str | None = None,
              forms: Path = paths.FORMS_DIR, rules: Path = paths.RULES_DIR, stream=None,
              force: bool = False) -> list[Outcome]:
    stream = stream or sys.stderr  # looked up now: a test or a caller may have replaced it
    files = collect(inputs)
    outdir.mkdir(parents=True, exist_ok=True)
    planned = plan_targets(files, outdir)
    results = [Outcome(src, target, f"{target} already exists; not overwritten (--force overwrites)", skipped=True)
               for src, target in planned if target.exists() and not force]
    work = [(src, target) for src, target in planned if force or not target.exists()]
    jobs = jobs or os.cpu_count() or 1
    started = time.perf_counter()
    _bar(0, len(work), started, stream)
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init,
                             initargs=(str(forms), str(rules), lang)) as pool:
        futures = {pool.submit(_one, job): job for job in work}
        for fut in as_completed(futures):
            try:
                results.append(fut.result())
            except Exception as exc:  # noqa: BLE001 - a worker that died (BrokenProcessPool) fails its file only
                results.append(Outcome(futures[fut][0], None, f"worker failed: {type(exc).__name__}: {exc}"))
            _bar(len(results), len(planned), started, stream)
    stream.write("\n")
    order = {src: i for i, (src, _) in enumerate(planned)}
    return sorted(results, key=lambda r: order[r.source])
