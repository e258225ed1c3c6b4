"""The wizard's help says what a question means and why it matters, in plain words (issue 16 item 3).

Document numbers and paper sections go to the question's ``basis`` (shown apart as a small "依据" line);
notes meant for whoever maintains the rules never reach a manager.
"""

import re

import pytest

from srdi_desktop.core.questionnaire import parse_questionnaire

# A paper section ("004 §三(一)2(3)", "§五.1"), a document number ("〔2022〕63号", "63号", "115号"),
# an article of one ("第十一条", "art. 11") or an attachment ("附件1", "attachment 1").
CITATION = re.compile(r"§|〔\d{4}〕|\d+\s*号|第[一二三四五六七八九十]+条|\bart\.\s*\d|附件\s*\d|\battachment \d")
# Words of a maintainer's note: the sources behind the rules and doubts about them.
INTERNAL = re.compile(r"第三方|参考资料|所参考|不太相符|请以官方.*核对|third-party|reference §|implausible"
                      r"|verify against", re.IGNORECASE)


def offences(text: str) -> list[str]:
    return [m.group(0) for pat in (CITATION, INTERNAL) for m in pat.finditer(text)]


@pytest.mark.parametrize("text, bad", [
    ("单一来源使供应链在外部冲击时难以调整（004 §三(一)2(3)）。", True),
    ("人才梯队与评价制度（000 §五.1）。", True),
    ("≥500 万元是创新型中小企业的直通条件（工信部企业〔2022〕63号 附件1）。", True),
    ("A direct route to the innovative tier (63号 attachment 1).", True),
    ("高新技术企业要求注册成立一年以上（国科发火〔2016〕32号 第十一条）。", True),
    ("所参考的第三方资料给出的分档与“占营业额比例”不太相符。", True),
    ("The bands look implausible; verify against the official text.", True),
    ("单一来源使供应链在外部冲击时难以调整。", False),
    ("中华老字号企业在专精特新评价指标 4 可得 3 分。", False),
    ("e.g. CE or UL. 67.1% of little giants hold such certifications.", False),
])
def test_the_check_tells_a_citation_from_plain_words(text, bad):
    assert bool(offences(text)) is bad


def test_help_and_intros_are_plain_and_sources_go_to_basis(content):
    qn = content.questionnaire
    found = []
    for s in qn.sections:
        for lang in ("zh", "en"):
            if s.intro and (bad := offences(s.intro[lang])):
                found.append(f"section {s.id} intro [{lang}]: {bad}")
    for q in qn.questions:
        for lang in ("zh", "en"):
            texts = [("help", q.help[lang]), ("label", q.label[lang])]
            texts += [(f"choice {c.value}", c.label[lang]) for c in q.choices]
            for where, text in texts:
                if bad := offences(text):
                    found.append(f"{q.id} {where} [{lang}]: {bad}")
    assert not found, "\n".join(found)


def test_basis_is_kept_in_both_languages(content):
    qn = content.questionnaire
    based = [q for q in qn.questions if q.basis]
    assert len(based) >= 40  # the sources moved out of the help are kept, not dropped
    assert qn["supply.key_inputs_single_source"].basis == {"zh": "论文 004 §三(一)2(3)", "en": "paper 004 §三(一)2(3)"}
    for q in based:
        assert q.basis and q.basis["zh"] and q.basis["en"], q.id


def test_a_basis_needs_both_languages():
    text = """version: 1
section: {id: s, order: 1, title: {zh: 节, en: S}, basis: {zh: 论文 000 §三}}
questions:
  - {id: s.a, type: bool, label: {zh: 甲, en: A}, help: {zh: 说明, en: Help}, basis: {zh: 依据}}
"""
    errors: list = []
    parse_questionnaire([("forms/s.yaml", text)], errors)
    messages = [str(e) for e in errors]
    assert any("basis" in m and "'en'" in m and "s.a" in m for m in messages), messages
    assert any("section 's'.basis" in m for m in messages), messages
