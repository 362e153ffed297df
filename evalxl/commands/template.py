"""`evalxl template [--out FILE] [--year 2025] [--profile FILE]`: write the blank
项目支出绩效自评表 of the national layout (evalxl/template.py), atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..profile import PROFILE_HELP

HELP = """生成空白的项目支出绩效自评表（财预〔2020〕10号 附件格式）：执行率、资金得分、总分为公式，填报单元格有底纹和数据校验，另附「填表说明」工作表（评分规则取自规则配置）。

缺省写到当前文件夹的「项目支出绩效自评表.xlsx」；文件已存在时不覆盖，除非加 --force。

--out 以 / 结尾或没有扩展名时是文件夹，不存在则新建。

退出码：0 已写出；2 用法错误（参数有误、规则配置文件有误、文件已存在）；4 无法写出文件。"""

SHORT = "生成空白的项目支出绩效自评表"


def _default_year() -> int:
    import datetime as dt

    return dt.date.today().year - 1


def template(
    out: Optional[Path] = typer.Option(
        None, "--out", "-o", help="输出文件（.xlsx）或文件夹，缺省为当前文件夹的「项目支出绩效自评表.xlsx」",
        show_default=False, metavar="文件或文件夹"),
    year: Optional[int] = typer.Option(
        None, "--year", help="评价年度，缺省为上一年", show_default=False, min=2000, max=2099, metavar="年度"),
    profile_path: Optional[Path] = typer.Option(
        None, "--profile", help=PROFILE_HELP, show_default=False, metavar="文件或名称"),
    force: bool = typer.Option(False, "--force", "-f", help="输出文件已存在时覆盖"),
) -> None:
    from .. import console
    from ..atomic import atomic_path
    from ..profile import ProfileError, load_profile
    from ..template import FILE_NAME, build

    try:
        profile = load_profile(profile_path)
    except ProfileError as exc:
        console.err(f"错误：{exc}")
        raise typer.Exit(2)
    year = _default_year() if year is None else year
    target = Path(out) if out is not None else Path(FILE_NAME)
    # 表格/ (or an existing folder, or a name without .xlsx) is a folder: made if need be
    if target.is_dir() or str(out or "").endswith(("/", "\\")) or (out is not None and not target.suffix):
        target = target / FILE_NAME
    if target.suffix.lower() != ".xlsx":
        console.err(f"错误：输出文件应以 .xlsx 结尾：{target}")
        raise typer.Exit(2)
    if target.exists() and not force:
        console.err(f"错误：文件已存在：{target}（如要覆盖，请加 --force）")
        raise typer.Exit(2)
    try:
        data = build(profile, year, None)
    except ProfileError as exc:
        console.err(f"错误：{exc}")
        raise typer.Exit(2)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(target) as tmp:
            tmp.write_bytes(data)
    except OSError as exc:
        console.err(f"错误：无法写出 {target}：{exc.strerror or exc}")
        raise typer.Exit(4)
    console.write(f"已写出空白模板：{target}（{year}年度，评分规则：{profile.title}）")
