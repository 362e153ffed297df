"""`run`'s two reports, the 汇总表 and findings.json, written in one pass over the stored
results (results.ResultStore), each atomically into OUTDIR's staging folder: a file system
error (a full disk) ends that output with a Chinese message, the other still written."""

from __future__ import annotations

import contextlib
import gc
import sys
from pathlib import Path
from typing import Callable

from . import atomic
from .findings import FileResult
from .gc_pause import gc_paused
from .results import slim


def write_outputs(report, settings, od, store, summary_name: str, findings_name: str) -> list[tuple[str, str]]:
    """The 汇总表 and findings.json into the staging folder, both fed in one pass over the
    stored results, each finished (ResultStore.final_rendered); the report keeps each file slim
    (or whole with ``settings.keep_files``). What cannot be written is returned as (final
    path, Chinese message), the other output still written."""
    from .writers import findings_json
    from .writers.summary import SummaryWriter

    grades = [g.name for g in settings.profile.grades]
    # no collection while the reports are written: tens of thousands of cells and rows come
    # and go, nearly none in a cycle (~0.03 s of the run's serial tail on 300 workbooks)
    with _quiet_finalisers(), gc_paused():
        outputs = [_Output(od, summary_name, report.summary, lambda tmp: SummaryWriter(tmp, grades)),
                   _Output(od, findings_name, report.findings_json, lambda tmp: findings_json.Writer(tmp, settings.profile.name))]
        try:
            for f, made in store.final_rendered(settings.waivers):
                report.files.append(f if settings.keep_files else slim(f))
                for out in outputs:
                    out.add(f, made)
        except BaseException:
            for out in outputs:
                out.discard()
            raise
        for out in outputs:
            out.close()
        errors = [out.error for out in outputs if out.error]
        if errors:
            gc.collect()
    return errors


def rendered(result: FileResult) -> list[tuple[str, tuple]]:
    """In a worker, what the two reports make of each finding: its findings.json record
    and its 问题清单 row, the findings sorted first as the reports list them (the parent
    then only places the few findings the rules across files add)."""
    from .console import _one
    from .writers.findings_json import finding_data
    from .writers.summary_data import finding_row

    result.findings.sort(key=lambda x: x.sort_key())
    return [(_one(finding_data(x)), finding_row(x)) for x in result.findings]


class _Output:
    """One output written atomically from a writer fed file by file (``add``, ``close``);
    a file system error (a full disk) ends it with ``error`` set, the other outputs go on."""

    def __init__(self, od, name: str, final: Path, make: Callable):
        self.final, self.error, self.writer, self.done = final, None, None, False
        self._staged = atomic.atomic_path(od.staged(name))
        try:
            tmp = self._staged.__enter__()
        except Exception as exc:  # not even a temp file: nothing to drop
            self.done = True
            self._said(exc)
            return
        try:
            self.writer = make(tmp)
        except Exception as exc:
            self._fail(exc)

    def add(self, f: FileResult, made: list | None = None) -> None:
        if not self.done:
            try:
                self.writer.add(f, made)
            except Exception as exc:
                self._fail(exc)

    def close(self) -> None:
        if not self.done:
            try:
                self.writer.close()
            except Exception as exc:
                self._fail(exc)
                return
            self.done = True
            self._staged.__exit__(None, None, None)

    def discard(self, exc: BaseException | None = None) -> None:
        """Drop the temp file (on ``exc``, or on an interruption when None)."""
        if not self.done:
            self.done = True
            if self.writer is not None:
                self.writer.discard()
            exc = exc or KeyboardInterrupt()
            self._staged.__exit__(type(exc), exc, exc.__traceback__)

    def _fail(self, exc: Exception) -> None:
        self.discard(exc)
        self._said(exc)

    def _said(self, exc: Exception) -> None:
        from .outdir import os_error, write_error

        if os_error(exc) is None:
            raise exc
        self.error = (str(self.final), write_error(self.final, os_error(exc)))


@contextlib.contextmanager
def _quiet_finalisers():
    """A writer cut short by a full disk leaves a zip object whose finaliser fails again on
    the same disk: no "Exception ignored" trace for the user (the error itself is reported)."""
    hook, sys.unraisablehook = sys.unraisablehook, lambda *_: None
    try:
        yield
    finally:
        sys.unraisablehook = hook
