"""The command line's own words in Chinese: help, usage errors, unknown commands, crashes.

typer vendors click with its messages written in as English f-strings (no gettext to
hook), so the Chinese comes from three places: a help formatter that writes 用法 / 参数 /
选项 / 命令 and wraps by display width (a CJK character is two columns), a group that
answers an unknown command with the closest one, and `run_app`, which runs the app
without click's standalone handling and words every usage error from the exception's
own fields (the option, the value, the kind of mistake), never from its English text.
An unexpected exception becomes one Chinese line and a log file with the traceback.
"""

from __future__ import annotations

import re
import sys
from contextlib import contextmanager
from difflib import get_close_matches

from typer import _click
from typer._click import exceptions as cx
from typer.core import TyperCommand, TyperGroup
from typer.exceptions import Abort, Exit

from . import console

EXIT_USAGE = 2
EXIT_INTERNAL = 5
EXIT_INTERRUPTED = 130

HEADINGS = {"Arguments": "参数", "Options": "选项", "Commands": "命令"}
# The patterns below are left as text: re compiles (and caches) one when a help page or an
# error first needs it, not on every start.
EXTRAS = [
    (r"Show this message and exit\.", "显示本帮助并退出。"),
    (r"\[default: (.*?)\]", r"[缺省：\1]"),
    (r"\[required\]", "[必填]"),
    (r"\[x>=([\d.]+)\]", r"[不小于 \1]"),
    (r"\[([\d.]+)<=x<=([\d.]+)\]", r"[\1 至 \2]"),
]
USAGE_WORDS = [("[OPTIONS]", "[选项]"), ("COMMAND", "命令"), ("[ARGS]...", "[参数]…")]
# pydantic's words for a value typer could not convert
VALUE_ERRORS = [
    (r"valid integer", "应为整数"),
    (r"valid number", "应为数字"),
    (r"greater than or equal to ([\d.]+)", r"应不小于 \1"),
    (r"less than or equal to ([\d.]+)", r"应不大于 \1"),
    (r"greater than ([\d.]+)", r"应大于 \1"),
    (r"valid boolean", "应为是或否"),
]


def _plain_coercion() -> None:
    """typer 0.2x converts every value through a pydantic TypeAdapter: importing pydantic
    costs ~0.2 s on every `check` and `run`. The plain types our commands use (str, int,
    float, Path, lists of them; a number's min/max) are converted here instead, with
    pydantic's own words for a bad value (VALUE_ERRORS turns them into Chinese); any
    other parameter still goes through typer's adapter."""
    try:
        from pathlib import Path

        from typer import _coercion, core
    except ImportError:  # an older typer: no pydantic on its path
        return
    build = getattr(core, "build_runtime_param", None)
    if build is None or getattr(build, "plain", False):
        return

    def leaf(annotation, info):
        if info.parser is not None or info.clamp:
            return None
        if annotation is str:
            return str
        if annotation is bool:
            return _boolean
        if annotation is Path and not (info.exists or info.resolve_path or info.allow_dash or info.path_type
                                       or not info.file_okay or not info.dir_okay or info.writable):
            return Path
        if annotation in (int, float):
            return lambda value: _number(annotation, value, info.min, info.max)
        return None

    class Plain(_coercion.RuntimeParam):
        def _coerce_value(self, value, param, ctx):
            convert = self.convert
            try:
                if self.many:
                    return [convert(v) for v in (value if isinstance(value, (list, tuple)) else [value])]
                return convert(value)
            except ValueError as exc:
                raise cx.BadParameter(str(exc), ctx=ctx, param=param) from exc

    def plain(descriptor):
        annotation, info = descriptor.annotation, descriptor.parameter_info
        many = getattr(annotation, "__origin__", None) is list
        convert = None if descriptor.file_annotation is not None else leaf(
            annotation.__args__[0] if many else annotation, info)
        if convert is None:
            return build(descriptor)
        runtime = Plain(parameter_info=info, annotation=annotation)
        object.__setattr__(runtime, "convert", convert)
        object.__setattr__(runtime, "many", many)
        return runtime

    plain.plain = True
    core.build_runtime_param = plain


_BOOLS = {**dict.fromkeys(("", "0", "off", "f", "false", "n", "no"), False),
          **dict.fromkeys(("1", "on", "t", "true", "y", "yes"), True)}


def _boolean(value):
    """A flag's value, as typer's pydantic adapter reads it (an empty string is False)."""
    if isinstance(value, bool):
        return value
    found = _BOOLS.get(str(value).strip().lower())
    if found is None:
        raise ValueError("Input should be a valid boolean, unable to interpret input")
    return found


_INT = r"[+-]?\d+(?:_\d+)*(?:\.0*)?"


def _number(kind, value, least, most):
    """int or float from a command-line string, as pydantic's lax mode reads it."""
    if isinstance(value, str):
        text = value.strip()
        try:
            if not text.isascii():
                raise ValueError
            if kind is int:
                if not re.fullmatch(_INT, text):
                    raise ValueError
                value = int(text.split(".")[0])
            else:
                value = float(text)
        except ValueError:
            raise ValueError("Input should be a valid integer, unable to parse string as an integer" if kind is int
                             else "Input should be a valid number, unable to parse string as a number") from None
    if least is not None and not value >= least:
        raise ValueError(f"Input should be greater than or equal to {least}")
    if most is not None and not value <= most:
        raise ValueError(f"Input should be less than or equal to {most}")
    return value


_plain_coercion()


def zh(text: str) -> str:
    for pattern, repl in EXTRAS:
        text = re.sub(pattern, repl, text)
    return text


