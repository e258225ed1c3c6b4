"""The adviser's portfolio (issue 18): one row per firm, filters, and figures against the firm's peers.

Pure: rows come in as plain dicts (storage builds them), rows and percentiles go out. A peer group
(sector × size) smaller than MIN_GROUP firms is never shown, so no single firm can be picked out of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from msgspec import Struct, field

MIN_GROUP = 5  # the smallest sector × size group whose percentiles are shown
PERCENTILES = (25, 50, 75)
# The figures compared with peers: question ids or derived figures kept in the frozen result.
FIGURES = ("finance.revenue_y1", "rd.expense_y1", "firm.employees", "rd_ratio_y1", "main_revenue_growth_y1")

# The 2-digit province codes (GB/T 2260) at characters 3–4 of a unified social credit code.
PROVINCES: dict[str, tuple[str, str]] = {
    "11": ("北京", "Beijing"), "12": ("天津", "Tianjin"), "13": ("河北", "Hebei"), "14": ("山西", "Shanxi"),
    "15": ("内蒙古", "Inner Mongolia"), "21": ("辽宁", "Liaoning"), "22": ("吉林", "Jilin"),
    "23": ("黑龙江", "Heilongjiang"), "31": ("上海", "Shanghai"), "32": ("江苏", "Jiangsu"),
    "33": ("浙江", "Zhejiang"), "34": ("安徽", "Anhui"), "35": ("福建", "Fujian"), "36": ("江西", "Jiangxi"),
    "37": ("山东", "Shandong"), "41": ("河南", "Henan"), "42": ("湖北", "Hubei"), "43": ("湖南", "Hunan"),
    "44": ("广东", "Guangdong"), "45": ("广西", "Guangxi"), "46": ("海南", "Hainan"), "50": ("重庆", "Chongqing"),
    "51": ("四川", "Sichuan"), "52": ("贵州", "Guizhou"), "53": ("云南", "Yunnan"), "54": ("西藏", "Tibet"),
    "61": ("陕西", "Shaanxi"), "62": ("甘肃", "Gansu"), "63": ("青海", "Qinghai"), "64": ("宁夏", "Ningxia"),
    "65": ("新疆", "Xinjiang"),
}


def region_of(credit_code: str) -> str:
    """The province code ('33') of a unified social credit code, '' when it names none."""
    code = (credit_code or "").strip()[2:4]
    return code if code in PROVINCES else ""


def summarise(result: Mapping[str, Any]) -> dict[str, Any]:
    """What the portfolio needs of a frozen result, small enough to keep beside the list columns:
    the tiers met, the highest one (what the firm can apply for this year), the nearest tier not met
    with its plan date, the size, and the derived figures compared with peers."""
    tiers = result.get("tiers") or {}
    met = [tid for tid, t in tiers.items() if t.get("eligible")]
    planned = sorted((str(t["plan"]["assessed_on"]), tid) for tid, t in tiers.items()
                     if not t.get("eligible") and isinstance(t.get("plan"), dict) and t["plan"].get("assessed_on"))
    derived = result.get("derived") or {}
    return {"met": met, "apply": met[-1] if met else "", "next": planned[0][1] if planned else "",
            "next_on": planned[0][0] if planned else "", "size": str(result.get("sme_size") or ""),
            "titles": {tid: t.get("title") for tid, t in tiers.items()},
            "figures": {k: derived[k] for k in FIGURES if isinstance(derived.get(k), int | float)}}


class FirmRow(Struct, frozen=True):
    """One firm as the portfolio shows it: its latest assessment."""

    firm_key: str
    firm_name: str
    credit_code: str
    assessment_id: str
    assessed_on: str
    status: str
    sector: str
    size: str
    region: str
    met: tuple[str, ...] = ()
    apply: str = ""
    next_tier: str = ""
    next_on: str = ""
    tags: tuple[str, ...] = ()
    figures: dict[str, float] = field(default_factory=dict)
    titles: dict[str, Any] = field(default_factory=dict)


def firm_row(r: Mapping[str, Any]) -> FirmRow:
    """A row from storage (the latest assessment of a firm, its summary and tags) as a FirmRow."""
    s = r.get("summary") or {}
    figures = {k: float(v) for k, v in (r.get("answers") or {}).items()
               if k in FIGURES and isinstance(v, int | float) and not isinstance(v, bool)}
    figures.update({k: float(v) for k, v in (s.get("figures") or {}).items()})
    return FirmRow(str(r["firm_key"]), str(r.get("firm_name") or ""), str(r.get("credit_code") or ""),
                   str(r["id"]), str(r["assessed_on"]), str(r["status"]), str(r.get("sector") or ""),
                   str(s.get("size") or ""), region_of(str(r.get("credit_code") or "")),
                   tuple(s.get("met") or ()), str(s.get("apply") or ""), str(s.get("next") or ""),
                   str(s.get("next_on") or ""), tuple(sorted(r.get("tags") or ())), figures,
                   dict(s.get("titles") or {}))


class Filters(Struct, frozen=True):
    """Empty means "any". ``text`` matches the name or credit code; ``tier``: a tier the firm meets."""

    text: str = ""
    sector: str = ""
    size: str = ""
    region: str = ""
    tag: str = ""
    tier: str = ""
    final_only: bool = False


def matches(row: FirmRow, f: Filters) -> bool:
    text = f.text.strip().lower()
    return ((not text or text in row.firm_name.lower() or text in row.credit_code.lower())
            and (not f.sector or row.sector == f.sector) and (not f.size or row.size == f.size)
            and (not f.region or row.region == f.region) and (not f.tag or f.tag in row.tags)
            and (not f.tier or f.tier in row.met) and (not f.final_only or row.status == "final"))


def apply_filters(rows: Iterable[FirmRow], f: Filters) -> list[FirmRow]:
    return [r for r in rows if matches(r, f)]


def percentile(sorted_values: Sequence[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default), on values sorted ascending."""
    if not sorted_values:
        raise ValueError("no values")
    pos = (len(sorted_values) - 1) * p / 100
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


