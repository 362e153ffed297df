"""A batch's results without holding them all: at 10 000 workbooks the FileResults (every
finding of every file) were most of the parent's memory.

Each result is pickled to a temporary file as it comes back from the pool; in memory stay
only a light copy of each (its tables without their findings, a report's statements: what
the rules across files read, R001 and the B rules, which add their findings to the light
copies) and, once final, a slim copy (counts and codes, for the closing lines).
``ResultStore.finished`` reads a result back as finish_batch would have left it, and
``final_rendered`` all of them in order, for the writers to stream into findings.json, the
汇总表 and `check --json`.
"""

from __future__ import annotations

import dataclasses
import pickle
import sys
import tempfile
from typing import Any, Callable, Iterator, NamedTuple

from .findings import FileResult, Severity


class Slim(NamedTuple):
    """What the closing lines read of a finding: its rule and its severity."""

    code: str
    severity: Severity


def light(r: FileResult) -> FileResult:
    """The result without its findings (the rules across files read tables and statements)."""
    return dataclasses.replace(r, findings=[], waived=[], departments=[],
                               tables=[dataclasses.replace(t, findings=[]) for t in r.tables])


def brief(items) -> list[Slim]:
    return [Slim(sys.intern(x.code), x.severity) for x in items]


def slim_parts(r: FileResult) -> tuple[list[Slim], list[Slim], list]:
    """What ``slim`` keeps of a result that its light copy does not hold: its findings and
    waived reduced to (code, severity), its departments without their findings."""
    return brief(r.findings), brief(r.waived), [dataclasses.replace(d, findings=[]) for d in r.departments]


def slim(r: FileResult) -> FileResult:
    """The result as counts go: findings reduced to (code, severity), no statements, no text."""
    findings, waived, departments = slim_parts(r)
    return dataclasses.replace(r, findings=findings, waived=waived, statements=[], narrative="",
                               tables=[dataclasses.replace(t, findings=[]) for t in r.tables], departments=departments)


class Packed:
    """A worker's result as it crosses to the parent: its light copy, and the whole result
    pickled by the worker (the store writes those bytes as they came: the parent neither
    unpickles nor pickles again what only waits on disk). Read as a FileResult, it is the
    whole result, unpickled on first use (a live view, `check`'s printed report).
    ``whole`` False: what the worker made of it is all the parent will read (no blob)."""

    __slots__ = ("light", "blob", "made", "_full")

    def __init__(self, result: FileResult, render: Callable[[FileResult], Any] | None = None, whole: bool = True):
        self.light = light(result)
        # what the writers make of the result, made here in the worker: render(result) (it
        # may reorder result.findings first: the blob keeps that order); pickled apart from
        # the result, so the parent can read it back without the result
        made = render(result) if render is not None else None
        self.blob = pickle.dumps(result, pickle.HIGHEST_PROTOCOL) if whole or render is None else None
        self.made = pickle.dumps(made, pickle.HIGHEST_PROTOCOL) if render is not None else None
        self._full = None

    def __getstate__(self):
        return self.light, self.blob, self.made

    def __setstate__(self, state) -> None:
        self.light, self.blob, self.made = state
        self._full = None

    def full(self) -> FileResult:
        if self.blob is None:
            raise LookupError(f"{self.light.file}: the whole result was not kept")
        if self._full is None:
            self._full = pickle.loads(self.blob)
        return self._full

    def __getattr__(self, name: str):  # only what the slots do not hold
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.full(), name)


class Packing:
    """fn in a worker, its FileResult packed there (Packed; with ``render``, its findings
    rendered too): the parent's share of each file is then a small light copy to unpickle
    and bytes to store."""

    def __init__(self, fn: Callable, render: Callable[[FileResult], Any] | None = None,
                 whole: Callable[[FileResult], bool] | None = None):
        self.fn, self.render, self.whole = fn, render, whole  # whole(result): may the parent read it back?

    def __call__(self, *args):
        outcome = self.fn(*args)
        if isinstance(outcome, tuple):  # batch.process_file's (result, output error)
            return self._packed(outcome[0]), outcome[1]
        return self._packed(outcome)

    def _packed(self, result: FileResult) -> Packed:
        return Packed(result, self.render, self.whole is None or self.whole(result))


def _finish(full: FileResult, lt: FileResult, waivers: Any) -> None:
    """``full`` with what the rules across files gave its light copy ``lt``, as ResultStore.finished says."""
    full.findings.extend(lt.findings)
    full.findings.sort(key=lambda x: x.sort_key())
    for t, lt_t in zip(full.tables, lt.tables):
        t.findings.extend(lt_t.findings)
    if waivers is not None:
        waivers.apply(full)


class ResultStore:
    """Results by position (inbox order), pickled to a temporary file as they come."""

    def __init__(self, size: int):
        self._file = tempfile.TemporaryFile(prefix="evalxl-results-")
        self._at: list[int] = [-1] * size
        self._made_at: list[int] = [-1] * size  # where what a worker rendered of a result is (-1: none)
        self.light: list[FileResult | None] = [None] * size

    def put(self, i: int, result: FileResult | Packed) -> None:
        at = self._file.seek(0, 2)
        if isinstance(result, Packed):
            self.light[i] = result.light
            if result.blob is not None:
                self._at[i] = at
                at += self._file.write(result.blob)
            if result.made is not None:
                self._made_at[i] = at
                self._file.write(result.made)
            return
        self._at[i] = at
        pickle.dump(result, self._file, pickle.HIGHEST_PROTOCOL)
        self.light[i] = light(result)

    def load(self, i: int) -> FileResult:
        """Result ``i`` as it came, with what the batch has since noted on its light copy."""
        if not self.kept(i):
            raise LookupError(f"{self.light[i].file}: the whole result was not kept")
        self._file.seek(self._at[i])
        full = pickle.load(self._file)
        lt = self.light[i]
        full.message, full.corrected = lt.message, lt.corrected
        return full

    def kept(self, i: int) -> bool:
        """Whether result ``i`` was kept whole (load can read it)."""
        return self._at[i] >= 0

    def made(self, i: int) -> Any:
        """What a worker rendered of result ``i`` (Packing's render), without the result; None
        when it was not rendered."""
        if self._made_at[i] < 0:
            return None
        self._file.seek(self._made_at[i])
        return pickle.load(self._file)

    def lights(self) -> list[FileResult]:
        return [r for r in self.light if r is not None]

    def final_rendered(self, waivers: Any = None) -> Iterator[tuple[FileResult, list | None]]:
        """Every result in order, finished (see ``finished``), each with what its worker
        rendered of its findings (one item a finding: run_outputs.rendered), in the findings'
        final order (None for a finding added since, or for a result not rendered). The
        renderings follow their findings."""
        for i, lt in enumerate(self.light):
            if lt is None:
                continue
            full, made = self.load(i), self.made(i)
            by_finding = dict(zip(map(id, full.findings), made)) if made is not None else None
            _finish(full, lt, waivers)
            yield full, ([by_finding.get(id(x)) for x in full.findings] if by_finding is not None else None)

    def finished(self, i: int, waivers: Any = None) -> FileResult:
        """Result ``i`` finished: the findings the rules across files gave its light copy
        added (to the file, and to the table each is about), the file's findings sorted,
        then the evalxl.toml waivers applied, as finish_batch does in place."""
        full = self.load(i)
        _finish(full, self.light[i], waivers)
        return full

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "ResultStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
