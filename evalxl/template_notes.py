"""The template's second sheet 填表说明: the profile's scoring rules in plain Chinese.

    notes_lines(profile, plan=None) -> list[str]
"""

from __future__ import annotations

from .a1 import address
from .findings import format_number
from .profile import Profile
from .template_layout import F_RATE, F_SCORE, NOTES_SHEET, PARTS, ROWS_PER_LEVEL2, Plan, level1_label, plan
from .template_sheet import FormStyles, row_height, wrapped_lines

def _pct(x: float) -> str:
    return f"{format_number(x * 100)}%"


def notes_lines(profile: Profile, p: Plan | None = None) -> list[str]:
    """The scoring rules of the profile in plain Chinese, one paragraph per item."""
    w = {k: format_number(v) for k, v in profile.weights.items()}
    l1 = {part: level1_label(profile, part).split("\n")[0] for part in PARTS}
    p = p or plan(profile)
    fr = p.funds["total"]
    bands = sorted(profile.bands, key=lambda b: -b.high)
    band_text = []
    for i, b in enumerate(bands):
        if b.low <= 0:
            band_text.append(f"{b.name}：得分为分值的 {_pct(b.high)} 以下")
        elif i == 0:
            band_text.append(f"{b.name}：得分为分值的 {_pct(b.low)}（含）至 {_pct(b.high)}")
        else:
            band_text.append(f"{b.name}：得分为分值的 {_pct(b.low)}（含）至 {_pct(b.high)}（不含）")
    grades = []
    for i, g in enumerate(profile.grades):
        if i == 0:
            grades.append(f"{g.name}：{format_number(g.min)} 分及以上")
        elif g.min <= 0:
            grades.append(f"{g.name}：{format_number(profile.grades[i - 1].min)} 分以下")
        else:
            grades.append(f"{g.name}：{format_number(g.min)} 分（含）至 {format_number(profile.grades[i - 1].min)} 分")
    neg_l2 = "、".join(profile.negative_level2)
    neg_kw = "、".join(profile.negative_keywords)
    partial = "、".join(f"{x}X" for x in profile.partial_prefixes)
    partial_words = "、".join(profile.partial_words)
    failed = "、".join(f"{x}X" for x in profile.failed_prefixes)
    failed_words = "、".join(profile.failed_words)
    accept = "或".join(f"{d} 位" for d in profile.accept_decimals)
    decimals = profile.decimals
    l2 = {part: "、".join(profile.level2[part]) for part in PARTS}
    lines = [
        f"本表为项目支出绩效自评表（财政部《项目支出绩效评价管理办法》，财预〔2020〕10号，附件格式），"
        f"每个项目填写一张。评分规则：{profile.title}。",
        "浅黄色底纹的单元格由填报单位填写；灰色底纹的单元格（执行率、资金得分、总分）由公式自动计算，"
        "其余单元格为表格标签，均已锁定。工作表保护未设密码，确需修改格式时可在「审阅」中撤销工作表保护。",
        f"分值：预算执行率 {w['funds']} 分，{l1['output']} {w['output']} 分，{l1['benefit']} {w['benefit']} 分，"
        f"{l1['satisfaction']} {w['satisfaction']} 分，合计 {w['total']} 分。同一一级指标下各三级指标的分值之和"
        f"应等于一级指标标注的分值；资金分值与全部指标分值合计应等于 {w['total']} 分（总分行的分值自动合计，"
        f"不等于 {w['total']} 时显示为红色）。",
        f"二级指标：{l1['output']}分为{l2['output']}；{l1['benefit']}分为{l2['benefit']}；"
        f"{l1['satisfaction']}为{l2['satisfaction']}。每个二级指标下预留了 {ROWS_PER_LEVEL2} 行（指标1：、指标2：），"
        f"在「指标N：」处填写三级指标名称；不用的行留空即可。",
        "需要更多指标行时，选中该二级指标的第二行，右键「插入」整行：新行在本部分之内，总分公式会自动计入新行的分值和得分。"
        "请勿在总分行的正上方插入行。",
        "项目资金：金额单位为万元，填写不小于 0 的数字。当年财政拨款 + 上年结转资金 + 其他资金 应等于年度资金总额"
        "（年初预算数、全年预算数、全年执行数各列分别相等）。",
        f"执行率 = 全年执行数（B）÷ 全年预算数（A），未填全年预算数时用年初预算数，自动计算（{address(fr, F_RATE)}）。"
        f"资金得分 = 执行率 × 分值 {w['funds']}，执行率超过 100% 的按 100% 计，保留 {decimals} 位小数，"
        f"自动计算（{address(fr, F_SCORE)}）。",
        "定量指标（年度指标值和实际完成值都是数值，单位一致）：达到年度指标值的记满分；未达到的，"
        "越大越好的指标得分 = 实际完成值 ÷ 年度指标值 × 分值，越小越好的指标得分 = 年度指标值 ÷ 实际完成值 × 分值；"
        "超额完成不加分，得分不超过分值。",
        "越大越好还是越小越好：先看年度指标值中的符号，≥、＞、不低于、不少于、以上等为越大越好，≤、＜、不高于、"
        f"不超过、以内等为越小越好；没有符号时，{neg_l2}以及名称含「{neg_kw}」的指标越小越好，其余越大越好。",
        f"定性指标（文字）按三档记分。{'；'.join(band_text)}。实际完成值与年度指标值相同的为"
        f"{profile.band('achieved').name}；实际完成值为「{partial}」（X 为年度指标值）或「{partial_words}」的为"
        f"{profile.band('partial').name}；为「{failed}」或「{failed_words}」的为{profile.band('failed').name}。",
        f"每个指标的得分不小于 0，不超过本行分值（超过时得分显示为红色）。得分保留 {decimals} 位小数，四舍五入；"
        f"与重算得分保留 {accept}小数后相等的，视为正确。",
        "有分值的指标必须填写年度指标值和实际完成值，否则无法核对，审核时按 0 分计。",
        "得分低于分值的指标，必须在「偏差原因分析及改进措施」中说明未完成的原因和改进措施。",
        f"总分 = 资金得分 + 各指标得分，自动计算。评价等级：{'；'.join(grades)}。",
        "填写完毕后请核对：项目名称、主管部门、实施单位、填报人、联系电话、填报日期均已填写。",
    ]
    return lines


def write_notes(book, s: FormStyles, profile: Profile, p: Plan) -> None:
    ws = book.add_worksheet(NOTES_SHEET)
    widths = (5, 92)
    ws.set_column(0, 0, widths[0])
    ws.set_column(1, 1, widths[1])
    ws.merge_range(0, 0, 0, 1, "填表说明", s(bold=True, font_size=16, align="center"))
    ws.set_row(0, 32)
    body = s(align="left", valign="top", font_size=10.5)
    num = s(align="right", valign="top", font_size=10.5)
    for i, text in enumerate(notes_lines(profile, p), start=1):
        ws.write_string(i, 0, f"{i}.", num)
        ws.write_string(i, 1, text, body)
        ws.set_row(i, round(row_height(wrapped_lines(text, widths[1], 10.5), 10.5), 1))
    ws.set_paper(9)
    ws.set_portrait()
    ws.set_margins(left=0.6, right=0.6, top=0.7, bottom=0.7)
    ws.center_horizontally()
    ws.fit_to_pages(1, 0)
    ws.hide_gridlines(2)
