"""Our own user-visible strings, zh first. Content texts live in forms/ and rules/ as language maps."""

from __future__ import annotations

from collections.abc import Mapping

LANGS = ("zh", "en")

STRINGS: dict[str, dict[str, str]] = {
    # validation
    "v.required": {"zh": "必填项", "en": "Required"},
    "v.not_number": {"zh": "请输入数字", "en": "Enter a number"},
    "v.not_integer": {"zh": "请输入整数", "en": "Enter a whole number"},
    "v.range": {"zh": "须在 {min} 至 {max}{unit} 之间", "en": "Must be between {min} and {max}{unit}"},
    "v.choice": {"zh": "请从列表中选择", "en": "Choose one of the listed options"},
    "v.too_long": {"zh": "最多 {max} 个字符", "en": "At most {max} characters"},
    "v.credit_code": {
        "zh": "统一社会信用代码应为 18 位（数字与大写字母，不含 I、O、Z、S、V），且校验位正确",
        "en": "The unified social credit code has 18 characters (digits and capitals except I, O, Z, S, V) "
              "and a valid check digit",
    },
    "v.credit_code_check": {
        "zh": "统一社会信用代码校验位不符（应为 {expected}），请核对",
        "en": "Check digit does not match (expected {expected}); please re-check the code",
    },
    "v.at_most_ref": {"zh": "不能超过「{ref}」：允许范围 {min} 至 {max}{unit}", "en": "Cannot exceed “{ref}”: allowed {min} to {max}{unit}"},
    "v.bool": {"zh": "请选择是或否", "en": "Choose yes or no"},
    "v.date": {"zh": "日期格式应为 YYYY-MM-DD", "en": "Dates are written YYYY-MM-DD"},
    # answer markers
    "a.na": {"zh": "不适用", "en": "Not applicable"},
    "a.unknown": {"zh": "不清楚", "en": "Don't know"},
    "a.yes": {"zh": "是", "en": "Yes"},
    "a.no": {"zh": "否", "en": "No"},
    "a.unanswered": {"zh": "未填写", "en": "Not answered"},
    # statuses
    "s.met": {"zh": "满足", "en": "Met"},
    "s.unmet": {"zh": "未满足", "en": "Not met"},
    "s.unknown": {"zh": "待补充", "en": "Unknown"},
    "s.eligible": {"zh": "符合", "en": "Eligible"},
    "s.not_eligible": {"zh": "暂不符合", "en": "Not yet eligible"},
    "s.needs_answers": {"zh": "信息不全", "en": "Needs answers"},
    "size.micro": {"zh": "微型", "en": "micro"},
    "size.small": {"zh": "小型", "en": "small"},
    "size.medium": {"zh": "中型", "en": "medium"},
    "size.large": {"zh": "大型（超出中小企业范围）", "en": "large (above the SME ceiling)"},
}


def tr(key: str, lang: str, **kw: object) -> str:
    text = STRINGS[key].get(lang) or STRINGS[key]["en"]
    return text.format(**kw) if kw else text


def pick(text: Mapping[str, str] | None, lang: str) -> str:
    """Choose a language from a content language map, falling back to the other language."""
    if not text:
        return ""
    return text.get(lang) or text.get("zh") or text.get("en") or ""

