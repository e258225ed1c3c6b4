"""Bulk import for service centres: many assessment files into the database, one transaction per batch.

Every file is validated whole first (service.read_assessment: the same checks as a single import, so
a hostile file is refused with the place of its error); a file already saved (same firm — credit code,
else name —, date and answers), or twice in the same import, is skipped and said so. A failure never
stops the others, and a batch is written all or nothing.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from srdi_desktop.batch import _bar, collect

if TYPE_CHECKING:
    from srdi_desktop.core.assessment import Assessment
    from srdi_desktop.core.content import Content
    from srdi_desktop.storage.store import AssessmentStore

BATCH = 500  # files per transaction: few fsyncs, and a crash loses at most the batch under way


@dataclass(frozen=True)
class Imported:
    source: Path
    id: str | None = None  # the new assessment's id
    error: str | None = None  # why it was refused: "file:line:col: E0xx message", one per problem
    duplicate_of: str | None = None  # the saved assessment (or the earlier file) it repeats


def fingerprint(a: Assessment) -> str:
    """Firm, date and answers: two files with the same fingerprint are the same assessment."""
    from srdi_desktop.storage.store import firm_key

    answers = {k: v for k, v in a.answers.items() if v is not None}
    return json.dumps([firm_key(answers), a.assessed_on.isoformat(), answers], ensure_ascii=False, sort_keys=True)


def _read(content: Content, source: Path) -> tuple[Assessment | None, str | None]:
    from srdi_desktop.core.document import DocumentError
    from srdi_desktop.service import read_assessment

    try:
        return read_assessment(content, source), None
    except DocumentError as exc:
        return None, "\n".join(str(e) for e in exc.errors)
    except (OSError, ValueError) as exc:
        return None, f"{source}: {exc}"


_WORKER: dict[str, Any] = {}
PARALLEL_FROM = 200  # fewer files are read in this process: starting workers would cost more


def _init(forms: str, rules: str, criteria_dirs: list[str]) -> None:
    from srdi_desktop.content_cache import load_content

    _WORKER["content"] = load_content(Path(forms), Path(rules), [Path(d) for d in criteria_dirs])


def _read_in_worker(source: Path) -> tuple[Assessment | None, str | None]:
    return _read(_WORKER["content"], source)


def _readings(content: Content, files: list[Path], jobs: int, dirs: tuple[str, str, list[str]] | None):
    """(assessment, error) per file, in order: parsed by ``jobs`` worker processes for a big import."""
    if jobs <= 1 or dirs is None or len(files) < PARALLEL_FROM:
        yield from (_read(content, f) for f in files)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=dirs) as pool:
        yield from pool.map(_read_in_worker, files, chunksize=64)


def import_files(store: AssessmentStore, content: Content, inputs: list[str], stream: Any = None,
                 batch: int = BATCH, jobs: int = 1, dirs: tuple[str, str, list[str]] | None = None) -> list[Imported]:
    """Import every assessment file of ``inputs`` (files, and folders searched below); results in input order.
    ``jobs`` > 1 reads the files in that many processes, each loading the content from ``dirs``
    (forms, rules, criteria folders); the database is written here only, a batch per transaction."""
    stream = stream if stream is not None else sys.stderr
    files = collect(inputs)
    results: list[Imported] = [Imported(f) for f in files]
    seen: dict[str, Path] = {}  # fingerprints of this import's files
    pending: list[tuple[int, Assessment]] = []
    started = time.perf_counter()

    def flush() -> None:
        ids = store.import_many([a for _, a in pending])
        for (n, _), aid in zip(pending, ids, strict=True):
            results[n] = Imported(files[n], aid)
        pending.clear()

    for n, (source, (a, error)) in enumerate(zip(files, _readings(content, files, jobs, dirs), strict=True)):
        if a is None:
            results[n] = Imported(source, error=error)
        else:
            mark = fingerprint(a)
            if mark in seen:
                results[n] = Imported(source, duplicate_of=str(seen[mark]))
            elif (same := store.same_as(a)) is not None:
                results[n] = Imported(source, duplicate_of=same)
            else:
                seen[mark] = source
                pending.append((n, a))
                if len(pending) >= batch:
                    flush()
        if (n + 1) % 50 == 0 or n + 1 == len(files):
            _bar(n + 1, len(files), started, stream)
    if pending:
        flush()
    stream.write("\n")
    return results
