"""Instructions per workbook of locating the tables (the phase "locate tables" of phases.py:
reader._add_sheet over grids already read), counted by callgrind. On a machine shared by
several users CPU time moves by ±30 % between runs; this count moves by well under 1 %.

    python benchmarks/locate_instr.py [FOLDER] [--every N]

The workbooks (every Nth of FOLDER, default /tmp/c300 and 3) are read first; then every
sheet's grid is located once to warm the memos, and twice more inside functools.reduce,
under `valgrind --tool=callgrind --toggle-collect=functools_reduce`: only those two passes
are counted. PYTHONHASHSEED=0 keeps string hashes, and so dict probing, the same each run.
Run by hand from the checkout's root (valgrind needed).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _locate_twice(folder: Path, every: int) -> None:
    import evalxl.reader as reader
    from evalxl.model import Workbook
    from evalxl.package import DEFAULT_LIMITS, XlsxPackage, open_xls
    from evalxl.reader.grid import read_xls
    from evalxl.reader.xlsx_sheet import read_xlsx

    books = []
    for p in sorted(p for p in folder.iterdir() if p.suffix.lower() in (".xlsx", ".xlsm", ".xls"))[::every]:
        if p.suffix.lower() == ".xls":
            book = open_xls(p)
            books.append(list(read_xls(book)))
            book.release_resources()
        else:
            with XlsxPackage(p, DEFAULT_LIMITS) as pkg:
                books.append([(ref.name, ref.state, grid) for ref, grid in read_xlsx(pkg)])

    def one_pass():
        for sheets in books:
            wb = Workbook("x", "xlsx")
            for name, state, grid in sheets:
                reader._add_sheet(wb, name, state, grid)

    from callgrind_count import counted_twice

    counted_twice(one_pass, len(books))


def main() -> None:
    from callgrind_count import per_workbook  # benchmarks/, the script's folder, is on the path

    per_workbook(__doc__, "locate tables", _locate_twice)


if __name__ == "__main__":
    main()
