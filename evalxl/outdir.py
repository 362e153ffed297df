"""OUTDIR as evalxl keeps it: one run at a time, every output staged then committed,
and a manifest of what evalxl wrote so a rerun never overwrites the user's work.

    od = Outdir(out).open()      # lock, finish or discard what a killed run left, staging
    od.staged("corrected/a.xlsx")  # where a worker writes
    od.final_name("自评汇总表.xlsx")  # the name an output will get (a new one if the
                                     # user edited ours, or put a file of theirs there)
    od.commit(outputs)           # renames staging → OUTDIR, removes our stale outputs
    od.close()                   # (abort() instead on error or Ctrl-C: OUTDIR unchanged)

What a kill at any moment leaves: before the commit journal is written, only the hidden
staging folder (removed by the next run: OUTDIR is as before); after it, the next run
finishes the commit from the journal (OUTDIR becomes complete). Files under final names
are always whole (each arrives by one rename).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterator

from . import atomic

LOCK_NAME = ".evalxl.lock"
MANIFEST_NAME = ".evalxl-manifest.json"
JOURNAL_NAME = ".evalxl-commit.json"
STAGING_PREFIX = ".evalxl-staging-"
OWN_DIRS = ("", "corrected")  # where temp files of older versions may lie


class OutputError(Exception):
    """An output (or OUTDIR itself) that cannot be written; ``message`` is Chinese."""

    def __init__(self, path: Path, message: str):
        super().__init__(message)
        self.path = Path(path)
        self.message = message


def os_error(exc: BaseException) -> OSError | None:
    """The OSError behind ``exc``: itself, or one a library wrapped (xlsxwriter's
    FileCreateError carries it in args, others chain it)."""
    seen = 0
    while exc is not None and seen < 8:
        if isinstance(exc, OSError):
            return exc
        inner = next((a for a in getattr(exc, "args", ()) if isinstance(a, OSError)), None)
        exc = inner or exc.__cause__ or exc.__context__
        seen += 1
    return None


def folder_error(folder: Path, exc: BaseException) -> str:
    """A Chinese message for an OUTDIR that cannot be created or written at all."""
    code = getattr(exc, "errno", None)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        why = "磁盘空间不足，请清理磁盘或换一个输出文件夹"
    elif code == errno.EROFS:
        why = "它所在的磁盘是只读的，请换一个输出文件夹"
    elif isinstance(exc, NotADirectoryError) or code == errno.EEXIST:
        why = "它的上级路径中有一个同名文件（不是文件夹），请换一个输出文件夹"
    elif isinstance(exc, PermissionError):
        why = "没有写入权限，请检查文件夹权限或换一个输出文件夹"
    else:
        why = getattr(exc, "strerror", None) or type(exc).__name__
    return f"无法使用输出文件夹 {folder}：{why}，本次运行未写出任何结果"


def write_error(path: Path, exc: BaseException) -> str:
    """A Chinese message for an OSError met writing ``path``: what happened and what to do."""
    name = Path(path).name
    code = getattr(exc, "errno", None)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return f"磁盘空间不足，{name} 未能写出（{path}），请清理磁盘或换一个输出文件夹后重新运行"
    if code == errno.EROFS:
        return f"输出位置所在的磁盘是只读的，{name} 未能写出（{path}），请换一个输出文件夹"
    if isinstance(exc, IsADirectoryError) or (Path(path).is_dir() and not Path(path).is_symlink()):
        return f"{path} 处已有一个同名文件夹，{name} 未能写出，请移走或改名该文件夹后重新运行"
    if isinstance(exc, NotADirectoryError):
        return f"{path} 的上级路径中有一个同名文件（不是文件夹），{name} 未能写出，请换一个输出文件夹"
    if isinstance(exc, PermissionError):
        hint = f"请先关闭 Excel 中打开的 {name}" if Path(path).suffix.lower() in (".xlsx", ".xlsm") else f"请先关闭打开 {name} 的程序"
        return f"{name} 未能写出：文件正被其他程序占用，或没有写入权限（{path}）。{hint}，或检查文件夹权限，然后重新运行"
    reason = getattr(exc, "strerror", None) or type(exc).__name__
    return f"{name} 未能写出（{path}）：{reason}"


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _record(path: Path) -> dict:
    st = path.stat()
    return {"size": st.st_size, "sha256": file_digest(path), "mtime_ns": st.st_mtime_ns}


@contextmanager
def _no_interrupt() -> Iterator[None]:
    """Ctrl-C waits until the commit is done: the renames take milliseconds, and half a
    commit is the one state that would mix old and new outputs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    hit: list[int] = []
    old = signal.signal(signal.SIGINT, lambda *_: hit.append(1))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)
    if hit:
        raise KeyboardInterrupt


