"""Atomic output: write to a hidden temp file in the target's folder, then rename.

A run killed at any moment leaves at most a temp file (named ``.evalxl-tmp-*``), never a
half-written file under a final name; the next run removes such leftovers (outdir.Outdir).
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

TMP_PREFIX = ".evalxl-tmp-"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# A new file's mode (0666 less the umask): mkstemp's 0600 would keep an output from colleagues.
NEW_FILE_MODE = 0o666 & ~_umask()


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temp path beside ``target``; on success rename it onto ``target``."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        os.chmod(tmp_path, NEW_FILE_MODE)
    except OSError:  # a file system without modes
        pass
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def write_bytes(target: Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text(target: Path, text: str) -> None:
    write_bytes(target, text.encode("utf-8"))
