"""Build samples/: the seed tables as a finance office would have typed them, errors included.

    python samples/build_samples.py

The data of every table is transcribed by hand from ../shared/seeds (seed 001: seven
project tables and a narrative naming an eighth; seed 002: a department 评分表 with its
基础数据表; seed 003: a 部门整体绩效自评表). The seeds' errors are kept on purpose: they
are what evalxl must find. Each layout function places the data and records, for every
value it writes, the address it wrote it to; samples/expected/<stem>.json is written from
those records (never by reading a workbook back, never by running evalxl).

Requires xlsxwriter, openpyxl and xlwt (the test extras).
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXPECTED = HERE / "expected"
FIXED_DATE = dt.datetime(2022, 3, 15, 9, 0, 0)


def col_letter(col: int) -> str:
    out = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def addr(row: int, col: int) -> str:
    return f"{col_letter(col)}{row}"


def squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


# =========================================================================== backends
# One small interface over the three libraries: rows and columns are 1-based.


class XlsxWriterSheet:
    def __init__(self, book, ws):
        self.book, self.ws = book, ws
        self._formats = {}

    def fmt(self, style):
        key = tuple(sorted(style.items()))
        if key not in self._formats:
            base = {"border": 1, "text_wrap": True, "valign": "vcenter", "font_name": "宋体", "font_size": 10}
            base.update(style)
            self._formats[key] = self.book.add_format(base)
        return self._formats[key]

    def write(self, row, col, value, **style):
        f = self.fmt(style)
        if isinstance(value, str):
            self.ws.write_string(row - 1, col - 1, value, f)
        elif value is None:
            self.ws.write_blank(row - 1, col - 1, None, f)
        else:
            self.ws.write_number(row - 1, col - 1, value, f)

    def merge(self, r1, c1, r2, c2, value, **style):
        if (r1, c1) == (r2, c2):
            return self.write(r1, c1, value, **style)
        self.ws.merge_range(r1 - 1, c1 - 1, r2 - 1, c2 - 1, "", self.fmt(style))
        if value is not None and value != "":
            self.write(r1, c1, value, **style)

    def formula(self, row, col, formula, cached, **style):
        self.ws.write_formula(row - 1, col - 1, formula, self.fmt(style), cached)

    def widths(self, widths):
        for i, w in enumerate(widths):
            self.ws.set_column(i, i, w)

    def height(self, row, h):
        self.ws.set_row(row - 1, h)


class OpenpyxlSheet:
    def __init__(self, ws):
        from openpyxl.styles import Alignment, Border, Font, Side

        self.ws = ws
        side = Side(style="thin")
        self.border = Border(left=side, right=side, top=side, bottom=side)
        self.align = Alignment(wrap_text=True, vertical="center")
        self.font = Font(name="宋体", size=10)
        self.bold = Font(name="宋体", size=14, bold=True)

    def write(self, row, col, value, **style):
        c = self.ws.cell(row=row, column=col)
        if value is not None:
            c.value = value
        c.border, c.alignment = self.border, self.align
        c.font = self.bold if style.get("bold") else self.font
        if "num_format" in style:
            c.number_format = style["num_format"]

    def merge(self, r1, c1, r2, c2, value, **style):
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                self.write(r, c, None)
        self.write(r1, c1, value if value != "" else None, **style)
        if (r1, c1) != (r2, c2):
            self.ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)

    def formula(self, row, col, formula, cached, **style):
        self.write(row, col, formula, **style)  # openpyxl stores no cached value

    def widths(self, widths):
        for i, w in enumerate(widths, 1):
            self.ws.column_dimensions[col_letter(i)].width = w

    def height(self, row, h):
        self.ws.row_dimensions[row].height = h


class XlwtSheet:
    def __init__(self, ws):
        import xlwt

        self.xlwt, self.ws = xlwt, ws
        self._styles = {}

    def style(self, style):
        key = tuple(sorted(style.items()))
        if key not in self._styles:
            spec = "font: name 宋体, height 200{bold}; borders: left thin, right thin, top thin, bottom thin; alignment: wrap on, vert centre".format(
                bold=", bold on" if style.get("bold") else "")
            self._styles[key] = self.xlwt.easyxf(spec, num_format_str=style.get("num_format", "General"))
        return self._styles[key]

    def write(self, row, col, value, **style):
        self.ws.write(row - 1, col - 1, value if value is not None else "", self.style(style))

    def merge(self, r1, c1, r2, c2, value, **style):
        self.ws.write_merge(r1 - 1, r2 - 1, c1 - 1, c2 - 1, value if value is not None else "", self.style(style))

    def formula(self, row, col, formula, cached, **style):
        self.write(row, col, cached, **style)

    def widths(self, widths):
        for i, w in enumerate(widths):
            self.ws.col(i).width = int(w * 256)

    def height(self, row, h):
        pass


# =========================================================================== recording


class Recorder:
    """Writes through a backend and remembers what stands where, for the expected JSON."""

    def __init__(self, sheet):
        self.sheet = sheet

    def put(self, row, col, value, end=None, **style):
        """Write (merged to ``end`` when given) and return the CELL of the projection."""
        if end is not None and end != (row, col):
            self.sheet.merge(row, col, end[0], end[1], value, **style)
        else:
            self.sheet.write(row, col, value, **style)
        return cell(row, col, value)

    def formula(self, row, col, formula, cached, has_cache=True, **style):
        self.sheet.formula(row, col, formula, cached, **style)
        return [addr(row, col), cached if has_cache else None, formula]


def cell(row, col, value):
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    return [addr(row, col), value]


def pct(x):
    """A percentage stored as a number with a % format (0.96 shown as 96%)."""
    return ("%", x)


def put_value(rec, row, col, value, end=None):
    """Write a data value: ("%", 0.96) as a number with a 0% format, else as given."""
    if isinstance(value, tuple) and value[0] == "%":
        return rec.put(row, col, value[1], end, num_format="0%")
    return rec.put(row, col, value, end)


def field_cell(row, col, value):
    return None if not value else [addr(row, col), squash(value)]


def funds_row(**cells):
    base = {k: None for k in ("initial_budget", "annual_budget", "executed", "weight", "rate", "score")}
    base.update(cells)
    return base


# =========================================================================== seed 001 data

# Indicator rows: (一级 label or None for "same group", 二级 or None for "blank cell",
#                  三级, target, actual, 分值, 得分, explanation, method)
# A row that is the string "....." is the template's placeholder line.

T1 = dict(  # seed 001, table 1 - correct throughout
    name="行政运行经费", dept="明光市医疗保障局", unit="明光市医疗保障局",
    funds=dict(total=(15, 15, 15, 10, pct(1), 10), current=("其中：本年财政拨款", 15, 15, 15, "-", "-", "-"),
               carryover=("上年结转资金", None, None, None, "-", "-", "-"), other=("其他资金", None, None, None, "-", "-", "-")),
    goal=("按照医保局政策制度要求，协调、督促乡镇、街道按时完成参保年度医保筹资工作任务；加强医保中心基金管理，实行专款专用，专户管理，封闭运行；联合公安部门，加大打击、查处各种涉嫌造假骗保行为，保障参保患者权益。",
          "积极协调、督促乡镇、街道按时完成参保年度医保筹资工作任务；加强对医保中心基金管理，实行专款专用，专户管理，封闭运行；积极联合公安部门，加大打击、查处各种涉嫌造假骗保行为，保障参保患者权益。"),
    groups=[
        ("产出指标\n（50分）", [
            ("数量指标", "指标1：协调、督促乡镇、街道按时完成参保年度医保筹资工作任务，保证全覆盖参保", "100%", "100%", 20, 20),
            ("质量指标", "指标1：实行专款专用，专户管理，封闭运行，安排专人管理", "1人", "1人", 10, 10),
            ("时效指标", "指标1：加大打击、查处各种涉嫌造假骗保行为，每月至少开展一次", "12次", "12次", 10, 10),
            ("成本指标", "指标1：审查检查相关费用", "15万元", "15万元", "10", 10),  # 分值 typed as text
        ]),
        ("效益指标\n（30分）", [
            ("经济效益指标", "指标1：保障医保基金稳健运行", "稳健运行", "稳健运行", 15, 15),
            ("社会效益指标", "指标1：推进城镇职工医疗保险、城乡居民医疗保险工作有序开展", "全面推进", "全面推进", 5, 5),
            ("生态效益指标", "指标1：集中检查、统一调度对环境有一定的积极作用", "一定的积极作用", "一定的积极作用", 5, 5),
            ("可持续影响指标", "指标1：通过开展多项活动，切实打击、查处各种涉嫌造假骗保行为，营造良好的社会氛围", "对社会有积极的作用", "对社会有积极的作用", 5, 5),
        ]),
        ("满意度指标\n（10分）", [
            ("服务对象满意度指标", "指标1：在为民服务方面，群众满意度高达95%", ">95%", ">95%", 10, 10),
        ]),
    ],
    total=(100, 100),
)

T2 = dict(  # seed 001, table 2 - correct throughout
    name="三医建设业务经费", dept="明光市医疗保险局", unit="明光市医疗保险局",
    funds=dict(total=(24, 24, 24, 10, "100%", 10), current=("其中: 本年财政拨款", 10, 10, 10, "-", None, "-"),
               carryover=("上年结转资金", None, None, None, "-", None, "-"), other=("其他资金", 14, 14, 14, "-", None, "-")),
    goal=("让医保政策惠及每个参保人，使我市城镇职工医疗保险、城镇居民医疗保险工作的有序开展得到强有力的保障。",
          "通过拨付三医建设业务费用，充分调动三医的积极性，保证全民参保，让医保政策惠及每个参保人，使我市城镇职工医疗保险、城镇居民医疗保险工作的有序开展得到强有力的保障。"),
    groups=[
        ("产出 指标 (50分)", [
            ("数量指标", "指标1: 将宣传医疗保险的责任在乡镇、村落实到个人, 保障全民参保。", "100%", "100%", 20, 20),
            ("数量指标", "指标1: 乡镇、街道至少安排3人负责医保政策的宣传和答疑解惑", "3人", "3人", 10, 10),
            ("时效指标", "指标1: 建立月底调度协调机制, 督促乡镇、街道按时去完成全年度医保等各项工作任务。", "12次", "12次", 10, 10),
            ("成本指标", "指标1: 三医业务开展相关人力成本", "每人每月100元", "每人每月100元", 10, 10),
        ]),
        ("效益 指标 (30分)", [
            ("经济效益指标", "指标1: 有效缓解群众看病就医的经济负担", "有效缓解", "有效缓解", 15, 15),
            ("社会效益指标", "指标1: 让医保政策惠及每个参保人, 使我市城镇职工医疗保险、城镇居民医疗保险工作的有序开展得到强有力的保障", "让医保政策惠及每个参保人", "让医保政策惠及每个参保人", 5, 5),
            ("生态效益指标", "指标1: 三医业务使得群众在家门可以办籍参保和报销等业务, 对环境有一定的积极影响", "一定的积极影响", "一定的积极影响", 5, 5),
            ("可持续影响指标", "指标1: 通过开展三医建设业务, 让参保群众实现医保业务家门可办, 营造良好的社会氛围", "对社会有积极的作用", "对社会有积极的作用", 5, 5),
        ]),
        ("满意度 指标 (10分)", [
            ("服务对象 满意度指标", "指标1: 在为民服务方面, 群众满意度高达95%", ">95%", ">95%", 10, 10),
        ]),
    ],
    total=(100, 100),
)

# Seed 001's 8th project, named in the narrative only ("病历评审费用项目": 全年预算数 6 万元,
# 执行数 6 万元, 自评得分 100). Indicators invented in the seed's style, correct throughout,
# with operators and units; the derived cells are formulas with cached values.
T8 = dict(
    name="病历评审费用项目", dept="明光市医疗保障局", unit="明光市医疗保障局",
    funds=dict(total=(6, 6, 6, 10, None, None), current=("其中：当年财政拨款", 6, 6, 6, "-", "-", "-"),
               carryover=("上年结转资金", None, None, None, "-", "-", "-"), other=("其他资金", None, None, None, "-", "-", "-")),
    goal=("提高我市定点医疗机构住院病历质量，规范临床诊疗和合理收费，保障患者的合法权益和就医安全，确保基金合理化支出。",
          "全年完成定点医疗机构住院病历评审，规范了临床诊疗和收费行为，追回违规使用的医保基金。"),
    groups=[
        ("产出指标（50分）", [
            ("数量指标", "指标1：评审定点医疗机构住院病历份数", "不少于1200份", "1260份", 20, 20),
            ("质量指标", "指标2：病历评审覆盖定点医疗机构比例", "≥90%", "95%", 10, 10),
            ("时效指标", "指标3：评审结果反馈时间", "控制在3个工作日以内", "3个工作日", 10, 10),
            ("成本指标", "指标4：病历评审费用支出", "≤6万元", "6万元", 10, 10),
        ]),
        ("效益指标（30分）", [
            ("经济效益指标", "指标1：追回违规使用医保基金", "≥20万元", "23.5万元", 10, 10),
            ("社会效益指标", "指标2：定点医疗机构诊疗行为", "规范", "规范", 10, 10),
            ("可持续影响指标", "指标3：病历评审长效机制", "建立", "建立", 10, 10),
        ]),
        ("满意度指标（10分）", [
            ("服务对象满意度指标", "指标1：定点医疗机构满意度", "≥90%", "93%", 10, 10),
        ]),
    ],
    total=(100, 100),
)

METHOD_Q = "完成值达到指标值，记满分；未达到指标值，按B/A或A/B*该指标分值记分。"
METHOD_QL = ("1.若为定性指标，则按照“三档”原则分别按照指标分值的100-80%（含80%）、80-60%（含60%）、60-0%来记分。\n"
             "2.若为定量指标，完成值达到指标值，记满分；未达到指标值，按B/A或A/B*该指标分值记分。")
METHOD_QL50 = ("1.若为定性指标，则按照“三档”原则分别按照指标分值的100-90%（含90%）、80-50%（含50%）、50-0%来记分。\n"
               "2.若为定量指标，完成值达到指标值，记满分，未达则按实际/计划值*100%记分。")

# Seed 001, table 3 (医保信息化建设), layout B. Errors kept: funds 得分 "100%" (10 due);
# 一级 "数量指标(80分)" over rows worth 50; 成本指标 96%/97% scored 9.6; 满意度 96/96 scored
# 9.6 (10 due); total 99.6. 实施单位 left blank.
T3 = dict(
    name="医保信息化建设", dept="区医保局", unit="",
    funds=dict(total=(80, 80, 10, "100%"), current=("其中:财政拨款", 80, 80), other=("其他资金", 0, 0)),
    goal=("目标:加强对医疗机构的监督管理,严格控制医药费用不合理增长,保障基金补偿规范运行,联合公安部门,加大打击、查处各种涉嫌骗保行为,保障参保患者权益。",
          "目标1完成情况:加强对医疗机构的监督管理,严格控制医药费用不合理增长,保障基金补偿规范运行;联合公安部门,加大打击、查处各种涉嫌骗保行为,保障参保患者权益。\n目标2完成情况:\n目标3完成情况:"),
)

# Seed 001, table 4 (市外医疗保障专项经费), layout C with a block label left of the 一级
# column. Errors kept: rows with a 分值 and no values; 30 in a row worth 10; 4.9 and 9.5
# where 5 and 10 are due; total 99.4. The seed's funds line reads "10 10 10 100% _ 10"
# under five headers: read as 年初预算数, 全年执行数, 分值, 执行率, 得分 (the 执行率 header
# was lost in extraction).
T4_ROWS = [
    ("产出指标", "数量指标", "市外医疗保障专项经费", 10, "100%", "100%", METHOD_Q, 10, None),
    (None, None, "市外医保保障了各项医保基金", 20, "达成预期指标", "达成预期指标", None, 20, None),
    (None, "时效指标", "是否有任何的医保基金提取", 10, "98%", "98%", METHOD_QL50, 10, None),
    (None, None, "市外医保费用成本每支出表", 10, None, None, None, None, None),
    ("效益指标", "经济效益指标", "医保基金医疗赔付55万元", 10, None, None, None, None, None),
    (None, None, "严厉打击医保违规行为及损失", 10, "99%", "99%", METHOD_QL50, 30, None),
    (None, "社会效益指标", "1. 新增退休人员进入医保小", 5, "98%", "98%", None, 4.9, None),
    (None, None, "在为民服务方面, 群众满意度", 5, None, None, None, None, None),
    ("满意度指标", "服务对象满意度指标", "提高参保群众满意度", 10, "95%", "95%", None, 9.5, "在参保外溢等方面存在地方"),
]

# Seed 001, table 5 (业务处室管理工作经费), layout C. Errors kept: 10 scored in a row worth
# 30 (both 95%); leftover rows (质量指标, 成本指标, 经济效益指标 with no 三级 and no values);
# 生态效益指标 row with a 分值 and no values; 满意度 95%/95% scored 9.5; total 99.5.
T5_ROWS = [
    ("产出指标(50分)", "数量指标", "每年拨付入册材料档案的720", 30, "95%", "95%", METHOD_Q, 10, None),
    (None, "质量指标", "", None, None, None, None, None, None),
    (None, "时效指标", "报缴材料录入医保中心即开始", 20, "98%", "98%", METHOD_QL, 20, None),
    (None, "成本指标", "", None, None, None, None, None, None),
    ".....",
    ("效果指标(30分)", "经济效益指标", "", None, None, None, None, None, None),
    (None, "社会效益指标", "业务处室作为各参保单位经办机构", 10, "97%", "97%", METHOD_QL, 10, None),
    (None, "生态效益指标", "业务处室的可持续发展理念", 10, None, None, None, None, None),
    (None, "可持续发展指标", "在为民服务方面, 群众满意度", 10, "100%", "100%", None, 10, None),
    ".....",
    ("满意度指标(10分)", "服务对象满意度指标", "报缴参保主体满意度", 10, "95%", "95%", "同效益指标得分计算方法。", 9.5, "不断提升参保工作满意度"),
    ".....",
]

# Seed 001, table 6 (医保医疗救助项目资金支出), layout C. Errors kept: 30 in a row worth 10;
# 满意度 100%/100% scored 9.5. The 单位自评总分 is a =SUM formula (openpyxl: no cached value).
T6_ROWS = [
    ("产出指标", "数量指标", "对医保支付住院病人、慢性", 10, "2000", "2000", METHOD_Q, 10, None),
    (None, None, "有效金额除了医保基金的安", 10, "达成预期指标95%", "达成预期指标95%", METHOD_QL, 10, None),
    (None, "时效指标", "不可执行的挂账清单及时到账", 30, "达成预期指标95%", "达成预期指标95%", None, 30, None),
    ".....",
    ("效益指标", "经济效益指标", "减少医保医疗保险保费收入", 10, "99%", "99%", METHOD_QL, 10, None),
    (None, None, "医疗机构医疗行为进一步规范", 10, "100%", "100%", None, 30, None),
    (None, "生态效益指标", "1.积极组织人员进入医保小", 5, "100%", "100%", None, 5, None),
    (None, None, "在为居民服务方面,群众满意", 5, "100%", "100%", None, 5, None),
    (None, "可持续发展指标", "", None, None, None, None, None, None),
    ("满意度指标 (10分)", "服务对象满意度指标", "提高参保群众满意度", 10, "100%", "100%", "同效益指标得分计算方式。", 9.5, "不断提升医保工作满意度"),
]

# Seed 001, table 7 (定向不达标人工工资; the seed's garbled name is kept), legacy .xls,
# 一级 written only on the first row of each group. Error kept: 满意度 95%/95% scored 9.5.
T7_ROWS = [
    ("产出指标", "数量指标", "纸质文件会议记录相符", 10, "达成预期指标", "达成预期指标", METHOD_Q, 10, None),
    ("", "质量指标", "绩效目标完成工作任务", 15, "达成预期指标", "达成预期指标", METHOD_QL, 15, None),
    ("", "时效指标", "不可裁员的申报截止最早日", 10, ">95", ">95", None, 10, None),
    ("", "成本指标", "聘用人工与事工工资及各项费", 15, ">80", ">80", None, 15, None),
    ("效益指标", "社会效益指标", "参保人人享有基本医疗保险", 10, "99%", "99%", METHOD_QL, 10, None),
    ("", "社会效益指标", "1.参保组织人员编入包保小", 10, "95%", "95%", None, 10, None),
    ("", "可持续影响指标", "在为民服务方面,群众满意", 10, "100%", "100%", None, 10, None),
    ("满意度指标", "服务对象满意度", "服务对象满意度", 10, "95%", "95%", "可按照指标得分计算方式。", 9.5, "不断提升医保工作满意度"),
]


# =========================================================================== layout A


def layout_a(rec: Recorder, sheet_name: str, top: int, t: dict, merge_level1: bool, formulas: bool = False) -> tuple[dict, int]:
    """The national standard form (财预〔2020〕10号), nine columns A..I."""
    r = top
    rec.put(r, 1, "项目支出绩效自评表", (r, 9), bold=True, font_size=16, align="center")
    rec.put(r + 1, 1, "（2021年度）", (r + 1, 9), align="center")
    rec.put(r + 2, 1, "项目名称", (r + 2, 2))
    rec.put(r + 2, 3, t["name"], (r + 2, 9))
    rec.put(r + 3, 1, "主管部门", (r + 3, 2))
    rec.put(r + 3, 3, t["dept"], (r + 3, 5))
    rec.put(r + 3, 6, "实施单位", (r + 3, 7))
    rec.put(r + 3, 8, t["unit"], (r + 3, 9))
    project = {"name": field_cell(r + 2, 3, t["name"]), "department": field_cell(r + 3, 3, t["dept"]),
               "unit": field_cell(r + 3, 8, t["unit"])}
    fr = r + 4  # funds header
    rec.put(fr, 1, "项目资金\n（万元）", (fr + 4, 1))
    rec.put(fr, 2, None, (fr, 3))
    for i, head in enumerate(["年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分"]):
        rec.put(fr, 4 + i, head)
    roles = ("initial_budget", "annual_budget", "executed", "weight", "rate", "score")
    funds = {}
    total = t["funds"]["total"]
    rec.put(fr + 1, 2, "年度资金总额：", (fr + 1, 3))
    row = {}
    for i, v in enumerate(total):
        if formulas and roles[i] == "rate":
            row["rate"] = rec.formula(fr + 1, 8, f"=F{fr + 1}/E{fr + 1}", 1, num_format="0%")
        elif formulas and roles[i] == "score":
            row["score"] = rec.formula(fr + 1, 9, f"=MIN(H{fr + 1},1)*G{fr + 1}", 10)
        else:
            row[roles[i]] = put_value(rec, fr + 1, 4 + i, v)
    funds["total"] = funds_row(**row)
    for k, kind in enumerate(("current", "carryover", "other")):
        label, *vals = t["funds"][kind]
        rec.put(fr + 2 + k, 2, label, (fr + 2 + k, 3))
        funds[kind] = funds_row(**{roles[i]: put_value(rec, fr + 2 + k, 4 + i, v) for i, v in enumerate(vals)})
    gr = fr + 5
    rec.put(gr, 1, "年度总体目标", (gr + 1, 1))
    rec.put(gr, 2, "预期目标", (gr, 5))
    rec.put(gr, 6, "实际完成情况", (gr, 9))
    rec.put(gr + 1, 2, t["goal"][0], (gr + 1, 5))
    rec.put(gr + 1, 6, t["goal"][1], (gr + 1, 9))
    rec.sheet.height(gr + 1, 80)
    hr = gr + 2
    n_rows = sum(len(g[1]) for g in t["groups"])
    rec.put(hr, 1, "年度绩效指标完成情况", (hr + n_rows, 1))
    for i, head in enumerate(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]):
        rec.put(hr, 2 + i, head)
    indicators = []
    row_no = hr + 1
    for label, rows in t["groups"]:
        name, weight = level1_of(label)
        if merge_level1:
            rec.put(row_no, 2, label, (row_no + len(rows) - 1, 2))
        for level2, level3, target, actual, w, score in rows:
            if not merge_level1:
                rec.put(row_no, 2, label)
            rec.put(row_no, 3, level2)
            rec.put(row_no, 4, level3)
            indicators.append({
                "row": row_no, "level1": name, "level1_weight": weight, "level2": squash(level2), "name": squash(level3),
                "target": rec.put(row_no, 5, target), "actual": rec.put(row_no, 6, actual),
                "weight": rec.put(row_no, 7, w), "score": rec.put(row_no, 8, score), "explanation": rec.put(row_no, 9, None),
            })
            row_no += 1
    tr = row_no
    rec.put(tr, 1, "总分", (tr, 6))
    if formulas:
        total_cells = {"weight": rec.formula(tr, 7, f"=G{fr + 1}+SUM(G{hr + 1}:G{tr - 1})", t["total"][0]),
                       "score": rec.formula(tr, 8, f"=I{fr + 1}+SUM(H{hr + 1}:H{tr - 1})", t["total"][1])}
    else:
        total_cells = {"weight": rec.put(tr, 7, t["total"][0]), "score": rec.put(tr, 8, t["total"][1])}
    rec.put(tr, 9, None)
    table = {"sheet": sheet_name, "year": 2021, "project": project, "funds": funds, "indicators": indicators, "total": total_cells}
    return table, tr


def level1_of(label: str) -> tuple[str, float | None]:
    s = squash(label)
    if s.endswith("分)") and "(" in s:
        head, _, w = s.rpartition("(")
        return head, float(w[:-2])
    return s, None


# =========================================================================== layout B


def layout_b(rec: Recorder, sheet_name: str) -> dict:
    """Seed 001 table 3: title, then the 填报单位 header line; funds without 全年预算数 and
    执行率; 分值 before the targets; 得分计算方法; 单位自评总分 with the total in the last column."""
    t = T3
    rec.put(1, 1, "2021年度项目支出绩效自评表", (1, 9), bold=True, font_size=16, align="center")
    rec.put(2, 1, "填报单位（盖章）：", (2, 2))
    rec.put(2, 3, "单位负责人签字：", (2, 4))
    rec.put(2, 5, "填报时间：", (2, 6))
    rec.put(3, 1, "项目名称", (3, 2))
    rec.put(3, 3, t["name"], (3, 9))
    rec.put(4, 1, "主管部门", (4, 2))
    rec.put(4, 3, t["dept"], (4, 5))
    rec.put(4, 6, "实施\u3000单位", (4, 7))  # an ideographic space inside the label
    rec.put(4, 8, None, (4, 9))
    project = {"name": field_cell(3, 3, t["name"]), "department": field_cell(4, 3, t["dept"]), "unit": None}
    rec.put(5, 1, "项目资金(万元)", (5, 2))
    for i, head in enumerate(["年初预算数(A)", "全年执行数(B)", "分值(10分)", "得分"]):
        rec.put(5, 3 + i, head)
    rec.put(5, 7, None, (5, 9))
    a, b, w, s = t["funds"]["total"]
    rec.put(6, 1, "年度资金总额:", (6, 2))
    funds = {"total": funds_row(initial_budget=rec.put(6, 3, a), executed=rec.put(6, 4, b), weight=rec.put(6, 5, w), score=rec.put(6, 6, s))}
    for r, kind in ((7, "current"), (8, "other")):
        label, a, b = t["funds"][kind]
        rec.put(r, 1, label, (r, 2))
        funds[kind] = funds_row(initial_budget=rec.put(r, 3, a), executed=rec.put(r, 4, b))
    funds["carryover"] = None
    rec.put(9, 1, "年初设定目标", (9, 3))
    rec.put(9, 4, "年度总体目标完成情况综述", (9, 9))
    rec.put(10, 1, t["goal"][0], (10, 3))
    rec.put(10, 4, t["goal"][1], (10, 9))
    rec.sheet.height(10, 90)
    heads = ["一级\u3000指标", "二级指标", "三级指标", "分值", "年度指标\n(A)", "全年实际值（B）", "得分计算方法", "得分", "未完成原因分析"]
    for i, head in enumerate(heads):
        rec.put(11, 1 + i, head)
    ind = []

    def row(r, level1, w1, level2, name, weight, target, actual, method, score, reason, method_end=None):
        rec.put(r, 2, level2)
        rec.put(r, 3, name)
        if method is not None:
            rec.put(r, 7, method, method_end)
        ind.append({"row": r, "level1": level1, "level1_weight": w1, "level2": squash(level2), "name": squash(name),
                    "target": put_value(rec, r, 5, target), "actual": put_value(rec, r, 6, actual),
                    "weight": rec.put(r, 4, weight), "score": rec.put(r, 8, score), "explanation": rec.put(r, 9, reason)})

    rec.put(12, 1, "数量指标(80分)", (15, 1))
    row(12, "数量指标", 80.0, "数量指标", "单位各项开支都控制在预算内", 10, pct(0.96), pct(0.96), METHOD_Q, 10, None)
    row(13, "数量指标", 80.0, "质量指标", "医保基金征缴工作任务", 10, "达成预期指标", "达成预期指标", None, 10, None)
    row(14, "数量指标", 80.0, "时效指标", "尽可能早的让参保患者早", 20, "99%", "99%", METHOD_QL, 20, None, method_end=(15, 7))
    row(15, "数量指标", 80.0, "成本指标", "人员相关支出占预算数", 10, "96%", "97%", None, 9.6, None)
    # row 16: an empty line left from the template (nothing written)
    rec.put(17, 1, "社会效益指标(30分)", (20, 1))
    rec.put(17, 2, "社会效益指标")
    rec.put(17, 3, "城乡居民医疗保障覆盖率")  # a leftover: a 三级 name, no 分值, no values
    ind.append({"row": 17, "level1": "社会效益指标", "level1_weight": 30.0, "level2": "社会效益指标", "name": "城乡居民医疗保障覆盖率",
                "target": None, "actual": None, "weight": None, "score": None, "explanation": None})
    row(18, "社会效益指标", 30.0, "社会效益指标", "加强对医疗机构的监督管理,严格控制医药费用不合理增长,保障基金补偿规范运行,联合公安部门", 10, pct(0.96), pct(0.96), METHOD_QL, 10, None)
    row(19, "社会效益指标", 30.0, "社会效益指标", "1. 积极组织人员进入医保", 15, "100%", "100%", None, 15, None)
    row(20, "社会效益指标", 30.0, "社会效益指标", "在为民服务方面,群众满", 5, "100%", "100%", None, 5, None)
    rec.put(21, 1, ".....")
    rec.put(22, 1, "满意度指标(10分)")
    row(22, "满意度指标", 10.0, "服务对象满意度指标", "不断提高医保工作满意度", 10, 96, 96, "同效益指标得分计算方式。", 9.6,
        "重点保障住院和门诊大病医疗风险,有助于解决他们的大病医疗费用问题,减轻群众“因病致贫、因病致困”的现象。")
    rec.put(23, 1, ".....")
    rec.put(24, 1, "单位自评总分", (24, 3))
    total_score = rec.put(24, 9, 99.6)  # as in the seed: in the last column, not under 得分
    return {"sheet": sheet_name, "year": 2021, "project": project, "funds": funds, "indicators": ind,
            "total": {"weight": None, "score": total_score}}


# =========================================================================== layout C


def layout_c(rec: Recorder, sheet_name: str, t: dict, rows: list, block_label: str | None,
             unit_row: bool, total, total_formula: bool = False) -> dict:
    """Seed 001 tables 4-7: title, 填报单位 line, funds with 执行率 and 得分计算方法, the
    indicator block with 分值 before the targets. ``block_label`` is a label merged down a
    column left of 一级指标 (None: the block starts in column A)."""
    off = 1 if block_label is not None else 0
    last = 9 + off
    rec.put(1, 1, "2021年度项目支出绩效自评表", (1, last), bold=True, font_size=16, align="center")
    rec.put(2, 1, "填报单位(盖章):", (2, 2))
    rec.put(2, 3, "单位负责人签字:", (2, 4))
    rec.put(2, 5, "填报时间:", (2, 6))
    rec.put(3, 1, "项目名称", (3, 2))
    rec.put(3, 3, t["name"], (3, last))
    rec.put(4, 1, "主管部门", (4, 2))
    rec.put(4, 3, t["dept"], (4, 5))
    if unit_row:  # table 4: the unit on a row of its own, labelled 填报单位
        rec.put(5, 1, "填报单位", (5, 2))
        rec.put(5, 3, t["unit"], (5, 5))
        unit = field_cell(5, 3, t["unit"])
        fr = 6
    else:
        rec.put(4, 6, "实施单位", (4, 7))
        rec.put(4, 8, t["unit"], (4, last))
        unit = field_cell(4, 8, t["unit"])
        fr = 5
    project = {"name": field_cell(3, 3, t["name"]), "department": field_cell(4, 3, t["dept"]), "unit": unit}
    rec.put(fr, 1, "项目资金 (万元)", (fr + 3, 1))
    rec.put(fr, 2, None)
    w_head = t.get("weight_head", "分值(10分)")
    for i, head in enumerate(["年初预算数(A)", "全年执行数(B)", w_head, "执行率(B/A)", "得分", "得分计算方法"]):
        rec.put(fr, 3 + i, head)
    a, b, w, rate, s = t["funds"]
    rec.put(fr + 1, 2, "年度资金总额:")
    funds = {"total": funds_row(initial_budget=rec.put(fr + 1, 3, a), executed=rec.put(fr + 1, 4, b), weight=rec.put(fr + 1, 5, w),
                                rate=rec.put(fr + 1, 6, rate), score=rec.put(fr + 1, 7, s))}
    rec.put(fr + 1, 8, "执行率×该指标分值，最高不得超出分值上限。", (fr + 3, 8))
    rec.put(fr + 2, 2, "其中:财政拨款")
    funds["current"] = funds_row(initial_budget=rec.put(fr + 2, 3, a), executed=rec.put(fr + 2, 4, b))
    rec.put(fr + 3, 2, "其他资金")
    funds["other"] = funds_row(initial_budget=rec.put(fr + 3, 3, 0), executed=rec.put(fr + 3, 4, 0))
    funds["carryover"] = None
    gr = fr + 4
    rec.put(gr, 1, "项目年度目标", (gr + 1, 1))
    rec.put(gr, 2, "年初设定目标", (gr, 5))
    rec.put(gr, 6, "年度总体目标完成情况综述", (gr, last))
    rec.put(gr + 1, 2, t["goal"][0], (gr + 1, 5))
    rec.put(gr + 1, 6, t["goal"][1], (gr + 1, last))
    rec.sheet.height(gr + 1, 60)
    hr = gr + 2
    if block_label is not None:
        rec.put(hr, 1, block_label, (hr + len(rows), 1))
    c = 1 + off  # the 一级 column
    for i, head in enumerate(["一级指标", "二级指标", "三级指标", "分值", "年度指标值(A)", "全年实际值(B)", "得分计算方法", "得分", "未完成原因分析"]):
        rec.put(hr, c + i, head)
    ind = []
    level1 = (None, None)
    level2 = ""
    r = hr + 1
    # 一级 labels are merged down their group where the group's rows follow one another.
    group_starts = [i for i, x in enumerate(rows) if x != "....." and x[0]]
    for i, x in enumerate(rows):
        if x == ".....":
            rec.put(r, c, ".....")
            r += 1
            continue
        l1, l2, name, weight, target, actual, method, score, reason = x
        if l1:
            level1 = level1_of(l1)
            level2 = ""
            if t.get("merge_level1", True):
                nxt = next((g for g in group_starts if g > i), len(rows))
                end = hr + 1 + nxt - 1
                while rows[end - hr - 1] == ".....":  # the group's merge stops before a placeholder line
                    end -= 1
                rec.put(r, c, l1, (end, c))
            else:
                rec.put(r, c, l1)
        if l2:
            level2 = squash(l2)
            rec.put(r, c + 1, l2)
        rec.put(r, c + 2, name or None)
        if method:
            rec.put(r, c + 6, method)
        ind.append({"row": r, "level1": level1[0], "level1_weight": level1[1], "level2": level2, "name": squash(name or ""),
                    "target": rec.put(r, c + 4, target), "actual": rec.put(r, c + 5, actual), "weight": rec.put(r, c + 3, weight),
                    "score": rec.put(r, c + 7, score), "explanation": rec.put(r, c + 8, reason)})
        r += 1
    rec.put(r, 1, "单位自评总分", (r, c + 2))
    if total_formula:
        score_col = col_letter(c + 7)
        f = f"=G{fr + 1}+SUM({score_col}{hr + 1}:{score_col}{r - 1})"
        total_cell = rec.formula(r, c + 7, f, None, has_cache=False)
    else:
        total_cell = rec.put(r, c + 7, total)
    return {"sheet": sheet_name, "year": 2021, "project": project, "funds": funds, "indicators": ind,
            "total": {"weight": None, "score": total_cell}}


# =========================================================================== workbooks


def new_xlsxwriter(path: Path):
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"title": path.stem, "author": "evalxl samples", "created": FIXED_DATE})
    return book


def build_minguang(path: Path) -> dict:
    """File 1: two layout-A tables in one sheet, then a 说明 sheet and a blank sheet."""
    book = new_xlsxwriter(path)
    ws = book.add_worksheet("项目自评表")
    sheet = XlsxWriterSheet(book, ws)
    sheet.widths([8, 10, 10, 30, 12, 12, 8, 10, 16])
    rec = Recorder(sheet)
    t1, end = layout_a(rec, "项目自评表", 1, T1, merge_level1=True)
    t2, _ = layout_a(rec, "项目自评表", end + 4, T2, merge_level1=False)
    notes = book.add_worksheet("说明")
    notes.write("A1", "填表说明：")
    notes.write("A2", "1. 本表由项目实施单位填写，主管部门审核。")
    notes.write("A3", "2. 金额单位：万元。")
    book.add_worksheet("Sheet3")
    book.close()
    return {"format": "xlsx", "sheets": [{"name": "项目自评表", "tables": 2}, {"name": "说明", "tables": 0}, {"name": "Sheet3", "tables": 0}],
            "tables": [t1, t2]}


def build_xinxihua(path: Path) -> dict:
    """File 2: seed 001 table 3, layout B."""
    book = new_xlsxwriter(path)
    ws = book.add_worksheet("2021年自评表")
    sheet = XlsxWriterSheet(book, ws)
    sheet.widths([12, 12, 26, 7, 10, 10, 30, 8, 24])
    t = layout_b(Recorder(sheet), "2021年自评表")
    book.close()
    return {"format": "xlsx", "sheets": [{"name": "2021年自评表", "tables": 1}], "tables": [t]}


T4 = dict(name="市外医疗保障专项经费", dept="医保局", unit="医保中心", funds=(10, 10, 10, "100%", 10), weight_head="分值(C/D)",
          goal=("目标1: 严控医保骗保行为, 维护基金安全。\n目标2:\n目标3:", "目标1完成情况: 严控医保骗保行为, 维护基金安全。\n目标2完成情况:\n目标3完成情况:"))
T5 = dict(name="业务处室管理工作经费", dept="区医保局", unit="医保中心", funds=(7, 7, 10, "100%", 10),
          goal=("目标1: 此项业务经费的拨付, 有利于业务处室管理工作有序开展, 积极推动医保管理规范化、信息化, 充分发挥业务处室服务群众的功效。",
                "目标1完成情况: 此项业务经费的拨付, 有利于业务处室管理工作有序开展, 积极推动医保管理规范化、信息化, 充分发挥业务处室服务群众的功效。"))
T6 = dict(name="医保医疗救助项目资金支出", dept="医保局", unit="医保中心", funds=(30, 30, 10, "100%", 10),
          goal=("目标1:加强组织领导,强化法制意识,打击欺诈骗保,维护基金安全。", "目标1完成情况:加强组织领导,强化法制意识,打击欺诈骗保,维护基金安全。"))
T7 = dict(name="定向不达标人工工资", dept="医保局", unit="实施中心", funds=(27, 27, 10, "100%", 10), merge_level1=False,
          goal=("目标1:保障定向不达标人工工资待遇,实现同工同酬", "目标1完成情况:保障定向不达标人工工资待遇,实现同工同酬"))


def build_yibao_zhongxin(path: Path) -> dict:
    """File 3 (openpyxl, so its formula has no cached value): one project per sheet."""
    import openpyxl

    book = openpyxl.Workbook()
    book.properties.created = book.properties.modified = FIXED_DATE
    book.properties.creator = "evalxl samples"
    first = book.active
    first.title = "填报说明"
    first["A1"] = "本工作簿每个工作表填报一个项目。"
    first["A2"] = "金额单位：万元；得分保留两位小数。"
    tables = []
    for name, t, rows, label, unit_row, total, formula in (
        ("市外医疗", T4, T4_ROWS, "项目支出 绩效 指标 (50分)", True, 99.4, False),
        ("业务处室", T5, T5_ROWS, "绩效指标", False, 99.5, False),
        ("医疗救助", T6, T6_ROWS, "绩效指标 (30分)", False, None, True),
    ):
        ws = book.create_sheet(name)
        sheet = OpenpyxlSheet(ws)
        sheet.widths([8, 12, 12, 26, 7, 12, 12, 28, 8, 20])
        tables.append(layout_c(Recorder(sheet), name, t, rows, label, unit_row, total, total_formula=formula))
    book.save(path)
    return {"format": "xlsx", "sheets": [{"name": "填报说明", "tables": 0}] + [{"name": n, "tables": 1} for n in ("市外医疗", "业务处室", "医疗救助")],
            "tables": tables}


def build_xls(path: Path) -> dict:
    """File 4: seed 001 table 7 as a legacy .xls (xlwt)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("定向不达标人工工资")
    sheet = XlwtSheet(ws)
    sheet.widths([12, 12, 26, 7, 12, 12, 28, 8, 20])
    t = layout_c(Recorder(sheet), "定向不达标人工工资", T7, T7_ROWS, None, False, 99.5)
    book.save(str(path))
    return {"format": "xls", "sheets": [{"name": "定向不达标人工工资", "tables": 1}], "tables": [t]}


