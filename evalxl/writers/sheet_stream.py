"""An xlsxwriter worksheet whose rows leave memory as they are finished, with the very
bytes xlsxwriter writes for them.

xlsxwriter holds every cell until the workbook is closed (its constant_memory mode writes
strings inline and rows without spans: other bytes). A StreamedSheet renders its rows with
xlsxwriter's own row and cell writers into a temporary file, sixteen rows at a time (the
block xlsxwriter computes a ``spans`` attribute over), once the caller says they are final
(``flush``), and copies that text into ``<sheetData>`` when the workbook is assembled. A
format's style index is given on its first use: sheets must be flushed whole in sheet
order (``flush()``) before a later sheet flushes, as xlsxwriter would number them.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile

from xlsxwriter.utility import xl_rowcol_to_cell_fast
from xlsxwriter.worksheet import Worksheet

BLOCK = 16  # rows per spans block (xlsxwriter's _calculate_spans)


class StreamedSheet(Worksheet):
    def __init__(self):
        super().__init__()
        self._rendered = None  # temporary file of the rows' XML so far
        self._next = 0  # first row not yet rendered

    def flush(self, below: int | None = None) -> None:
        """Render the rows before ``below`` (all rows when None) whose 16-row blocks are
        complete, and drop their cells."""
        if self.dim_rowmin is None:
            return
        last = self.dim_rowmax if below is None else (below // BLOCK) * BLOCK - 1
        if last < self._next:
            return
        with self.rendering():
            self._render(self._next, last)
        for row in range(self._next, last + 1):
            self.table.pop(row, None)
        self._next = last + 1

    def _render(self, first: int, last: int) -> None:
        """xlsxwriter's _write_rows over rows first..last (first starts a block)."""
        spans = self._spans(first, last)
        for row_num in range(first, last + 1):
            cells = self.table.get(row_num)
            if not (row_num in self.row_info or row_num in self.comments or cells):
                continue
            span = spans.get(row_num // BLOCK)
            if cells:
                self._write_row(row_num, span, self.row_info.get(row_num))
                row = []  # the row's common cells, written in one piece
                for col_num in range(self.dim_colmin, self.dim_colmax + 1):
                    if col_num in cells:
                        xml = self._cell_xml(row_num, col_num, cells[col_num])
                        if xml is None:
                            self.fh.write("".join(row))
                            row.clear()
                            super()._write_cell(row_num, col_num, cells[col_num])
                        else:
                            row.append(xml)
                row.append("</row>")
                self.fh.write("".join(row))
            else:
                self._write_empty_row(row_num, span, self.row_info.get(row_num))

    def _cell_xml(self, row: int, col: int, cell) -> str | None:
        """What xlsxwriter's _write_cell writes of a common cell (a formatted string, number
        or blank: the summary's cells are nearly all of them); None for any other."""
        kind = type(cell).__name__
        if cell.format is None or kind not in ("String", "Number", "Blank") or self.constant_memory:
            return None
        head = f'<c r="{xl_rowcol_to_cell_fast(row, col)}" s="{cell.format._get_xf_index()}"'
        if kind == "String":
            return f'{head} t="s"><v>{cell.string}</v></c>'
        if kind == "Number":
            return f"{head}><v>{cell.number:.16G}</v></c>"
        return f"{head}/>"

    def _spans(self, first: int, last: int) -> dict[int, str]:
        """xlsxwriter's _calculate_spans over rows first..last."""
        spans = {}
        low = high = None
        for row_num in range(first, last + 1):
            for used in (self.table.get(row_num), self.comments.get(row_num)):
                for col_num in used or ():
                    if self.dim_colmin <= col_num <= self.dim_colmax:
                        low = col_num if low is None else min(low, col_num)
                        high = col_num if high is None else max(high, col_num)
            if (row_num + 1) % BLOCK == 0 or row_num == self.dim_rowmax:
                if low is not None:
                    spans[row_num // BLOCK] = f"{low + 1}:{high + 1}"
                    low = high = None
        return spans

    def _write_sheet_data(self) -> None:
        if self._rendered is None:
            super()._write_sheet_data()
            return
        self.flush()
        self._xml_start_tag("sheetData")
        self._rendered.seek(0)
        if hasattr(self.fh, "buffer"):  # a file (not in_memory's StringIO): its UTF-8 bytes as they are
            self.fh.flush()
            shutil.copyfileobj(self._rendered.buffer, self.fh.buffer, 1 << 16)
        else:
            shutil.copyfileobj(self._rendered, self.fh, 1 << 16)
        self._rendered.close()
        self._xml_end_tag("sheetData")

    # The rows of a long sheet can also be written by the caller as finished XML, the
    # bytes _render would write for them (summary_findings.py), once the rows stored so far
    # are flushed: ``rendering`` gives the file they go to, ``rendered_to`` says how far.

    @contextlib.contextmanager
    def rendering(self):
        """The rendered rows' file as the sheet's output (xlsxwriter's _write_row writes there)."""
        if self._rendered is None:
            self._rendered = tempfile.TemporaryFile("w+", encoding="utf-8", prefix="evalxl-sheet-")
        fh, self.fh = self.fh, self._rendered
        try:
            yield self._rendered
        finally:
            self.fh = fh

    def rendered_to(self, row: int, col: int) -> None:
        """The caller wrote rows up to ``row``, cells up to column ``col``: the sheet's extent."""
        if row >= self._next:
            self._check_dimensions(row, col)
            self._next = row + 1
