"""srdi-desktop [gui] | evaluate | report | check | demo | list | export | import | evidence"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from srdi_desktop import __version__, paths
from srdi_desktop.diagnostics import UsageError, cli_entry

LANGS = ("zh", "en")

if TYPE_CHECKING:  # argparse and json load when a command needs them: `srdi-desktop` alone opens the app sooner
    import argparse


def _content(args: argparse.Namespace):
    import gc

    from srdi_desktop.content_cache import load_content

    content = load_content(Path(args.forms or paths.FORMS_DIR), Path(args.rules or paths.RULES_DIR),
                           [*(Path(d) for d in getattr(args, "criteria_dirs", None) or []),
                            *paths.user_criteria_dirs()])
    # What is loaded so far lives as long as the process: out of the collector's sight from here (main
    # turned it off for the start, whose ~100,000 new objects set off full collections: ~7% of evaluate)
    gc.freeze()
    gc.enable()
    return content


def _read_assessment(content, file: str, lang: str):
    from srdi_desktop.service import read_assessment

    return read_assessment(content, file, messages=lang)


def _apply_sets(content, answers: dict[str, Any], sets: list[str], lang: str) -> dict[str, Any]:
    """--set ID=VALUE: what-if values, parsed as YAML scalars and validated like a file's answers."""
    from srdi_desktop.core.i18n import tr
    from srdi_desktop.core.validation import Invalid, coerce
    from srdi_desktop.core.yamlsrc import load_scalar

    out = dict(answers)
    for item in sets:
        qid, sep, raw = item.partition("=")
        if not sep or qid not in content.questionnaire:
            raise SystemExit(tr("cli.set_format", lang, item=repr(item)))
        value = load_scalar(raw, f"--set {qid}") if raw.strip() else None  # exactly as in a file
        try:
            out[qid] = coerce(content.questionnaire[qid], value, lang)
        except Invalid as exc:
            raise SystemExit(tr("cli.set_invalid", lang, qid=qid, message=exc.message)) from None
    return out


def locale_lang(environ: dict[str, str] | None = None) -> str:
    """The language of messages when --lang is not given: the locale's, as POSIX picks it (LC_ALL, then
    LC_MESSAGES, then LANG); Chinese for a Chinese locale and, Chinese first, where none is set (C, POSIX,
    or Windows without these variables and with a Chinese system locale); English for any other."""
    env = os.environ if environ is None else environ
    name = next((env[v] for v in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(v)), "")
    if not name and environ is None and sys.platform == "win32":
        import locale

        name = locale.getlocale()[0] or ""  # e.g. "Chinese (Simplified)_China" or "zh_CN"
    base = name.split(".")[0].split("@")[0]
    if not base or base in ("C", "POSIX") or base.lower().startswith(("zh", "chinese")):
        return "zh"
    return "en"


def _lang(args: argparse.Namespace) -> str:
    """The language chosen with --lang, else the locale's."""
    return getattr(args, "lang", None) or locale_lang()


def cmd_check(args: argparse.Namespace) -> int:
    from srdi_desktop.core.errors import ContentErrors
    from srdi_desktop.core.i18n_source import check_strings

    errors = check_strings(Path(args.i18n or paths.I18N_DIR))
    try:
        content = _content(args)
    except ContentErrors as exc:
        errors = exc.errors + errors
    if errors:
        for e in errors:
            print(e)
        print(f"{len(errors)} error(s)", file=sys.stderr)
        return 1
    print(f"ok: {len(content.questionnaire.questions)} questions, {len(content.rules)} advice rules, "
          f"criteria {', '.join(c.id for c in content.criteria)}; rules hash {content.rules_hash}")
    return 0