def build_binglipingshen(path: Path) -> dict:
    """File 5: layout A with formulas that carry cached values; correct throughout."""
    book = new_xlsxwriter(path)
    ws = book.add_worksheet("病历评审")
    sheet = XlsxWriterSheet(book, ws)
    sheet.widths([8, 10, 10, 30, 14, 12, 8, 10, 16])
    t, _ = layout_a(Recorder(sheet), "病历评审", 1, T8, merge_level1=True, formulas=True)
    book.close()
    return {"format": "xlsx", "sheets": [{"name": "病历评审", "tables": 1}], "tables": [t]}


# =========================================================================== seed 003

SEED3_ROWS = [  # (一级, 二级, 三级, 指标分类, 年初目标值（A）, 实际完成值（B）) as in seed 003
    ("运行成本", "公用经费控制", "公用经费控制率", "100%", "100%"),
    ("运行成本", "在职人员控制", "在职人员控制率", "100%", "100%"),
    ("运行成本", "项目支出成本控制", "会议费控制率", "100%", "100%"),
    ("运行成本", "项目支出成本控制", "“三公经费”变动率", "0%", "-54%"),
    ("管理效率", "战略管理", "中长期规划相符性", "相符", "相符"),
    ("管理效率", "战略管理", "工作计划健全性", "健全", "健全"),
    ("管理效率", "预算编制", "预算编制科学性", "科学", "较科学"),
    ("管理效率", "预算编制", "预算编制合理性", "合理", "较合理"),
    ("管理效率", "预算编制", "立项规范性", "规范", "规范"),
    ("管理效率", "预算编制", "预算调整率", "≦10%", "≦10%"),
    ("管理效率", "预算执行", "预算执行率", "100%", "97%"),
    ("管理效率", "预算执行", "结转结余率", "≦5%", "≦5%"),
    ("管理效率", "预算执行", "政府采购执行率", "100%", "100%"),
    ("管理效率", "预算执行", "非税收入预算完成率", "不涉及", "不涉及"),
    ("管理效率", "绩效管理", "事前绩效评估完成率", "100%", "100%"),
    ("管理效率", "绩效管理", "绩效目标合理性", "合理", "较合理"),
    ("管理效率", "绩效管理", "绩效监控开展率", "100%", "100%"),
    ("管理效率", "绩效管理", "绩效评价覆盖率", "100%", "100%"),
    ("管理效率", "绩效管理", "评价结果应用率", "100%", "100%"),
    ("管理效率", "资产管理", "资产管理制度健全性", "健全", "较健全"),
    ("管理效率", "资产管理", "资产管理规范性", "规范", "较规范"),
    ("管理效率", "财务管理", "财务管理制度健全性", "健全", "较健全"),
    ("管理效率", "财务管理", "会计核算规范性", "规范", "规范"),
    ("管理效率", "财务管理", "资金使用合规性", "合规", "合规"),
    ("履职效能", "加强区局队伍建设", "加强区局队伍建设", "落实到位", "落实到位"),
    ("履职效能", "学习政策", "学习政策", "落实到位", "落实到位"),
    ("履职效能", "事业稳步发展", "事业稳步发展", "效果显著", "效果显著"),
    ("履职效能", "扎实做好工作", "工作完成率", "100%", "100%"),
    ("社会效益", "社会效益", "政策知晓率", "≧90%", "≧90%"),
    ("社会效益", "社会效益", "保障社会和谐稳定", "效果显著", "效果显著"),
    ("可持续发展能力", "体制机制改革", "服务体制改革成效", "效果显著", "效果显著"),
    ("可持续发展能力", "体制机制改革", "行政管理体制改革成效", "效果显著", "效果显著"),
    ("可持续发展能力", "人才支撑", "业务学习与培训完成率", "100%", "100%"),
    ("可持续发展能力", "人才支撑", "干部队伍体系建设规划情况", "不涉及", "不涉及"),
    ("可持续发展能力", "人才支撑", "高学历、高层次人才储备率", "不涉及", "不涉及"),
    ("可持续发展能力", "科技支撑", "信息化建设情况", "不涉及", "不涉及"),
    ("满意度", "服务对象满意度", "服务对象满意度", "≧90%", "≧90%"),
]