STRINGS.update({
    # gap and condition descriptions
    "g.change": {"zh": "{label}：{old} → {new}", "en": "{label}: {old} → {new}"},
    "g.points": {"zh": "还差 {n} 分；可选做法（按改动幅度从小到大）：", "en": "{n} more points needed; options, smallest change first:"},
    "g.points_option": {"zh": "「{indicator}」+{gain} 分：{changes}", "en": "“{indicator}” +{gain} points: {changes}"},
    "g.fill": {"zh": "请补充：{labels}", "en": "Please answer: {labels}"},
    "g.fill_indicators": {"zh": "这些评分指标还缺回答：{labels}", "en": "These indicators still lack answers: {labels}"},
    "g.one_of": {"zh": "任选其一：", "en": "Any one of:"},
    "g.no_lever": {"zh": "无法仅通过调整填报数据达到，需实际满足该条件", "en": "No single figure change reaches this; the condition itself must be met"},
    "c.threshold": {"zh": "{op} {threshold}{unit}", "en": "{op} {threshold}{unit}"},
    "conf.high": {"zh": "高", "en": "high"},
    "conf.medium": {"zh": "中", "en": "medium"},
    "conf.low": {"zh": "低（请以官方原文核对）", "en": "low (verify against the official text)"},
    "prio.high": {"zh": "高", "en": "High"},
    "prio.medium": {"zh": "中", "en": "Medium"},
    "prio.low": {"zh": "低", "en": "Low"},
    "effort.low": {"zh": "小", "en": "Low"},
    "effort.medium": {"zh": "中", "en": "Medium"},
    "effort.high": {"zh": "大", "en": "High"},
    "hz.0-6m": {"zh": "近期（0–6 个月）", "en": "Now (0–6 months)"},
    "hz.6-18m": {"zh": "中期（6–18 个月）", "en": "Next (6–18 months)"},
    "hz.18-36m": {"zh": "远期（18–36 个月）", "en": "Later (18–36 months)"},
})

