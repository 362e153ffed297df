""".xls → .xlsx for the corrected copy: a legacy workbook has no package to keep, so it
is rebuilt with xlsxwriter from what xlrd reads (formatting_info=True), then corrected
like any .xlsx.

Kept: every sheet in order with its visibility, cell values (a formula as its cached value:
xlrd gives no formula text), merges, column widths and hidden columns, row heights and
hidden rows, number formats, fonts (name, size, bold, italic, underline, strike, colour),
fills (pattern and colours), borders (style and colour per side), alignment (horizontal,
vertical, wrap, indent, rotation, shrink), notes, frozen panes, grid lines, the selected
sheet. Not kept: hyperlinks, images and charts, print setup, data validation,
conditional formats (xlrd reads none of them).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import BinaryIO

from ..package import open_xls

# BIFF alignment codes -> xlsxwriter names
_HALIGN = {1: "left", 2: "center", 3: "right", 4: "fill", 5: "justify", 6: "center_across", 7: "distributed"}
_VALIGN = {0: "top", 1: "vcenter", 2: "bottom", 3: "vjustify", 4: "vdistributed"}
_UNDERLINE = {1: 1, 2: 2, 0x21: 33, 0x22: 34}
_AUTO_COLOURS = {64, 65, 0x7FFF, 81}  # system foreground/background, automatic, tooltip
MAX_ROWS, MAX_COLS = 1_048_576, 16_384


def _hex(book, index: int) -> str | None:
    if index in _AUTO_COLOURS:
        return None
    rgb = book.colour_map.get(index)
    if not rgb:
        return None
    return "#{:02X}{:02X}{:02X}".format(*rgb)


def _format_props(book, xf_index: int) -> dict:
    xf = book.xf_list[xf_index]
    props: dict = {}
    fmt = book.format_map.get(xf.format_key)
    if fmt is not None and fmt.format_str and fmt.format_str != "General":
        props["num_format"] = fmt.format_str
    if 0 <= xf.font_index < len(book.font_list):
        font = book.font_list[xf.font_index]
        props["font_name"] = font.name
        props["font_size"] = font.height / 20
        if font.bold or font.weight >= 700:
            props["bold"] = True
        if font.italic:
            props["italic"] = True
        if font.struck_out:
            props["font_strikeout"] = True
        if font.underline_type in _UNDERLINE:
            props["underline"] = _UNDERLINE[font.underline_type]
        if font.escapement in (1, 2):
            props["font_script"] = font.escapement
        color = _hex(book, font.colour_index)
        if color:
            props["font_color"] = color
    al = xf.alignment
    if al.hor_align in _HALIGN:
        props["align"] = _HALIGN[al.hor_align]
    if al.vert_align in _VALIGN and al.vert_align != 2:  # bottom is the default
        props["valign"] = _VALIGN[al.vert_align]
    if al.text_wrapped:
        props["text_wrap"] = True
    if al.indent_level:
        props["indent"] = al.indent_level
    if al.shrink_to_fit:
        props["shrink"] = True
    if al.rotation:
        r = al.rotation
        props["rotation"] = 270 if r == 255 else (r if r <= 90 else 90 - r)
    b = xf.border
    for side in ("left", "right", "top", "bottom"):
        style = getattr(b, f"{side}_line_style")
        if style:
            props[side] = style
            color = _hex(book, getattr(b, f"{side}_colour_index"))
            if color:
                props[f"{side}_color"] = color
    if b.diag_line_style and (b.diag_up or b.diag_down):
        props["diag_border"] = b.diag_line_style
        props["diag_type"] = 3 if b.diag_up and b.diag_down else (1 if b.diag_up else 2)
        color = _hex(book, b.diag_colour_index)
        if color:
            props["diag_color"] = color
    bg = xf.background
    if bg.fill_pattern:
        props["pattern"] = bg.fill_pattern
        fg = _hex(book, bg.pattern_colour_index)
        back = _hex(book, bg.background_colour_index)
        if fg:
            props["fg_color"] = fg
        if back and bg.fill_pattern != 1:
            props["bg_color"] = back
    if not xf.protection.cell_locked:
        props["locked"] = False
    if xf.protection.formula_hidden:
        props["hidden"] = True
    return props


def convert(src: Path, dst: Path | BinaryIO) -> None:
    """Write ``dst`` (.xlsx: a path or a binary stream) from the .xls ``src``."""
    import xlrd
    import xlsxwriter

    book = open_xls(src, reuse=True)  # the book the audit just read, when it is this file's
    try:
        default = {}
        if book.font_list:
            default = {"font_name": book.font_list[0].name, "font_size": book.font_list[0].height / 20}
        out = xlsxwriter.Workbook(dst if hasattr(dst, "write") else str(dst), {"default_format_properties": default, "strings_to_formulas": False,
                                             "strings_to_urls": False, "strings_to_numbers": False,
                                             "date_1904": book.datemode == 1,
                                             "in_memory": True})  # no temp file per part
        created = dt.datetime.fromtimestamp(Path(src).stat().st_mtime, dt.timezone.utc).replace(tzinfo=None, microsecond=0)
        out.set_properties({"created": created})
        formats: dict[int, object] = {}

        def fmt(xf_index: int):
            if xf_index not in formats:
                props = _format_props(book, xf_index) if 0 <= xf_index < len(book.xf_list) else {}
                formats[xf_index] = out.add_format(props) if props else None
            return formats[xf_index]

        selected = None
        for sheet in book.sheets():
            ws = out.add_worksheet(sheet.name)
            _copy_sheet(book, sheet, ws, fmt, xlrd)
            if sheet.visibility == 1:
                ws.hide()
            elif sheet.visibility == 2:
                ws.very_hidden() if hasattr(ws, "very_hidden") else ws.hide()
            elif sheet.sheet_selected and selected is None:
                selected = ws
        if selected is not None:
            selected.activate()
        out.close()
    finally:
        book.release_resources()


def _xf_index(sheet, row: int, col: int) -> int:
    try:
        return sheet.cell_xf_index(row, col)
    except IndexError:
        return -1


def _copy_sheet(book, sheet, ws, fmt, xlrd) -> None:
    for col, info in sorted(sheet.colinfo_map.items()):
        if col >= MAX_COLS:
            continue
        width = max(0.0, info.width / 256 - 0.71)
        options = {"hidden": True} if info.hidden else {}
        ws.set_column(col, col, round(width, 2), fmt(info.xf_index), options)
    for row, info in sorted(sheet.rowinfo_map.items()):
        if row >= MAX_ROWS:
            continue
        height = None if info.has_default_height and not info.height_mismatch else info.height / 20
        options = {"hidden": True} if info.hidden else {}
        row_fmt = fmt(info.xf_index) if getattr(info, "has_xf_index", 0) else None
        if height is not None or options or row_fmt is not None:
            ws.set_row(row, height, row_fmt, options)
    from xlsxwriter.exceptions import OverlappingRange

    for r1, r2, c1, c2 in sheet.merged_cells:
        if (r2 - r1 > 1 or c2 - c1 > 1) and r2 <= MAX_ROWS and c2 <= MAX_COLS:
            try:
                ws.merge_range(r1, c1, r2 - 1, c2 - 1, "", fmt(_xf_index(sheet, r1, c1)))
            except OverlappingRange:
                continue  # a damaged file with overlapping merges: the first one stands
    for r in range(sheet.nrows):
        for c in range(sheet.row_len(r)):
            ctype = sheet.cell_type(r, c)
            xfi = sheet.cell_xf_index(r, c)
            f = fmt(xfi)
            v = sheet.cell_value(r, c)
            if ctype in (xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_DATE):
                ws.write_number(r, c, v, f)
            elif ctype == xlrd.XL_CELL_TEXT:
                ws.write_string(r, c, v, f)
            elif ctype == xlrd.XL_CELL_BOOLEAN:
                ws.write_boolean(r, c, bool(v), f)
            elif ctype == xlrd.XL_CELL_ERROR:
                ws.write_string(r, c, xlrd.error_text_from_code.get(v, "#N/A"), f)
            elif ctype == xlrd.XL_CELL_BLANK and f is not None:
                ws.write_blank(r, c, None, f)
    for (r, c), note in sorted(sheet.cell_note_map.items()):
        ws.write_comment(r, c, note.text, {"author": note.author or ""})
    if sheet.panes_are_frozen and (sheet.horz_split_pos or sheet.vert_split_pos):
        ws.freeze_panes(sheet.horz_split_pos, sheet.vert_split_pos)
    if not sheet.show_grid_lines:
        ws.hide_gridlines(2)
