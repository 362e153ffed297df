"""What a file's bytes say it is, before any reader opens it: a zip package, an OLE2
compound file (.xls, a password-protected OOXML, .doc), or something else named in Chinese.
"""

from __future__ import annotations

from pathlib import Path

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(path: Path) -> str:
    """What the file's bytes say it is: "zip", "ole2", "empty" or "other"."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if not head:
        return "empty"
    if head[:4] in ZIP_MAGIC:
        return "zip"
    if head == OLE2_MAGIC:
        return "ole2"
    return "other"


def describe_other(path: Path) -> str:
    """A Chinese guess at what a non-workbook file is, for the message ("" when unknown)."""
    with open(path, "rb") as fh:
        head = fh.read(512).lstrip().lower()
    if head.startswith(b"%pdf"):
        return "PDF 文件"
    if head.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml")) or b"<html" in head:
        return "网页（HTML/XML）文件"
    if head[:3] == b"\xff\xd8\xff" or head[:8] == b"\x89PNG\r\n\x1a\n":
        return "图片文件"
    return ""


def classify_ole2(path: Path) -> str:
    """"xls", "encrypted" (an OOXML file with a password), "doc" or "unknown"."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(s) for s in ole.listdir(streams=True, storages=True)}
    except Exception:
        return "corrupt"
    if "EncryptionInfo" in streams or "EncryptedPackage" in streams:
        return "encrypted"
    if "Workbook" in streams or "Book" in streams:
        return "xls"
    if "WordDocument" in streams:
        return "doc"
    return "unknown"
