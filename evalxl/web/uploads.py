"""What the browser sends, put into a job's inbox folder and nowhere else.

    Inbox(root, limits).add(name, stream)   a file (name may carry the folder's relative path)
    Inbox.unpack(zip_path, rel_dir)         a .zip of an inbox, unpacked where it was dropped

Every relative path is cleaned component by component: no absolute path, no drive letter,
no ``..``, each part made safe like the CLI's output names (naming.safe_part). A .zip is
checked from its central directory with the same bomb guards as a workbook
(package.check_zip_bomb), links in it are never created, and each member is written by us
under the inbox, so nothing can land outside it. What is refused is kept with a Chinese
reason, for the page.
"""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from ..naming import safe_part
from ..package import Limits, UnreadableFile, check_zip_bomb

CHUNK = 1024 * 1024


class UploadTooLarge(Exception):
    """The upload passed the profile's size or count limit; the message is Chinese."""


@dataclass
class Refused:
    name: str  # as sent
    reason: str  # Chinese


@dataclass
class Inbox:
    root: Path
    max_bytes: int
    max_files: int
    limits: Limits
    files: int = 0
    bytes: int = 0
    refused: list[Refused] = field(default_factory=list)

    def clean(self, name: str) -> PurePosixPath | None:
        """The safe relative path of an uploaded name, or None when it tries to leave."""
        text = name.replace("\\", "/")
        if text.startswith("/") or (len(text) > 1 and text[1] == ":"):
            return None
        parts = [p for p in text.split("/") if p not in ("", ".")]
        if not parts or ".." in parts:
            return None
        return PurePosixPath(*(safe_part(p) for p in parts))

    def _target(self, rel: PurePosixPath) -> Path | None:
        target = self.root.joinpath(*rel.parts)
        root = self.root.resolve()
        if root not in target.parent.resolve().parents and target.parent.resolve() != root:
            return None  # a folder of that name is a link: never (we make none), but check
        if target.exists():
            return None
        return target

    def _count(self, size: int) -> None:
        self.files += 1
        self.bytes += size
        if self.files > self.max_files:
            raise UploadTooLarge(f"一次最多上传 {self.max_files} 个文件（压缩包内的文件也计入），请分批审核")
        if self.bytes > self.max_bytes:
            raise UploadTooLarge(f"一次上传的文件合计不能超过 {self.max_bytes // 2**20} MB，请分批审核")

    def add(self, name: str, stream: BinaryIO) -> Path | None:
        """Copy one uploaded file under the inbox; None (and a reason kept) when refused."""
        rel = self.clean(name)
        if rel is None:
            self.refused.append(Refused(name, "文件路径含有「..」或是绝对路径，出于安全考虑已拒绝"))
            return None
        target = self._target(rel)
        if target is None:
            self.refused.append(Refused(name, "与已上传的文件同名，已跳过"))
            return None
        target.parent.mkdir(parents=True, exist_ok=True)
        written = 0
        with open(target, "wb") as out:
            while chunk := stream.read(CHUNK):
                written += len(chunk)
                if self.bytes + written > self.max_bytes:
                    out.close()
                    target.unlink()
                    self._count(written)  # raises
                out.write(chunk)
        self._count(written)
        return target

    def unpack(self, archive: Path, shown: str) -> None:
        """Unpack a .zip inbox into the folder it was dropped in, then delete the .zip."""
        base = PurePosixPath(archive.relative_to(self.root).as_posix()).parent
        try:
            with zipfile.ZipFile(archive) as zf:
                infos = zf.infolist()
                check_zip_bomb(infos, self.limits)
                for info in infos:
                    self._member(zf, info, base, shown)
        except UnreadableFile as exc:
            self.refused.append(Refused(shown, f"压缩包未解压：{exc.message}"))
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
            self.refused.append(Refused(shown, "压缩包已损坏，无法解压，请重新压缩后上传"))
        finally:
            archive.unlink(missing_ok=True)

    def _member(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo, base: PurePosixPath, shown: str) -> None:
        if info.is_dir():
            return
        name = member_name(info)
        label = f"{shown}/{name}"
        if (info.external_attr >> 16) & 0o170000 == 0o120000:
            self.refused.append(Refused(label, "压缩包内的链接，出于安全考虑未解压"))
            return
        rel = self.clean(name)
        if rel is None:
            self.refused.append(Refused(label, "压缩包内的路径含有「..」或是绝对路径，出于安全考虑未解压"))
            return
        with zf.open(info) as src:  # zipfile stops at the declared size and checks the CRC
            self.add(str(base / rel) if str(base) != "." else str(rel), src)


def member_name(info: zipfile.ZipInfo) -> str:
    """Chinese Windows writes zip names in GBK without the UTF-8 flag; zipfile then reads
    them as cp437. Give them back their Chinese."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
