"""Fuzzing the reader and the rules with mutated sample workbooks: every case ends as a
read table or a reported file, never a traceback (an "内部错误" message is a caught
traceback, so it fails the test too).

The fast profile runs in the normal suite; the long one by hand: pytest -m fuzz
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from evalxl.pipeline import audit_file
from evalxl.profile import national

SAMPLES = sorted(p for p in (Path(__file__).resolve().parents[2] / "samples").glob("*.xlsx"))
NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
PROFILE = national()

TEXTS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["≥90%", "≤15万元", "》95", "不低于", "控制在以内", "—", "100%", "较健全", "未完成", "总分",
                     "三级指标", "项目名称", "年度资金总额", "得分", "分值", "=SUM(A1)", "1e400", "-0", "％％"]),
)
NUMBERS = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**20, 10**20))


@st.composite
def mutations(draw):
    ops = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["text", "number", "blank", "delete_row", "swap_columns", "flip_bytes"]))
        if kind == "text":
            ops.append((kind, draw(st.integers(0, 10**6)), draw(TEXTS)))
        elif kind == "number":
            ops.append((kind, draw(st.integers(0, 10**6)), draw(NUMBERS)))
        elif kind == "swap_columns":
            ops.append((kind, draw(st.integers(1, 12)), draw(st.integers(1, 12))))
        elif kind == "flip_bytes":
            ops.append((kind, draw(st.integers(0, 10**7)), draw(st.integers(1, 255))))
        else:
            ops.append((kind, draw(st.integers(0, 10**6)), None))
    return draw(st.sampled_from(SAMPLES)), ops


def _col(ref: str) -> tuple[str, str]:
    letters = "".join(ch for ch in ref if ch.isalpha())
    return letters, ref[len(letters):]


def _letter(n: int) -> str:
    return chr(64 + n)


def mutate(sample: Path, ops: list) -> bytes:
    with zipfile.ZipFile(sample) as zin:
        parts = {i.filename: zin.read(i.filename) for i in zin.infolist()}
    sheets = sorted(n for n in parts if n.startswith("xl/worksheets/sheet"))
    for kind, a, b in ops:
        if kind == "flip_bytes":
            continue
        name = sheets[a % len(sheets)]
        root = etree.fromstring(parts[name])
        cells = root.findall(f".//{NS}c")
        rows = root.findall(f".//{NS}row")
        if kind in ("text", "number", "blank") and cells:
            c = cells[a % len(cells)]
            for child in list(c):
                c.remove(child)
            c.attrib.pop("t", None)
            if kind == "text":
                c.set("t", "inlineStr")
                is_ = etree.SubElement(c, f"{NS}is")
                etree.SubElement(is_, f"{NS}t").text = "".join(ch for ch in b if ch.isprintable() or ch in "\n\t")
            elif kind == "number":
                etree.SubElement(c, f"{NS}v").text = repr(b) if isinstance(b, float) else str(b)
        elif kind == "delete_row" and rows:
            row = rows[a % len(rows)]
            row.getparent().remove(row)
        elif kind == "swap_columns":
            x, y = _letter(a), _letter(b)
            for c in cells:
                letters, num = _col(c.get("r", ""))
                if letters == x:
                    c.set("r", y + num)
                elif letters == y:
                    c.set("r", x + num)
        parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    data = bytearray(buf.getvalue())
    for kind, a, b in ops:
        if kind == "flip_bytes":
            data[a % len(data)] ^= b
    return bytes(data)


def check_case(tmp_path: Path, sample: Path, ops: list) -> None:
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(mutate(sample, ops))
    wb, result = audit_file(path, "fuzz.xlsx", PROFILE)
    assert result.status in ("ok", "no_table", "unreadable")
    assert "内部错误" not in result.message, (result.message, ops)
    if result.status == "unreadable":
        assert result.message  # a reason in Chinese


@given(case=mutations())
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_mutated_workbooks_end_read_or_reported(tmp_path, case):
    check_case(tmp_path, *case)


def check_run_case(tmp_path: Path, sample: Path, ops: list) -> None:
    """The long profile: each case through what `run` does to a file (audit, corrected
    copy) under the per-file time limit; a copy of an input openpyxl opens must open too,
    and every copy must read back (issue 14: 0 internal errors, 0 timeouts, 0 broken outputs)."""
    import signal

    import openpyxl

    from evalxl.batch import process_file

    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(mutate(sample, ops))
    out = tmp_path / "out"

    def timed_out(*_):
        raise AssertionError(("timeout", ops))

    old = signal.signal(signal.SIGALRM, timed_out)
    signal.alarm(60)  # the default per-file limit of `run`
    try:
        outcome = process_file(str(path), "fuzz.xlsx", str(out), "copy.xlsx", PROFILE, None, None)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    result = outcome[0] if isinstance(outcome, tuple) else outcome
    assert not isinstance(outcome, tuple), (outcome[1], ops)  # no output error on a healthy disk
    assert "内部错误" not in result.message, (result.message, ops)
    if not result.corrected:
        return
    copy = out / "copy.xlsx"
    try:
        openpyxl.load_workbook(path).close()
        input_opens = True
    except Exception:
        input_opens = False
    if input_opens:
        openpyxl.load_workbook(copy).close()  # raises: a copy worse than its input
    again = audit_file(copy, "copy.xlsx", PROFILE)[1]
    assert again.status != "unreadable", (again.message, ops)


@pytest.mark.fuzz
@given(case=mutations())
@settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_mutated_workbooks_long(tmp_path, case):
    check_run_case(tmp_path, *case)