STRINGS.update({
    # report
    "r.title": {"zh": "专精特新发展路线图", "en": "SRDI development roadmap"},
    "r.subtitle": {"zh": "企业自评与提升建议", "en": "Self-assessment and improvement plan"},
    "r.date": {"zh": "评估日期", "en": "Assessment date"},
    "r.criteria": {"zh": "认定标准", "en": "Criteria set"},
    "r.rules_hash": {"zh": "规则版本（哈希）", "en": "Rules version (hash)"},
    "r.generated_by": {"zh": "由 srdi-desktop {version} 生成", "en": "Made with srdi-desktop {version}"},
    "r.summary": {"zh": "概要", "en": "Summary"},
    "r.tier": {"zh": "层级", "en": "Tier"},
    "r.status": {"zh": "结论", "en": "Status"},
    "r.score": {"zh": "得分", "en": "Score"},
    "r.top_actions": {"zh": "最重要的行动", "en": "Most important actions"},
    "r.eligibility": {"zh": "认定条件逐项对照", "en": "Eligibility, condition by condition"},
    "r.condition": {"zh": "条件", "en": "Condition"},
    "r.value": {"zh": "企业数值", "en": "Firm's value"},
    "r.threshold": {"zh": "要求", "en": "Required"},
    "r.source": {"zh": "依据", "en": "Source"},
    "r.confidence": {"zh": "可信度", "en": "Confidence"},
    "r.gap": {"zh": "差距与最小改动", "en": "Gap: the smallest changes that would pass"},
    "r.no_gap": {"zh": "已满足全部条件。", "en": "All conditions are met."},
    "r.scorecard": {"zh": "评分表", "en": "Scorecard"},
    "r.indicator": {"zh": "指标", "en": "Indicator"},
    "r.points": {"zh": "得分", "en": "Points"},
    "r.max": {"zh": "满分", "en": "Max"},
    "r.roadmap": {"zh": "行动路线图", "en": "Roadmap"},
    "r.priority": {"zh": "优先级", "en": "Priority"},
    "r.effort": {"zh": "投入", "en": "Effort"},
    "r.side_technology": {"zh": "技术引领", "en": "Technology-led"},
    "r.side_market": {"zh": "市场驱动", "en": "Market-driven"},
    "r.side_safety": {"zh": "产业安全", "en": "Industrial safety"},
    "r.side_efficiency": {"zh": "效率提升", "en": "Efficiency"},
    "r.mode_evidence": {"zh": "判断依据", "en": "What the diagnosis rests on"},
    "r.benchmark": {"zh": "参照（非认定条件）", "en": "For context (not a condition)"},
    "r.path": {"zh": "发展路径", "en": "Path"},
    "r.no_actions": {"zh": "此阶段暂无行动。", "en": "No actions in this period."},
    "r.answers": {"zh": "附录：全部填报内容", "en": "Appendix: all answers"},
    "r.question": {"zh": "问题", "en": "Question"},
    "r.answer": {"zh": "回答", "en": "Answer"},
    "r.readings": {"zh": "口径说明", "en": "Readings chosen where the texts are ambiguous"},
    "r.references": {"zh": "参考文献与政策依据", "en": "References"},
    "r.disclaimer_title": {"zh": "免责声明", "en": "Disclaimer"},
    "r.disclaimer": {
        "zh": "本报告依据企业自行填报的数据和公开资料整理的认定标准自动生成，仅供企业内部自我评估与改进参考，"
              "不构成任何官方认定结论。认定标准以工业和信息化部及各省主管部门发布的原文为准；"
              "标注“低”可信度的门槛请以官方原文核对。",
        "en": "This report is generated from figures the firm entered itself and from criteria compiled from public "
              "reproductions of the official texts. It is a self-assessment aid, not an official decision. The "
              "official texts of MIIT and the provincial authorities prevail; verify every threshold marked low "
              "confidence against them.",
    },
    "r.sme_size": {"zh": "企业规模（工信部联企业〔2011〕300号）", "en": "Size class (工信部联企业〔2011〕300号)"},
    "r.digital_level": {"zh": "数字化水平", "en": "Digital level"},
    "r.digital_platform": {"zh": "{level} 级（平台评测）", "en": "level {level} (official evaluation)"},
    "r.digital_estimate": {"zh": "{level} 级（按 2024 年版评测项目估算，基础分 {score}；置信度低）", "en": "level {level} (estimated from the 2024 items, base score {score}; low confidence)"},
    "r.defaulted": {"zh": "（未填写，按 0 分计）", "en": " (unanswered, counted as 0)"},
    "r.mode": {"zh": "驱动模式（004 §三(二)）", "en": "Driving mode (004 §三(二))"},
    "r.mode_unknown": {"zh": "回答不足，暂无法判断驱动模式", "en": "Not enough answers to tell the driving mode"},
    "r.mode_signals": {"zh": "信号计数：技术 {technology} · 市场 {market} · 产业安全 {safety} · 效率 {efficiency}", "en": "Signals: technology {technology} · market {market} · safety {safety} · efficiency {efficiency}"},
    "r.diagnosis": {"zh": "诊断", "en": "Diagnosis"},
    "r.constraints": {"zh": "制约因素（000 §四）", "en": "Constraints (000 §四)"},
    "r.warnings": {"zh": "填报一致性提醒", "en": "Answers to check"},
    "r.fields": {"zh": "涉及填报项", "en": "Fields"},
    "r.radar": {"zh": "得分结构（占各类满分的比例）", "en": "Score profile (share of each category's maximum)"},
    "r.radar_note": {"zh": "固定刻度 0–100%，外圈为满分；未填写的指标按 0 计。", "en": "Fixed scale 0–100%; the outer ring is full marks; unanswered indicators count 0."},
    "r.card_short_srdi": {"zh": "专精特新", "en": "SRDI"},
    "r.card_short_innovative": {"zh": "创新型", "en": "innov."},
    "r.axis_technology": {"zh": "← 技术引领", "en": "← technology-led"},
    "r.axis_market": {"zh": "市场驱动 →", "en": "market-driven →"},
    "r.axis_safety": {"zh": "产业安全 ↓", "en": "↓ industrial safety"},
    "r.axis_efficiency": {"zh": "效率 ↑", "en": "↑ efficiency"},
    "r.comparison": {"zh": "与上次评估（{date}）对比", "en": "Compared with the previous assessment ({date})"},
    "r.before": {"zh": "上次", "en": "Before"},
    "r.now": {"zh": "本次", "en": "Now"},
    "r.change": {"zh": "变化", "en": "Change"},
    "r.figure": {"zh": "项目", "en": "Figure"},
    "x.next_assessment": {"zh": "{firm}：专精特新年度复评", "en": "{firm}: yearly SRDI reassessment"},
    "x.next_assessment_text": {"zh": "用 srdi-desktop 的“复制为下一年度评估”更新数据并重新评估；专精特新称号每年需在平台更新信息。", "en": "Use srdi-desktop's “duplicate as next year” to update the figures and reassess; the titles need a yearly update on the platform."},
    "x.col_horizon": {"zh": "阶段", "en": "Horizon"},
    "x.col_due": {"zh": "完成期限", "en": "Due"},
    "x.col_priority": {"zh": "优先级", "en": "Priority"},
    "x.col_effort": {"zh": "投入", "en": "Effort"},
    "x.col_path": {"zh": "发展路径", "en": "Path"},
    "x.col_id": {"zh": "编号", "en": "ID"},
    "x.col_title": {"zh": "行动", "en": "Action"},
    "x.col_finding": {"zh": "现状", "en": "Finding"},
    "x.col_steps": {"zh": "第一步", "en": "First steps"},
    "x.col_benchmark": {"zh": "对标", "en": "Benchmark"},
    "x.col_source": {"zh": "依据", "en": "Source"},
    "b.title": {"zh": "专精特新发展自评问卷", "en": "SRDI self-assessment questionnaire"},
    "b.subtitle": {"zh": "纸质填写版，可在研讨会上使用，之后录入 srdi-desktop。金额单位：万元；y1 为最近一个完整会计年度。", "en": "Paper version for workshops; enter the answers in srdi-desktop afterwards. Money in 万元 (10,000 yuan); y1 is the last complete fiscal year."},
    "b.markers": {"zh": "* 为必填项。不清楚或不适用的问题可写“不清楚”或“不适用”。", "en": "* marks required questions. Write “don't know” or “not applicable” where that is honest."},
    "b.one": {"zh": "（单选）", "en": "(choose one)"},
    "b.many": {"zh": "（可多选）", "en": "(tick all that apply)"},
    "b.range": {"zh": "范围 {min}–{max}", "en": "range {min}–{max}"},
    "r.page": {"zh": "第 {n} 页 / 共 {m} 页", "en": "Page {n} of {m}"},
    "r.paper000": {
        "zh": "新发展格局下“专精特新”企业高质量发展路径（引用为 000 §…）",
        "en": "Paths for the high-quality development of 专精特新 firms under the new development pattern (cited as 000 §…)",
    },
    "r.paper004": {
        "zh": "锁箭，李霞. 专精特新中小企业驱动制造业高质量发展：内在逻辑、实现路径与政策建议[J]. 技术经济, "
              "2024, 43(9): 85-94.（引用为 004 §…）",
        "en": "Suo Jian, Li Xia. SRDI SMEs driving high-quality development of manufacturing: internal logic, "
              "realization path and policy suggestions. Journal of Technology Economics, 2024, 43(9): 85–94 "
              "(cited as 004 §…)",
    },
})

