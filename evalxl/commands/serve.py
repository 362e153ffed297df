"""`evalxl serve`: the web page for finance staff (everything `run` does, in a browser)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

HELP = """启动本机审核页面：在浏览器中拖入自评表、文件夹或 .zip 压缩包，查看每张表的问题（在原表中标出）、下载自评汇总表和更正件。与 run 使用同一套审核和输出。

缺省只在本机（127.0.0.1）提供服务；用 --host 对局域网开放时必须使用访问令牌（自动生成并显示，或用 --token 指定）。按 Ctrl+C 停止。

退出码：0 正常停止；2 用法错误或无法启动（如端口被占用）。"""


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址；缺省只允许本机访问", show_default=False, metavar="HOST"),
    port: int = typer.Option(8765, "--port", help="端口，缺省 8765", show_default=False, min=1, max=65535, metavar="PORT"),
    no_browser: bool = typer.Option(False, "--no-browser", help="不自动打开浏览器"),
    profile_path: Optional[Path] = typer.Option(
        None, "--profile", help="缺省使用的规则配置文件（TOML）；页面上也可选择内置的各省规则", show_default=False, metavar="FILE"),
    token: Optional[str] = typer.Option(None, "--token", help="访问令牌（--host 非本机地址时使用；缺省自动生成）", show_default=False),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="并行处理的进程数，缺省为 CPU 核数", show_default=False, min=1, metavar="N"),
    keep_minutes: float = typer.Option(60, "--keep-minutes", help="审核结果保留多少分钟后自动删除，缺省 60", show_default=False, min=1, metavar="MIN"),
) -> None:
    from .. import console
    from ..batch import default_jobs
    from ..profile import ProfileError

    try:
        from ..web.app import ServeSettings
        from ..web.profiles import available
        from ..web.server import ServeError, serve as start
    except ImportError as exc:
        console.err(f"错误：缺少网页服务所需的组件（{exc.name}），请重新安装 evalxl（pip install evalxl）")
        raise typer.Exit(2)
    try:
        profiles = available(profile_path)
    except ProfileError as exc:
        console.err(f"错误：{exc}")
        raise typer.Exit(2)
    settings = ServeSettings(host=host, port=port, token=token, profiles=profiles, jobs=jobs or default_jobs(),
                             keep_seconds=keep_minutes * 60)
    try:
        start(settings, open_browser=not no_browser)
    except ServeError as exc:
        console.err(f"错误：{exc}")
        raise typer.Exit(2)
