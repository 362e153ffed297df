"""Helpers for the corrected-copy tests: the fixture builders, a package taken apart part
by part (as XlsxWriter's comparison tests do), cells of a sheet by address."""

from __future__ import annotations

import importlib.util
import shutil
import sys
import zipfile
from pathlib import Path

from lxml import etree

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLES = Path(__file__).resolve().parents[2] / "samples"
NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
}
HIGHLIGHT = "FFFFFF00"


def builder(name: str):
    """A script of tests/fixtures/ loaded as a module."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, FIXTURES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return [i.filename for i in z.infolist()]


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def infos(path: Path) -> dict[str, zipfile.ZipInfo]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: i for i in z.infolist()}


def xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def cells(sheet: bytes) -> dict[str, etree._Element]:
    return {c.get("r"): c for c in xml(sheet).iter(f"{{{NS['m']}}}c")}


def shape(el: etree._Element) -> tuple:
    """An element's meaning, whatever its bytes: tag, attributes, text, children."""
    return (el.tag, tuple(sorted(el.attrib.items())), (el.text or "").strip(),
            tuple(shape(c) for c in el if isinstance(c.tag, str)))


def formula(c: etree._Element) -> str | None:
    f = c.find("m:f", NS)
    return None if f is None else f.text


def cached(c: etree._Element) -> str | None:
    v = c.find("m:v", NS)
    return None if v is None else v.text


def sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name -> its part, through workbook.xml and its relationships."""
    p = parts(path)
    wb = xml(p["xl/workbook.xml"])
    rels = {r.get("Id"): r.get("Target") for r in xml(p["xl/_rels/workbook.xml.rels"])}
    out = {}
    for s in wb.iter(f"{{{NS['m']}}}sheet"):
        target = rels[s.get(f"{{{NS['r']}}}id")]
        out[s.get("name")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return out


def xf_fill_rgb(styles: bytes, index: int) -> str | None:
    """The solid fill colour of a cellXfs entry (None when it has no solid fill)."""
    root = xml(styles)
    xf = root.find("m:cellXfs", NS)[index]
    fill = root.find("m:fills", NS)[int(xf.get("fillId", "0"))]
    pattern = fill.find("m:patternFill", NS)
    if pattern is None or pattern.get("patternType") != "solid":
        return None
    fg = pattern.find("m:fgColor", NS)
    return None if fg is None else fg.get("rgb")


class Run:
    """One file through `run`: the input, the output folder, the report, the copy."""

    def __init__(self, src: Path, out: Path, report):
        self.src, self.out, self.report = src, out, report
        [self.file] = report.files
        self.corrected = out / self.file.corrected if self.file.corrected else None


def run_one(src: Path, work: Path) -> Run:
    """`evalxl run` (in process, one worker) over an inbox holding a copy of ``src``."""
    from evalxl.batch import RunSettings, run
    from evalxl.profile import national

    inbox = work / "inbox"
    inbox.mkdir(parents=True)
    shutil.copyfile(src, inbox / src.name)
    report = run(RunSettings(inbox=inbox, out=work / "out", profile=national(), jobs=1, timeout=0))
    return Run(inbox / src.name, work / "out", report)


# --------------------------------------------------------------------------- hand-made packages

RAW_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def raw_book(path: Path, sheet_xml: str, *, strings: list[str] | None = None, extra: dict[str, str] | None = None,
             sheet_rels: str | None = None, overrides: dict[str, str] | None = None, workbook_rels_extra: str = "",
             sheet_name: str = "表1") -> Path:
    """A minimal .xlsx written part by part, for sheet XML no library would write (a
    prefixed namespace, shared formulas, rows without r, a calcChain …)."""
    ct_over = {
        "/xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "/xl/worksheets/sheet1.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
        "/xl/styles.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml",
    }
    if strings is not None:
        ct_over["/xl/sharedStrings.xml"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    ct_over.update(overrides or {})
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{k}" ContentType="{v}"/>' for k, v in ct_over.items()) + "</Types>"),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="191029"/></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            + ('<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
               if strings is not None else "")
            + workbook_rels_extra + "</Relationships>"),
        "xl/styles.xml": RAW_STYLES,
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    if strings is not None:
        files["xl/sharedStrings.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">'
            + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>")
    if sheet_rels is not None:
        files["xl/worksheets/_rels/sheet1.xml.rels"] = sheet_rels
    files.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(zipfile.ZipInfo(name, (2021, 5, 1, 12, 0, 0)), text.encode("utf-8"))
    return path