SEED3_GOAL = ("一是2023年印发政策宣传资料25000份、基本医保政策、打击欺诈骗保宣传袋8500个，统一制作“医保明白人”志愿者服务服430件，"
              "重点向辖区中小学生发放“致学生家长的一封信”20000份。在全区各方努力下，2023年我区共完成医保参保缴费135464人，其中城乡居民参保122489人，职工参保12975人。\n"
              "二是2023年我区为1049人落实门诊慢特病待遇，为7341人落实“两病”待遇；完成依申请救助94人，救助金额64.4万元；资助参保10849人，资助金额218万余元。\n"
              "三是本年度向乡村振兴、民政等部门推送因病致贫、因病返贫预警名单1006人。")


def _merge_runs(rec, rows, col, index, top, width=None):
    """Merge equal consecutive labels of column ``index`` down their rows."""
    i = 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and rows[j + 1][index] == rows[i][index] and (index == 0 or rows[j + 1][0] == rows[i][0]):
            j += 1
        rec.put(top + i, col, rows[i][index], (top + j, col))
        i = j + 1


def build_seed3(path: Path) -> dict:
    """File 6: seed 003, a 部门整体绩效自评表 (no 分值/得分 columns)."""
    book = new_xlsxwriter(path)
    ws = book.add_worksheet("部门整体自评表")
    sheet = XlsxWriterSheet(book, ws)
    sheet.widths([10, 12, 16, 24, 12, 12, 12])
    rec = Recorder(sheet)
    rec.put(1, 1, "2023年度部门整体绩效自评表", (1, 7), bold=True, font_size=16, align="center")
    rec.put(2, 1, "单位名称：华容区医疗保障局        填报日期：2024年4月18日", (2, 7))
    rec.put(3, 1, "单位名称", (3, 2))
    rec.put(3, 3, "华容区医疗保障局", (3, 7))
    rec.put(4, 1, "基本支出总额（万元）", (4, 2))
    rec.put(4, 3, 132.59)
    rec.put(4, 4, "项目支出总额\n（万元）", (4, 5))
    rec.put(4, 6, 813.27, (4, 7))
    rec.put(5, 1, "年度目标", (5, 2))
    rec.put(5, 3, SEED3_GOAL, (5, 7))
    sheet.height(5, 160)
    top = 7
    rec.put(6, 1, "年度绩效指标", (top + len(SEED3_ROWS) - 1, 1))
    for i, head in enumerate(["一级\n指标", "二级指标", "三级指标", "指标分类", "年初目标值（A）", "实际完成值（B）"]):
        rec.put(6, 2 + i, head)
    _merge_runs(rec, SEED3_ROWS, 2, 0, top)
    _merge_runs(rec, SEED3_ROWS, 3, 1, top)
    for k, (l1, l2, l3, a, b) in enumerate(SEED3_ROWS):
        rec.put(top + k, 4, l3)
        rec.put(top + k, 5, "绩效基本型")
        rec.put(top + k, 6, a)
        rec.put(top + k, 7, b)
    end = top + len(SEED3_ROWS)
    rec.put(end, 1, "偏差大或\n目标未完成\n原因分析", (end, 2))
    rec.put(end, 3, None, (end, 7))
    rec.put(end + 1, 1, "改进措施及\n结果应用方案", (end + 1, 2))
    rec.put(end + 1, 3, "严格按照区财政部门的要求，根据定员定额的原则，在财政下达的控制范围内编制预算，同时，在日常财务收支中严加控制，按照预算科目对应的用途开支，确保预算按计划规范执行。", (end + 1, 7))
    book.close()
    return {"format": "xlsx", "sheets": [{"name": "部门整体自评表", "tables": 0}], "tables": []}


