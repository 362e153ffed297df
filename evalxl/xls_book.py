"""Opening a legacy .xls with xlrd, for the reader and for the .xls conversion of the
corrected copy (re-exported by evalxl.package, the one place that opens input files)."""

from __future__ import annotations

import os
from pathlib import Path


class _Discard:
    """xlrd's diagnostics (odd records of a damaged .xls) go nowhere: its default is
    stdout, which `check --json` keeps for JSON alone."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


_XLRD_LOG = _Discard()


# The .xls opened last and its file's identity: the corrected copy converts the very file
# the audit read just before, in the same worker, and takes this book instead of parsing
# the file a second time. Held until taken or until the next .xls is opened.
_LAST_XLS: dict = {}


def _xls_identity(path: str | Path) -> tuple:
    st = os.stat(path)
    return os.path.abspath(path), st.st_size, st.st_mtime_ns, st.st_ino


def open_xls(path: str | Path, *, reuse: bool = False):
    """Open a legacy .xls with xlrd (formats kept, diagnostics discarded); the caller releases it
    (a released book keeps its sheets). ``reuse``: take the book last opened from this same
    file (same path, size, mtime and inode) if there is one, instead of parsing it again."""
    import xlrd

    identity = _xls_identity(path)
    if reuse and _LAST_XLS.get("identity") == identity:
        _LAST_XLS.pop("identity")
        return _LAST_XLS.pop("book")
    _LAST_XLS.clear()
    book = xlrd.open_workbook(str(path), formatting_info=True, logfile=_XLRD_LOG)
    _LAST_XLS.update(identity=identity, book=book)
    return book
