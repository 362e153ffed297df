"""Writing a sheet's edited cells back into its XML: replaced in place, or inserted in
order into their row (a row created when missing), the row's spans and the sheet's
dimension widened to cover them.
"""

from __future__ import annotations

import re

from lxml import etree

from .cell_xml import widen_ref
from .sheet_xml import SheetXml


def splice(sheet: SheetXml, edits: dict[tuple[int, int], etree._Element], inserted: set[tuple[int, int]]) -> None:
    """The edited cells into the sheet's bytes (``inserted``: cells that did not exist)."""
    prefix = sheet.prefix
    new_rows: dict[int, list[tuple[int, bytes]]] = {}
    for pos, el in sorted(edits.items()):
        data = SheetXml.to_bytes(el)
        if pos in inserted:
            new_rows.setdefault(pos[0], []).append((pos[1], data))
        else:
            span = sheet.cell(*pos)
            sheet.replace(span.start, span.end, data)
    if not new_rows:
        return
    missing_rows: list[tuple[int, bytes]] = []
    for row, cells in sorted(new_rows.items()):
        cells.sort()
        span = sheet.row(row)
        if span is None:
            body = b"".join(d for _, d in cells)
            missing_rows.append((row, b"<" + prefix + b'row r="' + str(row).encode() + b'">' + body + b"</" + prefix + b"row>"))
            continue
        tag = sheet.data[span.start:span.tag_end]
        new_tag = _widen_spans(tag, [c for c, _ in cells])
        if span.self_closing:
            open_tag = new_tag[:-2].rstrip() + b">"
            sheet.replace(span.start, span.end, open_tag + b"".join(d for _, d in cells) + b"</" + prefix + b"row>")
            continue
        if new_tag != tag:
            sheet.replace(span.start, span.tag_end, new_tag)
        existing = sheet.cells(span)
        for col, data in cells:
            before = [c for c in existing if c.col < col]
            sheet.insert(before[-1].end if before else span.tag_end, data)
    if missing_rows:
        if sheet.sheetdata_empty:
            tag = sheet.data[sheet.sheetdata_start:sheet.sheetdata_end]
            open_tag = tag[:-2].rstrip() + b">"
            sheet.replace(sheet.sheetdata_start, sheet.sheetdata_end,
                          open_tag + b"".join(d for _, d in missing_rows) + b"</" + prefix + b"sheetData>")
        else:
            rows = sheet.rows()
            for row, data in missing_rows:
                after = next((r for r in rows if r.num > row), None)
                sheet.insert(after.start if after is not None else sheet.sheetdata_close, data)
    _widen_dimension(sheet, list(inserted))


def _widen_dimension(sheet: SheetXml, cells: list[tuple[int, int]]) -> None:
    for span in sheet.head():
        if span.name != "dimension":
            continue
        el = sheet.parse(span.start, span.end)
        ref = el.get("ref")
        if not ref:
            return
        new = widen_ref(ref, cells)
        if new != ref:
            el.set("ref", new)
            sheet.replace(span.start, span.end, SheetXml.to_bytes(el))
        return


_SPANS = re.compile(rb"""(\sspans\s*=\s*["'])(\d+):(\d+)(["'])""")


def _widen_spans(tag: bytes, cols: list[int]) -> bytes:
    m = _SPANS.search(tag)
    if not m:
        return tag
    lo, hi = int(m.group(2)), int(m.group(3))
    nlo, nhi = min([lo, *cols]), max([hi, *cols])
    if (nlo, nhi) == (lo, hi):
        return tag
    return tag[:m.start()] + m.group(1) + f"{nlo}:{nhi}".encode() + m.group(4) + tag[m.end():]