# =========================================================================== seed 002

SEED2_ROWS = [  # (一级, 二级, 三级, 分值, 评价标准, 指标说明, 得分) verbatim from seed 002
    ("投入\n10分", "预算配置\n10分", "在职人员控制率", 5,
     "以100%为标准。在职人员控制率≦100%，计5分；每超过一个百分点扣0.5分，扣完为止。",
     "在职人员控制率=（在职人员数/编制数）×100%，在职人员数：部门（单位）实际在职人数，以财政局确定的部门决算编制口径为准。\n编制数：机构编制部门核定批复的部门（单位）的人员编制数。", 5),
    ("投入\n10分", "预算配置\n10分", "“三公经费”变动率", 5,
     "“三公经费”变动率≦0,计8分；“三公经费”＞0，每超过一个百分点扣0.8分，扣完为止。",
     "“三公经费”变动率=[（本年度“三公经费”预算数-上年度“三公经费”预算数）/上年度“三公经费”预算数]×100%", 5),
    ("过程\n60分", "预算执行\n20分", "预算完成率", 5, "100%计满分，每低于5%扣2分，扣完为止。",
     "预算完成率=（上年结转+年初预算+本年追加预算-年末结余）/（上年结转+年初预算+本年追加预算）×100%。", 5),
    ("过程\n60分", "预算执行\n20分", "预算控制率", 5,
     "预算控制率=0，计5分；0-10%（含），计4分；10-20%（含），计3分；20-30%（含），计2分；大于30%不得分。",
     "预算控制率=（本年追加预算/年初预算）×100%。", 4),
    ("过程\n60分", "预算执行\n20分", "新建楼堂馆所面积控制率", 5,
     "100%以下（含）计满分，每超出5%扣2分，扣完为止。没有楼堂馆所项目的部门按满分计算。",
     "楼堂馆所面积控制率=实际建设面积/批准建设面积×100% 。\n该指标以2017年完工的新建楼堂馆所为评价内容。", 5),
    ("过程\n60分", "预算执行\n20分", "新建楼堂馆所投资概算控制率", 5, "100%以下（含）计满分，每超出5%扣2分，扣完为止。",
     "楼堂馆所投资预算控制率=实际投资金额/批准投资金额×100% 。\n该指标以2017年完工的新建楼堂馆所为评价内容。", 5),
    ("过程\n60分", "预算管理\n40分", "公用经费控制率", 8, "100%以下（含）计满分，每超出1%扣1分，扣完为止。",
     "公用经费控制率=（实际支出公用经费总额/预算安排公用经费总额）×100%。\n公用经费支出是指部门基本支出中的一般商品和服务支出。", 8),
    ("过程\n60分", "预算管理\n40分", "“三公经费”控制率", 7, "100%以下（含）计满分，每超出1%扣1分，扣完为止。",
     "“三公经费”控制率-（“三公经费”实际支出数/“三公经费”预算安排数）×100%。", 7),
    ("过程\n60分", "预算管理\n40分", "政府采购执行率", 6, "100%计满分，每超过（降低）5%扣2分。扣完为止。",
     "政府采购执行率=（实际政府采购金额/政府采购预算数）×100%", 6),
    ("过程\n60分", "预算管理\n40分", "管理制度健全性", 8,
     "①有内部财务管理制度、会计核算制度等管理制度，2分；\n②有本部门厉行节约制度,2分；\n③相关管理制度合法、合规、完整，2分；④相关管理制度得到有效执行，2分。", None, 8),
    ("过程\n60分", "预算管理\n40分", "资金使用合规性", 6,
     "①支出符合国家财经法规和财务管理制度规定以及有关专项资金管理办法的规定；②资金拨付有完整的审批程序和手续；③项目支出按规定经过评估论证；④支出符合部门预算批复的用途；⑤资金使用无截留、挤占、挪用、虚列支出等情况。\n以上情况每出现一例不符合要求的扣1分，扣完为止。", None, 6),
    ("过程\n60分", "预算管理\n40分", "预决算信息公开性", 5,
     "①按规定内容公开预决算信息，1分；②按规定时限公开预决算信息，1分；③基础数据信息和会计信息资料真实，1分；④基础数据信息和会计信息资料完整，1分；⑤基础数据信息和汇集信息资料准确，1分。",
     "预决算信息是指与部门预算、执行、决算、监督、绩效等管理相关的信息。", 5),
    ("产出及效率\n30分", "职责履行\n8分", "重点工作实际完成率", 8,
     "根据市绩效办2019年对各部门为民办实事和部门重点工程与重点工作考核分数折算。\n该项得分=（绩效办对应部分考核得分/该部分总分）×8。", None, 8),
    ("产出及效率\n30分", "履职 效益\n22分", "经济效益", 10,
     "此两项指标为设置部门整体支出绩效评价指标时必须考虑的共性要素，可根据部门实际情况有选择的进行设置，并将其细化为相应的个性化指标。", None, None),
    ("产出及效率\n30分", "履职 效益\n22分", "社会效益", None, None, None, None),
    ("产出及效率\n30分", "履职 效益\n22分", "行政效能", 6,
     "促进部门改进文风会风，加强经费及资产管理，推动网上办事，提高行政效率，降低行政成本效果较好的计6分；一般3分；无效果或者效果不明显0分。",
     "根据部门自评材料评定。", 3),
    ("产出及效率\n30分", "履职 效益\n22分", "社会公众或服务对象满意度", 6,
     "90%（含）以上计6分；\n80%（含）-90%，计4分；\n70%（含）-80%，计2分；\n低于70%计0分。",
     "社会公众或服务对象是指部门（单位）履行职责而影响到的部门、群体或个人，一般采取社会调查的方式。", 6),
]


