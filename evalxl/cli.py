"""The command line: typer commands, no logic of their own (each lives in commands/).
Every word it prints is Chinese (clitext.py), and no command ever prints a traceback."""

from __future__ import annotations

import typer

from .clitext import ZhCommand, ZhGroup, run_app
from .commands import check as check_cmd
from .commands import inspect as inspect_cmd
from .commands import profile as profile_cmd
from .commands import rules as rules_cmd
from .commands import run as run_cmd
from .commands import serve as serve_cmd
from .commands import template as template_cmd

HELP = """evalxl：项目支出绩效自评表审核工具。

读取各单位填报的自评表（.xlsx / .xlsm / .xls），重算每一项得分，标出每一处错误。

退出码（run）：0 全部输出已写出（发现的问题写在输出中，不算失败；加 --strict 时发现错误为 1）；2 用法错误；3 有文件无法读取；4 有输出文件无法写出；5 内部错误（详细信息记入日志文件）。

退出码（check）：0 未发现错误；1 发现错误；2 用法错误；3 有文件无法读取。

evalxl.toml：收件文件夹或当前文件夹中的 evalxl.toml（就近优先）设定规则配置、选用或忽略的规则，以及已确认的问题（见 README）。
"""

app = typer.Typer(
    cls=ZhGroup,
    add_completion=False,
    no_args_is_help=True,
    help=HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from . import __version__, console

        console.write(f"evalxl {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(version: bool = typer.Option(False, "--version", "-V", help="显示版本号并退出", is_eager=True,
                                       callback=_version)) -> None:
    pass


app.command("run", cls=ZhCommand, help=run_cmd.HELP, short_help=run_cmd.SHORT, no_args_is_help=True)(run_cmd.run)
app.command("check", cls=ZhCommand, help=check_cmd.HELP, short_help=check_cmd.SHORT, no_args_is_help=True)(check_cmd.check)
app.command("inspect", cls=ZhCommand, help=inspect_cmd.HELP, short_help=inspect_cmd.SHORT,
            no_args_is_help=True)(inspect_cmd.inspect)
app.command("template", cls=ZhCommand, help=template_cmd.HELP, short_help=template_cmd.SHORT)(template_cmd.template)
app.command("rules", cls=ZhCommand, help=rules_cmd.RULES_HELP)(rules_cmd.rules)
app.command("rule", cls=ZhCommand, help=rules_cmd.RULE_HELP, no_args_is_help=True)(rules_cmd.rule)
app.command("serve", cls=ZhCommand, help=serve_cmd.HELP)(serve_cmd.serve)
app.add_typer(profile_cmd.app, name="profile", help=profile_cmd.HELP)


def main(argv: list[str] | None = None) -> None:
    raise SystemExit(run_app(app, argv))


if __name__ == "__main__":
    main()
