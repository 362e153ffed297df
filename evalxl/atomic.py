"""Atomic output: write to a hidden temp file in the target's folder, then rename.

A run killed at any moment leaves at most a temp file (named ``.evalxl-tmp-*``), never a
half-written file under a final name; the next run removes such leftovers (outdir.Outdir).
"""

from __future__ import annotations

import itertools
import os
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

TMP_PREFIX = ".evalxl-tmp-"


_SERIAL = itertools.count()


def _create_temp(folder: Path, suffix: str) -> tuple[Path, int]:
    """A new, empty temp file in ``folder`` (made if missing), created exclusively (as
    mkstemp does) under a name unique to this process, with a new file's mode (0666 less
    the umask: mkstemp's 0600 would keep an output from colleagues), and its open
    descriptor. mkstemp's random names and the chmod after it cost as much as writing a
    small copy."""
    made = False
    while True:
        path = folder / f"{TMP_PREFIX}{os.getpid()}-{next(_SERIAL)}{suffix}"
        try:
            return path, os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:  # a leftover of a killed run that had this process id
            continue
        except (FileNotFoundError, NotADirectoryError):
            if made:
                raise
            # the folder is made when missing, not asked for with a system call every file
            # (where it cannot be made, mkdir raises what it always raised)
            folder.mkdir(parents=True, exist_ok=True)
            made = True


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temp path beside ``target``; on success rename it onto ``target``."""
    target = Path(target)
    tmp_path, fd = _create_temp(target.parent, target.suffix)
    os.close(fd)
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_file(target: Path) -> Iterator[BinaryIO]:
    """``atomic_path`` for a writer that takes a file: the temp file as created, open for
    writing (not closed and opened again by name: a file opened is a system call and a
    path lookup); closed, then renamed onto ``target`` on success."""
    target = Path(target)
    tmp_path, fd = _create_temp(target.parent, target.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        os.replace(tmp_path, target)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def write_bytes(target: Path, data: bytes) -> None:
    with atomic_file(target) as fh:
        fh.write(data)


def write_text(target: Path, text: str) -> None:
    write_bytes(target, text.encode("utf-8"))