def _json_text(doc: Any) -> str:
    """``doc`` as ``json.dumps(doc, ensure_ascii=False, indent=2)`` writes it, by msgspec's encoder in C
    (~1 ms, where json's indenting encoder is pure Python: ~5 ms, and ~2.5 ms to import). Only a number
    from 1e16 up or under 1e-4 is spelt otherwise (1e16, not 1e+16: the same value to any reader), and a
    NaN or infinity, which JSON cannot hold and json wrote as NaN/Infinity, is null (answers exclude them).
    A key msgspec refuses (None, True): json, as before."""
    import msgspec

    try:
        return msgspec.json.format(msgspec.json.encode(doc), indent=2).decode()
    except TypeError:
        import json

        return json.dumps(doc, ensure_ascii=False, indent=2)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from srdi_desktop.service import evaluate_assessment

    content = _content(args)
    ids = [c.id for c in content.criteria]
    if args.criteria and args.criteria not in ids:
        raise UsageError(f"argument --criteria: invalid choice: {args.criteria!r} (choose from {', '.join(ids)})")
    lang = _lang(args)
    a = _read_assessment(content, args.file, lang)
    answers = _apply_sets(content, a.answers, args.set or [], lang)
    ev = evaluate_assessment(content, a, answers, args.criteria)
    if args.json:
        print(_json_text(ev.to_json()))
        return 0
    from srdi_desktop.core.i18n import pick
    from srdi_desktop.core.present import present

    view = present(ev, content.questionnaire, lang)
    print(f"{a.firm_name} · {ev.assessed_on} · {ev.criteria.id} ({ev.criteria.document})")
    for line in view.conclusion:
        print(line)
    for tier in view.tiers:
        score = f" · {tier.score.replace(' ', '')}" if tier.score != "—" else ""
        print(f"\n{tier.title}: {tier.status_text}{score}")
        if tier.certificate:
            print(f"  {tier.certificate}")
        for c in tier.conditions:
            mark = {"met": "✓", "unmet": "✗", "unknown": "?", "review": "◇"}[c.status]
            print(f"  {mark} {c.title}")
        for line in tier.plan:
            print(f"  ⇒ {line}")
        for g in tier.gaps:
            print(f"  → {g.title}")
            for line in g.lines:
                print(f"      {line}")
    if ev.findings:
        print()
        for f in ev.findings:
            print(f"[{f.priority}/{f.horizon}] {pick(f.title, lang)} ({f.source})")
    return 0


def _output_file(output: str, name: str) -> Path:
    """``-o`` as given, or, when it names a folder (an existing one, or any path ending in /), ``name``
    inside it: `-o reports/` means "into that folder", never "replace the folder"."""
    out = Path(output)
    if output.endswith(("/", os.sep)) or out.is_dir():
        out.mkdir(parents=True, exist_ok=True)
        return out / name
    return out


def _write_report(content, a, out: Path, lang: str, previous: str | None = None) -> Path:
    from srdi_desktop import service

    prev = service.previous_from_file(content, previous, a) if previous else None
    written = service.write_pdf(out, service.report_pdf(content, a, lang, prev))
    for line in service.unprintable_notices(content, a, lang):
        print(f"warning: {line}", file=sys.stderr)
    return written


def cmd_report(args: argparse.Namespace) -> int:
    if len(args.file) > 1 or Path(args.file[0]).is_dir() or args.jobs is not None:
        return _batch(args)
    args.file = args.file[0]
    content = _content(args)
    a = _read_assessment(content, args.file, _lang(args))
    lang = args.lang or a.lang  # the PDF: in the language asked for, else the file's own
    out = _output_file(args.output, Path(args.file).stem + ".pdf")
    print(_write_report(content, a, out, lang, args.previous))
    if args.ics or args.csv:
        _write_plan(content, a, lang, args.ics, args.csv)
    return 0


def _batch(args: argparse.Namespace) -> int:
    """Many files or folders: one PDF each into the output folder; failures listed, exit 1 if any."""
    from srdi_desktop.batch import run_batch

    results = run_batch(args.file, Path(args.output), args.jobs or 0, args.lang,
                        Path(args.forms or paths.FORMS_DIR), Path(args.rules or paths.RULES_DIR), force=args.force)
    for r in results:  # the input → output mapping, in input order
        print(f"{r.source} → {r.target}" if r.target and not r.error else f"{r.source} → (none)")
    failed = [r for r in results if r.error and not r.skipped]
    skipped = [r for r in results if r.skipped]
    print(f"{len(results) - len(failed) - len(skipped)} written to {args.output}, "
          f"{len(skipped)} skipped, {len(failed)} failed")
    for r in results:
        for line in r.warnings:
            print(f"warning: {r.source}: {line}", file=sys.stderr)
    for r in skipped:
        print(f"SKIPPED {r.source}: {r.error}", file=sys.stderr)
    for r in failed:
        print(f"FAILED {r.source}: {r.error}", file=sys.stderr)
    return 1 if failed else 0