def build_seed2(path: Path) -> dict:
    """File 7: seed 002, the 评分表 and its 基础数据表."""
    book = new_xlsxwriter(path)
    ws = book.add_worksheet("评分表")
    sheet = XlsxWriterSheet(book, ws)
    sheet.widths([10, 10, 16, 6, 44, 44, 6])
    rec = Recorder(sheet)
    rec.put(1, 1, "部门整体支出绩效评价指标评分表", (1, 7), bold=True, font_size=16, align="center")
    for i, head in enumerate(["一级指标", "二级指标", "三级\n指标", "分值", "评价标准", "指标说明", "得分"]):
        rec.put(2, 1 + i, head)
    top = 3
    _merge_runs(rec, SEED2_ROWS, 1, 0, top)
    _merge_runs(rec, SEED2_ROWS, 2, 1, top)
    k = 0
    while k < len(SEED2_ROWS):
        l1, l2, l3, w, crit, note, score = SEED2_ROWS[k]
        r = top + k
        rec.put(r, 3, l3)
        if l3 == "经济效益":  # 经济效益 and 社会效益 share one 分值, 评价标准 and 得分 cell
            rec.put(r, 4, w, (r + 1, 4))
            rec.put(r, 5, crit, (r + 1, 5))
            rec.put(r, 6, None, (r + 1, 6))
            rec.put(r, 7, None, (r + 1, 7))
            rec.put(r + 1, 3, SEED2_ROWS[k + 1][2])
            k += 2
            continue
        rec.put(r, 4, w)
        rec.put(r, 5, crit)
        rec.put(r, 6, note)
        rec.put(r, 7, score)
        k += 1
    rec.put(top + len(SEED2_ROWS), 1, "合计", (top + len(SEED2_ROWS), 3))
    rec.put(top + len(SEED2_ROWS), 4, 100)
    rec.put(top + len(SEED2_ROWS), 7, 99)

    ws = book.add_worksheet("基础数据表")
    sheet = XlsxWriterSheet(book, ws)
    sheet.widths([30, 14, 14, 14, 14, 14, 14])
    rec = Recorder(sheet)
    rec.put(1, 1, "部门整体支出绩效评价基础数据表", (1, 7), bold=True, font_size=14, align="center")
    rec.put(2, 1, "填报单位：衡山县医疗保障局", (2, 7))
    rec.put(3, 1, "财政供养人员情况")
    rec.put(3, 2, "编制数")
    rec.put(3, 3, "2020年实际在职人数")
    rec.put(3, 4, "控制率")
    rec.put(4, 1, None)
    rec.put(4, 2, 48)
    rec.put(4, 3, 67)
    rec.put(4, 4, None)
    rec.put(5, 1, "经费控制情况")
    rec.put(5, 2, "2019年决算数")
    rec.put(5, 3, "2020年预算数")
    rec.put(5, 4, "2020年决算数")
    data = [
        ("三公经费", 2.94, 13, 3.06), ("   1、公务用车购置和维护经费", None, None, None), ("       其中：公车购置", None, None, None),
        ("             公车运行维护", None, None, None), ("   2、出国经费", None, None, None), ("   3、公务接待", 2.94, 13, 3.06),
        ("项目支出：", 125.49, None, None), ("  1、房屋维修(一个项目一行)", 125.49, None, None), ("……", None, None, None),
        ("  2、运行维护专项(一个项目一行)", None, None, None), ("……", None, None, None),
        ("3、省、市级专项资金（一个专项一行）", None, None, None), ("……", None, None, None),
        ("公用经费", 229.12, 71.35, 195.72), ("    其中：办公经费", 77.11, 9, 51.13), ("          水费、电费、差旅费", 16.48, 12, 6.66),
        ("          会议费、培训费", 132.59, 4, 3.68), ("公务接待费", 2.94, 13, 3.06), ("政府采购金额", 171.83, None, None),
        ("部门基本支出预算调整", "——", None, None),
    ]
    r = 6
    for label, a, b, c in data:
        rec.put(r, 1, label)
        rec.put(r, 2, a)
        rec.put(r, 3, b)
        rec.put(r, 4, c)
        r += 1
    for i, head in enumerate(["楼堂馆所控制情况\n（2018年完工项目）", "批复规模\n（㎡）", "实际规模（㎡）", "规模控制率", "预算投资（万元）", "实际投资（万元）", "投资概算控制率"]):
        rec.put(r, 1 + i, head)
    for i in range(7):
        rec.put(r + 1, 1 + i, None)
    rec.put(r + 2, 1, "厉行节约保障措施")
    rec.put(r + 2, 2, None, (r + 2, 7))
    rec.put(r + 3, 1, "说明：“项目支出”需要填报基本支出以外的所有项目支出情况，包括业务工作项目、运行维护项目和市级专项资金等；“公用经费”填报基本支出中的一般商品和服务支出。", (r + 3, 7))
    book.close()
    return {"format": "xlsx", "sheets": [{"name": "评分表", "tables": 0}, {"name": "基础数据表", "tables": 0}], "tables": []}