class Benchmark(Struct, frozen=True):
    """One figure of one firm against its sector × size group; ``percentiles`` is empty (hidden) when
    fewer than MIN_GROUP firms of the group report the figure."""

    figure: str
    value: float | None
    group_size: int
    percentiles: dict[int, float]

    @property
    def hidden(self) -> bool:
        return not self.percentiles


def peer_groups(rows: Iterable[FirmRow]) -> dict[tuple[str, str], list[FirmRow]]:
    groups: dict[tuple[str, str], list[FirmRow]] = {}
    for r in rows:
        if r.sector and r.size:
            groups.setdefault((r.sector, r.size), []).append(r)
    return groups


def group_percentiles(members: Sequence[FirmRow], figure: str) -> tuple[int, dict[int, float]]:
    """How many firms of the group report ``figure``, and its percentiles (none below MIN_GROUP)."""
    values = sorted(r.figures[figure] for r in members if figure in r.figures)
    if len(values) < MIN_GROUP:
        return len(values), {}
    return len(values), {p: percentile(values, p) for p in PERCENTILES}


def benchmarks(row: FirmRow, all_rows: Sequence[FirmRow]) -> list[Benchmark]:
    """``row``'s figures against the percentiles of its sector × size group in ``all_rows``."""
    members = peer_groups(all_rows).get((row.sector, row.size), [])
    out = []
    for figure in FIGURES:
        n, pct = group_percentiles(members, figure)
        out.append(Benchmark(figure, row.figures.get(figure), n, pct))
    return out


# -- the table as shown and exported ------------------------------------------------------------------

COLUMNS = ("firm", "code", "region", "sector", "size", "met", "apply", "next", "next_on", "tags", "date", "status")
FIGURE_LABELS = {"finance.revenue_y1": "pf.fig_revenue", "rd.expense_y1": "pf.fig_rd_expense",
                 "firm.employees": "pf.fig_employees", "rd_ratio_y1": "pf.fig_rd_ratio",
                 "main_revenue_growth_y1": "pf.fig_growth"}


def region_name(code: str, lang: str) -> str:
    names = PROVINCES.get(code)
    return (names[0] if lang == "zh" else names[1]) if names else ""


def size_name(size: str, lang: str) -> str:
    from .i18n import tr

    return tr(f"size.{size}", lang) if size in ("micro", "small", "medium", "large") else size


def cells(row: FirmRow, lang: str, sector_label: Callable[[str], str]) -> dict[str, str]:
    """Every column of one firm as text in ``lang`` (what the window shows and the exports write)."""
    from .i18n import pick, tr

    def title(tid: str) -> str:
        t = row.titles.get(tid)
        return pick(t, lang) if isinstance(t, dict) and t else tid

    final = row.status == "final"
    return {"firm": row.firm_name, "code": row.credit_code, "region": region_name(row.region, lang),
            "sector": sector_label(row.sector) if row.sector else "", "size": size_name(row.size, lang),
            "met": " · ".join(title(t) for t in row.met) if final else tr("pf.draft", lang),
            "apply": title(row.apply) if row.apply else "", "next": title(row.next_tier) if row.next_tier else "",
            "next_on": row.next_on, "tags": ", ".join(row.tags), "date": row.assessed_on,
            "status": tr("home.final" if final else "home.draft", lang)}


def table(rows: Iterable[FirmRow], lang: str, sector_label: Callable[[str], str]) -> list[list[str]]:
    """The header and one line per firm, for CSV and XLSX."""
    from .i18n import tr

    out = [[tr(f"pf.col_{c}", lang) for c in COLUMNS]]
    for r in rows:
        c = cells(r, lang, sector_label)
        out.append([c[k] for k in COLUMNS])
    return out


def csv_text(lines: Sequence[Sequence[str]]) -> str:
    """CSV with a byte-order mark, so Excel on a Chinese Windows opens it as UTF-8."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for line in lines:
        # A cell starting with = + - @ is a formula to a spreadsheet: quoted as text (CSV injection).
        w.writerow(["'" + v if v[:1] in ("=", "+", "-", "@") else v for v in line])
    return "\ufeff" + buf.getvalue()