STRINGS.update({
    # app
    "app.title": {"zh": "专精特新发展自评", "en": "SRDI self-assessment"},
    "app.content_errors": {"zh": "规则或问卷文件有错误，程序无法启动：", "en": "The rule or form files have errors; the app cannot start:"},
    "app.db_error": {"zh": "无法打开评估数据库", "en": "Cannot open the assessment database"},
    "home.new": {"zh": "新建评估", "en": "New assessment"},
    "home.open": {"zh": "打开", "en": "Open"},
    "home.delete": {"zh": "删除", "en": "Delete"},
    "home.delete_confirm": {"zh": "确定删除“{name}”的这次评估吗？此操作无法撤销。",
                            "en": "Delete this assessment of “{name}”? This cannot be undone."},
    "home.search": {"zh": "搜索企业名称或信用代码…", "en": "Search firm name or credit code…"},
    "home.col_firm": {"zh": "企业", "en": "Firm"},
    "home.col_date": {"zh": "评估日期", "en": "Date"},
    "home.col_status": {"zh": "状态", "en": "Status"},
    "home.col_updated": {"zh": "最后修改", "en": "Last changed"},
    "home.draft": {"zh": "草稿", "en": "Draft"},
    "home.final": {"zh": "已完成", "en": "Final"},
    "home.empty": {"zh": "还没有评估。点击“新建评估”开始。", "en": "No assessments yet. Click “New assessment” to start."},
    "home.unnamed": {"zh": "（未命名企业）", "en": "(unnamed firm)"},
    "menu.language": {"zh": "语言 Language", "en": "Language 语言"},
    "menu.export": {"zh": "导出", "en": "Export"},
    "menu.export_pdf": {"zh": "路线图 PDF…", "en": "Roadmap PDF…"},
    "menu.export_ics": {"zh": "行动日程（.ics 日历）…", "en": "Milestones (.ics calendar)…"},
    "menu.export_csv": {"zh": "行动计划（CSV）…", "en": "Action plan (CSV)…"},
    "menu.export_doc": {"zh": "评估文件（YAML/JSON）…", "en": "Assessment file (YAML/JSON)…"},
    "filter.doc": {"zh": "评估文件 (*.yaml *.yml *.json)", "en": "Assessment files (*.yaml *.yml *.json)"},
    "home.import": {"zh": "导入…", "en": "Import…"},
    "home.import_failed": {"zh": "无法导入（未导入任何内容）", "en": "Cannot import (nothing was imported)"},
    "home.rescored": {"zh": "定稿结果与现行规则重评", "en": "Stored result and today's re-score"},
    "menu.export_blank": {"zh": "空白问卷 PDF（纸质研讨用）…", "en": "Blank questionnaire PDF (for workshops)…"},
    "filter.ics": {"zh": "日历文件 (*.ics)", "en": "Calendar files (*.ics)"},
    "filter.csv": {"zh": "CSV 文件 (*.csv)", "en": "CSV files (*.csv)"},
    "home.select_first": {"zh": "请先在列表中选择一次评估。", "en": "Select an assessment in the list first."},
    "cli.frozen": {"zh": "已定稿：按 {criteria} 评定，规则哈希 {hash}", "en": "Final: scored under {criteria}, rules hash {hash}"},
    "pdf.unprintable": {"zh": "“{field}”中有字符无法用PDF字体显示，已略去：{chars}",
                        "en": "{field}: characters no PDF font can show were left out: {chars}"},
    "cli.rules_changed": {"zh": "规则已更新（当前哈希 {hash}），以下为“定稿结果 → 按现行规则重评”：", "en": "The rules have changed (now {hash}); stored result → re-scored under today's rules:"},
    "rec.not_sqlite": {"zh": "文件 {path} 不是评估数据库。", "en": "{path} is not an assessment database."},
    "rec.damaged": {"zh": "评估数据库 {path} 已损坏，无法打开。", "en": "The assessment database {path} is damaged and cannot be opened."},
    "rec.foreign": {"zh": "{path} 属于其他程序，不是本程序的评估数据库。", "en": "{path} belongs to another program, not to this app."},
    "rec.locked": {"zh": "评估数据库 {path} 正被其他程序独占使用。", "en": "The assessment database {path} is locked by another program."},
    "rec.never_overwritten": {"zh": "原文件不会被改动或覆盖。可以新建一个空数据库，或从迁移前自动保存的备份恢复（恢复到新文件）。", "en": "The file will not be changed or overwritten. Start a new, empty database, or restore one of the automatic backups into a new file."},
    "rec.fresh": {"zh": "新建空数据库", "en": "Start a new database"},
    "rec.backup": {"zh": "从备份恢复…", "en": "Restore a backup…"},
    "rec.quit": {"zh": "退出", "en": "Quit"},
    "wiz.title": {"zh": "企业自评", "en": "Self-assessment"},
    "wiz.progress": {"zh": "已填写 {n} / {m} 项 · 第 {p} / {q} 页", "en": "{n} of {m} answered · page {p} of {q}"},
    "wiz.choose": {"zh": "请选择…", "en": "Choose…"},
    "wiz.export_failed": {"zh": "导出失败：{error}", "en": "Export failed: {error}"},
    "wiz.pdf_filter": {"zh": "PDF 文件 (*.pdf)", "en": "PDF files (*.pdf)"},
    "home.col_tiers": {"zh": "已满足层级", "en": "Tiers met"},
    "home.results": {"zh": "查看结果", "en": "Results"},
    "home.duplicate": {"zh": "复制为下一年度", "en": "Copy as next year's"},
    "home.history": {"zh": "历次对比", "en": "History"},
    "home.resume_title": {"zh": "继续上次的评估？", "en": "Resume the last assessment?"},
    "home.resume": {"zh": "上次程序意外关闭时，“{name}”（{date}）的评估尚未完成。所有已填写的答案都已保存。现在继续填写吗？",
                    "en": "The app closed unexpectedly while “{name}” ({date}) was being filled in. Every answer "
                          "entered was saved. Continue where you left off?"},
    "menu.file": {"zh": "文件", "en": "File"},
    "menu.recent": {"zh": "最近使用的文件", "en": "Recent files"},
    "menu.recent_none": {"zh": "（暂无）", "en": "(none yet)"},
    "menu.recent_missing": {"zh": "（文件已不存在）", "en": "(file no longer exists)"},
    "menu.quit": {"zh": "退出", "en": "Quit"},
    "ui.live": {"zh": "实时评定（随填写更新）", "en": "Live result (updates as you type)"},
    "ui.conditions_met": {"zh": "满足 {n} / {m} 项条件", "en": "{n} of {m} conditions met"},
    "ui.points": {"zh": "{n} / {m} 分", "en": "{n} of {m} points"},
    "ui.results": {"zh": "评估结果", "en": "Results"},
    "ui.results_head": {"zh": "{firm} · 评估日期 {date} · 依据：{criteria}", "en": "{firm} · assessed {date} · under {criteria}"},
    "ui.edit_answers": {"zh": "修改答案…", "en": "Edit answers…"},
    "ui.export_pdf": {"zh": "导出 PDF 路线图…", "en": "Export PDF roadmap…"},
    "ui.tab_tiers": {"zh": "认定层级与差距", "en": "Tiers and gaps"},
    "ui.tab_profile": {"zh": "得分结构与诊断", "en": "Profile and diagnosis"},
    "ui.tab_roadmap": {"zh": "行动路线图", "en": "Roadmap"},
    "ui.tab_whatif": {"zh": "假设分析", "en": "What if"},
    "ui.whatif_hint": {"zh": "修改任一数字，右侧结果立即更新。这里的修改只用于推演，不会改动已保存的答案。",
                       "en": "Change any figure and the result on the right updates at once. Nothing here changes "
                             "the saved answers."},
    "ui.whatif_reset": {"zh": "恢复为已保存的答案", "en": "Back to the saved answers"},
    "ui.whatif_result": {"zh": "假设情形下的结果", "en": "Result with these figures"},
    "ui.whatif_changes": {"zh": "与已保存答案相比的变化：", "en": "Changes from the saved answers:"},
    "ui.whatif_same": {"zh": "各层级结论与已保存答案相同。", "en": "Every tier is as with the saved answers."},
    "ui.history": {"zh": "历次评估", "en": "History"},
    "ui.history_head": {"zh": "{firm}：共 {n} 次评估", "en": "{firm}: {n} assessments"},
    "ui.compare_before": {"zh": "对比对象（较早）", "en": "Compare (earlier)"},
    "ui.compare_after": {"zh": "对比对象（较新）", "en": "with (later)"},
    "ui.criteria_differ": {"zh": "注意：两次评估适用的认定标准不同（较早：{before}；较新：{after}），层级与得分的变化部分来自标准本身。",
                           "en": "Note: the two assessments fall under different criteria (earlier: {before}; later: {after}); part of the change in tiers and points comes from the rules themselves."},
    "ui.section_delta": {"zh": "{section}：{n} 项变化，{same} 项未变", "en": "{section}: {n} changed, {same} unchanged"},
})

# Punctuation that differs by language: full-width in Chinese. core/present.py is the one user of these.
STRINGS.update({
    "p.labelled": {"zh": "{label}：{text}", "en": "{label}: {text}"},
    "p.aside": {"zh": "{text}（{aside}）", "en": "{text} ({aside})"},
    "p.enum": {"zh": "、", "en": ", "},
    "p.semicolon": {"zh": "；", "en": "; "},
})
