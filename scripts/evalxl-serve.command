#!/bin/sh
# evalxl 审核页面：在 macOS 访达中双击启动（Linux 桌面：右键「作为程序运行」）。关闭终端窗口即停止。
if command -v evalxl >/dev/null 2>&1; then
  evalxl serve "$@"
else
  python3 -m evalxl.cli serve "$@"
fi
status=$?
if [ $status -ne 0 ]; then
  echo
  echo "未能启动 evalxl 审核页面。如提示找不到 evalxl，请先安装：pip install evalxl"
  printf '按回车键关闭窗口……'
  read _
fi
exit $status
