"""The app controller: the database, forms/ and rules/, the windows opened from the home list (wizard,
results, history), the language and the exports. The home window (ui/home.py) only shows the list, the
toolbar and the menus, and calls the actions here; what changed comes back to it as signals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal

from srdi_desktop.core.i18n import tr

from .dialogs import Confirm, Notice, OpenDialog, Saved, SaveDialog
from .qt_setup import install_translations

if TYPE_CHECKING:  # the rules, the database layer, the wizard and the PDF load after the window is on screen
    from PySide6.QtWidgets import QWidget

    from srdi_desktop.core.assessment import Assessment
    from srdi_desktop.core.content import Content
    from srdi_desktop.core.draft import Draft
    from srdi_desktop.core.evaluation import Evaluation
    from srdi_desktop.core.ladder import Rung
    from srdi_desktop.storage.store import AssessmentStore

    from .evidence_view import EvidenceWindow
    from .history import HistoryWindow
    from .portfolio import PortfolioWindow
    from .results import ResultsWindow
    from .wizard import AssessmentWizard

SETTINGS_LANG = "ui/language"


def _as_window(w: QWidget) -> None:
    """A child that shows as its own top-level window (closed with the home window)."""
    from PySide6.QtCore import Qt

    w.setWindowFlag(Qt.WindowType.Window, True)


class AppController(QObject):
    """Everything that starts from the list of saved assessments. Needs no view: ``dialog_parent`` (the
    home window, when there is one) only parents the dialogs and the windows opened here."""

    list_changed = Signal()  # saved assessments were added, changed or removed: re-read rows()
    language_changed = Signal(str)
    store_attached = Signal()  # the database is open (after the first paint): the list can sort and search
    quit_requested = Signal()  # the user gave up at the database recovery dialog

    def __init__(self, content: Content | None, store: AssessmentStore | None, lang: str = "zh",
                 today: dt.date | None = None, content_loader: Callable[[], Content] | None = None,
                 store_opener: Callable[[], AssessmentStore | None] | None = None,
                 preview: list[dict] | None = None):
        """``store`` may be None at start-up: rows() is then ``preview`` (a read-only glance at the list)
        and ``attach_store`` opens the database, with its checks, right after the first paint."""
        super().__init__()
        self._content, self._content_loader = content, content_loader
        self._store, self._store_opener, self._preview = store, store_opener, preview
        self.lang = lang
        self.today = today or dt.date.today()
        self.dialog_parent: QWidget | None = None
        self.wizard: AssessmentWizard | None = None
        self.results: ResultsWindow | None = None
        self.history: HistoryWindow | None = None
        self.evidence: EvidenceWindow | None = None
        self.portfolio: PortfolioWindow | None = None
        self._last_target: Path | None = None
        self.current_id: str | None = None
        self._ladders: dict[str, tuple[Rung, ...] | None] = {}

    # -- the database and the content, both opened after the first paint ------------------------

    @property
    def store(self) -> AssessmentStore:
        if self._store is None and not self.attach_store():
            raise RuntimeError("no database")
        assert self._store is not None
        return self._store

    @property
    def store_is_open(self) -> bool:
        return self._store is not None

    @property
    def read_only(self) -> bool:
        """The database is open but cannot be written (read-only file or folder, or a newer version's)."""
        return self._store is not None and self._store.read_only is not None

    def attach_store(self) -> bool:
        """Open the database now (integrity check, migrations, recovery dialog); False if the user quits."""
        if self._store is None:
            self._store = self._store_opener() if self._store_opener else None
            if self._store is None:
                self.quit_requested.emit()
                return False
            self._preview = None
            self.store_attached.emit()
        return True

    @property
    def content(self) -> Content:
        """forms/ and rules/, loaded on first need (normally just after the window first paints)."""
        if self._content is None:
            assert self._content_loader is not None
            self._content = self._content_loader()
        return self._content

    @property
    def content_is_loaded(self) -> bool:
        return self._content is not None

    def rows(self, search: str = "", sort: str = "updated", descending: bool = True, limit: int | None = None,
             after: dict | None = None) -> list[dict]:
        """The list's rows sorted by the database, a page at a time (storage.peek.list_query): what the
        read-only glance saw (its first page) until the database is open."""
        if self._store is None:
            return [] if after is not None else (self._preview or [])[:limit]
        return self._store.list(search, sort, descending, limit, after=after)

    def ladder_of(self, aid: str) -> tuple[Rung, ...] | None:
        """A final assessment's ladder for the home list (None for a draft, or before the database is open).
        Asked only for the rows on screen, and kept until the list changes."""
        if self._store is None:
            return None
        if aid not in self._ladders:
            import sqlite3

            from srdi_desktop.core.ladder import rungs

            try:
                summary = self._store.ladder_summary(aid)
            except sqlite3.Error:  # closing (a repaint while the app quits): the cell shows its words
                return None
            self._ladders[aid] = rungs(summary) if summary is not None else None
        return self._ladders[aid]

    def forget_ladders(self) -> None:
        self._ladders.clear()

    # -- language ---------------------------------------------------------------------------------

    def set_language(self, lang: str) -> None:
        """Switch every open window; an open wizard is rebuilt on the same page with every answer."""
        self.lang = lang
        QSettings().setValue(SETTINGS_LANG, lang)
        install_translations(lang)
        self.language_changed.emit(lang)
        if self.wizard is not None and self.wizard.isVisible():
            old, aid = self.wizard, self.current_id
            assert aid is not None
            page = old.current_page_id()
            old.draft.set_lang(lang)
            geometry = old.saveGeometry()
            old.finished.disconnect()
            old.close()
            old.deleteLater()
            self._show_wizard(aid, old.draft, page)
            self.wizard.restoreGeometry(geometry)
        for view in (self.results, self.history, self.portfolio):
            if view is not None and view.isVisible():
                view.set_language(lang)

    # -- assessments ------------------------------------------------------------------------------

    def asker(self) -> QWidget | None:
        """The parent of a dialog: the app's window the user is in (results, history, wizard), so that
        closing the dialog brings that window back, never the home window in front of it."""
        from PySide6.QtWidgets import QApplication

        active = QApplication.activeWindow()
        ours = [w for w in (self.wizard, self.results, self.history) if w is not None and w.isVisible()]
        return active if any(active is w for w in ours) else self.dialog_parent

    def writable(self) -> bool:
        """True when the database can be written; else say why (read-only file or folder, or written by a
        newer version) and change nothing."""
        reason = self.store.read_only
        if reason is None:
            return True
        from .recovery import message

        Notice.show(self.asker(), tr("app.db_error", self.lang), message(reason, self.lang))
        return False

    def new_assessment(self) -> AssessmentWizard | None:
        if not self.writable():
            return None
        aid = self.store.create(self.today, self.lang)
        from srdi_desktop.core.assessment import Assessment  # core's data classes load after the first paint

        return self._start_wizard(aid, Assessment(self.today, {}, self.lang))

    def open_assessment(self, aid: str) -> AssessmentWizard | ResultsWindow:
        """A draft opens in the wizard; a final assessment shows its results (and a re-score if the
        rules changed since)."""
        rec = self.store.load(aid)
        if rec.final is None and self.store.read_only is None:
            return self._start_wizard(aid, rec.assessment)
        if rec.final is not None and rec.final.get("rules_hash") != self.content.rules_hash:
            self._show_rescore(rec)
        return self.show_results(aid)

    def _show_rescore(self, rec) -> None:
        """A final result never changes silently: show it beside today's re-score."""
        from srdi_desktop.core.present import rescore_lines
        from srdi_desktop.service import rescore

        r = rescore(self.content, rec)
        lines = [tr("cli.rules_changed", self.lang, hash=r["rules_hash"]), *rescore_lines(r, self.lang)]
        Notice.show(self.dialog_parent, tr("home.rescored", self.lang), "\n".join(lines))

    def duplicate_as_next_year(self, aid: str) -> str | None:
        """A new draft of the next fiscal year (core.rollover): answers copied, last year's figures moved
        one year back, year-end figures marked to review."""
        if not self.writable():
            return None
        new = self.store.duplicate_as_next_year(aid, self.today, self.content.questionnaire)
        self.list_changed.emit()
        a = self.store.load(new).assessment
        Saved.show(self.asker(), tr("home.duplicate", self.lang),
                   tr("home.copied", self.lang, date=a.assessed_on.isoformat(), year=a.year1), None, "")
        return new

    def delete(self, aid: str) -> bool:
        """Delete after asking; True if it was deleted."""
        if not self.writable():
            return False
        name = self.store.load(aid).assessment.firm_name or tr("home.unnamed", self.lang)
        if not Confirm.ask(self.dialog_parent, tr("home.delete", self.lang),
                           tr("home.delete_confirm", self.lang, name=name)):
            return False
        self.store.delete(aid)
        self.list_changed.emit()
        return True

    def import_file(self, path: Path | None = None) -> str | None:
        """Import a YAML/JSON assessment as a new draft; a bad file is refused whole with its errors."""
        from srdi_desktop.core.document import DocumentError, parse_document
        from srdi_desktop.inputs import read_document_bytes

        if not self.writable():
            return None
        path = path or OpenDialog.ask(self.dialog_parent, tr("home.import", self.lang), tr("filter.doc", self.lang))
        if path is None:
            return None
        try:
            a = parse_document(read_document_bytes(path), str(path), self.content.questionnaire,
                               criteria_ids=tuple(c.id for c in self.content.criteria), messages=self.lang)
        except DocumentError as exc:
            Notice.show(self.dialog_parent, tr("home.import_failed", self.lang),
                        "\n".join(map(str, exc.errors[:20])))
            return None
        except OSError as exc:
            Notice.show(self.dialog_parent, tr("home.import_failed", self.lang), str(exc))
            return None
        aid = self.store.import_assessment(a)
        self.store.add_recent(path, "doc")
        self.list_changed.emit()
        return aid

    # -- recent files -----------------------------------------------------------------------------

    def recent_files(self) -> list[tuple[Path, str]]:
        """(path, kind) of the files imported or exported lately, newest first."""
        return [(Path(r["path"]), r["kind"]) for r in self.store.recent()]

    def open_recent(self, path: Path, kind: str) -> None:
        """An assessment file re-imports; a PDF or plan opens in the system's viewer."""
        if kind == "doc":
            self.import_file(path)
        else:
            from PySide6.QtCore import QUrl
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    # -- wizard, results, history -----------------------------------------------------------------

    def _evaluator(self, a: Assessment) -> Callable[[dict], Evaluation]:
        from srdi_desktop.service import evaluator

        return evaluator(self.content, a)

    def _start_wizard(self, aid: str, assessment: Assessment, page: str = "",
                      pages_before: Sequence[str] = ()) -> AssessmentWizard:
        from srdi_desktop.core.draft import Draft

        self.current_id = aid
        draft = Draft(self.content.questionnaire, assessment,
                      on_saved=lambda qid, v: self.store.save_answer(aid, qid, v),
                      on_reviewed=lambda qid: self.store.confirm_answer(aid, qid),
                      on_details=lambda a: self.store.set_details(aid, a.assessed_on, a.year1, a.criteria),
                      on_source=lambda qid, src: self.store.save_source(aid, qid, src),
                      derived=self.content.derived, symbols=self.content.symbols,
                      symbol_inputs=self.content.symbol_inputs, lang=self.lang)
        self._show_wizard(aid, draft, page, pages_before)
        assert self.wizard is not None
        return self.wizard

    def _show_wizard(self, aid: str, draft: Draft, page: str, pages_before: Sequence[str] = ()) -> None:
        from .wizard import AssessmentWizard

        wizard = AssessmentWizard(draft, self.lang, on_finish=lambda d: self._finish(aid, d),
                                  parent=self.dialog_parent, evaluator=self._evaluator(draft.assessment),
                                  start_page=page, pages_before=pages_before, content=self.content)
        self.wizard = wizard
        _as_window(wizard)
        wizard.finished.connect(lambda _r, aid=aid: self._wizard_closed(aid))
        wizard.show()

        def mark_open(pid: str) -> None:  # with the pages before it: if it is removed later, resume near it
            self.store.mark_open(aid, pid, wizard.ids_before(pid))

        mark_open(wizard.current_page_id())
        wizard.page_changed.connect(mark_open)
        self.list_changed.emit()

    def _wizard_closed(self, aid: str) -> None:
        self.store.mark_closed(aid)  # closed normally: nothing to resume
        self.list_changed.emit()

    def offer_resume(self) -> AssessmentWizard | None:
        """After a crash: the draft whose wizard never closed, offered at the page where it was."""
        if self.store.read_only is not None:
            return None  # nothing can be saved: resuming would lose every answer typed
        busy = self.current_id if self.wizard is not None and self.wizard.isVisible() else None
        drafts = [d for d in self.store.open_drafts() if d["id"] != busy]  # not the one open right now
        if not drafts:
            return None
        d = drafts[0]
        for other in drafts[1:]:
            self.store.mark_closed(other["id"])
        name = d["firm_name"] or tr("home.unnamed", self.lang)
        if not Confirm.ask(self.dialog_parent, tr("home.resume_title", self.lang),
                           tr("home.resume", self.lang, name=name, date=d["assessed_on"])):
            self.store.mark_closed(d["id"])
            return None
        return self._start_wizard(d["id"], self.store.load(d["id"]).assessment, d["page_id"], d["pages_before"])

    def _finish(self, aid: str, draft: Draft) -> None:
        from srdi_desktop.service import finalize

        finalize(self.store, self.content, aid, draft.assessment)
        results = self.show_results(aid)
        if self.wizard is not None:  # once the wizard has closed, the results stay in front (not the home window)
            self.wizard.finished.connect(lambda _r: self._to_front(results))

    @staticmethod
    def _to_front(window: QWidget) -> None:
        window.raise_()
        window.activateWindow()

    def result_of(self, rec) -> Evaluation:
        """What a record's results are: the frozen result of a final assessment, else a fresh evaluation."""
        from srdi_desktop.service import result_of

        return result_of(self.content, rec)

    def show_results(self, aid: str) -> ResultsWindow:
        from .results import ResultsWindow

        rec = self.store.load(aid)
        self.current_id = aid
        if self.results is not None:
            self.results.close()
        self.results = ResultsWindow(self.content, rec.assessment, self.result_of(rec), self.lang,
                                     self._evaluator(rec.assessment), lambda: self.export_pdf_of(aid),
                                     on_edit=lambda: self.writable() and self._start_wizard(aid, rec.assessment),
                                     parent=self.dialog_parent, on_evidence=lambda: self.show_evidence(aid))
        _as_window(self.results)
        self.results.show()
        self._to_front(self.results)
        return self.results

    def show_demo(self) -> ResultsWindow:
        """The bundled example firm (as `srdi-desktop demo` reads it), read-only: nothing is stored, and
        the PDF export writes the example's roadmap."""
        from srdi_desktop import paths
        from srdi_desktop.service import evaluate_assessment, pdf_bytes, read_assessment

        from .results import ResultsWindow

        a = read_assessment(self.content, paths.DEMO_FILE)
        ev = evaluate_assessment(self.content, a)

        def export() -> Path | None:
            from srdi_desktop.atomicio import atomic_write_bytes

            target = SaveDialog.ask(self.dialog_parent, tr("menu.export_pdf", self.lang), "srdi-demo.pdf",
                                    tr("wiz.pdf_filter", self.lang))
            if target is None:
                return None
            try:
                return atomic_write_bytes(target, pdf_bytes(self.content, a, ev, self.lang))
            except OSError as exc:
                Notice.show(self.dialog_parent, tr("menu.export", self.lang),
                            tr("wiz.export_failed", self.lang, error=exc))
                return None

        if self.results is not None:
            self.results.close()
        self.results = ResultsWindow(self.content, a, ev, self.lang, self._evaluator(a), export, on_edit=None,
                                     parent=self.dialog_parent, demo=True)
        _as_window(self.results)
        self.results.show()
        return self.results

    def show_history(self, aid: str) -> HistoryWindow:
        from srdi_desktop.storage.store import firm_key

        from .history import HistoryWindow

        rec = self.store.load(aid)
        key = firm_key(rec.assessment.answers)
        if self.history is not None:
            self.history.close()
        self.history = HistoryWindow(self.store, self.content, key, self.lang, self.result_of,
                                     parent=self.dialog_parent)
        _as_window(self.history)
        self.history.show()
        self._to_front(self.history)
        return self.history

    def show_evidence(self, aid: str) -> EvidenceWindow:
        """The evidence checklist of ``aid`` (ui/evidence_view.py)."""
        from srdi_desktop.storage.evidence import EvidenceStore

        from .evidence_view import EvidenceWindow

        rec = self.store.load(aid)
        self.current_id = aid
        if self.evidence is not None:
            self.evidence.close()
        self.evidence = EvidenceWindow(self.content, rec, EvidenceStore(self.store), self.lang,
                                       on_export=lambda kind: self.export_evidence_of(aid, kind),
                                       parent=self.dialog_parent)
        _as_window(self.evidence)
        self.evidence.show()
        return self.evidence

    def show_portfolio(self) -> PortfolioWindow:
        """The adviser's portfolio: one row per firm, filters, peer benchmarks, exports (ui/portfolio.py)."""
        from .portfolio import PortfolioWindow

        if self.portfolio is not None:
            self.portfolio.close()
        self.portfolio = PortfolioWindow(self.store, self.content, self.lang, parent=self.dialog_parent)
        _as_window(self.portfolio)
        self.portfolio.show()
        return self.portfolio

    def close_windows(self) -> None:
        """The app is quitting normally: close what is open; an open wizard leaves nothing to resume."""
        if self.wizard is not None and self.wizard.isVisible():
            assert self.current_id is not None
            self.store.mark_closed(self.current_id)  # a normal quit: no "resume?" next time
        for w in (self.wizard, self.results, self.history, self.evidence, self.portfolio):
            if w is not None:
                w.close()

    # -- exports: ask where, build the bytes, write atomically, remember the file -------------------

    def _record(self, aid: str | None = None):
        aid = aid or self.current_id
        if aid is None:
            Notice.show(self.asker(), tr("menu.export", self.lang), tr("home.select_first", self.lang))
            return None
        return self.store.load(aid)

    def _export(self, kind: str, suffix: str, file_filter: str, make, aid: str | None = None) -> Path | None:
        """Ask for a path, build the bytes, write atomically; report a failure without losing anything."""
        from srdi_desktop.atomicio import atomic_write_bytes

        rec = self._record(aid) if kind != "blank" else None
        if rec is None and kind != "blank":
            return None
        base = f"{rec.assessment.firm_name or 'srdi'}-{rec.assessment.assessed_on}" if rec else "srdi-questionnaire"
        asker = self.asker()
        target = SaveDialog.ask(asker, tr(f"menu.export_{kind}", self.lang), f"{base}.{suffix}",
                                tr(file_filter, self.lang))
        if target is None:
            return None
        self._last_target = target
        try:
            written = atomic_write_bytes(target, make(rec))
        except OSError as exc:
            Notice.show(asker, tr("menu.export", self.lang), tr("wiz.export_failed", self.lang, error=exc))
            return None
        self.store.add_recent(written, kind)
        Saved.show(asker, tr("saved.title", self.lang), tr("saved.text", self.lang, path=written), written.parent,
                   tr("saved.open_folder", self.lang))
        return written

    def export_pdf_of(self, aid: str | None = None) -> Path | None:
        """The PDF roadmap of ``aid`` (default: the assessment last opened)."""
        from srdi_desktop.service import pdf_bytes, previous_of, unprintable_notices  # loads only when asked for

        shown: list = []

        def make(rec) -> bytes:
            shown.append(rec.assessment)
            return pdf_bytes(self.content, rec.assessment, self.result_of(rec), self.lang,
                             previous_of(self.store, self.content, rec))

        written = self._export("pdf", "pdf", "wiz.pdf_filter", make, aid)
        notices = unprintable_notices(self.content, shown[0], self.lang) if written and shown else []
        if notices:  # the PDF is written; say what it could not show
            Notice.show(self.asker(), tr("menu.export_pdf", self.lang), "\n".join(notices))
        return written

    def export_ics_of(self, aid: str | None = None) -> Path | None:
        from srdi_desktop.service import ics_text

        return self._export("ics", "ics", "filter.ics", lambda rec: ics_text(
            self.result_of(rec), rec.assessment.firm_name, self.lang,
            rec.assessment.answers.get("firm.credit_code")).encode(), aid)

    def export_csv_of(self, aid: str | None = None) -> Path | None:
        from srdi_desktop.service import csv_text

        return self._export("csv", "csv", "filter.csv", lambda rec: csv_text(
            self.result_of(rec), self.lang).encode(), aid)

    def export_document_of(self, aid: str | None = None) -> Path | None:
        from srdi_desktop.core.document import dump_document

        def make(rec) -> bytes:
            fmt = "json" if str(self._last_target).endswith(".json") else "yaml"
            return dump_document(rec.assessment, self.content.questionnaire, fmt).encode()

        return self._export("doc", "yaml", "filter.doc", make, aid)

    def export_blank(self, _aid: str | None = None) -> Path | None:
        from srdi_desktop.report.blank import build_blank

        return self._export("blank", "pdf", "wiz.pdf_filter",
                            lambda _rec: build_blank(self.content.questionnaire, self.lang))

    def export_evidence_of(self, aid: str | None = None, kind: str = "zip") -> Path | None:
        """The evidence pack (zip: files and the list) or the list alone (PDF); evidence_pack writes it
        through a temporary file, streaming the files (they may be large, so not through _export's bytes)."""
        from srdi_desktop.evidence_pack import export
        from srdi_desktop.storage.evidence import EvidenceStore

        rec = self._record(aid)
        if rec is None:
            return None
        base = f"{rec.assessment.firm_name or 'srdi'}-{tr('ev.title', self.lang)}-{rec.assessment.assessed_on}"
        target = SaveDialog.ask(self.dialog_parent, tr("menu.export_evidence" if kind == "zip" else "ev.export_index",
                                                       self.lang),
                                f"{base}.{kind}", tr("filter.zip" if kind == "zip" else "wiz.pdf_filter", self.lang))
        if target is None:
            return None
        if kind == "pdf" and target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        try:
            written = export(self.content, rec, EvidenceStore(self.store), target, self.lang)
        except OSError as exc:
            Notice.show(self.dialog_parent, tr("menu.export", self.lang), tr("ev.err.export", self.lang, detail=exc))
            return None
        self.store.add_recent(written, "evidence")
        return written

    def exports(self) -> dict[str, Callable[[str | None], Path | None]]:
        """The Export menu, in order: key (menu.export_<key>) -> action on an assessment id."""
        return {"pdf": self.export_pdf_of, "ics": self.export_ics_of, "csv": self.export_csv_of,
                "doc": self.export_document_of, "evidence": self.export_evidence_of, "blank": self.export_blank}
