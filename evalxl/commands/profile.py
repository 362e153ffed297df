"""`evalxl profile export [--out FILE]`: the national profile as a province's starting point."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..clitext import ZhCommand, ZhGroup

HELP = "规则配置文件（TOML）：导出全国通用规则，作为制定本省规则的起点。"
EXPORT_HELP = """写出全国通用规则配置（national.toml 的完整内容，带注释），修改后用 --profile 或 evalxl.toml 的 profile 使用。

缺省写到标准输出；--out 写到文件（文件已存在时不覆盖，除非加 --force）。

退出码：0 已写出；2 用法错误（文件已存在）；4 无法写出文件。"""

app = typer.Typer(cls=ZhGroup, no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]})


@app.command("export", cls=ZhCommand, help=EXPORT_HELP)
def export(
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="输出文件（.toml），缺省写到标准输出", show_default=False,
                                       metavar="文件"),
    force: bool = typer.Option(False, "--force", "-f", help="输出文件已存在时覆盖"),
) -> None:
    from .. import console
    from ..atomic import atomic_path
    from ..profile import NATIONAL

    text = NATIONAL.read_text(encoding="utf-8")
    if out is None:
        console.write(text, end="")
        return
    if out.is_dir():
        out = out / "省规则.toml"
    if out.exists() and not force:
        console.err(f"错误：文件已存在：{out}（如要覆盖，请加 --force）")
        raise typer.Exit(2)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(out) as tmp:
            tmp.write_text(text, encoding="utf-8")
    except OSError as exc:
        console.err(f"错误：无法写出 {out}：{exc.strerror or exc}")
        raise typer.Exit(4)
    console.err(f"已写出全国通用规则配置：{out}（修改后用 --profile {out} 使用）")