class ZhFormatter(_click.HelpFormatter):
    """click's help layout with Chinese headings, wrapped by display width."""

    def __init__(self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None):
        super().__init__(indent_increment, width or console.terminal_width(piped=100) - 2, max_width)

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        for en, cn in USAGE_WORDS:
            args = args.replace(en, cn)
        args = re.sub(r"\{([^}]*)\}(\.\.\.)?", lambda m: m.group(1) + ("…" if m.group(2) else ""), args)
        self.write(f"{'':>{self.current_indent}}用法：{prog} {args}\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{HEADINGS.get(heading, heading)}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        paragraphs = re.split(r"\n\s*\n", text)
        out = ["\n".join(console.wrap(p.replace("\n", " "), self.width, indent)) for p in paragraphs]
        self.write("\n\n".join(out) + "\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        # typer puts its English type after an argument's name (收件文件夹 <path>): the
        # name is Chinese and says enough
        rows = [(re.sub(r" <[^>]+>$", "", first).replace("...", "…"), zh(second)) for first, second in rows]
        first_col = min(max((console.display_width(f) for f, _ in rows), default=0), col_max) + col_spacing
        pad = " " * (self.current_indent + first_col)
        for first, second in rows:
            head = f"{'':>{self.current_indent}}{first}"
            if not second:
                self.write(head + "\n")
                continue
            if console.display_width(first) <= first_col - col_spacing:
                lines = console.wrap(second, self.width, head + " " * (first_col - console.display_width(first)), pad)
            else:
                lines = [head] + console.wrap(second, self.width, pad)
            self.write("\n".join(lines) + "\n")


class ZhContext(_click.Context):
    formatter_class = ZhFormatter


class ZhCommand(TyperCommand):
    context_class = ZhContext


class ZhGroup(TyperGroup):
    context_class = ZhContext

    def resolve_command(self, ctx, args):
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            match = get_close_matches(name, list(self.commands), n=1, cutoff=0.6)
            hint = f"，是否要用 {match[0]}？" if match else f"（可用的命令：{'、'.join(self.commands)}）"
            raise cx.UsageError(f"未知命令「{name}」{hint}", ctx)
        return super().resolve_command(ctx, args)


def _param_name(param) -> str:
    if param is None:
        return ""
    if getattr(param, "param_type_name", "") == "option":
        return " / ".join(param.opts)
    return param.metavar or param.name or ""


def usage_message(exc: cx.UsageError) -> str:
    """A usage error in Chinese, built from the exception's fields."""
    ex = cx
    if isinstance(exc, ex.MissingParameter):
        kind = "选项" if getattr(exc.param, "param_type_name", "") == "option" else "参数"
        return f"缺少{kind} {_param_name(exc.param)}"
    if isinstance(exc, ex.NoSuchOption):
        hint = f"，是否要用 {'、'.join(sorted(exc.possibilities))}？" if exc.possibilities else ""
        return f"没有选项 {exc.option_name}{hint}"
    if isinstance(exc, ex.BadOptionUsage):
        if "requires" in exc.message:
            return f"选项 {exc.option_name} 后面缺少值"
        if "does not take a value" in exc.message:
            return f"选项 {exc.option_name} 不带值"
    if isinstance(exc, ex.BadParameter):
        said = exc.message
        for pattern, words in VALUE_ERRORS:
            found = re.search(pattern, said)
            if found:
                said = found.expand(words)
                break
        return f"{_param_name(exc.param) or '参数'} 的值无效：{said}"
    found = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", exc.message)
    if found:
        return f"多余的参数：{found.group(1)}"
    return exc.message  # ours, already Chinese


def show_usage_error(exc: cx.UsageError) -> None:
    ctx = exc.ctx
    if ctx is not None:
        console.err(ctx.get_usage())
        console.err(f"运行「{ctx.command_path} -h」查看帮助。")
        console.err()
    console.err(f"错误：{usage_message(exc)}")


def log_crash() -> str:
    """Write the traceback of the exception being handled to a log file; its path."""
    import datetime as dt
    import os
    import tempfile
    import traceback

    from . import __version__

    folder = os.path.join(tempfile.gettempdir(), "evalxl-logs")
    os.makedirs(folder, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = os.path.join(folder, f"evalxl-{stamp}-{os.getpid()}.log")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(f"evalxl {__version__}, Python {sys.version}\n命令：{' '.join(sys.argv)}\n\n")
        fh.write(traceback.format_exc())
    return path


@contextmanager
def _no_traceback():
    """Any exception that escapes a command: one Chinese line and the log's path."""
    try:
        yield
    except (SystemExit, KeyboardInterrupt, cx.ClickException, Abort, Exit):
        raise
    except Exception as exc:
        try:
            where = f"详细信息已记录在 {log_crash()}"
        except OSError:
            where = "详细信息未能写入日志文件"
        console.err(f"内部错误：evalxl 未能完成（{type(exc).__name__}）。{where}，请将此文件反馈给 evalxl 开发者。")
        raise SystemExit(EXIT_INTERNAL)


def run_app(app, argv=None) -> int:
    """Run the typer app; return its exit code, every message in Chinese."""
    try:
        with _no_traceback():
            code = app(args=argv, prog_name="evalxl", standalone_mode=False)
    except cx.NoArgsIsHelpError as exc:
        console.err(exc.ctx.get_help())
        return EXIT_USAGE
    except cx.UsageError as exc:
        show_usage_error(exc)
        return EXIT_USAGE
    except (KeyboardInterrupt, Abort):
        console.err("已中断")
        return EXIT_INTERRUPTED
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0
    return code if isinstance(code, int) else 0
