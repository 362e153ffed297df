"""Writers: the corrected copy, the 审核意见 sheet, the 汇总表 and findings.json."""
