"""The rules engine: one small unit per rule, grouped by family, run over the model.

    from evalxl.rules import check_workbook, all_rules, get_rule

Families (a letter each, as ruff does): F 项目资金, I 绩效指标得分, W 分值合计,
T 总分与等级, C 缺漏与说明, N 工作簿. Codes are never reused.
"""

from .engine import check_table, check_workbook
from .registry import FAMILIES, SelectionError, all_rules, get as get_rule, select_rules

__all__ = ["check_workbook", "check_table", "all_rules", "get_rule", "select_rules", "SelectionError", "FAMILIES"]
