"""The worker processes `run`, `check` and the web page share.

Each worker is started with the whole task list (inherited when the platform forks), then
gets task numbers through its pipe, a few ahead so it never waits for the parent, and
sends back one result per file: one small message each way per file, where a general pool
sends the function and its arguments (the profile, the rules) with every file and
acknowledges each one. A file that overruns the time limit has its worker killed and
replaced (so one bad file cannot stall the batch), as does a worker that dies; the files
queued behind it go to the new worker. A worker is also replaced after ``RECYCLE`` files,
which gives its memory back (Python's arenas stay fragmented after thousands of files).
Results are handed on in task order, so what is built from them does not depend on jobs.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import threading
import time
from multiprocessing.connection import wait
from typing import Callable

AHEAD = 2  # files queued in a worker beyond the one it is on
RECYCLE = 400  # files per worker before it is replaced


def timed_out(timeout: float) -> str:
    return f"处理超过 {timeout:g} 秒仍未完成，已中止（文件可能过大或结构异常），其余文件照常处理"


def died(code) -> str:
    return f"处理该文件的进程异常退出（退出码 {code}，可能内存不足），其余文件照常处理"


def crashed(name: str) -> str:
    return f"处理时发生内部错误（{name}），请将此文件反馈给 evalxl 开发者"


def _serve(fn, tasks, conn, init) -> None:
    """A worker: run the numbered tasks it is sent until told to stop (None) or the parent
    is gone; each outcome goes back as (number, True, result) or (number, False, error)."""
    if init is not None:
        init()
    while True:
        try:
            i = conn.recv()
        except (EOFError, OSError):
            return
        if i is None:
            return
        try:
            outcome = (i, True, fn(*tasks[i][1]))
        except Exception as exc:
            outcome = (i, False, crashed(type(exc).__name__))
        try:
            conn.send(outcome)
        except Exception as exc:  # a result that cannot be pickled
            conn.send((i, False, crashed(type(exc).__name__)))


@contextlib.contextmanager
def _no_sigint():
    """SIGINT held back while a worker is forked (it inherits the block; the parent gets a
    Ctrl-C that came meanwhile as soon as it is over)."""
    block = getattr(signal, "pthread_sigmask", None)
    if block is None:
        yield
        return
    old = block(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        block(signal.SIG_SETMASK, old)


class _Worker:
    def __init__(self, ctx, fn, tasks, init):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(fn, tasks, child, init), daemon=True)
        with _no_sigint():  # a Ctrl-C before the worker ignores it would print its traceback
            self.process.start()
        child.close()
        self.queued: list[int] = []  # task numbers sent, in the order it runs them
        self.since = time.monotonic()  # when the first queued task started (at the latest)
        self.given = 0
        self.dead = False

    def give(self, i: int) -> None:
        if not self.queued:
            self.since = time.monotonic()
        self.queued.append(i)
        self.given += 1
        self.conn.send(i)

    def stop(self, kill: bool = False) -> None:
        if kill and self.process.is_alive():
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.process.join(timeout=None if kill else 5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class _Beside:
    """The parent's own work while the workers run (importing what it needs after the
    pool: pandas alone is ~0.4 s), in a thread so the workers are still fed their files.
    Waited for before any later fork: a child forked while an import holds its module
    locks could hang on that module. An error is left for the main thread to meet again
    when it imports the same thing."""

    def __init__(self):
        self.thread: threading.Thread | None = None

    def start(self, job: Callable) -> None:
        def quietly() -> None:
            with contextlib.suppress(Exception):
                job()

        self.thread = threading.Thread(target=quietly, name="evalxl-meanwhile", daemon=True)
        self.thread.start()

    def wait(self) -> None:
        if self.thread is not None:
            self.thread.join()
            self.thread = None


def run_tasks(fn, tasks: list[tuple], jobs: int, timeout: float, finished: Callable,
              init: Callable | None = None, context: str | None = None, meanwhile: Callable | None = None) -> None:
    """fn(*args) for every (key, args) of ``tasks`` in ``jobs`` worker processes, each
    file under ``timeout`` seconds (0: none). ``finished(key, ok, value)`` in task order:
    ``ok`` with fn's result, else a Chinese message. ``meanwhile()`` runs beside the pool
    once the workers are busy and the last planned fork is done (see ``_Beside``). On any exception here
    (Ctrl-C) the workers are ended at once and it propagates."""
    ctx = multiprocessing.get_context(context or ("fork" if "fork" in multiprocessing.get_all_start_methods() else None))
    workers: list[_Worker] = []
    ready: dict[int, tuple[bool, object]] = {}
    todo, shown = 0, 0  # the next task to give, the next to hand on
    beside = _Beside()

    def fork() -> _Worker:
        beside.wait()  # a fork never catches meanwhile() half done (an import's locks held)
        return _Worker(ctx, fn, tasks, init)

    try:
        workers = [fork() for _ in range(max(1, min(jobs, len(tasks))))]
        while shown < len(tasks):
            for w in list(workers):  # keep every worker's queue full, replace the spent ones
                if w.given >= RECYCLE and not w.queued and todo < len(tasks):
                    w.stop()
                    workers[workers.index(w)] = w = fork()
                while todo < len(tasks) and len(w.queued) <= AHEAD and w.given < RECYCLE:
                    w.give(todo)
                    todo += 1
            if meanwhile is not None and len(tasks) - todo <= min(RECYCLE - w.given for w in workers):
                # the workers are busy and none will be recycled: no later fork copies
                # what meanwhile() loads (pandas would add its pages to every new worker)
                beside.start(meanwhile)
                meanwhile = None
            _collect(workers, ready, timeout, lambda w: _replace(workers, w, fork))
            while shown in ready:
                ok, value = ready.pop(shown)
                finished(tasks[shown][0], ok, value)
                shown += 1
    except BaseException:
        for w in workers:
            w.stop(kill=True)
        raise
    for w in workers:
        w.stop()
    beside.wait()


def _collect(workers: list[_Worker], ready: dict, timeout: float, replace: Callable) -> None:
    """Wait for the next results (or the nearest deadline) and file them in ``ready``."""
    busy = [w for w in workers if w.queued]
    if not busy:
        return
    wait_for = None
    if timeout:
        wait_for = max(0.0, min(w.since for w in busy) + timeout - time.monotonic())
    ends = {w.conn: w for w in busy} | {w.process.sentinel: w for w in busy}
    for end in wait(list(ends), wait_for):
        w = ends[end]
        if end is w.conn or w.conn.poll():
            try:
                i, ok, value = w.conn.recv()
            except (EOFError, OSError):  # the worker is gone (its end of the pipe closed)
                w.dead = True
                continue
            w.queued.remove(i)
            w.since = time.monotonic()
            ready[i] = (ok, value)
    now = time.monotonic()
    for w in busy:
        if not w.queued:
            continue
        dead = w.dead or (not w.process.is_alive() and not w.conn.poll())
        late = timeout and now - w.since >= timeout
        if dead or late:
            head = w.queued[0]
            if dead:
                w.process.join(timeout=5)
            code = w.process.exitcode
            ready[head] = (False, died(code) if dead and code is not None else timed_out(timeout))
            replace(w)


def _replace(workers: list[_Worker], w: _Worker, fork: Callable) -> None:
    """Kill ``w``; a new worker takes the files queued behind the one it was on."""
    rest = w.queued[1:]
    w.stop(kill=True)
    new = fork()
    workers[workers.index(w)] = new
    for i in rest:
        new.give(i)
