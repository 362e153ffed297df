"""Render what `evalxl run samples` gives a finance officer: the 汇总表's first printed page
(docs/summary.png) and the first page of a corrected copy (docs/corrected.png).

    python docs/make_summary_png.py [--dpi 110]

Runs the audit on the seed samples (samples/*, not samples/real/) into a temp folder, then prints with headless LibreOffice and
poppler exactly as docs/make_template_png.py does (isolated profile, formulas recalculated).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_template_png import ROOT, render  # noqa: E402

sys.path.insert(0, str(ROOT))  # this checkout's evalxl, not an installed one

CORRECTED_EXAMPLE = "区医保局_医保信息化建设项目自评表.xlsx"


def main(argv: list[str] | None = None) -> int:
    from evalxl.batch import RunSettings, run
    from evalxl.profile import national

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dpi", type=int, default=110)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="evalxl-summary-") as tmp:
        # one department's inbox: the seed samples (samples/real/ holds other provinces' forms)
        inbox = Path(tmp) / "inbox"
        inbox.mkdir()
        for p in (ROOT / "samples").iterdir():
            if p.is_file() and not p.name.startswith("."):
                shutil.copy2(p, inbox / p.name)
        out = Path(tmp) / "out"
        run(RunSettings(inbox=inbox, out=out, profile=national(), jobs=2))
        for book, png in ((out / "自评汇总表.xlsx", "summary.png"), (out / "corrected" / CORRECTED_EXAMPLE, "corrected.png")):
            print(f"wrote {render(book, ROOT / 'docs' / png, args.dpi)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
