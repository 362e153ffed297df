"""evalxl: audit 项目支出绩效自评表 workbooks."""

__version__ = "0.1.0"
