"""The parts of reading an .xlsx into Grids, each timed alone over a folder's workbooks.

    python benchmarks/read_parts.py FOLDER [--repeat 9]

Each line is the least CPU time (time.process_time) of --repeat passes over every .xlsx of
FOLDER, in ms per .xlsx: the least of several passes moves far less than one pass when
others share the machine. Run from the checkout to measure; phases.py gives the phase as a
whole, in the pipeline.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evalxl import xml_scan  # noqa: E402
from evalxl.package import NS_MAIN, XlsxPackage, probe_package  # noqa: E402
from evalxl.reader import sheet_scan  # noqa: E402
from evalxl.reader.xlsx_scan import scan_sheet  # noqa: E402
from evalxl.reader.xlsx_sheet import _SheetState, read_xlsx  # noqa: E402
from evalxl.zip_guard import well_formed  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--repeat", type=int, default=9)
    args = ap.parse_args()
    paths = sorted(p for p in args.folder.iterdir() if p.suffix.lower() == ".xlsx")
    n = len(paths)

    def timed(label: str, fn, items) -> None:
        best = float("inf")
        for _ in range(args.repeat):
            t = time.process_time()
            for x in items:
                fn(x)
            best = min(best, time.process_time() - t)
        print(f"{label:34} {1000 * best / n:7.4f} ms/xlsx")

    pkgs = [XlsxPackage(p) for p in paths]
    sheets = []  # (part bytes, strings, formats) of every worksheet
    for pkg in pkgs:
        strings, formats = pkg.shared_strings(), pkg.number_formats()
        sheets += [(pkg.read(ref.part), strings, formats) for ref in pkg.sheets()]
    texts = [sheet_scan.part_text(d, NS_MAIN) for d, _, _ in sheets]

    def whole(p: Path) -> None:
        _, probe = probe_package(p)
        with probe.as_workbook() as pkg:
            for _ in read_xlsx(pkg):
                pass

    def formats(pkg: XlsxPackage) -> None:
        pkg._styles_formats = None  # read again, not the package's memo
        pkg.number_formats()

    timed("whole read (probe + read_xlsx)", whole, paths)
    timed("zip: every member read", lambda pkg: [pkg.read(i.filename) for i in pkg.zip.infolist()], pkgs)
    timed("  zipfile alone", lambda pkg: [pkg.zip.read(i) for i in pkg.zip.infolist()], pkgs)
    timed("shared strings", lambda pkg: pkg.shared_strings(), pkgs)
    timed("number formats (styles)", formats, pkgs)
    timed("sheets (workbook + rels)", lambda pkg: pkg.sheets(), pkgs)
    timed("sheets: well_formed", lambda s: well_formed(s[0]), sheets)
    timed("sheets: part_text", lambda s: sheet_scan.part_text(s[0], NS_MAIN), sheets)
    inner = [sheet_scan.sheet_data(t) for t in texts]
    inner = [d[0] if isinstance(d, tuple) else d for d in inner]  # (inner, around) since read2; inner before
    timed("sheets: USUAL findall", sheet_scan.USUAL.findall, inner)
    timed("sheets: scan_sheet (text -> Grid)", lambda s: scan_sheet(s[0], "S", _SheetState(s[1], s[2])), sheets)
    timed("  merge refs", sheet_scan.merge_refs, texts)
    timed("xml_scan.shared_strings (text)", xml_scan.shared_strings,
          [xml_scan.part_text(pkg.read(pkg._related("/sharedStrings")), NS_MAIN)
           for pkg in pkgs if pkg._related("/sharedStrings")])
    for pkg in pkgs:
        pkg.close()


if __name__ == "__main__":
    main()
