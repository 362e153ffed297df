@echo off
chcp 65001 >nul
rem evalxl 审核页面：双击启动（或在桌面上为本文件创建快捷方式）。关闭此窗口即停止。
title evalxl 审核页面（关闭此窗口即停止）
where evalxl >nul 2>nul
if %errorlevel%==0 (
  evalxl serve %*
) else (
  py -m evalxl.cli serve %* 2>nul || python -m evalxl.cli serve %*
)
if errorlevel 1 (
  echo.
  echo 未能启动 evalxl 审核页面。如提示找不到 evalxl，请先安装：pip install evalxl
  pause
)
