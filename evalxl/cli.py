"""The command line: typer commands, no logic of their own (each lives in commands/)."""

from __future__ import annotations

import typer

from .commands import check as check_cmd
from .commands import inspect as inspect_cmd
from .commands import rules as rules_cmd
from .commands import run as run_cmd
from .commands import serve as serve_cmd
from .commands import template as template_cmd

HELP = """evalxl：项目支出绩效自评表审核工具。

读取各单位填报的自评表（.xlsx / .xlsm / .xls），重算每一项得分，标出每一处错误。

退出码（run、check）：0 未发现错误；1 发现错误；2 用法错误；3 有文件无法读取。
"""

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help=HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

app.command("run", help=run_cmd.HELP, no_args_is_help=True)(run_cmd.run)
app.command("check", help=check_cmd.HELP, no_args_is_help=True)(check_cmd.check)
app.command("inspect", help=inspect_cmd.HELP, no_args_is_help=True)(inspect_cmd.inspect)
app.command("template", help=template_cmd.HELP)(template_cmd.template)
app.command("rules", help=rules_cmd.RULES_HELP)(rules_cmd.rules)
app.command("rule", help=rules_cmd.RULE_HELP, no_args_is_help=True)(rules_cmd.rule)
app.command("serve", help=serve_cmd.HELP)(serve_cmd.serve)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
