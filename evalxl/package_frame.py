"""What is read of an .xlsx package's frame (its relationships, content types, sheet list
and number formats), parsed once per distinct part in a run (evalxl.package reads the
parts and asks here).
"""

from __future__ import annotations

from lxml import etree

# Excel's built-in number formats (ECMA-376 §18.8.30); only these ids have no <numFmt>.
BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%",
    11: "0.00E+00", 12: "# ?/?", 13: "# ??/??", 14: "yyyy/m/d", 15: "d-mmm-yy", 16: "d-mmm",
    17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss",
    22: "yyyy/m/d h:mm", 37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)",
    39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)", 45: "mm:ss",
    46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}


# What is read of a package's frame (its relationships, content types, sheet list and
# number formats), kept per run and keyed by the part's whole bytes: the workbooks a batch
# gathers from one template and one program share these parts byte for byte, so each
# distinct part is parsed once. The same bytes give the same reading, and a part that fails
# to parse is never kept (it raises afresh). Values are copied out: callers own them.
_FRAME: dict[tuple, object] = {}
_FRAME_SIZE = 128
_FRAME_PART = 32 * 1024  # the largest part kept (its bytes are the key): at most 4 MB of keys a process


def frame_memo(key: tuple, make):
    if len(key[-1]) > _FRAME_PART:
        return make()  # a part this large is no template's frame: not kept
    got = _FRAME.get(key)
    if got is None:
        if len(_FRAME) >= _FRAME_SIZE:
            _FRAME.clear()
        got = _FRAME[key] = make()
    return got


def overrides(root: etree._Element) -> dict[str, str | None]:
    """[Content_Types].xml's content type of each part named (the first entry naming it
    wins). A comment or processing instruction among the entries is not an entry: Excel
    reads past it, and so do we."""
    out: dict[str, str | None] = {}
    for el in root:
        if not isinstance(el.tag, str):  # a comment or processing instruction
            continue
        out.setdefault(el.get("PartName", "").lstrip("/"), el.get("ContentType"))
    return out


def sheet_list(root: etree._Element, ns_main: str, ns_rel: str) -> tuple[tuple[str | None, str, str], ...]:
    """(name, relationship id, state) of every <sheet> of a workbook part, in order."""
    return tuple((el.get("name"), el.get(f"{{{ns_rel}}}id", ""), el.get("state", "visible"))
                 for el in root.iter(f"{{{ns_main}}}sheet"))


def number_formats(root: etree._Element, ns_main: str) -> tuple[str, ...]:
    """The number format code of each cellXfs entry of a styles part, by style index."""
    formats: list[str] = []
    custom = {}
    numfmts = root.find(f"{{{ns_main}}}numFmts")
    if numfmts is not None:
        for nf in numfmts:
            try:
                custom[int(nf.get("numFmtId", "-1"))] = nf.get("formatCode", "General")
            except ValueError:
                continue
    xfs = root.find(f"{{{ns_main}}}cellXfs")
    if xfs is not None:
        for xf in xfs:
            try:
                fid = int(xf.get("numFmtId", "0"))
            except ValueError:
                fid = 0
            formats.append(custom.get(fid) or BUILTIN_FORMATS.get(fid, "General"))
    return tuple(formats or ["General"])
