"""The 汇总 sheet's subtotals and total, computed without pandas, against the pandas
computation they replace (kept here as the reference, verbatim from summary_data.py
before the change): the same figures to the last bit, on the cases where float sums
differ by order (numpy sums pairwise in blocks of eight; a plain left-to-right sum does
not), on blanks and NaN (pandas' missing values), -0.0 and infinities."""

from __future__ import annotations

import math
import random

import pytest

from evalxl.findings import TableResult
from evalxl.writers.summary_data import ProjectRow, aggregates, pairwise_sum


def _pandas_aggregates(rows):
    import pandas as pd

    from evalxl.writers.summary_data import Aggregate, _label, _num

    frame = pd.DataFrame(
        [{"group": r.group, "budget": r.table.budget, "executed": r.table.executed,
          "entered": r.table.entered_total, "recomputed": r.table.recomputed_total} for r in rows if r.counted],
        columns=["group", "budget", "executed", "entered", "recomputed"], dtype=object,
    ).astype({"budget": float, "executed": float, "entered": float, "recomputed": float})

    def agg(frame, label):
        scored = frame.dropna(subset=["entered", "recomputed"])
        budget = _num(frame["budget"].sum(min_count=1))
        executed = _num(frame["executed"].sum(min_count=1))
        entered = round(float(scored["entered"].mean()), 2) if len(scored) else None
        recomputed = round(float(scored["recomputed"].mean()), 2) if len(scored) else None
        return Aggregate(label=label, projects=len(frame), scored=len(scored), budget=budget, executed=executed,
                         rate=(executed / budget) if budget and executed is not None else None,
                         entered=entered, recomputed=recomputed,
                         diff=round(recomputed - entered, 2) if entered is not None and recomputed is not None else None)

    groups = {}
    for name, part in frame.groupby("group", sort=False):
        n, scored = len(part), len(part.dropna(subset=["entered", "recomputed"]))
        groups[name] = agg(part, _label("小计", n, scored))
    n, scored = len(frame), len(frame.dropna(subset=["entered", "recomputed"]))
    return groups, agg(frame, _label("合计", n, scored))


def _same(a, b) -> bool:
    """Equal as the sheet would store them: NaN equals NaN, -0.0 is not 0.0."""
    if isinstance(a, float) and isinstance(b, float):
        return (a != a and b != b) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    return a == b


def _row(group, budget, executed, entered, recomputed, duplicate=False):
    t = TableResult(0, "表", "项目", budget=budget, executed=executed, entered_total=entered, recomputed_total=recomputed)
    return ProjectRow(None, t, group, duplicate_of="a.xlsx#0" if duplicate else "")


def test_pairwise_sum_is_numpys_order_not_left_to_right():
    # left to right each 1 is lost against 1e16 (a float's step there is 2; 1e16 + 1 rounds
    # back to 1e16), so the sum is 1e16 - 1e16 = 0.
    # numpy: eight accumulators take the first eight values, the ninth is added after:
    # ((1e16 + 1) + (1 + 1)) + ((1 + 1) + (1 + 1)) = (1e16 + 2) + 4 = 1e16 + 6, then - 1e16 = 6
    values = [1e16, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, -1e16]
    assert sum(values) == 0.0
    assert pairwise_sum(values) == 6.0


@pytest.mark.parametrize("seed", range(6))
def test_aggregates_match_pandas_to_the_bit(seed):
    rnd = random.Random(seed)

    def figure():
        pick = rnd.random()
        if pick < 0.15:
            return None
        if pick < 0.18:
            return float("nan")
        if pick < 0.2:
            return rnd.choice([-0.0, 0.0, float("inf")])
        return rnd.choice([rnd.uniform(0, 5000), round(rnd.uniform(0, 100), 2), rnd.randint(0, 300), rnd.uniform(-1, 1) * 1e9])

    size = [0, 1, 7, 9, 130, 700][seed]
    groups = ["医保局", "教育局", "（未填主管部门）", "卫健委"][: 1 + seed % 4]
    rows = [_row(rnd.choice(groups), figure(), figure(), figure(), figure(), duplicate=rnd.random() < 0.1)
            for _ in range(size)]
    mine_groups, mine_total = aggregates(rows)
    their_groups, their_total = _pandas_aggregates(rows)
    assert list(mine_groups) == list(their_groups)
    for a, b in [*zip(mine_groups.values(), their_groups.values()), (mine_total, their_total)]:
        for name in vars(a):
            assert _same(getattr(a, name), getattr(b, name)), (name, getattr(a, name), getattr(b, name))


def test_blank_and_nan_are_missing_and_minus_zero_sums_to_zero():
    # budget: 2.5 + blank + NaN = 2.5 (missing counts as 0); executed all blank -> None;
    # entered/recomputed: only the first row has both, average 80.0 and 90.0;
    # a group of one -0.0 budget sums to 0.0 + -0.0 = 0.0, as numpy's reduction starts at 0.0
    rows = [_row("甲", 2.5, None, 80, 90), _row("甲", None, None, None, 70), _row("甲", float("nan"), None, 60, float("nan")),
            _row("乙", -0.0, None, None, None)]
    groups, total = aggregates(rows)
    a = groups["甲"]
    assert (a.budget, a.executed, a.entered, a.recomputed, a.diff, a.scored) == (2.5, None, 80.0, 90.0, 10.0, 1)
    assert a.label == "小计（3 项，得分取 1 项平均）"
    assert math.copysign(1, groups["乙"].budget) == 1.0 and groups["乙"].label == "小计（1 项，得分不全，不计平均）"
    assert (total.budget, total.projects) == (2.5, 4)
