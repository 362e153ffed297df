"""Workbooks for the CLI tests, written with openpyxl from seed 001 (tables 1, 3 and 4,
transcribed by hand from /work/shared/seeds/001_858009592e04ec6e.txt; rows and columns as
in the seed's line and tab order). Built into a temporary folder by the tests; never
edited by hand."""

from __future__ import annotations

from pathlib import Path

import openpyxl

TABLE1 = [
    ["项目支出绩效自评表"],
    ["（2021年度）"],
    ["项目名称", None, "行政运行经费"],
    ["主管部门", None, "明光市医疗保障局", None, "实施单位", None, "明光市医疗保障局"],
    ["项目资金（万元）", None, None, "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分"],
    [None, None, "年度资金总额：", 15, 15, 15, 10, "100%", 10],
    [None, None, "其中：本年财政拨款", 15, 15, 15, "-", "-", "-"],
    [None, None, "上年结转资金", None, None, None, "-", "-", "-"],
    [None, None, "其他资金", None, None, None, "-", "-", "-"],
    ["年度目标完成情况", "预期目标", None, None, None, "实际完成情况"],
    [None, "按照医保局政策制度要求，协调、督促乡镇、街道按时完成参保年度医保筹资工作任务。", None, None, None,
     "积极协调、督促乡镇、街道按时完成参保年度医保筹资工作任务。"],
    ["年度绩效指标完成情况", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
     "偏差原因分析及改进措施"],
    [None, "产出指标（50分）", "数量指标", "指标1:协调、督促乡镇、街道按时完成参保年度医保筹资工作任务,保证全覆盖参保",
     "100%", "100%", 20, 20],
    [None, None, "质量指标", "指标1:实行专款专用,专户管理,封闭运行,安排专人管理", "1人", "1人", 10, 10],
    [None, None, "时效指标", "指标1:加大打击、查处各种涉嫌造假骗保行为,每月至少开展一次", "12次", "12次", 10, 10],
    [None, None, "成本指标", "指标1:审查检查相关费用", "15万元", "15万元", 10, 10],
    [None, "效益指标（30分）", "经济效益指标", "指标1:保障医保基金稳健运行", "稳健运行", "稳健运行", 15, 15],
    [None, None, "社会效益指标", "指标1:推进城镇职工医疗保险、城乡居民医疗保险工作有序开展", "全面推进", "全面推进", 5, 5],
    [None, None, "生态效益指标", "指标1:集中检查、统一调度对环境有一定的积极作用", "一定的积极作用", "一定的积极作用", 5, 5],
    [None, None, "可持续影响指标", "指标1:通过开展多项活动,营造良好的社会氛围", "对社会有积极的作用", "对社会有积极的作用",
     5, 5],
    [None, "满意度指标（10分）", "服务对象满意度指标", "指标1:在为民服务方面,群众满意度高达95%", ">95%", ">95%", 10, 10],
    ["总分", None, None, None, None, None, 100, 100],
]
TABLE1_MERGES = ["B13:B16", "B17:B20"]

METHOD = "完成值达到指标值,记满分;未达到指标值,按B/A或A/B*该指标分值记分。"

TABLE3 = [
    ["2021年度项目支出绩效自评表"],
    ["填报单位(盖章):", None, "单位负责人签字:", None, "填报时间:"],
    ["项目名称", None, "医保信息化建设"],
    ["主管部门", None, "区医保局", None, "实施单位"],
    ["项目资金(万元)", None, "年初预算数(A)", "全年执行数(B)", "分值(10分)", "得分"],
    ["年度资金总额:", None, 80, 80, 10, "100%"],
    ["其中:财政拨款", None, 80, 80],
    ["其他资金", None, 0, 0],
    ["年初设定目标", None, "年度总体目标完成情况综述"],
    ["目标:加强对医疗机构的监督管理。", None, "目标1完成情况:加强对医疗机构的监督管理。"],
    ["一级指标", "二级指标", "三级指标", "分值", "年度指标(A)", "全年实际值(B)", "得分计算方法", "得分", "未完成原因分析"],
    ["数量指标(80分)", "数量指标", "单位各项开支都控制在预算内", 10, "96%", "96%", METHOD, 10],
    [None, "质量指标", "医保基金征缴工作任务", 10, "达成预期指标", "达成预期指标", None, 10],
    [None, "时效指标", "尽可能早的让参保患者早", 20, "99%", "99%", METHOD, 20],
    [None, "成本指标", "人员相关支出占预算数", 10, "96%", "97%", None, 9.6],
    [],
    ["社会效益指标(30分)", "社会效益指标", "城乡居民医疗保障覆盖率"],
    [None, "社会效益指标", "加强对医疗机构的监督管理,严格控制医药费用不合理增长", 10, "96%", "96%", METHOD, 10],
    [None, "社会效益指标", "1. 积极组织人员进入医保", 15, "100%", "100%", None, 15],
    [None, "社会效益指标", "在为民服务方面,群众满", 5, "100%", "100%", None, 5],
    ["....."],
    ["满意度指标(10分)", "服务对象满意度指标", "不断提高医保工作满意度", 10, "96", "96", "同效益指标得分计算方式。", 9.6,
     "重点保障住院和门诊大病医疗风险"],
    ["....."],
    ["单位自评总分", None, None, None, None, None, None, None, 99.6],
]
TABLE3_MERGES = ["A12:A16", "A17:A20"]