def _write_plan(content, a, lang: str, ics: str | None, csv: str | None) -> None:
    from srdi_desktop import service
    from srdi_desktop.atomicio import atomic_write_text

    ev = service.evaluate_assessment(content, a, gaps=False, plans=False)
    if ics:
        print(atomic_write_text(ics, service.ics_text(ev, a.firm_name, lang, a.answers.get("firm.credit_code"))))
    if csv:
        print(atomic_write_text(csv, service.csv_text(ev, lang)))


def cmd_plan(args: argparse.Namespace) -> int:
    if not (args.ics or args.csv):
        raise SystemExit("plan: give --ics FILE and/or --csv FILE")
    content = _content(args)
    a = _read_assessment(content, args.file, _lang(args))
    _write_plan(content, a, args.lang or a.lang, args.ics, args.csv)
    return 0


def cmd_blank(args: argparse.Namespace) -> int:
    from srdi_desktop.atomicio import atomic_write_bytes
    from srdi_desktop.report.blank import build_blank

    content = _content(args)
    lang = _lang(args)
    out = _output_file(args.output, f"srdi-questionnaire-{lang}.pdf")
    print(atomic_write_bytes(out, build_blank(content.questionnaire, lang)))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    content = _content(args)
    a = _read_assessment(content, str(paths.DEMO_FILE), _lang(args))
    print(_write_report(content, a, _output_file(args.output, "srdi-demo.pdf"), args.lang or a.lang))
    return 0


def _store(args: argparse.Namespace):
    from srdi_desktop.core.i18n import tr
    from srdi_desktop.storage.store import AssessmentStore

    lang = _lang(args)

    def progress(done: int, total: int) -> None:  # a long migration (0009 on a big store) says how far it is
        if total >= 500:  # a small store migrates in a blink: no word
            print(tr("rec.upgrading", lang, done=f"{done:,}", total=f"{total:,}").replace("\n", " "), file=sys.stderr,
                  flush=True)

    return AssessmentStore.open(Path(args.db) if args.db else paths.default_db_path(), progress=progress)


def _status(status: str, lang: str) -> str:
    from srdi_desktop.core.i18n import tr

    return tr(f"home.{status}", lang)  # the words the app's list uses


def cmd_list(args: argparse.Namespace) -> int:
    """One line per saved assessment under a header: id, date, status, the tiers met, the firm; newest
    change first, one page unless --all. A database at today's schema is read with the standard library
    alone (storage.peek); any other goes through the full open (checks, migration)."""
    from srdi_desktop.core.i18n import tr
    from srdi_desktop.core.text import visible  # names stored earlier may hold terminal escapes
    from srdi_desktop.storage.peek import peek_page
    from srdi_desktop.storage.tiers import badges

    lang = _lang(args)
    limit = None if args.all else args.limit
    search = args.search or ""
    page = peek_page(Path(args.db) if args.db else paths.default_db_path(), search, limit)
    if page is None:
        store = _store(args)
        try:
            page = store.list(search, limit=limit), store.count(search)
        finally:
            store.close()
    found, total = page
    rows = [[r["id"], r["assessed_on"], _status(r["status"], lang),
             badges(r.get("final_tiers") or "", lang) or "—", visible(r["firm_name"])] for r in found]
    table = [tr("cli.list_header", lang).split("|"), *rows]
    widths = [max(_width(row[i]) for row in table) for i in range(4)]  # the firm, last, is not padded
    sys.stdout.writelines("  ".join([*(_pad(cell, w) for cell, w in zip(row[:4], widths, strict=True)),
                                     row[4]]).rstrip() + "\n" for row in table)
    if total > len(rows):
        print(tr("cli.list_more", lang, shown=len(rows), total=total), file=sys.stderr)
    return 0


