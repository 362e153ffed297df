"""The numbers a 自评报告's text states about its projects.

    statements(paragraphs) -> list[Statement]

A sentence that states a project's 自评得分 (「项目绩效自评得分为 99.3 分」), 全年预算数
(「全年预算数为 80 万元」), 执行数 (「执行数为 80 万元」) or rate (「完成预算的 100%」) becomes a
Statement of that project, when the sentence names exactly one project (in quotes: “X”,
"X", 「X」, 《X》), or stands in a paragraph that opens with one (「“行政运行费”项目绩效自评
综述：…」) or under a numbered heading that names one (「（一）医保政策宣传经费项目」). A
sentence that names several projects (a list) is left alone; one that names none in
these ways is kept with project "" (order -1): the rule ties it only when a table's name
stands in its words.

Numbers are read as written: 99.3, 八十万元, 七十九点五万元, 80万元, 800,000元, 百分之百;
amounts become 万元 (the tables' unit).
"""

from __future__ import annotations

import re
import unicodedata
import warnings

from ..model import Statement

QUOTED = re.compile(r"[“\"「《‘]([^”\"」》’]{2,40})[”\"」》’]")
HEADER = re.compile(r"^\s*[“\"「《‘]([^”\"」》’]{2,40})[”\"」》’]\s*(?:项目|绩效|自评|：|:)")
SENTENCE_END = re.compile(r"(?<=[。；;！？!?])")

CN_NUM = "零〇一二两三四五六七八九十百千万亿点"
NUM = rf"((?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?:万|亿)?|[{CN_NUM}]+)"
LINK = r"(?:为|是|达到|达|：|:)?\s*"

PATTERNS = (
    ("score", re.compile(rf"(?:自评得分|自评分|评价得分|绩效得分|得分){LINK}{NUM}\s*分")),
    ("budget", re.compile(rf"(?:全年预算数|全年预数|全年预算|(?<!年初)预算数){LINK}{NUM}\s*(万元|亿元|元)")),
    ("executed", re.compile(rf"(?:全年执行数|执行数|执行金额|实际支出){LINK}{NUM}\s*(万元|亿元|元)")),
    ("rate", re.compile(rf"(?:完成预算的|预算执行率|执行率){LINK}{NUM}\s*%")),
    ("rate", re.compile(rf"(?:完成预算的|预算执行率|执行率){LINK}百分之([{CN_NUM}]+)")),
)

# Words just before 得分 that make it a part's score, not the project's
NOT_THE_PROJECT = re.compile(r"指标|满意度|效益|产出|资金|执行率|单项|该项")
# A heading that names a project without quotes: 「（一）医保政策宣传经费项目」, 「2. 行政运行费」;
# its project stands for the paragraphs below it, up to the next heading
NUMBERED = re.compile(r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|[一二三四五六七八九十\d]+\s*[、.．])\s*")
SECTION = re.compile(r"^(.{2,30}?(?:项目|经费|资金|费))(?:绩效自评(?:情况|综述|结果)?)?[：:]?$")

TO_WAN = {"万元": 1.0, "亿元": 10000.0, "元": 0.0001}


def number(text: str) -> float | None:
    """80 · 800,000 · 1.5万 · 八十万 · 七十九点五万 · 九十九点三 -> a float; None when unreadable."""
    t = text.replace(",", "")
    scale = 1.0
    if t.endswith("万") and len(t) > 1:
        t, scale = t[:-1], 1e4
    elif t.endswith("亿") and len(t) > 1:
        t, scale = t[:-1], 1e8
    try:
        return float(t) * scale
    except ValueError:
        pass
    import cn2an

    if t[:1] in ("百", "千"):  # 百分之百: a leading 百 or 千 means one of them
        t = "一" + t

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return float(cn2an.cn2an(t, "smart")) * scale
        except (ValueError, KeyError, IndexError, TypeError):
            return None


def _project_of(sentence: str, header: str | None) -> str | None:
    """The one project the sentence names in quotes, else the paragraph's; "" when it names
    none (the rule may still find a table's name in it); None when it names several."""
    names = list(dict.fromkeys(m.group(1).strip() for m in QUOTED.finditer(sentence)))
    if len(names) == 1:
        return names[0]
    if not names:
        return header or ""
    return None


def sentence_statements(sentence: str) -> list[tuple[str, float, str]]:
    """(kind, number, as written) for every figure the sentence states."""
    text = unicodedata.normalize("NFKC", sentence)
    out = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if kind == "score" and NOT_THE_PROJECT.search(text[max(0, m.start() - 6):m.start()]):
                continue  # an indicator's score (满意度指标得分 9.5 分), not the project's
            n = number(m.group(1))
            if n is None:
                continue
            written = m.group(0)[m.start(1) - m.start(0):].strip()
            if kind in ("budget", "executed"):
                n *= TO_WAN[m.group(2)]
            if kind == "rate" and "百分之" in m.group(0):
                written = "百分之" + m.group(1)
            out.append((kind, n, written))
    return out


def _section(para: str) -> tuple[bool, str | None]:
    """(is a numbered heading, the project it names without quotes or None)."""
    m = NUMBERED.match(para)
    if not m or len(para) > 40:
        return False, None
    rest = para[m.end():].strip()
    quoted = QUOTED.fullmatch(rest)
    if quoted:
        return True, quoted.group(1).strip()
    named = SECTION.match(rest)
    return True, (named.group(1).strip() if named and "项目绩效" not in rest and "部门" not in rest else None)


def statements(paragraphs: list[str]) -> list[Statement]:
    out: list[Statement] = []
    order: dict[str, int] = {}
    section: str | None = None  # the project of the last numbered heading, if it named one
    for i, para in enumerate(paragraphs, 1):
        heading, named = _section(para)
        if heading:
            section = named
            if named is not None:
                order.setdefault(named, len(order))
            continue
        m = HEADER.match(para)
        header = m.group(1).strip() if m else section
        if header is not None:
            order.setdefault(header, len(order))
        for sentence in SENTENCE_END.split(para):
            sentence = sentence.strip()
            if not sentence:
                continue
            found = sentence_statements(sentence)
            if not found:
                continue
            project = _project_of(sentence, header)
            if project is None:
                continue
            if project:
                order.setdefault(project, len(order))
            for kind, n, written in found:
                out.append(Statement(project, kind, round(n, 6), sentence, i, order.get(project, -1), written))
    return out