class _Lock:
    """An exclusive lock on OUTDIR/.evalxl.lock (a POSIX record lock: not inherited by the
    workers, released by the kernel when the run ends however it ends)."""

    def __init__(self, path: Path):
        self.path = path
        self.fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            _lock_fd(fd)
        except OSError:
            try:
                os.lseek(fd, 0, os.SEEK_SET)
                holder = os.read(fd, 64).decode("ascii", "replace").strip()
            except OSError:  # Windows: the locked byte cannot be read
                holder = ""
            finally:
                os.close(fd)
            who = f"（进程 {holder}）" if holder.isdigit() else ""
            raise OutputError(self.path.parent, f"输出文件夹 {self.path.parent} 正被另一个 evalxl 运行使用{who}，"
                                                "本次运行未做任何更改。请等它结束后再运行，或换一个输出文件夹") from None
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, str(os.getpid()).encode())
        except OSError:
            pass  # the pid only makes the message of a second run clearer
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing releases the lock; the file stays (unlinking it races)
            self.fd = None


def _lock_fd(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        return
    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


@dataclass
class CommitReport:
    errors: list[tuple[str, str]] = field(default_factory=list)  # (output path, Chinese message)
    notes: list[str] = field(default_factory=list)  # Chinese: kept user files, removed copies


class Outdir:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.staging = self.root / f"{STAGING_PREFIX}{os.getpid()}"
        self._lock = _Lock(self.root / LOCK_NAME)
        self.manifest: dict[str, dict] = {}
        self.planned: dict[str, str] = {}  # intended rel -> final rel
        self._finals: set[str] = set()  # planned's values, and lowered (a name per run: O(1) each)
        self._taken: set[str] = set()
        self.report = CommitReport()

    # -- opening ------------------------------------------------------------------------------

    def open(self) -> "Outdir":
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self._lock.acquire()
        except OSError as exc:
            raise OutputError(self.root, folder_error(self.root, exc)) from exc
        try:
            self._recover()
            self.manifest = self._load_manifest()
            self.staging.mkdir()
        except OSError as exc:
            self._lock.release()
            raise OutputError(self.root, folder_error(self.root, exc)) from exc
        return self

    def _load_manifest(self) -> dict[str, dict]:
        try:
            data = json.loads((self.root / MANIFEST_NAME).read_text(encoding="utf-8"))
            return {str(k): v for k, v in data.get("files", {}).items() if isinstance(v, dict)}
        except (OSError, ValueError, AttributeError):
            return {}

    def _recover(self) -> None:
        """Finish a commit a killed run had started; drop staging folders and temp files."""
        journal = self.root / JOURNAL_NAME
        if journal.is_file():
            try:
                plan = json.loads(journal.read_text(encoding="utf-8"))
                self._execute(self.root / plan["staging"], plan["moves"], plan["removals"], plan["manifest"])
                self.report.notes.append("上次运行在写出结果时被中断，本次已先把它的结果写完整")
            except (ValueError, KeyError, TypeError):
                pass
            journal.unlink(missing_ok=True)
        left = list(self.root.glob(STAGING_PREFIX + "*"))
        for old in left:
            shutil.rmtree(old, ignore_errors=True)
        if left and not self.report.notes:
            self.report.notes.append("上次运行未完成就被中断，它未写出的临时结果已清理，输出文件夹保持那次运行前的状态")
        for sub in OWN_DIRS:
            folder = self.root / sub
            for tmp in folder.glob(atomic.TMP_PREFIX + "*") if folder.is_dir() else ():
                if tmp.is_file():
                    tmp.unlink(missing_ok=True)
        if (self.root / "corrected").is_dir():
            for tmp in (self.root / "corrected").rglob(atomic.TMP_PREFIX + "*"):
                if tmp.is_file():
                    tmp.unlink(missing_ok=True)

    # -- naming ---------------------------------------------------------------------------------

    def staged(self, rel: str) -> Path:
        return self.staging / rel

    def ours(self, rel: str) -> bool:
        """The file at ``rel`` is one evalxl wrote and nobody changed since."""
        rec = self.manifest.get(rel)
        path = self.root / rel
        if rec is None or not path.is_file() or path.is_symlink():
            return False
        st = path.stat()
        if st.st_size != rec.get("size"):
            return False
        if st.st_mtime_ns == rec.get("mtime_ns"):
            return True
        return file_digest(path) == rec.get("sha256")

    def final_name(self, rel: str) -> str:
        """The name the output meant for ``rel`` gets: ``rel`` itself when it is free or
        our own unchanged file, else 名称（新）, 名称（新2）… (the user's file stays)."""
        if rel in self.planned:
            return self.planned[rel]
        p = PurePosixPath(rel)
        if (self.root / rel).is_dir():  # a folder in its place: an output error at the commit, said so there
            self._plan(rel, rel)
            return rel
        candidates = (str(p.with_name(f"{p.stem}（新{'' if i == 1 else i}）{p.suffix}")) if i else rel for i in range(1000))
        for cand in candidates:
            if cand.lower() in self._taken:
                continue
            target = self.root / cand
            if not os.path.lexists(target) or self.ours(cand) or self._same(target, rel):
                break
        if cand != rel:
            self.report.notes.append(f"{rel} 在上次运行后被修改过（或不是 evalxl 写的），已原样保留；本次的结果另存为 {cand}")
        self._plan(rel, cand)
        return cand

    def _plan(self, rel: str, final: str) -> None:
        self.planned[rel] = final
        self._finals.add(final)
        self._taken.add(final.lower())

    def _same(self, target: Path, rel: str) -> bool:
        """The file there already holds exactly what this run would write (an output of a
        run before the manifest existed): replacing it loses nothing."""
        staged = self.staged(rel)
        try:
            return (target.is_file() and not target.is_symlink() and staged.is_file()
                    and target.stat().st_size == staged.stat().st_size and file_digest(target) == file_digest(staged))
        except OSError:
            return False

    # -- committing ---------------------------------------------------------------------------

    def commit(self, outputs: set[str], meant: set[str] = frozenset()) -> CommitReport:
        """Every staged file of ``outputs`` (intended names) to its final name; our unchanged
        outputs that this run did not write again are removed, except those it ``meant`` to
        write and could not (the copy of a file still in INBOX: the error says so); the
        manifest rewritten. Anything else in staging (a temp file, the copy of a worker
        killed at its time limit) is dropped with it. Errors are collected, not raised."""
        moves: list[tuple[str, str]] = []
        new_manifest: dict[str, dict] = {}
        for path in sorted(self.staging.rglob("*")):
            rel = path.relative_to(self.staging).as_posix()
            if path.is_file() and rel in outputs:
                final = self.final_name(rel)
                moves.append((rel, final))
                new_manifest[final] = _record(path)
        finals = {f for _, f in moves}
        removals = []
        for rel in self.manifest:
            if rel in finals:
                continue
            if rel in self.planned or rel in meant:  # kept as the user's (said so), or its new version failed
                if (rel in self.planned and rel not in self._finals) or not self.ours(rel):
                    continue
                new_manifest[rel] = self.manifest[rel]  # the old output stays ours: a rerun replaces it
                continue
            if self.ours(rel):
                removals.append(rel)
            elif (self.root / rel).exists():
                self.report.notes.append(f"{rel} 是 evalxl 以前写的，本次不再生成，但它已被修改过，已原样保留")
        with _no_interrupt():
            journal = self.root / JOURNAL_NAME
            plan = {"staging": self.staging.name, "moves": moves, "removals": removals, "manifest": new_manifest}
            try:
                atomic.write_text(journal, json.dumps(plan, ensure_ascii=False))
            except OSError:
                pass  # a full disk: commit without a journal rather than not at all
            self._execute(self.staging, moves, removals, new_manifest)
            journal.unlink(missing_ok=True)
        return self.report

    def _execute(self, staging: Path, moves, removals, new_manifest: dict[str, dict]) -> None:
        manifest = dict(new_manifest)
        for rel, final in moves:
            src, dst = staging / rel, self.root / final
            if not src.exists():
                continue  # moved before a kill
            try:
                dst.parent.mkdir(parents=True, exist_ok=True)
                os.replace(src, dst)
            except OSError as exc:
                manifest.pop(final, None)
                if final in self.manifest and self.ours(final):
                    manifest[final] = self.manifest[final]  # the old output stays, still ours
                self.report.errors.append((str(dst), write_error(dst, exc)))
        for rel in removals:
            path = self.root / rel
            try:
                path.unlink(missing_ok=True)
                if rel.startswith("corrected/"):
                    self.report.notes.append(f"已删除 {rel}（收件文件夹中已没有它的原件）")
                _prune(path.parent, self.root)
            except OSError as exc:
                manifest[rel] = self.manifest.get(rel, {})
                self.report.errors.append((str(path), write_error(path, exc)))
        try:
            atomic.write_text(self.root / MANIFEST_NAME, json.dumps({"version": 1, "files": manifest}, ensure_ascii=False, indent=1))
        except OSError as exc:
            self.report.errors.append((str(self.root / MANIFEST_NAME), write_error(self.root / MANIFEST_NAME, exc)))

    # -- closing ------------------------------------------------------------------------------

    def abort(self) -> None:
        """Drop everything staged: OUTDIR stays as it was before the run."""
        shutil.rmtree(self.staging, ignore_errors=True)
        self.close()

    def close(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        self._lock.release()


def _prune(folder: Path, root: Path) -> None:
    """Remove folders emptied by a removal, up to (not including) OUTDIR."""
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
