"""The fast path of the .xlsx sheet reader: a worksheet part read through sheet_scan's
expressions over its text into the same Grid xlsx_sheet's lxml reader builds (the cell
rules are that module's: _make_cell, _typed_value). ScanRefused sends the part back to the
lxml reader.
"""

from __future__ import annotations

from ..package import NS_MAIN
from . import sheet_scan as scan
from .grid import Grid, RawCell, RowWindow
from .xlsx_sheet import (_COLUMNS, _SheetState, _add_merge, _col_of, _finish, _has_label, _make_cell, _passed_blank,
                          _typed_value)


def scan_sheet(data: bytes, name: str, sheet: "_SheetState") -> Grid:
    """The part read as text (raises ScanRefused for a shape the scan does not read)."""
    text = scan.part_text(data, NS_MAIN)
    grid = Grid(name)
    data, around = scan.sheet_data(text)
    window = _scan_usual_rows(data, sheet, grid.rows)
    if window is None:  # a shape beyond the usual ones: the full expressions
        grid.rows.clear()
        window = RowWindow(_has_label)
        _scan_rows(data, sheet, window, grid.rows)
        around = text  # they pass over elements in an <is>: a <mergeCell> there counts, as in the tree
    for ref in scan.merge_refs(around):  # merges and rows do not depend on each other's order
        _add_merge(grid, ref)
    return _finish(grid, window, sheet)


def _scan_usual_rows(data: str, sheet: "_SheetState", rows: dict) -> RowWindow | None:
    """_scan_rows for a <sheetData> made of the usual shapes alone (sheet_scan.USUAL): every
    cell has an r, so blanks matter to no other cell. None when anything else is there (the
    "<" the matches hold fall short of the text's)."""
    cells = None
    row_no = held = 0
    read: list[tuple[int, dict]] = []  # (row, cells) of the rows with cells, in order
    labelled = False  # a label in any of them (asked until one is found)
    columns = _COLUMNS
    for (letters, s, t, blank, v_raw, is_tag, is_raw, f_tag, f_raw, fv_tag, fv_raw, fv_empty,
         row_r, _, row_empty, row_end) in scan.USUAL.findall(data):
        if letters:
            if cells is None:
                return None  # a cell outside a row
            if blank:
                held += 1
                continue
            col = columns.get(letters) or columns.setdefault(letters, _col_of(letters))
            if not (is_tag or f_tag):  # most cells: one <v>
                held += 4
                cell = _value_cell(sheet, t, s, v_raw)
                if cell is not None:
                    cells[col] = cell
                continue
            held += 6 if is_tag or fv_tag else 5 if fv_empty else 4
            v_text = (scan.unescape(fv_raw) or None) if fv_tag else None  # <v/>: no text, as <v></v>
            formula = (scan.unescape(f_raw) or None, None, "") if f_tag else None
            cell = _make_cell(sheet, row_no, col, letters, t or "n", s or None, v_text, bool(fv_tag or fv_empty), formula,
                              scan.unescape(is_raw) if is_tag else None)
            if cell is not None:
                cells[col] = cell
        elif row_r:
            held += 1
            if cells is not None:
                return None  # a row inside a row
            row_no = int(row_r)
            cells = None if row_empty else {}
        elif row_end:
            held += 1
            if cells:
                read.append((row_no, cells))
                labelled = labelled or _has_label(cells)
            cells = None
    if cells is not None or held != data.count("<"):
        return None
    return _keep(read, labelled, rows)


def _keep(read: list[tuple[int, dict]], labelled: bool, rows: dict) -> RowWindow:
    """The rows a RowWindow keeps of ``read``. A labelled sheet whose rows all lie within
    ``before`` rows of each other keeps them all, in order (each is within reach of a label
    above or below it), without asking each row for a label; any other goes through it."""
    window = RowWindow(_has_label)
    numbers = [r for r, _ in read]
    if labelled and min(numbers) >= 1 and max(numbers) - min(numbers) <= window.before:
        for r, cells in read:
            rows[r] = cells
    else:
        for r, cells in read:
            window.offer(rows, r, cells)
    return window


def _scan_rows(data: str, sheet: "_SheetState", window: RowWindow, rows: dict) -> None:
    """_tree_sheet's rows and _read_row's cells, over <sheetData>'s text (sheet_scan.DATA)."""
    cells = None  # the open row's cells (None: between rows)
    row_no = col_no = 0
    skipped_ref = None  # as in _read_row
    columns = _COLUMNS
    for (blank, row_tag, row_r, row_attrs, row_empty, row_end, c_tag, letters, digits, s, t, attrs,
         v_tag, v_raw, body, other) in scan.DATA.findall(data):
        if not c_tag:
            if row_tag:
                if cells is not None or window.full_at is not None:
                    if cells is not None:
                        raise scan.ScanRefused  # a row inside a row
                    return  # past the rows a sheet may keep
                row_no = int(row_r) if row_r else scan.row_number(row_attrs, row_no)
                cells = None if row_empty else {}
                col_no, skipped_ref = 0, None
            elif row_end:
                if cells:
                    window.offer(rows, row_no, cells)
                cells = None
            elif other:
                raise scan.ScanRefused  # neither a row nor a cell
            continue
        if cells is None:
            raise scan.ScanRefused  # a cell outside a row
        if blank:
            skipped_ref = blank  # the column letters of the r, all _col_of reads of it
        if letters:  # the usual r="B12" s="3" t="s" (ref: its letters, all that is read of it here)
            ref, s, t = letters, s or None, t or "n"
        else:
            a = scan.attributes(attrs) if attrs else {}
            ref, s, t = a.get("r"), a.get("s"), a.get("t", "n")
        if not v_tag and "<" not in body and t != "inlineStr":  # no child element: a styled blank
            skipped_ref, col_no = _passed_blank(ref, skipped_ref, col_no)
            continue
        if not ref:
            col_no = (_col_of(skipped_ref) if skipped_ref else col_no) + 1
        elif letters:
            col_no = columns.get(letters) or columns.setdefault(letters, _col_of(letters))
        else:
            col_no = _col_of(ref) or col_no + 1
        skipped_ref = None
        if v_tag:  # most cells: one value and nothing else
            cell = _value_cell(sheet, t, s, v_raw)
            if cell is not None:
                cells[col_no] = cell
            continue
        if letters:
            ref = letters + digits  # a shared formula's master keeps its address
        v_text, has_v, formula, inline = scan.children(body)
        cell = _make_cell(sheet, row_no, col_no, ref, t, s, v_text, has_v, formula, inline)
        if cell is not None:
            cells[col_no] = cell
    if cells is not None:
        raise scan.ScanRefused  # a row left open


def _value_cell(sheet: _SheetState, t: str, s: str | None, v_raw: str) -> RawCell | None:
    """_make_cell for a cell holding one <v> and nothing else (most cells), shortened (``t``
    "" or "n": a number)."""
    fmt = sheet.fmt_of.get(s) or sheet.format_of(s)  # first, as _make_cell does
    if not v_raw:
        return None  # no value: _typed_value reads None whatever t is
    if "&" in v_raw:
        v_raw = scan.unescape(v_raw)
    if t == "s":
        try:
            value = sheet.strings[int(v_raw)]
        except (ValueError, IndexError):
            return None
    elif (not t or t == "n") and len(v_raw) < 16 and v_raw.isdigit() and v_raw.isascii():
        value = int(v_raw)  # what _to_number makes of a plain whole number (under 1e15)
    else:
        value = _typed_value(t or "n", v_raw, None, sheet.strings)
    return None if value is None or value == "" else RawCell(value, None, True, fmt)
