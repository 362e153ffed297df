"""D: the department-wide tables (部门整体), one module per family of rules:

- scores.py    D001–D008  a 评分表's rows: computed from 评价标准 and the 指标说明 formula, or left
               D018       to a person and said so; a bonus the rule text prints, stated;
               D019       重庆's 指标得分 against 得分系数 × 指标权重
- weights.py   D009–D011  分值 under their 二级 / 一级 labels and up to the total
- totals.py    D012–D013  the 合计 row
- self_eval.py D014–D017  a 部门整体绩效自评表 without scores: completion, values, 偏差 block;
               D020       a rate its 预算资金 block decides (预算执行率, 支出实现率)

Every rule reads ctx.department (department_assessment.py), never recomputes.
"""

from __future__ import annotations

from . import scores, self_eval, totals, weights  # noqa: F401  (registers the rules)

# The project rules that apply unchanged to a 部门整体绩效自评表 with 分值 and 得分 (its 预算资金
# block, where it has one, by the F rules; weights, totals and the 偏差 block by D009–D015
# instead of W / T, but for T006 that states the points no one can check).
PROJECT_RULES = ("F001", "F002", "F003", "F004", "F005", "F006", "F007", "F008",
                 "I001", "I002", "I003", "I004", "I005", "I006", "C001", "C002", "C003", "C004", "T006")

# The findings that leave a row's score (or completion) to a person: counted per row as
# 需人工复核 in the 汇总表's 部门整体 sheet.
REVIEW_CODES = ("D004", "D005", "D006", "D007", "D017", "D018")
