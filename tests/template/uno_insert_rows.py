"""Run by a Python that has LibreOffice's `uno` module (not the test's interpreter):
open a filled template in LibreOffice, do what a unit does when it needs one more
indicator row, save, and report what LibreOffice computed, as JSON on stdout.

    python3 uno_insert_rows.py SOFFICE PROFILE_URI IN.xlsx OUT.xlsx

1. Unprotect the form (no password), insert a row between the two 数量指标 rows (row 14),
   fill it (…, 分值 5, 得分 5), and make the first 数量指标 row 分值 5 / 得分 5 so that the
   weights still add up; recalculate; save as .xlsx to OUT.xlsx.
2. Then insert a row right under the indicator header (row 13) and recalculate.

Reports the 总分 formulas and values after each step. Starts its own soffice (headless,
in the given throw-away profile, on a private pipe) and ends it, and only it.
"""

import json
import os
import signal
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main():
    soffice, profile_uri, src, dst = sys.argv[1:5]
    pipe = f"evalxl_test_{os.getpid()}"
    proc = subprocess.Popen(
        [soffice, f"-env:UserInstallation={profile_uri}", "--headless", "--invisible", "--norestore", "--nologo",
         f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    desktop = None
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(300):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.1)
        if ctx is None:
            raise SystemExit("could not connect to soffice")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, (prop("Hidden", True),))
        sheet = doc.Sheets.getByIndex(0)
        sheet.unprotect("")

        def cell(ref):
            return sheet.getCellRangeByName(ref)

        def total(row):
            return {"weight": cell(f"G{row}").getValue(), "score": cell(f"H{row}").getValue(),
                    "weight_formula": cell(f"G{row}").getFormula(), "score_formula": cell(f"H{row}").getFormula()}

        out = {"before": total(31)}
        sheet.getRows().insertByIndex(13, 1)  # 0-based 13: a new row 14, between the two 数量指标 rows
        cell("G13").setValue(5)
        cell("H13").setValue(5)
        cell("D14").setString("接入药店数")
        cell("E14").setString("≥50家")
        cell("F14").setString("60家")
        cell("G14").setValue(5)
        cell("H14").setValue(5)
        doc.calculateAll()
        out["inserted"] = total(32)
        out["merge_C13"] = sheet.getCellRangeByName("C13:C15").getIsMerged()
        doc.storeToURL(uno.systemPathToFileUrl(dst), (prop("FilterName", "Calc MS Excel 2007 XML"),))
        sheet.getRows().insertByIndex(12, 1)  # a new row 13, right under the header
        doc.calculateAll()
        out["under_header"] = total(33)
        doc.close(True)
        print(json.dumps(out))
    finally:
        if desktop is not None:
            try:
                desktop.terminate()
            except Exception:
                pass
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the session this script started, nothing else
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
