"""Render the printed page of the blank template to docs/template.png.

    python docs/make_template_png.py [WORKBOOK] [--out docs/template.png] [--dpi 110]

WORKBOOK defaults to templates/项目支出绩效自评表.xlsx. LibreOffice (soffice, headless, in a
throw-away user profile under /tmp so that no setting of the user's own LibreOffice is
read or changed, and set to recalculate formulas on load) prints the workbook to PDF
with the page setup the workbook carries (A4, one page wide); pdftoppm (poppler) turns the
first page, the form itself, into a PNG.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BOOK = ROOT / "templates" / "项目支出绩效自评表.xlsx"
DEFAULT_OUT = ROOT / "docs" / "template.png"

# Recalculate every formula when a file is loaded (0 = always), whatever the file's cache.
RECALC_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
</oor:items>
"""


def soffice_convert(book: Path, fmt: str, outdir: Path, timeout: float = 180) -> Path:
    """Convert ``book`` with headless LibreOffice in an isolated profile; return the output
    file (the first one LibreOffice wrote)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise SystemExit("soffice (LibreOffice) not found on PATH")
    profile = Path(tempfile.mkdtemp(prefix="evalxl-lo-"))
    try:
        (profile / "user").mkdir()
        (profile / "user" / "registrymodifications.xcu").write_text(RECALC_XCU, encoding="utf-8")
        outdir.mkdir(parents=True, exist_ok=True)
        cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nologo",
               "--convert-to", fmt, "--outdir", str(outdir), str(book)]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        ext = fmt.split(":", 1)[0]
        outs = sorted(outdir.glob(f"{book.stem}*.{ext}"))
        if proc.returncode != 0 or not outs:
            raise RuntimeError(f"soffice failed ({proc.returncode}): {proc.stdout}\n{proc.stderr}")
        return outs[0]
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def render(book: Path, out: Path, dpi: int = 110) -> Path:
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm (poppler) not found on PATH")
    with tempfile.TemporaryDirectory(prefix="evalxl-png-") as tmp:
        tmp = Path(tmp)
        src = tmp / "template.xlsx"  # a plain name: soffice output names follow the input's
        shutil.copyfile(book, src)
        pdf = soffice_convert(src, "pdf", tmp / "pdf")
        base = tmp / "page"
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(base)],
                       check=True, capture_output=True, timeout=120)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(base.with_suffix(".png"), out)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("book", nargs="?", type=Path, default=DEFAULT_BOOK)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--dpi", type=int, default=110)
    args = ap.parse_args(argv)
    out = render(args.book, args.out, args.dpi)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
