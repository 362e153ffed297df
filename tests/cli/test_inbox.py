"""evalxl.inbox.discover: which files of a folder are audited, which are skipped and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from evalxl.inbox import discover


def touch(path: Path, data: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_folder_recursive_sorted_relative(tmp_path):
    touch(tmp_path / "b.xlsx")
    touch(tmp_path / "a" / "c.xls")
    touch(tmp_path / "a" / "b.XLSM")
    touch(tmp_path / "a.xlsx")
    got = [(e.rel, e.skipped) for e in discover([tmp_path])]
    assert got == [("a.xlsx", False), ("a/b.XLSM", False), ("a/c.xls", False), ("b.xlsx", False)]
    assert all(e.root == tmp_path for e in discover([tmp_path]))


def test_lock_and_other_files_are_skipped_with_a_reason(tmp_path):
    touch(tmp_path / "~$a.xlsx")
    touch(tmp_path / ".~lock.a.xlsx#")
    touch(tmp_path / "报告.docx")
    touch(tmp_path / "表.et")
    touch(tmp_path / "README")
    reasons = {e.rel: e.skip_reason for e in discover([tmp_path])}
    assert "临时锁定文件" in reasons["~$a.xlsx"] and "临时锁定文件" in reasons[".~lock.a.xlsx#"]
    assert reasons["报告.docx"] is None  # Word documents are audited (their tables, their text)
    assert "WPS 表格" in reasons["表.et"]
    assert "没有扩展名" in reasons["README"]


def test_hidden_files_and_folders_are_passed_over(tmp_path):
    touch(tmp_path / ".hidden.xlsx")
    touch(tmp_path / ".git" / "x.xlsx")
    touch(tmp_path / "ok.xlsx")
    assert [e.rel for e in discover([tmp_path])] == ["ok.xlsx"]


def test_a_named_file_is_always_audited(tmp_path):
    f = touch(tmp_path / "sub" / "data.bin")
    [e] = discover([f])
    assert not e.skipped and e.rel == "data.bin" and e.root == f.parent


def test_a_file_reached_twice_is_listed_once(tmp_path):
    f = touch(tmp_path / "a.xlsx")
    assert len(discover([tmp_path, f])) == 1


def test_missing_path(tmp_path):
    with pytest.raises(FileNotFoundError):
        discover([tmp_path / "nope"])


def test_a_folder_reached_through_a_link_and_by_name_is_listed_once(tmp_path):
    """A plain file's resolved path is the resolved folder joined with its relative path
    (no stat per file); a link is resolved on its own. Both must name the same file."""
    touch(tmp_path / "real" / "sub" / "a.xlsx")
    (tmp_path / "via").symlink_to(tmp_path / "real")
    (tmp_path / "real" / "sub" / "b.xlsx").symlink_to(tmp_path / "real" / "sub" / "a.xlsx")
    (tmp_path / "real" / "again").symlink_to(tmp_path / "real" / "sub")  # a link to a folder: not followed
    got = [(e.rel, str(e.root)) for e in discover([tmp_path / "via", tmp_path / "real"])]
    # by hand: via/sub/a.xlsx first; via/sub/b.xlsx is a link to it (the same file): dropped;
    # real/sub/a.xlsx and real/sub/b.xlsx are the same file again; via/again is not walked
    assert got == [("sub/a.xlsx", str(tmp_path / "via"))]


def test_an_inbox_nested_deeper_than_the_recursion_limit_is_listed(tmp_path):
    import inspect
    import sys

    # a low limit stands for a folder nested thousands deep: a walk that recursed once per
    # folder raised RecursionError here (os.walk does not recurse from Python 3.12)
    depth = 200
    deep = tmp_path.joinpath(*["d"] * depth)
    touch(deep / "表.xlsx")
    touch(tmp_path / "a.xlsx")
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 100)
    try:
        got = [e.rel for e in discover([tmp_path])]
    finally:
        sys.setrecursionlimit(old)
    assert got == ["a.xlsx", "d/" * depth + "表.xlsx"]
