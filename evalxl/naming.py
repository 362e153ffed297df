"""Names of the corrected copies: the inbox's relative paths made safe on Windows and
unique (compared without case, as Windows does)."""

from __future__ import annotations

import itertools
from pathlib import PurePosixPath
from typing import Sequence

from .inbox import Entry

CORRECTED_DIR = "corrected"
WINDOWS_FORBIDDEN = str.maketrans({c: "_" for c in '<>:"|?*\\'} | {chr(i): "_" for i in range(32)})
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_REL_CHARS = 180  # corrected/<rel> under an OUTDIR must stay within Windows' 260


def safe_part(part: str) -> str:
    """One path component that Windows accepts: no forbidden characters, no trailing
    dot or space, no reserved device name (CON, NUL, COM1 …)."""
    part = part.translate(WINDOWS_FORBIDDEN).rstrip(" .") or "_"
    if part.split(".")[0].upper() in WINDOWS_RESERVED:
        part = "_" + part
    return part


def _shorten(rel: PurePosixPath, suffix: str) -> PurePosixPath:
    """A relative path too long for Windows keeps its start and a hash of the whole."""
    text = str(rel.with_suffix(suffix))
    if len(text) <= MAX_REL_CHARS:
        return rel.with_suffix(suffix)
    import hashlib  # here: its OpenSSL start costs `check` ~5 ms, for the rare long path

    digest = hashlib.sha1(str(rel).encode("utf-8")).hexdigest()[:8]
    return PurePosixPath(text[: MAX_REL_CHARS - 20].rstrip(" ./") + f"…{digest}{suffix}")


def corrected_names(entries: Sequence[Entry]) -> dict[str, str]:
    """rel -> path of its corrected copy under OUTDIR: corrected/<same relative path>, .xls
    becoming .xlsx (.xlsm stays .xlsm, .docx stays .docx), every component safe on Windows, every name unique
    (compared as Windows does, without case). A file whose name needs no change claims it
    first; the others get 名称（xls）.xlsx for a converted .xls, then 名称（2）.xlsx, （3）…"""
    out: dict[str, str] = {}
    taken: set[str] = set()
    todo = []
    for e in entries:
        if e.skipped:
            continue
        rel = PurePosixPath(e.rel)
        safe = PurePosixPath(*(safe_part(p) for p in rel.parts))
        suffix = {".xlsm": ".xlsm", ".docx": ".docx"}.get(safe.suffix.lower(), ".xlsx")  # a .docx stays a .docx
        natural = _shorten(safe, suffix)
        todo.append((str(natural) != e.rel, e, safe, suffix, natural))
    todo.sort(key=lambda t: t[0])  # stable: inbox order within each group
    for _, e, safe, suffix, natural in todo:
        # lazily: a list of 10 000 tags per file was O(files × 10 000)
        tags = itertools.chain([safe.suffix.lstrip(".").lower()] if safe.suffix.lower() != suffix else [],
                               map(str, range(2, 10_000)))
        name = natural
        for tag in tags:
            if str(name).lower() not in taken:
                break
            name = _shorten(safe.with_name(f"{safe.stem}（{tag}）{safe.suffix}"), suffix)
        taken.add(str(name).lower())
        out[e.rel] = str(PurePosixPath(CORRECTED_DIR) / name)
    return out


def fit_suffix(corrected_rel: str, fmt: str) -> str:
    """The copy's extension follows what the file is (names are chosen before reading): a
    Word document named .xlsx comes back as .docx, a workbook named .docx as .xlsx."""
    path = PurePosixPath(corrected_rel)
    is_docx = path.suffix.lower() == ".docx"
    if (fmt == "docx") == is_docx:
        return corrected_rel
    return str(path.with_suffix(".docx" if fmt == "docx" else ".xlsx"))
