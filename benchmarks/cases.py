"""The benchmark's corpora besides the samples: 200-row tables, 30-sheet workbooks and
2 MB workbooks with a picture. Each is built once per run, deterministically (a seed),
with a realistic share of errors so that `run` writes corrected copies.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"

# 200 indicator rows whose 分值 add up to the national weights: 产出 4 × 25 rows × 0.5 = 50,
# 效益 4 × 15 rows × 0.5 = 30, 满意度 40 rows × 0.25 = 10.
ROWS = {"output": (25, 0.5), "benefit": (15, 0.5), "satisfaction": (40, 0.25)}


def long_table(rng: random.Random, error_rate: float = 0.04) -> bytes:
    """A national form (evalxl template) with 200 indicator rows, some scores wrong."""
    import datetime as dt

    from evalxl.profile import load_profile
    from evalxl.template import build

    profile = load_profile(None)
    indicators: dict[str, list[dict]] = {}
    for part, (per, weight) in ROWS.items():
        for level2 in profile.level2[part]:
            rows = []
            for i in range(per):
                score = weight
                if rng.random() < error_rate:
                    score = rng.choice((weight * 2, weight - 0.1, 0))
                rows.append({"name": f"{level2[:2]}{i + 1}", "target": "≥96%", "actual": f"{rng.randint(96, 100)}%",
                             "weight": weight, "score": score, "explanation": ""})
            indicators[level2] = rows
    values = {"name": "基层医疗机构能力提升项目", "department": "某县医疗保障局", "unit": "某县医疗保障局",
              "funds": {"total": (100, 100, rng.choice((95, 100, 120))), "current": (100, 100, 95)},
              "goal": ("完成年度建设任务", "已完成"), "indicators": indicators,
              "filler": "张三", "phone": "0731-0000000", "date": dt.date(2024, 3, 1)}
    return build(profile, 2023, values)


def many_sheets(source: Path, sheets: int = 30) -> bytes:
    """A sample's first sheet copied ``sheets`` times (one project per sheet), with openpyxl."""
    import openpyxl

    wb = openpyxl.load_workbook(source)
    first = wb.worksheets[0]
    for ws in wb.worksheets[1:]:
        wb.remove(ws)
    for i in range(1, sheets):
        wb.copy_worksheet(first).title = f"项目{i + 1}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _png(size: int, rng: random.Random) -> bytes:
    """A PNG of random grey pixels, about ``size`` bytes (noise does not compress)."""
    width = 1024
    height = max(1, size // (width + 1))
    raw = b"".join(b"\x00" + rng.randbytes(width) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    head = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b"")


DRAWING = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<xdr:oneCellAnchor><xdr:from><xdr:col>12</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row>'
    '<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="3000000" cy="3000000"/>'
    '<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="签章"/><xdr:cNvPicPr/></xdr:nvPicPr>'
    '<xdr:blipFill><a:blip r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>'
    '<xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/>'
    '</xdr:oneCellAnchor></xdr:wsDr>'
)
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}</Relationships>')
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def with_picture(data: bytes, rng: random.Random, size: int = 2_000_000) -> bytes:
    """The workbook with a picture of ``size`` bytes (a scanned seal, say) on its first
    sheet: xl/media/image1.png, a drawing part, the sheet's <drawing> and their relationships."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        names = zin.namelist()
        sheet = "xl/worksheets/sheet1.xml"
        sheet_rels = "xl/worksheets/_rels/sheet1.xml.rels"
        for name in names:
            part = zin.read(name)
            if name == sheet:
                text = part.decode("utf-8")
                if 'xmlns:r="' not in text[:2000]:
                    text = text.replace("<worksheet ", f'<worksheet xmlns:r="{REL_NS}" ', 1)
                # <drawing> goes after the page setup parts and before legacyDrawing/tableParts/extLst.
                for follower in ("<legacyDrawing", "<legacyDrawingHF", "<picture", "<oleObjects", "<controls",
                                 "<webPublishItems", "<tableParts", "<extLst", "</worksheet>"):
                    if follower in text:
                        text = text.replace(follower, '<drawing r:id="rIdPic1"/>' + follower, 1)
                        break
                part = text.encode("utf-8")
            elif name == sheet_rels:
                part = part.replace(b"</Relationships>", f'<Relationship Id="rIdPic1" Type="{REL_NS}/drawing" '
                                    'Target="../drawings/drawing1.xml"/></Relationships>'.encode())
            elif name == "[Content_Types].xml":
                part = part.replace(b"</Types>", b'<Default Extension="png" ContentType="image/png"/>'
                                    b'<Override PartName="/xl/drawings/drawing1.xml" '
                                    b'ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>')
            zout.writestr(name, part)
        if sheet_rels not in names:
            zout.writestr(sheet_rels, RELS.format(f'<Relationship Id="rIdPic1" Type="{REL_NS}/drawing" '
                                                  'Target="../drawings/drawing1.xml"/>'))
        zout.writestr("xl/drawings/drawing1.xml", DRAWING)
        zout.writestr("xl/drawings/_rels/drawing1.xml.rels", RELS.format(
            f'<Relationship Id="rId1" Type="{REL_NS}/image" Target="../media/image1.png"/>'))
        zout.writestr("xl/media/image1.png", _png(size, rng))  # deflated, as Excel saves every part
    return out.getvalue()


def build_case(case: str, folder: Path, n: int, seed: int, vary) -> list[Path]:
    """N workbooks of one case in ``folder``; ``vary(data, rng)`` varies a sample's numbers."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(p for p in SAMPLES.glob("*.xlsx") if not p.name.startswith("."))
    project = [p for p in sources if "部门整体" not in p.name]
    bases: dict[Path, bytes] = {}
    paths = []
    for i in range(n):
        if case == "rows200":
            data, name = long_table(rng), "200行自评表.xlsx"
        elif case == "sheets30":
            src = project[i % len(project)]
            if src not in bases:
                bases[src] = many_sheets(src)
            data, name = vary(bases[src], rng), src.name
        elif case == "images":
            src = project[i % len(project)]
            data, name = with_picture(vary(src.read_bytes(), rng), rng), src.name
        else:
            raise ValueError(case)
        path = folder / f"{i:04d}_{name}"
        path.write_bytes(data)
        paths.append(path)
    return paths
