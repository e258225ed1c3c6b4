"""The evidence checklist of one assessment (申报材料清单): tiers → conditions → documents with their state,
files and warnings; the chosen document's detail (where to obtain it, state, note, attach / link /
replace / remove); the risk flags beside it; export of the pack (zip) or the list (PDF).

Every change is saved at once (storage.evidence), like answers. All user text (file names, notes) is
shown as plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from srdi_desktop.core.evidence import STATES
from srdi_desktop.core.i18n import pick, tr
from srdi_desktop.core.present import labelled

from .dialogs import Confirm, Notice, OpenDialog
from .style import colour
from .text import label as _label

if TYPE_CHECKING:
    from srdi_desktop.core.content import Content
    from srdi_desktop.evidence_pack import Pack
    from srdi_desktop.storage.evidence import EvidenceStore
    from srdi_desktop.storage.store import Record

# a document's state in the palette's status colours (the word beside it says it too)
STATE_STATUS = {"missing": "unmet", "attached": "unknown", "checked": "met"}
DOC_ROLE = Qt.ItemDataRole.UserRole


class EvidenceWindow(QMainWindow):
    def __init__(self, content: Content, rec: Record, ev_store: EvidenceStore, lang: str,
                 on_export: Callable[[str], Path | None] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.content, self.rec, self.ev_store, self.lang = content, rec, ev_store, lang
        self.on_export = on_export
        self.setObjectName("evidence_window")
        self.current_doc: str | None = None
        ev_store.sweep()  # files an attach killed mid-way left behind (storage.evidence)
        screen = self.screen()
        size = QSize(1200, 720)
        self.resize(size.boundedTo(screen.availableGeometry().size()) if screen else size)
        self._build()
        self.reload()

    # -- layout -----------------------------------------------------------------------------------

    def _build(self) -> None:
        lang = self.lang
        firm = self.rec.assessment.firm_name or tr("home.unnamed", lang)
        self.setWindowTitle(tr("ev.window", lang, firm=firm))
        central = QWidget()
        lay = QVBoxLayout(central)
        top = QHBoxLayout()
        self.progress = _label(role="strong")
        self.progress.setObjectName("evidence_progress")
        top.addWidget(self.progress, 1)
        self.export_zip = QPushButton(tr("ev.export", lang))
        self.export_zip.setObjectName("evidence_export_zip")
        self.export_zip.clicked.connect(lambda _c=False: self._export("zip"))
        self.export_pdf = QPushButton(tr("ev.export_index", lang))
        self.export_pdf.setObjectName("evidence_export_pdf")
        self.export_pdf.clicked.connect(lambda _c=False: self._export("pdf"))
        for b in (self.export_zip, self.export_pdf):
            b.setVisible(self.on_export is not None)
            top.addWidget(b)
        lay.addLayout(top)
        tiers_row = QHBoxLayout()
        tiers_row.addWidget(_label(tr("ev.tiers", lang)), 0, Qt.AlignmentFlag.AlignTop)
        self.tier_boxes: dict[str, QCheckBox] = {}
        self.tiers_grid = QGridLayout()  # three a row: six long English titles do not fit one 1366 px line
        tiers_row.addLayout(self.tiers_grid, 1)
        lay.addLayout(tiers_row)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.tree = QTreeWidget()
        self.tree.setObjectName("evidence_tree")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([tr("ev.col.document", lang), tr("ev.col.state", lang), tr("ev.col.file", lang)])
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.currentItemChanged.connect(lambda cur, _prev: self._select(cur))
        split.addWidget(self.tree)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(6, 0, 0, 0)
        self.doc_title = _label(role="heading")
        self.doc_title.setObjectName("evidence_doc_title")
        self.doc_info = _label(role="help")
        self.doc_info.setObjectName("evidence_doc_info")
        rl.addWidget(self.doc_title)
        rl.addWidget(self.doc_info)
        state_row = QHBoxLayout()
        state_row.addWidget(_label(tr("ev.state_label", lang)))
        self.state_box = QComboBox()
        self.state_box.setObjectName("evidence_state")
        for s in STATES:
            self.state_box.addItem(tr(f"ev.state.{s}", lang), s)
        self.state_box.activated.connect(lambda _i: self._set_state())
        state_row.addWidget(self.state_box)
        state_row.addStretch(1)
        rl.addLayout(state_row)
        self.note = QLineEdit()
        self.note.setObjectName("evidence_note")
        self.note.setPlaceholderText(tr("ev.note_placeholder", lang))
        self.note.setMaxLength(500)
        self.note.editingFinished.connect(self._set_note)
        rl.addWidget(self.note)
        self.files = QListWidget()
        self.files.setObjectName("evidence_files")
        self.files.setWordWrap(True)
        self.files.itemDoubleClicked.connect(lambda _it: self._open_file())  # in the system's viewer
        rl.addWidget(self.files, 1)
        buttons = QHBoxLayout()
        self.attach_button = self._button(buttons, "evidence_attach", tr("ev.attach", lang),
                                          lambda: self._attach(False))
        self.link_button = self._button(buttons, "evidence_link", tr("ev.link", lang), lambda: self._attach(True))
        self.replace_button = self._button(buttons, "evidence_replace", tr("ev.replace", lang), self._replace)
        self.remove_button = self._button(buttons, "evidence_remove", tr("ev.remove", lang), self._remove)
        rl.addLayout(buttons)
        rl.addWidget(_label(tr("ev.flags", lang), role="heading"))
        self.flags = QWidget()
        self.flags.setObjectName("evidence_flags")
        self.flags_layout = QVBoxLayout(self.flags)
        self.flags_layout.setContentsMargins(0, 0, 0, 0)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(self.flags)
        rl.addWidget(area, 1)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay.addWidget(split, 1)
        self.setCentralWidget(central)
        self._enable_doc(False)

    @staticmethod
    def _button(row: QHBoxLayout, name: str, text: str, slot: Callable[[], object]) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.clicked.connect(lambda _c=False: slot())
        row.addWidget(b)
        return b

    # -- data -------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read states, files and checks; keep the chosen document."""
        from srdi_desktop.evidence_pack import evaluation_for, pack_rows

        if not hasattr(self, "evaluation"):
            self.evaluation = evaluation_for(self.content, self.rec)
        self.pack: Pack = pack_rows(self.content, self.rec, self.ev_store, evaluation=self.evaluation)
        self._fill_tier_boxes()
        self._fill_tree()
        self._fill_flags()
        done, total = self.pack.progress()
        self.progress.setText(tr("ev.progress", self.lang, done=done, total=total) if total else
                              tr("ev.no_condition_docs", self.lang))
        self._show_doc(self.current_doc)

    def _fill_tier_boxes(self) -> None:
        if self.tier_boxes:
            return
        chosen = set(self.pack.tiers)
        for i, t in enumerate(self.pack.evaluation.tiers):
            box = QCheckBox(pick(t.title, self.lang))
            box.setObjectName(f"evidence_tier_{t.id}")
            box.setChecked(t.id in chosen)
            box.toggled.connect(lambda _on: self._tiers_changed())
            box.setEnabled(self._writable())
            self.tiers_grid.addWidget(box, i // 3, i % 3)
            self.tier_boxes[t.id] = box

    def _tiers_changed(self) -> None:
        self.ev_store.set_tiers(self.rec.id, [tid for tid, box in self.tier_boxes.items() if box.isChecked()])
        self.reload()

    def _fill_tree(self) -> None:
        lang = self.lang
        self.tree.clear()
        self.doc_items: dict[str, list[QTreeWidgetItem]] = {}
        tiers: dict[str, QTreeWidgetItem] = {}
        conds: dict[tuple[str, str], QTreeWidgetItem] = {}
        for r in self.pack.rows:
            t, c = r.row.tier, r.row.condition
            if t not in tiers:
                tiers[t] = QTreeWidgetItem(self.tree, [pick(r.row.tier_title, lang)])
                tiers[t].setFirstColumnSpanned(True)
                tiers[t].setExpanded(True)
                f = tiers[t].font(0)
                f.setBold(True)
                tiers[t].setFont(0, f)
            if (t, c) not in conds:
                mark = {"met": "✓", "unmet": "✗", "unknown": "?", "review": "◇"}.get(r.row.condition_status, "")
                conds[(t, c)] = QTreeWidgetItem(tiers[t], [f"{mark} {pick(r.row.condition_title, lang)}"])
                conds[(t, c)].setFirstColumnSpanned(True)
                conds[(t, c)].setExpanded(True)
            warn = [pf for pf in r.files if pf.check != "ok"]
            files = "; ".join(pf.file.original_name for pf in r.files)
            if warn:
                files = "⚠ " + files
            item = QTreeWidgetItem(conds[(t, c)], [pick(r.row.name, lang), tr(f"ev.state.{r.state}", lang), files])
            item.setData(0, DOC_ROLE, r.row.document)
            item.setToolTip(0, pick(r.row.name, lang))
            item.setForeground(1, QBrush(colour(STATE_STATUS[r.state])))
            if warn:
                item.setForeground(2, QBrush(colour("unmet")))
                item.setToolTip(2, "\n".join(tr(f"ev.check.{pf.check}", lang) + f" {pf.file.original_name}"
                                             for pf in warn))
            self.doc_items.setdefault(r.row.document, []).append(item)
        self.tree.resizeColumnToContents(1)
        self.tree.setColumnWidth(0, 430)
        if self.current_doc in self.doc_items:
            self.tree.blockSignals(True)
            self.tree.setCurrentItem(self.doc_items[self.current_doc][0])
            self.tree.blockSignals(False)

    def _fill_flags(self) -> None:
        from srdi_desktop.core.evaluate import make_facts
        from srdi_desktop.core.risk import unknown_onsite

        while self.flags_layout.count():
            taken = self.flags_layout.takeAt(0)
            w = taken.widget() if taken is not None else None
            if w is not None:
                w.deleteLater()
        lang = self.lang
        for f in self.pack.flags:
            head = _label(labelled(tr("ev.flag." + f.kind, lang), pick(f.title, lang), lang),
                          status="unmet" if f.kind == "onsite" else "unknown")
            head.setObjectName(f"flag_{f.id}")
            self.flags_layout.addWidget(head)
            self.flags_layout.addWidget(_label(pick(f.why, lang), role="help"))
        if not self.pack.flags:
            self.flags_layout.addWidget(_label(tr("ev.flags_none", lang)))
        unknown = unknown_onsite(self.content.risks, make_facts(self.content, self.rec.assessment.answers))
        if unknown:
            self.flags_layout.addWidget(_label(tr("ev.flags_unknown", lang, n=len(unknown)), role="help"))
        self.flags_layout.addStretch(1)

    # -- the chosen document ----------------------------------------------------------------------

    def _select(self, item: QTreeWidgetItem | None) -> None:
        doc = item.data(0, DOC_ROLE) if item is not None else None
        self._show_doc(doc)

    def select_document(self, doc: str) -> None:
        self.tree.setCurrentItem(self.doc_items[doc][0])

    def _writable(self) -> bool:
        """A database that saves: not read-only, and not one from before 0007 opened read-only."""
        return self.ev_store.ready and self.ev_store.store.read_only is None

    def _enable_doc(self, on: bool) -> None:
        """Editing needs a chosen document and a database that saves."""
        writable = on and self._writable()
        for w in (self.state_box, self.note, self.attach_button, self.link_button, self.replace_button,
                  self.remove_button):
            w.setEnabled(writable)
        self.files.setEnabled(on)

    def _show_doc(self, doc: str | None) -> None:
        self.current_doc = doc
        lang = self.lang
        self.files.clear()
        if doc is None or doc not in self.content.documents:
            self.doc_title.setText("")
            self.doc_info.setText("")
            self._enable_doc(False)
            return
        d = self.content.documents[doc]
        self.doc_title.setText(pick(d.name, lang))
        info = [tr("ev.obtain", lang, where=pick(d.obtain, lang)),
                tr(f"ev.basis.{d.basis}", lang) + (f"（{d.source}）" if lang == "zh" and d.source else
                                                    f" ({d.source})" if d.source else "")]
        if d.note:
            info.append(pick(d.note, lang))
        self.doc_info.setText("\n".join(info))
        row = next(r for r in self.pack.rows if r.row.document == doc)
        self.state_box.setCurrentIndex(STATES.index(row.state))
        if not self.note.hasFocus():
            self.note.setText(row.note)
        for pf in row.files:
            text = pf.file.original_name + ("" if pf.file.kind == "copy" else f"  ↗ {pf.file.path}")
            if pf.check != "ok":
                text = f"⚠ {text}\n{tr('ev.check.' + pf.check, lang)}"
            it = QListWidgetItem(text)
            it.setData(DOC_ROLE, pf.file.id)
            it.setToolTip(f"SHA-256 {pf.file.sha256} · {pf.file.size} B")
            if pf.check != "ok":
                it.setForeground(QBrush(colour("unmet")))
            self.files.addItem(it)
        if self.files.count():
            self.files.setCurrentRow(0)
        self._enable_doc(True)

    def _selected_file(self) -> str | None:
        it = self.files.currentItem()
        return it.data(DOC_ROLE) if it is not None else None

    # -- actions (each saved at once) ----------------------------------------------------------------

    def _set_state(self) -> None:
        if self.current_doc is not None:
            self.ev_store.set_state(self.rec.id, self.current_doc, self.state_box.currentData())
            self.reload()

    def _set_note(self) -> None:
        if self.current_doc is None:
            return
        row = next((r for r in self.pack.rows if r.row.document == self.current_doc), None)
        if row is not None and row.note != self.note.text():
            self.ev_store.set_note(self.rec.id, self.current_doc, self.note.text())
            self.reload()

    def _pick(self) -> Path | None:
        return OpenDialog.ask(self, tr("ev.pick_file", self.lang), "*")

    def _guarded(self, fn: Callable[[], object]) -> None:
        from srdi_desktop.storage.evidence import EvidenceError

        try:
            fn()
        except EvidenceError as exc:
            Notice.show(self, tr("ev.title", self.lang),
                        tr(f"ev.err.{exc.kind}", self.lang, path=exc.path, detail=exc.detail))
        self.reload()

    def _attach(self, link: bool) -> None:
        doc = self.current_doc
        path = self._pick() if doc is not None else None
        if doc is not None and path is not None:
            self._guarded(lambda: self.ev_store.attach(self.rec.id, doc, path, link))

    def _replace(self) -> None:
        fid = self._selected_file()
        path = self._pick() if fid is not None else None
        if fid is not None and path is not None:
            self._guarded(lambda: self.ev_store.replace(fid, path))

    def _remove(self) -> None:
        fid = self._selected_file()
        if fid is None:
            return
        name = self.ev_store.file(fid).original_name
        if Confirm.ask(self, tr("ev.remove", self.lang), tr("ev.remove_confirm", self.lang, name=name)):
            self._guarded(lambda: self.ev_store.remove(fid))

    def _open_file(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        fid = self._selected_file()
        if fid is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ev_store.location(self.ev_store.file(fid)))))

    def _export(self, kind: str) -> None:
        if self.on_export is not None:
            self.on_export(kind)
