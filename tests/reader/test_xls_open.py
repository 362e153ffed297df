"""The .xls reader skips xlrd's colour bookkeeping (reader.grid.skip_xlrd_colour_check):
every .xls the tests hold opens into the same book and the same grids with it as without."""

from pathlib import Path

import pytest

from evalxl.package import open_xls
from evalxl.reader import grid as grid_module

ROOT = Path(__file__).resolve().parents[2]
XLS = sorted(p for p in [*ROOT.glob("samples/**/*.xls"), *ROOT.glob("tests/fixtures/**/*.xls")] if p.is_file())


def _plain(obj, depth=0):
    """An xlrd object's attributes as plain values, nested objects included."""
    if depth < 3 and hasattr(obj, "__dict__"):
        return {k: _plain(v, depth + 1) for k, v in sorted(vars(obj).items())}
    return obj


def _snapshot(path: Path):
    try:
        book = open_xls(path)
    except Exception as exc:  # a damaged file: it must fail the same way
        return ("error", type(exc).__name__, str(exc))
    try:
        grids = [(name, state, g.rows, g.merges) for name, state, g in grid_module.read_xls(book)]
    except Exception as exc:
        return ("grid error", type(exc).__name__)
    finally:
        book.release_resources()
    return ([_plain(xf) for xf in book.xf_list], {k: _plain(f) for k, f in book.format_map.items()},
            dict(book.colour_map), [_plain(f) for f in book.font_list], grids)


def test_there_are_xls_files_to_compare():
    assert len(XLS) >= 5


@pytest.mark.parametrize("path", XLS, ids=lambda p: p.name)
def test_an_xls_opens_alike_with_and_without_the_colour_check(path, monkeypatch):
    from xlrd import formatting

    grid_module.skip_xlrd_colour_check()
    original = grid_module.XLRD_COLOUR_CHECK[0]
    skipped = _snapshot(path)
    monkeypatch.setattr(formatting, "check_colour_indexes_in_obj", original)
    assert _snapshot(path) == skipped
