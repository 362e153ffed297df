"""The command line: typer commands, no logic of their own (each lives in commands/).
Every word it prints is Chinese (clitext.py), and no command ever prints a traceback.

A command line that names its command builds (and imports) that command only: typer
reads every command's signature when it builds the app, which `check` and `run` need not
pay for the other six. Help, --version and an unknown command get them all."""

from __future__ import annotations

import gc
import importlib
import sys

from .gc_pause import gc_paused

with gc_paused():  # typer's import allocates much and frees little: no collection pass while it loads
    import typer

    from .clitext import ZhCommand, ZhGroup, run_app

    # and none walks what it loaded later, nor at exit (it stays for the whole run): together
    # 9 % of the instructions of `check` on an empty folder
    gc.freeze()

HELP = """evalxl：项目支出绩效自评表审核工具。

读取各单位填报的自评表（.xlsx / .xlsm / .xls），重算每一项得分，标出每一处错误。

退出码（run）：0 全部输出已写出（发现的问题写在输出中，不算失败；加 --strict 时发现错误为 1）；2 用法错误；3 有文件无法读取；4 有输出文件无法写出；5 内部错误（详细信息记入日志文件）。

退出码（check）：0 未发现错误；1 发现错误；2 用法错误；3 有文件无法读取。

evalxl.toml：收件文件夹或当前文件夹中的 evalxl.toml（就近优先）设定规则配置、选用或忽略的规则，以及已确认的问题（见 README）。
"""

# name: (module in commands/ holding the function of that name, its help text, no_args_is_help),
# in the order help lists them; a module's SHORT is the command's short help
COMMANDS = {
    "run": ("run", "HELP", True),
    "check": ("check", "HELP", True),
    "inspect": ("inspect", "HELP", True),
    "template": ("template", "HELP", False),
    "rules": ("rules", "RULES_HELP", False),
    "rule": ("rules", "RULE_HELP", True),
    "serve": ("serve", "HELP", False),
    "profile": ("profile", "HELP", None),  # a group of its own (profile export): its module's app
}


def _version(value: bool) -> None:
    if value:
        from . import __version__, console

        console.write(f"evalxl {__version__}")
        raise typer.Exit(0)


def _root(version: bool = typer.Option(False, "--version", "-V", help="显示版本号并退出", is_eager=True,
                                       callback=_version)) -> None:
    pass


def build_app(names=None) -> typer.Typer:
    """The app with the commands ``names`` (all when None)."""
    built = typer.Typer(
        cls=ZhGroup,
        add_completion=False,
        no_args_is_help=True,
        help=HELP,
        context_settings={"help_option_names": ["-h", "--help"]},
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
    )
    built.callback()(_root)
    for name in COMMANDS if names is None else names:
        module, help_name, no_args = COMMANDS[name]
        mod = importlib.import_module(f".commands.{module}", __package__)
        if no_args is None:
            built.add_typer(mod.app, name=name, help=getattr(mod, help_name))
            continue
        built.command(name, cls=ZhCommand, help=getattr(mod, help_name), no_args_is_help=no_args,
                      short_help=getattr(mod, "SHORT", None))(getattr(mod, name))
    return built


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    named = args[:1] if args and args[0] in COMMANDS else None  # else help, --version or an unknown command
    raise SystemExit(run_app(build_app(named), argv))


if __name__ == "__main__":
    main()
