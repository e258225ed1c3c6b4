"""The action plan as an iCalendar file (milestones and a reminder) and as CSV. Text only; callers write."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import unicodedata

from .evaluation import Evaluation, Finding
from .i18n import pick, tr

# Each horizon runs from its start to its end, counted in months from the assessment date.
HORIZON_START_MONTHS = {"0-6m": 0, "6-18m": 6, "18-36m": 18}
HORIZON_END_MONTHS = {"0-6m": 6, "6-18m": 18, "18-36m": 36}
# An action's share of its horizon: a high-effort one takes three times a low-effort one's time.
EFFORT_WEIGHT = {"low": 1, "medium": 2, "high": 3}
NEXT_ASSESSMENT_MONTHS = 12  # the official titles need a yearly update, so reassess every year


def add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):  # 31 Jan + 1 month -> 28/29 Feb
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def due_dates(ev: Evaluation) -> dict[str, dt.date]:
    """When each action is due. Within its horizon the actions follow one another, the quick ones first
    (then in the order of the findings' rank), each taking a share of the horizon in proportion to its
    effort; the last one is due at the horizon's end. So a calendar shows a sequence of milestones, not
    every action of a horizon on one day."""
    day = ev.assessed_on
    out: dict[str, dt.date] = {}
    by_horizon: dict[str, list[Finding]] = {}
    for f in ev.findings_of("action"):
        by_horizon.setdefault(f.horizon, []).append(f)
    for horizon, actions in by_horizon.items():
        start = add_months(day, HORIZON_START_MONTHS[horizon])
        span = (add_months(day, HORIZON_END_MONTHS[horizon]) - start).days
        ordered = sorted(actions, key=lambda f: EFFORT_WEIGHT.get(f.effort, 2))  # stable: rank order kept
        total = sum(EFFORT_WEIGHT.get(f.effort, 2) for f in ordered)
        done = 0
        for f in ordered:
            done += EFFORT_WEIGHT.get(f.effort, 2)
            out[f.id] = start + dt.timedelta(days=span * done // total)
    return out


def _ics_text(s: str) -> str:
    """RFC 5545 TEXT: escaped, without control characters (HTAB aside) or unencodable surrogates."""
    s = "".join(ch if ch in "\t\n" or unicodedata.category(ch) not in ("Cc", "Cs") else
                ("\n" if ch == "\x85" else "") for ch in s).replace("\u2028", "\n").replace("\u2029", "\n")
    return s.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r", "").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """RFC 5545 §3.1: lines of at most 75 octets, continued with a leading space."""
    out: list[str] = []
    cur = ""
    for ch in line:
        if len((cur + ch).encode()) > (75 if not out else 74):
            out.append(cur)
            cur = ch
        else:
            cur += ch
    out.append(cur)
    return [out[0]] + [" " + part for part in out[1:]]


# Yearly deadlines (reference §9.1, §2.2; medium confidence): the technology-based SME registration is
# renewed by the end of March; titled firms update their data on the platform by 31 May.
TECH_SME_REGISTRATION = (3, 31)
PLATFORM_UPDATE = (5, 31)


def _next(day: dt.date, month_day: tuple[int, int]) -> dt.date:
    """The first ``month_day`` after ``day``."""
    this = dt.date(day.year, *month_day)
    return this if this > day else dt.date(day.year + 1, *month_day)


def certificate_dates(ev: Evaluation, lang: str) -> list[tuple[dt.date, str, str, str, bool]]:
    """(date, uid key, summary, text, alarm) of the title's dates: the renewal year's opening and the last
    day of validity of a held title (the exact date is on the certificate: the app knows only the year),
    the platform's yearly update for a titled firm, and the yearly technology-based SME registration."""
    out: list[tuple[dt.date, str, str, str, bool]] = []
    held = next((t for t in ev.tiers if t.application == "renewal"), None)
    if held is not None and held.expires_year is not None:
        title = pick(held.title, lang)
        out.append((dt.date(held.expires_year, 1, 1), f"renewal-{held.id}", tr("x.renewal", lang, title=title),
                    tr("x.renewal_text", lang, title=title, year=held.expires_year), True))
        out.append((dt.date(held.expires_year, 12, 31), f"expiry-{held.id}", tr("x.expiry", lang, title=title),
                    tr("x.expiry_text", lang, title=title, year=held.expires_year), False))
    if held is not None:
        out.append((_next(ev.assessed_on, PLATFORM_UPDATE), "platform-update", tr("x.platform_update", lang),
                    tr("x.platform_update_text", lang), True))
    tech = ev.tier("tech_sme")
    if tech is not None and tech.eligible:
        out.append((_next(ev.assessed_on, TECH_SME_REGISTRATION), "tech-sme-registration",
                    tr("x.tech_sme_registration", lang), tr("x.tech_sme_registration_text", lang), True))
    return out


def ics_plan(ev: Evaluation, firm: str, lang: str, key: str | None = None) -> str:
    """All-day milestones on each action's due date (``due_dates``), the title's dates, and the next
    assessment with an alarm.

    UIDs are unique per assessment (firm ``key`` — credit code, else the name — date and event) and stable
    across re-exports: two clients assessed on one day no longer overwrite each other's events."""
    day = ev.assessed_on
    firm_tag = hashlib.sha256((key or firm).encode("utf-8", "replace")).hexdigest()[:16]
    stamp = day.strftime("%Y%m%dT000000Z")  # reproducible: derived from the assessment, not the clock
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//srdi-desktop//roadmap//" + lang.upper(),
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]

    def event(uid: str, when: dt.date, summary: str, description: str, alarm: bool = False) -> None:
        lines.extend(["BEGIN:VEVENT", f"UID:{uid}-{firm_tag}@srdi-desktop", f"DTSTAMP:{stamp}",
                      f"DTSTART;VALUE=DATE:{when:%Y%m%d}", f"DTEND;VALUE=DATE:{when + dt.timedelta(days=1):%Y%m%d}",
                      f"SUMMARY:{_ics_text(summary)}", f"DESCRIPTION:{_ics_text(description)}"])
        if alarm:
            lines.extend(["BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-P14D", f"DESCRIPTION:{_ics_text(summary)}",
                          "END:VALARM"])
        lines.append("END:VEVENT")

    due_on = due_dates(ev)
    for f in ev.findings_of("action"):
        due = due_on[f.id]
        steps = "\n".join(f"{i}. {pick(s, lang)}" for i, s in enumerate(f.steps, 1))
        event(f"{f.id}-{day:%Y%m%d}", due, f"{firm}: {pick(f.title, lang)}",
              f"{pick(f.finding, lang)}\n{steps}\n{f.source}")
    for when, key, summary, text, alarm in certificate_dates(ev, lang):
        event(f"{key}-{day:%Y%m%d}", when, f"{firm}: {summary}", text, alarm)
    nxt = add_months(day, NEXT_ASSESSMENT_MONTHS)
    event(f"next-assessment-{day:%Y%m%d}", nxt, tr("x.next_assessment", lang, firm=firm),
          tr("x.next_assessment_text", lang), alarm=True)
    lines.append("END:VCALENDAR")
    return "\r\n".join(part for line in lines for part in _fold(line)) + "\r\n"


CSV_COLUMNS = ("horizon", "due", "priority", "effort", "path", "id", "title", "finding", "steps", "benchmark",
               "source")


def csv_plan(ev: Evaluation, lang: str) -> str:
    """One row per action, with a header row in the chosen language; UTF-8 BOM so spreadsheets read Chinese.
    Path titles come from the evaluation, so a frozen plan names the paths as they were."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([tr("x.col_" + c, lang) for c in CSV_COLUMNS])
    due_on = due_dates(ev)
    for f in ev.findings_of("action"):
        w.writerow([tr("hz." + f.horizon, lang), due_on[f.id].isoformat(),
                    tr("prio." + f.priority, lang), tr("effort." + f.effort, lang),
                    pick(f.path_title, lang) or f.path, f.id, pick(f.title, lang),
                    pick(f.finding, lang), "\n".join(pick(s, lang) for s in f.steps),
                    pick(f.benchmark.text, lang) if f.benchmark else "", f.source])
    return "\ufeff" + buf.getvalue()
