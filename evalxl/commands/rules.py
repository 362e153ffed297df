"""`evalxl rules` (every rule, with code and title) and `evalxl rule CODE` (its page)."""

from __future__ import annotations

import typer

RULES_HELP = """列出全部审核规则：代码、名称、级别和标题。

退出码：0 成功；2 用法错误。"""

RULE_HELP = """显示一条规则的说明：检查什么、为什么、示例和修正方式。可以给规则代码（如 F003）或名称（如 funds-score-as-percent）。

退出码：0 成功；2 规则不存在或用法错误。"""


def rules(
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出规则列表"),
) -> None:
    from .. import console
    from ..rules import FAMILIES, all_rules

    items = all_rules()
    if as_json:
        console.write_json([
            {"code": r.code, "name": r.name, "severity": r.severity.value, "title": r.title(),
             "family": FAMILIES[r.code[0]]}
            for r in items
        ])
        return
    lines = []
    family = None
    for r in items:
        if r.code[0] != family:
            family = r.code[0]
            if lines:
                lines.append("")
            lines.append(f"{family}　{FAMILIES[family]}")
        lines.append(f"  {r.code}  {r.severity.label}  {r.name:<26}  {r.title()}")
    lines.append("")
    lines.append(f"共 {len(items)} 条规则；evalxl rule 代码 显示一条规则的说明。")
    console.write("\n".join(lines))


def rule(
    code: str = typer.Argument(..., help="规则代码或名称，如 F003", show_default=False, metavar="规则代码"),
) -> None:
    from .. import console
    from ..rules import FAMILIES, get_rule, retired

    r = get_rule(code)
    gone = retired(code) if r is None else None
    if gone is not None:
        console.write(f"{gone[0]} {gone[1]}（已停用，代码不再使用）")
        console.write()
        console.write(gone[2])
        return
    if r is None:
        console.err(f"错误：没有代码或名称为「{code}」的规则（用 evalxl rules 查看全部规则）")
        raise typer.Exit(2)
    console.write(f"{r.code} {r.name}（{r.severity.label}，{FAMILIES[r.code[0]]}）")
    console.write()
    console.write(r.title())
    console.write()
    console.write(r.body())
