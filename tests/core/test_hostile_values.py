"""Values that used to be accepted silently or crash later (issue 14.11, 14.12, 14.14, 14.16)."""

import datetime as dt
import json

import pytest

from srdi_desktop import paths
from srdi_desktop.cli import main
from srdi_desktop.core.document import DocumentError, dump_document, parse_document
from srdi_desktop.core.evaluate import evaluate
from srdi_desktop.core.plan_export import ics_plan

HEAD = "format: srdi-assessment/1\nassessed_on: 2026-11-21\nanswers:\n"


def _parse(content, text):
    return parse_document(text.encode("utf-8", "surrogatepass"), "in", content.questionnaire)


@pytest.mark.parametrize("name, code", [
    ('"甲\\0乙"', "U+0000"), ('"甲\\a"', "U+0007"), ('"\\e[2J甲"', "U+001B"), ('"甲\\x85乙"', "U+0085"),
    ('"甲\\L乙"', "U+2028"), ('"甲\\P乙"', "U+2029"),
])
def test_control_characters_in_text_answers_are_refused_with_the_place(content, name, code):
    with pytest.raises(DocumentError) as exc:
        _parse(content, HEAD + f"  firm.name: {name}\n")
    [err] = exc.value.errors
    assert str(err).startswith("in:4:15: E007 firm.name: Contains an invisible control character " + code)


def test_a_lone_surrogate_in_json_is_refused_with_the_place(content):
    text = '{"format": "srdi-assessment/1", "assessed_on": "2026-11-21", "answers": {"firm.name": "\\ud800"}}'
    with pytest.raises(DocumentError) as exc:
        _parse(content, text)
    assert "U+D800" in str(exc.value)


@pytest.mark.parametrize("day, ok", [
    ("0001-01-01", False), ("1999-12-31", False), ("2000-01-01", True), ("2100-12-31", True),
    ("2101-01-01", False), ("9999-12-31", False),
])
def test_assessed_on_lies_in_a_sane_window(content, day, ok):
    text = f"format: srdi-assessment/1\nassessed_on: {day}\nanswers:\n  firm.name: 甲\n"
    if ok:
        assert _parse(content, text).assessed_on == dt.date.fromisoformat(day)
    else:
        with pytest.raises(DocumentError, match="between 2000-01-01 and 2100-12-31"):
            _parse(content, text)


def test_plan_of_a_late_year_is_refused_not_a_crash(tmp_path, capsys):
    f = tmp_path / "late.yaml"
    f.write_text(paths.DEMO_FILE.read_text(encoding="utf-8").replace("assessed_on: 2026-11-21",
                                                                     "assessed_on: 9998-11-21"), encoding="utf-8")
    assert "9998-11-21" in f.read_text(encoding="utf-8")
    assert main(["--lang", "en", "plan", str(f), "--ics", str(tmp_path / "x.ics")]) == 2
    assert "between 2000-01-01 and 2100-12-31" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["甲 乙", "A\u00a0B", "𫖯𬭚 科技", "O'Brien \"Ltd\"", "x: y # z", "  - a", "🙂"])
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_names_round_trip_exactly(content, name, fmt):
    a = parse_document(json.dumps({"format": "srdi-assessment/1", "assessed_on": "2026-11-21",
                                   "answers": {"firm.name": name}}, ensure_ascii=False).encode(), "in",
                       content.questionnaire)
    again = parse_document(dump_document(a, content.questionnaire, fmt).encode(), "out", content.questionnaire)
    assert again.answers == a.answers and again.answers["firm.name"] == name.strip()


@pytest.mark.parametrize("sep", ["\u2028", "\u2029", "\x85"])
def test_line_separators_are_refused_so_nothing_changes_on_a_round_trip(content, sep):
    with pytest.raises(DocumentError, match=f"U\\+{ord(sep):04X}"):
        parse_document(json.dumps({"format": "srdi-assessment/1", "assessed_on": "2026-11-21",
                                   "answers": {"firm.name": f"甲{sep}乙"}}).encode(), "in", content.questionnaire)


def _ev(content):
    a = parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire)
    return evaluate(content, a.answers, a.assessed_on)


def test_ics_uids_differ_between_firms_and_stay_stable_across_exports(content):
    import icalendar

    ev = _ev(content)

    def uids(firm):
        return {str(e["UID"]) for e in icalendar.Calendar.from_ical(ics_plan(ev, firm, "zh")).walk("VEVENT")}

    a, b = uids("甲公司"), uids("乙公司")
    assert a and not a & b
    assert uids("甲公司") == a


def test_ics_stays_valid_with_control_characters_in_old_data(content):
    import icalendar

    text = ics_plan(_ev(content), "甲\x1b[2J\x07\x00公司\u2028二部\ud800", "zh")
    text.encode("utf-8")  # no lone surrogate left
    assert not any(ord(ch) < 32 and ch not in "\r\n" for ch in text)
    assert all(line.endswith("\r") or not line for line in text.split("\n"))
    cal = icalendar.Calendar.from_ical(text)
    assert all("甲[2J公司" in str(e["SUMMARY"]) for e in cal.walk("VEVENT"))


def test_list_never_prints_raw_terminal_escapes(tmp_path, capsys):
    from srdi_desktop.storage.store import AssessmentStore

    db = tmp_path / "a.db"
    s = AssessmentStore.open(db)
    s.create(dt.date(2026, 11, 21), "zh", {"firm.name": "甲\x1b[2J\x07"})  # stored by an earlier version
    s.close()
    assert main(["--db", str(db), "list"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "甲\\u001b[2J\\u0007" in out