def write_sheet(ws, rows, merges=()):
    for r, row in enumerate(rows, 1):
        for c, v in enumerate(row, 1):
            if v is not None:
                ws.cell(r, c, v)
    for m in merges:
        ws.merge_cells(m)


def right_workbook(path: Path) -> Path:
    """Seed 001 table 1 (行政运行经费): no error, no warning."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "行政运行经费"
    write_sheet(ws, TABLE1, TABLE1_MERGES)
    wb.save(path)
    return path


def wrong_workbook(path: Path) -> Path:
    """Seed 001 table 3 (医保信息化建设) in one sheet, table 1 in another, and a 说明 sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "医保信息化建设"
    write_sheet(ws, TABLE3, TABLE3_MERGES)
    write_sheet(wb.create_sheet("行政运行经费"), TABLE1, TABLE1_MERGES)
    wb.create_sheet("说明").cell(1, 1, "本工作簿为 2021 年度项目支出绩效自评表。")
    wb.save(path)
    return path


TABLE4 = [
    ["2021年度项目支出绩效自评表"],
    ["填报单位(盖章):", None, "单位负责人签字:", None, None, "填报时间:"],
    ["项目名称", None, "市外医疗保障专项经费"],
    ["主管部门", None, "医保局"],
    [None, None, "填报单位", None, None, "医保中心"],
    # the seed's funds line "10 10 10 100% _ 10" under five headers: the 执行率 header was lost
    # in extraction (as samples/build_samples.py reads it): 执行率 100%, 得分 10
    ["项目资金 (万元)", None, None, "年初预算数(A)", "全年执行数(B)", "分值(C/D)", "执行率(B/A)", "得分", "得分计算方法"],
    [None, "年度资金总额", None, 10, 10, 10, "100%", 10],
    [None, "其中:财政拨款", None, 10, 10],
    [None, None, "其他资金", 0, 0],
    ["项目年度目标", "年初设定目标", None, None, "年度总体目标完成情况综述"],
    [None, "目标1: 严控医保骗保行为, 维护基金安全。", None, None, "目标1完成情况: 严控医保骗保行为, 维护基金安全。"],
    ["项目支出 绩效 指标 (50分)", "一级指标", "二级指标", "三级指标", "分值", "年度指标(A)", "全年实际(B)", "得分计算方法",
     "得分", "未完成原因分析"],
    [None, "产出指标", "数量指标", "市外医疗保障专项经费", 10, "100%", "100%", "完成值达到指标值, 记满分。", 10],
    [None, None, None, "市外医保保障了各项医保基金", 20, "达成预期指标", "达成预期指标", None, 20],
    [None, None, "时效指标", "是否有任何的医保基金提取", 10, "98%", "98%", "1. 若为定性指标……", 10],
    [None, None, None, "市外医保费用成本每支出表", 10],
    [None, "效益指标", "经济效益指标", "医保基金医疗赔付55万元", 10],
    [None, None, None, "严厉打击医保违规行为及损失", 10, "99%", "99%", "1. 若为定性指标……", 30],
    [None, None, "社会效益指标", "1. 新增退休人员进入医保小", 5, "98%", "98%", None, 4.9],
    [None, None, None, "在为民服务方面, 群众满意度", 5],
    [None, "满意度指标", "服务对象满意度指标", "提高参保群众满意度", 10, "95%", "95%", None, 9.5, "在参保外溢等方面存在地方"],
    [None, "单位自评总分", None, None, None, None, None, None, None, 99.4],
]
TABLE4_MERGES = ["B13:B16", "C13:C14", "C15:C16", "B17:B20", "C17:C18", "C19:C20", "A12:A22"]


def table4_workbook(path: Path) -> Path:
    """Seed 001 table 4 (市外医疗保障专项经费)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "市外医疗保障专项经费"
    write_sheet(ws, TABLE4, TABLE4_MERGES)
    wb.save(path)
    return path