BUILDERS = {
    "明光市医疗保障局_2021年度项目自评表.xlsx": build_minguang,
    "区医保局_医保信息化建设项目自评表.xlsx": build_xinxihua,
    "医保中心_项目自评表（2021年）.xlsx": build_yibao_zhongxin,
    "定向不达标人工工资.xls": build_xls,
    "病历评审费用项目.xlsx": build_binglipingshen,
    "华容区医疗保障局_2023年度部门整体绩效自评表.xlsx": build_seed3,
    "衡山县医疗保障局_2020年度部门整体支出绩效评价.xlsx": build_seed2,
}


def _normalise_zip(path: Path) -> None:
    """Give every zip entry one fixed timestamp, so a rebuild gives identical bytes."""
    import zipfile

    tmp = path.with_suffix(path.suffix + ".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            new = zipfile.ZipInfo(info.filename, date_time=(2022, 3, 15, 9, 0, 0))
            new.compress_type = zipfile.ZIP_DEFLATED
            new.external_attr = 0o600 << 16
            zout.writestr(new, zin.read(info.filename))
    tmp.replace(path)


def main() -> None:
    EXPECTED.mkdir(exist_ok=True)
    for name, build in BUILDERS.items():
        path = HERE / name
        expected = build(path)
        if path.suffix == ".xlsx":
            _normalise_zip(path)
        (EXPECTED / f"{path.stem}.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"built {name}")


if __name__ == "__main__":
    main()
