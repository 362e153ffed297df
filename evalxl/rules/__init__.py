"""The rules engine: one small unit per rule, grouped by family, run over the model.

    from evalxl.rules import check_workbook, all_rules, get_rule

Families (a letter each, as ruff does): F 项目资金, I 绩效指标得分, W 分值合计,
T 总分与等级, C 缺漏与说明, N 工作簿, D 部门整体, R 报告正文, B 批次 (across the files of one batch). Codes are never reused (N002 is retired).
"""

from .across import check_batch
from .engine import check_departments, check_table, check_workbook
from .registry import FAMILIES, RETIRED, SelectionError, all_rules, get as get_rule, retired, select_rules

__all__ = ["check_batch", "check_workbook", "check_table", "check_departments", "all_rules", "get_rule", "select_rules",
           "SelectionError", "FAMILIES", "RETIRED", "retired"]