def _width(text: str) -> int:
    """Columns a terminal gives ``text``: Chinese characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def cmd_import(args: argparse.Namespace) -> int:
    """One file: its new id (a bad file: its errors, exit 2). Several files or folders: a bulk import
    with a progress bar, a summary, the duplicates skipped and the failures with their places (exit 1)."""
    if len(args.file) > 1 or Path(args.file[0]).is_dir():
        return _bulk_import(args)
    content = _content(args)
    a = _read_assessment(content, args.file[0], _lang(args))  # validated whole before anything is stored
    store = _store(args)
    try:
        print(store.import_assessment(a))
    finally:
        store.close()
    return 0


def _bulk_import(args: argparse.Namespace) -> int:
    from srdi_desktop.bulk_import import import_files

    content = _content(args)
    dirs = (str(args.forms or paths.FORMS_DIR), str(args.rules or paths.RULES_DIR),
            [*(getattr(args, "criteria_dirs", None) or []), *map(str, paths.user_criteria_dirs())])
    store = _store(args)
    try:
        results = import_files(store, content, args.file, jobs=args.jobs or os.cpu_count() or 1, dirs=dirs)
    finally:
        store.close()
    done = [r for r in results if r.id]
    dupes = [r for r in results if r.duplicate_of]
    failed = [r for r in results if r.error]
    from srdi_desktop.core.i18n import tr

    lang = _lang(args)
    for r in done:
        print(f"{r.source} → {r.id}")
    for r in dupes:
        print(tr("cli.bulk_skipped", lang, file=r.source, other=r.duplicate_of), file=sys.stderr)
    for r in failed:
        print(tr("cli.bulk_failed", lang, file=r.source), file=sys.stderr)
        for line in (r.error or "").splitlines():
            print(f"  {line}", file=sys.stderr)
    print(tr("cli.bulk_summary", lang, done=len(done), dupes=len(dupes), failed=len(failed)))
    return 1 if failed else 0


def _record(args: argparse.Namespace):
    """The saved assessment whose id is or starts with ``args.id`` (the first characters `list` shows are
    enough when no other id starts with them), or None after saying plainly that there is none or
    which ones it could be."""
    from srdi_desktop.core.i18n import tr

    lang = _lang(args)
    store = _store(args)
    try:
        found = store.ids_starting(args.id)
        if found[:1] == (args.id,) or len(found) == 1:
            return store.load(found[0])
        if found:
            print(tr("cli.ambiguous_id", lang, id=args.id, n=len(found) if len(found) <= 5 else "5+",
                     ids=", ".join(found[:5]) + (", …" if len(found) > 5 else "")), file=sys.stderr)
        else:
            print(tr("cli.no_id", lang, id=args.id), file=sys.stderr)
        return None
    finally:
        store.close()


def cmd_export(args: argparse.Namespace) -> int:
    from srdi_desktop.atomicio import atomic_write_text
    from srdi_desktop.core.document import dump_document

    content = _content(args)
    rec = _record(args)
    if rec is None:
        return 1
    fmt = args.format or ("json" if args.output.endswith(".json") else "yaml")
    out = _output_file(args.output, f"assessment-{rec.id[:8]}-{rec.assessment.assessed_on}.{fmt}")
    print(atomic_write_text(out, dump_document(rec.assessment, content.questionnaire, fmt)))
    return 0


def cmd_evidence(args: argparse.Namespace) -> int:
    """The evidence pack of a saved assessment: a zip with the files and the index PDF, or (``-o x.pdf``)
    the index alone. ``ID`` may be a unique prefix of the id that `list` shows."""
    from srdi_desktop.evidence_pack import export
    from srdi_desktop.storage.evidence import EvidenceStore

    content = _content(args)
    found = _record(args)
    if found is None:
        return 1
    known = {t.id for c in content.criteria for t in c.tiers}
    bad = [t for t in args.tier or [] if t not in known]
    if bad:
        raise UsageError(f"argument --tier: unknown tier {bad[0]!r} (choose from {', '.join(sorted(known))})")
    store = _store(args)
    try:
        rec = store.load(found.id)
        out = _output_file(args.output, f"evidence-{rec.id[:8]}.zip")
        print(export(content, rec, EvidenceStore(store), out, args.lang or rec.assessment.lang,
                     tuple(args.tier) if args.tier else None))
    finally:
        store.close()
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """One saved assessment; a final one shows its frozen result beside a re-score under today's rules."""
    from srdi_desktop.core.i18n import tr
    from srdi_desktop.core.present import rescore_lines
    from srdi_desktop.service import rescore

    content = _content(args)
    rec = _record(args)
    if rec is None:
        return 1
    a, lang = rec.assessment, _lang(args)
    print(f"{a.firm_name} · {a.assessed_on} · {_status(rec.status, lang)}")
    if rec.final is None:
        return 0
    r = rescore(content, rec)
    print(tr("cli.frozen", lang, criteria=r["stored_criteria"], hash=r["stored_rules_hash"]))
    if r["rules_changed"]:
        print(tr("cli.rules_changed", lang, hash=r["rules_hash"]))
    for line in rescore_lines(r, lang):
        print(f"  {line}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """The full integrity check of the database, on demand (the app runs it in the background)."""
    from srdi_desktop.storage.db import full_check

    path = Path(args.db) if args.db else paths.default_db_path()
    if not path.is_file():
        raise UsageError(f"{path}: no such database")
    problem = full_check(path)
    if problem is not None:
        print(f"{path}: the database is damaged ({problem})", file=sys.stderr)
        return 1
    print(f"{path}: ok")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    if getattr(args, "screenshot", None):  # the packages' smoke test: start, save the home window, quit
        from srdi_desktop.ui.smoke import screenshot

        return screenshot(Path(args.screenshot), Path(args.db) if args.db else None, args.lang)
    return _open_app(args.db, args.lang)


def _open_app(db: str | None, lang: str | None) -> int:
    """The app; on Linux, first the libraries Qt's xcb platform lacks, named in one line (exit 2) before Qt
    would abort on them."""
    from srdi_desktop.ui.xcb_check import check_in_background  # needs no Qt

    missing = check_in_background()  # ldd runs while Qt's modules load (loading them opens no window)
    try:
        from srdi_desktop.ui.app import run
    except ImportError:  # Qt's own libraries need some of the same system libraries
        if not _say_missing(missing(), lang):
            raise
        return 2
    if _say_missing(missing(), lang):
        return 2
    return run(db_path=Path(db) if db else None, lang=lang)


def _say_missing(libraries: list[str], lang: str | None) -> bool:
    from srdi_desktop.core.i18n import tr
    from srdi_desktop.ui.xcb_check import packages_for

    if libraries:
        print(tr("app.xcb_missing", lang or locale_lang(), libs=", ".join(libraries),
                 packages=" ".join(packages_for(libraries))), file=sys.stderr)
    return bool(libraries)


def _positive_int(text: str) -> int:
    import argparse

    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 1 <= n <= 256:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 1 to 256")
    return n


def _positive_count(text: str) -> int:
    import argparse

    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return n


def _guard_outputs(args: argparse.Namespace) -> None:
    """No output may be the database, an input of the same command, or another output (issue 14 #6)."""
    from srdi_desktop.outputs import refuse_clobber

    given = getattr(args, "file", None)
    files: list[str] = given if isinstance(given, list) else [given] if given else []
    inputs = [f for f in [*files, getattr(args, "previous", None)] if f]
    batch = getattr(args, "cmd", None) == "report" and (len(files) > 1 or Path(files[0]).is_dir()
                                                          or args.jobs is not None)
    outputs = [getattr(args, name, None) for name in ("output", "ics", "csv") if not (batch and name == "output")]
    db = Path(args.db) if args.db else paths.default_db_path()
    refuse_clobber(outputs, inputs, db)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line. With ``argv``, only the commands it names are declared, with their options: each
    sub-parser costs ~0.3 ms, mostly argparse asking gettext for its catalogue (~5 ms for all, a tenth of
    `evaluate --json`). No command named, or a help asked for: every command, to list them all."""
    import argparse

    p = argparse.ArgumentParser(prog="srdi-desktop", description="专精特新 self-assessment and roadmap (offline)",
                                formatter_class=_help_formatter)
    p.add_argument("--version", action="version", version=f"srdi-desktop {__version__}")
    p.add_argument("--forms", help=argparse.SUPPRESS)
    p.add_argument("--rules", help=argparse.SUPPRESS)
    p.add_argument("--db", help=f"assessment database (default: ${paths.DB_ENV} or the user data folder)")
    p.add_argument("--criteria-dir", **_CRITERIA_DIR)
    p.add_argument("--debug", action="store_true", help="on an error, show the full traceback")
    p.add_argument("--lang", choices=LANGS, default=None, help=_LANG_HELP)
    # every command in the usage line, as the whole parser shows it, whichever were declared
    sub = p.add_subparsers(dest="cmd", metavar="{" + ",".join(_COMMANDS) + "}")
    named = {a for a in argv or () if a in _COMMANDS}
    if not named or {"-h", "--help"} & set(argv or ()):
        named = set(_COMMANDS)
    for name, (help_text, options, run) in _COMMANDS.items():
        if name not in named:
            continue
        c = sub.add_parser(name, help=help_text, formatter_class=_help_formatter)
        c.set_defaults(fn=run)
        if options is not None:
            options(c)
        # before or after the command: `--lang en list`, `list --lang en`
        c.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help=_LANG_HELP)
    return p


def _help_formatter(prog: str) -> argparse.HelpFormatter:
    """argparse's own formatter, given the terminal's width as shutil would find it: argparse asks shutil,
    whose import brings bz2 and lzma (~4 ms of every command, argparse builds a formatter per option)."""
    import argparse

    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:  # 0 from a terminal whose size was never set: 80, as shutil says
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):  # no terminal, or no stdout at all (pythonw.exe)
            columns = 80
    return argparse.HelpFormatter(prog, width=columns - 2)


_CRITERIA_DIR: dict[str, Any] = {"action": "append", "dest": "criteria_dirs", "metavar": "DIR",
                                 "help": "also load the criteria sets in DIR, e.g. a regional pack (repeatable)"}
_LANG_HELP = ("language of the output and the messages (default: the locale's, else zh); for a PDF or plan, the "
              "file's own language")


def _gui_options(c: argparse.ArgumentParser) -> None:
    import argparse

    c.add_argument("--screenshot", metavar="PNG", help=argparse.SUPPRESS)  # installers' smoke test: save, quit


def _check_options(c: argparse.ArgumentParser) -> None:
    import argparse

    c.add_argument("--forms")
    c.add_argument("--rules")
    c.add_argument("--criteria-dir", **_CRITERIA_DIR, default=argparse.SUPPRESS)  # SUPPRESS: keep a top-level value
    c.add_argument("--i18n", help="the strings folder (default: resources/i18n)")


def _evaluate_options(c: argparse.ArgumentParser) -> None:
    c.add_argument("file")
    c.add_argument("--json", action="store_true", help="print the whole evaluation as JSON")
    c.add_argument("--criteria", help="criteria set id (default: chosen by the assessment date)")
    c.add_argument("--set", action="append", metavar="ID=VALUE", help="what-if: override an answer (repeatable)")


def _report_options(c: argparse.ArgumentParser) -> None:
    c.add_argument("file", nargs="+", help="an assessment file; several files or folders make a batch")
    c.add_argument("-o", "--output", required=True, help="the PDF, or the output folder for a batch")
    c.add_argument("-j", "--jobs", type=_positive_int, help="batch: parallel worker processes (default: all cores)")
    c.add_argument("--force", action="store_true", help="batch: overwrite PDFs already in the output folder")
    c.add_argument("--previous", metavar="FILE", help="the firm's previous assessment, for a comparison section")
    c.add_argument("--ics", metavar="FILE", help="also write the milestones as an iCalendar file")
    c.add_argument("--csv", metavar="FILE", help="also write the action plan as CSV")


def _plan_options(c: argparse.ArgumentParser) -> None:
    c.add_argument("file")
    c.add_argument("--ics", metavar="FILE")
    c.add_argument("--csv", metavar="FILE")


def _list_options(c: argparse.ArgumentParser) -> None:
    c.add_argument("--search", help="part of a firm name or credit code")
    c.add_argument("--limit", type=_positive_count, default=50, help="how many to list (default 50)")
    c.add_argument("--all", action="store_true", help="list every saved assessment")


def _import_options(c: argparse.ArgumentParser) -> None:
    c.add_argument("file", nargs="+", help="an assessment file; several files or folders make a bulk import")
    c.add_argument("-j", "--jobs", type=_positive_int, help="bulk import: reading processes (default: all cores)")



def _show_options(c: argparse.ArgumentParser) -> None:
    c.add_argument("id")


def _export_options(c: argparse.ArgumentParser) -> None:
    c.add_argument("id")
    c.add_argument("-o", "--output", required=True)
    c.add_argument("--format", choices=("yaml", "json"))


def _evidence_options(c: argparse.ArgumentParser) -> None:
    c.add_argument("id", help="the assessment id, or a unique prefix of it")
    c.add_argument("-o", "--output", required=True, help="pack.zip (files and list), or list.pdf (the list only)")
    c.add_argument("--tier", action="append", metavar="TIER", help="a tier to include (repeatable; "
                   "default: the tiers chosen in the app, else every tier on the ladder)")


def _blank_options(c: argparse.ArgumentParser) -> None:
    c.add_argument("-o", "--output", required=True)


def _demo_options(c: argparse.ArgumentParser) -> None:
    c.add_argument("-o", "--output", default="srdi-demo.pdf")


# name: (help, its options, what runs it)
_COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None] | None,
                           Callable[[argparse.Namespace], int]]] = {
    "gui": ("open the app (the default)", _gui_options, cmd_gui),
    "check": ("validate forms/, rules/ and the strings; exit 1 with the error list", _check_options, cmd_check),
    "evaluate": ("evaluate an assessment file", _evaluate_options, cmd_evaluate),
    "report": ("write the PDF roadmap of an assessment file, or of many (batch)", _report_options, cmd_report),
    "plan": ("export the action plan as .ics milestones and/or CSV", _plan_options, cmd_plan),
    "list": ("list the saved assessments", _list_options, cmd_list),
    "import": ("import assessment files (YAML or JSON) as new drafts; folders in bulk", _import_options, cmd_import),
    "verify": ("check the whole database for damage (PRAGMA integrity_check)", None, cmd_verify),
    "show": ("show a saved assessment; a final one beside a re-score under today's rules", _show_options, cmd_show),
    "export": ("export a saved assessment to YAML or JSON", _export_options, cmd_export),
    "evidence": ("export the evidence pack of a saved assessment (zip), or its list (.pdf)", _evidence_options,
                 cmd_evidence),
    "blank": ("write a printable blank questionnaire (PDF) for paper workshops", _blank_options, cmd_blank),
    "demo": ("write the PDF roadmap of the bundled example firm (no display needed)", _demo_options, cmd_demo),
}


def _gui_database(argv: list[str]) -> tuple[bool, str | None]:
    """(True, --db or None) when the line only opens the app (`srdi-desktop [--db FILE] [gui]`): the window
    then starts without building the whole parser (DESIGN §8: first paint ≤ 1.5× a bare QWizard)."""
    rest, db = list(argv), None
    if rest[-1:] == ["gui"]:
        rest.pop()
    if len(rest) == 2 and rest[0] == "--db" and rest[1] and not rest[1].startswith("-"):
        db, rest = rest[1], []
    return (not rest, db)


def _utf8_streams() -> None:
    """Windows writes a pipe or a file in the ANSI code page (cp1252, cp936), which cannot encode every
    character of a firm name (`evaluate --json | …` failed under wine): UTF-8 as on every other system.
    A console shows the characters either way; under pythonw.exe there are no streams."""
    if sys.platform == "win32":
        import io

        for stream in (sys.stdout, sys.stderr):
            if isinstance(stream, io.TextIOWrapper):
                stream.reconfigure(encoding="utf-8")


@cli_entry  # errors as one line (exit 2), a bug as one line and the log's place (exit 70); --debug
def main(argv: list[str] | None = None) -> int:
    _utf8_streams()
    gui_only, db = _gui_database(list(sys.argv[1:] if argv is None else argv))
    if gui_only:
        return _open_app(db, None)
    import gc

    gc.disable()  # until the content is loaded (_content); a short command without content runs without it
    line = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser(line).parse_args(line)
    except BaseException:  # --help, a wrong line: SystemExit
        gc.enable()
        raise
    fn = getattr(args, "fn", cmd_gui)
    for name in ("forms", "rules"):
        if not hasattr(args, name):
            setattr(args, name, None)
    _guard_outputs(args)  # before any work: never write over an input or the database
    if fn in (cmd_gui, cmd_import):  # the app, a bulk import: long lives, collected from the start
        gc.enable()
    try:
        return fn(args)
    finally:
        gc.enable()  # as it was, for a caller in the same process (the tests, the benchmark)


