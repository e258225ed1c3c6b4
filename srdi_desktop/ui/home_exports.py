"""Exports of a saved assessment (PDF, calendar, CSV, assessment file, blank questionnaire), as a
part of the home window: ask where, build the bytes, write atomically, remember the file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from srdi_desktop.core.i18n import tr

from .dialogs import Notice, SaveDialog

if TYPE_CHECKING:
    from srdi_desktop.core.content import Content
    from srdi_desktop.storage.store import AssessmentStore


class ExportActions:
    """Needs from the window: ``store``, ``content``, ``lang``, ``current_id`` and ``_selected_id()``."""

    store: AssessmentStore
    content: Content
    lang: str
    current_id: str | None
    _last_target: Path | None

    def _record(self, aid: str | None = None):
        aid = aid or self._selected_id() or self.current_id
        if aid is None:
            Notice.show(self, tr("menu.export", self.lang), tr("home.select_first", self.lang))
            return None
        return self.store.load(aid)

    def _export(self, kind: str, suffix: str, file_filter: str, make, aid: str | None = None) -> Path | None:
        """Ask for a path, build the bytes, write atomically; report a failure without losing anything."""
        from srdi_desktop.atomicio import atomic_write_bytes

        rec = self._record(aid) if kind != "blank" else None
        if rec is None and kind != "blank":
            return None
        base = f"{rec.assessment.firm_name or 'srdi'}-{rec.assessment.assessed_on}" if rec else "srdi-questionnaire"
        target = SaveDialog.ask(self, tr(f"menu.export_{kind}", self.lang), f"{base}.{suffix}",
                                tr(file_filter, self.lang))
        if target is None:
            return None
        self._last_target = target
        try:
            written = atomic_write_bytes(target, make(rec))
        except OSError as exc:
            Notice.show(self, tr("menu.export", self.lang), tr("wiz.export_failed", self.lang, error=exc))
            return None
        self.store.add_recent(written, kind)
        return written

    def export_pdf_of(self, aid: str | None = None) -> Path | None:
        from srdi_desktop.service import pdf_bytes, previous_of, result_of

        return self._export("pdf", "pdf", "wiz.pdf_filter", lambda rec: pdf_bytes(
            self.content, rec.assessment, result_of(self.content, rec), self.lang,
            previous_of(self.store, self.content, rec)), aid)

    def export_selected_pdf(self) -> Path | None:
        return self.export_pdf_of()

    def export_selected_ics(self) -> Path | None:
        from srdi_desktop.service import ics_text, result_of

        return self._export("ics", "ics", "filter.ics", lambda rec: ics_text(
            result_of(self.content, rec), rec.assessment.firm_name, self.lang).encode())

    def export_selected_csv(self) -> Path | None:
        from srdi_desktop.service import csv_text, result_of

        return self._export("csv", "csv", "filter.csv", lambda rec: csv_text(
            result_of(self.content, rec), self.lang).encode())

    def export_selected_document(self) -> Path | None:
        from srdi_desktop.core.document import dump_document

        def make(rec) -> bytes:
            fmt = "json" if str(self._last_target).endswith(".json") else "yaml"
            return dump_document(rec.assessment, self.content.questionnaire, fmt).encode()

        return self._export("doc", "yaml", "filter.doc", make)

    def export_blank(self) -> Path | None:
        from srdi_desktop.report.blank import build_blank

        return self._export("blank", "pdf", "wiz.pdf_filter",
                            lambda _rec: build_blank(self.content.questionnaire, self.lang))

