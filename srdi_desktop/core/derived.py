"""Derived figures: the one place where each formula is written, next to its meaning.

Each is an expression in the rule language over question ids, so the gap search can move the
underlying answers and see the figure change. Percentages are 0–100.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Derived:
    formula: str
    label: dict[str, str]
    unit: str = ""


# Units of derived figures in both languages (the rules show them next to values and thresholds).
DERIVED_UNITS: dict[str, tuple[str, str]] = {"%": ("%", "%"), "万元": ("万元", "×10k CNY")}

DERIVED: dict[str, Derived] = {
    "rd_ratio_y1": Derived(
        "rd.expense_y1 / finance.revenue_y1 * 100",
        {"zh": "上年度研发费用占营业收入比重", "en": "R&D expense / revenue, y1"}, "%"),
    "rd_ratio_y2": Derived(
        "rd.expense_y2 / finance.revenue_y2 * 100",
        {"zh": "前年度研发费用占营业收入比重", "en": "R&D expense / revenue, y2"}, "%"),
    "rd_expense_2y_total": Derived(
        "rd.expense_y1 + rd.expense_y2",
        {"zh": "近两年研发费用合计", "en": "R&D expense, y1 + y2"}, "万元"),
    "rd_expense_2y_avg": Derived(
        "(rd.expense_y1 + rd.expense_y2) / 2",
        {"zh": "近两年研发费用均值", "en": "R&D expense, mean of y1 and y2"}, "万元"),
    "rd_staff_share": Derived(
        "rd.staff / firm.employees * 100",
        {"zh": "研发人员占全部职工比重", "en": "R&D staff / employees"}, "%"),
    "main_revenue_share_y1": Derived(
        "finance.main_revenue_y1 / finance.revenue_y1 * 100",
        {"zh": "主营业务收入占营业收入比重", "en": "Main-business revenue / revenue, y1"}, "%"),
    # 63号 附件1: (上年主营收入 − 上上年主营收入) ÷ 上上年主营收入 (Guangdong formula, reference §1.1).
    "main_revenue_growth_y1": Derived(
        "(finance.main_revenue_y1 - finance.main_revenue_y2) / finance.main_revenue_y2 * 100",
        {"zh": "上年度主营业务收入增长率", "en": "Main-business revenue growth, y1"}, "%"),
    "main_revenue_growth_y2": Derived(
        "(finance.main_revenue_y2 - finance.main_revenue_y3) / finance.main_revenue_y3 * 100",
        {"zh": "前年度主营业务收入增长率", "en": "Main-business revenue growth, y2"}, "%"),
    # 近2年主营业务收入平均增长率: the national text gives no formula (reference §6.7). We read it as
    # the arithmetic mean of the two yearly growth rates, the reading of most provincial guides.
    "main_revenue_growth_2y_avg": Derived(
        "(main_revenue_growth_y1 + main_revenue_growth_y2) / 2",
        {"zh": "近两年主营业务收入平均增长率（算术平均）", "en": "Main-business revenue growth, mean of 2 years"},
        "%"),
    # 2026 小巨人: 近两年营业收入复合增长率 = (revenue_y1 / revenue_y3)^(1/2) − 1 (the 2号 text says CAGR).
    "revenue_cagr_2y": Derived(
        "(sqrt(finance.revenue_y1 / finance.revenue_y3) - 1) * 100",
        {"zh": "近两年营业收入复合增长率", "en": "Revenue CAGR over 2 years"}, "%"),
    # Class I IP is mostly invention patents; the benchmark counts valid invention patents (000 §三).
    "class1_ip_per_k_staff": Derived(
        "ip.class1_count / firm.employees * 1000",
        {"zh": "每千名员工Ⅰ类知识产权", "en": "Class I IP per 1,000 employees"}, ""),
    "net_margin_y1": Derived(
        "finance.net_profit_y1 / finance.revenue_y1 * 100",
        {"zh": "上年度净利润率", "en": "Net profit margin, y1"}, "%"),
}
