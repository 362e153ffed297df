"""What reading an .xlsx costs, layer by layer, against python-calamine: where a faster
`check` reader can and cannot come from.

    python benchmarks/read_floors.py FOLDER

For the .xlsx files of FOLDER it prints CPU ms per workbook (time.process_time, best of
3 passes after a warm-up) of: calamine reading every sheet (the bench's floor_read);
inflating and parsing the sheet, shared-string, styles and workbook parts with lxml and
nothing else (the least any reader that needs formulas and number formats pays, since
calamine gives neither); evalxl's package layer (rels, content types, strings, formats,
sheet list); and evalxl's whole read to Grids. Run by hand from the checkout's root.
"""

from __future__ import annotations

import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evalxl.package import XlsxPackage  # noqa: E402
from evalxl.reader.grid import read_xlsx  # noqa: E402

XML_PARTS = ("xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml")


def calamine(path: Path) -> None:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    for name in wb.sheet_names:
        wb.get_sheet_by_name(name).to_python()


def lxml_parse(path: Path) -> None:
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet") or name in XML_PARTS:
                etree.fromstring(z.read(name))


def package(path: Path) -> None:
    with XlsxPackage(path) as pkg:
        pkg.shared_strings()
        pkg.number_formats()
        pkg.sheets()


def evalxl_read(path: Path) -> None:
    with XlsxPackage(path) as pkg:
        for _ in read_xlsx(pkg):
            pass


def main() -> None:
    files = sorted(p for p in Path(sys.argv[1]).rglob("*.xlsx"))
    if not files:
        sys.exit("no .xlsx in " + sys.argv[1])
    for label, fn in (("calamine, every sheet", calamine), ("lxml parse of the parts only", lxml_parse),
                      ("evalxl package layer", package), ("evalxl read to Grids", evalxl_read)):
        for f in files:
            fn(f)
        best = float("inf")
        for _ in range(3):
            t = time.process_time()
            for f in files:
                fn(f)
            best = min(best, time.process_time() - t)
        print(f"{label:32s} {best / len(files) * 1000:6.2f} ms/wb  ({len(files)} .xlsx)")


if __name__ == "__main__":
    main()
