"""The answers being edited: the wizard reads and writes this object, never QWizard fields.

Every accepted answer goes to ``on_saved`` at once (autosave). An input that does not validate is
kept as an error for its field and never replaces the last good answer. Cross-field caps
(``max_ref``) are derived from the current answers, so lowering revenue flags R&D at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from .assessment import Assessment
from .expr import UNKNOWN, Expr, truth
from .facts import Facts, Symbol
from .fiscal import fiscal_year_error
from .questionnaire import Question, Questionnaire, Section
from .validation import Invalid, cap_error, coerce

SaveFn = Callable[[str, Any], None]
ReviewedFn = Callable[[str], None]
DetailsFn = Callable[[Assessment], None]
SourceFn = Callable[[str, str], None]


class Draft:
    def __init__(self, qn: Questionnaire, assessment: Assessment, on_saved: SaveFn | None = None,
                 derived: dict[str, Expr] | None = None, symbols: dict[str, Symbol] | None = None,
                 symbol_inputs: dict[str, frozenset[str]] | None = None,
                 lang: str = "zh", on_reviewed: ReviewedFn | None = None, on_details: DetailsFn | None = None,
                 on_source: SourceFn | None = None):
        """``on_reviewed(qid)``: a carried-over answer was confirmed unchanged; ``on_details(assessment)``:
        its date, fiscal year or criteria set changed; ``on_source(qid, source)``: where an answer came from
        ('' when not recorded). All are saved at once, like answers."""
        self.qn = qn
        self.assessment = assessment
        self.on_saved = on_saved
        self.on_reviewed, self.on_details, self.on_source = on_reviewed, on_details, on_source
        self.lang = lang
        self._input_errors: dict[str, str] = {}
        self._rejected: dict[str, Any] = {}  # what was typed but not accepted, so a rebuilt page shows it
        self._derived = derived or {}
        self._symbols = symbols or {}
        self._symbol_inputs = symbol_inputs or {}

    @property
    def answers(self) -> dict[str, Any]:
        return self.assessment.answers

    def get(self, qid: str) -> Any:
        return self.assessment.answers.get(qid)

    def set(self, qid: str, raw: Any) -> str | None:
        """Validate and store; return the error message, or None when accepted (and saved)."""
        q = self.qn[qid]
        try:
            value = coerce(q, raw, self.lang)
        except Invalid as exc:
            self._input_errors[qid], self._rejected[qid] = exc.message, raw
            return exc.message
        trial = {k: v for k, v in self.assessment.answers.items() if k != qid}
        if value is not None:
            trial[qid] = value
        capped = cap_error(self.qn, qid, trial, self.lang)
        if capped:
            self._input_errors[qid], self._rejected[qid] = capped, raw
            return capped
        self._input_errors.pop(qid, None)
        self._rejected.pop(qid, None)
        if self.assessment.answers.get(qid) != value or (value is None and qid in self.assessment.answers):
            if value is None:
                self.assessment.answers.pop(qid, None)
            else:
                self.assessment.answers[qid] = value
            self.assessment.to_review.discard(qid)  # saving an answer reviews it
            if self.on_saved:
                self.on_saved(qid, value)
            if value is not None and qid in self.assessment.sources and self.on_source:
                self.on_source(qid, self.assessment.sources[qid])  # chosen before the answer was stored
        else:
            self.confirm(qid)  # the same value typed again: as good as "confirm"
        return None

    def source(self, qid: str) -> str:
        return self.assessment.sources.get(qid, "")

    def set_source(self, qid: str, source: str) -> None:
        """Where the answer to ``qid`` came from (core.assessment.SOURCES), '' for not recorded."""
        if source == self.source(qid):
            return
        if source:
            self.assessment.sources[qid] = source
        else:
            self.assessment.sources.pop(qid, None)
        if self.on_source:
            self.on_source(qid, source)

    def confirm(self, qid: str) -> None:
        """The user keeps a carried-over answer as it is: it is no longer "to review"."""
        if qid in self.assessment.to_review:
            self.assessment.to_review.discard(qid)
            if self.on_reviewed:
                self.on_reviewed(qid)

    def set_details(self, assessed_on: dt.date, fiscal_year: int, criteria: str | None) -> str | None:
        """Change the assessment's date, fiscal year and criteria set (None: by date); return why not."""
        error = fiscal_year_error(fiscal_year, assessed_on)
        if error:
            return error
        a = self.assessment
        if (a.assessed_on, a.year1, a.criteria) != (assessed_on, fiscal_year, criteria):
            a.assessed_on, a.fiscal_year, a.criteria = assessed_on, fiscal_year, criteria
            if self.on_details:
                self.on_details(a)
        return None

    def shown(self, qid: str) -> Any:
        """What the field should display: a rejected input (still to be fixed) over the saved answer."""
        return self._rejected.get(qid, self.assessment.answers.get(qid))

    def set_lang(self, lang: str) -> None:
        """Messages in the new language: each rejected input goes through set() again (one that has
        become valid meanwhile is accepted and saved, as if just typed)."""
        self.lang = lang
        for qid, raw in list(self._rejected.items()):
            self.set(qid, raw)

    def error(self, qid: str) -> str | None:
        """What is wrong with this field now: its last input, or a cap another answer broke."""
        return self._input_errors.get(qid) or cap_error(self.qn, qid, self.assessment.answers, self.lang)

    def visible(self, q: Question) -> bool:
        """A conditional question shows unless its condition is known to be false. A count asked as a
        checklist (``count_of``) is never asked itself."""
        if q.count_of is not None:
            return False
        if q.show_if is None:
            return True
        facts = Facts(self.qn, self.assessment.answers, self._derived, self._symbols, self._symbol_inputs)
        t = truth(q.show_if(facts))
        return t is UNKNOWN or bool(t)

    def section_errors(self, section: Section) -> dict[str, str]:
        return {q.id: msg for q in section.questions if self.visible(q) and (msg := self.error(q.id))}

    def missing_required(self, section: Section) -> list[str]:
        return [q.id for q in section.questions
                if q.required and self.visible(q) and self.assessment.answers.get(q.id) is None]

    def section_complete(self, section: Section) -> bool:
        return not self.section_errors(section) and not self.missing_required(section)

    def progress(self) -> tuple[int, int]:
        """(answered, visible) questions over the whole questionnaire."""
        visible = [q for q in self.qn.questions if self.visible(q)]
        return sum(1 for q in visible if self.assessment.answers.get(q.id) is not None), len(visible)
